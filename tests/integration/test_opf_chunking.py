"""gat opf dc --profile gives the same hours whatever --chunk-hours: a chunk solves its hours in
order in one model, the first from the base case's basis, each next from the previous hour's,
so chunks of 1, 5 or all 24 hours start most hours from different bases.

  - case118 (quadratic costs, a QP that HiGHS solves cold every hour, Ipopt on the hours where
    HiGHS's QP solver fails): identical values in every column but run_id.
  - case30 with linear costs (an LP, warm-started from another basis in each chunking):
    status, objective, dispatch, flows, LMPs and binding constraints equal to 1e-9 relative
    (binding constraints compared by hour and constraint: their order by shadow price breaks
    ties by rounding); iterations and hot_started say how each hour was solved and may differ.
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
HOW = {"run_id", "iterations", "hot_started"}  # how an hour was solved, not what


def read(case, chunk):
    out = root / f"{getattr(case, 'stem', case)}_{chunk}"
    gat("opf", "dc", case, "--profile", profile, "--chunk-hours", chunk, "-o", out,
        "--runs-dir", root / "runs", timeout=300)
    tables = {}
    for t in TABLES:
        files = sorted((out / t).rglob("*.parquet"))
        assert files, f"{out}: no {t} table"
        parts = [pq.read_table(f).to_pydict() for f in files]
        tables[t] = {k: [v for p in parts for v in p[k]] for k in parts[0]}
    tables["binding"] = by_constraint(tables["binding"])
    return tables


def by_constraint(binding):
    """binding rows ordered by hour and constraint: equal shadow prices (to rounding) are listed
    in whichever order their last bits put them."""
    keys = ("hour", "kind", "element_id", "side")
    order = sorted(range(len(binding["hour"])), key=lambda i: tuple(binding[k][i] for k in keys))
    return {k: [v[i] for i in order] for k, v in binding.items()}


def close(a, b, rel):
    if isinstance(a, float) and isinstance(b, float):
        if a != a or b != b:
            return a != a and b != b
        return abs(a - b) <= rel * max(1.0, abs(b))
    return a == b


def compare(ref, got, what, rel):
    for t in TABLES:
        assert ref[t].keys() == got[t].keys(), f"{what} {t}: columns differ"
        for col in ref[t]:
            if col in HOW:
                continue
            x, y = ref[t][col], got[t][col]
            assert len(x) == len(y), f"{what} {t}.{col}: {len(y)} rows, {len(x)} expected"
            bad = [i for i in range(len(x)) if not close(y[i], x[i], rel)]
            assert not bad, f"{what} {t}.{col}: rows {bad[:5]} differ: " \
                            f"{[(y[i], x[i]) for i in bad[:3]]}"


for case, rel in (("case118", 0.0), (linear30, 1e-9)):
    ref = read(case, len(scales))
    statuses = set(ref["hour"]["status"])
    assert statuses == {"optimal"}, f"{case}: {statuses}"
    for chunk in (1, 5):
        compare(ref, read(case, chunk), f"{case} --chunk-hours {chunk} vs {len(scales)}:", rel)
    hot = sum(ref["hour"]["hot_started"])
    solvers = sorted(set(ref["hour"]["solver"]))
    print(f"ok {getattr(case, 'stem', case)}: {len(scales)} hours alike in chunks of 1, 5, "
          f"{len(scales)} ({'identical' if rel == 0 else f'{rel:g} relative'}; solvers {solvers}, "
          f"{hot} hot-started)")
    if case == "case118":
        assert "ipopt" in solvers, "no hour reached the Ipopt fallback"
    else:
        assert hot == len(scales), "an LP hour did not start from a basis"
