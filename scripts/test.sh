#!/usr/bin/env bash
# Sets up (packages, models, Release build with tests) and runs every test with CTest.
# Extra arguments go to ctest, e.g. `scripts/test.sh -L unit` or `scripts/test.sh -R test_csv`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TAXOSCOPE_ROOT/scripts/setup.sh"

# Integration tests read ../shared (photos, metadata, models) through TAXOSCOPE_SHARED and skip without it.
if [ -z "${TAXOSCOPE_SHARED:-}" ] && [ -d "$TAXOSCOPE_SHARED_DEFAULT" ]; then
  TAXOSCOPE_SHARED="$(cd "$TAXOSCOPE_SHARED_DEFAULT" && pwd)"
fi
export TAXOSCOPE_SHARED="${TAXOSCOPE_SHARED:-}"
if [ -z "${TAXOSCOPE_MODELS:-}" ] && [ -d "$TAXOSCOPE_ROOT/models" ]; then export TAXOSCOPE_MODELS="$TAXOSCOPE_ROOT/models"; fi
[ -n "$TAXOSCOPE_SHARED" ] || log "TAXOSCOPE_SHARED not found: integration tests will skip"

cd "$TAXOSCOPE_BUILD"
ctest --output-on-failure -j 2 "$@"
