#!/usr/bin/env sh
# Installs (or with --uninstall removes) Newsmark for the current user, without root:
#   the application    ${XDG_DATA_HOME:-~/.local/share}/newsmark/app
#   the command        ~/.local/bin/newsmark
#   the menu entry     ${XDG_DATA_HOME:-~/.local/share}/applications/newsmark.desktop
#   the icon           ${XDG_DATA_HOME:-~/.local/share}/icons/hicolor/256x256/apps/newsmark.png
#   .nmk files         ${XDG_DATA_HOME:-~/.local/share}/mime/packages/newsmark.xml
# Projects and settings are never touched.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app="$data/newsmark/app"
bin="$HOME/.local/bin"
desktop="$data/applications/newsmark.desktop"
icon="$data/icons/hicolor/256x256/apps/newsmark.png"
mime="$data/mime/packages/newsmark.xml"

refresh() {
  # Menus and file managers pick the changes up at once where these tools exist.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
  fi
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$data/mime" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$data/newsmark/app"
  rmdir "$data/newsmark" 2>/dev/null || true
  if [ -L "$bin/newsmark" ]; then rm -f "$bin/newsmark"; fi
  rm -f "$desktop" "$icon" "$mime"
  refresh
  echo "Newsmark removed (projects and settings kept)."
  exit 0
fi
if [ "$#" -gt 0 ]; then
  echo "install.sh: unknown option $1 (use no option to install, --uninstall to remove)" >&2
  exit 2
fi
if [ ! -x "$here/newsmark/newsmark" ]; then
  echo "install.sh: $here/newsmark/newsmark is missing; run me from the unpacked archive" >&2
  exit 1
fi

mkdir -p "$data/newsmark" "$bin" "$(dirname "$desktop")" "$(dirname "$icon")" "$(dirname "$mime")"
# A new copy replaces the old one whole, so no file of an earlier version lingers.
rm -rf "$app.new"
cp -R "$here/newsmark" "$app.new"
rm -rf "$app"
mv "$app.new" "$app"
ln -sfn "$app/newsmark" "$bin/newsmark"
sed "s|@EXEC@|\"$app/newsmark\"|" "$here/newsmark.desktop" > "$desktop"
chmod 644 "$desktop"
cp "$here/newsmark.png" "$icon"
cp "$here/newsmark-mime.xml" "$mime"
refresh

echo "Newsmark installed in $app"
echo "  menu entry: $desktop"
case ":$PATH:" in
  *":$bin:"*) echo "  command: newsmark (try: newsmark --self-test)" ;;
  *) echo "  command: $bin/newsmark ($bin is not on your PATH)" ;;
esac
