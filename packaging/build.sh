#!/usr/bin/env bash
# Build Mentee Portfolio for distribution and prove the results work.
#   bash packaging/build.sh          wheel + sdist (checked in a clean venv), then the
#                                    PyInstaller one-folder app (checked with --self-test)
#   bash packaging/build.sh wheel    only the wheel and sdist
#   bash packaging/build.sh app      only the PyInstaller app
# Uses $PYTHON (default: .venv/bin/python, made by packaging/dev.sh), into which it
# installs `build` and `pyinstaller`. Results: dist/*.whl, dist/*.tar.gz,
# dist/mentee-portfolio/ and dist/mentee-portfolio-<version>-linux-x86_64.tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || { echo "No $PYTHON: run 'bash packaging/dev.sh test' first, or set PYTHON." >&2; exit 64; }
VERSION="$("$PYTHON" -c 'import app; print(app.__version__)')"

with_display() {
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1280x800x24" "$@"
  else
    "$@"
  fi
}

check_desktop_files() {
  echo "== Validating the desktop entry and AppStream metainfo"
  desktop-file-validate packaging/linux/*.desktop
  appstreamcli validate --no-net packaging/linux/*.metainfo.xml
}

build_wheel() {
  echo "== Building the wheel and sdist"
  "$PYTHON" -m pip install -q build
  rm -f dist/*.whl dist/*.tar.gz
  "$PYTHON" -m build --outdir dist .
  echo "== Checking them (resources inside; the wheel works in a clean venv)"
  MENTEE_PORTFOLIO_BUILD_TESTS=1 QT_QPA_PLATFORM=offscreen \
    "$PYTHON" -m pytest -q -p no:cacheprovider tests/packaging/test_wheel.py
}

build_app() {
  echo "== Building the one-folder app with PyInstaller"
  "$PYTHON" -m pip install -q pyinstaller
  local start end
  start=$(date +%s)
  "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/mentee-portfolio.spec
  end=$(date +%s)
  echo "== Smoke test: the built app creates a portfolio and prints a PDF"
  local home
  home="$(mktemp -d)"
  # Its own home, so the smoke test leaves nothing in the builder's folders.
  MENTEE_PORTFOLIO_HOME="$home" with_display dist/mentee-portfolio/mentee-portfolio --self-test
  rm -rf "$home"
  local archive="dist/mentee-portfolio-${VERSION}-$(uname -s | tr A-Z a-z)-$(uname -m).tar.gz"
  tar -C dist -czf "$archive" mentee-portfolio
  echo "Built dist/mentee-portfolio in $((end - start)) s:" \
    "$(du -sh dist/mentee-portfolio | cut -f1) on disk, $(du -h "$archive" | cut -f1) as $archive"
}

case "${1:-all}" in
  wheel) check_desktop_files; build_wheel ;;
  app) build_app ;;
  all) check_desktop_files; build_wheel; build_app ;;
  *) echo "usage: bash packaging/build.sh [all|wheel|app]" >&2; exit 64 ;;
esac
