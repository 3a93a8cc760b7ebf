#!/usr/bin/env bash
# Word error rate and real-time factor of the speech engine, per model, over real recordings.
#
#   scripts/measure-wer.sh [--dir DIR] [--prompt none|fillers|both] [--threads N] [--verbose] MODEL.bin...
#
# DIR (default /work/shared/speech) holds 16 kHz mono WAVs and manifest.tsv (file, transcript
# columns). The recordings are read in place, never copied into the repo. Models default to the
# ones the setup converts into .setup/models/.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
has_model=false
for a in "$@"; do [[ "$a" == *.bin ]] && has_model=true; done
if ! $has_model; then
  for m in .setup/models/tiny.en.bin .setup/models/base.bin; do
    [[ -f "$m" ]] && args+=("$m")
  done
fi
exec cargo run --quiet -p viva-asr --example measure-wer -- "${args[@]}"
