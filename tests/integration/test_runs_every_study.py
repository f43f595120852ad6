"""Every study gat has passes check_study (study_support.py): executors agree byte for byte,
kill -9 + resume, runs list/show, and running it again. A study without an entry here fails."""
from study_support import *

root = scratch("every_study")
profile = write_profile(root / "hours.csv", hours=12)

STUDIES = {
    "batch pf": ["batch", "pf", "case30", "--profile", profile, "--block-hours", 4],
    "batch pf dc": ["batch", "pf", "dc", "case30", "--profile", profile, "--chunk-hours", 3],
    "nminus1 dc": ["nminus1", "dc", "case30", "--profile", profile, "--chunk-contingencies", 10],
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
    check_study(name, args)
    print("ok", name)
