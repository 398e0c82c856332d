"""How far to trust a claim and a finding, from the evidence behind it.

A claim read by a named slot's pattern is more often right than an open attribute, and a
measure word the pattern data groups ("budget", "price tag") more often than one it does
not know; hedged claims are weaker. A finding's confidence is the chance that it is real,
given its evidence (`finding_evidence`): weights fitted on real labelled articles by
scripts/fit_confidence.py and kept in patterns/confidence.json, so they are data an editor can
read and a new labelled corpus can refit. What the fit found is not what intuition said: a
finding with hedged sides (a date said to be expected, then confirmed) or with three or more
values is more often real, and two figures for one measure in one article are most often a
breakdown. Reports lead with findings at or above `THRESHOLD`; the rest go under "Worth a look";
docs/confidence.md shows what each band is worth on corpora the weights did not see.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

_FITTED = json.loads((Path(__file__).parent / "patterns" / "confidence.json").read_text(encoding="utf-8"))
WEIGHTS: dict[str, float] = _FITTED["weights"]
THRESHOLD: float = _FITTED["threshold"]
BASE = {"slot": 0.8, "attribute.grouped": 0.7, "attribute.open": 0.45}
HEDGE = {"asserted": 0.0, "reported": -0.05, "speculation": -0.15, "rumour": -0.25}
WRONG_TYPE = -0.3  # a person given as a production company, a place as a creator


def claim_confidence(row: dict, expected_label: str | None = None) -> tuple[float, list[str]]:
    """The claim's confidence and the evidence that set it, by name. `expected_label` is the entity
    type the slot's values must have (pattern data `value_label`)."""
    if row["slot"] == "attribute":
        evidence = ["attribute.grouped" if row.get("grouped") else "attribute.open"]
    else:
        evidence = ["slot"]
    score = BASE[evidence[0]]
    hedge = row.get("hedge") or "asserted"
    if HEDGE.get(hedge):
        score += HEDGE[hedge]
        evidence.append(f"hedge.{hedge}")
    label = row.get("entity_label")
    if expected_label and label and label != "NAME" and label != expected_label:
        score += WRONG_TYPE
        evidence.append("type.mismatch")
    return round(max(0.05, min(score, 0.95)), 2), evidence


def finding_evidence(sides: list[list[dict]], slot: str | None = None) -> dict[str, float]:
    """What a finding rests on, as named numbers: the weights in `patterns/confidence.json` turn
    them into its confidence. Each is read from the claims alone, so a kept run can be refitted."""
    best = [max((r.get("confidence") or BASE["slot"]) for r in side) for side in sides if side]
    articles = {r["article"] for side in sides for r in side}
    slot = slot or next((r.get("slot") for side in sides for r in side if r.get("slot")), None)
    kinds = {(r.get("normalized") or {}).get("type") for side in sides for r in side}
    names = slot == "cast_role" or kinds == {"entity"}
    return {
        "bias": 1.0,
        "claim_strength": sum(best) / len(best) - BASE["slot"] if best else 0.0,
        "sides_beyond_two": float(min(max(len(best) - 2, 0), 2)),
        "support": float(min(max((len({r["article"] for r in side}) for side in sides if side), default=1), 4) - 1),
        "one_article_figures": float(len(articles) == 1 and not names),
        "hedged": float(any((r.get("hedge") or "asserted") != "asserted" for side in sides for r in side)),
        "unpinned": float(any("subject.unpinned" in (r.get("rules") or ()) for side in sides for r in side)),
    }


def finding_confidence(sides: list[list[dict]], slot: str | None = None) -> float:
    """The chance, fitted on real labelled corpora, that a finding with this evidence is real."""
    if not any(sides):
        return 0.0
    evidence = finding_evidence(sides, slot)
    z = sum(WEIGHTS.get(name, 0.0) * value for name, value in evidence.items())
    return round(1 / (1 + math.exp(-z)), 2)


def section(confidence: float, threshold: float = THRESHOLD) -> str:
    return "headline" if confidence >= threshold else "worth_a_look"
