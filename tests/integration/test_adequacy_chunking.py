"""The Monte Carlo adequacy studies give the same tables whatever their chunks (1, 7, every
scenario in one), to the last bit: a scenario's draws depend on (seed, scenario) alone and the
reductions over scenarios are exact. `gat runs replay RUN --scenario K` recomputes scenario K
alone from the run's record and prints the rows it has in the run's tables."""
import csv
import io
from pathlib import Path

import pyarrow.parquet as pq

from runs_support import gat, run_id_of, scratch

RTS = Path(__file__).resolve().parent.parent / "data" / "rts79"
root = scratch("adequacy_chunking")


def tables(out):
    """{table: rows} of a run's output folder, without the run id (chunk sizes are in it)."""
    found = {}
    for d in sorted(Path(out).iterdir()):
        if d.is_dir() and not d.name.startswith("_"):
            t = pq.read_table(sorted(d.glob("*.parquet"))).drop(["run_id"])
            found[d.name] = t.to_pylist()
    return found


def runs(args, n, chunk_flag, name):
    """The tables for chunks of 1, 7 and all, each asserted equal to the others."""
    results, run_ids = {}, {}
    for size in (1, 7, n):
        out = root / f"{name}_{size}"
        p = gat(*args, chunk_flag, size, "-o", out, "--runs-dir", root / "runs", timeout=240)
        assert f"{-(-n // size)} of {-(-n // size)} chunks done" in p.stdout, p.stdout
        results[size], run_ids[size] = tables(out), run_id_of(p.stdout)
    assert results[1] == results[7] == results[n], f"{name}: tables differ between chunkings"
    return results[n], run_ids[7]


def replay(run_id, k, table):
    p = gat("runs", "replay", run_id, "--scenario", k, "--table", table, "--runs-dir",
            root / "runs")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows and all(r["run_id"] == run_id for r in rows), p.stdout
    return rows


def same(replayed, rows, what):
    """CSV text against the run's values: every number to the last bit."""
    assert len(replayed) == len(rows), (what, replayed, rows)
    for a, b in zip(replayed, rows):
        for k, v in b.items():
            text = a[k]
            ok = (text == "" and v is None) if v is None else (
                text == v if isinstance(v, str) else float(text) == v)
            assert ok, (what, k, text, v)


# gat adequacy indices on the RTS: both Monte Carlo methods, a CoV stop inside the years.
years = 120
args = ["adequacy", "indices", "--units", RTS / "units.csv", "--load-model", RTS, "--peak-mw",
        2850, "--years", years, "--seed", 4, "--min-years", 50, "--target-cov", 0.2]
t, run_id = runs(args, years, "--chunk-years", "indices")
states = [r for r in t["adequacy_years"] if r["method"] == "states"]
seq = [r for r in t["adequacy_years"] if r["method"] == "sequential"]
assert [r["year"] for r in states] == list(range(years)), "states: every year, in order"
assert 50 <= len(seq) < years and len(seq) % 50 == 0, f"sequential stopped at {len(seq)}"
index = {(r["method"], r["index"]): r for r in t["adequacy_indices"]}
for m, rows in (("states", states), ("sequential", seq)):  # the indices are the years' means
    lole = index[(m, "lole")]
    assert lole["samples"] == len(rows)
    assert abs(lole["value"] - sum(r["lol_hours"] for r in rows) / len(rows)) < 1e-12
assert index[("sequential", "lole")]["cov"] <= 0.2
for k in (0, 37, 119):
    rows = [r for r in t["adequacy_years"] if r["year"] == k]
    replayed = replay(run_id, k, "adequacy_years")
    if k >= len(seq):  # sampled, but past where --target-cov stopped the sequential run
        assert [r["method"] for r in replayed] == ["states", "sequential"], replayed
        replayed = replayed[:1]
    same(replayed, rows, f"indices year {k}")

# gat adequacy screen on case30 with outage rates high enough to be short.
n = 40
args = ["adequacy", "screen", "case30", "--scenarios", n, "--hours", 6, "--for", 0.3, "--seed", 9]
t, run_id = runs(args, n, "--chunk-scenarios", "screen")
scen, hours = t["adequacy_scenarios"], t["adequacy_hours"]
assert [r["scenario"] for r in scen] == list(range(n))
assert sum(r["lol_scenarios"] for r in hours) == sum(r["lol_hours"] for r in scen) > 0
total = sum(r["unserved_mwh"] for r in scen)
assert abs(sum(r["unserved_mwh_mean"] for r in hours) * n - total) <= 1e-9 * total
for k in (0, 13, 39):
    same(replay(run_id, k, "adequacy_scenarios"), [scen[k]], f"screen scenario {k}")

# Replay's usage errors: exit 2, one line.
for extra, expect in [(["--scenario", n], "not 40"), (["--scenario", 1, "--table", "x"], "no table 'x'")]:
    p = gat("runs", "replay", run_id, *extra, "--runs-dir", root / "runs", check=False)
    assert p.returncode == 2 and expect in p.stderr and p.stderr.count("\n") == 1, p.stderr
print("ok")
