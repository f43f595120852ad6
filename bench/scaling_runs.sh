#!/usr/bin/env bash
# Speed-up of one batch study with threads (local executor) and processes (process executor),
# 1..16 workers, printed as a table with parallel efficiency E(n) = T(1) / (n · T(n)), T the
# wall time of the whole command, and where it went: before the run (process start, reading
# the case and profile, planning, and the highlights printed after), the study's prepare()
# (local executor; the process executor's fork server prepares inside "chunks"), the chunks,
# the reduce. N workers are N cores for every phase.
# Every run's output tree is checked byte-identical to the first run's (any executor, any n).
#
# Default: gat nminus1 dc on case_ACTIVSg10k over 168 hours (falls back to gat batch pf dc when
# this gat has no nminus1). Run it on an otherwise idle machine, from the repository root:
#
#   cmake --preset release && cmake --build --preset release
#   GAT=build/release/apps/gat/gat bench/scaling_runs.sh | tee bench/scaling-$(hostname).md
#
# Environment: GAT, CASE (case_ACTIVSg10k), HOURS (168), WORKERS ("1 2 4 8 12 16"),
# EXECUTORS ("local process"), STUDY ("nminus1 dc" | "batch pf dc" | "batch pf"),
# CHUNK ("--chunk-contingencies 256" for nminus1, "--chunk-hours 4" otherwise),
# EXTRA (more options for the study), REPS (runs per point, the fastest kept: 1), WORK
# (scratch folder, /tmp/gat-scaling), ALONGSIDE (1: also run N one-worker runs at once, N the
# last of WORKERS; 0: not).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
GAT=${GAT:-$here/../build/release/apps/gat/gat}
[[ -x $GAT ]] || GAT=$here/../build/dev/apps/gat/gat
CASE=${CASE:-case_ACTIVSg10k}
HOURS=${HOURS:-168}
WORKERS=${WORKERS:-"1 2 4 8 12 16"}
EXECUTORS=${EXECUTORS:-"local process"}
WORK=${WORK:-/tmp/gat-scaling}
EXTRA=${EXTRA:-}
REPS=${REPS:-1}

if [[ -z ${STUDY:-} ]]; then
  if "$GAT" nminus1 dc --help >/dev/null 2>&1; then STUDY="nminus1 dc"; else
    STUDY="batch pf dc"
    echo "note: this gat has no 'nminus1 dc'; measuring 'batch pf dc' instead" >&2
  fi
fi
if [[ -z ${CHUNK:-} ]]; then
  if [[ $STUDY == "nminus1 dc" ]]; then CHUNK="--chunk-contingencies 256"; else CHUNK="--chunk-hours 4"; fi
fi

rm -rf "$WORK"
mkdir -p "$WORK"
python3 -c "
import math
print('hour,scale')
for h in range($HOURS): print(f'{h},{0.75 + 0.2 * math.sin(2 * math.pi * h / 24) + 0.05 * math.sin(2 * math.pi * h / 168):.6f}')
" >"$WORK/hours.csv"

tree_hash() { (cd "$1" && find . -type f ! -name _SUCCESS -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

echo "# gat $($GAT --version | cut -d' ' -f2-): $STUDY $CASE x $HOURS hours ($CHUNK $EXTRA)"
echo
echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| executor | workers | wall s | speed-up | efficiency | before s | prepare s | chunks s | reduce s | chunks | output |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
h1=""
for ex in $EXECUTORS; do
  t1=""
  for n in $WORKERS; do
    if [[ $ex == local ]]; then flag="--threads $n"; else flag="--max-procs $n"; fi
    t=""
    for _ in $(seq "$REPS"); do  # the fastest of REPS runs, with its phases
      rm -rf "$WORK/runs" "$WORK/out"
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      "$GAT" $STUDY "$CASE" --profile "$WORK/hours.csv" $CHUNK $EXTRA --executor "$ex" $flag \
        --runs-dir "$WORK/runs" -o "$WORK/out" --log-format json >"$WORK/run.out" 2>"$WORK/stderr" ||
        { echo "run failed ($ex, $n workers):" >&2; tail -5 "$WORK/stderr" >&2; exit 1; }
      tr=$(( ($(date +%s%N) - t0) / 1000000 ))
      if [[ -z $t || $tr -lt $t ]]; then t=$tr; cp "$WORK/run.out" "$WORK/stdout"; fi
    done
    chunks=$(python3 -c "import json,glob; print(json.load(open(glob.glob('$WORK/runs/*/run.json')[0]))['counts']['total'])")
    h=$(tree_hash "$WORK/out")
    [[ -z $t1 ]] && t1=$t
    [[ $ex == local && -z ${t1_local:-} ]] && t1_local=$t
    [[ -z $h1 ]] && h1=$h
    same=$([[ $h == "$h1" ]] && echo "identical" || echo "DIFFERS")
    # gat's summary line: "(ran N in E s: prepare P, chunks C, reduce R)"; before = wall - E
    # (process start, reading the inputs, planning; the highlights printed after the run).
    phases=$(sed -n 's/.*ran [0-9]* in \([0-9.]*\) s: prepare \([0-9.]*\), chunks \([0-9.]*\), reduce \([0-9.]*\)).*/\1 \2 \3 \4/p' "$WORK/stdout")
    awk -v ex="$ex" -v n="$n" -v t="$t" -v t1="$t1" -v c="$chunks" -v s="$same" -v ph="$phases" \
      'BEGIN { split(ph, p, " ");
               printf "| %s | %d | %.3f | %.2f | %.0f %% | %.3f | %.3f | %.3f | %.3f | %d | %s |\n",
                      ex, n, t / 1000, t1 / t, 100 * t1 / (n * t), t / 1000 - p[1], p[2], p[3], p[4], c, s }'
  done
done

# What N busy cores cost one another: N independent one-worker runs at once, sharing only the
# hardware (caches, memory bandwidth, clocks). T(1) / their time is the efficiency N copies of
# the work reach with no executor at all: a reference for E(N), not a strict bound (they keep
# N copies of the study's data where one run of N workers shares one).
n=${WORKERS##* }
if [[ ${ALONGSIDE:-1} == 1 && -n ${t1_local:-} && $n -gt 1 ]]; then
  best=""
  for _ in $(seq "$REPS"); do
    for i in $(seq "$n"); do
      d="$WORK/alone$i"
      rm -rf "$d" && mkdir -p "$d"
      (
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        "$GAT" $STUDY "$CASE" --profile "$WORK/hours.csv" $CHUNK $EXTRA --executor local \
          --threads 1 --runs-dir "$d/runs" -o "$d/out" --log-format json >/dev/null 2>&1 &&
          echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$d/ms"
      ) &
    done
    wait
    med=$(cat "$WORK"/alone*/ms | sort -n | awk '{a[NR] = $1} END {print (NR == '"$n"') ? a[int((NR + 1) / 2)] : ""}')
    [[ -n $med ]] || { echo "a concurrent one-worker run failed" >&2; exit 1; }
    if [[ -z $best || $med -lt $best ]]; then best=$med; fi
  done
  echo
  awk -v n="$n" -v t1="$t1_local" -v m="$best" 'BEGIN {
    printf "%d one-worker runs at once (sharing only the machine): %.3f s each (median) against %.3f s alone, %.0f %%\n",
           n, m / 1000, t1 / 1000, 100 * t1 / m }'
fi
rm -rf "$WORK"
