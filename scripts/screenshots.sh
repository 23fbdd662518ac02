#!/usr/bin/env bash
# Takes the README's screenshots from the real app under Xvfb, with a private D-Bus
# session and dunst showing the notifications: normal, and the 03:00 full outage.
#   scripts/screenshots.sh            writes docs/screenshots/{normal,full-outage}.png
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
cargo build -q -p onshi-watch
app=$(realpath "${CARGO_TARGET_DIR:-target}")/debug/onshi-watch
out=$PWD/docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A free display: Xvfb writes the number it took to fd 3.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1100x760x24 -nolisten tcp >/dev/null 2>&1 &
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")" NO_AT_BRIDGE=1

shot() { # name, seconds to wait after ready, app options...
  local name=$1 wait=$2; shift 2
  local home="$work/$name"
  mkdir -p "$home/cfg/jp.onshiwatch.desktop"
  printf 'prefecture = 40\nfacility = "clinic"\n' >"$home/cfg/jp.onshiwatch.desktop/settings.toml"
  XDG_CONFIG_HOME="$home/cfg" dbus-run-session -- bash -c '
    name=$1; shift
    dbus-update-activation-environment DISPLAY >/dev/null 2>&1
    dunst -config /dev/null >/dev/null 2>&1 &
    # A tray host, as a desktop panel provides: the minimal StatusNotifierWatcher of tests/e2e.
    /usr/bin/python3 tests/e2e/busd.py watcher /dev/null >/dev/null 2>&1 &
    sleep 0.5
    "$0" "$@" >"'"$home"'/out" 2>&1 &
    app=$!
    for _ in $(seq 300); do grep -q "onshi-watch: ready" "'"$home"'/out" && break; sleep 0.1; done
    sleep '"$wait"'
    import -window root "'"$out"'/$name.png"
    kill $app
  ' "$app" "$name" "$@"
  echo "wrote docs/screenshots/$name.png"
}

shot normal 3 --at 2024-12-29T10:00+09:00 --speed 1
shot full-outage 4 --at 2024-12-31T02:59:57+09:00 --speed 1
