"""Every study in every table format it offers: exits 0, and the tables hold the same rows.

The commands come from gat's own help: every command whose --help offers --format must
have its arguments in STUDIES below (the test fails naming any that is missing), and runs once
per format its --format offers. A batch study (a run of chunks) is also read back by gat itself
in each format: its summary (printed by the run), `gat runs show --table` and `gat runs resume`.
Fails before issue 15 item 3: CSV batch runs exited 1 reading their tables back.
"""
import json
import math
import re
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from runs_support import gat, scratch

root = scratch("formats")
# A day of 6 hours above and below the case's load: rated case30 branches overload in some.
profile = root / "hours.csv"
profile.write_text("hour,scale\n" + "".join(f"{h},{s}\n" for h, s in
                                              enumerate([0.8, 1.0, 1.15, 1.3, 1.1, 0.9])))
RTS = Path(__file__).resolve().parent.parent / "data" / "rts79"
contingencies = root / "outages.csv"
contingencies.write_text("branch_id\n" + "".join(f"{b}\n" for b in range(1, 11)))

# Arguments of each study command (before -o/--format). Small real MATPOWER cases by name.
STUDIES = {
    "pf dc": [["case118"]],
    "pf ac": [["case118"]],
    "opf dc": [["case30"], ["case30", "--profile", profile, "--threads", "1"]],
    "opf ac": [["case9"]],
    "sens ptdf": [["case30"]],
    "sens lodf": [["case30"]],
    "adequacy screen": [["case30", "--scenarios", "50", "--hours", "4", "--threads", "1",
                         "--chunk-scenarios", "20"]],
    "adequacy indices": [["--units", RTS / "units.csv", "--load-model", RTS, "--peak-mw", "2850",
                          "--years", "20", "--seed", "1", "--chunk-years", "8"]],
    "adequacy elcc": [["--units", RTS / "units.csv", "--load-model", RTS, "--peak-mw", "2850",
                       "--years", "20", "--unit", "100,0.04,50"]],
    "inspect buses": [["case30"]],
    "inspect branches": [["case30"]],
    "inspect generators": [["case30"]],
    # Batch studies (runs): chunked, so that the read-back concatenates several files.
    "batch pf": [["case118", "--profile", profile, "--chunk-hours", "2"]],
    "batch pf dc": [["case118", "--profile", profile, "--chunk-hours", "2"]],
    "batch mismatch": [["case30", "--profile", profile, "--chunk-hours", "2"]],
    "nminus1 ac": [["case30", "--profile", profile, "--chunk-hours", "2"]],
    "nminus1 dc": [["case30", "--profile", profile, "--chunk-hours", "2",
                    "--chunk-contingencies", "20"],
                   ["case30", "--contingencies", contingencies, "--chunk-hours", "4"]],
}
# Columns that legitimately differ between two runs: the run id hashes the format, and times.
VOLATILE = re.compile(r"^(run_id|.*_time_s|.*_seconds|elapsed.*|solve_s|wall_s)$")


def subcommands(path):
    text = gat(*path, "--help").stdout
    if "Subcommands:" not in text:
        return []
    names = []
    for line in text.split("Subcommands:", 1)[1].splitlines()[1:]:
        m = re.match(r"^  ([a-z][a-z0-9-]*)\s", line)
        if m:
            names.append(m.group(1))
        elif line.strip() and not line.startswith(" "):
            break
    return names


def commands(path=()):
    """Every command path, those with subcommands included (`batch pf` runs, `batch pf dc` too)."""
    yield path
    for s in subcommands(path):
        yield from commands((*path, s))


def offered_formats(path):
    """The formats the --format option of a command offers, from its help."""
    for line in gat(*path, "--help").stdout.splitlines():
        if re.match(r"^\s*--format\b", line):
            return [f for f in ("parquet", "csv", "json") if f in line]
    return []


def values(column):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in column]


def read_csv(f, schema):
    """A CSV file with the types of the same table's Parquet file (CSV has none): a null is an
    empty field, a string is quoted, as gat writes them."""
    return pacsv.read_csv(
        f, parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=schema, null_values=[""], strings_can_be_null=True,
            quoted_strings_can_be_null=False)).to_pydict()


def read_tables(out, schemas=None):
    """{table: {column: [values]}} of every table under out (a batch run's part files
    concatenated in file order; its _partial shares skipped), and {table: schema}. CSV and
    JSON files take the types of `schemas`, those of the Parquet files of the same study."""
    tables, found = {}, {}
    for f in sorted(Path(out).rglob("*")):
        rel = f.relative_to(out)
        if not f.is_file() or rel.parts[0].startswith("_") or f.name.startswith("_"):
            continue
        name = rel.parts[0] if len(rel.parts) > 1 else f.name.split(".")[0]
        if f.suffix == ".parquet":
            t = pq.read_table(f)
            found[name] = t.schema
            t = t.to_pydict()
        elif f.suffix == ".csv":
            t = read_csv(f, schemas[name])
        elif f.suffix == ".jsonl":
            rows = [json.loads(line) for line in f.read_text().splitlines()]
            t = {k: [r[k] for r in rows] for k in schemas[name].names}
        else:
            raise AssertionError(f"unexpected file {f}")
        table = tables.setdefault(name, {})
        for k, v in t.items():
            table.setdefault(k, []).extend(values(v))
    return tables, found


def same_rows(a, b, what):
    assert a.keys() == b.keys(), f"{what}: tables {sorted(a)} != {sorted(b)}"
    for name in a:
        ca, cb = a[name], b[name]
        assert list(ca) == list(cb), f"{what} {name}: columns {list(ca)} != {list(cb)}"
        for col in ca:
            if VOLATILE.match(col):
                continue
            # Whole numbers in CSV read back as integers in Python: compare values, 3 == 3.0.
            bad = [i for i, (x, y) in enumerate(zip(ca[col], cb[col])) if x != y]
            assert len(ca[col]) == len(cb[col]) and not bad, (
                f"{what} {name}.{col}: {len(ca[col])} vs {len(cb[col])} rows, first differences "
                f"{[(ca[col][i], cb[col][i]) for i in bad[:3]]}")


def run_study(path, args, fmt, n):
    out = root / f"{'_'.join(path)}_{n}_{fmt}"
    runs = root / "runs"
    extra = ["--runs-dir", runs] if path in BATCH else []
    p = gat(*path, *args, "-o", out, "--format", fmt, *extra, check=False, timeout=300)
    assert p.returncode == 0, (f"gat {' '.join(path)} {' '.join(map(str, args))} --format {fmt}"
                               f" -> {p.returncode}\n{p.stdout}\n{p.stderr}")
    return out, p.stdout


def read_back(path, stdout, fmt):
    """What gat reads back of a batch run: every table through runs show, and a resume."""
    run_id = re.search(r"run ([0-9a-f]{16}):", stdout).group(1)
    runs = root / "runs"
    record = json.loads((runs / run_id / "run.json").read_text())
    shown = {}
    for t in record["tables"]:
        p = gat("runs", "show", run_id, "--runs-dir", runs, "--table", t["name"], "--top", 5,
                check=False)
        assert p.returncode == 0, f"runs show --table {t['name']} ({fmt}): {p.stderr}"
        shown[t["name"]] = re.sub(r"\b[0-9a-f]{16}\b", "RUN", p.stdout)
    p = gat("runs", "resume", run_id, "--runs-dir", runs, check=False)
    assert p.returncode == 0 and "ran 0" in p.stdout, f"resume ({fmt}): {p.stdout}{p.stderr}"
    return shown


BATCH = {("batch", "pf"), ("batch", "pf", "dc"), ("nminus1", "dc"), ("opf", "dc"), ("opf", "ac"),
         ("adequacy", "screen"), ("adequacy", "indices"), ("adequacy", "elcc"), ("pf", "dc"),
         ("pf", "ac"), ("sens", "ptdf"), ("sens", "lodf"), ("nminus1", "ac"), ("batch", "mismatch")}
studies = {" ".join(p): p for p in commands() if p and offered_formats(p)}
missing = sorted(set(studies) - set(STUDIES))
assert not missing, f"commands offering --format with no arguments in this test: {missing}"
assert set(STUDIES) <= set(studies), f"not offering --format: {set(STUDIES) - set(studies)}"

failures = []
for name, path in sorted(studies.items()):
    formats = offered_formats(path)
    assert "parquet" in formats and "csv" in formats, (name, formats)
    for n, args in enumerate(STUDIES[name]):
        try:
            results = {f: run_study(path, args, f, n) for f in formats}
            tables, schemas = {}, None
            for f, (out, _) in results.items():  # parquet first: the types of the others
                tables[f], found = read_tables(out, schemas)
                schemas = schemas or found
            assert any(t for t in tables["parquet"].values()), f"{name}: no rows"
            if name == "nminus1 dc" and n == 0:  # rated case30 at 1.3 x load: overloads to read
                assert tables["parquet"].get("violations"), "nminus1 dc: no violations"
            for f in formats[1:]:
                same_rows(tables["parquet"], tables[f], f"{name} #{n} parquet vs {f}:")
            if path in BATCH:
                shown = {f: read_back(path, results[f][1], f) for f in formats}
                assert shown["parquet"] == shown["csv"], (
                    f"{name}: runs show differs between parquet and csv:\n"
                    f"{shown['parquet']}\n{shown['csv']}")
            rows = sum(len(next(iter(t.values()), [])) for t in tables["parquet"].values())
            print(f"ok  {name} #{n}: {', '.join(formats)}: {rows} rows")
        except AssertionError as e:
            failures.append(str(e))
            print(f"FAIL {name} #{n}: {str(e)[:2000]}")
assert not failures, f"{len(failures)} failure(s)"
print("all formats agree")
