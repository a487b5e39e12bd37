#!/usr/bin/env bash
# Installs what Taxoscope needs (Debian packages, pretrained model files) and builds Release into build/.
# Safe to run again: installed packages are skipped, an up-to-date build is a no-op.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_packages() {
  local missing=()
  for p in "${TAXOSCOPE_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "Debian packages: all present"; return; fi
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  log "building Release into $TAXOSCOPE_BUILD"
  if [ ! -f "$TAXOSCOPE_BUILD/CMakeCache.txt" ]; then
    cmake -S "$TAXOSCOPE_ROOT" -B "$TAXOSCOPE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  cmake --build "$TAXOSCOPE_BUILD" -j "$(nproc)"
}

case "${1:-}" in
  --packages-only) install_packages ;;
  --models-only) "$TAXOSCOPE_ROOT/scripts/fetch-models.sh" ;;
  *) install_packages; "$TAXOSCOPE_ROOT/scripts/fetch-models.sh" || true; build ;;
esac
