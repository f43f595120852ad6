"""gat run-chunk with edited chunk specs: refused with one line and exit 2, nothing written.

A chunk spec is an interface (--emit-chunk-specs, run-chunk, soon a queue): every field is
checked against the study before the chunk runs or writes anything.
"""
import copy
import json

from runs_support import *

root = scratch("specs")
profile = write_profile(root / "hours.csv", hours=6)
specs, out = root / "specs", root / "out"
# case30 (41 branches): hours in blocks of 2 x contingencies in blocks of 20 = 3 x 3 chunks.
gat("nminus1", "dc", "case30", "--profile", profile, "-o", out, "--runs-dir", root / "runs",
    "--chunk-hours", 2, "--chunk-contingencies", 20, "--emit-chunk-specs", specs)
good = json.loads((specs / "chunk-00004.json").read_text())
assert good["ranges"] == [{"axis": "hour", "begin": 2, "end": 4},
                          {"axis": "contingency", "begin": 20, "end": 40}], good["ranges"]


def edited(edit):
    doc = copy.deepcopy(good)
    edit(doc)
    return doc


def set_range(axis, **bounds):
    return lambda d: next(r for r in d["ranges"] if r["axis"] == axis).update(bounds)


HOSTILE = {
    "path traversal in id": lambda d: d.update(id="../../../../outside/x"),
    "id of another chunk": lambda d: d.update(id="00005"),
    "contingencies past the list": set_range("contingency", end=10**9),
    "negative hours": set_range("hour", begin=-5),
    "hours past the profile": set_range("hour", begin=6, end=8),
    "a block that is not the plan's": set_range("hour", begin=1, end=3),
    "index of another chunk": lambda d: d.update(index=5),
    "output dir with ..": lambda d: d["study"]["output"].update(dir=str(out / ".." / "outside")),
    "relative output dir": lambda d: d["study"]["output"].update(dir="outside"),
    "unknown field": lambda d: d.update(priority=1),
    "missing field": lambda d: d.pop("run_id"),
    "wrongly typed field": lambda d: d.update(index="4"),
    "float as integer": set_range("hour", end=4.0),
    "newer version": lambda d: d.update(version=2),
    "edited study": lambda d: d["study"]["params"].update(threshold_pct=50.0),
    "partition by a non-axis": lambda d: d["study"]["output"].update(partition_by=["bus"]),
    "unknown output format": lambda d: d["study"]["output"].update(format="xml"),
    # Input paths are not part of the run id: a device would be read for ever.
    "a device as input": lambda d: d["study"]["inputs"][0].update(path="/dev/zero"),
}

before = tree(root)
for what, edit in HOSTILE.items():
    f = root / "edited.json"
    f.write_text(json.dumps(edited(edit)))
    p = gat("run-chunk", "--chunk-spec", f, check=False, timeout=30)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, f"{what}: exit {p.returncode}\n{p.stdout}\n{p.stderr}"
    assert len(lines) == 1 and lines[0].startswith("gat: error: "), f"{what}: {p.stderr}"
    after = tree(root)
    after.pop("edited.json")
    assert after == {k: v for k, v in before.items() if k != "edited.json"}, (
        f"{what}: files written: {sorted(set(after) ^ set(before))}")
    assert not (root / "outside").exists() and not (root.parent / "outside").exists(), what
    print(f"ok  {what}: {lines[0]}")

# The spec as emitted runs, and writes only its own files under the output folder.
p = gat("run-chunk", "--chunk-spec", specs / "chunk-00004.json")
result = json.loads(p.stdout)
assert result["status"] == "done", result
assert all(o["path"].endswith("part-00004.arrow") or o["path"].endswith("part-00004.parquet")
           for o in result["outputs"]), result["outputs"]
print("run-chunk refuses every edited spec")
