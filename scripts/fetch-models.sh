#!/usr/bin/env bash
# Provides the pretrained MobileNet files (Apache-2.0, google-coral/test_data) in models/:
# from $TAXOSCOPE_MODELS, else ../shared/models/coral, else the upstream URLs. Every weight file is checked
# against its sha256. Offline and without a local copy, Taxoscope still runs: it offers the from-scratch CNNs
# and TorchScript backbones only.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEST="$TAXOSCOPE_ROOT/models"
UPSTREAM="https://github.com/google-coral/test_data/raw/104342d2d3480b3e66203073dac24f4e2dbb4c41"
declare -A SHA256=(
  [mobilenet_v2_1.0_224_quant.tflite]=7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776
  [mobilenet_v2_1.0_224_inat_bird_quant.tflite]=350fcd8cf1df1560060d464595dfed8b174b05792788052896004848d9ad04f9
  [mobilenet_v2_1.0_224_inat_insect_quant.tflite]=0ebaeb474dccf56b8b818b014f0d6a8e22b35a45b491a659f0b5405c9c838282
  [mobilenet_v1_1.0_224_quant_embedding_extractor.tflite]=f409ef4f73fcbb9667841965623c5c8524aac33d41b9bf5f3667161fb4a76319
)
EXTRA_FILES=(imagenet_labels.txt inat_bird_labels.txt inat_insect_labels.txt LICENSE)

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

source_dir=""
if [ -n "${TAXOSCOPE_MODELS:-}" ] && [ -d "$TAXOSCOPE_MODELS" ]; then source_dir="$TAXOSCOPE_MODELS"
elif [ -d "$TAXOSCOPE_SHARED_DEFAULT/models/coral" ]; then source_dir="$(cd "$TAXOSCOPE_SHARED_DEFAULT/models/coral" && pwd)"
fi

mkdir -p "$DEST"
failed=0
fetch() {  # fetch NAME [SHA]
  local name="$1" sha="${2:-}" target="$DEST/$1"
  if [ -n "$sha" ] && sha_ok "$target" "$sha"; then return 0; fi
  if [ -z "$sha" ] && [ -s "$target" ]; then return 0; fi
  local tmp="$target.part"
  if [ -n "$source_dir" ] && [ -f "$source_dir/$name" ]; then
    cp "$source_dir/$name" "$tmp"
  elif command -v curl >/dev/null 2>&1 && curl -fsSL --connect-timeout 10 --max-time 300 -o "$tmp" "$UPSTREAM/$name"; then
    :
  else
    rm -f "$tmp"
    log "could not obtain $name (no local copy in \$TAXOSCOPE_MODELS or ../shared/models/coral, and the download failed: offline?)"
    failed=1; return 1
  fi
  if [ -n "$sha" ] && ! sha_ok "$tmp" "$sha"; then
    log "$name: sha256 mismatch, refusing it (expected $sha)"
    rm -f "$tmp"; failed=1; return 1
  fi
  mv "$tmp" "$target"
}

for name in "${!SHA256[@]}"; do fetch "$name" "${SHA256[$name]}"; done
for name in "${EXTRA_FILES[@]}"; do fetch "$name"; done
if [ -n "$source_dir" ] && [ -f "$source_dir/SOURCE.md" ]; then cp "$source_dir/SOURCE.md" "$DEST/SOURCE.md"; fi

if [ "$failed" -ne 0 ]; then
  log "pretrained models incomplete in $DEST: Taxoscope runs without them (from-scratch CNNs, TorchScript backbones)."
  log "to add them later: TAXOSCOPE_MODELS=/path/to/coral scripts/setup.sh --models-only"
  exit 1
fi
log "pretrained models verified (sha256) in $DEST"
