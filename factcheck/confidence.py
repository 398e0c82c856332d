"""How far to trust a claim and a finding, from the evidence behind it.

A claim read by a named slot's pattern is more often right than an open attribute, and a
measure word the pattern data groups ("budget", "price tag") more often than one it does
not know. Hedged claims are weaker. A finding is as strong as the best claim on each of its
sides, a little stronger for each further article that backs a side, and weaker when all of
it stands in one article (a breakdown or a list is read there more often than a clash).
Reports lead with findings at or above `THRESHOLD`; the rest go under "Worth a look".
The weights are data an editor can read here; docs/confidence.md shows what each band is worth.
"""
from __future__ import annotations

THRESHOLD = 0.5
BASE = {"slot": 0.8, "attribute.grouped": 0.7, "attribute.open": 0.45}
HEDGE = {"asserted": 0.0, "reported": -0.05, "speculation": -0.15, "rumour": -0.25}
WRONG_TYPE = -0.3  # a person given as a production company, a place as a creator
SCATTER = -0.15  # for each side beyond two: a scatter of values is more often several facts read as one
LOOSE_NAME = -0.15  # a side whose name is one word or has lower-case words ("Oscar-winning", "Paul")
MORE_ARTICLES = 0.05  # for each article beyond two, up to MORE_ARTICLES_CAP
MORE_ARTICLES_CAP = 0.1
ONE_ARTICLE = -0.15


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


def finding_confidence(sides: list[list[dict]]) -> float:
    """Best claim of each side, averaged; more articles raise it, a single article lowers it."""
    best = [max((r.get("confidence") or BASE["slot"]) for r in side) for side in sides if side]
    if not best:
        return 0.0
    score = sum(best) / len(best)
    score += SCATTER * max(len(best) - 2, 0)
    if any(_loose(side) for side in sides):
        score += LOOSE_NAME
    articles = {r["article"] for side in sides for r in side}
    score += min(MORE_ARTICLES * max(len(articles) - 2, 0), MORE_ARTICLES_CAP)
    if len(articles) == 1:
        score += ONE_ARTICLE
    return round(max(0.0, min(score, 0.99)), 2)


def _loose(side: list[dict]) -> bool:
    """A name that is no full name: one word, or words in lower case ("Season One of X")."""
    names = [r.get("entity_name") or r.get("actor_name") for r in side if r.get("normalized", {}).get("type") == "entity"]
    return bool(names) and all(len(n.split()) < 2 or any(w[:1].islower() for w in n.split()) for n in names if n)


def section(confidence: float, threshold: float = THRESHOLD) -> str:
    return "headline" if confidence >= threshold else "worth_a_look"
