"""`make eval`: scan every corpus that has a gold file and print the scorer's line for each."""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def corpora(shared: Path, here: Path) -> list[tuple[str, Path, Path]]:
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
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    here = Path(__file__).resolve().parent.parent
    scorer = args.shared / "eval" / "score.py"
    if not scorer.is_file():
        print(f"eval: {scorer} not found; nothing to score", file=sys.stderr)
        return 0
    factcheck = Path(sys.executable).parent / "factcheck"
    with tempfile.TemporaryDirectory() as tmp:
        for name, corpus, gold in corpora(args.shared, here):
            run = Path(tmp) / name.replace("/", "_")
            scan = subprocess.run([str(factcheck), "scan", str(corpus), "--out", str(run), "--no-cache"],
                                  capture_output=True, text=True)
            if scan.returncode not in (0, 3):
                print(f"{name}: scan failed: {scan.stderr.strip().splitlines()[-1:]}")
                continue
            score = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--corpus", str(corpus), "--run", str(run)],
                                   capture_output=True, text=True)
            line = (score.stdout.strip().splitlines() or [score.stderr.strip()])[-1]
            print(f"{name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
