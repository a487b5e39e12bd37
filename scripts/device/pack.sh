#!/usr/bin/env bash
# Packs what scripts/device/cuda_check.sh needs on a lent GPU machine into .devcarry/ (git-ignored, never committed):
#   deps.tar.xz  headers and shared libraries of the non-torch dependencies (OpenCV core/imgproc/imgcodecs, SQLite,
#                xxhash, libcsv, OpenSSL's libcrypto, nlohmann-json, CLI11) taken from this Debian machine. That machine
#                has CUDA LibTorch (pip torch) but none of these. OpenCV's optional GDAL/GDCM/OpenGL/LAPACK back-ends
#                would pull in ~120 more libraries; they are replaced by stub libraries whose functions do nothing and
#                return 0 (OpenCV registers a GDAL decoder at the first imread, so they must not trap); Taxoscope never
#                decodes through them (JPEG/PNG/TIFF/WebP decoding is what it uses).
#   rare_species/ the sample photos and metadata.csv, models/ one MobileNetV2 TFLite file: read from ../shared.
# Usage: scripts/device/pack.sh [SHARED_DIR]    then call the device tool with carry [".devcarry"] and
#        command `bash scripts/device/cuda_check.sh`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${1:-$ROOT/../shared}"
OUT="$ROOT/.devcarry"
LIBDIR=/usr/lib/x86_64-linux-gnu
grep -qx '/.devcarry/' "$ROOT/.git/info/exclude" 2>/dev/null || echo '/.devcarry/' >>"$(git -C "$ROOT" rev-parse --git-common-dir)/info/exclude"

rm -rf "$OUT" && mkdir -p "$OUT"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/include" "$stage/lib" "$stage/stubsrc"

# Headers.
cp -r /usr/include/opencv4 /usr/include/nlohmann /usr/include/CLI /usr/include/openssl "$stage/include/"
cp /usr/include/x86_64-linux-gnu/openssl/*.h "$stage/include/openssl/"
cp /usr/include/sqlite3.h /usr/include/sqlite3ext.h /usr/include/xxhash.h /usr/include/csv.h "$stage/include/"

# Libraries: the closure of what Taxoscope links, minus the C/C++ runtime and the stubbed back-ends.
stubbed=(libgdal.so.32 libgdcmMSFF.so.3.0 libgdcmDSED.so.3.0 libGLX.so.0 liblapack.so.3 libblas.so.3)
runtime=(libc.so.6 libm.so.6 libstdc++.so.6 libgcc_s.so.1 ld-linux-x86-64.so.2 libpthread.so.0 libdl.so.2 librt.so.1)
skip=" ${stubbed[*]} ${runtime[*]} "
todo=(libopencv_core.so.406 libopencv_imgproc.so.406 libopencv_imgcodecs.so.406 libsqlite3.so.0 libxxhash.so.0 libcsv.so.3 libcrypto.so.3)
declare -A seen=()
while [ ${#todo[@]} -gt 0 ]; do
  name=${todo[-1]}; unset 'todo[-1]'
  [[ -n "${seen[$name]:-}" || "$skip" == *" $name "* ]] && continue
  seen[$name]=1
  cp -L "$LIBDIR/$name" "$stage/lib/$name"
  for n in $(readelf -d "$LIBDIR/$name" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do todo+=("$n"); done
done
# Link-time names (libfoo.so) for the libraries CMake links by path.
for l in opencv_core opencv_imgproc opencv_imgcodecs sqlite3 xxhash csv crypto; do
  real=$(cd "$stage/lib" && ls lib$l.so.* | head -1)
  ln -s "$real" "$stage/lib/lib$l.so"
done

# Stubs: every symbol the packed libraries import from a stubbed library, defined as a function returning 0 or a
# zero-filled object of the same size.
for f in "$stage"/lib/*.so.*; do nm -D --undefined-only "$f" | awk '{print $NF}'; done | sed 's/@.*//' | sort -u >"$stage/wanted"
for s in "${stubbed[@]}"; do
  src="$stage/stubsrc/${s%%.so*}.c"
  echo "/* stub for $s: Taxoscope never decodes through it */" >"$src"
  nm -D --defined-only -S "$LIBDIR/$s" | awk -v wanted="$stage/wanted" '
    BEGIN { while ((getline w < wanted) > 0) want[w] = 1 }
    { sym = $NF; type = $(NF - 1); size = (NF == 4 ? $2 : "0") }
    !(sym in want) || done[sym]++ { next }
    type ~ /^[TtWi]$/ { printf "long s%d(void) __asm__(\"%s\"); long s%d(void) { return 0; }\n", NR, sym, NR; next }
    { printf "char o%d[0x%s + 1] __asm__(\"%s\");\n", NR, size, sym }' >>"$src"
  gcc -shared -fPIC -o "$stage/lib/$s" -Wl,-soname,"$s" "$src"
done

tar -C "$stage" -cJf "$OUT/deps.tar.xz" include lib
mkdir -p "$OUT/rare_species" "$OUT/models"
cp -r "$SHARED"/data/rare_species/metadata.csv "$SHARED"/data/rare_species/chordata_* "$OUT/rare_species/"
cp "$SHARED"/models/coral/mobilenet_v2_1.0_224_quant.tflite "$SHARED"/models/coral/imagenet_labels.txt "$OUT/models/"
du -sh "$OUT" "$OUT"/*
