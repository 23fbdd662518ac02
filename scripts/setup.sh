#!/usr/bin/env bash
# Installs what Onshi Watch needs on Debian/Ubuntu, skipping what is already there.
#   scripts/setup.sh app    system libraries to build and run the app
#   scripts/setup.sh test   the above, plus what the tests drive: Xvfb, D-Bus, dunst,
#                           WebKitWebDriver, Japanese fonts, Python test tools, headless
#                           Chromium and poppler (the printed sheet's pages), the
#                           Windows cross-compiler, and what packages and installs the
#                           .deb and the Windows setup (lintian, nsis, wine64)
set -euo pipefail
mode=${1:-app}

app_packages=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
)
test_packages=(
  xvfb dbus dbus-x11 dunst webkit2gtk-driver fonts-noto-cjk xdotool x11-utils imagemagick libx11-6
  python3 python3-pytest python3-pytest-xdist python3-dbus python3-gi python3-icalendar
  faketime
  chromium poppler-utils
  gcc-mingw-w64-x86-64
  dpkg-dev lintian nsis wine64 msitools wixl
)
packages=("${app_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    echo "setup: installing Rust with rustup (https://rustup.rs)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  }
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi

if [ "$mode" = test ]; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  rustup target list --installed | grep -q x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
fi
