"""gat's AC power flow against lightsim2grid, pandapower and power-grid-model, in one run.

Same cases, tolerance (1e-8 p.u.), iteration limit (10) and start (the case's voltages with the
generator set points, MATPOWER's default; --start flat for a flat start). Runs in the peers'
environment (bench/setup); gat through build/<preset>/bench/gat_pf_bench, which times the solve
inside the process like the peers' timers do (the case is read once, outside the timing).

Single solve, per case, best of --repeat:
  cold   a solve from a built network model: gat builds its solver (Ybus, Jacobian pattern,
         symbolic analysis) and solves; lightsim2grid ac_pf after prevent_cache_reuse() (Ybus,
         analysis, factorization, all redone), pandapower runpp (twice: its default, which
         hands the solve to lightsim2grid when installed, and lightsim2grid=False, its own
         Newton), power-grid-model calculate_power_flow
  warm   the same solve again on the already-built solver: gat AcPowerFlow::solve on a
         solver that has solved before; lightsim2grid ac_pf without prevent_cache_reuse()
Batch, per case: --hours hours of loads and generator set-points scaled together by a daily
and seasonal profile (so the slack takes the change in losses), each hour starting from the
previous hour's solution:
  gat            gat_pf_bench --hours H --threads T (T = 1, 2), whole batch wall clock
  lightsim2grid  TimeSeriesCPP (sequential, warm start) and InjectionSweepCPP (T threads,
                 every row from the base case), compute() wall clock
  pandapower     runpp(lightsim2grid=False) hour by hour (init="results") over --pp-hours
                 hours, per-hour time scaled to --hours
Ratios are peer time / gat time (> 1: gat is faster), CPU time where noted.

    $(bench/setup --print-venv)/bin/python bench/bench_pf.py
    ... bench/bench_pf.py --cases case2383wp --repeat 5 --hours 720 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

CASES = ("case2383wp", "case9241pegase", "case_ACTIVSg10k", "case13659pegase")
HERE = os.path.dirname(os.path.abspath(__file__))


def load_scale(hours: int) -> np.ndarray:
    """The profile gat_pf_bench uses: 0.99 + 0.04 sin(daily) + 0.01 cos(seasonal), in [0.94, 1.04]
    (case13659pegase does not converge above about 1.05)."""
    h = np.arange(hours)
    return 0.99 + 0.04 * np.sin(2 * np.pi * ((h % 24) - 9) / 24.0) + 0.01 * np.cos(2 * np.pi * h / 8760.0)


def gat_bench(binary: str, case: str, start: str, repeat: int, hours: int = 0,
              threads: int = 1) -> dict:
    cmd = [binary, case, "--start", start, "--repeat", str(repeat)]
    if hours:
        cmd += ["--hours", str(hours), "--threads", str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def lightsim_single(case: str, start: str, repeat: int) -> dict:
    model = peers.lightsim_load(case, start)
    grid, ppc = model["grid"], model["ppc"]
    v0 = peers._lightsim_v0(grid, ppc, start)
    out = {}
    for mode in ("cold", "warm"):
        wall, cpu = [], []
        for _ in range(repeat):
            if mode == "cold":
                grid.prevent_cache_reuse()
            c0, t0 = time.process_time(), time.perf_counter()
            v = grid.ac_pf(v0.copy(), peers.MAX_IT, peers.PF_TOL_PU)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        out[mode] = {"wall_s": min(wall), "cpu_s": min(cpu), "converged": bool(v.shape[0] > 0),
                     "iterations": int(grid.get_algo().get_nb_iter())}
    return out


def lightsim_batch(case: str, start: str, scale: np.ndarray, threads: int) -> dict:
    """TimeSeriesCPP (threads == 0: sequential, warm start) or InjectionSweepCPP (threads)."""
    from lightsim2grid.injectionSweep import InjectionSweepCPP
    from lightsim2grid.timeSerie import TimeSeriesCPP

    model = peers.lightsim_load(case, start)
    grid, ppc = model["grid"], model["ppc"]
    v0 = peers._lightsim_v0(grid, ppc, start)
    load_p = np.array([ld.target_p_mw for ld in grid.get_loads()])
    load_q = np.array([ld.target_q_mvar for ld in grid.get_loads()])
    gen_p = np.array([g.target_p_mw for g in grid.get_generators()])
    runner = TimeSeriesCPP(grid) if threads == 0 else InjectionSweepCPP(grid)
    if threads:
        runner.nb_thread = threads
    runner.modify_load_p(np.ascontiguousarray(np.outer(scale, load_p)))
    runner.modify_load_q(np.ascontiguousarray(np.outer(scale, load_q)))
    runner.modify_gen_p(np.ascontiguousarray(np.outer(scale, gen_p)))
    c0, t0 = time.process_time(), time.perf_counter()
    runner.compute(v0, peers.MAX_IT, peers.PF_TOL_PU)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    iters = np.asarray(runner.get_row_nb_iter()).ravel()
    return {"wall_s": wall, "cpu_s": cpu, "converged": int(np.sum(runner.converged_mask())),
            "mean_iterations": float(iters.mean()), "solver_s": runner.solver_time()}


def pandapower_own_ac(case: str, start: str, repeat: int) -> dict:
    """pandapower with its own Newton solver: runpp(lightsim2grid=False). By default (and in
    peers.pandapower_ac) runpp hands the solve to lightsim2grid when it is installed."""
    import pandapower as pp
    import pandas as pd

    net = peers.pandapower_load(case)
    bus = peers.with_start(peers.read_case(case), start)["bus"]
    v0 = pd.DataFrame({"vm_pu": bus[:, 7], "va_degree": bus[:, 8], "p_mw": 0.0, "q_mvar": 0.0},
                      index=net.bus.index)
    wall, cpu, ok, it = [], [], False, None
    for _ in range(repeat):
        net["res_bus"] = v0.copy()
        c0, t0 = time.process_time(), time.perf_counter()
        pp.runpp(net, algorithm="nr", init="results" if start == "case" else "flat",
                 calculate_voltage_angles=True, trafo_model="pi",
                 tolerance_mva=peers.PF_TOL_PU * net.sn_mva, max_iteration=peers.MAX_IT,
                 enforce_q_lims=False, numba=True, lightsim2grid=False)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        ok, it = bool(net.converged), int(net._ppc["iterations"])
    return {"wall_s": min(wall), "cpu_s": min(cpu), "converged": ok, "iterations": it}


def pandapower_batch(case: str, start: str, scale: np.ndarray) -> dict:
    import pandapower as pp

    run = peers.pandapower_ac(case, repeat=1, start=start)  # builds nothing reusable; load again
    net = peers.pandapower_load(case)
    p0, q0 = net.load.p_mw.to_numpy().copy(), net.load.q_mvar.to_numpy().copy()
    g0 = net.gen.p_mw.to_numpy().copy()
    init = "flat" if start == "flat" else "dc"
    times, ok = [], 0
    for k, s in enumerate(scale):
        net.load.p_mw, net.load.q_mvar, net.gen.p_mw = p0 * s, q0 * s, g0 * s
        t0 = time.perf_counter()
        try:
            pp.runpp(net, algorithm="nr", init=init if k == 0 else "results",
                     calculate_voltage_angles=True, trafo_model="pi",
                     tolerance_mva=peers.PF_TOL_PU * net.sn_mva, max_iteration=peers.MAX_IT,
                     enforce_q_lims=False, numba=True, lightsim2grid=False)
            ok += bool(net.converged)
        except Exception:
            pass
        times.append(time.perf_counter() - t0)
    return {"hours": int(scale.size), "per_hour_s": float(np.mean(times)), "converged": ok,
            "single_note": run.note}


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "platform": platform.platform(),
            "loadavg_start": os.getloadavg()}


def ratio(peer: float, gat: float) -> str:
    return f"{peer / gat:6.2f}" if gat > 0 and np.isfinite(peer) else "   n/a"


def single(args, case: str, report: dict) -> None:
    g = gat_bench(args.gat, case, args.start, args.repeat)
    gat = {"cold": {"wall_s": min(a + b for a, b in zip(g["setup_s"], g["solve_s"])),
                    "cpu_s": min(a + b for a, b in zip(g["setup_cpu_s"], g["solve_cpu_s"]))},
           "warm": {"wall_s": min(g["resolve_s"]), "cpu_s": min(g["resolve_cpu_s"])}}
    ls = lightsim_single(case, args.start, args.repeat)
    pp = peers.pandapower_ac(case, repeat=max(2, args.repeat // 3), start=args.start)
    ppo = pandapower_own_ac(case, args.start, max(2, args.repeat // 3))
    pgm = peers.pgm_ac(case, repeat=max(2, args.repeat // 3), start=args.start)
    row = {"case": case, "buses": g["buses"], "gat_iterations": g["iterations"],
           "gat_converged": g["converged"], "gat": gat, "lightsim2grid": ls,
           "pandapower": {"wall_s": pp.best_solve_s, "cpu_s": min(pp.solve_cpu_s or [np.nan]),
                          "converged": pp.converged, "iterations": pp.iterations, "note": pp.note},
           "pandapower_own_nr": ppo,
           "power-grid-model": {"wall_s": pgm.best_solve_s, "converged": pgm.converged,
                                "note": pgm.note}}
    report["single"].append(row)
    print(f"{case:16} {g['buses']:6d}  it {g['iterations']:2d}  gat cold {gat['cold']['wall_s']*1e3:8.2f} ms"
          f" (cpu {gat['cold']['cpu_s']*1e3:7.2f})  warm {gat['warm']['wall_s']*1e3:8.2f} ms"
          f" (cpu {gat['warm']['cpu_s']*1e3:7.2f})", flush=True)
    print(f"{'':24} lightsim2grid cold {ls['cold']['wall_s']*1e3:8.2f} ms (cpu {ls['cold']['cpu_s']*1e3:7.2f})"
          f"  warm {ls['warm']['wall_s']*1e3:8.2f} ms (cpu {ls['warm']['cpu_s']*1e3:7.2f})"
          f"  ratio cold {ratio(ls['cold']['wall_s'], gat['cold']['wall_s'])}"
          f" (cpu {ratio(ls['cold']['cpu_s'], gat['cold']['cpu_s'])})"
          f"  warm {ratio(ls['warm']['wall_s'], gat['warm']['wall_s'])}"
          f" (cpu {ratio(ls['warm']['cpu_s'], gat['warm']['cpu_s'])})", flush=True)
    print(f"{'':24} pandapower (default: solves with lightsim2grid) {pp.best_solve_s*1e3:9.1f} ms  ratio "
          f"{ratio(pp.best_solve_s, gat['cold']['wall_s'])} (cpu "
          f"{ratio(min(pp.solve_cpu_s or [np.nan]), gat['cold']['cpu_s'])})  {pp.note}", flush=True)
    print(f"{'':24} pandapower (own Newton, lightsim2grid=False) {ppo['wall_s']*1e3:9.1f} ms  ratio "
          f"{ratio(ppo['wall_s'], gat['cold']['wall_s'])} (cpu {ratio(ppo['cpu_s'], gat['cold']['cpu_s'])})"
          f"  converged {ppo['converged']} it {ppo['iterations']}", flush=True)
    print(f"{'':24} power-grid-model {pgm.best_solve_s*1e3:9.1f} ms  ratio "
          f"{ratio(pgm.best_solve_s, gat['cold']['wall_s'])}  {pgm.note[:90]}", flush=True)


def batch(args, case: str, report: dict) -> None:
    scale = load_scale(args.hours)
    row = {"case": case, "hours": args.hours, "gat": {}, "lightsim2grid": {}}
    for t in args.threads:
        g = gat_bench(args.gat, case, args.start, 1, args.hours, t)
        row["gat"][t] = {"wall_s": g["batch_s"], "cpu_s": g["batch_cpu_s"],
                         "converged": g["hours_converged"],
                         "mean_iterations": g["mean_iterations"]}
    row["lightsim2grid"]["timeseries"] = lightsim_batch(case, args.start, scale, 0)
    for t in args.threads:
        row["lightsim2grid"][t] = lightsim_batch(case, args.start, scale, t)
    if args.pp_hours:
        row["pandapower"] = pandapower_batch(case, args.start, scale[: args.pp_hours])
    report["batch"].append(row)
    g1 = row["gat"][args.threads[0]]["wall_s"]
    ts = row["lightsim2grid"]["timeseries"]
    print(f"{case:16} batch {args.hours} h  lightsim2grid TimeSeries {ts['wall_s']:8.2f} s "
          f"({ts['converged']} conv, {ts['mean_iterations']:.2f} it/h)", flush=True)
    for t in args.threads:
        g, ls = row["gat"][t], row["lightsim2grid"][t]
        print(f"{'':24} threads {t}: gat {g['wall_s']:8.2f} s (cpu {g['cpu_s']:7.2f}; {g['converged']} conv, "
              f"{g['mean_iterations']:.2f} it/h, {args.hours / g['wall_s']:7.1f} h/s, scaling "
              f"{g1 / g['wall_s']:.2f})  lightsim2grid InjectionSweep {ls['wall_s']:8.2f} s "
              f"(cpu {ls['cpu_s']:7.2f}; {ls['mean_iterations']:.2f} it/h)  ratio {ratio(ls['wall_s'], g['wall_s'])}"
              f"  vs TimeSeries {ratio(ts['wall_s'], g['wall_s'])}", flush=True)
    if args.pp_hours:
        pp = row["pandapower"]
        est = pp["per_hour_s"] * args.hours
        print(f"{'':24} pandapower {pp['per_hour_s']*1e3:8.1f} ms/h over {pp['hours']} h "
              f"-> {est:8.1f} s for {args.hours} h; ratio vs gat 1 thread {ratio(est, g1)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=list(CASES))
    ap.add_argument("--gat", default=os.path.join(HERE, "..", "build", "release", "bench", "gat_pf_bench"),
                    help="gat_pf_bench binary (default: the release preset's)")
    ap.add_argument("--start", choices=("case", "flat"), default="case")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--hours", type=int, default=8760, help="batch hours (0: no batch)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--pp-hours", type=int, default=24, help="pandapower batch sample (0: skip)")
    ap.add_argument("--no-single", action="store_true", help="batch only")
    ap.add_argument("--json", help="write every figure to this file")
    args = ap.parse_args(argv)
    if not os.path.exists(args.gat):
        ap.error(f"{args.gat} not found: cmake --preset release && cmake --build --preset release")

    report = {"machine": machine(), "versions": peers.versions(), "start": args.start,
              "repeat": args.repeat, "single": [], "batch": []}
    print(f"machine {report['machine']}\nversions {report['versions']}", flush=True)
    peers.warm_up()
    for case in [] if args.no_single else args.cases:
        single(args, case, report)
    if args.hours:
        for case in args.cases:
            batch(args, case, report)
    report["machine"]["loadavg_end"] = os.getloadavg()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    sys.exit(main())
