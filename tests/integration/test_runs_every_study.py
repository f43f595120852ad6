"""Every study gat has passes check_study (study_support.py): executors agree byte for byte,
kill -9 + resume, runs list/show, and running it again. A study without an entry here fails."""
from study_support import *

root = scratch("every_study")
profile = write_profile(root / "hours.csv", hours=12)

STUDIES = {
    "batch pf": ["batch", "pf", "case30", "--profile", profile, "--block-hours", 4],
    "batch pf dc": ["batch", "pf", "dc", "case30", "--profile", profile, "--chunk-hours", 3],
    "nminus1 dc": ["nminus1", "dc", "case30", "--profile", profile, "--chunk-contingencies", 10],
    # One chunk each: a single power flow, a PTDF from one factorization.
    "pf dc": (["pf", "dc", "case30"], 1),
    "pf ac": (["pf", "ac", "case30", "--q-limits"], 1),
    "sens ptdf": (["sens", "ptdf", "case30"], 1),
    "sens lodf": ["sens", "lodf", "case30", "--chunk-outages", 15],
}

listed = [line.strip().split("  ")[0].removeprefix("gat ")
          for line in gat("studies").stdout.splitlines() if line.strip()]
missing = [s for s in listed if s not in STUDIES]
assert not missing, f"studies without a check here: {missing}"
for name, args in STUDIES.items():
    args, min_chunks = args if isinstance(args, tuple) else (args, 3)
    check_study(name, args, min_chunks)
    print("ok", name)
