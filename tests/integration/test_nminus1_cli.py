"""gat nminus1 dc|ac: pre-contingency violations on their own, post-contingency rows only when
new or worse (--min-increase-pct), every row with --all-violations; the summary says so.
The selection is recomputed here from the --all-violations tables' own pre and post columns."""
import re

import pyarrow.dataset as ds

from runs_support import *

root = scratch("nminus1")


def table(out, name):
    """Rows as dicts, without run_id (which differs between runs), of a run's folder of chunk
    files."""
    t = ds.dataset(out / name, format="parquet", partitioning="hive").to_table()
    return t.drop(["run_id"]).to_pylist()


def reported(pre, post, limit, pct):
    """The documented rule: new (within the limit before), or |post| > |pre| (1 + pct/100)."""
    return abs(pre) <= limit or abs(post) > abs(pre) * (1 + pct / 100)


def summary_number(text, label):
    m = re.search(rf"^\s*{label}\s+(\d+)", text, re.M)
    assert m, f"no '{label}' line in:\n{text}"
    return int(m.group(1))


# case2383wp: some branches are above rate A before any outage (8 in the case as given), more
# in a heavier hour.
profile = root / "hours.csv"
profile.write_text("hour,scale\n1,0.95\n2,1.0\n3,1.05\n")
dc = {}
for name, extra in [("filtered", []), ("pct5", ["--min-increase-pct", 5]),
                    ("all", ["--all-violations"]),
                    ("chunked", ["--chunk-contingencies", 300])]:
    out = root / name
    p = gat("nminus1", "dc", "case2383wp", "--profile", profile, "-o", out, "--runs-dir",
            root / f"runs_{name}", *extra)
    dc[name] = (out, p.stdout, run_id_of(p.stdout))
assert len({run_id for _, _, run_id in dc.values()} - {dc["chunked"][2]}) == 3, \
    "the filter options are part of the run id"

every = table(dc["all"][0], "violations")
base = table(dc["filtered"][0], "base_violations")
assert len(base) > 8 and len({r["hour"] for r in base}) == 3, base
# The pre-contingency table: each (hour, branch) above its rating, once, with its base flow;
# every row of the full list whose pre-contingency flow is above the rating is one of them.
base_keys = {(r["hour"], r["branch_id"]): r for r in base}
assert len(base_keys) == len(base)
for r in base:
    assert abs(r["pre_mw"]) > r["rate_mva"] and abs(r["loading_pct"] - 100 * abs(r["pre_mw"]) / r["rate_mva"]) < 1e-9
over_in_all = {(r["hour"], r["branch_id"]) for r in every if abs(r["pre_mw"]) > r["rate_mva"]}
assert over_in_all <= set(base_keys), "a base overload missing from base_violations"
for r in every:
    if (r["hour"], r["branch_id"]) in base_keys:
        assert r["pre_mw"] == base_keys[(r["hour"], r["branch_id"])]["pre_mw"]
assert sorted(map(str, table(dc["all"][0], "base_violations"))) == sorted(map(str, base))

key = lambda r: (r["hour"], r["contingency"], r["branch_id"])
for name, pct in [("filtered", 1), ("pct5", 5)]:
    rows = table(dc[name][0], "violations")
    expected = [r for r in every if reported(r["pre_mw"], r["post_mw"], r["rate_mva"], pct)]
    assert sorted(map(key, rows)) == sorted(map(key, expected)), name
    assert 0 < len(rows) < len(every), (name, len(rows), len(every))
    # Contingencies with violations: only those with a new or worse one.
    conts = table(dc[name][0], "contingencies")
    with_rows = {r["contingency"] for r in rows}
    assert {c["contingency"] for c in conts if c["n_violations"] > 0} == with_rows
    out = dc[name][1]
    assert summary_number(out, "pre-contingency") == len(base), out
    assert summary_number(out, "violations") == len(rows), out
    assert f"{len(with_rows)} with violations (new or worse)" in out, out
    # top ranks the reported rows only.
    top = table(dc[name][0], "top")
    assert {(t["hour"], t["contingency"], t["branch_id"]) for t in top} <= set(map(key, rows))
all_conts = {r["contingency"] for r in every}
assert f"{len(all_conts)} with violations\n" in dc["all"][1], dc["all"][1]
assert summary_number(dc["all"][1], "violations") == len(every)
assert len({r["contingency"] for r in table(dc["filtered"][0], "violations")}) < len(all_conts)

# In chunks of contingencies: the same rows, the pre-contingency ones written once.
for name in ("violations", "base_violations", "contingencies", "top"):
    a = sorted(tuple(sorted(r.items())) for r in table(dc["chunked"][0], name))
    b = sorted(tuple(sorted(r.items())) for r in table(dc["filtered"][0], name))
    assert a == b, name

# Both options together make no sense: a usage error.
p = gat("nminus1", "dc", "case2383wp", "--all-violations", "--min-increase-pct", 2, "-o",
        root / "bad", "--runs-dir", root / "runs_bad", check=False)
assert p.returncode == 2 and "applies only without --all-violations" in p.stderr, p.stderr
p = gat("nminus1", "dc", "case2383wp", "--min-increase-pct", -1, "-o", root / "bad2",
        "--runs-dir", root / "runs_bad", check=False)
assert p.returncode == 2 and "--min-increase-pct" in p.stderr, p.stderr

# AC verification of every pair (--all: the same cases either way) on case30 checked at 60 %
# of its ratings, where some branches are above that before any outage.
ac = {}
for name, extra in [("filtered", []), ("all", ["--all-violations"])]:
    out = root / ("ac_" + name)
    p = gat("nminus1", "ac", "case30", "--all", "--threshold", 60, "-o", out, "--runs-dir",
            root / f"runs_ac_{name}", *extra)
    ac[name] = (out, p.stdout + p.stderr)
ac_base = table(ac["filtered"][0], "ac_base_violations")
assert any(r["kind"] == "branch_flow" for r in ac_base), ac_base
every = table(ac["all"][0], "ac_violations")
rows = table(ac["filtered"][0], "ac_violations")


def ac_reported(r):
    if r["kind"] == "branch_flow":
        return reported(r["base_s_mva"], r["s_mva"], 0.6 * r["rate_mva"], 1)
    if r["kind"] == "voltage_high":
        return reported(r["base_vm_pu"], r["vm_pu"], r["v_limit_pu"], 1)
    return not r["base_vm_pu"] < r["v_limit_pu"] or r["vm_pu"] < r["base_vm_pu"] * 0.99


ac_key = lambda r: (r["hour"], r["contingency"], r["kind"], r["branch_id"], r["bus_id"])
expected = [r for r in every if ac_reported(r)]
assert sorted(map(ac_key, rows), key=str) == sorted(map(ac_key, expected), key=str)
assert 0 < len(rows) < len(every), (len(rows), len(every))
assert "ac_base_violations" in ac["filtered"][1], ac["filtered"][1]

# The screen → verify chain in chunks (hours × contingencies): the DC screen flags the same
# pairs, and the AC solves of those pairs agree (a chunk's solver starts afresh: last bits).
verify = {}
for name, extra in [("one", ["--chunk-hours", 3, "--chunk-contingencies", 1000]),
                    ("chunked", ["--chunk-hours", 1, "--chunk-contingencies", 10])]:
    out = root / f"verify_{name}"
    gat("nminus1", "ac", "case30", "--profile", profile, "--threshold", 60, "-o", out,
        "--runs-dir", root / "runs_verify", *extra)
    verify[name] = {(r["hour"], r["contingency"]): r for r in table(out, "ac_cases")}
one, chunked = verify["one"], verify["chunked"]
assert len(one) > 20 and len({h for h, _ in one}) == 3, one
assert one.keys() == chunked.keys(), "the DC screen flags other pairs in chunks"
for k, r in one.items():
    assert (r["status"], r["iterations"]) == (chunked[k]["status"], chunked[k]["iterations"]), k
    assert abs(r["worst_loading_pct"] - chunked[k]["worst_loading_pct"]) < 1e-9, k

# A base case that does not converge (one Newton iteration): the run finishes, its tables say
# so, and the command exits 3 (results written, incomplete).
out = root / "ac_unconverged"
p = gat("nminus1", "ac", "case30", "--max-iter", 1, "-o", out, "--runs-dir", root / "runs_bad",
        check=False)
assert p.returncode == 3 and "did not converge in 1 of 1 hours" in p.stderr, (p.stdout, p.stderr)
assert [r["status"] for r in table(out, "ac_base_cases")] == ["not_converged"]
print("ok: nminus1 pre-contingency violations and the report filter")
