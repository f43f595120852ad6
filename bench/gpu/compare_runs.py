"""Compares two gat output folders table by table (rows sorted, run_id dropped): equal integers
and text, floats to a relative tolerance. Prints one line per table; exit 1 on a difference.
    python3 compare_runs.py GPU_OUT CPU_OUT [rtol]"""
import math
import sys
from pathlib import Path

import pyarrow.dataset as ds

a, b = Path(sys.argv[1]), Path(sys.argv[2])
rtol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
bad = 0
tables = {p.name for root in (a, b) for p in root.iterdir()
          if p.is_dir() and not p.name.startswith("_")}
for table in sorted(tables):
    def rows(root):
        if not (root / table).is_dir():
            return [], []  # no rows written
        fmt = "csv" if any((root / table).rglob("*.csv")) else "parquet"
        t = ds.dataset(root / table, format=fmt, partitioning="hive").to_table()
        t = t.drop([c for c in ("run_id",) if c in t.column_names])
        return t.column_names, sorted(map(tuple, zip(*[c.to_pylist() for c in t.columns])),
                                      key=lambda r: tuple(str(x) for x in r))
    names, ra = rows(a)
    _, rb = rows(b)
    worst, differ = 0.0, len(ra) != len(rb)
    for x, y in zip(ra, rb):
        for u, v in zip(x, y):
            if isinstance(u, float) and isinstance(v, float):
                if math.isnan(u) and math.isnan(v):
                    continue
                d = abs(u - v) / max(1.0, abs(v))
                worst = max(worst, d)
                differ |= d > rtol
            else:
                differ |= u != v
    bad += differ
    print(f"  {table:24s} {len(ra):8d} rows (cpu {len(rb)})  worst rel diff {worst:.2e}  "
          f"{'DIFFERENT' if differ else 'same'}")
sys.exit(1 if bad else 0)
