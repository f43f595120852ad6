"""local, process and --emit-chunk-specs + run-chunk loops write byte-identical results."""
import json

from runs_support import *

root = scratch("executors")
profile = write_profile(root / "hours.csv")
ref, run_id = reference(root, profile)
check_dataset(ref)
assert (ref / "_SUCCESS").exists()

# Another thread count, and child processes: same run id, same bytes (marker included).
for name, extra in [("threads1", ["--threads", 1]), ("process", ["--max-procs", 3]),
                    ("spawn", ["--max-procs", 2, "--process-launch", "spawn"])]:
    executor = "local" if name == "threads1" else "process"
    p = gat(*batch_args(root / name, profile, root / f"out_{name}", executor, extra))
    assert run_id_of(p.stdout) == run_id, p.stdout
    assert_same_tree(ref, root / f"out_{name}", skip=())
    rec = record(root / name / "runs", run_id)
    assert rec["counts"]["done"] == 12 and all(c["attempts"] == 1 for c in rec["chunks"])

# Specs for another scheduler, run one by one by hand.
specs = root / "specs"
p = gat("batch", "pf", "dc", CASE, "--profile", profile, "-o", root / "out_manual",
        "--chunk-hours", CHUNK_HOURS, "--out-partitions", "hour", "--emit-chunk-specs", specs)
files = sorted(specs.glob("chunk-*.json"))
assert len(files) == 12 and (specs / "study.json").exists(), p.stdout
assert not (root / "out_manual").exists(), "emitting specs must not run anything"
for f in files:
    result = json.loads(gat("run-chunk", "--chunk-spec", f).stdout)
    assert result["kind"] == "gat.chunk_result" and result["status"] == "done", result
    assert result["run_id"] == run_id
    assert all(len(o["sha256"]) == 64 for o in result["outputs"])
assert_same_tree(ref, root / "out_manual")
# Running a chunk twice writes the same bytes again (idempotent).
gat("run-chunk", "--chunk-spec", files[3])
assert_same_tree(ref, root / "out_manual")
print("ok")

# gat batch pf (AC) is a study of the same framework: executors agree byte for byte, and
# chunks that start inside a warm-start block replay it, so rows do not depend on chunking.
import pyarrow.dataset as ds

outs = {}
for name, extra in [("ac_local", ["--chunk-hours", 24]), ("ac_process", ["--chunk-hours", 24]),
                    ("ac_fine", ["--chunk-hours", 5])]:
    executor = "process" if name == "ac_process" else "local"
    gat("batch", "pf", CASE, "--profile", profile, "-o", root / name, "--runs-dir", root / name / "r",
        "--executor", executor, *extra)
    outs[name] = root / name
shutil.rmtree(outs["ac_local"] / "r")
shutil.rmtree(outs["ac_process"] / "r")
assert_same_tree(outs["ac_local"], outs["ac_process"], skip=())
# Not partitioned by default: one file per chunk and table, the hour a column in it.
assert sorted(p.name for p in (outs["ac_local"] / "bus").iterdir()) == [
    f"part-{c:05d}.parquet" for c in range(HOURS // 24)]
assert "hour" in ds.dataset(outs["ac_local"] / "hour_status").schema.names


def rows(out, table):
    t = ds.dataset(out / table, format="parquet", partitioning="hive").to_table().drop(["run_id"])
    return sorted(map(tuple, zip(*[c.to_pylist() for c in t.columns])))


for table in ("hour_status", "bus", "branch"):
    assert rows(outs["ac_local"], table) == rows(outs["ac_fine"], table), table
print("ok (AC)")

# gat nminus1 dc: B' and the base flows are shared by the chunks of a process (prepared by the
# local executor, and by the fork server before it forks; a spawned run-chunk builds its own);
# every executor gives the same bytes.
n1 = {}
for name, executor, extra in [("n1_local", "local", ["--chunk-contingencies", 400]),
                              ("n1_fork", "process", ["--chunk-contingencies", 400, "--max-procs", 2]),
                              ("n1_spawn", "process", ["--chunk-contingencies", 400, "--max-procs", 2,
                                                       "--process-launch", "spawn"])]:
    gat("nminus1", "dc", "case2383wp", "--profile", profile, "-o", root / name,
        "--runs-dir", root / name / "r", "--executor", executor, *extra)
    shutil.rmtree(root / name / "r")
    n1[name] = root / name
assert rows(n1["n1_local"], "violations"), "the screen found nothing to compare"
assert_same_tree(n1["n1_local"], n1["n1_fork"], skip=())
assert_same_tree(n1["n1_local"], n1["n1_spawn"], skip=())

# Hours in blocks too: chunks screen ranges of the shared base flows (local), or build each
# block's for themselves (spawned run-chunk); every table holds the same rows as unchunked.
for name, executor, extra in [("n1_hours_local", "local", []),
                              ("n1_hours_spawn", "process", ["--max-procs", 2,
                                                             "--process-launch", "spawn"])]:
    gat("nminus1", "dc", "case2383wp", "--profile", profile, "-o", root / name,
        "--runs-dir", root / name / "r", "--executor", executor, "--chunk-contingencies", 700,
        "--chunk-hours", 7, *extra)
    for table in ("violations", "base_violations", "contingencies", "top"):
        assert rows(root / name, table) == rows(n1["n1_local"], table), (name, table)
print("ok: nminus1 dc")
