"""gat adequacy indices with renewables and gat adequacy elcc as a user runs them: the IEEE RTS 1979 with a
synthetic 400 MW solar plant in two weather years. The reference is a COPT written here in
Python (the exact distribution of the RTS's outages, each weather year's net load, averaged),
with its ELCC by bisection; the Monte Carlo intervals must contain it; a perfectly reliable unit
is worth its capacity; bad renewables input gives one line naming the file and line."""
import math
import re
from pathlib import Path

from runs_support import gat, scratch

RTS = Path(__file__).resolve().parent.parent / "data" / "rts79"
root = scratch("adequacy_elcc")


def rts_hourly_load():
    weekly = [l.split(",") for l in (RTS / "weekly_peak.csv").read_text().split()[1:]]
    daily = [l.split(",") for l in (RTS / "daily_peak.csv").read_text().split()[1:]]
    lines = (RTS / "hourly_peak.csv").read_text().split()
    cols = lines[0].split(",")
    shapes = {c: [float(l.split(",")[i]) for l in lines[1:]] for i, c in enumerate(cols)}
    load = []
    for _, w, season in weekly:
        for _, d, kind in daily:
            load += [2850 * float(w) / 100 * float(d) / 100 * x / 100
                     for x in shapes[f"{season}_{kind}"]]
    return load


def solar_cf(h, cloudy):
    """Day length 12 ± 3 h, a half sine about noon, clear-sky peak 0.55 ± 0.2 (summer high);
    the cloudy year scales each day by a fixed factor in [0.3, 1]."""
    d = h // 24
    season = math.cos(2 * math.pi * (d - 172) / 365)
    length = 12 + 3 * season
    t = h % 24 + 0.5 - (12 - length / 2)
    if t <= 0 or t >= length:
        return 0.0
    clouds = 0.3 + 0.7 * ((d * 7919) % 100) / 99 if cloudy else 1.0
    return round((0.55 + 0.2 * season) * math.sin(math.pi * t / length) * clouds, 6)


class Copt:
    def __init__(self, units):  # [(MW, FOR)], integer MW
        p = [1.0]
        for c, q in units:
            p = [(1 - q) * (p[k] if k < len(p) else 0) + q * (p[k - c] if k >= c else 0)
                 for k in range(len(p) + c)]
        self.installed = len(p) - 1
        self.tail = [0.0] * (len(p) + 1)
        for k in range(len(p) - 1, -1, -1):
            self.tail[k] = self.tail[k + 1] + p[k]

    def lole(self, load):  # Σ_h P(A < L_h)
        total = 0.0
        for l in load:
            reserve = self.installed - l
            k = 0 if reserve < 0 else min(len(self.tail) - 1, math.floor(reserve) + 1)
            total += self.tail[k]
        return total


def mean_lole(copt, profiles, added=0.0):
    return sum(copt.lole([l + added for l in p]) for p in profiles) / len(profiles)


def elcc(copt_without, copt_with, net_without, net_with, upper):
    target = mean_lole(copt_without, net_without)
    lo, hi = 0.0, upper
    while hi - lo > 1e-3:
        mid = (lo + hi) / 2
        if mean_lole(copt_with, net_with, mid) <= target:
            lo = mid
        else:
            hi = mid
    return lo


units = []
for row in (RTS / "units.csv").read_text().split("\n")[1:]:
    if row:
        f = row.split(",")
        units += [(int(f[2]), float(f[4]))] * int(f[3])
load = rts_hourly_load()
cf = {w: [solar_cf(h, w == "cloudy") for h in range(len(load))] for w in ("clear", "cloudy")}
pv = root / "pv.csv"
pv.write_text("plant,capacity_mw,weather_year,hour,capacity_factor\n" + "".join(
    f"pv,400,{w},{h},{x}\n" for w in cf for h, x in enumerate(cf[w])))
net = [[l - 400 * x for l, x in zip(load, cf[w])] for w in cf]
copt = Copt(units)
ref_lole = mean_lole(copt, net)
ref_elcc = elcc(copt, copt, [load], net, 400)


def indices(*extra, check=True, command="indices"):
    return gat("adequacy", command, "--units", RTS / "units.csv", "--load-model", RTS,
               "--peak-mw", 2850, "--runs-dir", root / "runs", *extra, check=check)


def gat_elcc(*extra, check=True):
    return indices(*extra, check=check, command="elcc")


p = indices("--renewables", pv, "--years", 300, "--seed", 3, "-o", root / "pv")
assert "renewables   1 plant(s), 400 MW, 2 weather year(s)" in p.stdout, p.stdout
m = re.search(r"COPT\s+LOLE ([\d.]+) h", p.stdout)
assert m and abs(float(m[1]) - ref_lole) < 1e-3, (ref_lole, p.stdout)
assert ref_lole < 9.39 - 2, ref_lole  # the plant matters
for method in ("states", "sequential"):
    m = re.search(method + r"\s+\d+ years.*?LOLE ([\d.]+) \(se [\d.]+, 95 % CI ([\d.]+)–([\d.]+)",
                  p.stdout)
    assert m and float(m[2]) < ref_lole < float(m[3]), (method, ref_lole, p.stdout)
p = gat_elcc("--renewables", pv, "--years", 300, "--seed", 3, "-o", root / "pv_elcc")
m = re.search(r"ELCC\s+of 1 renewable plant\(s\), 400 MW\n\s+COPT\s+([\d.]+) MW", p.stdout)
assert m and abs(float(m[1]) - ref_elcc) < 0.01, (ref_elcc, p.stdout)
for method in ("states", "sequential"):
    m = re.search(method + r" +300 years, common random numbers: ([\d.]+) MW \(se ([\d.]+), "
                  r"95 % CI ([\d.]+)–([\d.]+)\)", p.stdout)
    assert m and float(m[3]) < ref_elcc < float(m[4]) and float(m[2]) > 0, (method, p.stdout)

# A perfectly reliable 100 MW unit carries 100 MW; the candidate unit's ELCC is computed
# against the system with the renewables.
p = gat_elcc("--unit", "100,0", "--method", "copt", "-o", root / "perfect")
assert re.search(r"COPT\s+100\.000 MW", p.stdout), p.stdout
p = gat_elcc("--renewables", pv, "--unit", "100,0.04", "--method", "copt", "-o", root / "u")
m = re.search(r"ELCC\s+of unit 100,0.04.*\n\s+COPT\s+([\d.]+) MW", p.stdout)
ref_unit = elcc(copt, Copt(units + [(100, 0.04)]), net, net, 100)
assert m and abs(float(m[1]) - ref_unit) < 0.01 and float(m[1]) < 100, (ref_unit, p.stdout)

# Bad input: one line naming the file and line, exit 1, nothing written; usage errors exit 2.
text = pv.read_text().splitlines()
for name, lines, expect in [
        ("cf.csv", text[:5] + ["pv,400,clear,4,1.5"] + text[6:], "cf.csv:6: plant pv: capacity_factor 1.5 is outside [0, 1]"),
        ("nan.csv", text[:5] + ["pv,400,clear,4,nan"] + text[6:], "nan.csv:6: plant pv: capacity_factor nan"),
        ("short.csv", text[:-1], "short.csv:17472: plant pv, weather year cloudy: 8735 hours, the load has 8736")]:
    bad = root / name
    bad.write_text("\n".join(lines) + "\n")
    p = indices("--renewables", bad, "-o", root / ("out_" + name), check=False)
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and expect in p.stderr, (name, p.stderr)
    assert not (root / ("out_" + name)).exists()
p = gat_elcc("-o", root / "bad_usage", check=False)
assert p.returncode == 2 and "elcc needs --renewables" in p.stderr, p.stderr
p = gat_elcc("--unit", "100,0.04", "-o", root / "bad_usage", check=False)
assert p.returncode == 2 and "MTTR_h" in p.stderr, p.stderr
print("ok")
