"""gat pf dc|ac and gat sens as a user runs them: one-chunk studies (LODF: chunks of outages
if asked, the same rows) whose highlights say what the power flow found, exit 3 when an
island was not solved (its tables written), and -o - printing the table users expect (branch
for DC, bus for AC).

Expected values are the case's own data, not gat's output: case9 carries 315 MW of load
(MATPOWER's case9: 90 + 100 + 125 MW) and two-island.m below 50 MW in its energized island."""
import csv
import io
import re

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from runs_support import gat, scratch

root = scratch("pf")
runs = root / "runs"

# Island 0: a generator at bus 1 feeding 50 MW at bus 2 over a 100 MVA line. Island 1 (buses
# 3, 4): load and no generator, so it cannot be solved.
two = root / "two_islands.m"
two.write_text("""function mpc = two_islands
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
  1 3  0  0 0 0 1 1 0 135 1 1.1 0.9;
  2 1 50 10 0 0 1 1 0 135 1 1.1 0.9;
  3 1 20  5 0 0 1 1 0 135 1 1.1 0.9;
  4 1 20  5 0 0 1 1 0 135 1 1.1 0.9;
];
mpc.gen = [
  1 0 0 300 -300 1 100 1 250 0;
];
mpc.branch = [
  1 2 0.01 0.1 0 100 0 0 0 0 1 -360 360;
  3 4 0.01 0.1 0 0 0 0 0 0 1 -360 360;
];
""")

# case9: every island solved, exit 0; the load of the case.
p = gat("pf", "dc", "case9", "-o", root / "dc9", "--runs-dir", runs)
assert "1 of 1 chunks done" in p.stdout, p.stdout
assert "islands      1, 1 solved" in p.stdout, p.stdout
assert "load         315.0 MW    generation 315.0 MW" in p.stdout, p.stdout
assert "overloads    0 of 9 rated branches" in p.stdout, p.stdout
branch = pq.read_table(root / "dc9" / "branch" / "part-00000.parquet")
assert branch.num_rows == 9 and (root / "dc9" / "_SUCCESS").exists()

p = gat("pf", "ac", "case9", "-o", root / "ac9", "--runs-dir", runs)
assert "converged in" in p.stdout and "load         315.0 MW  115.0 MVAr" in p.stdout, p.stdout

# An island without generation: the tables are written, the command exits 3 and says why.
for kind in ("dc", "ac"):
    out = root / f"two_{kind}"
    p = gat("pf", kind, two, "-o", out, "--runs-dir", runs, check=False)
    assert p.returncode == 3, (kind, p.returncode, p.stdout, p.stderr)
    assert "not every island was solved" in p.stderr, p.stderr
    assert "islands      2, 1 solved" in p.stdout and "island 1:" in p.stdout, p.stdout
    assert "load         50.0 MW" in p.stdout, p.stdout
    status = pq.read_table(out / "island" / "part-00000.parquet").column("status").to_pylist()
    assert status == ["solved", "no_generation"], status
    # Again into the same folder: complete already, and still not whole.
    p = gat("pf", kind, two, "-o", out, "--runs-dir", runs, check=False)
    assert p.returncode == 3 and "complete already" in p.stdout, (p.returncode, p.stdout)
    # Resumed: nothing to run, and still not whole.
    run_id = re.search(r"run ([0-9a-f]{16}):", p.stdout).group(1)
    p = gat("runs", "resume", run_id, "--runs-dir", runs, check=False)
    assert p.returncode == 3 and "ran 0" in p.stdout, (p.returncode, p.stdout)
    assert "not every island was solved" in p.stderr, p.stderr

# -o -: the table users expect on standard output, the summary on standard error.
for kind, first in [("dc", "branch_id"), ("ac", "bus_id")]:
    p = gat("pf", kind, "case9", "-o", "-", "--runs-dir", runs)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert len(rows) == 9 and first in rows[0], (kind, p.stdout[:300])
    assert "islands" in p.stderr, p.stderr
p = gat("pf", "ac", "case9", "-o", "-", "--table", "gen", "--runs-dir", runs)
assert len(list(csv.DictReader(io.StringIO(p.stdout)))) == 3, p.stdout

# Sensitivities: case30's 41 branches, all in service, 3 of them bridges (MATPOWER's case30:
# buses 11, 13 and 26 hang on one branch each).
p = gat("sens", "lodf", "case30", "-o", root / "lodf", "--runs-dir", runs)
assert "outages      41 branches in service" in p.stdout, p.stdout
assert "islanding    3 outages" in p.stdout, p.stdout
# In chunks of outages: the same rows in the same order.
p = gat("sens", "lodf", "case30", "--chunk-outages", 7, "-o", root / "lodf7", "--runs-dir", runs)
assert "6 of 6 chunks done" in p.stdout, p.stdout
for table in ("lodf", "lodf_outages"):
    whole, chunked = (ds.dataset(root / d / table).to_table().drop(["run_id"])
                      for d in ("lodf", "lodf7"))
    assert whole.num_rows > 0 and whole.equals(chunked), table
p = gat("sens", "ptdf", "case30", "--slack", 2, "-o", root / "ptdf", "--runs-dir", runs)
assert "ptdf         case30  (41 branches x 30 buses): 1230 entries" in p.stdout, p.stdout
assert "slack        bus 2" in p.stdout, p.stdout
weights = root / "w.csv"
weights.write_text("bus_id,weight\n1,1\n2,1\n")
p = gat("sens", "ptdf", "case30", "--slack", 2, "--slack-weights", weights, "-o", root / "x",
        "--runs-dir", runs, check=False)
assert p.returncode == 2 and "not both" in p.stderr, (p.returncode, p.stderr)
print("ok")
