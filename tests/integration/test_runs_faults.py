"""Crashing, killed and hanging chunk processes fail their chunk only; retry-failed completes."""
import os
import time

from runs_support import *

# In a sanitizer build (GAT_SANITIZE=1, the asan-ubsan preset) AddressSanitizer's handler takes
# the crashing child's SIGSEGV, reports it and exits with status 1 instead of dying of it.
SANITIZED = os.environ.get("GAT_SANITIZE") == "1"
CRASH = ["exited with status 1"] if SANITIZED else ["signal 11", "Segmentation fault"]


def crashed(error):
    return all(c in error for c in CRASH)


root = scratch("faults")
profile = write_profile(root / "hours.csv")
ref, run_id = reference(root, profile)

d = root / "crash"
out = d / "out"
faults = "crash:chunk=3;kill:chunk=5;exit:chunk=7"
p = gat(*batch_args(d, profile, out, "process", ["--max-procs", 3]),
        env={"GAT_FAULT_INJECT": faults}, check=False)
assert p.returncode == 3, (p.returncode, p.stderr)
assert "retry-failed" in p.stderr
rec = record(d / "runs", run_id)
assert rec["counts"] == {"total": 12, "done": 9, "failed": 3, "running": 0, "pending": 0}, rec["counts"]
errors = {c["index"]: c.get("error", "") for c in rec["chunks"] if c["state"] == "failed"}
assert crashed(errors[3]), errors
assert "signal 9" in errors[5], errors
assert "exited with status 9" in errors[7], errors
assert not (out / "_SUCCESS").exists()

show = gat("runs", "show", run_id, "--runs-dir", d / "runs").stdout
assert "3 failed" in show and crashed(show), show

# Still faulty: the attempts run out and the chunks stay failed.
p = gat("admin", "retry-failed", run_id, "--runs-dir", d / "runs", "--executor", "process",
        "--max-attempts", 2, "--backoff", 0.05, env={"GAT_FAULT_INJECT": faults}, check=False)
assert p.returncode == 3, p.stderr
rec = record(d / "runs", run_id)
assert [c["attempts"] for c in rec["chunks"] if c["state"] == "failed"] == [2, 2, 2]
# Nothing left to retry under --max-attempts 2.
p = gat("admin", "retry-failed", run_id, "--runs-dir", d / "runs", "--max-attempts", 2, check=False)
assert p.returncode == 3 and "ran 0" in p.stdout, p.stdout

# The fault is gone: retry-failed completes the run.
p = gat("admin", "retry-failed", run_id, "--runs-dir", d / "runs", "--executor", "process",
        "--max-attempts", 5, "--backoff", 0.05, "--log-format", "json")
rec = record(d / "runs", run_id)
assert rec["counts"]["done"] == 12
assert [c["attempts"] for c in rec["chunks"] if c["index"] in (3, 5, 7)] == [3, 3, 3]
assert "retrying 3 failed chunk(s)" in p.stderr, p.stderr
assert_same_tree(ref, out, skip=())

# The same faults with one spawned `gat run-chunk` per chunk instead of the fork server.
d = root / "spawn"
p = gat(*batch_args(d, profile, d / "out", "process", ["--process-launch", "spawn"]),
        env={"GAT_FAULT_INJECT": faults}, check=False)
assert p.returncode == 3, (p.returncode, p.stderr)
rec = record(d / "runs", run_id)
errors = {c["index"]: c.get("error", "") for c in rec["chunks"] if c["state"] == "failed"}
assert sorted(errors) == [3, 5, 7] and crashed(errors[3]) and "signal 9" in errors[5], errors
assert "exited with status 9" in errors[7], errors

# A chunk that hangs is killed after --max-runtime-per-chunk; the others finish.
d = root / "hang"
t0 = time.time()
p = gat(*batch_args(d, profile, d / "out", "process", ["--max-runtime-per-chunk", 2]),
        env={"GAT_FAULT_INJECT": "hang:chunk=2"}, check=False)
assert p.returncode == 3 and time.time() - t0 < 60
rec = record(d / "runs", run_id)
bad = [c for c in rec["chunks"] if c["state"] == "failed"]
assert len(bad) == 1 and bad[0]["index"] == 2 and "max-runtime-per-chunk" in bad[0]["error"], bad

# In-process failures (an exception) fail the chunk under the local executor too.
d = root / "local"
p = gat(*batch_args(d, profile, d / "out"), env={"GAT_FAULT_INJECT": "fail:chunk=0"}, check=False)
assert p.returncode == 3
rec = record(d / "runs", run_id)
assert rec["chunks"][0]["error"] == "injected failure (GAT_FAULT_INJECT)", rec["chunks"][0]
print("ok")
