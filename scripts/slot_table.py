"""Claim-level precision and recall per slot, against hand labels.

For every `corpora/NAME.claims.jsonl` that sits beside a folder `corpora/NAME/`, scan the folder
(no cache) and match the extracted claims to the labels. A claim matches a label when the
article and the slot are the same and the character spans overlap. A label's span is found by
searching its `value` in the article text; if the value occurs several times, any occurrence
matches. Each label matches at most one claim and each claim at most one label (a maximum
matching), so a claim extracted twice counts once as a true positive and once as a false positive.

    .venv/bin/python scripts/slot_table.py              # the tables
    .venv/bin/python scripts/slot_table.py --verbose    # plus false positives and misses
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import factcheck

ROOT = Path(__file__).resolve().parent.parent
SLOTS_JSON = Path(factcheck.__file__).resolve().parent / "patterns" / "slots.json"


@dataclass
class Label:
    file: str
    slot: str
    value: str
    season: int | None
    actor: str | None
    note: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Claim:
    file: str
    slot: str
    value: str
    start: int
    end: int
    season: int | None
    actor: str | None
    sentence: str
    hedge: str
    polarity: str


def occurrences(text: str, value: str) -> list[tuple[int, int]]:
    """Every place `value` occurs; whole-word occurrences only, unless there are none."""
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(value), text)]
    whole = [(s, e) for s, e in found
             if (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())]
    return whole or found


ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
                 "aug", "sep", "sept", "oct", "nov", "dec"}
BOUNDARY = re.compile(r"[.!?][\"”’']?\s+|\n")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or line) around a span, for the --verbose listing."""
    cuts = [0]
    for m in BOUNDARY.finditer(text):
        word = re.search(r"(\w+)\W*$", text[max(0, m.start() - 12):m.start() + 1])
        if m.group() != "\n" and text[m.start()] == "." and word and word.group(1).lower() in ABBREVIATIONS:
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    left = max(c for c in cuts if c <= start)
    right = min(c for c in cuts if c >= end)
    return " ".join(text[left:right].split())


def load_labels(path: Path, texts: dict[str, str]) -> list[Label]:
    labels = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        label = Label(row["file"], row["slot"], row["value"], row.get("season"), row.get("actor"), row.get("note", ""))
        text = texts.get(label.file)
        if text is None:
            raise SystemExit(f"{path}:{n}: no article {label.file!r} in the scan")
        label.spans = occurrences(text, label.value)
        if not label.spans:
            raise SystemExit(f"{path}:{n}: {label.value!r} is not in {label.file}")
        if label.actor is not None and label.actor not in text:
            raise SystemExit(f"{path}:{n}: actor {label.actor!r} is not in {label.file}")
        labels.append(label)
    return labels


def _int(x) -> int | None:
    return None if x is None or x != x else int(x)  # NaN != NaN


def _str(x) -> str | None:
    return None if x is None or x != x else str(x)


def load_claims(result) -> list[Claim]:
    out = []
    for r in result.claims.to_dict("records"):
        out.append(Claim(r["article"], r["slot"], str(r["value"]), int(r["start"]), int(r["end"]),
                         _int(r.get("season")), _str(r.get("actor")), _str(r.get("sentence")) or "",
                         _str(r.get("hedge")) or "", _str(r.get("polarity")) or ""))
    return out


def overlaps(claim: Claim, label: Label) -> bool:
    return any(claim.start < e and s < claim.end for s, e in label.spans)


def match(labels: list[Label], claims: list[Claim]) -> dict[int, int]:
    """Maximum one-to-one matching (label index -> claim index), by augmenting paths."""
    edges = {i: [j for j, c in enumerate(claims)
                 if c.file == lab.file and c.slot == lab.slot and overlaps(c, lab)]
             for i, lab in enumerate(labels)}
    owner: dict[int, int] = {}  # claim -> label

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


@dataclass
class Scored:
    name: str
    labels: list[Label]
    claims: list[Claim]
    pairs: dict[int, int]
    texts: dict[str, str]


def score(name: str, folder: Path, gold: Path) -> Scored:
    result = factcheck.scan(folder, use_cache=False)
    texts = result.texts
    labels = load_labels(gold, texts)
    claims = load_claims(result)
    return Scored(name, labels, claims, match(labels, claims), texts)


def slot_spec() -> dict[str, dict]:
    try:
        return json.loads(SLOTS_JSON.read_text(encoding="utf-8"))["slots"]
    except (OSError, ValueError, KeyError):
        return {}


def slot_order() -> list[str]:
    return list(slot_spec())


def season_policy() -> dict[str, str]:
    return {slot: spec.get("season", "") for slot, spec in slot_spec().items()}


def pct(num: int, den: int) -> str:
    return f"{100 * num / den:.0f}%" if den else "–"


def table(runs: list[Scored]) -> str:
    labels = [lab for r in runs for lab in r.labels]
    claims = [c for r in runs for c in r.claims]
    tp_slots = [r.labels[i].slot for r in runs for i in r.pairs]
    order = slot_order()
    seen = {x.slot for x in labels} | {c.slot for c in claims}
    slots = [s for s in order if s in seen] + sorted(seen - set(order))
    rows = ["| slot | labels | extracted | true pos. | precision | recall |",
            "|---|---:|---:|---:|---:|---:|"]
    for s in slots:
        n_l = sum(x.slot == s for x in labels)
        n_c = sum(c.slot == s for c in claims)
        tp = tp_slots.count(s)
        rows.append(f"| {s} | {n_l} | {n_c} | {tp} | {pct(tp, n_c)} | {pct(tp, n_l)} |")
    tp = len(tp_slots)
    rows.append(f"| **total** | **{len(labels)}** | **{len(claims)}** | **{tp}** | "
                f"**{pct(tp, len(claims))}** | **{pct(tp, len(labels))}** |")
    return "\n".join(rows)


def clip(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def details(run: Scored) -> str:
    lines = [f"#### {run.name}: false positives", ""]
    used = set(run.pairs.values())
    fps = sorted((c for j, c in enumerate(run.claims) if j not in used), key=lambda c: (c.file, c.slot, c.start))
    for c in fps:
        extra = f" actor={c.actor!r}" if c.actor else ""
        lines.append(f"- `{c.file}` {c.slot} {c.value!r}{extra} [{c.hedge}, {c.polarity}] — {clip(c.sentence)}")
    if not fps:
        lines.append("- none")
    lines += ["", f"#### {run.name}: misses", ""]
    misses = [lab for i, lab in enumerate(run.labels) if i not in run.pairs]
    for lab in sorted(misses, key=lambda x: (x.file, x.slot, x.spans[0])):
        s, e = lab.spans[0]
        extra = f" actor={lab.actor!r}" if lab.actor else ""
        lines.append(f"- `{lab.file}` {lab.slot} {lab.value!r}{extra} — {clip(sentence_at(run.texts[lab.file], s, e))}")
    if not misses:
        lines.append("- none")
    # Matched on span, but the value is cut short, or the actor or the season disagrees: still
    # true positives in the table; listed to help. Seasons are compared only for slots whose
    # season the tool fills in (not "none" in slots.json), and only for TV seasons: the tool
    # numbers film installments 101, 102, ... and the labels leave films' season empty.
    policy = season_policy()
    odd = []
    for i, j in sorted(run.pairs.items()):
        lab, c = run.labels[i], run.claims[j]
        why = []
        if not any(c.start <= s and e <= c.end for s, e in lab.spans):
            why.append(f"value {c.value!r} does not cover the label")
        if lab.actor is not None and (c.actor or "") != lab.actor:
            why.append(f"actor {c.actor!r}, label {lab.actor!r}")
        season = c.season if c.season is None or c.season < 100 else None
        if policy.get(lab.slot) != "none" and lab.season != season:
            why.append(f"season {season}, label {lab.season}")
        if why:
            odd.append(f"- `{lab.file}` {lab.slot} {lab.value!r}: " + "; ".join(why))
    if odd:
        lines += ["", f"#### {run.name}: matched, but value, actor or season differs (counted as true positives)", ""]
        lines += odd
    return "\n".join(lines)


def labelled_corpora(names: list[str]) -> list[tuple[str, Path, Path]]:
    out = []
    for gold in sorted((ROOT / "corpora").glob("*.claims.jsonl")):
        name = gold.name.removesuffix(".claims.jsonl")
        folder = ROOT / "corpora" / name
        if folder.is_dir() and (not names or name in names):
            out.append((name, folder, gold))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", help="names of labelled corpora to score (default: all)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and misses")
    args = ap.parse_args()
    found = labelled_corpora(args.corpora)
    if not found:
        print("slot_table: no corpora/NAME.claims.jsonl beside a corpora/NAME/ folder", file=sys.stderr)
        return 2
    runs = [score(name, folder, gold) for name, folder, gold in found]
    for run in runs:
        print(f"### corpora/{run.name}\n\n{table([run])}\n")
    if len(runs) > 1:
        print(f"### combined\n\n{table(runs)}\n")
    if args.verbose:
        for run in runs:
            print(details(run) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
