#!/usr/bin/env bash
# The headless pipeline on a project: what it holds, how it is split, and (when models are present) a trained model's scores.
# Called by `scripts/run.sh --headless`; usable on its own: scripts/pipeline.sh PROJECT_DIR [SAMPLE_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROJECT="$1"
CLI="$TAXOSCOPE_BUILD/app/taxoscope-cli"

echo "== Project $PROJECT"
"$CLI" info --project "$PROJECT"
