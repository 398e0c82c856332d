"""Fit the weights that turn a finding's evidence into its confidence, on real labelled corpora.

    python scripts/evaluate.py --keep /tmp/ev [--corpus DIR ...]
    python scripts/fit_confidence.py /tmp/ev [--corpus DIR ...] [--write]

Every contradiction finding in the kept runs of the real corpora (the dev corpora and any
`--corpus`, never the seeds nor the text written here) is labelled real when it matches a
labelled disagreement by `score.py`'s rule. A logistic regression with an L2 penalty maps the
named evidence of `factcheck.confidence.finding_evidence` to that label. Before anything is
written, each corpus is scored by weights fitted without it (leave one corpus out), so the table
shows what the weights are worth on a corpus they never saw. `--write` stores the weights fitted
on all corpora, with the threshold, in factcheck/patterns/confidence.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import corpora, load_scorer  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "factcheck" / "patterns" / "confidence.json"
L2 = 2.0
BANDS = [(0.0, 0.2), (0.2, 0.35), (0.35, 0.5), (0.5, 1.01)]


def rows(runs: Path, shared: Path, extra: list[Path]):
    """(corpus, evidence, is it real) for each contradiction finding of each real corpus."""
    from factcheck.confidence import finding_evidence

    scorer = load_scorer(shared / "eval" / "score.py")
    for name, corpus, gold_path in corpora(shared, HERE, extra):
        run = runs / name.replace("/", "_")
        if name == "seeds" or name.startswith("corpora/") or not (run / "findings.jsonl").is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        g = scorer.Gold(gold, scorer.Corpus(corpus))
        for line in (run / "findings.jsonl").read_text(encoding="utf-8").splitlines():
            f = json.loads(line)
            if f.get("kind") != "contradiction":
                continue
            by_id = {c["id"]: c for c in f["claims"]}
            sides = [[by_id[i] for i in side["claims"] if i in by_id] for side in f["sides"]]
            real = g.slots_touched(f) <= scorer.MAX_SLOTS and any(g.matches(f, c["id"]) for c in g.contradictions)
            yield name, finding_evidence(sides, f["slot"]), real


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 4000) -> np.ndarray:
    """Plain gradient descent on the penalised log loss; the bias (column 0) is not penalised."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= 0.5 * (x.T @ (p - y) + penalty * w) / len(y)
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("runs", type=Path, help="the folder given to evaluate.py --keep")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="as for evaluate.py")
    ap.add_argument("--threshold", type=float, default=None, help="the headline line (default: kept from the file)")
    ap.add_argument("--write", action="store_true", help="store the weights in factcheck/patterns/confidence.json")
    args = ap.parse_args()
    data = list(rows(args.runs, args.shared, args.corpus))
    if not data:
        print("fit: no kept runs with gold found", file=sys.stderr)
        return 1
    names = sorted(data[0][1])
    names.remove("bias")
    names.insert(0, "bias")
    x = np.array([[ev[n] for n in names] for _, ev, _ in data])
    y = np.array([float(real) for *_, real in data])
    corpus_of = np.array([c for c, *_ in data])
    current = json.loads(OUT.read_text(encoding="utf-8"))
    threshold = args.threshold if args.threshold is not None else current["threshold"]

    held_out = np.zeros(len(y))
    for c in sorted(set(corpus_of)):
        out = corpus_of == c
        held_out[out] = 1 / (1 + np.exp(-x[out] @ fit(x[~out], y[~out])))
    print(f"{len(y)} findings over {len(set(corpus_of))} corpora, {int(y.sum())} real")
    print("| confidence (held out) | findings | real | precision |")
    print("|---|---|---|---|")
    for lo, hi in BANDS:
        inside = (held_out >= lo) & (held_out < hi)
        n, ok = int(inside.sum()), int(y[inside].sum())
        print(f"| {lo:.2f}–{min(hi, 1):.2f} | {n} | {ok} | {ok / n:.2f} |" if n else f"| {lo:.2f}–{min(hi, 1):.2f} | 0 | 0 | – |")
    kept = held_out >= threshold
    print(f"at {threshold}: headline {int(kept.sum())}, real {int(y[kept].sum())} of {int(y.sum())}, "
          f"precision {y[kept].mean():.2f} (all findings: {y.mean():.2f})")

    w = fit(x, y)
    print("weights:", ", ".join(f"{n} {v:+.2f}" for n, v in zip(names, w)))
    if args.write:
        current.update({
            "weights": {n: round(float(v), 3) for n, v in zip(names, w)},
            "threshold": threshold,
            "fitted": {"on": date.today().isoformat(), "findings": len(y), "real": int(y.sum()),
                       "corpora": len(set(corpus_of)), "l2": L2},
        })
        OUT.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
