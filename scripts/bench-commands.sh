#!/usr/bin/env bash
# The commands users run, timed as whole processes: `viva transcribe FILE` (release build)
# against faster-whisper int8 transcribing the same file with the same weights and threads
# (scripts/bench_faster_whisper.py transcribe), alternately, so both see the same machine.
#
#   scripts/bench-commands.sh [--dir DIR] [--seconds "60 180"] [--runs N] [--model tiny.en]
#                             [--busy N] [--out DIR]
#
# The answers are made by joining the recordings of DIR (default /work/shared/speech, read in
# place) with 0.6 s pauses until each is SECONDS long. --busy N runs N CPU-bound processes
# beside every measurement (a machine with a compile or a browser at work); 0 is an idle
# machine. Prints the median wall time of each and the ratio. Medians of --runs (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=/work/shared/speech
seconds="60"
runs=5
model=tiny.en
busy=0
out=target/bench-commands
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --busy) busy="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
threads=$(nproc)
venv=.setup/venv-bench
if ! "$venv/bin/python" -c 'import faster_whisper' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q faster-whisper==1.2.1
fi
py="$venv/bin/python"
mkdir -p "$out/data/models"
cargo build --quiet --release -p viva-cli
viva="${CARGO_TARGET_DIR:-target}/release/viva"
ln -f ".setup/models/$model.bin" "$out/data/models/$model.bin" 2>/dev/null ||
  cp ".setup/models/$model.bin" "$out/data/models/$model.bin"
echo "$model" >"$out/data/models/default-model"
ct2="$out/ct2/$model"
mkdir -p "$ct2"
for f in model.bin config.json tokenizer.json; do ln -sfn "$PWD/.setup/ct2/$model/$f" "$ct2/$f"; done
"$py" scripts/bench_faster_whisper.py vocab ".setup/ct2/$model" "$ct2/vocabulary.txt"

# Joins the recordings, in order and then round again, into an answer of $1 seconds.
make_answer() {
  local want=$1 file="$out/answer-$1s.wav" parts=() total=0
  sox -n -r 16000 -c 1 -b 16 "$out/pause.wav" trim 0 0.6
  while awk -v t="$total" -v w="$want" 'BEGIN { exit !(t < w) }'; do
    for f in "$dir"/*.wav; do
      parts+=("$f" "$out/pause.wav")
      total=$(awk -v t="$total" -v d="$(soxi -D "$f")" 'BEGIN { print t + d + 0.6 }')
      awk -v t="$total" -v w="$want" 'BEGIN { exit !(t >= w) }' && break
    done
  done
  sox "${parts[@]}" "$file" trim 0 "$want"
  echo "$file"
}

hogs=()
stop_hogs() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_hogs EXIT
for _ in $(seq 1 "$busy"); do
  (while :; do :; done) &
  hogs+=($!)
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

printf 'seconds\tbusy\tviva_s\tfaster_whisper_s\tratio\n' | tee "$out/results.tsv"
for s in $seconds; do
  file=$(make_answer "$s")
  : >"$out/viva-$s.times"
  : >"$out/fw-$s.times"
  for _ in $(seq 1 "$runs"); do
    t0=$(now)
    "$viva" --data-dir "$out/data" transcribe "$file" >"$out/viva-$s.txt"
    t1=$(now)
    OMP_NUM_THREADS=$threads "$py" scripts/bench_faster_whisper.py transcribe "$file" \
      --model "$ct2" --threads "$threads" --compute-type int8 >"$out/fw-$s.txt"
    t2=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$out/viva-$s.times"
    awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }' >>"$out/fw-$s.times"
  done
  v=$(median <"$out/viva-$s.times")
  f=$(median <"$out/fw-$s.times")
  printf '%s\t%s\t%.2f\t%.2f\t%.2f\n' "$s" "$busy" "$v" "$f" "$(awk -v f="$f" -v v="$v" 'BEGIN { print f / v }')" |
    tee -a "$out/results.tsv"
done
echo "ratio: faster-whisper's time / Viva's (above 1: Viva is faster); $threads threads, $model," \
  "$(date -u +%Y-%m-%dT%H:%MZ)" >&2
