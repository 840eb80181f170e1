#!/usr/bin/env bash
# Turns the macOS build (dist/Newsmark.app, made by packaging/build) into a disk image:
# signs the app ad hoc, runs its self-test, and writes dist/newsmark-<version>-macos-<arch>.dmg
# holding Newsmark.app and a link to /Applications to drag it onto.
#
#   packaging/build && packaging/macos/build-dmg.sh
#   packaging/macos/build-dmg.sh --no-self-test
#
# An ad hoc signature ("-") is enough for the app to run on the Mac that built it and for Apple
# silicon's requirement that every binary be signed. It is not notarization: a downloaded copy
# is stopped by Gatekeeper until the user allows it (System Settings > Privacy & Security >
# Open Anyway). Signing with a Developer ID and notarizing (notarytool, then stapler) need a
# paid Apple Developer account and are not done here.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$(pwd)
app="$root/dist/Newsmark.app"
executable="$app/Contents/MacOS/newsmark"
self_test=1
for arg in "$@"; do
  case "$arg" in
    --no-self-test) self_test=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build-dmg: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$(uname -s)" != Darwin ]; then
  echo "build-dmg: this makes a macOS disk image and needs macOS (codesign, hdiutil)" >&2
  exit 2
fi
if [ ! -x "$executable" ]; then
  echo "build-dmg: $app is missing: build it first with packaging/build" >&2
  exit 2
fi

echo "== signing $app ad hoc"
codesign --force --deep --sign - "$app"
codesign --verify --deep --strict "$app"

if [ "$self_test" = 1 ]; then
  echo "== self-test of the app"
  "$executable" --self-test
fi

version=$("$executable" --version | awk '{print $2}')
name="newsmark-$version-macos-$(uname -m)"
stage="$root/build/$name"
rm -rf "$stage"
mkdir -p "$stage"
# ditto keeps the bundle's symbolic links, extended attributes and signature intact.
ditto "$app" "$stage/Newsmark.app"
ln -s /Applications "$stage/Applications"

echo "== disk image"
image="$root/dist/$name.dmg"
hdiutil create -volname Newsmark -srcfolder "$stage" -ov -format UDZO "$image"
echo "== disk image: dist/$name.dmg, $(du -sm "$image" | cut -f1) MB"
