#!/usr/bin/env bash
# One call on the lent H200 (device tool): GPU unit tests, compute-sanitizer (memcheck,
# racecheck on small sizes) and the benchmarks, each stage's log in $OUT, a short table last.
#
# The bundle (bench/gpu/make_bundle.sh builds it here) holds bin/ (gat, gat_unit_tests,
# bench_gpu), lib/ (KLU, oneTBB, spdlog, fmt, libcrypto), cases/ and profiles/. Arrow comes
# from the device machine's pyarrow 25.0.1.
#   bash .device/gpu/run_on_device.sh [stage ...]   stages: info tests sanitize cli bench noprune big
#                                                    cpu (16-core scaling, no GPU needed;
#                                                    PF_CASES, PF_THREADS choose its batches)
set -u
B=${GAT_BUNDLE:-.device/gpu}
OUT=${OUT:-/tmp/gat-out}
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$B/lib:$(python3 -c 'import pyarrow; print(pyarrow.get_library_dirs()[0])')"
export GAT_CASE_PATH="$B/cases"
stages=${*:-info tests sanitize bench}
SMALL='*GpuScreen.WithoutPruning*:*GpuScreen.F64AndAutoEqualTheCpu/0:GpuSens.PtdfAndLodfEqualTheCpu:GpuMismatch.*:GpuCapacity.*'

stage() {  # stage LOG LIMIT_S command...: appends to $OUT/LOG, prints rc and time
  local log=$1 limit=$2
  shift 2
  echo "== $*" | tee -a "$OUT/$log"
  local t0=$SECONDS
  timeout "$limit" "$@" >> "$OUT/$log" 2>&1
  local rc=$?
  echo "   rc=$rc in $((SECONDS - t0)) s" | tee -a "$OUT/$log"
  return $rc
}

for s in $stages; do
  case $s in
    info)
      stage info.log 30 nvidia-smi
      stage info.log 30 "$B/bin/gat" doctor
      ;;
    tests)
      stage tests.log 150 "$B/bin/gat_unit_tests" --gtest_filter='*Gpu*:Accel*:Capacity*:Mismatch*:Philox*'
      grep -E "^\[  (PASSED|FAILED|SKIPPED) |FAILED  \]" "$OUT/tests.log" | tail -n 20
      ;;
    sanitize)
      export GAT_CUDA_SYNC=1
      stage sanitize.log 150 compute-sanitizer --tool memcheck --leak-check full --error-exitcode 9 \
        "$B/bin/gat_unit_tests" --gtest_filter="$SMALL"
      stage sanitize.log 100 compute-sanitizer --tool racecheck --error-exitcode 9 \
        "$B/bin/gat_unit_tests" --gtest_filter='*GpuScreen.WithoutPruning*/0:GpuCapacity.*'
      unset GAT_CUDA_SYNC
      grep -E "ERROR SUMMARY|RACECHECK SUMMARY|PASSED|FAILED" "$OUT/sanitize.log" | tail -n 12
      ;;
    cli)  # every study's --gpu through the run framework (both executors) against its CPU run
      W=/tmp/gat-cli
      rm -rf "$W"
      P=$B/profiles
      while read -r name args; do
        stage cli.log 180 "$B/bin/gat" $args -o "$W/$name-cpu" --runs-dir "$W/runs" --log-format json
        for ex in local process; do
          stage cli.log 180 "$B/bin/gat" $args --gpu -o "$W/$name-$ex" --runs-dir "$W/runs" \
            --executor "$ex" --log-format json &&
            stage cli.log 60 python3 "$B/compare_runs.py" "$W/$name-$ex" "$W/$name-cpu" 1e-9
        done
      done <<LIST
nminus1-dc nminus1 dc case2383wp --profile $P/p168.csv
nminus1-ac nminus1 ac case2383wp --threshold 90
sens-ptdf sens ptdf case2383wp
sens-lodf sens lodf case2383wp --chunk-outages 1000
mismatch batch mismatch case2383wp --profile $P/p168.csv --chunk-hours 48
adequacy adequacy screen case2383wp --profile $P/p168.csv --scenarios 400 --for 0.05
LIST
      grep -E "rc=|same|DIFFERENT" "$OUT/cli.log" | tail -n 60
      ;;
    bench)
      P=$B/profiles
      stage bench.log 30 "$B/bin/bench_gpu" copy 4
      stage bench.log 150 "$B/bin/bench_gpu" screen case_ACTIVSg10k "$P/p168.csv" 168 100 f64,auto,f32
      stage bench.log 150 "$B/bin/bench_gpu" screen case13659pegase_rated "$P/p168.csv" 168 100 f64,auto,f32
      stage bench.log 60 "$B/bin/bench_gpu" sens case_ACTIVSg10k
      stage bench.log 60 "$B/bin/bench_gpu" mismatch case13659pegase_rated "$P/p8760.csv"
      stage bench.log 90 "$B/bin/bench_gpu" capacity case_ACTIVSg10k 200 8760
      ;;
    noprune)  # the kernel's raw rate: every (monitored, outage, hour) checked
      stage bench.log 120 "$B/bin/bench_gpu" screen case13659pegase_rated "$B/profiles/p168.csv" 168 100 f32,f64 cpu noprune
      ;;
    big)  # a year of hours: the 20x goal
      stage big.log 300 "$B/bin/bench_gpu" screen case13659pegase_rated "$B/profiles/p8760.csv" 8760 100 auto,f64,f32
      stage big.log 120 "$B/bin/bench_gpu" screen case13659pegase_rated "$B/profiles/p8760.csv" 8760 100 f32,f64 nocpu noprune
      ;;
    cpu)  # issues 3 and 5: batch AC power flow and nminus1 dc with 1..16 workers
      # The cases' own voltages as the start (case_ACTIVSg10k does not converge from flat).
      for c in ${PF_CASES:-case2383wp case_ACTIVSg10k}; do
        for t in ${PF_THREADS:-1 2 4 8 16}; do
          stage cpu.log 120 "$B/bin/gat_pf_bench" "$c" --start case --repeat 1 --hours 8760 --threads "$t"
        done
      done
      GAT=$B/bin/gat CASE=case_ACTIVSg10k HOURS=168 WORKERS="1 2 4 8 16" WORK=/tmp/gat-scaling \
        stage cpu.log 420 bash "$B/scaling_runs.sh"
      grep -E '^\| |batch_s' "$OUT/cpu.log" | tail -n 30
      ;;
  esac
done
echo "== results"
cat "$OUT"/*.log 2>/dev/null | grep -E "^\| " | sort -u
