% MATPOWER side of the PSS/E validation, called from run_validation.py through octave-cli.
%   mp_tools('runpf', CASE_M, OUT_CSV)          Newton power flow (MATPOWER defaults), bus results
%   mp_tools('runpf_qlim', CASE_M, OUT_CSV)     the same with generator Q limits enforced
%   mp_tools('save2psse', CASE_NAME, OUT_RAW)   MATPOWER's own RAW (rev 33) writer
%   mp_tools('psse2mpc', RAW, OUT_M)            MATPOWER's own RAW reader, saved as a case file
function mp_tools(what, a, b)
  mpopt = mpoption('verbose', 0, 'out.all', 0, 'pf.tol', 1e-10);
  switch what
    case {'runpf', 'runpf_qlim'}
      if strcmp(what, 'runpf_qlim')
        mpopt = mpoption(mpopt, 'pf.enforce_q_lims', 1);
      end
      r = runpf(loadcase(a), mpopt);
      if ~r.success
        error('runpf did not converge on %s', a);
      end
      f = fopen(b, 'w');
      fprintf(f, 'bus,vm_pu,va_deg\n');
      fprintf(f, '%d,%.12g,%.12g\n', [r.bus(:, 1) r.bus(:, 8) r.bus(:, 9)]');
      fclose(f);
    case 'save2psse'
      save2psse(b, loadcase(a));
    case 'psse2mpc'
      mpc = psse2mpc(a, 0);
      savecase(b, mpc);
  end
end
