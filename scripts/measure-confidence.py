#!/usr/bin/env python3
"""How often the recogniser's words are wrong, by its confidence in them: the data behind the
"maybe misheard" thresholds (crates/viva-core/src/claims/heard.rs, BENCHMARKS.md).

    scripts/measure-confidence.py --say PATH/TO/say.sh [--voice male] [--out DIR] [--viva BIN]
        [--set crates/viva-core/tests/data/claims-dev.toml ...]
    scripts/measure-confidence.py --speech /work/shared/speech   # real recordings + manifest.tsv

Each answer of the sets (right and wrong ones) is said by a neural voice and transcribed by
`viva transcribe --json` (WAVs and transcripts cached in DIR); or each recording of a folder
with a manifest.tsv (file, ..., transcript) is transcribed. The words written are aligned with
what was said (lower case, no punctuation, no um/uh), and for all words, pronouns and negations
the share of wrong ones under each confidence is printed. Needs a model installed in the data
folder the `viva` binary uses (VIVA_DATA_DIR).
"""

import argparse
import csv
import difflib
import json
import re
import subprocess
import tomllib
from pathlib import Path

PRONOUNS = {"it", "its", "they", "theyre", "them", "this", "that", "thats", "these", "those",
            "which"}
NEGATIONS = {"not", "never", "dont", "doesnt", "didnt", "cant", "cannot", "isnt", "arent",
             "wasnt", "werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent",
             "neither", "nor"}
FILLERS = {"um", "uh", "er", "erm", "ah", "hmm", "mm", "uhm"}


def norm(word):
    return re.sub(r"[^a-z0-9 ]", "", word.lower().replace("’", "'").replace("'", ""))


def words(text):
    return [w for w in map(norm, text.split()) if w and w not in FILLERS]


def transcribe(viva, wav, out):
    if not out.exists():
        out.write_text(subprocess.run([viva, "transcribe", "--json", str(wav)], check=True,
                                      capture_output=True, text=True).stdout)
    return json.loads(out.read_text())


def aligned(said, transcript):
    """(confidence, right?, word) for each word the recogniser wrote."""
    heard = [(norm(w["word"]), w.get("p")) for w in transcript["words"]]
    heard = [(w, p) for w, p in heard if w and w not in FILLERS and p is not None]
    ref = words(said)
    match = difflib.SequenceMatcher(a=ref, b=[w for w, _ in heard], autojunk=False)
    for op, _, _, b0, b1 in match.get_opcodes():
        for j in range(b0, b1):
            yield heard[j][1], op == "equal", heard[j][0]


def table(label, rows):
    right = [p for p, ok, _ in rows if ok]
    wrong = [p for p, ok, _ in rows if not ok]
    print(f"{label}: {len(rows)} words written, {len(wrong)} wrong")
    for below in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        r, w = sum(p < below for p in right), sum(p < below for p in wrong)
        print(f"  under {below}: {r + w:5d} words, {100 * w / max(1, r + w):3.0f}% wrong; "
              f"{100 * r / max(1, len(right)):4.1f}% of the right ones are under it")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--say")
    ap.add_argument("--voice", default="male")
    ap.add_argument("--out", default="target/confidence")
    ap.add_argument("--viva", default="target/release/viva")
    ap.add_argument("--set", action="append")
    ap.add_argument("--speech", help="a folder of recordings with a manifest.tsv")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    if args.speech:
        folder = Path(args.speech)
        for r in csv.DictReader(open(folder / "manifest.tsv"), delimiter="\t"):
            t = transcribe(args.viva, folder / r["file"], out / (Path(r["file"]).stem + ".json"))
            rows += aligned(r["transcript"], t)
    else:
        root = Path(__file__).resolve().parent.parent
        sets = args.set or [f"crates/viva-core/tests/data/claims-dev{n}.toml"
                            for n in ("", "2", "3", "4")]
        for s in sets:
            data = tomllib.loads((root / s).read_text())
            for i, a in enumerate(data["answers"]):
                if a["level"] not in ("right", "wrong"):
                    continue
                stem = out / f"{Path(s).stem}-{i:03d}-{a['question']}-{a['level']}"
                wav = stem.with_suffix(".wav")
                if not wav.exists():
                    subprocess.run([args.say, a["text"], str(wav), args.voice], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                rows += aligned(a["text"], transcribe(args.viva, wav, stem.with_suffix(".json")))
    table("all words", rows)
    table("pronouns", [r for r in rows if r[2] in PRONOUNS])
    table("negations", [r for r in rows if r[2] in NEGATIONS])


if __name__ == "__main__":
    main()
