#!/usr/bin/env bash
# Set up everything editions needs on a Debian machine with Python 3.11:
#   Debian packages (fonts, HarfBuzz subsetting, poppler, liblouis, Java, espeak-ng, ffmpeg)
#   when run as root — otherwise it prints
#   the exact apt line to run — and a virtual environment in .venv with the Python packages
#   pinned in requirements.lock.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# the alternative formats: liblouis (braille) and jieba (Chinese words for braille) through
# Debian's Python bindings, Java for EPUBCheck (the JDK: one JVM checks every EPUB of a build),
# espeak-ng and ffmpeg for audio
DEBIAN_PACKAGES=(fonts-noto-core fonts-noto-cjk libharfbuzz-subset0 poppler-utils
                 libpango-1.0-0 libpangoft2-1.0-0 python3-venv chromium nodejs npm
                 python3-louis python3-jieba openjdk-17-jdk-headless espeak-ng ffmpeg)
PYTHON=${PYTHON:-python3}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    # python3-venv is only needed when this Python has no working venv module
    if [ "$pkg" = python3-venv ] && "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
      continue
    fi
    # Node.js from another source (nvm, the image) is fine: only install Debian's when missing
    if { [ "$pkg" = nodejs ] || [ "$pkg" = npm ]; } && command -v node >/dev/null 2>&1 \
        && command -v npm >/dev/null 2>&1; then
      continue
    fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
# exactly the versions in requirements.lock, each checked against its sha256 (scripts/lock.sh
# refreshes the lock); then editions itself, editable, with the locked build backend
stamp=.venv/.editions-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the locked Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
    -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
    -e .
  echo "$want" > "$stamp"
fi

# liblouis's binding and the jieba segmenter come from Debian (PyPI's "louis" is an empty
# placeholder): the venv sees these two packages only, not the rest of Debian's dist-packages
mkdir -p .venv/debian-packages
for mod in louis jieba; do
  ln -sfn "/usr/lib/python3/dist-packages/$mod" ".venv/debian-packages/$mod"
done
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$PWD/.venv/debian-packages" > "$site/debian-packages.pth"

# axe-core and playwright-core for the browser checks (they drive Debian's Chromium; no
# browser download)
# Ace by DAISY (@daisy/ace-cli) for the EPUB checks, through puppeteer on the same Chromium
if [ ! -d node_modules/axe-core ] || [ ! -d node_modules/playwright-core ] || \
   [ ! -d node_modules/@daisy/ace-cli ] || \
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages for the browser and EPUB checks"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
    npm ci --no-audit --no-fund --silent
fi
