#!/usr/bin/env bash
# Runs every test: installs what the tests need (Debian's Chromium included), lints (ruff, then the
# import contracts), runs the suite.
# Extra arguments go to pytest. DATABASE_URL selects PostgreSQL instead of SQLite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_debs "${RUNTIME_DEBS[@]}" "${TEST_DEBS[@]}"
ensure_venv requirements-dev.txt
cd "$ROOT"
if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --silent
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --diff . | head -50; echo "ruff format: files need formatting"; exit 1; }
.venv/bin/lint-imports --no-logo  # architecture contracts ([tool.importlinter] in pyproject.toml)
export DWGK_ENV=test
.venv/bin/python -m pytest "$@"
