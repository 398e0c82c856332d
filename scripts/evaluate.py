"""`make eval`: scan every corpus that has a gold file, score it, print one line each and the totals.

The model is loaded once for all corpora. `--misses` also prints, for each gold
disagreement not found, the claims that the scan read at each of its cited values
(slot, subject, value), so a miss can be told apart as "no claim", "another subject"
or "not compared". `--keep DIR` leaves each corpus's outputs in DIR/<name>.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path


def corpora(shared: Path, here: Path, extra: list[Path]) -> list[tuple[str, Path, Path]]:
    out = []
    gold = shared / "eval" / "gold"
    if (shared / "seeds").is_dir() and (gold / "seeds.json").is_file():
        out.append(("seeds", shared / "seeds", gold / "seeds.json"))
    for d in sorted((shared / "dev").glob("*/")):
        if (gold / f"{d.name}.json").is_file():
            out.append((d.name, d, gold / f"{d.name}.json"))
    for g in sorted((here / "corpora").glob("*.gold.json")):
        d = here / "corpora" / g.name.removesuffix(".gold.json")
        if d.is_dir():
            out.append((f"corpora/{d.name}", d, g))
    for d in extra:  # a corpus folder with its gold beside it as <folder>.gold.json
        out.append((d.name, d, d.parent / f"{d.name}.gold.json"))
    return out


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("factcheck_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def misses(scorer, gold: dict, corpus: Path, run: Path, missed: list[str]) -> list[str]:
    """What the scan read at the cited values of each missed disagreement."""
    texts = scorer.Corpus(corpus)
    claims = [json.loads(line) for line in (run / "claims.jsonl").read_text(encoding="utf-8").splitlines() if line]
    lines = []
    for item in gold["contradictions"]:
        if item["id"] not in missed:
            continue
        lines.append(f"  MISSED {item['id']} ({item['slot']})")
        for v in item["values"]:
            spans = texts.spans(v["file"], v["quote"], v.get("cite"))
            hit = [c for c in claims if scorer.points_at(c, v["file"], spans)]
            read = "; ".join(f"{c['slot']}/{c.get('measure')} {c.get('subject')!r} = {c['value']!r}"
                             f" [{c.get('hedge')}, {c.get('confidence')}]" for c in hit) or "no claim"
            lines.append(f"    {v['file'][:28]:28} {v.get('cite') or v['quote'][:40]!r}: {read}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--misses", action="store_true", help="show what was read at each missed disagreement")
    ap.add_argument("--keep", type=Path, help="leave each corpus's outputs under this folder")
    ap.add_argument("--only", help="score only the corpora whose name holds one of these comma-separated texts")
    ap.add_argument("--corpus", type=Path, action="append", default=[],
                    help="another corpus folder, its gold at <folder>.gold.json")
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    score_py = args.shared / "eval" / "score.py"
    if not score_py.is_file():
        print(f"eval: {score_py} not found; nothing to score", file=sys.stderr)
        return 0
    scorer = load_scorer(score_py)

    import factcheck
    from factcheck import nlp as fnlp
    from factcheck.pipeline import process_with

    loaded = {}

    def runner(articles, model, patterns):  # one model load for every corpus
        if model not in loaded:
            loaded[model] = fnlp.load(model, patterns=Path(patterns))
        return process_with(loaded[model], articles)

    totals = {"found": 0, "gold": 0, "matching": 0, "findings": 0, "false_alarms": 0, "pairs": 0, "joined": 0,
              "wrong": 0}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for name, corpus, gold_path in corpora(args.shared, here, args.corpus):
            if args.only and not any(part in name for part in args.only.split(",")):
                continue
            run = base / name.replace("/", "_")
            try:
                factcheck.scan(corpus, use_cache=False, runner=runner).write(run)
            except Exception as exc:  # report and go on with the next corpus
                print(f"{name}: scan failed: {type(exc).__name__}: {exc}")
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            texts = scorer.Corpus(corpus)
            findings = scorer.read_jsonl(run / "findings.jsonl")
            entities = scorer.read_jsonl(run / "entities.jsonl")
            c = scorer.score_findings(findings, gold, texts)
            e = scorer.score_entities(entities, gold, texts)
            precision = c["precision_lower_bound"]
            wrong = len(e["wrong_merges"]) + len(e["clusters_merged"])
            print(f"{name}: contradictions found {len(c['found'])}/{c['gold_contradictions']} "
                  f"(findings {c['findings']}, matching {c['findings_matching_gold']}, precision >= {precision}, "
                  f"false alarms {c['false_alarms_on_known_agreements']}); name variants joined "
                  f"{e['variant_pairs_joined']}/{e['variant_pairs']}, wrong merges {wrong}", flush=True)
            if args.misses:
                for line in misses(scorer, gold, corpus, run, c["missed"]):
                    print(line)
                for w in e["wrong_merges"] + e["clusters_merged"]:
                    print(f"  WRONG MERGE {w}")
            if name == "seeds" or name.startswith("corpora/"):
                continue  # totals are over the real dev corpora
            totals["found"] += len(c["found"])
            totals["gold"] += c["gold_contradictions"]
            totals["matching"] += c["findings_matching_gold"]
            totals["findings"] += c["findings"]
            totals["false_alarms"] += c["false_alarms_on_known_agreements"]
            totals["pairs"] += e["variant_pairs"]
            totals["joined"] += e["variant_pairs_joined"]
            totals["wrong"] += wrong
    t = totals
    if t["gold"]:
        print(f"TOTAL (dev and added corpora): contradictions found {t['found']}/{t['gold']} "
              f"({t['found'] / t['gold']:.2f}); findings matching {t['matching']}/{t['findings']} "
              f"({t['matching'] / max(t['findings'], 1):.2f}); false alarms {t['false_alarms']}; "
              f"name variants joined {t['joined']}/{t['pairs']} ({t['joined'] / max(t['pairs'], 1):.2f}), "
              f"wrong merges {t['wrong']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
