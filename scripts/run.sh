#!/usr/bin/env bash
# Sets up if needed, then opens Taxoscope on the sample project (when sample data is found) or its welcome screen.
#   scripts/run.sh               the desktop app
#   scripts/run.sh --headless    the pipeline from the command line on the sample, printing what it found
# Sample data: $TAXOSCOPE_SAMPLE_DATA, default ../shared/data/rare_species (a metadata.csv beside class folders).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

headless=0
[ "${1:-}" = "--headless" ] && { headless=1; shift; }

CLI="$TAXOSCOPE_BUILD/app/taxoscope-cli"
GUI="$TAXOSCOPE_BUILD/app/taxoscope"
if [ ! -x "$CLI" ] || { [ "$headless" -eq 0 ] && [ ! -x "$GUI" ]; }; then
  "$TAXOSCOPE_ROOT/scripts/setup.sh"
fi
if [ -z "${TAXOSCOPE_MODELS:-}" ] && [ -d "$TAXOSCOPE_ROOT/models" ]; then export TAXOSCOPE_MODELS="$TAXOSCOPE_ROOT/models"; fi

SAMPLE="${TAXOSCOPE_SAMPLE_DATA:-$TAXOSCOPE_ROOT/../shared/data/rare_species}"
PROJECT="${TAXOSCOPE_SAMPLE_PROJECT:-${XDG_DATA_HOME:-$HOME/.local/share}/taxoscope/sample-project}"
have_sample=0
[ -f "$SAMPLE/metadata.csv" ] && have_sample=1

if [ "$have_sample" -eq 1 ] && [ ! -f "$PROJECT/project.sqlite" ]; then
  log "importing the sample $SAMPLE into $PROJECT"
  "$CLI" import "$SAMPLE/metadata.csv" --project "$PROJECT"
  "$CLI" split --project "$PROJECT" --fractions 70/15/15 --seed 42
fi

if [ "$headless" -eq 1 ]; then
  if [ "$have_sample" -eq 0 ]; then
    log "no sample data found (set TAXOSCOPE_SAMPLE_DATA to a folder holding metadata.csv)"; exit 2
  fi
  exec "$TAXOSCOPE_ROOT/scripts/pipeline.sh" "$PROJECT" "$SAMPLE"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  log "no display: starting under xvfb-run (use --headless for the command-line pipeline)"
  wrap=(xvfb-run -a)
else
  wrap=()
fi
if [ "$have_sample" -eq 1 ]; then exec "${wrap[@]}" "$GUI" --project "$PROJECT" "$@"; fi
exec "${wrap[@]}" "$GUI" "$@"
