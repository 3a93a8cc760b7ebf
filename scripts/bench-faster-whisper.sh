#!/usr/bin/env bash
# Batch speed, accuracy and peak memory of Viva (whisper.cpp, f16 ggml) against faster-whisper
# (CTranslate2) on the same clips, the same weights and the same thread count, in one run.
#
#   scripts/bench-faster-whisper.sh [--dir DIR] [--threads N] [--models "tiny.en base"]
#                                   [--compute-types "int8 float32"] [--out DIR]
#
# DIR (default /work/shared/speech) holds 16 kHz mono 16-bit WAVs and manifest.tsv; they are
# read in place, never copied. Per model NAME, Viva runs .setup/models/NAME.bin and
# faster-whisper runs .setup/ct2/NAME, the CTranslate2 folder that .bin was converted from
# (through links in --out, beside the vocabulary.txt CTranslate2 needs).
# Both: greedy, English, no prompt, no context between 30 s windows, word timestamps, no VAD.
# Each measurement is its own process under /usr/bin/time -v (peak RSS of the whole process).
# Logs and hypotheses go to --out (default target/bench-faster-whisper). Run on an idle machine.
# faster-whisper==1.2.1 is installed from PyPI into .setup/venv-bench on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=/work/shared/speech
threads=2
models="tiny.en base"
compute_types="int8 float32"
out=target/bench-faster-whisper
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --compute-types) compute_types="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -f "$dir/manifest.tsv" ]] || { echo "$dir/manifest.tsv not found" >&2; exit 1; }

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (Debian package 'time')" >&2
  apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
venv=.setup/venv-bench
if ! "$venv/bin/python" -c 'import faster_whisper' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q faster-whisper==1.2.1
fi
py="$venv/bin/python"
fw_version=$("$py" -c 'import faster_whisper, ctranslate2; print(faster_whisper.__version__, ctranslate2.__version__)')

mkdir -p "$out"
# Build outside the measurements, so cargo run below only starts the binary.
cargo build --quiet --release -p viva-asr --example measure-wer -p viva-models --example quantize
target=${CARGO_TARGET_DIR:-target}

peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

results="$out/results.tsv"
printf 'model\tengine\tcompute\tWER\terrors/words\tRTF\tRTF+load\tload_s\tpeak_MB\n' >"$results"
for name in $models; do
  ggml=.setup/models/$name.bin src=.setup/ct2/$name
  [[ -f "$ggml" && -f "$src/model.bin" ]] || { echo "missing $ggml or $src (run scripts/setup.sh)" >&2; exit 1; }
  # CTranslate2 also wants vocabulary.txt, which .setup/ct2 does not keep: link the same
  # model.bin/config.json/tokenizer.json and write the vocabulary from tokenizer.json.
  ct2="$out/ct2/$name"
  mkdir -p "$ct2"
  for f in model.bin config.json tokenizer.json; do ln -sfn "$PWD/$src/$f" "$ct2/$f"; done
  "$py" scripts/bench_faster_whisper.py vocab "$src" "$ct2/vocabulary.txt"

  # Viva on the f16 file converted from those weights, and on its q8_0 quantisation.
  "$target/release/examples/quantize" "$ggml" "$out/$name-q8_0.bin" q8_0 >&2
  for fmt in f16 q8_0; do
    model=$ggml
    [[ $fmt == f16 ]] || model=$out/$name-$fmt.bin
    echo "== Viva $name $fmt ($threads threads)" >&2
    /usr/bin/time -v -o "$out/viva-$name-$fmt.time" \
      "$target/release/examples/measure-wer" \
      --dir "$dir" --threads "$threads" --prompt none --verbose "$model" >"$out/viva-$name-$fmt.log"
    # Summary line: model prompt WER errors/words RTF RTF+load load_s fillers_found fillers_extra
    IFS=$'\t' read -r _ _ wer ew rtf rtfl load _ < <(grep -v '^ ' "$out/viva-$name-$fmt.log" | tail -n 1)
    printf '%s\tViva (whisper.cpp)\t%s ggml\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$name" "$fmt" "$wer" "$ew" "$rtf" "$rtfl" "$load" "$(peak_mb "$out/viva-$name-$fmt.time")" >>"$results"
    # The Python WER port must score Viva's own hypotheses exactly as Viva does.
    "$py" scripts/bench_faster_whisper.py check-viva --dir "$dir" "$out/viva-$name-$fmt.log" >&2
  done

  for ct in $compute_types; do
    echo "== faster-whisper $name $ct ($threads threads)" >&2
    OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads \
      /usr/bin/time -v -o "$out/fw-$name-$ct.time" \
      "$py" scripts/bench_faster_whisper.py run --dir "$dir" --model "$ct2" --threads "$threads" \
      --compute-type "$ct" --hyps "$out/fw-$name-$ct.hyps.tsv" >"$out/fw-$name-$ct.log"
    IFS=$'\t' read -r _ _ _ wer ew rtf rtfl load < <(grep '^RESULT' "$out/fw-$name-$ct.log")
    printf '%s\tfaster-whisper\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$name" "$ct" "$wer" "$ew" "$rtf" "$rtfl" "$load" "$(peak_mb "$out/fw-$name-$ct.time")" >>"$results"
  done
done

echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $threads threads," \
  "$(awk 'NR > 1 && NF' "$dir/manifest.tsv" | wc -l) clips, faster-whisper/ctranslate2 $fw_version"
column -t -s $'\t' "$results"
echo
echo "Ratios (faster-whisper RTF / Viva RTF; above 1 = Viva faster; peak RSS faster-whisper / Viva):"
awk -F'\t' 'NR == 1 { next }
  $2 ~ /^Viva/ { v[$1 " " $3] = $6; vl[$1 " " $3] = $7; vm[$1 " " $3] = $9; next }
  { fw[++n] = $0 }
  END { for (i = 1; i <= n; i++) { split(fw[i], f, "\t");
    for (fmt in v) { split(fmt, k, " "); if (k[1] != f[1]) continue;
      printf "  %-8s %-8s vs Viva %-9s time %.2fx   time incl. load %.2fx   peak RSS %.2fx\n",
        f[1], f[3], k[2], f[6] / v[fmt], f[7] / vl[fmt], f[9] / vm[fmt] } } }' "$results" | sort
