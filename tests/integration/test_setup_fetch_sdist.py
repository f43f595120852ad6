"""scripts/fetch_sdist, as scripts/setup runs it for HiGHS: the pinned highspy source release
comes through the environment's pip (the site's configured index), and a release whose sha256
is not the pinned one is refused with one line and not kept.

Usage: test_setup_fetch_sdist.py  (the project's Python; its pip does the download)
Exit 77 (skipped) when pip cannot reach any index (an offline machine)."""
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FETCH = ROOT / "scripts" / "fetch_sdist"
PIP = Path(sys.executable).parent / "pip"

setup = (ROOT / "scripts" / "setup").read_text()
version = re.search(r"^highs_version=(\S+)$", setup, re.M).group(1)
sha256 = re.search(r"^highs_sha256=([0-9a-f]{64})$", setup, re.M).group(1)


def fetch(pinned_sha256, out, version=version):
    return subprocess.run([FETCH, PIP, "highspy", version, pinned_sha256, out],
                          capture_output=True, text=True, timeout=300)


work = Path(tempfile.mkdtemp(prefix="gat_it_fetch_sdist_"))
try:
    out = work / "downloads" / f"highspy-{version}.tar.gz"
    p = fetch(sha256, out)
    if p.returncode == 3 and re.search(r"from versions: none|NewConnectionError|Max retries",
                                       p.stderr):
        print(f"skipped: pip reaches no index\n{p.stderr}")
        sys.exit(77)
    assert p.returncode == 0, (p.returncode, p.stderr)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == sha256
    assert sorted(x.name for x in out.parent.iterdir()) == [out.name]  # no temporary left

    # The same release against another pin: refused, one line, nothing written.
    wrong = "0" * 64
    bad = work / "bad" / "highspy.tar.gz"
    p = fetch(wrong, bad)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert p.stderr.count("\n") == 1, p.stderr
    assert f"has sha256 {sha256}, not the pinned {wrong}; not used" in p.stderr, p.stderr
    assert list(bad.parent.iterdir()) == [], list(bad.parent.iterdir())

    # A release the index does not have: pip's reason, and a distinct status.
    p = fetch(sha256, work / "none.tar.gz", version="0.0.0.999")
    assert p.returncode == 3, (p.returncode, p.stderr)
    assert "pip could not download the highspy 0.0.0.999 source release" in p.stderr, p.stderr
finally:
    shutil.rmtree(work)
print("ok")
