#!/usr/bin/env bash
# Sets up what is missing and runs every test: format and lint, the domain and app
# tests, the Windows cross-build, the end-to-end tests through Xvfb, D-Bus, a real
# notification server and the real webview, and the benchmark in its quick mode.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

# Each step says how long the run has taken so far: CI must stay well under 30 minutes.
step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "format"
cargo fmt --all --check
step "lint, then the domain and app tests"
# Clippy lints the workspace's own crates while they are built for the tests: clippy-driver
# as their compiler (RUSTC_WORKSPACE_WRAPPER, what `cargo clippy` itself sets; CLIPPY_ARGS
# carries its `-D warnings`). The same lints as `cargo clippy --workspace --all-targets --
# -D warnings`, without checking every dependency a second time (6 minutes on 2 cores).
RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver" \
  CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" \
  cargo test --workspace
step "Windows build (x86_64-pc-windows-gnu)"
cargo build -p onshi-watch --target x86_64-pc-windows-gnu
ls -l "${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/debug/onshi-watch.exe"
step "end-to-end tests"
tests/e2e/run
step "installers: build the .deb and the Windows setup (debug builds), install, run, remove"
scripts/package.sh --debug
tests/install/run
step "benchmark, quick mode"
bench/run --quick
step "all passed"
