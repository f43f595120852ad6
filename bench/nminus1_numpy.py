#!/usr/bin/env python3
"""The strongest NumPy/SciPy peer of `gat nminus1 dc` we could write: the same screen, the same
rule, the same tables.

    $(bench/setup --print-venv)/bin/python bench/nminus1_numpy.py CASE.m [--profile hours.csv]
        [--all-violations] [--min-increase-pct 1] [--threshold 100] [--top 5] [-o DIR]

What it computes (gat's problem, docs/schemas/nminus1.md):
- B' and Bf as MATPOWER's makeBdc (b = 1/(x·tap), phase shifters as injections, out-of-service
  branches and isolated buses left out); one sparse LU (SuperLU, COLAMD) of B' without the
  reference bus.
- Base flows of every hour: the profile is a system-wide `hour,scale` (loads and generation
  times scale, shunt conductance not), so by linearity F_h = scale_h · F_var + F_const: two
  solves and one outer product for all hours.
- LODF columns of every single-branch outage in blocks: X = B'_r⁻¹ (e_f − e_t) for a block of
  outages (one multi-RHS solve), ψ = Bf_mon X (sparse × dense), LODF = ψ / (1 − ψ_kk), the
  outaged branch's own entry −1; |1 − ψ_kk| < 1e-10 is a bridge (islanding: flagged, skipped).
- Pruning as gat's: per (monitored l, outage k) over all hours,
  max_h P'_lh ≤ max_h P_lh + max(L_lk max_h P_kh, L_lk min_h P_kh) (and the mirror minimum);
  only pairs whose bounds leave ±limit are expanded over hours, vectorized.
- A violation: |P'| > threshold · rate A; reported when new (|P| ≤ limit) or worse
  (|P'| > |P| (1 + pct/100)), or every one with --all-violations; pre-contingency violations
  in their own table.
- Tables as gat writes them (Parquet): violations (sorted by hour, contingency, branch),
  base_violations, contingencies (status, counts, worst), top (K worst per hour and branch).

Prints one JSON line of phase times (read, model, base, screen, reduce, write, total).
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

MIN_DENOMINATOR = 1e-10  # as gat's sens/lodf.cpp
SOLVE_COLUMNS = 16


# --- reading the case ---------------------------------------------------------------------------

def _matrix(text, name):
    m = re.search(r"mpc\." + name + r"\s*=\s*\[(.*?)\]\s*;", text, re.S)
    if m is None:
        sys.exit(f"nminus1_numpy.py: no mpc.{name} in the case")
    body = re.sub(r"%[^\n]*", "", m.group(1))
    rows = [r for r in body.replace("\n", ";").split(";") if r.strip()]
    ncol = len(rows[0].split())
    values = np.array(" ".join(rows).split(), dtype=float)
    return values.reshape(-1, ncol)


def read_case(path):
    """baseMVA, bus, gen, branch of a MATPOWER .m file (numeric matrices only)."""
    with open(path) as f:
        text = f.read()
    base = float(re.search(r"mpc\.baseMVA\s*=\s*([0-9.eE+-]+)", text).group(1))
    return {"baseMVA": base, "bus": _matrix(text, "bus"), "gen": _matrix(text, "gen"),
            "branch": _matrix(text, "branch")}


def read_profile(path):
    """hour,scale rows (gat's system-wide profile)."""
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return data[:, 0].astype(np.int64), data[:, 1]


# --- the model (makeBdc) -----------------------------------------------------------------------

class Model:
    def __init__(self, mpc):
        base = mpc["baseMVA"]
        bus, gen, br = mpc["bus"], mpc["gen"], mpc["branch"]
        nb = bus.shape[0]
        index = np.full(int(bus[:, 0].max()) + 1, -1, dtype=np.int64)
        index[bus[:, 0].astype(np.int64)] = np.arange(nb)
        f = index[br[:, 0].astype(np.int64)]
        t = index[br[:, 1].astype(np.int64)]
        isolated = bus[:, 1] == 4
        self.active = (br[:, 10] != 0) & ~isolated[f] & ~isolated[t]
        act = np.flatnonzero(self.active)
        tap = np.where(br[:, 8] == 0, 1.0, br[:, 8])
        b = np.where(self.active, 1.0 / (br[:, 3] * tap), 0.0)
        shift = np.deg2rad(br[:, 9])
        nl = br.shape[0]
        rows = np.concatenate([act, act])
        cols = np.concatenate([f[act], t[act]])
        vals = np.concatenate([b[act], -b[act]])
        Bf = sp.csr_matrix((vals, (rows, cols)), shape=(nl, nb))
        Cft = sp.csr_matrix((np.concatenate([np.ones(act.size), -np.ones(act.size)]),
                             (rows, cols)), shape=(nl, nb))
        Bbus = (Cft.T @ Bf).tocsc()
        p_finj = -b * shift
        p_businj = Cft.T @ p_finj
        ref = np.flatnonzero(bus[:, 1] == 3)
        # One energized island with one reference bus: what the benchmark cases are.
        n_comp, label = sp.csgraph.connected_components(Bbus[~isolated][:, ~isolated],
                                                        directed=False)
        if ref.size != 1 or n_comp != 1:
            sys.exit("nminus1_numpy.py: handles one island with one reference bus only")
        keep = np.flatnonzero(~isolated & (np.arange(nb) != ref[0]))
        # B'_r is symmetric positive definite: a symmetric ordering and no pivoting give the
        # least fill (~30 % less than COLAMD on case_ACTIVSg10k).
        self.lu = spla.splu(Bbus[keep][:, keep].tocsc(), permc_spec="MMD_AT_PLUS_A",
                            diag_pivot_thresh=0.0, options={"SymmetricMode": True})
        self.keep, self.nb, self.nl, self.base = keep, nb, nl, base
        self.f, self.t, self.b = f, t, b
        self.Bf_r = Bf[:, keep].tocsr()  # reference angle 0: its column drops out
        self.p_finj, self.p_businj = p_finj, p_businj
        # Injections: scale · (gen − load) − shunt conductance (in-service generators only).
        on = gen[:, 7] > 0
        pg = np.bincount(index[gen[on, 0].astype(np.int64)], weights=gen[on, 1], minlength=nb)
        self.p_var = (pg - bus[:, 2]) / base
        self.p_const = -bus[:, 4] / base
        self.rate = br[:, 5]
        self.branch_id = np.arange(1, nl + 1)
        self.from_bus = br[:, 0].astype(np.int64)
        self.to_bus = br[:, 1].astype(np.int64)


# --- the screen ----------------------------------------------------------------------------------

def base_flows(model, scale, workers=None):
    """F (branches × hours) = scale_h F_var + F_const, by linearity of the DC flows, and each
    branch's largest and smallest flow over the hours. Filled in slabs of rows on a thread
    pool: first touch of a new GB is ~2 s of page faults here, and the extremes are taken while
    the slab is in cache."""
    rhs = np.column_stack([model.p_var, model.p_const - model.p_businj])[model.keep]
    x = model.lu.solve(np.ascontiguousarray(rhs))
    f_var = model.Bf_r @ x[:, 0]
    f_const = model.Bf_r @ x[:, 1] + model.p_finj
    nl, nh = f_var.size, scale.size
    F = np.empty((nl, nh))
    fmax, fmin = np.empty(nl), np.empty(nl)
    rows = max(1, (1 << 18) // nh)  # 2 MB slabs

    def slab(r0):
        r = slice(r0, min(nl, r0 + rows))
        out = F[r]
        np.multiply(f_var[r, None], scale[None, :], out=out)
        out += f_const[r, None]
        out.max(axis=1, out=fmax[r])
        out.min(axis=1, out=fmin[r])

    if nl * nh < (1 << 20):
        for r0 in range(0, nl, rows):
            slab(r0)
    else:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(workers or os.cpu_count()) as pool:
            list(pool.map(slab, range(0, nl, rows)))
    return F, (fmax, fmin)


def graph_bridges(model, outages):
    """Outages that split the network (bridges of the multigraph of active branches): islanding,
    flagged and never solved. networkx finds bridges of a simple graph; a branch with a parallel
    twin is no bridge."""
    import networkx as nx
    act = np.flatnonzero(model.active)
    u = np.minimum(model.f[act], model.t[act])
    v = np.maximum(model.f[act], model.t[act])
    pairs, count = np.unique(np.stack([u, v], axis=1), axis=0, return_counts=True)
    g = nx.Graph()
    g.add_edges_from(map(tuple, pairs.tolist()))
    single = {tuple(p) for p, c in zip(pairs.tolist(), count) if c == 1}
    found = single.intersection((min(a, b), max(a, b)) for a, b in nx.bridges(g))
    lo = np.minimum(model.f[outages], model.t[outages])
    hi = np.maximum(model.f[outages], model.t[outages])
    return np.fromiter(((a, b) in found for a, b in zip(lo.tolist(), hi.tolist())), bool,
                       outages.size)


def screen(model, F, extremes, monitored, limit, outages, report_all, min_increase, block=256,
           workers=None):
    """Violations as arrays (outage position, monitored row, hour, post, pre), the islanding
    mask over outages and the number of (monitored, outage) pairs expanded over hours.
    Blocks of outages run on a thread pool (NumPy's large-array loops release the GIL)."""
    nh = F.shape[1]
    fmax, fmin = extremes[0][monitored], extremes[1][monitored]
    # the room each monitored branch has over all hours, less 1e-9 p.u. for rounding
    slack_safe = limit - np.maximum(np.abs(fmax), np.abs(fmin)) - 1e-9
    Bf_mon = model.Bf_r[monitored]
    nk = len(model.keep)
    col = np.full(model.nb, -1)
    col[model.keep] = np.arange(nk)
    islanding = graph_bridges(model, outages)
    todo = np.flatnonzero(~islanding)
    grow = 1.0 + min_increase / 100.0
    step = max(1, (1 << 22) // max(nh, 1))  # candidate pairs expanded at once (32 MB)

    def one_block(k0):
        c0 = time.perf_counter()
        pos = todo[k0:k0 + block]
        ks = outages[pos]
        nc = ks.size
        cf, ct = col[model.f[ks]], col[model.t[ks]]
        psi = np.empty((monitored.size, nc))
        psi_kk = np.empty(nc)
        # SuperLU's multi-RHS solve is fastest with ~16 columns at a time (the block stays in
        # cache: 109 µs per column on case_ACTIVSg10k, 6× that with 64 or more).
        for s in range(0, nc, SOLVE_COLUMNS):
            e = min(nc, s + SOLVE_COLUMNS)
            j = np.arange(e - s)
            rhs = np.zeros((nk, e - s), order="F")
            f_, t_ = cf[s:e], ct[s:e]
            rhs[f_[f_ >= 0], j[f_ >= 0]] = 1.0
            rhs[t_[t_ >= 0], j[t_ >= 0]] = -1.0
            x = model.lu.solve(rhs)
            psi[:, s:e] = Bf_mon @ x
            # ψ_kk = b_k (θ_f − θ_t) of the block's own transfers (a grounded end has angle 0)
            xf = np.where(f_ >= 0, x[np.maximum(f_, 0), j], 0.0)
            xt = np.where(t_ >= 0, x[np.maximum(t_, 0), j], 0.0)
            psi_kk[s:e] = model.b[ks[s:e]] * (xf - xt)
        c1 = time.perf_counter()
        den = 1.0 - psi_kk
        bridge = np.abs(den) < MIN_DENOMINATOR  # numerically a bridge
        inv = np.where(bridge, 0.0, 1.0 / np.where(bridge, 1.0, den))
        kmax, kmin = extremes[0][ks], extremes[1][ks]
        # Pruning in two steps over the block's ψ (4 passes, LODF = ψ/(1 − ψ_kk) is formed
        # only for the pairs left): |ψ_lk| |1/(1 − ψ_kk)| max_h |P_kh| > slack_l, then gat's
        # bound. A monitored branch's own outage (LODF −1: no flow after) is no candidate.
        t = np.abs(psi)
        t *= np.abs(inv) * np.maximum(np.abs(kmax), np.abs(kmin))
        li, kj = np.nonzero(t > slack_safe[:, None])
        del t
        keep = ~bridge[kj] & (monitored[li] != ks[kj])
        li, kj = li[keep], kj[keep]
        lv = psi[li, kj] * inv[kj]
        a, c = lv * kmax[kj], lv * kmin[kj]
        keep = ((fmax[li] + np.maximum(a, c) > limit[li])
                | (fmin[li] + np.minimum(a, c) < -limit[li]))
        li, kj, lv = li[keep], kj[keep], lv[keep]
        c2 = time.perf_counter()
        found = []
        for s in range(0, li.size, step):
            l_, k_ = li[s:s + step], kj[s:s + step]
            pre = F[monitored[l_]]
            post = pre + lv[s:s + step, None] * F[ks[k_]]
            lim_ = limit[l_][:, None]
            bad = np.abs(post) > lim_
            if not report_all:
                apre = np.abs(pre)
                bad &= (apre <= lim_) | (np.abs(post) > apre * grow)
            r, h = np.nonzero(bad)
            if r.size:
                found.append((pos[k_[r]], l_[r], h, post[r, h], pre[r, h]))
        return found, pos[bridge], li.size, (c1 - c0, c2 - c1, time.perf_counter() - c2)

    from concurrent.futures import ThreadPoolExecutor
    found, checked, phases = [], 0, np.zeros(3)
    with ThreadPoolExecutor(workers or os.cpu_count()) as pool:
        for f, bridges, n, sec in pool.map(one_block, range(0, todo.size, block)):
            found += f
            islanding[bridges] = True
            checked += n
            phases += sec
    if found:
        cols = [np.concatenate(x) for x in zip(*found)]
    else:
        cols = [np.zeros(0, np.int64)] * 3 + [np.zeros(0)] * 2
    # thread-seconds: LODF columns (solves + Bf product), pruning, expanding pairs over hours
    return cols, islanding, checked, dict(zip(("solve_ts", "prune_ts", "expand_ts"), phases))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("case")
    ap.add_argument("--profile")
    ap.add_argument("--threshold", type=float, default=100.0)
    ap.add_argument("--min-increase-pct", type=float, default=1.0)
    ap.add_argument("--all-violations", action="store_true")
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--block", type=int, default=256)
    ap.add_argument("-o", "--out")
    a = ap.parse_args(argv)
    return run(a.case, a.profile, a.threshold, a.min_increase_pct, a.all_violations, a.top,
               a.out, a.block)


def run(case, profile, threshold=100.0, min_increase=1.0, report_all=False, top=5, out=None,
        block=256):
    t = {}
    t0 = clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        t[name] = now - clock
        clock = now

    mpc = read_case(case)
    hours, scale = read_profile(profile) if profile else (np.zeros(1, np.int64), np.ones(1))
    lap("read_s")
    model = Model(mpc)
    lap("model_s")
    F, extremes = base_flows(model, scale)
    monitored = np.flatnonzero(model.active & (model.rate > 0))
    rate = model.rate[monitored] / model.base
    limit = threshold / 100.0 * rate
    # pre-contingency violations: rows first (most branches are never above their limit)
    over = np.flatnonzero(np.maximum(extremes[0][monitored], -extremes[1][monitored]) > limit)
    bl, bh = np.nonzero(np.abs(F[monitored[over]]) > limit[over, None])
    bl = over[bl]
    lap("base_s")
    # gat's contingency list: every in-service branch, in case order.
    outages = np.flatnonzero(mpc["branch"][:, 10] != 0)
    inactive = ~model.active[outages]
    (kc, lm, h, post, pre), islanding, checked, phases = screen(
        model, F, extremes, monitored, limit, outages[~inactive], report_all, min_increase, block)
    screened_pos = np.flatnonzero(~inactive)
    kc = screened_pos[kc]
    isl = np.zeros(outages.size, dtype=bool)
    isl[screened_pos] = islanding
    lap("screen_s")
    # The reduce: sorted by (hour, contingency, branch) on one int64 key (one argsort is
    # several times faster than a lexsort of three keys), per-contingency summary, top K.
    order = np.argsort((h * outages.size + kc) * monitored.size + lm)
    kc, lm, h, post, pre = kc[order], lm[order], h[order], post[order], pre[order]
    loading = np.abs(post) / rate[lm]
    n_viol = np.bincount(kc, minlength=outages.size)
    worst = np.zeros(outages.size)
    np.maximum.at(worst, kc, loading)
    # worst row per contingency: the first of the largest loading (lexsort is stable)
    by = np.lexsort((-loading, kc))
    first = by[np.r_[True, kc[by][1:] != kc[by][:-1]]] if kc.size else by
    # top K per (hour, branch): worst first, ties to the lower contingency (rows are in
    # contingency order within an (hour, branch), and the sort is stable)
    group = h * monitored.size + lm
    tk = np.lexsort((-loading, group))
    grp = np.r_[True, group[tk][1:] != group[tk][:-1]] if kc.size else np.zeros(0, bool)
    start = np.maximum.accumulate(np.where(grp, np.arange(tk.size), 0)) if kc.size else tk
    rank = np.arange(tk.size) - start + 1
    tsel = tk[rank <= top]
    trank = rank[rank <= top]
    lap("reduce_s")
    if out:
        write_tables(out, model, mpc, monitored, rate, hours, outages, inactive, isl,
                     (kc, lm, h, post, pre, loading), (bl, bh, F[monitored[bl], bh]), n_viol, worst,
                     first, (tsel, trank))
    lap("write_s")
    t["total_s"] = time.perf_counter() - t0
    stats = {"peer": "numpy", "case": os.path.basename(case).removesuffix(".m"),
             "hours": int(scale.size), "monitored": int(monitored.size),
             "contingencies": int(outages.size), "islanding": int(isl.sum()),
             "violations": int(kc.size), "base_violations": int(bl.size),
             "pairs_checked": int(checked),
             **{k: round(v, 4) for k, v in (t | phases).items()}}
    print(json.dumps(stats), flush=True)
    return stats


def write_tables(out, model, mpc, monitored, rate, hours, outages, inactive, isl, v, b, n_viol,
                 worst, first, top):
    import pyarrow as pa
    import pyarrow.parquet as pq
    os.makedirs(out, exist_ok=True)
    kc, lm, h, post, pre, loading = v
    base = model.base
    br = monitored[lm]
    outage = pa.array((model.branch_id[outages]).astype(str))

    def run_id(n):  # gat's first column: the study's hash, one value (dictionary-encoded)
        return pa.DictionaryArray.from_arrays(np.zeros(n, np.int32), ["numpy-peer"])

    pq.write_table(pa.table({
        "run_id": run_id(kc.size), "hour": hours[h].astype(np.int32),
        "contingency": kc.astype(np.int32), "outage": outage.take(pa.array(kc)),
        "branch_id": model.branch_id[br],
        "from_bus": model.from_bus[br], "to_bus": model.to_bus[br], "pre_mw": pre * base,
        "post_mw": post * base, "rate_mva": rate[lm] * base, "loading_pct": 100 * loading}),
        os.path.join(out, "violations.parquet"))
    bl, bh, bf = b
    bbr = monitored[bl]
    order = np.lexsort((bl, bh))
    pq.write_table(pa.table({
        "run_id": run_id(bh.size), "hour": hours[bh][order],
        "branch_id": model.branch_id[bbr][order],
        "from_bus": model.from_bus[bbr][order], "to_bus": model.to_bus[bbr][order],
        "pre_mw": bf[order] * base, "rate_mva": rate[bl][order] * base,
        "loading_pct": 100 * np.abs(bf[order]) / rate[bl][order]}),
        os.path.join(out, "base_violations.parquet"))
    has = n_viol > 0
    wb = np.zeros(outages.size, np.int64)
    wh = np.zeros(outages.size, np.int64)
    wb[kc[first]] = model.branch_id[br[first]]
    wh[kc[first]] = hours[h[first]]
    status = np.where(inactive, "not_in_service", np.where(isl, "islanding", "screened"))
    pq.write_table(pa.table({
        "run_id": run_id(outages.size), "contingency": np.arange(outages.size, dtype=np.int32),
        "outage": outage,
        "n_elements": np.ones(outages.size, np.int32), "status": status, "islanding": isl,
        "n_violations": n_viol, "worst_loading_pct": pa.array(100 * worst, mask=~has),
        "worst_branch_id": pa.array(wb, mask=~has), "worst_hour": pa.array(wh, mask=~has)}),
        os.path.join(out, "contingencies.parquet"))
    tsel, trank = top
    tb = br[tsel]
    pq.write_table(pa.table({
        "run_id": run_id(tsel.size), "hour": hours[h[tsel]].astype(np.int32),
        "branch_id": model.branch_id[tb],
        "from_bus": model.from_bus[tb], "to_bus": model.to_bus[tb],
        "rank": trank.astype(np.int32), "contingency": kc[tsel].astype(np.int32),
        "outage": outage.take(pa.array(kc[tsel])), "post_mw": post[tsel] * base,
        "rate_mva": rate[lm[tsel]] * base, "loading_pct": 100 * loading[tsel]}),
        os.path.join(out, "top.parquet"))


if __name__ == "__main__":
    main()
