#!/usr/bin/env python3
"""DC-OPF formulations side by side: B-theta (sparse, what gat solves) against PTDF (dense).

    $(bench/setup --print-venv)/bin/python bench/opf_formulation.py [CASE ...]

Both are the same LP, solved by the same HiGHS (scipy's linprog, method="highs"): minimise
the generators' linear cost terms subject to their P limits, power balance and rate-A limits
on every rated branch (quadratic terms left out so that both stay LPs).

- B-theta: variables theta (every bus) and Pg; one balance row per bus, B' theta - Cg Pg =
  -Pd - Gs - Pbusinj; one flow row per rated branch, Bf theta + Pfinj within +-rate; the
  reference angle fixed by its bounds. Sparse: about 3 nonzeros per branch row.
- PTDF: variables Pg only; one system balance row; one flow row per rated branch,
  PTDF (Cg Pg - Pd - ...) within +-rate. Dense: n_gen nonzeros per branch row, and the PTDF
  itself (makePTDF: a dense branches x buses matrix) must be built first.

Times: building the model (PTDF included) and the solve, wall seconds. Objectives must agree.
"""
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

import peers

CASES = ["case2383wp", "case_ACTIVSg2000", "case2869pegase"]


def model(case: str):
    from pypower.ext2int import ext2int
    from pypower.makeBdc import makeBdc

    ppc = ext2int(peers.read_case(case))
    bus, gen, branch, cost = ppc["bus"], ppc["gen"], ppc["branch"], ppc["gencost"]
    base = ppc["baseMVA"]
    on = gen[:, 7] > 0
    gen, cost = gen[on], cost[on]
    if np.any(cost[:, 0] != 2):
        raise SystemExit(f"{case}: piecewise-linear costs; this comparison takes polynomial ones")
    n = cost[:, 3].astype(int)
    c1 = np.where(n >= 2, cost[np.arange(len(cost)), 4 + n - 2], 0.0) * base  # $/p.u.h
    Bbus, Bf, Pbusinj, Pfinj = makeBdc(base, bus, branch)
    nb, ng = bus.shape[0], gen.shape[0]
    Cg = sp.csr_matrix((np.ones(ng), (gen[:, 0].astype(int), np.arange(ng))), (nb, ng))
    demand = (bus[:, 2] + bus[:, 4]) / base + Pbusinj  # Pd + Gs (p.u.) + phase-shift injections
    rated = np.flatnonzero((branch[:, 5] > 0) & (branch[:, 10] > 0))
    rate = branch[rated, 5] / base
    ref = int(np.flatnonzero(bus[:, 1] == 3)[0])
    pmin, pmax = gen[:, 9] / base, gen[:, 8] / base
    return dict(ppc=ppc, Bbus=Bbus, Bf=Bf, Pfinj=Pfinj, Cg=Cg, demand=demand, rated=rated,
                rate=rate, ref=ref, pmin=pmin, pmax=pmax, c1=c1, nb=nb, ng=ng, base=base)


def b_theta(m):
    t0 = time.perf_counter()
    nb, ng = m["nb"], m["ng"]
    a_eq = sp.hstack([m["Bbus"], -m["Cg"]]).tocsr()
    bf = m["Bf"][m["rated"]]
    flow = sp.hstack([bf, sp.csr_matrix((len(m["rated"]), ng))]).tocsr()
    a_ub = sp.vstack([flow, -flow]).tocsr()
    b_ub = np.concatenate([m["rate"] - m["Pfinj"][m["rated"]], m["rate"] + m["Pfinj"][m["rated"]]])
    bounds = [(None, None)] * nb + list(zip(m["pmin"], m["pmax"]))
    bounds[m["ref"]] = (0.0, 0.0)
    c = np.concatenate([np.zeros(nb), m["c1"]])
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=-m["demand"], bounds=bounds, method="highs")
    return build, time.perf_counter() - t0, r, a_ub.nnz + a_eq.nnz


def ptdf(m):
    from pypower.makePTDF import makePTDF

    t0 = time.perf_counter()
    ppc = m["ppc"]
    H = makePTDF(ppc["baseMVA"], ppc["bus"], ppc["branch"], m["ref"])[m["rated"]]
    t_ptdf = time.perf_counter() - t0
    t0 = time.perf_counter()
    hg = np.asarray(H @ m["Cg"].toarray())  # rated branches x generators, dense
    f0 = H @ m["demand"] - m["Pfinj"][m["rated"]]  # flow of the loads alone, with sign
    a_ub = np.vstack([hg, -hg])
    b_ub = np.concatenate([m["rate"] + f0, m["rate"] - f0])
    a_eq = np.ones((1, m["ng"]))
    b_eq = np.array([m["demand"].sum()])
    build = time.perf_counter() - t0 + t_ptdf
    t0 = time.perf_counter()
    r = linprog(m["c1"], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                bounds=list(zip(m["pmin"], m["pmax"])), method="highs")
    return build, time.perf_counter() - t0, r, int(np.count_nonzero(a_ub)) + m["ng"], t_ptdf


def main(argv):
    cases = argv or CASES
    print("| case | formulation | build s | solve s | nonzeros | objective $/h | status |")
    print("|---|---|---:|---:|---:|---:|---|")
    for case in cases:
        m = model(case)
        bt = b_theta(m)
        pt = ptdf(m)
        for name, (build, solve, r, nnz, *extra) in (("B-theta", bt), ("PTDF", pt)):
            note = f" (PTDF {extra[0]:.2f} s)" if extra else ""
            print(f"| {case} | {name} | {build:.3f}{note} | {solve:.3f} | {nnz:,} | "
                  f"{r.fun if r.status == 0 else float('nan'):,.4f} | {r.message[:40]} |", flush=True)
        if bt[2].status == 0 and pt[2].status == 0:
            rel = abs(bt[2].fun - pt[2].fun) / max(1.0, abs(bt[2].fun))
            if rel > 1e-6:
                raise SystemExit(f"{case}: objectives differ by {rel:.2e}: the two models disagree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
