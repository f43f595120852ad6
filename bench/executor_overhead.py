#!/usr/bin/env python3
"""Per-chunk overhead of each executor, with one worker so that nothing overlaps.

  empty  chunks that compute and write nothing        (gat batch noop --rows 0)
  tiny   chunks that write one 10-row Parquet file    (gat batch noop --rows 10)
  real   one hour of DC power flow on REAL_CASE each  (gat batch pf dc --chunk-hours 1)

Overhead per chunk = (T(N chunks) - T(0 chunks)) / N for empty and tiny chunks; for real chunks
it is (T(executor) - T(local)) / N: what running each chunk in a process of its own adds.
Everything is counted: planning, the run record (fsync'ed after every chunk), progress lines.
Both wall time (best of REPS) and CPU time (user + system of gat and all its descendants) are
reported: on a busy machine wall time is inflated by waiting for a core, CPU time is not.

  bench/executor_overhead.py [GAT]      env: N=200 REPS=3 REAL_CASE=case2383wp REAL_HOURS=48
"""
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

here = Path(__file__).resolve().parent
GAT = sys.argv[1] if len(sys.argv) > 1 else str(here.parent / "build/dev/apps/gat/gat")
N = int(os.environ.get("N", 200))
REPS = int(os.environ.get("REPS", 3))
REAL_CASE = os.environ.get("REAL_CASE", "case2383wp")
REAL_HOURS = int(os.environ.get("REAL_HOURS", 48))

work = Path(tempfile.mkdtemp(prefix="gat-overhead-"))


def measure(args):
    """(best wall seconds, CPU seconds of that run) over REPS runs."""
    best = None
    for _ in range(REPS):
        shutil.rmtree(work / "runs", ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([GAT, *args, "--runs-dir", work / "runs", "-o", work / "out",
                        "--log-format", "json"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if best is None or wall < best[0]:
            best = (wall, cpu)
    return best


def main():
    profile = work / "hours.csv"
    profile.write_text("hour,scale\n" + "".join(
        f"{h},{0.75 + 0.2 * math.sin(2 * math.pi * h / 24):.6f}\n" for h in range(REAL_HOURS)))
    executors = {
        "local": ["--executor", "local", "--threads", "1"],
        "process (fork-server)": ["--executor", "process", "--max-procs", "1",
                                  "--process-launch", "fork-server"],
        "process (spawn)": ["--executor", "process", "--max-procs", "1",
                            "--process-launch", "spawn"],
    }
    load = open("/proc/loadavg").read().split()[:3]
    print(f"gat executor overhead: {os.cpu_count()} cores, load {' '.join(load)}, "
          f"N={N}, best of {REPS}; ms per chunk, wall (CPU)")
    print(f"| executor | empty chunk | tiny chunk (1 file) | real chunk ({REAL_CASE}, 1 h) |")
    print("|---|---|---|---|")
    reference = None
    for name, ex in executors.items():
        row = f"| {name} |"
        for rows in (0, 10):
            w0, c0 = measure(["batch", "noop", "--items", "0", "--rows", str(rows), *ex])
            wn, cn = measure(["batch", "noop", "--items", str(N), "--rows", str(rows), *ex])
            row += f" {1e3 * (wn - w0) / N:.2f} ({1e3 * (cn - c0) / N:.2f}) |"
        w, c = measure(["batch", "pf", "dc", REAL_CASE, "--profile", str(profile),
                        "--chunk-hours", "1", *ex])
        per = (1e3 * w / REAL_HOURS, 1e3 * c / REAL_HOURS)
        if reference is None:
            reference = per
            row += f" {per[0]:.1f} ({per[1]:.1f}) per chunk |"
        else:
            row += (f" {per[0]:.1f} ({per[1]:.1f}) per chunk: +{per[0] - reference[0]:.1f} "
                    f"(+{per[1] - reference[1]:.1f}) over local |")
        print(row, flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
