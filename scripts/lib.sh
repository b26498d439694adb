# Shared by scripts/run.sh, scripts/test.sh and .ci/run. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

# Install Debian packages that are not there yet (apt-get update only when something is missing).
ensure_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo ">> apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Create .venv at the repository root and install the pinned requirements and the project itself.
# A stamp of the requirements files avoids reinstalling when nothing changed.
ensure_venv() {
  local requirements="$1"
  cd "$ROOT"
  if [ ! -x .venv/bin/python ]; then
    echo ">> creating .venv"
    "$PYTHON" -m venv .venv
  fi
  local stamp=".venv/.dwgk-$(basename "$requirements").sha256"
  local want
  want="$(cat requirements*.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x .venv/bin/dwgk ]; then
    echo ">> installing $requirements"
    # This machine's pip configuration names local mirrors that may be absent; their warnings are noise.
    .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements" 2> >(grep -v "^WARNING: Location" >&2)
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2> >(grep -v "^WARNING: Location" >&2)
    echo "$want" > "$stamp"
  fi
}

RUNTIME_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
TEST_DEBS=(chromium fonts-noto-cjk wrk gettext libreoffice-calc-nogui libreoffice-writer-nogui)
# Node.js (for the axe-core accessibility checker) from Debian only where the machine has none.
command -v npm >/dev/null 2>&1 || TEST_DEBS+=(nodejs npm)
