#!/usr/bin/env bash
# Runs the product: .venv, pinned dependencies, SQLite migrated, the seed's catalog and the demo loaded,
# served on http://127.0.0.1:8000 with the background scheduler (reminders, releases, archiving).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_debs "${RUNTIME_DEBS[@]}"
ensure_venv requirements.txt
cd "$ROOT"
.venv/bin/dwgk migrate --noinput
.venv/bin/dwgk collectstatic --noinput -v 0
.venv/bin/dwgk demo
exec .venv/bin/dwgk serve "$@"
