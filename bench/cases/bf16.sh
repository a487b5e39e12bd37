#!/usr/bin/env bash
# bf16: extraction in bfloat16 (CPU autocast, oneDNN on AVX-512 BF16 / AMX) against fp32.
# 1. The backbone alone (batch 32, channels-last), fp32 and bf16 alternating, BENCH_REPEATS each; medians.
# 2. End to end on the 127 real photos: fp32 then bf16 through the extraction pipeline, with the cosine similarity of
#    the bf16 embeddings to the fp32 ones (mean and minimum; the offer needs both >= 0.995, as tests/train asserts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
bench_need_shared data/rare_species || exit 1
[ -n "$TAXOSCOPE_MODELS" ] || { log "no models folder (TAXOSCOPE_MODELS)"; exit 1; }
BIN="$BENCH_BIN/extract_bench"
[ -x "$BIN" ] || { log "missing $BIN (bench/run.sh builds it)"; exit 1; }
field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p" | tail -n 1; }

f32=() b16=()
for ((i = 1; i <= BENCH_REPEATS; ++i)); do
  f32+=("$("$BIN" backbone --precision fp32 --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS" | field images_per_s)")
  b16+=("$("$BIN" backbone --precision bf16 --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS" | field images_per_s)")
  log "backbone run $i: fp32 ${f32[-1]} images/s, bf16 ${b16[-1]} images/s"
done
m32=$(bench_median "${f32[@]}")
m16=$(bench_median "${b16[@]}")
speedup=$(printf '%.2f' "$(echo "$m16 / $m32" | bc -l)")
echo "bf16 backbone alone ($BENCH_THREADS threads, batch 32): fp32 $m32 images/s, bf16 $m16 images/s, ${speedup}x"

find "$TAXOSCOPE_SHARED/data/rare_species" -type f -iname '*.jpg' | sort > "$BENCH_WORK/extract-real127.txt"
line=$("$BIN" compare --list "$BENCH_WORK/extract-real127.txt" --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS")
mean=$(field cosine_mean <<< "$line")
min=$(field cosine_min <<< "$line")
echo "bf16 end to end on 127 real photos: fp32 $(field fp32_photos_per_s <<< "$line") photos/s, bf16 $(field bf16_photos_per_s <<< "$line") photos/s; cosine to fp32 mean $mean, min $min"

bench_result bf16 "${speedup}x backbone speed, cosine mean $mean min $min" ">1x and cosine >=0.995"
