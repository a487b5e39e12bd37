# Shared by bench/run.sh and bench/cases/*.sh.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_DIR="$TAXOSCOPE_ROOT/bench"
BENCH_BIN="$TAXOSCOPE_BUILD/bench"
# Debian's PyTorch (torch 1.13, torchvision 0.14) lives under /usr/bin/python3, not under a python3 earlier on PATH.
BENCH_PYTHON="${BENCH_PYTHON:-/usr/bin/python3}"
# Runs of each side; the median is reported.
BENCH_REPEATS="${BENCH_REPEATS:-3}"
# Threads for both sides, so the ratio compares like with like.
BENCH_THREADS="${BENCH_THREADS:-$(nproc)}"
if [ -z "${TAXOSCOPE_SHARED:-}" ] && [ -d "$TAXOSCOPE_SHARED_DEFAULT" ]; then
  TAXOSCOPE_SHARED="$(cd "$TAXOSCOPE_SHARED_DEFAULT" && pwd)"
fi
export TAXOSCOPE_SHARED="${TAXOSCOPE_SHARED:-}"
if [ -z "${TAXOSCOPE_MODELS:-}" ]; then
  if [ -d "$TAXOSCOPE_ROOT/models" ]; then TAXOSCOPE_MODELS="$TAXOSCOPE_ROOT/models"
  elif [ -n "$TAXOSCOPE_SHARED" ]; then TAXOSCOPE_MODELS="$TAXOSCOPE_SHARED/models/coral"; fi
fi
export TAXOSCOPE_MODELS="${TAXOSCOPE_MODELS:-}"

# Scratch space for generated inputs, kept between runs (generation is not what is measured).
BENCH_WORK="${BENCH_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/taxoscope-bench}"
mkdir -p "$BENCH_WORK"

# bench_median v1 v2 ...: the median of numbers.
bench_median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# bench_result NAME FIGURE TARGET: the last line every case prints.
bench_result() { printf '%s: %s (target %s)\n' "$1" "$2" "$3"; }

bench_need_shared() {
  if [ -z "$TAXOSCOPE_SHARED" ] || [ ! -d "$TAXOSCOPE_SHARED/$1" ]; then
    log "needs \$TAXOSCOPE_SHARED/$1 (the ../shared data); skipped"; return 1
  fi
}
