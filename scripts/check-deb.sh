#!/usr/bin/env bash
# Checks the .deb that `make bundle` made, the way a user gets it: installs it with apt (which
# pulls its dependencies), checks the launcher entry and the binary are where a desktop looks,
# starts the installed app under a virtual display and checks its window opens, then removes
# the package again. Needs root (or sudo); run `make bundle` first.
#
#   scripts/check-deb.sh [path/to/viva.deb]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
fail() {
  echo "check-deb: FAIL: $*" >&2
  exit 1
}

deb="${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)}"
[ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb: run \`make bundle\` first"
deb="$(realpath "$deb")"
pkg="$(dpkg-deb -f "$deb" Package)"
echo "check-deb: $deb (package $pkg, version $(dpkg-deb -f "$deb" Version))"

work="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$pkg" >/dev/null
    echo "check-deb: removed $pkg"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
echo "check-deb: installed"

desktop="$(dpkg -L "$pkg" | grep '^/usr/share/applications/.*\.desktop$' | head -1)"
[ -n "$desktop" ] || fail "no .desktop file in /usr/share/applications"
grep -q '^Name=Viva$' "$desktop" || fail "$desktop does not name the app Viva"
exec_line="$(grep '^Exec=' "$desktop" | head -1)"
bin="$(echo "${exec_line#Exec=}" | cut -d' ' -f1)"
[ "${bin#/}" != "$bin" ] || bin="$(command -v "$bin" || true)"
[ -n "$bin" ] && [ -x "$bin" ] || fail "the launcher's program ($exec_line) is not installed"
echo "check-deb: launcher $desktop runs $bin"

# Launch the installed app on a display of its own, with a fresh home and data folder.
display=""
for n in $(seq 150 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || fail "no free X display"
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
mkdir -p "$work/home" "$work/data"
HOME="$work/home" VIVA_DATA_DIR="$work/data" DISPLAY="$display" "$bin" >"$work/app.log" 2>&1 &
app_pid=$!
window=""
for _ in $(seq 60); do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; fail "the installed app exited"; }
  window="$(DISPLAY="$display" xdotool search --onlyvisible --name '^Viva$' 2>/dev/null | head -1 || true)"
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || { cat "$work/app.log" >&2; fail "no window titled Viva within 30 s"; }
sleep 2
kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited after opening its window"
if [ -n "${CHECK_DEB_SCREENSHOT:-}" ]; then
  DISPLAY="$display" import -window root "$CHECK_DEB_SCREENSHOT"
fi
echo "check-deb: the installed app opened its window (pid $app_pid, window $window)"
echo "check-deb: OK"
