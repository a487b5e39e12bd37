#!/usr/bin/env bash
# Proves Taxoscope's CUDA path on a lent NVIDIA machine (the device tool; never CI). Run scripts/device/pack.sh here
# first, then the device tool with carry [".devcarry"] and command `bash scripts/device/cuda_check.sh`.
# It builds taxoscope-cli and head_bench against that machine's CUDA LibTorch (scripts/device/deps.cmake), then runs
# the same workflow with --device cpu and --device cuda on the sample photos: import, split, extract, train the head,
# fine-tune 2 blocks, a from-scratch CNN, evaluate, predict, explain, and compares the two devices' answers
# (scripts/device/compare_devices.py). Last, head training and the random search of issue 5 on generated features
# (10,784 x 1280, 202 classes) on the GPU. Everything it prints goes to $OUT/cuda_check.log too.
# TAXOSCOPE_DEVICE_STEPS (default "workflow bench") picks the parts after the build; TAXOSCOPE_DEVICE_PARALLEL (default
# "1 4") the concurrent trials of each random search; TAXOSCOPE_DEVICE_BUDGET_S stops starting searches past it.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CARRY="$ROOT/.devcarry"
OUT="${OUT:-/tmp/taxoscope-device-out}"
W=/tmp/taxoscope-device
BUDGET_S="${TAXOSCOPE_DEVICE_BUDGET_S:-540}"  # stop starting optional steps past this many seconds
START=$(date +%s)
mkdir -p "$OUT" "$W/deps"
exec > >(tee "$OUT/cuda_check.log") 2>&1
step() { echo; echo "== $* ($(($(date +%s) - START)) s)"; }
left() { echo $((BUDGET_S - ($(date +%s) - START))); }
timed() {
  local t0 rc; t0=$(date +%s%3N); "$@"; rc=$?
  local ms=$(($(date +%s%3N) - t0)); printf '   [%d.%03d s, rc %d] %s\n' $((ms / 1000)) $((ms % 1000)) "$rc" "$*" >&2; return $rc
}

step "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "available", torch.cuda.is_available())'
g++ --version | head -1; cmake --version | head -1; nproc

step "build"
tar -xJf "$CARRY/deps.tar.xz" -C "$W/deps"
export LD_LIBRARY_PATH="$W/deps/lib"
gen=Ninja; command -v ninja >/dev/null || gen="Unix Makefiles"
cmake -S "$ROOT" -B "$W/build" -G "$gen" -DTAXOSCOPE_BUILD_GUI=OFF -DTAXOSCOPE_BUILD_TESTS=OFF -DTAXOSCOPE_BUILD_BENCH=ON \
  -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES="$ROOT/scripts/device/deps.cmake" -DTAXOSCOPE_DEVICE_DEPS="$W/deps" \
  -DCSV_LIBRARY="$W/deps/lib/libcsv.so" -DCSV_INCLUDE_DIR="$W/deps/include" >"$W/configure.log" 2>&1 \
  || { cat "$W/configure.log"; exit 1; }
grep -E "Torch|WARNING" "$W/configure.log"
timed cmake --build "$W/build" -j "$(nproc)" --target taxoscope-cli head_bench >"$OUT/build.log" 2>&1 \
  || { grep -E "error|Error" -A3 "$OUT/build.log" | head -80; exit 1; }
cli="$W/build/app/taxoscope-cli"
bench="$W/build/bench/head_bench"
models="$CARRY/models"
photo=$(ls "$CARRY"/rare_species/chordata_ardeidae/*.jpg | head -1)

STEPS=" ${TAXOSCOPE_DEVICE_STEPS:-workflow bench} "
for dev in cpu cuda; do
  [[ "$STEPS" == *" workflow "* ]] || break
  step "workflow on $dev"
  P="$W/project-$dev"
  rm -rf "$P"
  "$cli" -q import "$CARRY/rare_species/metadata.csv" --project "$P" >/dev/null || exit 1
  "$cli" -q split --project "$P" --fractions 70/15/15 --seed 42 >/dev/null || exit 1
  timed "$cli" -q extract --project "$P" --models "$models" --device "$dev" || exit 1
  timed "$cli" -q --json train --project "$P" --models "$models" --device "$dev" --epochs 13 --name head >"$OUT/train-head-$dev.json" || exit 1
  timed "$cli" -q --json train --project "$P" --models "$models" --device "$dev" --unfreeze 2 --backbone-lr 1e-5 --epochs 2 \
    --name finetune >"$OUT/train-finetune-$dev.json" || exit 1
  timed "$cli" -q --json train --project "$P" --models "$models" --device "$dev" --scratch scratch_cnn2 --epochs 2 \
    --name scratch >"$OUT/train-scratch-$dev.json" || exit 1
  for run in 1 2 3; do
    "$cli" -q --json evaluate --project "$P" --run "$run" --part test --models "$models" >"$OUT/eval-$run-$dev.json" || exit 1
    timed "$cli" -q predict "$CARRY/rare_species" --project "$P" --run "$run" --models "$models" --device "$dev" --top 4 \
      --out "$OUT/predict-$run-$dev.csv" >/dev/null || exit 1
  done
  timed "$cli" -q explain "$photo" --project "$P" --run 1 --models "$models" --out "$OUT/explain-$dev.png" || exit 1
done

if [[ "$STEPS" == *" workflow "* ]]; then
  step "cpu against cuda"
  python3 "$ROOT/scripts/device/compare_devices.py" "$OUT"
fi
[[ "$STEPS" == *" bench "* ]] || { step "done"; exit 0; }

step "head training and random search on generated features (cuda)"
python3 "$ROOT/bench/reference/head_reference.py" generate "$W/features" || exit 1
export TAXOSCOPE_BENCH_DEVICE=cuda
timed "$bench" head "$W/features" 13 "$(nproc)"
for parallel in ${TAXOSCOPE_DEVICE_PARALLEL:-1 4}; do
  if [ "$(left)" -lt 150 ]; then echo "skipping search with $parallel parallel trials: $(left) s of the budget left"; continue; fi
  timed timeout "$(left)" "$bench" search "$W/features" 20 13 "$(nproc)" fp32 "$parallel" | head -3
done
step "done"
