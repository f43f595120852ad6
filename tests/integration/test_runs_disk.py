"""Disk full and read-only output folders: a clear error, and the run record intact.

Runs itself in a private mount namespace (unshare) so that it can mount small tmpfs folders
without root and without leaving mounts behind; skipped (77) where that is not allowed."""
import json
import os
import subprocess
import sys

if os.environ.get("GAT_TEST_IN_NAMESPACE") != "1":
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        print("skipped: cannot create a mount namespace (unshare -rm)")
        sys.exit(77)
    os.environ["GAT_TEST_IN_NAMESPACE"] = "1"
    sys.exit(subprocess.run(["unshare", "-rm", "--propagation", "private", sys.executable,
                             *sys.argv]).returncode)

from runs_support import *


def mount_tmpfs(path, options):
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)


root = scratch("disk")
profile = write_profile(root / "hours.csv")
ref, run_id = reference(root, profile)

# 1. Read-only output folder: refused before anything runs or is recorded.
ro = root / "ro"
mount_tmpfs(ro, "ro,size=1m")
p = gat(*batch_args(root / "ro_runs", profile, ro / "out"), check=False)
assert p.returncode == 1, (p.returncode, p.stderr)
assert "Read-only file system" in p.stderr and str(ro / "out") in p.stderr, p.stderr
assert not list((root / "ro_runs").rglob("run.json"))

# 2. The output disk fills up mid-run: those chunks fail saying so; the record stays valid.
full = root / "full"
mount_tmpfs(full, "size=200k")
d = root / "full_runs"
p = gat(*batch_args(d, profile, full / "out", "process", ["--max-procs", 2]), check=False)
assert p.returncode == 3, (p.returncode, p.stderr)
rec = record(d / "runs", run_id)
failed = [c for c in rec["chunks"] if c["state"] == "failed"]
assert failed and rec["counts"]["done"] + len(failed) == 12, rec["counts"]
assert all("no space left on device" in c["error"] for c in failed), [c["error"] for c in failed]
# Space is freed: retry-failed completes the run, byte-identical to an unhindered one.
subprocess.run(["mount", "-o", "remount,size=64m", str(full)], check=True)
gat("admin", "retry-failed", run_id, "--runs-dir", d / "runs", "--backoff", 0)
assert_same_tree(ref, full / "out", skip=())

# 3. The disk holding the run record fills up: the run stops with a clear error, and the last
#    complete record is kept (valid JSON); resume finishes once there is space again.
small = root / "small"
mount_tmpfs(small, "size=1m")
out = root / "out3"
proc = start(batch_args(small, profile, out), env={"GAT_FAULT_INJECT": "delay:ms=300"})
wait_for(lambda: done_count(small / "runs") >= 2, what="2 chunks done")
filler = small / "filler"
subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
stdout, stderr = proc.communicate(timeout=60)
assert proc.returncode == 1, (proc.returncode, stderr)
assert b"cannot update the run record" in stderr and b"no space left on device" in stderr, stderr
rec = record(small / "runs", run_id)  # parses: not truncated
assert rec["counts"]["done"] >= 2
filler.unlink()
gat("runs", "resume", run_id, "--runs-dir", small / "runs")
assert_same_tree(ref, out, skip=())
print("ok")
