#!/usr/bin/env bash
# Live transcription against batch, and Viva against faster-whisper, in one run (issue 7):
#   - 30 s, 60 s and 180 s answers made by joining clips of --dir (live-bench answers);
#   - per answer: Viva's batch time (measure-wer, the whole answer at once), faster-whisper's
#     batch time (int8 and float32, same CTranslate2 weights, same threads), and Viva's time
#     from the stop to the full result when the answer is replayed in real time through the
#     practice loop (live-bench latency);
#   - live vs batch WER on every clip of --dir replayed in real time (live-bench wer; skip with
#     --no-wer, it takes the clips' length in real time per model);
#   - peak memory of each process (/usr/bin/time -v; live-bench also reports its worker's).
#
#   scripts/bench-live.sh [--dir DIR] [--threads N] [--models "tiny.en base"] [--out DIR] [--no-wer]
#
# A model named NAME-q8_0 (or -q5_0 ...) is NAME's f16 file quantised by this script; it is
# compared with faster-whisper on NAME's CTranslate2 weights.
#
# Needs scripts/bench-faster-whisper.sh's venv and CTranslate2 folders: run that script once
# first (it installs faster-whisper==1.2.1 and writes --out/../bench-faster-whisper/ct2).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=/work/shared/speech
threads=2
models="tiny.en base"
out=target/bench-live
wer=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-wer) wer=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
py=.setup/venv-bench/bin/python
ct2=${CT2_DIR:-target/bench-faster-whisper/ct2}
[[ -x $py && -d $ct2 ]] || { echo "run scripts/bench-faster-whisper.sh once first" >&2; exit 1; }
target=${CARGO_TARGET_DIR:-target}
cargo build --quiet --release -p viva-asr --example measure-wer -p viva-models --example quantize \
  -p viva-practice --example live-bench
mw=$target/release/examples/measure-wer
lb=$target/release/examples/live-bench
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

mkdir -p "$out"
"$lb" answers --dir "$dir" --out "$out/answers" --lengths 30,60,180 >&2
# One folder per answer, so each engine's time is that answer's alone.
for n in 30 60 180; do
  mkdir -p "$out/answers/$n"
  ln -sfn "../answer-${n}s.wav" "$out/answers/$n/answer-${n}s.wav"
  { head -n 1 "$out/answers/manifest.tsv"; grep "^answer-${n}s.wav" "$out/answers/manifest.tsv"; } \
    >"$out/answers/$n/manifest.tsv"
done

echo "$(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/load.txt" >&2
results="$out/results.tsv"
printf 'model\tanswer_s\twhat\tseconds\tpeak_MB\n' >"$results"
for name in $models; do
  base=${name%-q*}
  model=.setup/models/$name.bin
  if [[ $name != "$base" ]]; then
    model=$out/$name.bin
    "$target/release/examples/quantize" ".setup/models/$base.bin" "$model" "${name##*-}" >&2
  fi
  for n in 30 60 180; do
    /usr/bin/time -v -o "$out/viva-$name-$n.time" "$mw" --dir "$out/answers/$n" \
      --threads "$threads" --prompt none "$model" >"$out/viva-$name-$n.log"
    rtf=$(tail -n 1 "$out/viva-$name-$n.log" | cut -f5)
    printf '%s\t%s\tViva batch\t%s\t%s\n' "$name" "$n" "$(echo "$rtf * $n" | bc -l)" \
      "$(peak_mb "$out/viva-$name-$n.time")" >>"$results"
    # faster-whisper once per set of weights, not again for their quantised copy.
    [[ $name == "$base" ]] || continue
    for ct in int8 float32; do
      OMP_NUM_THREADS=$threads /usr/bin/time -v -o "$out/fw-$name-$ct-$n.time" \
        "$py" scripts/bench_faster_whisper.py run --dir "$out/answers/$n" --model "$ct2/$name" \
        --threads "$threads" --compute-type "$ct" >"$out/fw-$name-$ct-$n.log"
      rtf=$(grep '^RESULT' "$out/fw-$name-$ct-$n.log" | cut -f6)
      printf '%s\t%s\tfaster-whisper batch (%s)\t%s\t%s\n' "$name" "$n" "$ct" \
        "$(echo "$rtf * $n" | bc -l)" "$(peak_mb "$out/fw-$name-$ct-$n.time")" >>"$results"
    done
  done
  echo "== live $name: 30 s, 60 s, 180 s in real time" >&2
  /usr/bin/time -v -o "$out/live-$name.time" "$lb" latency --dir "$out/answers" \
    "$model" | tee "$out/live-$name.log" >&2
  awk -F'\t' -v m="$name" -v mb="$(peak_mb "$out/live-$name.time")" \
    '$1 ~ /^answer-/ { n = $2 + 0; printf "%s\t%d\tViva live: stop to result\t%s\t%s\n", m, n, $4, mb }' \
    "$out/live-$name.log" >>"$results"
  if [[ $wer == 1 ]]; then
    echo "== live vs batch WER $name on $dir in real time" >&2
    "$lb" wer --dir "$dir" "$model" >"$out/wer-$name.log"
    grep '^RESULT' "$out/wer-$name.log" >&2
  fi
done
echo "$(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt" >&2
column -t -s $'\t' "$results"
echo
echo "Stop-to-result vs faster-whisper's batch time on the same answer (how many times faster):"
awk -F'\t' 'NR > 1 { t[$1 "\t" $2 "\t" $3] = $4; k[$1 "\t" $2] = 1 }
  END { for (x in k) { live = t[x "\tViva live: stop to result"]; split(x, f, "\t");
    base = f[1]; sub(/-q[0-9]_[0-9k]$/, "", base); fw = base "\t" f[2];
    printf "  %s s  faster-whisper int8 %.1fx  float32 %.1fx  Viva batch %.1fx\n", x,
      t[fw "\tfaster-whisper batch (int8)"] / live, t[fw "\tfaster-whisper batch (float32)"] / live,
      t[x "\tViva batch"] / live } }' "$results" | sort
