#!/usr/bin/env bash
# The headless pipeline on a project: what it holds and how it is split, then (with the pretrained models)
# embeddings, the study's best head (ConvNextFull, batch 32, AdamW 1e-4 / 3e-4, up to 13 epochs), its test
# scores, worst classes, and a few predictions.
# Called by `scripts/run.sh --headless`; usable on its own: scripts/pipeline.sh PROJECT_DIR [SAMPLE_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROJECT="$1"
SAMPLE="${2:-}"
CLI="$TAXOSCOPE_BUILD/app/taxoscope-cli"

echo "== Project"
"$CLI" info --project "$PROJECT"

if ! "$CLI" --json backbones | grep -q '"installed": true'; then
  log "no pretrained models found (scripts/fetch-models.sh): stopping after the data steps"
  exit 0
fi
echo "== Embeddings (cached in $PROJECT/features)"
"$CLI" extract --project "$PROJECT"
echo "== Training"
"$CLI" train --project "$PROJECT" --head full --batch 32 --lr 1e-4 --weight-decay 3e-4 --epochs 13 --seed 42
run=$("$CLI" runs --project "$PROJECT" | awk '$2 == "finished" { id = $1 } END { print id }')
echo "== Evaluation of run $run on the test part"
"$CLI" evaluate --project "$PROJECT" --run "$run" --part test --worst 5
if [ -n "$SAMPLE" ]; then
  echo "== Predictions for a few sample photos"
  find "$SAMPLE" -name '*.jpg' | sort | awk 'NR % 40 == 1' | head -4 | xargs "$CLI" predict --project "$PROJECT" --run "$run" --top 3
fi
