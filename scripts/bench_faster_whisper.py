#!/usr/bin/env python3
"""faster-whisper's side of scripts/bench-faster-whisper.sh, plus the WER scorer both sides share.

  bench_faster_whisper.py run --dir DIR --model CT2_DIR --threads N --compute-type int8|float32 [--hyps OUT]
      Transcribes every clip of DIR/manifest.tsv like Viva's measure-wer example does (greedy,
      English, no prompt, no context carried between windows, word timestamps on, no VAD) and
      prints one RESULT line: model, compute type, WER, errors/words, RTF, RTF+load, load seconds.
  bench_faster_whisper.py transcribe FILE --model CT2_DIR --threads N --compute-type int8
      The whole-command counterpart of `viva transcribe FILE`: loads the model, transcribes one
      file with the same settings as `run`, prints the text (scripts/bench-commands.sh times
      both as processes).
  bench_faster_whisper.py vocab CT2_DIR OUT_FILE
      Writes the vocabulary.txt that CTranslate2 needs (Viva's .setup/ct2 folders keep only
      tokenizer.json): the tokenizer's tokens by id, then Whisper's 1501 timestamp tokens.
  bench_faster_whisper.py answer-wer --dir DIR --seconds S HYP_FILE...
      The word error rate of transcripts of scripts/bench-commands.sh's S-second answer (the
      clips of DIR joined with 0.6 s pauses, cut at S): the reference is the transcripts of the
      clips the answer holds whole, so a clip cut off at the end adds a few insertions to
      every side alike. A faster command that drops words is not faster.
  bench_faster_whisper.py check-viva --dir DIR VERBOSE_LOG
      Scores the hypotheses that `measure-wer --verbose` printed with this file's WER and checks
      that every clip gets the same error count as Viva's own scorer (proves the port below).

WER: a line-by-line port of crates/viva-measure/src/lib.rs (normalise, then word Levenshtein); the
example cannot score hypotheses from a file, so the normalisation lives here too.
"""
import argparse
import sys
import time
import wave
from pathlib import Path

# ---- port of crates/viva-measure/src/lib.rs -------------------------------------------------------

FILLERS = {"uh", "um", "umm", "uhm", "hmm", "hm", "mm", "mhm", "er", "erm", "ah", "uh-huh"}
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ASCII_DIGITS = set("0123456789")


def tokens(text):
    chars = list(text.lower())
    out = []
    for i, c in enumerate(chars):
        between = 0 < i < len(chars) - 1 and chars[i - 1] in ASCII_DIGITS and chars[i + 1] in ASCII_DIGITS
        if c == "," and between:
            continue
        if c == "." and between:
            out.append(".")
        elif c in "'\u2019\u2018":
            continue
        elif c == "%":
            out.append(" percent ")
        elif c.isalnum():
            out.append(c)
        else:
            out.append(" ")
    return "".join(out).split()


def small_number(w):
    if w in UNITS:
        return UNITS.index(w)
    if w in TENS:
        return (TENS.index(w) + 2) * 10
    return None


def is_num(w):
    return small_number(w) is not None or w in MULTIPLIERS


def spoken_value(run):
    total = current = 0
    for w in run:
        n = small_number(w)
        if n is not None:
            current += n
        elif w in MULTIPLIERS:
            m = MULTIPLIERS[w]
            if m == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * m
                current = 0
    return total + current


def numbers_to_digits(words):
    out, i = [], 0
    while i < len(words):
        if not is_num(words[i]) or words[i] in MULTIPLIERS:
            out.append(words[i])
            i += 1
            continue
        run = []
        while i < len(words):
            w = words[i]
            after_digit = bool(run) and (run[-1] in ("oh", "o") or (small_number(run[-1]) is not None and small_number(run[-1]) < 10))
            joiner = (w == "and" and bool(run) and i + 1 < len(words) and is_num(words[i + 1])) or (
                w in ("oh", "o") and after_digit)
            if is_num(w) or joiner:
                run.append(w)
                i += 1
            else:
                break
        digits_only = all(w in ("oh", "o") or (small_number(w) is not None and small_number(w) < 10) for w in run)
        if digits_only and len(run) > 1:
            out.append("".join(str(small_number(w)) if small_number(w) is not None else "0" for w in run))
        else:
            out.append(str(spoken_value(run)))
    return out


def normalize(text):
    words = [w for w in tokens(text) if w not in FILLERS]
    out = []
    for w in numbers_to_digits(words):
        out.extend(list(w) if all(c in ASCII_DIGITS for c in w) else [w])
    return out


def align(ref, hyp):
    """(substitutions, deletions, insertions), ties broken like wer.rs: sub, then del, then ins."""
    prev = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i, r in enumerate(ref):
        row = [(i + 1, 0, i + 1, 0)]
        for j, h in enumerate(hyp):
            d, diff = prev[j], int(r != h)
            sub = (d[0] + diff, d[1] + diff, d[2], d[3])
            u = prev[j + 1]
            dele = (u[0] + 1, u[1], u[2] + 1, u[3])
            l = row[j]
            ins = (l[0] + 1, l[1], l[2], l[3] + 1)
            row.append(min((sub, dele, ins), key=lambda c: c[0]))
        prev = row
    return prev[len(hyp)][1:]


def word_errors(reference, hypothesis):
    ref = normalize(reference)
    return sum(align(ref, normalize(hypothesis))), len(ref)


# ---- clips ------------------------------------------------------------------------------------

def read_manifest(folder):
    lines = (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    f, t = header.index("file"), header.index("transcript")
    return [(x.split("\t")[f], x.split("\t")[t]) for x in lines[1:] if x.strip()]


def read_wav(path):
    import numpy as np
    with wave.open(str(path), "rb") as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2), path
        data = w.readframes(w.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


# ---- commands ---------------------------------------------------------------------------------

def run(args):
    from faster_whisper import WhisperModel

    folder = Path(args.dir)
    clips = [(name, ref, read_wav(folder / name)) for name, ref in read_manifest(folder)]
    audio = sum(len(s) for _, _, s in clips) / 16000.0
    started = time.perf_counter()
    model = WhisperModel(args.model, device="cpu", compute_type=args.compute_type,
                         cpu_threads=args.threads, num_workers=1, local_files_only=True)
    load = time.perf_counter() - started
    errors = words = 0
    hyps = []
    decode_started = time.perf_counter()
    for name, ref, samples in clips:
        segments, _ = model.transcribe(
            samples, language="en", task="transcribe", beam_size=1, best_of=1,
            condition_on_previous_text=False,  # Viva: no_context = true
            word_timestamps=True, vad_filter=False, initial_prompt=None)
        # segments is lazy: decoding happens while it is consumed, inside the timed loop.
        text = " ".join(s.text.strip() for s in segments if s.text.strip())
        e, n = word_errors(ref, text)
        errors, words = errors + e, words + n
        hyps.append(f"{name}\t{e}\t{text}")
    decode = time.perf_counter() - decode_started
    if args.hyps:
        Path(args.hyps).write_text("\n".join(hyps) + "\n", encoding="utf-8")
    wer = errors / words if words else 0.0
    print(f"{len(clips)} clips, {audio:.1f} s of audio, {args.threads} threads", file=sys.stderr)
    print(f"RESULT\t{Path(args.model).name}\t{args.compute_type}\t{wer * 100:.2f}%\t{errors}/{words}"
          f"\t{decode / audio:.3f}\t{(decode + load) / audio:.3f}\t{load:.2f}")


def transcribe(args):
    from faster_whisper import WhisperModel

    model = WhisperModel(args.model, device="cpu", compute_type=args.compute_type,
                         cpu_threads=args.threads, num_workers=1, local_files_only=True)
    segments, _ = model.transcribe(
        read_wav(Path(args.file)), language="en", task="transcribe", beam_size=1, best_of=1,
        condition_on_previous_text=False, word_timestamps=True, vad_filter=False,
        initial_prompt=None)
    print(" ".join(s.text.strip() for s in segments if s.text.strip()))


def answer_wer(args):
    folder = Path(args.dir)
    seconds = {}
    for line in (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            cols = line.split("\t")
            seconds[cols[0]] = float(cols[1])
    transcripts = dict(read_manifest(folder))
    # The order and the pauses of bench-commands.sh's make_answer (a shell glob: sorted names).
    reference, total = [], 0.0
    for path in sorted(folder.glob("*.wav")):
        total += seconds[path.name] + 0.6
        if total - 0.6 > args.seconds:
            break
        reference.append(transcripts[path.name])
    reference = " ".join(reference)
    for hyp in args.hyps:
        errors, words = word_errors(reference, Path(hyp).read_text(encoding="utf-8"))
        print(f"{hyp}\tWER {100 * errors / words:.2f}%\t{errors}/{words}")


def vocab(args):
    import json
    t = json.loads((Path(args.model) / "tokenizer.json").read_text(encoding="utf-8"))
    ids = dict(t["model"]["vocab"])
    ids.update({a["content"]: a["id"] for a in t["added_tokens"]})
    by_id = {i: w for w, i in ids.items()}
    words = [by_id[i] for i in range(len(by_id))]  # KeyError if the ids have a hole
    words += [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    Path(args.out).write_text("\n".join(words) + "\n", encoding="utf-8")


def check_viva(args):
    refs = dict(read_manifest(Path(args.dir)))
    lines = Path(args.log).read_text(encoding="utf-8").splitlines()
    checked = mismatched = 0
    for i, line in enumerate(lines):
        if not line.startswith("  ") or line.startswith("    ") or "\t" not in line:
            continue
        name, _rate, viva_errors = line.strip().split("\t")[:3]
        hyp_line = lines[i + 2]
        assert hyp_line.startswith("    hyp: "), hyp_line
        ours, _ = word_errors(refs[name], hyp_line[len("    hyp: "):])
        checked += 1
        if ours != int(viva_errors):
            mismatched += 1
            print(f"WER port differs on {name}: Viva {viva_errors}, Python {ours}", file=sys.stderr)
    print(f"WER port check: {checked - mismatched}/{checked} clips score the same as Viva's scorer")
    return 1 if mismatched or not checked else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--dir", required=True)
    r.add_argument("--model", required=True, help="CTranslate2 model folder")
    r.add_argument("--threads", type=int, default=2)
    r.add_argument("--compute-type", default="int8")
    r.add_argument("--hyps", help="write clip<TAB>errors<TAB>hypothesis lines here")
    t = sub.add_parser("transcribe")
    t.add_argument("file")
    t.add_argument("--model", required=True, help="CTranslate2 model folder")
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--compute-type", default="int8")
    v = sub.add_parser("vocab")
    v.add_argument("model")
    v.add_argument("out")
    a = sub.add_parser("answer-wer")
    a.add_argument("--dir", required=True)
    a.add_argument("--seconds", type=float, required=True)
    a.add_argument("hyps", nargs="+")
    c = sub.add_parser("check-viva")
    c.add_argument("--dir", required=True)
    c.add_argument("log")
    args = p.parse_args()
    if args.cmd in ("run", "vocab", "transcribe", "answer-wer"):
        {"run": run, "vocab": vocab, "transcribe": transcribe, "answer-wer": answer_wer}[args.cmd](args)
        return 0
    return check_viva(args)


if __name__ == "__main__":
    sys.exit(main())
