function mpc = syntax()
%{
a block comment
%}
fixed = 0;
mpc.baseMVA = 50/3;
mpc.bus = [
  1, 3, 0, 0, 0, 0, 1, 1, 0, 135/sqrt(3), 1, 1.1, 0.9; 2 1 .5 1e-3 0 0 1 1 -2 12 1 ...
     1.1 0.9
  3 1 1E+2 -.25 0 0 1 1 1 - 2 12 1 1.1 0.9  % no semicolon
];
mpc.gen = [1 10 0 Inf -Inf 1 100 1 200 -Inf; 2 5 0 10 -10 1 100 0 20 0];
mpc.branch = [1 2 0.01 0.1 0 0 0 0 0 0 1; 2 3 0.02 0.2 0 0 0 0 0.98 -3 1;];
mpc.gencost = [1 0 0 2 0 0 100 4000; 2 0 0 2 1 0 0 0];
mpc.bus_name = {
	'one';
	'it''s two';
	"three";
};
mpc.gentype = {'ST'; 'CT'};
mpc.areas = [1 5; 2 7];
mpc.dcline = [1 2 1 10 9 0 0 1 1 -100 100 -Inf Inf -Inf Inf 0 0];
if fixed
  k = find(isinf(mpc.gen(:, 4)) & isinf(mpc.gen(:, 5)));
  mpc.gen(k, 10) = mpc.gen(k, 2);
elseif 1
end
if fixed == 0 && 2 > 1, mpc.bus(2, 3) = 20; else, mpc.bus(2, 3) = 30; end
end
