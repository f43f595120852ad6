#!/usr/bin/env python3
"""Give a MATPOWER case branch ratings it lacks (case13659pegase has none), for benchmarks.

rateA = max(FACTOR * |P_dc|, FLOOR_MW), rounded up to whole MW, where P_dc is the branch's
base-case DC flow as `gat pf dc CASE -o - --table branch` reports it (column
p_from_mw). Branches that already have a rating keep it. The case file is copied line by line;
only the rateA column of mpc.branch rows changes.

Usage: rate_case.py CASE.m FLOWS.csv FACTOR FLOOR_MW > CASE_rated.m
"""
import csv
import math
import sys


def main() -> None:
    case, flows_csv, factor, floor = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    with open(flows_csv, newline="") as f:
        flows = [abs(float(r["p_from_mw"] or 0.0)) for r in csv.DictReader(f)]
    row = 0
    in_branch = False
    out = sys.stdout
    with open(case) as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith("mpc.branch") and "[" in stripped:
                in_branch = True
                out.write(line)
                continue
            if in_branch and stripped.startswith("];"):
                in_branch = False
            if in_branch and stripped and not stripped.startswith("%"):
                body, sep, rest = line.partition(";")
                cols = body.split()
                if len(cols) >= 11:
                    if float(cols[5]) == 0.0:
                        cols[5] = str(int(math.ceil(max(factor * flows[row], floor))))
                    row += 1
                    line = "\t" + "\t".join(cols) + sep + rest
            out.write(line)
    if row != len(flows):
        sys.exit(f"rate_case.py: {row} branch rows but {len(flows)} flows")


if __name__ == "__main__":
    main()
