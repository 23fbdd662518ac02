#!/usr/bin/env bash
# Sets up what is missing, builds Onshi Watch (release) and starts it in the tray.
# Options go to the app, e.g. a drill of the 03:00 outage in Fukuoka at 60×:
#   scripts/run-app.sh --at 2024-12-31T02:55+09:00 --speed 60 --prefecture 福岡
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release -p onshi-watch
exec "${CARGO_TARGET_DIR:-target}/release/onshi-watch" "$@"
