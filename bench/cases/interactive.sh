#!/usr/bin/env bash
# interactive: issue 5 item 5, the app's interactive figures.
#  1. classify one 4000x3000 JPEG (quality 90) through Predictor (a 202-class ConvNextFull head bundle over
#     mobilenet_v2_imagenet, model kept loaded, as the classify page does): median and 95th percentile of
#     INTERACTIVE_RUNS runs (default 20) on the CPU, alternating with the Python reference (PIL open + resize,
#     torchvision mobilenet_v2, same threads; and PIL with Image.draft, its reduced-size decode);
#  2. open a generated project of 12,000 specimens (400x300 JPEGs) in the main window, offscreen, until every cell
#     of the browser's first screen is painted with its photo: measured from the openProject call (and, printed
#     beside it, from process start), cold (no thumbnail cache on disk) and warm;
#  3. peak RSS (VmHWM) of the app while scrolling through all 12,000 thumbnails, a screen at a time;
#  4. paint time of a 202x202 confusion matrix (ConfusionView) at 4, 6, 12 and 24 px cells: the worst zoom's median.
# No Python reference for 2-4: they time Taxoscope's own views. Wall times on a shared machine are noisy; the CPU
# time per classify and per open is printed too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
export QT_QPA_PLATFORM=offscreen
W="$BENCH_WORK/interactive"
RUNS="${INTERACTIVE_RUNS:-20}"
SPECIMENS="${INTERACTIVE_SPECIMENS:-12000}"
mkdir -p "$W"
CLASSIFY="$BENCH_BIN/interactive_classify" GUI="$BENCH_BIN/interactive_gui"

field() { sed -n "s/^$1 \([0-9.]*\) $2 \([0-9.]*\)$/\\$3/p" | tail -1; }  # field PREFIX SECOND 1|2 < output

# 1. classify
classify_p50=n/a classify_p95=n/a
if [ -n "$TAXOSCOPE_MODELS" ] && [ -f "$TAXOSCOPE_MODELS/mobilenet_v2_1.0_224_quant.tflite" ]; then
  [ -f "$W/photo_4000x3000.jpg" ] || "$CLASSIFY" photo "$W/photo_4000x3000.jpg" 4000 3000
  [ -f "$W/bundle202/bundle.json" ] || "$CLASSIFY" bundle "$W/bundle202" 202 >/dev/null
  # Both sides at 1 thread and at BENCH_THREADS (the app's default: all cores); the last line reports the latter.
  for threads in $(printf '%s\n' 1 "$BENCH_THREADS" | sort -un); do
    t50=() t95=() tcpu=() p50=() p95=() pcpu=() d50=() d95=() dcpu=()
    for round in $(seq "$BENCH_REPEATS"); do
      out=$("$CLASSIFY" time "$W/photo_4000x3000.jpg" "$W/bundle202" "$RUNS" "$threads")
      log "$threads threads, round $round, taxoscope: $(echo "$out" | grep -E '^(load|first|stages)' | tr '\n' ';')"
      t50+=("$(echo "$out" | field p50 p95 1)") t95+=("$(echo "$out" | field p50 p95 2)")
      tcpu+=("$(echo "$out" | sed -n 's/^cpu ms per classify: p50 \([0-9.]*\).*/\1/p')")
      out=$("$BENCH_PYTHON" "$BENCH_DIR/reference/interactive_classify.py" "$W/photo_4000x3000.jpg" "$RUNS" "$threads")
      p50+=("$(echo "$out" | field p50 p95 1)") p95+=("$(echo "$out" | field p50 p95 2)")
      pcpu+=("$(echo "$out" | sed -n 's/^cpu ms per classify: p50 \([0-9.]*\).*/\1/p')")
      out=$("$BENCH_PYTHON" "$BENCH_DIR/reference/interactive_classify.py" "$W/photo_4000x3000.jpg" "$RUNS" "$threads" --draft)
      d50+=("$(echo "$out" | field p50 p95 1)") d95+=("$(echo "$out" | field p50 p95 2)")
      dcpu+=("$(echo "$out" | sed -n 's/^cpu ms per classify: p50 \([0-9.]*\).*/\1/p')")
    done
    classify_p50=$(bench_median "${t50[@]}") classify_p95=$(bench_median "${t95[@]}")
    ref50=$(bench_median "${p50[@]}") ref95=$(bench_median "${p95[@]}")
    echo "classify 4000x3000 JPEG, $threads thread(s), $RUNS runs x $BENCH_REPEATS rounds (medians of rounds; cpu = process CPU time per classify):"
    echo "  taxoscope          p50 $classify_p50 ms, p95 $classify_p95 ms, cpu $(bench_median "${tcpu[@]}") ms"
    echo "  python PIL         p50 $ref50 ms, p95 $ref95 ms, cpu $(bench_median "${pcpu[@]}") ms"
    echo "  python PIL draft   p50 $(bench_median "${d50[@]}") ms, p95 $(bench_median "${d95[@]}") ms, cpu $(bench_median "${dcpu[@]}") ms"
    echo "  ratio (python PIL p50 / taxoscope p50): $(awk -v a="$ref50" -v b="$classify_p50" 'BEGIN {printf "%.1fx", a / b}')"
  done
else
  log "no mobilenet_v2_1.0_224_quant.tflite under \$TAXOSCOPE_MODELS; classify skipped"
fi

# 2. open
[ -f "$W/p$SPECIMENS/project/project.sqlite" ] || "$GUI" project "$W/p$SPECIMENS" "$SPECIMENS" 2>/dev/null
cold=() warm=() cold_start=() warm_start=()
for round in $(seq "$BENCH_REPEATS"); do
  # Deleting 12,000 cached thumbnails takes seconds on a busy disk: done here, not inside the timed process.
  rm -rf "$W/p$SPECIMENS/project/thumbnails"
  out=$("$GUI" open "$W/p$SPECIMENS" 2>/dev/null)
  log "round $round: $(echo "$out" | head -1)"
  log "  $(echo "$out" | grep '^wall/cpu')"
  cold+=("$(echo "$out" | field 'open ms' 'start ms' 1)") cold_start+=("$(echo "$out" | field 'open ms' 'start ms' 2)")
  out=$("$GUI" open "$W/p$SPECIMENS" 2>/dev/null)
  warm+=("$(echo "$out" | field 'open ms' 'start ms' 1)") warm_start+=("$(echo "$out" | field 'open ms' 'start ms' 2)")
done
open_ms=$(bench_median "${cold[@]}")
echo "open $SPECIMENS specimens to the first screen of painted thumbnails (medians of $BENCH_REPEATS):"
echo "  cold thumbnail cache: $open_ms ms from the open call, $(bench_median "${cold_start[@]}") ms from process start"
echo "  warm thumbnail cache: $(bench_median "${warm[@]}") ms from the open call, $(bench_median "${warm_start[@]}") ms from process start"

# 3. peak memory while scrolling
out=$("$GUI" scroll "$W/p$SPECIMENS" 2>/dev/null)
echo "  $(echo "$out" | head -1)"
peak=$(echo "$out" | sed -n 's/^peak MB \([0-9.]*\)$/\1/p')
echo "peak RSS scrolling all $SPECIMENS thumbnails: $peak MB"

# 4. confusion paint
out=$("$GUI" confusion "$RUNS" 2>/dev/null)
echo "$out" | grep -v '^paint ms'
paint=$(echo "$out" | sed -n 's/^paint ms \([0-9.]*\)$/\1/p')

# The one case with four targets: bench_result's "(target ...)" becomes "(targets ...)".
printf 'interactive: classify p50 %s ms/p95 %s ms, open %s s, peak %s MB, confusion paint %s ms (targets 150 ms, 1.5 s, 600 MB, 50 ms)\n' \
  "$classify_p50" "$classify_p95" "$(awk -v v="$open_ms" 'BEGIN {printf "%.2f", v / 1000}')" "$peak" "$paint"
