function gat_make_refs(study, study_dir, worker)
% gat_make_refs - MATPOWER reference results for gat's validation tests (one worker).
%
%   gat_make_refs(STUDY, STUDY_DIR, WORKER)
%
% Runs STUDY ('catalog', 'dcpf', 'acpf', 'acpf_qlim', 'sens', 'dcopf', 'dcopf_hours' or 'acopf')
% on every case
% named in STUDY_DIR/cases.txt and writes STUDY_DIR/<case>/*.csv (and *.bin for 'sens').
% Several workers may share one STUDY_DIR: a worker claims a case by hard-linking a token file
% to STUDY_DIR/.claims/<case> (link(2) fails if the name exists, so a claim is atomic) and skips
% cases another worker claimed. summary.csv is written last, so a case folder without it is
% incomplete. Cases are independent: a MATPOWER error is recorded in summary.csv (success 0,
% error message) and the worker moves on. Called by tests/validation/make_refs; not by hand.
%
% Everything is MATPOWER's own result in its external ordering (bus rows, branch rows and
% generator rows exactly as in the case file), numbers written with '%.17g'.

  if ischar(worker)
    worker = str2double(worker);
  end
  cases = read_lines(fullfile(study_dir, 'cases.txt'));
  claims = fullfile(study_dir, '.claims');
  token = fullfile(claims, sprintf('.token%d', worker));
  [~] = mkdir(claims);
  fid = fopen(token, 'w');
  fclose(fid);

  for k = 1:numel(cases)
    name = cases{k};
    [err, ~] = link(token, fullfile(claims, name));
    if err ~= 0
      continue;  % another worker has it
    end
    case_dir = fullfile(study_dir, name);
    [~] = mkdir(case_dir);
    t0 = tic;
    run_one(study, name, case_dir);
    printf('[worker %d] %s %s %.2f s\n', worker, study, name, toc(t0));
    fflush(stdout);
  end
end

function run_one(study, name, case_dir)
  lastwarn('');
  s = struct();
  try
    mpc = load_case(study, name, case_dir);
    switch study
      case 'catalog'
        s = catalog(mpc);
      case 'dcpf'
        s = dcpf(mpc, case_dir);
      case {'acpf', 'acpf_qlim'}
        s = acpf(mpc, case_dir, strcmp(study, 'acpf_qlim'));
      case 'sens'
        s = sens(mpc, case_dir);
      case 'dcopf'
        s = dcopf(mpc, case_dir);
      case 'dcopf_hours'
        s = dcopf_hours(mpc, case_dir);
      case 'acopf'
        s = acopf(mpc, case_dir);
      otherwise
        error('gat_make_refs: unknown study ''%s''', study);
    end
    s.error = '';
  catch e
    s = default_summary(study);
    s.error = e.message;
  end
  s.warning = lastwarn();
  write_summary(fullfile(case_dir, 'summary.csv'), s);
end

% MATPOWER's loadcase, once: the catalog saves what it returns in Octave's binary format (exact
% for doubles) and the studies load that, because parsing the large .m files is most of the
% time of a DC power flow. Outside the timed section either way.
function mpc = load_case(study, name, case_dir)
  if strcmp(study, 'catalog')
    mpc = loadcase(name);
    save('-binary', fullfile(case_dir, 'mpc.bin.tmp'), 'mpc');
    movefile(fullfile(case_dir, 'mpc.bin.tmp'), fullfile(case_dir, 'mpc.octbin'));
  else
    saved = fullfile(fileparts(fileparts(case_dir)), 'catalog', name, 'mpc.octbin');
    if exist(saved, 'file')
      mpc = loadcase(getfield(load(saved), 'mpc'));
    else
      mpc = loadcase(name);
    end
  end
end

% Default (failure) summary of each study, so every summary.csv of a study has the same columns.
function s = default_summary(study)
  nan = NaN;
  switch study
    case 'catalog'
      s = struct('n_bus', nan, 'n_branch', nan, 'n_gen', nan);
    case 'dcpf'
      s = struct('success', 0, 'elapsed_s', nan);
    case {'acpf', 'acpf_qlim'}
      s = struct('success', 0, 'iterations', nan, 'elapsed_s', nan);
    case 'sens'
      s = struct('success', 0, 'elapsed_s', nan, 'n_bus', nan, 'n_branch', nan, 'slack_bus', nan);
    case 'dcopf'
      s = struct('success', 0, 'f', nan, 'elapsed_s', nan, 'solver', '', 'note', '');
    case 'dcopf_hours'
      s = struct('success', 0, 'hours', nan, 'elapsed_s', nan, 'solver', '');
    case 'acopf'
      s = struct('success', 0, 'f', nan, 'iterations', nan, 'elapsed_s', nan, 'solver', '');
  end
end

function s = catalog(mpc)
  s = default_summary('catalog');
  s.n_bus = size(mpc.bus, 1);
  s.n_branch = size(mpc.branch, 1);
  s.n_gen = size(mpc.gen, 1);
end

function mpopt = quiet_options()
  mpopt = mpoption('verbose', 0, 'out.all', 0);
end

% rundcpf, default options.
function s = dcpf(mpc, case_dir)
  c = columns();
  s = default_summary('dcpf');
  t0 = tic;
  r = rundcpf(mpc, quiet_options());
  s.elapsed_s = toc(t0);
  s.success = r.success;
  write_csv(fullfile(case_dir, 'bus.csv'), {'bus_i', 'va_deg'}, r.bus(:, [c.BUS_I c.VA]));
  write_csv(fullfile(case_dir, 'branch.csv'), {'row', 'pf_mw', 'pt_mw'}, ...
            [rows(r.branch) r.branch(:, [c.PF c.PT])]);
  write_csv(fullfile(case_dir, 'gen.csv'), {'row', 'pg_mw'}, [rows(r.gen) r.gen(:, c.PG)]);
end

% runpf, Newton-Raphson, pf.tol 1e-8, other options at MATPOWER's defaults.
function s = acpf(mpc, case_dir, enforce_q_lims)
  c = columns();
  s = default_summary('acpf');
  mpopt = mpoption(quiet_options(), 'pf.alg', 'NR', 'pf.tol', 1e-8, ...
                   'pf.enforce_q_lims', double(enforce_q_lims));
  t0 = tic;
  r = runpf(mpc, mpopt);
  s.elapsed_s = toc(t0);
  s.success = r.success;
  s.iterations = r.iterations;
  write_csv(fullfile(case_dir, 'bus.csv'), {'bus_i', 'vm_pu', 'va_deg', 'type'}, ...
            r.bus(:, [c.BUS_I c.VM c.VA c.BUS_TYPE]));
  write_csv(fullfile(case_dir, 'gen.csv'), {'row', 'pg_mw', 'qg_mvar', 'status'}, ...
            [rows(r.gen) r.gen(:, [c.PG c.QG c.GEN_STATUS])]);
  write_csv(fullfile(case_dir, 'branch.csv'), {'row', 'pf_mw', 'qf_mvar', 'pt_mw', 'qt_mvar'}, ...
            [rows(r.branch) r.branch(:, [c.PF c.QF c.PT c.QT])]);
end

% makePTDF (slack = reference bus) and makeLODF on MATPOWER's internal ordering, as both
% require: ext2int drops out-of-service branches and isolated buses and renumbers buses
% 1..nb. bus_order.csv and branch_order.csv map internal indices back to the case file.
% Matrices are raw little-endian float64, column-major (Fortran order), sizes in dims.csv.
function s = sens(mpc, case_dir)
  c = columns();
  s = default_summary('sens');
  mpci = ext2int(mpc);
  t0 = tic;
  ptdf = full(makePTDF(mpci));
  lodf = full(makeLODF(mpci.branch, ptdf));
  s.elapsed_s = toc(t0);
  s.success = 1;
  s.n_bus = size(mpci.bus, 1);
  s.n_branch = size(mpci.branch, 1);
  ref = find(mpci.bus(:, c.BUS_TYPE) == c.REF);
  s.slack_bus = mpci.order.bus.i2e(mpci.bus(ref(1), c.BUS_I));
  write_bin(fullfile(case_dir, 'ptdf.bin'), ptdf);
  write_bin(fullfile(case_dir, 'lodf.bin'), lodf);
  fid = fopen(fullfile(case_dir, 'dims.csv'), 'w');
  fprintf(fid, 'name,rows,cols\nptdf,%d,%d\nlodf,%d,%d\n', size(ptdf), size(lodf));
  fclose(fid);
  nb = size(mpci.bus, 1);
  write_csv(fullfile(case_dir, 'bus_order.csv'), {'index', 'bus_i'}, ...
            [(1:nb)' mpci.order.bus.i2e(mpci.bus(:, c.BUS_I))]);
  on = mpci.order.branch.status.on;
  write_csv(fullfile(case_dir, 'branch_order.csv'), {'index', 'row'}, ...
            [(1:numel(on))' on(:)]);
end

% rundcopf, default options: MATPOWER picks the solver, under Octave GLPK (built in) for LPs
% and MIPS for QPs. GLPK fails on some feasible LPs (case2869pegase: GLP_EFAIL), so when it
% fails the case is solved again with MIPS and, if MIPS succeeds, that result is recorded with
% a note: a reference should be the optimum, not one solver's failure.
function s = dcopf(mpc, case_dir)
  c = columns();
  s = default_summary('dcopf');
  mpopt = quiet_options();
  t0 = tic;
  r = rundcopf(mpc, mpopt);
  s.elapsed_s = toc(t0);
  s.solver = solver_of(r);
  if ~r.success && strcmp(s.solver, 'GLPK')
    t0 = tic;
    r2 = rundcopf(mpc, mpoption(mpopt, 'opf.dc.solver', 'MIPS'));
    if r2.success
      s.note = sprintf('default solver GLPK failed (errnum %d, status %d); MIPS result', ...
                       r.raw.output.errnum, r.raw.output.status);
      r = r2;
      s.elapsed_s = toc(t0);
      s.solver = solver_of(r);
    end
  end
  s.success = r.success;
  s.f = r.f;
  write_csv(fullfile(case_dir, 'bus.csv'), {'bus_i', 'va_deg', 'lam_p'}, ...
            r.bus(:, [c.BUS_I c.VA c.LAM_P]));
  write_csv(fullfile(case_dir, 'gen.csv'), {'row', 'pg_mw'}, [rows(r.gen) r.gen(:, c.PG)]);
  write_csv(fullfile(case_dir, 'branch.csv'), {'row', 'pf_mw', 'mu_sf', 'mu_st'}, ...
            [rows(r.branch) r.branch(:, [c.PF c.MU_SF c.MU_ST])]);
end

% rundcopf of the case with every bus's active load scaled, one scale per hour, as gat's
% rolling DC-OPF (--profile) states an hour. hours.csv lists the hours (hour, scale, success,
% f); bus_<hour>.csv (bus_i, lam_p) and gen_<hour>.csv (row, pg_mw) their results.
% MIPS runs to 1e-10 (its default is 1e-6) so that prices are good to better than 1e-6
% relative. The scales include loads on which HiGHS 1.16's active-set QP solver fails on
% case118 (0.61, 0.72, 1.01, 1.07) and case30 (0.70), so gat's fallback is compared too.
function s = dcopf_hours(mpc, case_dir)
  c = columns();
  s = default_summary('dcopf_hours');
  scales = [0.61 0.70 0.72 0.83 1.00 1.01 1.07];
  mpopt = mpoption(quiet_options(), 'opf.dc.solver', 'MIPS', 'mips.feastol', 1e-10, ...
                   'mips.gradtol', 1e-10, 'mips.comptol', 1e-10, 'mips.costtol', 1e-10);
  n = numel(scales);
  table = zeros(n, 4);
  t0 = tic;
  for h = 1:n
    m = mpc;
    m.bus(:, c.PD) = m.bus(:, c.PD) * scales(h);
    r = rundcopf(m, mpopt);
    table(h, :) = [h - 1, scales(h), r.success, r.f];
    write_csv(fullfile(case_dir, sprintf('bus_%d.csv', h - 1)), {'bus_i', 'lam_p'}, ...
              r.bus(:, [c.BUS_I c.LAM_P]));
    write_csv(fullfile(case_dir, sprintf('gen_%d.csv', h - 1)), {'row', 'pg_mw'}, ...
              [rows(r.gen) r.gen(:, c.PG)]);
  end
  s.elapsed_s = toc(t0);
  write_csv(fullfile(case_dir, 'hours.csv'), {'hour', 'scale', 'success', 'f'}, table);
  s.success = double(all(table(:, 3) == 1));
  s.hours = n;
  s.solver = solver_of(r);
end

% runopf, default options (MIPS).
function s = acopf(mpc, case_dir)
  c = columns();
  s = default_summary('acopf');
  t0 = tic;
  r = runopf(mpc, quiet_options());
  s.elapsed_s = toc(t0);
  s.success = r.success;
  s.f = r.f;
  s.solver = solver_of(r);
  if isfield(r, 'raw') && isfield(r.raw, 'output') && isfield(r.raw.output, 'iterations')
    s.iterations = r.raw.output.iterations;
  end
  write_csv(fullfile(case_dir, 'bus.csv'), {'bus_i', 'vm_pu', 'va_deg', 'lam_p', 'lam_q'}, ...
            r.bus(:, [c.BUS_I c.VM c.VA c.LAM_P c.LAM_Q]));
  write_csv(fullfile(case_dir, 'gen.csv'), {'row', 'pg_mw', 'qg_mvar'}, ...
            [rows(r.gen) r.gen(:, [c.PG c.QG])]);
  write_csv(fullfile(case_dir, 'branch.csv'), ...
            {'row', 'pf_mw', 'qf_mvar', 'pt_mw', 'qt_mvar', 'mu_sf', 'mu_st'}, ...
            [rows(r.branch) r.branch(:, [c.PF c.QF c.PT c.QT c.MU_SF c.MU_ST])]);
end

function name = solver_of(r)
  name = '';
  if isfield(r, 'raw') && isfield(r.raw, 'output') && isfield(r.raw.output, 'alg')
    name = r.raw.output.alg;
  end
end

% Column numbers by MATPOWER's own names (idx_bus, idx_gen, idx_brch return them in this order).
function c = columns()
  [~, ~, c.REF, ~, c.BUS_I, c.BUS_TYPE, c.PD, ~, ~, ~, ~, c.VM, c.VA, ~, ~, ~, ~, c.LAM_P, ...
   c.LAM_Q] = idx_bus;
  [~, c.PG, c.QG, ~, ~, ~, ~, c.GEN_STATUS] = idx_gen;
  [~, ~, ~, ~, ~, ~, ~, ~, ~, ~, ~, c.PF, c.QF, c.PT, c.QT, c.MU_SF, c.MU_ST] = idx_brch;
end

% ---- writers -------------------------------------------------------------------------------

function r = rows(m)
  r = (1:size(m, 1))';
end

function write_csv(file, names, data)
  fid = fopen(file, 'w');
  if fid < 0
    error('gat_make_refs: cannot write %s', file);
  end
  fprintf(fid, '%s\n', strjoin(names, ','));
  data(isnan(data)) = NaN;  % Octave's NA (missing) prints as 'NA'; write every NaN as 'NaN'
  fmt = [strjoin(repmat({'%.17g'}, 1, numel(names)), ','), '\n'];
  fprintf(fid, fmt, data.');
  fclose(fid);
end

function write_bin(file, m)
  fid = fopen(file, 'w', 'ieee-le');
  if fid < 0
    error('gat_make_refs: cannot write %s', file);
  end
  fwrite(fid, m, 'float64');  % column-major, as MATLAB stores it
  fclose(fid);
end

% One header line, one value line; text fields are quoted (RFC 4180), numbers '%.17g'.
function write_summary(file, s)
  names = fieldnames(s);
  cells = cell(1, numel(names));
  for k = 1:numel(names)
    v = s.(names{k});
    if ischar(v)
      v = regexprep(v, '[\r\n]+', ' ');
      cells{k} = ['"', strrep(v, '"', '""'), '"'];
    elseif isempty(v) || isnan(v(1))
      cells{k} = 'NaN';
    else
      cells{k} = sprintf('%.17g', double(v(1)));
    end
  end
  fid = fopen(file, 'w');
  if fid < 0
    error('gat_make_refs: cannot write %s', file);
  end
  fprintf(fid, '%s\n%s\n', strjoin(names', ','), strjoin(cells, ','));
  fclose(fid);
end

function lines = read_lines(file)
  text = fileread(file);
  lines = strsplit(strtrim(text), sprintf('\n'));
  lines = lines(~cellfun(@isempty, strtrim(lines)));
  lines = cellfun(@strtrim, lines, 'UniformOutput', false);
end
