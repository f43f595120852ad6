"""Helpers for the CLI tests of batch runs: run gat, read records, compare output trees."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GAT = os.path.abspath(sys.argv[1])
CASE = "case118"
HOURS = 48
CHUNK_HOURS = 4  # 12 chunks


def scratch(name):
    root = Path(tempfile.mkdtemp(prefix=f"gat_it_{name}_"))
    return root


def write_profile(path, hours=HOURS):
    lines = ["hour,scale"] + [f"{h},{0.6 + 0.4 * ((h * 7) % 24) / 23:.6f}" for h in range(hours)]
    Path(path).write_text("\n".join(lines) + "\n")
    return path


def gat(*args, env=None, check=True, timeout=120):
    full_env = dict(os.environ)
    full_env.pop("GAT_FAULT_INJECT", None)
    full_env.update(env or {})
    p = subprocess.run([GAT, *map(str, args)], capture_output=True, text=True, env=full_env,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"gat {' '.join(map(str, args))} -> {p.returncode}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def batch_args(root, profile, out, executor="local", extra=(), chunk_hours=CHUNK_HOURS):
    """gat batch pf dc in Hive folders by hour (not the default), so that a chunk writes
    several files per table."""
    return ["batch", "pf", "dc", CASE, "--profile", profile, "-o", out, "--runs-dir",
            root / "runs", "--chunk-hours", chunk_hours, "--executor", executor,
            "--out-partitions", "hour", "--log-format", "json", *extra]


def run_id_of(stdout):
    for word in stdout.split():
        if len(word) == 17 and word.endswith(":"):
            return word[:-1]
    raise AssertionError(f"no run id in: {stdout}")


def record(runs_dir, run_id):
    return json.loads((Path(runs_dir) / run_id / "run.json").read_text())


def tree(out, skip=("_SUCCESS",)):
    """{relative path: sha256} of every file under out."""
    files = {}
    for p in sorted(Path(out).rglob("*")):
        if p.is_file() and p.name not in skip:
            files[str(p.relative_to(out))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return files


def assert_same_tree(a, b, skip=("_SUCCESS",)):
    ta, tb = tree(a, skip), tree(b, skip)
    assert ta.keys() == tb.keys(), f"files differ: {sorted(set(ta) ^ set(tb))[:10]}"
    diff = [k for k in ta if ta[k] != tb[k]]
    assert not diff, f"bytes differ: {diff[:10]}"
    assert ta, "empty output tree"


def check_dataset(out, n_branches=186, hours=HOURS):
    """The result reads as a Hive-partitioned dataset: every (hour, branch) exactly once."""
    import pyarrow.dataset as ds
    t = ds.dataset(Path(out) / "branch", format="parquet", partitioning="hive").to_table()
    assert t.num_rows == hours * n_branches, t.num_rows
    pairs = set(zip(t.column("hour").to_pylist(), t.column("branch_id").to_pylist()))
    assert len(pairs) == t.num_rows, "duplicate rows"
    h = ds.dataset(Path(out) / "hour_status", format="parquet", partitioning="hive").to_table()
    assert sorted(h.column("hour").to_pylist()) == list(range(hours))
    return t


def wait_for(predicate, timeout=60, what="condition"):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def done_count(runs_dir):
    """Done chunks in the only run under runs_dir (0 while there is no record yet)."""
    for rec in Path(runs_dir).glob("*/run.json"):
        try:
            return json.loads(rec.read_text())["counts"]["done"]
        except (ValueError, KeyError):
            raise AssertionError(f"{rec} is not a valid record")
    return 0


def start(args, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.Popen([GAT, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=full_env, start_new_session=True)


def kill_group(proc):
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def reference(root, profile):
    """The output tree of an uninterrupted local run, in root/ref; and its run id."""
    p = gat(*batch_args(root / "ref_runs_parent", profile, root / "ref"))
    return root / "ref", run_id_of(p.stdout)
