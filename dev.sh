#!/usr/bin/env bash
# One entry point for a fresh clone on Debian/Ubuntu:
#   ./dev.sh demo   set everything up, then start the demo client (hallclient --demo)
#   ./dev.sh test   set everything up, then run linters, type checks, import contracts and the whole test suite
# Setup is idempotent: Debian packages are installed only when missing, the virtualenv is reused and
# reinstalled only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-}"
case "$mode" in
  demo|test|setup) ;;
  *) echo "usage: ./dev.sh demo|test|setup" >&2; exit 2 ;;
esac

APT_RUNTIME=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 libusb-1.0-0)
APT_TEST=(xvfb xdotool xauth poppler-utils postgresql binutils chromium chromium-driver espeak-ng)  # xdotool: the real X keyboard test (with Xvfb); binutils: PyInstaller needs objdump on Linux; chromium: the hall display test; espeak-ng: the voice clips regenerate

need_apt=()
check_apt() {
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
  done
}

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "hallclient needs Python 3.11 or newer" >&2; return 1
}

PY=$(pick_python)
check_apt "${APT_RUNTIME[@]}"
if [ "$mode" = test ]; then
  check_apt "${APT_TEST[@]}"
  # PyInstaller (the frozen-bundle tests) needs the shared libpython, which Debian's own Python keeps in a package.
  if [ "$("$PY" -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
    check_apt "libpython$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  fi
fi
"$PY" -c 'import venv, ensurepip' 2>/dev/null || need_apt+=("python3-venv")
if [ ${#need_apt[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $PY"
  "$PY" -m venv .venv
fi
stamp=.venv/.hallclient-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "== installing hallclient and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
fi

case "$mode" in
  setup) echo "ready: .venv/bin/hallclient" ;;
  demo)
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "no display found: starting the demo on a virtual screen (xvfb-run)" >&2
      check_apt xvfb xauth
      exec xvfb-run -a .venv/bin/hallclient --demo
    fi
    exec .venv/bin/hallclient --demo
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    echo "== ruff";  .venv/bin/ruff check src tests bench tools
    .venv/bin/ruff format --check src tests bench tools
    echo "== mypy";  .venv/bin/mypy
    echo "== import contracts"; .venv/bin/lint-imports --no-cache
    # One worker per core (HALLCLIENT_TEST_WORKERS=0 runs serially); a module stays on one worker, so its
    # module-scoped fixtures (the PyInstaller build, seeded stores) are built once.
    echo "== pytest"
    exec .venv/bin/pytest -q -p no:cacheprovider -n "${HALLCLIENT_TEST_WORKERS:-auto}" --dist loadscope
    ;;
esac
