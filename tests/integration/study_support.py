"""What every study must do, as one check: check_study(name, args) runs the study given by
`args` (the command line after `gat`, without -o/--runs-dir/--executor, chunked so that it
has at least `min_chunks` chunks: 3 unless the study is one chunk) and asserts

  - local = process (fork server) = process (spawn) = --emit-chunk-specs + run-chunk, byte
    for byte, with the same run id;
  - kill -9 of a run mid-way, then `gat runs resume`: the same bytes;
  - `gat runs list` and `gat runs show` show the run;
  - running it again into the same folder says it is complete and runs nothing; into a new
    folder it reuses the finished tables; --force runs it again.

Returns (output folder of the local run, run id)."""
import json
import shutil

from runs_support import *


def _run(args, root, name, executor="local", extra=(), env=None):
    out = root / name / "out"
    p = gat(*args, "-o", out, "--runs-dir", root / name / "runs", "--executor", executor,
            "--log-format", "json", *extra, env=env)
    return out, run_id_of(p.stdout), p


def started(runs_dir):
    for rec in Path(runs_dir).glob("*/run.json"):
        counts = json.loads(rec.read_text())["counts"]
        return counts["done"] + counts["running"] > 0
    return False


def check_study(name, args, min_chunks=3):
    root = scratch(name.replace(" ", "_"))
    ref, run_id, p = _run(args, root, "local", "local", ["--threads", 2])
    rec = record(root / "local" / "runs", run_id)
    n = len(rec["chunks"])
    assert n >= min_chunks, f"{name}: {n} chunks; the check needs {min_chunks}"
    assert rec["counts"]["done"] == n and (ref / "_SUCCESS").exists(), rec["counts"]

    for label, extra in [("fork", ["--max-procs", 2]),
                         ("spawn", ["--max-procs", 2, "--process-launch", "spawn"])]:
        out, rid, _ = _run(args, root, label, "process", extra)
        assert rid == run_id, f"{name} ({label}): run id {rid} != {run_id}"
        assert_same_tree(ref, out, skip=())

    specs = root / "specs"
    gat(*args, "-o", root / "manual", "--emit-chunk-specs", specs)
    assert not (root / "manual").exists(), f"{name}: emitting specs ran something"
    files = sorted(specs.glob("chunk-*.json"))
    assert len(files) == n, f"{name}: {len(files)} chunk specs, {n} chunks"
    for f in files:
        result = json.loads(gat("run-chunk", "--chunk-spec", f).stdout)
        assert result["status"] == "done" and result["run_id"] == run_id, result
    # run-chunk writes the chunks' files; the reduce step (if any) and _SUCCESS are the run's.
    manual, done = tree(root / "manual"), tree(ref)
    assert manual and all(done.get(k) == v for k, v in manual.items()), \
        f"{name}: run-chunk files differ from the run's"

    # kill -9 mid-way, then resume.
    d = root / "killed"
    proc = start([*args, "-o", d / "out", "--runs-dir", d / "runs", "--executor", "process",
                  "--max-procs", 1, "--log-format", "json"],
                 env={"GAT_FAULT_INJECT": "delay:ms=400"})
    wait_for(lambda: started(d / "runs"), timeout=120, what=f"{name}: a chunk started")
    kill_group(proc)
    gat("runs", "resume", run_id, "--runs-dir", d / "runs", "--log-format", "json")
    assert_same_tree(ref, d / "out", skip=())

    listed = gat("runs", "list", "--runs-dir", root / "local" / "runs").stdout
    assert run_id in listed and name in listed, listed
    shown = gat("runs", "show", run_id, "--runs-dir", root / "local" / "runs").stdout
    assert run_id in shown, shown

    # Again into the same folder: complete, nothing runs.
    _, _, p = _run(args, root, "local")
    assert "complete already" in p.stdout and "ran 0" in p.stdout, p.stdout
    # Into a new folder: the finished tables, copied.
    p = gat(*args, "-o", root / "again", "--runs-dir", root / "local" / "runs")
    assert "reused" in p.stdout, p.stdout
    assert_same_tree(ref, root / "again", skip=())
    # --force: computed again, the same bytes.
    p = gat(*args, "-o", root / "again", "--runs-dir", root / "local" / "runs", "--force")
    assert f"ran {n} in" in p.stdout, p.stdout
    assert_same_tree(ref, root / "again", skip=())
    return ref, run_id
