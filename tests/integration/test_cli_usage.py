"""gat as a user types it, wrong as often as right: every command's --help, every usage error
(exit 2, one line on stderr, nothing written) and every input file gat cannot read (exit 1, one
line that says why)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

GAT = os.path.abspath(sys.argv[1])
README = Path(__file__).resolve().parents[2] / "README.md"
ROOT = Path(tempfile.mkdtemp(prefix="gat_it_usage_"))
ENV = dict(os.environ, GAT_RUNS_DIR=str(ROOT / "runs"))
ENV.pop("GAT_FAULT_INJECT", None)
failures = []


def gat(*args):
    return subprocess.run([GAT, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                          env=ENV, timeout=120)


def check(ok, what):
    if not ok:
        failures.append(what)


# --- Help: every command, found by walking the "Subcommands:" sections ---------------------

def sections(text):
    """{header: [lines]} of a CLI11 help text: a header is a line ending in ':' at column 0."""
    out, current = {}, None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            current = line[:-1]
            out[current] = []
        elif current is not None and line.strip():
            out[current].append(line)
    return out


def example_lines(help_text):
    """The command lines of an Examples: section (continuation lines start with spaces only)."""
    return [line.strip() for line in sections(help_text).get("Examples", [])
            if line.strip().startswith("gat ")]


helps = {}  # "pf dc" -> help text ("" for gat itself)
todo = [""]
while todo:
    path = todo.pop()
    p = gat(*path.split(), "--help")
    check(p.returncode == 0 and not p.stderr, f"gat {path} --help -> {p.returncode} {p.stderr!r}")
    helps[path] = p.stdout
    for line in sections(p.stdout).get("Subcommands", []):
        todo.append(f"{path} {line.split()[0]}".strip())

for must in ["pf dc", "pf ac", "batch pf dc", "nminus1 dc", "nminus1 ac", "run-chunk",
             "admin retry-failed", "runs show", "adequacy screen", "import", "convert"]:
    check(must in helps, f"the help walk did not reach gat {must}")

for path, text in helps.items():
    where = f"gat {path} --help".replace("  ", " ")
    for header, lines in sections(text).items():
        check(lines, f"{where}: empty section {header}:")
    # "Needs:" / "Excludes:" followed by no option name (a hidden option's, which is empty).
    check(not re.search(r"\b(Needs|Excludes):(?! -)", text), f"{where}: empty Needs/Excludes")
    examples = example_lines(text)
    check(examples, f"{where}: no examples")
    if path:
        foreign = [e for e in examples if not re.match(rf"gat {re.escape(path)}(\s|$)", e)]
        check(not foreign, f"{where}: examples of other commands: {foreign}")
    check(".m file" not in text, f"{where}: says '.m file' (every command reads .m, .raw, .gat)")


def command_of(words):
    """The longest command path that a command line's words begin with."""
    best = ""
    for i in range(1, len(words) + 1):
        if " ".join(words[:i]) in helps:
            best = " ".join(words[:i])
    return best


def check_options_exist(line, source):
    words = line.split()[1:]
    path = command_of(words)
    for word in words:
        option = word.split("=")[0]
        if option.startswith("-") and option != "-" and option not in helps[path]:
            failures.append(f"{source}: `{line}` uses {option}, which gat {path} does not have")


# Every example, in the help and in README, uses options its command has.
for path, text in helps.items():
    for line in example_lines(text):
        check_options_exist(line, f"gat {path} --help")
for line in README.read_text().splitlines():
    m = re.match(r"^\$ (gat .*?)(\s+#.*)?$", line)
    if m:
        check_options_exist(m.group(1), "README.md")

# A bare gat prints the help and exits 0; so do --help and --version.
p = gat()
check(p.returncode == 0 and "Subcommands:" in p.stdout and not p.stderr,
      f"bare gat -> {p.returncode}, stderr {p.stderr!r}")
p = gat("--version")
check(p.returncode == 0 and p.stdout.startswith("gat "), f"gat --version -> {p.returncode}")

# --- Usage errors: exit 2, one line on stderr, nothing written ----------------------------

(ROOT / "profile.csv").write_text("hour,scale\n0,1.0\n1,0.9\n")
(ROOT / "a_file").write_text("keep me\n")
out = ROOT / "out"
profile = ROOT / "profile.csv"
a_file = ROOT / "a_file"
before = sorted(p.name for p in ROOT.iterdir())

usage_errors = [
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["pf", "frobnicate", "case9"], "unknown command 'frobnicate'"),
    (["pf"], "a command is needed: dc, ac"),
    (["pf", "dc", "case9", "-o", out, "--format", "xml"], "--format"),
    (["pf", "dc", "-o", out], "case is required"),
    (["pf", "dc", "case9", "-o", out, "--bogus"], "--bogus"),
    (["batch", "pf", "dc", "case9"], "--profile is required"),
    (["batch", "pf", "case9"], "--profile"),
    # -o names a file: one rule for every command that writes a folder of tables.
    (["pf", "dc", "case9", "-o", a_file], "is a file, not a folder"),
    (["pf", "ac", "case9", "-o", a_file], "is a file, not a folder"),
    (["opf", "dc", "case9", "-o", a_file], "is a file, not a folder"),
    (["sens", "ptdf", "case9", "-o", a_file], "is a file, not a folder"),
    (["nminus1", "dc", "case9", "-o", a_file], "is a file, not a folder"),
    (["nminus1", "ac", "case9", "-o", a_file], "is a file, not a folder"),
    (["batch", "pf", "dc", "case9", "--profile", profile, "-o", a_file], "is a file, not a folder"),
    (["adequacy", "screen", "case9", "-o", a_file], "is a file, not a folder"),
    (["inspect", "buses", "case9", "-o", a_file], "is a file, not a folder"),
    (["import", "matpower", "case9", "-o", a_file], "is a file, not a folder"),
    (["nminus1", "dc", "case9", "--emit-chunk-specs", a_file], "is a file, not a folder"),
    (["pf", "dc", "case9", "-o", a_file / "sub"], "is a file, not a folder"),
    (["convert", "case9", "--to", "gat", "-o", a_file], "is a file, not a folder"),
    (["convert", "case9", "--to", "matpower", "-o", a_file / "case9.m"], "is a file, not a folder"),
    (["convert", "case9", "--to", "matpower", "-o", ROOT], "--to matpower writes a file"),
    # Options that would be accepted and ignored.
    (["batch", "pf", "dc", "case9", "--profile", profile, "-o", out, "--max-procs", 2],
     "--max-procs: applies only with --executor process"),
    (["batch", "pf", "dc", "case9", "--profile", profile, "-o", out, "--executor", "local",
      "--max-runtime-per-chunk", 5], "--max-runtime-per-chunk: applies only with --executor process"),
    (["nminus1", "dc", "case9", "-o", out, "--process-launch", "spawn"],
     "--process-launch: applies only with --executor process"),
    (["batch", "pf", "case9", "--profile", profile, "-o", out, "--executor", "process",
      "--threads", 2], "--threads: applies only with --executor local"),
    (["nminus1", "dc", "case9", "-o", out, "--gpu-precision", "f32"],
     "--gpu-precision: applies only with --gpu"),
    (["sens", "lodf", "case9", "-o", out, "--gpu-precision", "f64"],
     "--gpu-precision: applies only with --gpu"),
    (["adequacy", "screen", "case9", "-o", out, "--scenarios", 0],
     "--scenarios: must be at least 1"),
    (["adequacy", "screen", "case9", "-o", out, "--hours", -1], "--hours: must be at least 0"),
    (["adequacy", "elcc", "--units", a_file, "--load", a_file, "-o", out, "--years", 0],
     "--years: must be at least 1"),
    (["runs", "replay", "0123", "--scenario", -1], "--scenario"),
    (["pf", "dc", "case9", "-o", out, "--table", "branch"], "--table: applies only with --out -"),
    (["pf", "ac", "case9", "-o", out, "--fdpf-variant", "bx"],
     "--fdpf-variant: applies only with --algorithm fdpf"),
    (["pf", "ac", "case9", "-o", out, "--q-limit-mode", 2],
     "--q-limit-mode: applies only with --q-limits"),
    (["opf", "dc", "case9", "-o", out, "--chunk-hours", 2], "--chunk-hours requires --profile"),
    (["runs", "show", "0123", "--top", 5], "--top requires --table"),
    (["nminus1", "dc", "case9", "-o", out, "--chunk-hours", 0],
     "--chunk-hours: must be a positive number"),
]
for args, expected in usage_errors:
    p = gat(*args)
    lines = p.stderr.splitlines()
    shown = "gat " + " ".join(map(str, args))
    check(p.returncode == 2, f"{shown} -> exit {p.returncode}, not 2: {p.stderr!r}")
    check(len(lines) == 1 and expected in p.stderr,
          f"{shown}: stderr is not one line with {expected!r}: {p.stderr!r}")
    check(sorted(q.name for q in ROOT.iterdir()) == before, f"{shown} wrote {set(ROOT.iterdir())}")
check(a_file.read_text() == "keep me\n", "a usage error changed the file -o named")

# --- Input files gat cannot read: exit 1, one line naming the file and the reason ----------

missing = ROOT / "nosuch.csv"
folder = ROOT / "a_folder.csv"
folder.mkdir()
(ROOT / "a_folder.m").mkdir()
(ROOT / "a_folder.raw").mkdir()
spec_dir = ROOT / "specs.json"
spec_dir.mkdir()
unreadable = [(missing, "no such file or directory"), (folder, "is a directory")]
if os.geteuid() != 0:  # root reads every file; tests/unit/core/test_input_file.cpp covers it
    secret = ROOT / "secret.csv"
    secret.write_text("hour,scale\n0,1\n")
    secret.chmod(0)
    unreadable.append((secret, "permission denied"))

fixtures = sorted(q.name for q in ROOT.iterdir())
inputs = [
    lambda f: ["batch", "pf", "dc", "case9", "--profile", f, "-o", out],
    lambda f: ["batch", "pf", "case9", "--profile", f, "-o", out],
    lambda f: ["batch", "mismatch", "case9", "--profile", f, "-o", out],
    lambda f: ["nminus1", "dc", "case9", "--profile", f, "-o", out],
    lambda f: ["nminus1", "dc", "case9", "--contingencies", f, "-o", out],
    lambda f: ["nminus1", "ac", "case9", "--contingencies", f, "-o", out],
    lambda f: ["opf", "dc", "case9", "--profile", f, "-o", out],
    lambda f: ["adequacy", "screen", "case9", "--profile", f, "-o", out],
    lambda f: ["adequacy", "screen", "case9", "--for-file", f, "-o", out],
    lambda f: ["sens", "ptdf", "case9", "--slack-weights", f, "-o", out],
]
case_files = [(ROOT / "nosuch.m", "no such"), (ROOT / "a_folder.m", "is a directory"),
              (ROOT / "a_folder.raw", "is a directory")]
cases = [(make(bad), reason) for bad, reason in unreadable for make in inputs]
for case_file, reason in case_files:
    cases.append((["pf", "dc", case_file, "-o", out], reason))
    cases.append((["import", "auto", case_file, "-o", ROOT / "g.gat"], reason))
cases.append((["run-chunk", "--chunk-spec", ROOT / "nosuch.json"], "no such file or directory"))
cases.append((["run-chunk", "--chunk-spec", spec_dir], "is a directory"))
for args, reason in cases:
    p = gat(*args)
    shown = "gat " + " ".join(map(str, args))
    lines = p.stderr.splitlines()
    named = [str(a) for a in args if str(a).startswith(str(ROOT)) and str(a) != str(out)]
    check(p.returncode == 1, f"{shown} -> exit {p.returncode}, not 1: {p.stderr!r}")
    check(len(lines) == 1 and reason in p.stderr and any(Path(n).name in p.stderr for n in named),
          f"{shown}: stderr is not one line naming the file and why ({reason}): {p.stderr!r}")
    check(sorted(q.name for q in ROOT.iterdir()) == fixtures, f"{shown} wrote {set(ROOT.iterdir())}")

if failures:
    print(f"{len(failures)} failures:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
shutil.rmtree(ROOT)
print(f"ok: {len(helps)} help texts, {len(usage_errors)} usage errors, {len(cases)} unreadable inputs")
