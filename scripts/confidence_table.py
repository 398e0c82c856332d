"""Precision of contradiction findings by confidence band, over corpora scanned with `make eval`'s
`--keep DIR` (scripts/evaluate.py): does a higher confidence mean a finding is more often real?

    python scripts/evaluate.py --keep /tmp/ev && python scripts/confidence_table.py /tmp/ev
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import load_scorer  # noqa: E402

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("runs", type=Path, help="the folder given to evaluate.py --keep")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    scorer = load_scorer(args.shared / "eval" / "score.py")
    counts = {band: [0, 0] for band in BANDS}
    for gold_path in sorted((args.shared / "eval" / "gold").glob("*.json")):
        name = gold_path.stem
        corpus, run = args.shared / "dev" / name, args.runs / name
        if not corpus.is_dir() or not (run / "findings.jsonl").is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        g = scorer.Gold(gold, scorer.Corpus(corpus))
        for line in (run / "findings.jsonl").read_text(encoding="utf-8").splitlines():
            f = json.loads(line)
            if f.get("kind") != "contradiction":
                continue
            band = next(b for b in BANDS if b[0] <= f.get("confidence", 0) < b[1])
            counts[band][0] += 1
            counts[band][1] += any(g.matches(f, c["id"]) for c in g.contradictions)
    print("| confidence | findings | matching a labelled disagreement | precision |")
    print("|---|---|---|---|")
    for (lo, hi), (n, ok) in counts.items():
        print(f"| {lo:.2f}–{min(hi, 1):.2f} | {n} | {ok} | {ok / n:.2f} |" if n else f"| {lo:.2f}–{min(hi, 1):.2f} | 0 | 0 | – |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
