"""gat opf dc --profile gives the same hours whatever --chunk-hours: hours are solved in blocks
of --block-hours in one model, a block's first hour from the base case's basis and each next
from the previous hour's; a chunk that begins inside a block replays the block's hours before
it, so every hour is solved from the same start whatever the chunks. Chunks of 1, 5 or all
hours must give identical values in every column but run_id (the run id hashes the chunk size):

  - case118: quadratic costs, a QP that HiGHS solves cold every hour, and Ipopt on the hours
    where HiGHS's QP solver fails;
  - case30 with linear costs: an LP, warm-started;
  - case1354pegase: linear costs, every generator priced alike, so many optimal dispatches,
    and the one HiGHS ends at depends on the basis it starts from (the check of --block-hours
    at the end shows it); blocks of 6 hours, so that chunks begin inside blocks.
"""
import re

import pyarrow.parquet as pq

from runs_support import gat, scratch

root = scratch("opf_chunking")
profile = root / "day.csv"
# A day from 0.6 to 1.05 of the case's load; 0.61, 0.72 and 1.01 are loads where HiGHS 1.16's
# active-set QP solver fails on case118 and gat falls back to Ipopt.
scales = [0.61, 0.72, 0.83, 1.01, 0.9, 1.0, 0.75, 0.95, 0.6, 0.65, 0.7, 0.8,
          0.85, 0.92, 0.97, 1.05, 1.02, 0.98, 0.88, 0.78, 0.68, 0.63, 0.66, 0.69]
profile.write_text("hour,scale\n" + "".join(f"{h},{s}\n" for h, s in enumerate(scales)))

# case30 with its quadratic cost terms dropped: c2*P^2 + c1*P + c0 -> c1*P + c0.
linear30 = root / "case30_linear.m"
gat("convert", "case30", "--to", "matpower", "-o", linear30)
text = linear30.read_text()
head, rest = text.split("mpc.gencost = [", 1)
rows, tail = rest.split("];", 1)
rows = re.sub(r"^(\s*2\s+\S+\s+\S+\s+)3(\s+)\S+\s+", r"\g<1>2\2", rows, flags=re.M)
linear30.write_text(head + "mpc.gencost = [" + rows + "];" + tail)
assert "\t2\t0\t0\t2\t" in linear30.read_text(), "the cost rows were not rewritten"

TABLES = ("hour", "bus", "gen", "branch", "binding")


def read(case, chunk, extra=(), hours=None):
    out = root / f"{getattr(case, 'stem', case)}_{chunk}_{'_'.join(map(str, extra))}"
    gat("opf", "dc", case, "--profile", hours or profile, "--chunk-hours", chunk, *extra,
        "-o", out, "--runs-dir", root / "runs", timeout=300)
    tables = {}
    for t in TABLES:
        files = sorted((out / t).rglob("*.parquet"))
        assert files, f"{out}: no {t} table"
        parts = [pq.read_table(f).to_pydict() for f in files]
        tables[t] = {k: [v for p in parts for v in p[k]] for k in parts[0]}
    return tables


def same(a, b):
    return a == b or (isinstance(a, float) and a != a and isinstance(b, float) and b != b)


def compare(ref, got, what):
    for t in TABLES:
        assert ref[t].keys() == got[t].keys(), f"{what} {t}: columns differ"
        for col in ref[t]:
            if col == "run_id":
                continue
            x, y = ref[t][col], got[t][col]
            assert len(x) == len(y), f"{what} {t}.{col}: {len(y)} rows, {len(x)} expected"
            bad = [i for i in range(len(x)) if not same(y[i], x[i])]
            assert not bad, f"{what} {t}.{col}: rows {bad[:5]} differ: " \
                            f"{[(y[i], x[i]) for i in bad[:3]]}"


half_day = root / "half_day.csv"
half_day.write_text("\n".join(profile.read_text().splitlines()[:13]) + "\n")
CASES = [("case118", (), profile, 24),
         (linear30, (), profile, 24),
         ("case1354pegase", ("--block-hours", 6), half_day, 12)]
for case, extra, hours, n in CASES:
    ref = read(case, n, extra, hours)
    statuses = set(ref["hour"]["status"])
    assert statuses == {"optimal"}, f"{case}: {statuses}"
    for chunk in (1, 5):
        compare(ref, read(case, chunk, extra, hours), f"{case} --chunk-hours {chunk} vs {n}:")
    hot = sum(ref["hour"]["hot_started"])
    solvers = sorted(set(ref["hour"]["solver"]))
    print(f"ok {getattr(case, 'stem', case)}: {n} hours identical in chunks of 1, 5, {n} "
          f"(solvers {solvers}, {hot} hot-started)")
    if case == "case118":
        assert "ipopt" in solvers, "no hour reached the Ipopt fallback"
    else:
        assert hot == n, "an LP hour did not start from a basis"

# What the replay is for: on case1354pegase the dispatch depends on the basis an hour starts
# from (blocks of 1 hour: every hour from the base case's), while the cost and prices do not.
alone = read("case1354pegase", 12, ("--block-hours", 1), half_day)
ref = read("case1354pegase", 12, ("--block-hours", 6), half_day)
assert alone["gen"]["p_mw"] != ref["gen"]["p_mw"], "the dispatch no longer depends on the start"
for x, y in zip(alone["hour"]["objective_usd_per_h"], ref["hour"]["objective_usd_per_h"]):
    assert abs(x - y) <= 1e-9 * abs(y), (x, y)
print("ok case1354pegase: blocks of 1 and 6 hours reach other dispatches at the same cost")
