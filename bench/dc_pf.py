"""DC power flow: gat against PYPOWER, pandapower and lightsim2grid, side by side in one run.

Every tool reads the same MATPOWER case and solves B' theta = P (MATPOWER's rundcpf). Times:
  solve   the best of --repeat solves, case already loaded (peers: peers.py; gat: bench_dc_pf,
          "cold" = topology + B' assembly + KLU analyze/factor/solve + flows from scratch each
          time, "warm" = another solve on the kept factorization, as in a batch of hours)
  e2e     one cold end-to-end run: gat: the `gat pf dc CASE -o DIR` process (read, solve,
          write four Parquet tables); peers: load + first solve + results read back
Ratio = peer time / gat time (> 1: gat is faster). Angles are compared against PYPOWER's.

    $(bench/setup --print-venv)/bin/python bench/dc_pf.py --build build/release
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

CASES = ("case9241pegase", "case13659pegase")
PEERS = {"PYPOWER": peers.pypower_dc, "pandapower": peers.pandapower_dc,
         "lightsim2grid": peers.lightsim_dc}


def gat_run(build: str, case: str, repeat: int) -> dict:
    timing = subprocess.run([os.path.join(build, "bench", "bench_dc_pf"), case, str(repeat)],
                            check=True, capture_output=True, text=True)
    out = json.loads(timing.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        runs = os.path.join(tmp, "runs")  # the run records, not kept
        t0 = time.perf_counter()
        subprocess.run([os.path.join(build, "apps", "gat", "gat"), "pf", "dc", case, "-o",
                        os.path.join(tmp, "out"), "--runs-dir", runs],
                       check=True, capture_output=True)
        out["e2e_s"] = time.perf_counter() - t0
        # The angles for the agreement check, as CSV (the peers' environment has no pyarrow).
        csv = subprocess.run([os.path.join(build, "apps", "gat", "gat"), "pf", "dc", case, "-o",
                              "-", "--table", "bus", "--runs-dir", runs], check=True,
                             capture_output=True, text=True).stdout
    import io

    import pandas as pd

    bus = pd.read_csv(io.StringIO(csv))
    out["va_deg"] = dict(zip(bus["bus_id"], bus["va_deg"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", help="gat build folder")
    ap.add_argument("--cases", nargs="+", default=list(CASES))
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()

    peers.warm_up()
    print(f"load average {os.getloadavg()[0]:.1f}; {peers.versions()}")
    print(f"{'case':16} {'tool':14} {'solve ms':>9} {'e2e s':>7} {'ratio cold':>11} {'ratio warm':>11} "
          f"{'e2e ratio':>10} {'max |dVa| deg':>14}")
    for case in args.cases:
        g = gat_run(args.build, case, args.repeat)
        print(f"{case:16} {'gat (cold)':14} {1e3 * g['solve_min_s']:9.2f} {g['e2e_s']:7.2f}")
        print(f"{case:16} {'gat (warm)':14} {1e3 * g['resolve_min_s']:9.2f}")
        for name, fn in PEERS.items():
            r = fn(case, repeat=args.repeat)
            if not r.converged:
                print(f"{case:16} {name:14} failed: {r.note}")
                continue
            ours = np.array([g["va_deg"][int(b)] for b in r.bus_ids])
            dva = np.max(np.abs(ours - r.va_deg))
            print(f"{case:16} {name:14} {1e3 * r.best_solve_s:9.2f} {r.total_s:7.2f} "
                  f"{r.best_solve_s / g['solve_min_s']:11.1f} {r.best_solve_s / g['resolve_min_s']:11.0f} "
                  f"{r.total_s / g['e2e_s']:10.1f} {dva:14.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
