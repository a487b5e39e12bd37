# Shared by the scripts in this folder: paths and the Debian packages Taxoscope needs.
# shellcheck shell=bash
TAXOSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAXOSCOPE_BUILD="${TAXOSCOPE_BUILD:-$TAXOSCOPE_ROOT/build}"
TAXOSCOPE_SHARED_DEFAULT="$TAXOSCOPE_ROOT/../shared"

# Build, run and test dependencies. libopenblas0-pthread matters: with Debian's reference BLAS,
# LibTorch's linear layers run about 20x slower. clang and libclang-rt-14-dev (libFuzzer and clang's sanitizer
# runtimes) build the fuzz targets of scripts/fuzz.sh, which CI runs.
TAXOSCOPE_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
  libtorch-dev libopenblas0-pthread libopencv-dev libjpeg-dev
  nlohmann-json3-dev libsqlite3-dev libssl-dev libcli11-dev libxxhash-dev libcsv-dev
  python3-torch python3-torchvision python3-sklearn python3-pil
  python3-pyarmnn libarmnn-cpuref-backend22  # an independent TFLite interpreter for tests/models/test_tflite_reference
  xvfb xauth curl ca-certificates
  clang libclang-rt-14-dev
)

log() { printf '[taxoscope] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; return 1
  fi
}
