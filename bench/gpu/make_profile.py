#!/usr/bin/env python3
"""Synthetic hourly load profile (hour,scale) for screening benchmarks.

scale(h) = seasonal(day) * weekly(day) * daily(hour of day), peaking at 1.0 on a winter
weekday evening and falling to about 0.55 on a summer-night weekend. Deterministic: the same
hours give the same file.
Usage: make_profile.py HOURS > profile.csv
"""
import math
import sys


def scale(h: int) -> float:
    day, hod = divmod(h, 24)
    daily = 0.72 + 0.28 * max(0.0, math.sin(math.pi * (hod - 5) / 17)) if 5 <= hod <= 22 else 0.72
    weekly = 0.9 if day % 7 in (5, 6) else 1.0
    seasonal = 0.85 + 0.15 * math.cos(2 * math.pi * day / 365)
    return daily * weekly * seasonal


def main() -> None:
    hours = int(sys.argv[1])
    print("hour,scale")
    for h in range(hours):
        print(f"{h},{scale(h):.6f}")


if __name__ == "__main__":
    main()
