#!/usr/bin/env bash
# Set everything up on a fresh Debian-like machine, then start the app or run the tests.
#   bash packaging/dev.sh app [ARGS...]   set up, then start the desktop app
#   bash packaging/dev.sh test [PYTEST ARGS...]   set up, then run the whole test suite
#   bash packaging/dev.sh check   set up, then the static checks CI runs (lint, format, types
#                                 for Linux, Windows and macOS, layers)
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  xvfb xauth xdotool imagemagick poppler-utils fonts-dejavu-core
  dbus dbus-x11 gnome-keyring
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  desktop-file-utils appstream
  faketime strace locales
)

install_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  # Install only when pyproject.toml or this checkout changed since the last install,
  # so two runs started side by side (.ci/run) never install into one venv at once.
  local stamp=".venv/.installed-for"
  local wanted
  wanted="$(pwd) $(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  printf '%s' "$wanted" > "$stamp"
}

run_tests() {
  # MENTEE_PORTFOLIO_TEST_DATE='2029-02-28 23:58:00' runs the suite with its clock
  # started at that moment (libfaketime, pytest's process and what it starts; the
  # keyring and the X server keep the real clock).
  local faketime=()
  if [ -n "${MENTEE_PORTFOLIO_TEST_DATE:-}" ]; then
    faketime=(faketime -f "@${MENTEE_PORTFOLIO_TEST_DATE}")
  fi
  export XDG_RUNTIME_DIR XDG_DATA_HOME
  XDG_RUNTIME_DIR="$(mktemp -d)"
  chmod 700 "$XDG_RUNTIME_DIR"
  # The test keyring lives in this run's own folder: never the user's login keyring,
  # and never shared with another run going at the same time.
  XDG_DATA_HOME="$XDG_RUNTIME_DIR/data"
  mkdir -p "$XDG_DATA_HOME"
  # .ci/run starts two runs at once: each takes its own X display number (xvfb-run -a
  # could pick the same free number for both).
  local display=(-a)
  if [ -n "${MENTEE_PORTFOLIO_TEST_DISPLAY:-}" ]; then
    display=(-n "$MENTEE_PORTFOLIO_TEST_DISPLAY")
  fi
  export MENTEE_PORTFOLIO_TEST_KEYRING=1
  # A real Secret Service (gnome-keyring) on a private D-Bus session, and a virtual
  # X screen for the end-to-end window tests.
  dbus-run-session -- sh -c '
    eval "$(printf %s test-pass | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
    exec xvfb-run "$@"' sh \
    "${display[@]}" -s "-screen 0 1280x800x24" \
    ${faketime[@]+"${faketime[@]}"} .venv/bin/python -m pytest "$@"
}

run_checks() {
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  .venv/bin/mypy
  # The Windows and macOS branches (app/os_support) cannot run here: type-check them.
  .venv/bin/mypy --platform win32 --cache-dir .mypy_cache/win32
  .venv/bin/mypy --platform darwin --cache-dir .mypy_cache/darwin
  .venv/bin/lint-imports
}

run_app() {
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting the app on a virtual screen (Xvfb)." >&2
    exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/mentee-portfolio "$@"
  fi
  exec .venv/bin/mentee-portfolio "$@"
}

command="${1:-}"
shift || true
case "$command" in
  app) install_system_packages; setup_venv; run_app "$@" ;;
  test) install_system_packages; setup_venv; run_tests "$@" ;;
  check) install_system_packages; setup_venv; run_checks ;;
  *) echo "usage: bash packaging/dev.sh app|test|check [ARGS...]" >&2; exit 64 ;;
esac
