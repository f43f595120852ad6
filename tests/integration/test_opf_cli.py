"""gat opf dc --profile as a user runs it: safe at any thread count when hours reach Ipopt,
each hour its own load whatever solver solves it, --threads checked."""
import pyarrow as pa
import pyarrow.parquet as pq

from runs_support import gat, scratch

root = scratch("opf")
profile = root / "day.csv"
# 0.61, 0.72 and 1.01 are loads where HiGHS 1.16's active-set QP solver fails on case118 and
# gat falls back to Ipopt; the others it solves.
scales = [0.61, 0.72, 0.83, 1.01, 0.9, 1.0, 0.75, 0.95] * 3
profile.write_text("hour,scale\n" + "".join(f"{h},{s}\n" for h, s in enumerate(scales)))


def hours(out):
    """The hour table: one file per chunk."""
    return pa.concat_tables(
        [pq.read_table(f) for f in sorted((out / "hour").glob("*.parquet"))]).to_pylist()


# Many threads (the local executor's), one hour a chunk, repeatedly: before Ipopt was
# serialized these runs crashed inside MUMPS most of the time.
for rep in range(4):
    for case, extra in (("case118", ()), ("case30", ("--qp-solver", "ipopt"))):
        out = root / f"{case}_{rep}"
        # --force: computed again each time, not the first run's tables reused. Blocks of one
        # hour: no chunk replays another's hours.
        p = gat("opf", "dc", case, "--profile", profile, "--threads", 8, "--chunk-hours", 1,
                "--block-hours", 1, *extra, "-o", out, "--runs-dir", root / "runs", "--force")
        # The summary says which solver solved how many hours.
        assert "Ipopt 3." in p.stdout and " hours" in p.stdout, p.stdout
        rows = hours(out)
        assert len(rows) == len(scales) and all(r["status"] == "optimal" for r in rows), rows

# Each hour is its own problem: equal scales give equal costs, and the cost rises with load
# (case118's costs are increasing in every generator's output), Ipopt-solved hours included.
rows = hours(root / "case118_0")
assert any(r["message"].startswith("Ipopt") for r in rows), "no hour reached the fallback"
cost = {}
for r in rows:
    cost.setdefault(r["load_scale"], set()).add(round(r["objective_usd_per_h"], 4))
assert all(len(c) == 1 for c in cost.values()), cost
ordered = [next(iter(cost[s])) for s in sorted(cost)]
assert ordered == sorted(set(ordered)), ordered

# --threads must be a positive number or auto: refused before anything is read or written.
for bad in ("0", "-1", "x", "3abc", "2.5"):
    out = root / f"bad{bad}"
    p = gat("opf", "dc", "case9", "--profile", profile, "--threads", bad, "-o", out,
            "--runs-dir", root / "runs", check=False)
    assert p.returncode == 2, (bad, p.returncode, p.stderr)
    assert "--threads" in p.stderr and ("positive" in p.stderr or "number" in p.stderr), p.stderr
    assert not out.exists(), f"--threads {bad}: wrote {out}"
print("ok")
