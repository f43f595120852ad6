"""gat runs list / show / --table --top, JSON progress lines, the run lock, bad profiles."""
import json

from runs_support import *

root = scratch("cli")
profile = write_profile(root / "hours.csv")
d = root / "a"
p = gat(*batch_args(d, profile, d / "out"))
run_id = run_id_of(p.stdout)

# Progress as JSON lines on stderr when asked (and when stderr is not a terminal).
events = [json.loads(line) for line in p.stderr.splitlines() if line.startswith("{")]
assert events[0]["event"] == "run_start" and events[0]["chunks"] == 12, events[0]
assert sum(e["event"] == "chunk" for e in events) == 12
assert events[-1]["event"] == "run_end" and events[-1]["done"] == 12

listing = gat("runs", "list", "--runs-dir", d / "runs").stdout
assert run_id in listing and "batch pf dc" in listing and "12/12" in listing, listing

show = gat("runs", "show", run_id[:6], "--runs-dir", d / "runs").stdout
assert "12: 12 done, 0 failed" in show and "complete" in show and "timing" in show, show

# case118 has no ratings (loading_pct is null), so rank by flow.
top = gat("runs", "show", run_id, "--runs-dir", d / "runs", "--table", "branch", "--top", 5,
          "--by", "p_from_mw").stdout
lines = top.strip().splitlines()
assert len(lines) == 6 and "loading_pct" in lines[0] and "hour" in lines[0], top
col = lines[0].replace('"', "").split(",").index("p_from_mw")
values = [float(l.split(",")[col]) for l in lines[1:]]
assert values == sorted(values, reverse=True), values

# The same study again is the same run: nothing to do.
p = gat(*batch_args(d, profile, d / "out"))
assert "ran 0 in" in p.stdout and "complete already" in p.stdout, p.stdout
# ... into another output folder: its finished tables, copied; the record follows them.
p = gat(*batch_args(d, profile, d / "elsewhere"))
assert "reused" in p.stdout and "ran 0 in" in p.stdout, p.stdout
assert_same_tree(d / "out", d / "elsewhere")
assert record(d / "runs", run_id)["study"]["output"]["dir"] == str(d / "elsewhere")
# An unfinished run into another folder is refused, naming the run.
(d / "elsewhere" / "branch").rename(d / "elsewhere" / "branch_moved")
p = gat(*batch_args(d, profile, d / "third"), check=False)
assert p.returncode == 2 and "gat runs resume " + run_id in p.stderr, p.stderr
(d / "elsewhere" / "branch_moved").rename(d / "elsewhere" / "branch")
# A folder that is gone (a temporary one, removed) holds nothing to keep: into a new folder the
# study runs anew.
shutil.rmtree(d / "elsewhere")
p = gat(*batch_args(d, profile, d / "fourth"))
assert "ran 12 in" in p.stdout and "reused" not in p.stdout, p.stdout
assert record(d / "runs", run_id)["study"]["output"]["dir"] == str(d / "fourth")
# A new run refuses a folder that holds other files.
p = gat(*batch_args(root / "b", profile, d / "out", chunk_hours=6), check=False)
assert p.returncode == 2 and "not empty" in p.stderr, p.stderr

# One process at a time per run.
slow = root / "slow"
proc = start(batch_args(slow, profile, slow / "out"), env={"GAT_FAULT_INJECT": "delay:ms=200"})
wait_for(lambda: done_count(slow / "runs") >= 1, what="a chunk done")
p = gat("runs", "resume", run_id, "--runs-dir", slow / "runs", check=False)
assert p.returncode == 1 and "being run by another gat process" in p.stderr, p.stderr
kill_group(proc)

# A partition that is not an axis of the study (a typo would leave the tables flat): refused
# before anything is written.
p = gat("batch", "pf", "dc", CASE, "--profile", profile, "--out-partitions", "hours",
        "--runs-dir", root / "t", "-o", root / "t" / "out", check=False)
assert p.returncode == 2 and "cannot be partitioned by 'hours'" in p.stderr, p.stderr
assert not (root / "t").exists(), "nothing is written for a refused study"

# Bad profile: one line naming file and line.
bad = root / "bad.csv"
bad.write_text("hour,bus_id,scale\n0,,1\n0,99999,1\n")
p = gat("batch", "pf", "dc", CASE, "--profile", bad, "--runs-dir", root / "c", check=False)
assert p.returncode == 1 and f"{bad}:2:" in p.stderr and "99999" in p.stderr, p.stderr
assert not list((root / "c").rglob("run.json")), "a study that cannot be opened leaves no run"
# The same under the process executor, whose fork server starts reading before gat does: the
# same message, no run, and no server left behind.
p = gat("batch", "pf", "dc", CASE, "--profile", bad, "--runs-dir", root / "p", "--executor",
        "process", check=False)
assert p.returncode == 1 and f"{bad}:2:" in p.stderr and "99999" in p.stderr, p.stderr
assert not list((root / "p").rglob("run.json")), "a study that cannot be opened leaves no run"
def command_lines():
    for c in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            yield c.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended meanwhile
            pass


servers = [c for c in command_lines() if "run-chunk" in c and str(root / "p") in c]
assert not servers, f"fork server left running: {servers}"
print("ok")
