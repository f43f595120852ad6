"""Every study gat has passes check_study (study_support.py): executors agree byte for byte,
kill -9 + resume, runs list/show, and running it again. A study without an entry here fails."""
from study_support import *

root = scratch("every_study")
profile = write_profile(root / "hours.csv", hours=12)
RTS = Path(__file__).resolve().parent.parent / "data" / "rts79"
rts = ["--units", RTS / "units.csv", "--load-model", RTS, "--peak-mw", 2850]

STUDIES = {
    "batch pf": ["batch", "pf", "case30", "--profile", profile, "--block-hours", 4],
    "batch pf dc": ["batch", "pf", "dc", "case30", "--profile", profile, "--chunk-hours", 3],
    "nminus1 dc": ["nminus1", "dc", "case30", "--profile", profile, "--chunk-contingencies", 10],
    "opf dc": ["opf", "dc", "case30", "--profile", profile, "--chunk-hours", 4],
    "opf ac": (["opf", "ac", "case9"], 1),  # one chunk: the case
    "adequacy screen": ["adequacy", "screen", "case30", "--profile", profile, "--scenarios", 30,
                        "--for", 0.2, "--chunk-scenarios", 8],
    "adequacy indices": ["adequacy", "indices", *rts, "--years", 24, "--chunk-years", 8],
    # One chunk per method: the ELCC's bisection needs every sampled year at each step.
    "adequacy elcc": ["adequacy", "elcc", *rts, "--unit", "100,0.04,50", "--years", 20],
    # One chunk each: a single power flow, a PTDF from one factorization.
    "pf dc": (["pf", "dc", "case30"], 1),
    "pf ac": (["pf", "ac", "case30", "--q-limits"], 1),
    "sens ptdf": (["sens", "ptdf", "case30"], 1),
    "sens lodf": ["sens", "lodf", "case30", "--chunk-outages", 15],
    # At 60 % of the ratings the DC screen flags pairs in every hour block: AC solves to check.
    "nminus1 ac": ["nminus1", "ac", "case30", "--profile", profile, "--threshold", 60,
                   "--chunk-hours", 6, "--chunk-contingencies", 20],
    "batch mismatch": ["batch", "mismatch", "case30", "--profile", profile, "--chunk-hours", 4],
}

listed = [line.strip().split("  ")[0].removeprefix("gat ")
          for line in gat("studies").stdout.splitlines() if line.strip()]
missing = [s for s in listed if s not in STUDIES]
assert not missing, f"studies without a check here: {missing}"
for name, args in STUDIES.items():
    args, min_chunks = args if isinstance(args, tuple) else (args, 3)
    check_study(name, args, min_chunks)
    print("ok", name)
# opf dc without --profile: the case's DC-OPF, one chunk; with the AC post-check (Ipopt in
# the chunks).
check_study("opf dc", ["opf", "dc", "case30"], min_chunks=1)
print("ok", "opf dc (no profile)")
check_study("opf dc", ["opf", "dc", "case30", "--profile", profile, "--chunk-hours", 4,
                       "--ac-recheck"])
print("ok", "opf dc --ac-recheck")
