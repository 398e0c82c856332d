"""Findings from claims: typed comparison within each subject and slot.

Claims are blocked by (slot, subject, metric, window) before anything is
compared, so the work grows with the size of each block, not with the corpus.
Inside a block, values are split into sides that can all be true together; two
or more sides make a contradiction. Dates compare by interval at their own
granularity, numbers by the range an editor would read, names by entity, sets
of names by membership, statuses over time.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from .confidence import finding_confidence, section
from .corpus import DRAFT
from .names import TITLE_CONNECTORS, parts
from .values import STAGES, DateValue, NumberValue, dates_agree, numbers_agree

MAX_CITED = 50  # quotes shown per side; the side still counts every article that backs it
HEDGE_RANK = {"asserted": 0, "reported": 0, "speculation": 1, "rumour": 2}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


@dataclass
class Finding:
    kind: str
    subject: str
    slot: str
    claims: list[dict]
    explanation: str
    severity: str = "medium"
    relation: str | None = None
    resolution: str | None = None
    sides: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    confidence: float = 0.9

    @property
    def id(self) -> str:
        # the values as written, not which articles say them: a new article that repeats a side keeps the id
        cited = sorted({" ".join(str(c["value"]).split()) for c in self.claims})
        digest = hashlib.sha1("\x1f".join([self.kind, self.subject, self.slot, *cited]).encode("utf-8")).hexdigest()
        return f"{self.kind[:2]}-{digest[:10]}"

    def as_dict(self) -> dict:
        out = {"id": self.id, "kind": self.kind, "subject": self.subject, "slot": self.slot,
               "severity": self.severity, "confidence": self.confidence, "section": section(self.confidence),
               "explanation": self.explanation}
        if self.relation:
            out["relation"] = self.relation
        if self.resolution:
            out["resolution"] = self.resolution
        out["sides"] = self.sides
        out["claims"] = self.claims
        out.update(self.extra)
        return out


def agree(a, b) -> bool:
    """Whether two typed values can both be true."""
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return dates_agree(a, b)
    if isinstance(a, NumberValue) and isinstance(b, NumberValue):
        return a.unit != b.unit or numbers_agree(a, b)
    return a == b


def _sides(rows: list[dict]) -> list[list[dict]]:
    """Split claims into sides whose values all agree, most precise values first.

    Work is on distinct values, not on claims: a hundred articles repeating one
    date cost one comparison.
    """
    by_value: dict = defaultdict(list)
    for r in rows:
        by_value[r["_typed"]].append(r)
    values = sorted(by_value, key=lambda v: (_width(v), min((r["article"], r["start"]) for r in by_value[v])))
    sides: list[list] = []
    for v in values:
        for side in sides:
            if all(agree(v, other) for other in side):
                side.append(v)
                break
        else:
            sides.append([v])
    # a vague value that agrees with every side is no side of its own
    kept = [s for s in sides if not all(all(agree(v, o) for o in other) for v in s for other in sides if other is not s)] or sides
    return [[r for v in side for r in sorted(by_value[v], key=lambda r: (r["article"], r["start"]))] for side in kept]


def _width(v) -> float:
    if isinstance(v, DateValue):
        iv = v.interval()
        return (iv[1] - iv[0]) if iv else 1e9
    if isinstance(v, NumberValue):
        lo, hi = v.interval()
        return hi - lo
    return 0


def _published(row) -> date | None:
    return row.get("_published") or row.get("_dated")


def _side_dicts(labels: list[str], sides: list[list[dict]]) -> list[dict]:
    """Each side: its value, every article that backs it, and the claims cited for it."""
    return [{"value": lab, "articles": sorted({r["article"] for r in side}), "claims": [r["id"] for r in side[:MAX_CITED]]}
            for lab, side in zip(labels, sides)]


def _cite(row: dict) -> dict:
    keys = ("id", "article", "value", "normalized", "start", "end", "sentence", "hedge", "source", "confidence", "rules",
            "published", "title", "url")
    return {k: row.get(k) for k in keys}


def _severity(sides: list[list[dict]], relation: str | None) -> str:
    if relation == "superseded":
        return "low"
    firm = [any(HEDGE_RANK.get(r["hedge"], 0) == 0 for r in side) for side in sides]
    if all(firm):
        return "high"
    if any(firm):
        return "medium"
    return "low"


def _resolution(sides: list[list[dict]], labels: list[str]) -> str | None:
    """What the sources say, the draft being checked not among them."""
    kept = [([r for r in side if not r["article"].startswith(DRAFT)], label) for side, label in zip(sides, labels)]
    sides, labels = [side for side, _ in kept if side], [label for side, label in kept if side]
    if len(sides) == 1:
        n = len({r["article"] for r in sides[0]})
        return f"the {'source says' if n == 1 else f'{n} sources say'} “{labels[0]}”"
    support = [len({r["article"] for r in side}) for side in sides]
    firm = [any(HEDGE_RANK.get(r["hedge"], 0) == 0 for r in side) for side in sides]
    newest = [max((d for r in side if (d := _published(r))), default=None) for side in sides]
    notes = []
    if sum(firm) == 1 and len(sides) == 2:
        i = firm.index(True)
        notes.append(f"only “{labels[i]}” is stated firmly; the other side is {'rumour' if any(r['hedge'] == 'rumour' for r in sides[1 - i]) else 'speculation'}")
    if len(set(support)) > 1:
        i = max(range(len(sides)), key=lambda k: support[k])
        notes.append(f"{support[i]} of {sum(support)} sources back “{labels[i]}”")
    dated = [(d, i) for i, d in enumerate(newest) if d]
    if len(dated) == len(sides) and len({d for d, _ in dated}) > 1:
        d, i = max(dated)
        when = d.isoformat() if any(r.get("_published") == d for r in sides[i]) else f"written after {d.isoformat()}"
        notes.append(f"the newest source ({when}) says “{labels[i]}”")
    return "; ".join(notes) or None


def _label(row) -> str:
    v = row["_typed"]
    return v.label() if hasattr(v, "label") else str(v)


def _settled(rows: list[dict]) -> list[dict]:
    """An article that states a value firmly stands by it: the rumours it also reports
    ("reports had claimed September, but the streamer confirmed October") are not its word."""
    firm = {r["article"] for r in rows if HEDGE_RANK.get(r["hedge"], 0) == 0}
    return [r for r in rows if HEDGE_RANK.get(r["hedge"], 0) == 0 or r["article"] not in firm]


def compare_values(rows: list[dict], subject: str, slot: str, slot_label: str) -> Finding | None:
    """One finding for a block of typed claims whose values cannot all be true."""
    rows = _settled([r for r in rows if r["polarity"] == "positive" and r["_typed"] is not None])
    if slot == "chart_position":  # a rank compares only with ranks on the same named chart, the same day or week
        rows = [r for r in rows if r.get("metric") and r.get("window")]
    if len({(r["article"], r["start"]) for r in rows}) < 2:
        return None
    sides = _sides(rows)
    if len(sides) < 2 or _in_step(sides):
        return None
    labels = [" / ".join(dict.fromkeys(_label(r) for r in side)) for side in sides]
    relation = None
    if slot == "renewal_status":
        relation = _superseded(sides)
    where = "in one article" if len({r["article"] for r in rows}) == 1 else f"across {len({r['article'] for r in rows})} articles"
    explanation = f"{slot_label} of {subject}: " + " vs ".join(f"“{lab}”" for lab in labels) + f" ({where})"
    if relation == "superseded":
        explanation += "; the older status was superseded by a newer one"
    cited = [r for side in sides for r in side[:MAX_CITED]]
    return Finding(
        "contradiction", subject, slot, [_cite(r) for r in cited], explanation,
        severity=_severity(sides, relation), relation=relation, resolution=_resolution(sides, labels),
        sides=_side_dicts(labels, sides), confidence=finding_confidence(sides),
    )


def _superseded(sides: list[list[dict]]) -> str | None:
    """"pending" then "renewed", or "renewed" then "cancelled": a change over time when every
    article that only says the earlier status is older than the newest that says the later one."""
    by_status = {side[0]["_typed"]: side for side in sides}
    for before, after in (("unconfirmed", "renewed"), ("unconfirmed", "cancelled"), ("renewed", "cancelled")):
        old, new = by_status.get(before), by_status.get(after)
        if old and new and _later(old, new):
            return "superseded"
    return None


def _later(old: list[dict], new: list[dict]) -> bool:
    new_articles = {r["article"] for r in new}
    old_only = [r for r in old if r["article"] not in new_articles]
    if not old_only:
        return False
    old_dates = [_published(r) for r in old_only]
    new_dates = [d for r in new if (d := _published(r))]
    return bool(all(old_dates) and new_dates and max(old_dates) < max(new_dates))


def _in_step(sides: list[list[dict]]) -> bool:
    """"set to begin" in December, "wrapped" a year later: the work moving through its stages is no
    disagreement. It is one when an article says a later stage on or before the day another says an
    earlier one, or one article says both; undated articles prove no disorder."""
    if not all(side[0]["_typed"] in STAGES for side in sides):
        return False
    staged = sorted(sides, key=lambda side: STAGES.index(side[0]["_typed"]))
    for i, early in enumerate(staged):
        for late in staged[i + 1:]:
            if {r["article"] for r in early} & {r["article"] for r in late}:
                return False
            if any((d := _published(e)) and (n := _published(x)) and n <= d for e in early for x in late):
                return False
    return True


def compare_sets(rows: list[dict], subject: str, slot: str, slot_label: str) -> Finding | None:
    """Names given for one slot: sides that each name someone the other leaves out."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["polarity"] == "positive" and r.get("entity"):
            groups[r["group"]].append(r)
    sets = {g: frozenset(r["entity"] for r in rs) for g, rs in groups.items()}
    names = {r["entity"]: r["entity_name"] for rs in groups.values() for r in rs}
    groups_of: dict[frozenset, list[str]] = defaultdict(list)
    for g, members in sets.items():
        groups_of[members].append(g)
    distinct_sets = sorted(groups_of, key=sorted)
    conflicting: set[str] = set()
    for i, a in enumerate(distinct_sets):  # distinct sets only: repeats of one credit cost nothing
        for b in distinct_sets[i + 1:]:
            if not (_covered(a, b, names) or _covered(b, a, names)):
                conflicting.update(groups_of[a] + groups_of[b])
    if not conflicting:
        return None
    shared = frozenset.intersection(*(sets[g] for g in conflicting))
    cited = [r for g in sorted(conflicting) for r in groups[g] if r["entity"] not in shared]
    distinct = sorted({sets[g] - shared for g in conflicting}, key=sorted)
    labels = [" + ".join(sorted(names[e] for e in s)) for s in distinct]
    side_rows = [[r for r in cited if r["entity"] in s] for s in distinct]
    explanation = f"{slot_label} of {subject}: " + " vs ".join(f"“{lab}”" for lab in labels)
    if shared:
        explanation += f" (all agree on {', '.join(sorted(names[e] for e in shared))})"
    return Finding(
        "contradiction", subject, slot, [_cite(r) for r in cited], explanation,
        severity=_severity(side_rows, None), resolution=_resolution(side_rows, labels),
        sides=_side_dicts(labels, side_rows), confidence=finding_confidence(side_rows),
    )


GROUP_WORDS = ("brothers", "sisters", "twins", "duo", "siblings")


def _covered(small: frozenset, big: frozenset, names: dict) -> bool:
    """Every member of `small` is in `big`, where "the Duffer Brothers" stands for each Duffer."""
    def family(e):
        return names[e].split()[-1].lower() if names[e].split() else ""

    groups = {names[e].split()[0].lower() for e in big if names[e].lower().endswith(GROUP_WORDS)}
    small_groups = {names[e].split()[0].lower() for e in small if names[e].lower().endswith(GROUP_WORDS)}
    for e in small:
        if e in big or family(e) in groups:
            continue
        if names[e].lower().endswith(GROUP_WORDS) and any(family(b) in small_groups for b in big):
            continue
        return False
    return True


def compare_roles(rows: list[dict]) -> list[Finding]:
    """One actor credited with two roles, or one role given to two actors. The second is dropped when
    the first already holds every claim it cites: one mix-up, said once."""
    out, made = [], []
    for key_field, other_field, what in (("actor_entity", "entity", "roles"), ("entity", "actor_entity", "actors")):
        by: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            if r.get(key_field) and r.get(other_field):
                by[r[key_field]].append(r)
        name_field = "entity_name" if what == "roles" else "actor_name"
        for k in sorted(by):
            rs = by[k]
            groups = _name_groups({r[other_field]: r[name_field] for r in rs})
            if len(groups) < 2 or (what == "actors" and any(r.get("metric") == "voice" for r in rs)):
                continue  # a voiced character has an actor per dub: two of them are no contradiction
            if what == "roles":
                subject = rs[0]["actor_name"]
                cited = rs
            else:
                subject = rs[0]["entity_name"]
                cited = [r | {"value": r["actor"], "start": r["actor_start"], "end": r["actor_end"]} for r in rs]
            labels = [label for label, _ in groups]
            where = "in one article" if len({r["article"] for r in rs}) == 1 else f"across {len({r['article'] for r in rs})} articles"
            side_rows = [[r for r in cited if r[other_field] in ids] for _, ids in groups]
            verb = f"{subject} is credited with {len(labels)} roles" if what == "roles" else f"{subject} is played by {len(labels)} actors"
            out.append(Finding(
                "contradiction", subject, "cast_role", [_cite(r) for r in cited],
                f"{verb}: " + " vs ".join(f"“{lab}”" for lab in labels) + f" ({where})",
                severity=_severity(side_rows, None), resolution=_resolution(side_rows, labels),
                sides=_side_dicts(labels, side_rows), confidence=finding_confidence(side_rows),
            ))
            made.append(what)
    by_actor = {c["id"] for f, what in zip(out, made) if what == "roles" for c in f.claims}
    return [f for f, what in zip(out, made) if what == "roles" or not {c["id"] for c in f.claims} <= by_actor]


def _name_groups(names: dict[str, str]) -> list[tuple[str, set[str]]]:
    """Entities whose names nest are one person or character: "Maren Azkue" is "Inspector
    Maren Azkue", "Capitaine Dufau" is "Capitaine Marc Dufau". Each group: its longest name, its ids."""
    words = {i: set(parts(n)) for i, n in names.items()}
    groups: list[set[str]] = []
    for i in sorted(names, key=lambda i: (-len(words[i]), i)):
        home = next((g for g in groups if any(words[i] <= words[j] or words[j] <= words[i]
                                               or _spelled_alike(parts(names[i]), parts(names[j])) for j in g)), None)
        if home is None:
            groups.append({i})
        else:
            home.add(i)
    return sorted(((max((names[i] for i in g), key=lambda n: (len(n), n)), g) for g in groups), key=lambda x: x[0])


def _spelled_alike(a: list[str], b: list[str]) -> bool:
    """One name misspelled, not two people: credited for one role, "Ayo Adebiri" and "Ayo Ebebiri" share
    a part and the other is close; "Payne" is "Teddy Paine"'s family name off by a letter. "Kate Carter"
    and "Kate Cooper" share a part, but the others are far apart: a mix-up, still reported."""
    if len(a) == len(b) >= 2:
        same = [x == y for x, y in zip(a, b)]
        return any(same) and all(x == y or fuzz.ratio(x, y) >= 70 for x, y in zip(a, b))
    if min(len(a), len(b)) == 1 and max(len(a), len(b)) >= 2:
        one, full = (a, b) if len(a) == 1 else (b, a)
        return len(one[0]) >= 4 and fuzz.ratio(one[0], full[-1]) >= 80
    return False


def _in_capitals(surface: str, spellings: dict) -> bool:
    """"SALTGLASS TALES" in a headline is typography, not another spelling of "Saltglass Tales"."""
    return surface.isupper() and any(o != surface and o.casefold() == surface.casefold() for o in spellings)


# words whose capital letter is house style, not spelling: "Velvet Meridian Season 2" and "… season 2"
_STYLE_WORDS = TITLE_CONNECTORS | {"season", "series", "part", "volume", "vol", "episode", "chapter", "act", "a", "an"}


def _styled_alike(surface: str, spellings: dict) -> bool:
    """Another, more frequent spelling differs from this one only in the capital of a common word."""
    words = surface.split()
    for other, n in spellings.items():
        ws = other.split()
        if other != surface and len(ws) == len(words) and (n, other) > (spellings[surface], surface) and all(
                a == b or (a.casefold() == b.casefold() and a.casefold() in _STYLE_WORDS) for a, b in zip(words, ws)):
            return True
    return False


def spelling_findings(entities: list[dict]) -> list[Finding]:
    """One entity written several ways: each spelling with its count and articles, and the suggested one."""
    out = []
    for ent in entities:
        spellings = {s: n for s, n in ent["spellings"].items()
                     if not _in_capitals(s, ent["spellings"]) and not _styled_alike(s, ent["spellings"])}
        if len(spellings) < 2:
            continue
        claims = []
        seen = set()
        for m in ent["mentions"]:
            if m["surface"] in spellings and m["surface"] not in seen:
                seen.add(m["surface"])
                claims.append({"article": m["article"], "value": m["surface"], "start": m["start"], "end": m["end"]})
        listing = ", ".join(f"“{s}” ×{n}" for s, n in spellings.items())
        out.append(Finding(
            "spelling_variant", ent["canonical"], "name", claims,
            f"{ent['canonical']} is written {len(spellings)} ways: {listing}",
            severity="info", resolution=f"use “{ent['canonical']}”",
            extra={"entity": ent["id"], "spellings": spellings,
                   "articles": sorted({m["article"] for m in ent["mentions"] if m["surface"] in spellings})},
        ))
    return out


def rank(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.kind != "contradiction", SEVERITY_ORDER[f.severity], f.subject, f.slot, f.id))
