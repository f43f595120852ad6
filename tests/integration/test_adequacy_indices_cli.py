"""gat adequacy indices as a user runs it: the IEEE RTS 1979 from tests/data/rts79, the COPT
against the paper's published LOLE, both Monte Carlo methods' intervals around it, the
per-year and indices tables, and one clear line for bad input."""
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from runs_support import gat, scratch

RTS = Path(__file__).resolve().parent.parent / "data" / "rts79"
root = scratch("adequacy_indices")


def indices(*extra, units=RTS / "units.csv", model=RTS, check=True, runs=root / "runs"):
    return gat("adequacy", "indices", "--units", units, "--load-model", model, "--peak-mw", 2850,
               "--runs-dir", runs, *extra, check=check)


def table(out, name):
    return pq.read_table(sorted((out / name).glob("*.parquet"))).to_pylist()


out = root / "rts"
p = indices("--years", 600, "--seed", 5, "-o", out)
copt = re.search(r"COPT\s+LOLE ([\d.]+) h.*daily peaks: LOLE ([\d.]+) days", p.stdout)
assert copt, p.stdout
lole, lole_days = float(copt[1]), float(copt[2])
assert abs(lole - 9.39) <= 0.005 and abs(lole_days - 1.37) <= 0.005, p.stdout  # the paper's
for method in ("states", "sequential"):
    m = re.search(method + r"\s+\d+ years.*?LOLE ([\d.]+) \(se [\d.]+, 95 % CI ([\d.]+)–([\d.]+)",
                  p.stdout)
    assert m and float(m[2]) < lole < float(m[3]), (method, p.stdout)
assert re.search(r"LOLF [\d.]+ .*LOLD [\d.]+ h", p.stdout), p.stdout

years = table(out, "adequacy_years")
assert len(years) == 1200, len(years)
states = [r for r in years if r["method"] == "states"]
seq = [r for r in years if r["method"] == "sequential"]
assert len(states) == len(seq) == 600
assert all(r["events"] is None for r in states) and all(r["events"] is not None for r in seq)
assert all(0 <= r["events"] <= r["lol_hours"] for r in seq)
mean_seq = sum(r["lol_hours"] for r in seq) / len(seq)
assert f"sequential   600 years: LOLE {mean_seq:.3f}" in p.stdout, (mean_seq, p.stdout)

# The indices table holds what was printed: the COPT exact, each Monte Carlo index with its error.
rows = {(r["method"], r["index"]): r for r in table(out, "adequacy_indices")}
exact = rows[("copt", "lole")]["value"]
assert abs(exact - 9.39) <= 0.005 and f"COPT         LOLE {exact:.4f} h" in p.stdout, exact
assert rows[("copt", "lole")]["std_error"] is None and rows[("sequential", "lolf")]["samples"] == 600
assert abs(rows[("sequential", "lole")]["value"] - mean_seq) < 1e-12

# The same seed gives the same years, computed again in another run store (not reused); the
# COPT alone needs no years: no chunks, and no year table.
highlights = lambda text: text.split("record ")[1].split("\n", 1)[1]
again = indices("--years", 600, "--seed", 5, "-o", root / "again", runs=root / "runs2")
assert "reused" not in again.stdout and highlights(again.stdout) == highlights(p.stdout)
assert table(root / "again", "adequacy_years") == [dict(r, run_id=years[0]["run_id"]) for r in years]
only = indices("--method", "copt", "-o", root / "copt")
assert "0 of 0 chunks" in only.stdout and "states" not in only.stdout, only.stdout
assert not (root / "copt" / "adequacy_years").exists()

# Bad input: one line naming the file and line, exit 1, nothing written.
bad_units = root / "units_bad.csv"
bad_units.write_text((RTS / "units.csv").read_text().replace("U350,coal/steam,350,1,0.08",
                                                             "U350,coal/steam,350,1,1.0"))
p = indices("-o", root / "bad1", units=bad_units, check=False)
assert p.returncode == 1 and p.stderr.count("\n") == 1, (p.returncode, p.stderr)
assert "units_bad.csv:9: unit type U350: forced outage rate 1.0" in p.stderr, p.stderr
assert not (root / "bad1").exists()

short = root / "short_model"
shutil.copytree(RTS, short)
lines = (short / "hourly_peak.csv").read_text().splitlines()
(short / "hourly_peak.csv").write_text("\n".join(lines[:-1]) + "\n")  # 23 hours
p = indices("-o", root / "bad2", model=short, check=False)
assert p.returncode == 1 and "hourly_peak.csv" in p.stderr and "23 hours" in p.stderr, p.stderr

# An hourly profile instead of the load model: the RTS's own hours give the same COPT figures,
# the daily peaks taken as each day's largest hour.
hourly = root / "rts_hours.csv"
hours = []
weekly = [l.split(",") for l in (RTS / "weekly_peak.csv").read_text().split()[1:]]
daily = [l.split(",") for l in (RTS / "daily_peak.csv").read_text().split()[1:]]
shape_lines = (RTS / "hourly_peak.csv").read_text().split()
columns = shape_lines[0].split(",")
shapes = {c: [float(l.split(",")[i]) for l in shape_lines[1:]] for i, c in enumerate(columns)}
for _, w, season in weekly:
    for _, d, kind in daily:
        hours += [2850 * float(w) / 100 * float(d) / 100 * x / 100 for x in shapes[f"{season}_{kind}"]]
hourly.write_text("hour,load_mw\n" + "".join(f"{h},{x!r}\n" for h, x in enumerate(hours)))
p = gat("adequacy", "indices", "--units", RTS / "units.csv", "--load", hourly, "--method", "copt",
        "-o", root / "hourly", "--runs-dir", root / "runs")
assert f"COPT         LOLE {lole:.4f} h" in p.stdout and f"LOLE {lole_days:.4f} days" in p.stdout, p.stdout

gap = root / "gap.csv"
gap.write_text("hour,load_mw\n0,100\n1,100\n3,100\n")
p = gat("adequacy", "indices", "--units", RTS / "units.csv", "--load", gap, "-o", root / "bad4",
        "--runs-dir", root / "runs", check=False)
assert p.returncode == 1 and "gap.csv:4: hour 3, expected 2" in p.stderr, p.stderr
p = gat("adequacy", "indices", "--units", RTS / "units.csv", "-o", root / "bad5", "--runs-dir",
        root / "runs", check=False)
assert p.returncode == 2 and "--load" in p.stderr, (p.returncode, p.stderr)

p = indices("--method", "magic", "-o", root / "bad3", check=False)
assert p.returncode not in (0, 1) and p.returncode < 128 and "--method" in p.stderr, p.stderr
print("ok")
