"""A damaged or missing output file is caught by its checksum and re-made on resume."""
from runs_support import *

root = scratch("corrupt")
profile = write_profile(root / "hours.csv")
ref, run_id = reference(root, profile)

d = root / "run"
out = d / "out"
gat(*batch_args(d, profile, out))
victim = out / "branch" / "hour=5" / "part-00001.parquet"
data = bytearray(victim.read_bytes())
data[len(data) // 2] ^= 0xFF
victim.write_bytes(bytes(data))
(out / "bus" / "hour=40" / "part-00010.parquet").unlink()

p = gat("runs", "resume", run_id, "--runs-dir", d / "runs", "--log-format", "json")
assert "chunk 00001: output files missing or checksum mismatch" in p.stderr, p.stderr
assert "chunk 00010: output files missing or checksum mismatch" in p.stderr, p.stderr
assert "ran 2 in" in p.stdout, p.stdout
rec = record(d / "runs", run_id)
assert rec["chunks"][1]["attempts"] == 2 and rec["chunks"][0]["attempts"] == 1
assert_same_tree(ref, out, skip=())
print("ok")
