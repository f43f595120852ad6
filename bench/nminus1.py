#!/usr/bin/env python3
"""N-1 DC screening, gat against its peers in one run; prints a report and writes JSON.

    $(bench/setup --print-venv)/bin/python bench/nminus1.py [--cases case_ACTIVSg10k case13659pegase]
        [--hours 1 168] [--threads 2] [--ac-sample 200] [--numpy-hours 4] [--json out.json]

Every peer screens every in-service branch as a single outage against every rated branch
(rate A, 100 %), for 1 and for 168 hours of the same load profile (loads and generation scaled
by a daily sine, 0.8 ... 1.05; gat_nminus1_bench.cpp and numpy_hourly_p below agree):

- gat: build/<preset>/bench/gat_nminus1_bench (LODF tiles + fused check; pruning on, and off
  once for the bandwidth figure); --ac N times gat's AC verification of N outages.
- lightsim2grid ContingencyAnalysisCPP, DC: one refactorization and solve per outage, then
  compute_power_flows() (the limit check on its flows is not timed: it would only add to its
  time). It has no notion of hours: 168 hours are 168 runs, so its 168-hour time is 168 × its
  1-hour time (marked "x168").
- lightsim2grid ContingencyAnalysisCPP, AC (Newton, KLU) on the first --ac-sample outages of its
  list: time per contingency, against gat's AC verification per contingency.
- PYPOWER + numpy: makePTDF (PYPOWER, dense), LODF columns in chunks (makeLODF's formula),
  post = F + LODF * F_k and |post| > rate per hour with numpy. The check is timed on
  --numpy-hours hours and scaled to 168 (marked); PTDF/LODF are timed once.
- the machine's copy bandwidth (build/<preset>/bench/gat_stream_copy): the roofline for the
  memory-bound part, the fused check.

Wall and CPU (process_time / getrusage) are both reported: this machine may be shared, and CPU
time is the steadier measure of work done.
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

import peers

HERE = os.path.dirname(os.path.abspath(__file__))


def tool(build, name):
    path = os.path.join(HERE, "..", "build", build, "bench", name)
    if not os.path.exists(path):
        sys.exit(f"nminus1.py: {path} not found: cmake --build --preset {build}")
    return path


def json_lines(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def stream_copy(build, threads):
    rows = json_lines([tool(build, "gat_stream_copy"), "512", str(threads)])
    return {r["threads"]: r["copy_gb_s"] for r in rows}


def gat_dc(build, case, hours, threads, prune=True, ac=0, repeat=1):
    cmd = [tool(build, "gat_nminus1_bench"), case, "--hours", str(hours), "--threads", str(threads),
           "--repeat", str(repeat)]
    if not prune:
        cmd.append("--no-prune")
    if ac:
        cmd += ["--ac", str(ac)]
    return json_lines(cmd)[0]


def daily_scale(hours):
    h = np.arange(hours)
    return 0.925 + 0.125 * np.sin(2 * np.pi * ((h % 24) - 6) / 24.0)


def cpu_now():
    return time.process_time()


# --- lightsim2grid ----------------------------------------------------------------------------

def lightsim_dc(case, threads):
    """DC contingency analysis of every branch, then its flows."""
    from lightsim2grid.contingencyAnalysis import ContingencyAnalysisCPP
    model = peers.lightsim_load(case)
    grid, ppc = model["grid"], model["ppc"]
    ca = ContingencyAnalysisCPP(grid)
    ca.change_algorithm(grid.get_dc_algo_type())
    ca.nb_thread = threads
    ca.add_all_n1()
    t0, c0 = time.perf_counter(), cpu_now()
    ca.compute(peers._lightsim_v0(grid, ppc), peers.MAX_IT, peers.PF_TOL_PU)
    t1, c1 = time.perf_counter(), cpu_now()
    flows = ca.compute_power_flows()  # contingencies × (lines + trafos), MW (amps would be AC)
    t2, c2 = time.perf_counter(), cpu_now()
    run = {"peer": "lightsim2grid", "case": peers.case_name(case), "kind": "n1-dc",
           "threads": threads, "contingencies": len(grid.get_lines()) + len(grid.get_trafos()),
           "converged": int(ca.nb_converged()), "solve_s": t1 - t0, "solve_cpu_s": c1 - c0,
           "flows_s": t2 - t1, "flows_cpu_s": c2 - c1, "flows_shape": list(flows.shape)}
    del flows
    run["total_s"] = run["solve_s"] + run["flows_s"]
    run["total_cpu_s"] = run["solve_cpu_s"] + run["flows_cpu_s"]
    return run


def lightsim_ac(case, threads, n):
    from lightsim2grid.contingencyAnalysis import ContingencyAnalysisCPP
    model = peers.lightsim_load(case)
    grid, ppc = model["grid"], model["ppc"]
    ca = ContingencyAnalysisCPP(grid)
    ca.nb_thread = threads
    n = min(n, len(grid.get_lines()) + len(grid.get_trafos()))
    ca.add_multiple_n1(list(range(n)))
    t0, c0 = time.perf_counter(), cpu_now()
    ca.compute(peers._lightsim_v0(grid, ppc), peers.MAX_IT, peers.PF_TOL_PU)
    return {"peer": "lightsim2grid", "kind": "n1-ac", "contingencies": n,
            "converged": int(ca.nb_converged()), "solve_s": time.perf_counter() - t0,
            "solve_cpu_s": cpu_now() - c0}


# --- PYPOWER + numpy ---------------------------------------------------------------------------

def numpy_lodf(case, hours_list, numpy_hours, chunk=512):
    from pypower.api import ext2int
    from pypower.makeBdc import makeBdc
    from pypower.makePTDF import makePTDF

    ppc = ext2int(peers.read_case(case))
    base, bus, gen, branch = ppc["baseMVA"], ppc["bus"], ppc["gen"], ppc["branch"]
    nb, nl = bus.shape[0], branch.shape[0]
    t0, c0 = time.perf_counter(), cpu_now()
    H = makePTDF(base, bus, branch)
    t_ptdf, c_ptdf = time.perf_counter() - t0, cpu_now() - c0
    _, _, pbusinj, pfinj = makeBdc(base, bus, branch)
    pg = np.zeros(nb)
    np.add.at(pg, gen[:, 0].astype(int), np.where(gen[:, 7] > 0, gen[:, 1], 0.0) / base)
    pd, gs = bus[:, 2] / base, bus[:, 4] / base
    f, t = branch[:, 0].astype(int), branch[:, 1].astype(int)
    rate = branch[:, 5] / base
    rated = rate > 0
    # LODF columns, makeLODF's formula: (H Cft)(:, k) / (1 − h_k); bridges (1 − h_k ≈ 0) skipped.
    t0, c0 = time.perf_counter(), cpu_now()
    hk = H[np.arange(nl), f] - H[np.arange(nl), t]
    keep = np.abs(1.0 - hk) > 1e-10
    cols = np.flatnonzero(keep)
    lodf_chunks = []
    for s in range(0, cols.size, chunk):
        k = cols[s:s + chunk]
        L = (H[:, f[k]] - H[:, t[k]]) / (1.0 - hk[k])
        L[k, np.arange(k.size)] = -1.0
        lodf_chunks.append((k, L[rated]))
    t_lodf, c_lodf = time.perf_counter() - t0, cpu_now() - c0
    out = {"peer": "pypower+numpy", "case": peers.case_name(case), "ptdf_s": t_ptdf,
           "ptdf_cpu_s": c_ptdf, "lodf_s": t_lodf, "lodf_cpu_s": c_lodf, "screened": int(cols.size),
           "hours": {}}
    r = rate[rated][:, None]
    for hours in hours_list:
        measured = min(hours, numpy_hours)
        scale = daily_scale(hours)[:measured]
        t0, c0 = time.perf_counter(), cpu_now()
        violations = 0
        for s in scale:
            p = s * (pg - pd) - gs
            flows = H @ (p - pbusinj) + pfinj
            fm = flows[rated][:, None]
            for k, L in lodf_chunks:
                post = fm + L * flows[k][None, :]
                violations += int(np.count_nonzero(np.abs(post) > r))
        dt, dc = time.perf_counter() - t0, cpu_now() - c0
        out["hours"][hours] = {"measured_hours": measured, "check_s": dt * hours / measured,
                               "check_cpu_s": dc * hours / measured,
                               "violations_measured": violations,
                               "extrapolated": measured < hours}
    return out


# --- report -----------------------------------------------------------------------------------

def bandwidth(g):
    """Bytes the fused check must move with gat's loop order, no pruning: the LODF tile written
    by the gather and read by the check (16 B per monitored × outage), and the monitored base
    flows streamed once per block of 16 outages (8 B per monitored × hour)."""
    blocks = -(-g["screened"] // 16)
    tile = 16.0 * g["screened"] * g["monitored"]
    flows = 8.0 * blocks * g["monitored"] * g["hours"]
    return tile + flows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=["case_ACTIVSg10k", "case13659pegase"])
    ap.add_argument("--hours", nargs="+", type=int, default=[1, 168])
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--ac-sample", type=int, default=200)
    ap.add_argument("--numpy-hours", type=int, default=4)
    ap.add_argument("--skip", nargs="*", default=[], choices=["numpy", "lightsim-ac", "lightsim-dc"])
    ap.add_argument("--build", default="release")
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    peers.warm_up()
    report = {"machine": {"cpu": platform.processor() or platform.machine(),
                          "threads": args.threads, "load_avg": os.getloadavg(),
                          "python": platform.python_version()},
              "versions": peers.versions(), "stream": stream_copy(args.build, args.threads),
              "cases": []}
    print(f"copy bandwidth (GB/s by threads): {report['stream']}", flush=True)
    for case in args.cases:
        entry = {"case": case, "gat": [], "gat_no_prune": None}
        for hours in args.hours:
            g = gat_dc(args.build, case, hours, args.threads, ac=args.ac_sample if hours == 1 else 0)
            entry["gat"].append(g)
            print(f"[{case}] gat {hours} h: {json.dumps(g)}", flush=True)
        g = gat_dc(args.build, case, max(args.hours), args.threads, prune=False)
        g["bytes_model"] = bandwidth(g)
        entry["gat_no_prune"] = g
        print(f"[{case}] gat no-prune {max(args.hours)} h: {json.dumps(g)}", flush=True)
        if "lightsim-dc" not in args.skip:
            entry["lightsim_dc"] = lightsim_dc(case, args.threads)
            print(f"[{case}] lightsim2grid DC: {entry['lightsim_dc']}", flush=True)
        if "lightsim-ac" not in args.skip:
            entry["lightsim_ac"] = lightsim_ac(case, args.threads, args.ac_sample)
            print(f"[{case}] lightsim2grid AC: {entry['lightsim_ac']}", flush=True)
        if "numpy" not in args.skip:
            entry["numpy"] = numpy_lodf(case, args.hours, args.numpy_hours)
            print(f"[{case}] pypower+numpy: {entry['numpy']}", flush=True)
        report["cases"].append(entry)
        print_case(entry, report["stream"], args.threads)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=1)
    return 0


def print_case(e, stream, threads):
    print(f"\n== {e['case']} ({threads} threads) ==")
    for g in e["gat"]:
        h = g["hours"]
        line = (f"  {h:>3} h  gat {g['screen_s']:.3f} s wall / {g['screen_cpu_s']:.3f} s CPU  "
                f"{g['contingencies'] * h / g['screen_s']:,.0f} contingency-hours/s")
        ls = e.get("lightsim_dc")
        if ls:
            lw, lc = ls["total_s"] * h, ls["total_cpu_s"] * h
            line += (f" | lightsim2grid DC {lw:.2f} s / {lc:.2f} s CPU{' (x168)' if h > 1 else ''}"
                     f"  ratio {lw / g['screen_s']:.1f}x wall, {lc / g['screen_cpu_s']:.1f}x CPU")
        npy = e.get("numpy")
        if npy:
            n = npy["hours"][h]
            nw = npy["ptdf_s"] + npy["lodf_s"] + n["check_s"]
            nc = npy["ptdf_cpu_s"] + npy["lodf_cpu_s"] + n["check_cpu_s"]
            line += (f" | numpy {nw:.1f} s / {nc:.1f} s CPU{' (check scaled)' if n['extrapolated'] else ''}"
                     f"  ratio {nw / g['screen_s']:.1f}x wall, {nc / g['screen_cpu_s']:.1f}x CPU")
        print(line)
    g = e["gat_no_prune"]
    kernel_s = g["thread_s_check"] / max(1, g["threads"])
    bw = g["bytes_model"] / kernel_s / 1e9
    copy = stream.get(g["threads"]) or max(stream.values())
    print(f"  fused check, no pruning, {g['hours']} h: {g['bytes_model'] / 1e9:.1f} GB moved in "
          f"{kernel_s:.3f} s -> {bw:.1f} GB/s = {bw / copy:.2f} x copy bandwidth ({copy:.1f} GB/s); "
          f"whole screen {g['screen_s']:.3f} s")
    ac = e["gat"][0].get("ac")
    la = e.get("lightsim_ac")
    if ac and la:
        gp = ac["contingencies_s"] / max(1, ac["solved"]) * 1e3
        lp = la["solve_s"] / max(1, la["contingencies"]) * 1e3
        print(f"  AC per contingency: gat {gp:.2f} ms ({ac['solved']} solved, {ac['converged']} converged)"
              f" | lightsim2grid {lp:.2f} ms ({la['contingencies']}, {la['converged']} converged)"
              f"  ratio {lp / gp:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
