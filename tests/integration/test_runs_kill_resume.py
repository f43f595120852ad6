"""kill -9 of a whole run mid-way, then gat runs resume: the same bytes as an uninterrupted run."""
from runs_support import *

root = scratch("kill")
profile = write_profile(root / "hours.csv")
ref, run_id = reference(root, profile)

for executor, workers in [("process", ["--max-procs", 2]), ("local", ["--threads", 2])]:
    d = root / executor
    out = d / "out"
    proc = start(batch_args(d, profile, out, executor, workers),
                 env={"GAT_FAULT_INJECT": "delay:ms=300"})
    wait_for(lambda: done_count(d / "runs") >= 3, what="3 chunks done")
    kill_group(proc)  # SIGKILL to the run and every child

    rec = record(d / "runs", run_id)  # a valid record survived
    assert 3 <= rec["counts"]["done"] < 12, rec["counts"]
    assert not (out / "_SUCCESS").exists()

    p = gat("runs", "resume", run_id, "--runs-dir", d / "runs", "--executor", executor,
            "--log-format", "json")
    rec = record(d / "runs", run_id)
    assert rec["counts"]["done"] == 12, rec["counts"]
    assert_same_tree(ref, out, skip=())  # no stray temporary files, no missing or extra parts
    check_dataset(out)
    # Resuming a complete run verifies it and runs nothing.
    p = gat("runs", "resume", run_id, "--runs-dir", d / "runs", "--executor", executor)
    assert "ran 0 in" in p.stdout, p.stdout
print("ok")
