#!/usr/bin/env bash
# Builds the installers from a clean clone, into <target dir>/dist/:
#   onshi-watch_<version>_amd64.deb     dpkg-deb, from packaging/linux/ (checked with lintian)
#   onshi-watch-<version>-setup.exe     makensis, from packaging/windows/onshi-watch.nsi
#   onshi-watch-<version>-x64.msi       wixl and msibuild, from packaging/windows/onshi-watch.wxs
# Release builds by default. --debug (or ONSHI_PACKAGE_DEBUG=1) packages the debug builds
# instead, as CI does to reuse what its tests built. Honours CARGO_TARGET_DIR.
#   --only=deb,setup,msi   build only these (tests/install/run builds a second MSI so)
#   --version=X.Y.Z        name and mark the installers with this version instead of
#                          Cargo's (to test upgrades; the programs inside keep theirs)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
[ "${ONSHI_PACKAGE_DEBUG:-}" = 1 ] && profile=debug
only=deb,setup,msi
version_override=""
for arg in "$@"; do
  case $arg in
    --debug) profile=debug ;;
    --release) profile=release ;;
    --only=*) only=${arg#--only=} ;;
    --version=*) version_override=${arg#--version=} ;;
    -h | --help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown option $arg (use --debug, --release, --only=deb,setup,msi, --version=X.Y.Z)" >&2; exit 2 ;;
  esac
done
for kind in ${only//,/ }; do
  case $kind in deb | setup | msi) ;; *) echo "package.sh: --only takes deb, setup, msi (not $kind)" >&2; exit 2 ;; esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }
scripts/setup.sh test
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

step() { printf '\n==> %s\n' "$*"; }
win=x86_64-pc-windows-gnu
flags=()
[ "$profile" = release ] && flags=(--release)

# The target dir and version as cargo sees them (CARGO_TARGET_DIR, .cargo/config).
read -r target version < <(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(m["target_directory"], next(p["version"] for p in m["packages"] if p["name"] == "onshi-watch"))')
dist=$target/dist
mkdir -p "$dist"
if [ -n "$version_override" ]; then
  [[ $version_override =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]] ||
    { echo "package.sh: --version=$version_override is not X.Y.Z" >&2; exit 2; }
  version=$version_override
fi
# Windows Installer compares major.minor.build, at most 255.255.65535; a pre-release
# (0.2.0-rc.1) gets its release's number.
msi_version=${version%%[-+]*}
IFS=. read -r v_major v_minor v_patch <<<"$msi_version"
if ! [[ $v_major =~ ^[0-9]+$ && $v_minor =~ ^[0-9]+$ && $v_patch =~ ^[0-9]+$ ]] ||
  ((v_major > 255 || v_minor > 255 || v_patch > 65535)); then
  echo "package.sh: version $version has no MSI form (major and minor up to 255, patch up to 65535)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "build ($profile): Linux and Windows, app and CLI"
# The same commands as the tests use, so CI's debug builds are reused, not rebuilt.
if wants deb; then
  cargo build "${flags[@]}" -p onshi-watch
  cargo build "${flags[@]}" --bin onshi
fi
if wants setup || wants msi; then
  cargo build "${flags[@]}" -p onshi-watch --target "$win"
  cargo build "${flags[@]}" --bin onshi --target "$win"
fi
# The MSI's check of the policy values (packaging/windows/msi-check): a custom action DLL.
if wants msi; then cargo build "${flags[@]}" -p onshi-msi-check --target "$win"; fi
# What tests/install/run builds its second, newer MSI from.
echo "$profile" >"$dist/profile"

if wants deb; then
  step "onshi-watch_${version}_amd64.deb"
  root=$dist/deb-root
  rm -rf "$root"
  install -d -m755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/onshi-watch"
  # Stripped: release builds already are; debug ones carry hundreds of MB of debug info.
  for bin in onshi-watch onshi; do
    install -m755 "$target/$profile/$bin" "$root/usr/bin/$bin"
    strip --strip-unneeded "$root/usr/bin/$bin"
  done
  # The file name is the app id plus .desktop: notifications name their sender with the
  # desktop-entry hint `jp.onshiwatch.desktop` (notifier.rs), which desktops look up as that file.
  install -m644 packaging/linux/jp.onshiwatch.desktop.desktop "$root/usr/share/applications/"
  # Started at every login of every user; the app ends at once when the settings or the
  # policy (`autostart = false`) say no. A user's own copy with Hidden=true also stops it.
  install -d -m755 "$root/etc/xdg/autostart"
  sed 's/^Exec=onshi-watch$/Exec=onshi-watch --autostarted/' \
    packaging/linux/jp.onshiwatch.desktop.desktop >"$root/etc/xdg/autostart/jp.onshiwatch.desktop.desktop"
  chmod 644 "$root/etc/xdg/autostart/jp.onshiwatch.desktop.desktop"
  grep -q '^Exec=onshi-watch --autostarted$' "$root/etc/xdg/autostart/jp.onshiwatch.desktop.desktop"
  # A file under /etc is the administrator's to edit (e.g. Hidden=true): a conffile, kept on upgrade.
  echo /etc/xdg/autostart/jp.onshiwatch.desktop.desktop >"$root/DEBIAN/conffiles"
  chmod 644 "$root/DEBIAN/conffiles"
  for size in 32x32:32x32 128x128:128x128 256x256:128x128@2x 512x512:icon; do
    install -D -m644 "assets/icons/${size#*:}.png" \
      "$root/usr/share/icons/hicolor/${size%%:*}/apps/onshi-watch.png"
  done
  install -m644 packaging/linux/copyright "$root/usr/share/doc/onshi-watch/copyright"
  maintainer=${ONSHI_MAINTAINER:-Onshi Watch maintainers <onshi-watch@example.invalid>}
  when=$(git log -1 --format=%cD 2>/dev/null || date -R)
  printf 'onshi-watch (%s) unstable; urgency=medium\n\n  * Onshi Watch %s: see README.md for what it does.\n\n -- %s  %s\n' \
    "$version" "$version" "$maintainer" "$when" | gzip -9n >"$root/usr/share/doc/onshi-watch/changelog.gz"
  chmod 644 "$root/usr/share/doc/onshi-watch/changelog.gz"
  # Library dependencies from the binaries themselves (dpkg-shlibdeps wants a debian/control
  # to exist). libayatana-appindicator3-1 is loaded at run time (dlopen), so it is named here;
  # duplicates are dropped by package name.
  shl=$tmp/shlibdeps
  mkdir -p "$shl/debian"
  printf 'Source: onshi-watch\n\nPackage: onshi-watch\nArchitecture: amd64\n' >"$shl/debian/control"
  shlibs=$(cd "$shl" && dpkg-shlibdeps -O "$root/usr/bin/onshi-watch" "$root/usr/bin/onshi" |
    sed -n 's/^shlibs:Depends=//p')
  depends=$(printf '%s, libayatana-appindicator3-1\n' "$shlibs" | tr ',' '\n' | sed 's/^ *//;/^$/d' |
    awk '!seen[$1]++' | paste -sd, - | sed 's/,/, /g')
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/$depends/" packaging/linux/control >"$root/DEBIAN/control"
  chmod 644 "$root/DEBIAN/control"
  deb=$dist/onshi-watch_${version}_amd64.deb
  # Debug builds: quicker compression; the file is for CI, not for shipping.
  level=9
  [ "$profile" = debug ] && level=1
  dpkg-deb --root-owner-group -Zxz -z"$level" --build "$root" "$deb" >/dev/null
  rm -rf "$root"
  echo "Depends: $depends"
  # Errors fail the build; warnings (e.g. no manual page) are shown.
  lintian --fail-on error "$deb"
  ls -l "$deb"
fi

if wants setup || wants msi; then
  stage=$dist/win-root
  rm -rf "$stage"
  mkdir -p "$stage"
  for bin in onshi-watch onshi; do
    cp "$target/$win/$profile/$bin.exe" "$stage/"
    x86_64-w64-mingw32-strip --strip-unneeded "$stage/$bin.exe"
  done
  # The gnu build loads WebView2's loader from this DLL beside the .exe (cargo puts it there).
  cp "$target/$win/$profile/WebView2Loader.dll" assets/icons/icon.ico "$stage/"
  if wants msi; then
    cp "$target/$win/$profile/onshi_msi_check.dll" "$stage/"
    x86_64-w64-mingw32-strip --strip-unneeded "$stage/onshi_msi_check.dll"
  fi
fi

if wants setup; then
  step "onshi-watch-${version}-setup.exe"
  setup=$dist/onshi-watch-${version}-setup.exe
  nsis_flags=()
  [ "$profile" = debug ] && nsis_flags=(-DCOMPRESSOR=zlib)
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DNUMERIC_VERSION="$msi_version" \
    -DSRC="$stage" -DOUT="$setup" "${nsis_flags[@]}" packaging/windows/onshi-watch.nsi
  ls -l "$setup"
fi

if wants msi; then
  step "onshi-watch-${version}-x64.msi (MSI version $msi_version)"
  msi=$dist/onshi-watch-${version}-x64.msi
  rm -f "$msi"
  # wixl finds the files named in the .wxs in the folder it runs in.
  (cd "$stage" && wixl -a x64 -D Version="$msi_version" -o "$msi" "$OLDPWD/packaging/windows/onshi-watch.wxs")
  # Code page 932 first, so the Japanese texts the SQL sets can be stored.
  printf '\r\n\r\n932\t_ForceCodepage\r\n' >"$tmp/_ForceCodepage.idt"
  msibuild "$msi" -i "$tmp/_ForceCodepage.idt"
  queries=()
  while IFS= read -r line; do
    case $line in "" | --*) continue ;; esac
    queries+=(-q "${line//@VERSION@/$msi_version}")
  done <packaging/windows/onshi-watch-msi.sql
  msibuild "$msi" "${queries[@]}"
  ls -l "$msi"
fi
[ -z "${stage:-}" ] || rm -rf "$stage"
