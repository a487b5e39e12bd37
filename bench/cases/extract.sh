#!/usr/bin/env bash
# extract: feature extraction end to end, from the original files to 1280-d MobileNetV2 embeddings.
# Taxoscope: build/bench/extract_bench pipeline (runEmbeddingPipeline + FeatureCache writes, what `taxoscope-cli extract`
# runs; every list line counts as its own photo, so the 127 photos repeated to 500 are not cache hits).
# Reference: bench/reference/extract_reference.py (torchvision, PIL, DataLoader with 2 workers, batch 32).
# Inputs: the 127 real photos of $TAXOSCOPE_SHARED/data/rare_species repeated to 500, and 2,000 generated 800x600
# JPEGs (made once into $BENCH_WORK). The sides alternate, BENCH_REPEATS times each; medians are reported, for
# Taxoscope in fp32 (the default) and in bf16 (`--precision bf16`, offered where the CPU has AVX-512 BF16 or AMX).
# EXTRACT_REAL_N / EXTRACT_GENERATED_N (default 500 / 2000) shrink the lists for a quick run on a crowded machine.
# Then the backbone alone in GFLOP/s against the fp32 peak of a large matrix product, at the same thread count.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
bench_need_shared data/rare_species || exit 1
[ -n "$TAXOSCOPE_MODELS" ] || { log "no models folder (TAXOSCOPE_MODELS)"; exit 1; }
BIN="$BENCH_BIN/extract_bench"
[ -x "$BIN" ] || { log "missing $BIN (bench/run.sh builds it)"; exit 1; }

real_list="$BENCH_WORK/extract-real.txt"
find "$TAXOSCOPE_SHARED/data/rare_species" -type f -iname '*.jpg' | sort > "$BENCH_WORK/extract-real127.txt"
real_n="${EXTRACT_REAL_N:-500}"
gen_n="${EXTRACT_GENERATED_N:-2000}"
awk -v n="$real_n" '{a[NR]=$0} END {for (i = 0; i < n; ++i) print a[i % NR + 1]}' "$BENCH_WORK/extract-real127.txt" > "$real_list"
gen_dir="$BENCH_WORK/extract-generated-800x600"
if [ "$(find "$gen_dir" -name 'gen_*.jpg' 2>/dev/null | wc -l)" -lt 2000 ]; then
  log "generating 2,000 800x600 JPEGs into $gen_dir (once)"
  "$BENCH_PYTHON" "$BENCH_DIR/reference/make_test_jpegs.py" "$gen_dir" 2000
fi
gen_list="$BENCH_WORK/extract-generated.txt"
find "$gen_dir" -name 'gen_*.jpg' | sort | sed -n "1,${gen_n}p" > "$gen_list"

field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p" | tail -n 1; }

# compare NAME LIST: alternating runs of Taxoscope (fp32, the default, and bf16, `extract --precision bf16`) and the
# reference; sets ratio_NAME and ratio_bf16_NAME and prints the medians.
compare() {
  local name=$1 list=$2 ours=() bf16=() ref=() i
  for ((i = 1; i <= BENCH_REPEATS; ++i)); do
    ours+=("$("$BIN" pipeline --list "$list" --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS" | field photos_per_s)")
    ref+=("$("$BENCH_PYTHON" "$BENCH_DIR/reference/extract_reference.py" --list "$list" --threads "$BENCH_THREADS" | field photos_per_s)")
    bf16+=("$("$BIN" pipeline --list "$list" --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS" --precision bf16 | field photos_per_s)")
    log "$name run $i: taxoscope ${ours[-1]} photos/s (bf16 ${bf16[-1]}), reference ${ref[-1]} photos/s"
  done
  local t b p
  t=$(bench_median "${ours[@]}")
  b=$(bench_median "${bf16[@]}")
  p=$(bench_median "${ref[@]}")
  printf -v "ratio_$name" '%.2f' "$(echo "$t / $p" | bc -l)"
  printf -v "ratio_bf16_$name" '%.2f' "$(echo "$b / $p" | bc -l)"
  local r="ratio_$name" rb="ratio_bf16_$name"
  echo "extract $name ($(wc -l < "$list") photos, $BENCH_THREADS threads): taxoscope $t photos/s (bf16 $b), reference $p photos/s, ratio ${!r}x (bf16 ${!rb}x)"
}

compare real "$real_list"
compare generated "$gen_list"

# The backbone alone (fp32, channels-last, batch 32) in GFLOP/s of the FLOPs counted layer by layer.
read -r flops peak < <("$BENCH_PYTHON" "$BENCH_DIR/reference/backbone_flops_peak.py" --threads "$BENCH_THREADS" |
  sed -n 's/.*flops_per_image=\([0-9]*\) peak_gflops=\([0-9.]*\).*/\1 \2/p')
ips=()
for ((i = 1; i <= BENCH_REPEATS; ++i)); do
  ips+=("$("$BIN" backbone --threads "$BENCH_THREADS" --models "$TAXOSCOPE_MODELS" | field images_per_s)")
done
ips_median=$(bench_median "${ips[@]}")
gflops=$(echo "$ips_median * $flops / 1000000000" | bc -l)
printf 'extract backbone alone: %s images/s x %.3f GFLOP/image = %.1f GFLOP/s, %.0f%% of the fp32 matmul peak %s GFLOP/s (%s threads)\n' \
  "$ips_median" "$(echo "$flops / 1000000000" | bc -l)" "$gflops" "$(echo "100 * $gflops / $peak" | bc -l)" "$peak" "$BENCH_THREADS"

bench_result extract "${ratio_real}x real, ${ratio_generated}x generated (bf16: ${ratio_bf16_real}x, ${ratio_bf16_generated}x)" \
  ">=3x real, >=1.5x generated"
