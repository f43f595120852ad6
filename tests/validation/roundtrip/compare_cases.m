% Compares MATPOWER cases with their round trips, as MATPOWER itself loads them (loadcase).
%   compare_cases(LIST, RESULT_CSV): LIST is a text file of "original.m roundtrip.m" lines.
% For each of bus, gen, branch, gencost: the columns both hold must be identical (isequal, so
% bit for bit); columns only the round trip holds must hold MATPOWER's defaults for a case
% that lacks them (angmin/angmax -360/360, gen columns 11-21 zero, gencost zero padding);
% columns only the original holds (solved-case results such as LAM_P, PF, MU_*) are counted.
function compare_cases(list, out)
  fid = fopen(list);
  pairs = textscan(fid, '%s %s');
  fclose(fid);
  f = fopen(out, 'w');
  fprintf(f, 'case,buses,identical,max_abs_diff,result_columns_dropped,bus_names\n');
  for k = 1:numel(pairs{1})
    a = loadcase(pairs{1}{k});
    b = loadcase(pairs{2}{k});
    same = isequal(a.baseMVA, b.baseMVA);
    worst = abs(a.baseMVA - b.baseMVA);
    dropped = 0;
    for name = {'bus', 'gen', 'branch', 'gencost'}
      fn = name{1};
      if ~isfield(a, fn), continue; end
      A = a.(fn); B = b.(fn);
      if isempty(A) && isempty(B), continue; end
      n = min(size(A, 2), size(B, 2));
      same = same && isequal(size(A, 1), size(B, 1)) && isequal(A(:, 1:n), B(:, 1:n));
      if size(A, 1) == size(B, 1)
        worst = max(worst, max(max(abs(A(:, 1:n) - B(:, 1:n)))));
      end
      dropped = dropped + max(0, size(A, 2) - size(B, 2));
      if size(B, 2) > n
        same = same && extra_ok(fn, B(:, n+1:end), n);
      end
    end
    names = 'none';
    if isfield(a, 'bus_name')
      names = 'differ';
      if isfield(b, 'bus_name') && isequal(strtrim(a.bus_name(:)), strtrim(b.bus_name(:)))
        names = 'same';
      end
    end
    fprintf(f, '%s,%d,%d,%.3g,%d,%s\n', pairs{1}{k}, size(a.bus, 1), same, worst, dropped, names);
  end
  fclose(f);
end

function ok = extra_ok(fn, X, n)
  switch fn
    case 'branch'   % columns 12-13 (angmin, angmax) when the original stops at 11
      d = [-360 360];
      ok = n == 11 && size(X, 2) == 2 && all(X(:, 1) == d(1)) && all(X(:, 2) == d(2));
    otherwise       % gen columns 11-21, gencost padding
      ok = all(X(:) == 0);
  end
end
