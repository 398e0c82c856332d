"""A timeline of each fact: every claim on one subject and slot, placed at its article's date.

Pure functions from finding and claim records to an inline SVG string, drawn when
the report is built: the page stays one file that loads nothing. The x axis is
the publication date; the y axis is the value itself when it has a scale (dates,
numbers) and one lane per value otherwise (statuses, names). Marks take the
colour and letter of their side of the finding, hedged claims are hollow, and a
value that a newer claim, at least as firm, replaced is drawn faded and struck
through, with a dashed line to the claim that overtook it. Undated articles are
listed beside the chart, never guessed.
"""
from __future__ import annotations

import bisect
import calendar
import math
from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup, escape

from ..compare import HEDGE_RANK
from ..values import DateValue, NumberValue

SIDE_COLOURS = ("#2e6fd1", "#0f766e", "#7c3aed", "#a16207")  # the report's .side-0 .. .side-3
OTHER_COLOUR = "#8a94a6"  # a claim no side cites (a vague value that agrees with several)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WIDTH, LEFT, RIGHT, TOP, BOTTOM = 720, 170, 18, 14, 34
LANE, SCALE_HEIGHT, R = 30, 170, 7
LABEL_CHARS = 22


@dataclass(frozen=True)
class Mark:
    """One claim as drawn: where its article stands in time and what it says."""

    claim: str
    article: str
    published: date | None
    label: str
    key: str  # what counts as "the same value": the side it is on, or its label
    side: int | None
    hedged: bool
    rank: int
    span: tuple[float, float] | None = None  # the value's interval on a scale, None in lanes
    overtaken_by: str | None = None


@dataclass(frozen=True)
class Timeline:
    """What the templates need: the chart, what it could not place, and how many marks it drew."""

    svg: Markup
    kind: str  # date | number:UNIT | lanes
    marks: int
    undated: list[dict] = field(default_factory=list)
    hedged: int = 0
    overtaken: int = 0


# ------------------------------------------------------------------ data

def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _typed(normalized) -> DateValue | NumberValue | None:
    """The typed value back from its JSON form (see values.value_dict); None for text and names."""
    if not isinstance(normalized, dict):
        return None
    fields = {k: v for k, v in normalized.items() if k not in ("type", "label")}
    try:
        if normalized.get("type") == "date":
            return DateValue(**fields)
        if normalized.get("type") == "number":
            return NumberValue(**fields)
    except TypeError:
        return None
    return None


def _span(normalized) -> tuple[str, tuple[float, float]] | None:
    v = _typed(normalized)
    if isinstance(v, DateValue):
        iv = v.interval()
        return ("date", (float(iv[0]), float(iv[1]))) if iv else None
    if isinstance(v, NumberValue):
        return ("number:" + v.unit, v.interval())
    return None


def block_of(finding: dict, claims_by_block: dict[tuple, list[dict]], block_of_claim: dict | None = None) -> list[dict]:
    """Every claim on the finding's subject and slot (and metric and window), the finding's own first.

    A cast finding's subject is a person, not a claim's subject: its own claims are the block.
    """
    own = [c for c in finding.get("claims") or [] if isinstance(c, dict)]
    if finding.get("slot") == "cast_role":
        return own
    ids = {c.get("id") for c in own}
    if block_of_claim is None:
        block_of_claim = {r.get("id"): k for k, rows in claims_by_block.items() for r in rows}
    keys = {block_of_claim[i] for i in ids if i in block_of_claim}
    extra = [r for k in sorted(keys, key=str) for r in claims_by_block[k]
             if r.get("id") not in ids and r.get("polarity", "positive") == "positive"]
    return own + extra


def block_key(claim: dict) -> tuple:
    return (claim.get("subject"), claim.get("slot"), claim.get("metric") or "", claim.get("window") or "")


def marks_for(finding: dict, claims: list[dict], published: dict[str, str | None]) -> list[Mark]:
    """The claims as marks, each with its side, its firmness and, on a scale, the span of its value."""
    side_of, side_label = {}, {}
    for i, s in enumerate(finding.get("sides") or []):
        side_label[i] = str(s.get("value") or "")
        for cid in s.get("claims") or []:
            side_of.setdefault(cid, i)
    spans = {c.get("id"): _span(c.get("normalized")) for c in claims}
    kinds = {s[0] for s in spans.values() if s}
    scaled = len(kinds) == 1 and all(spans.values())
    seen, out = set(), []
    for c in claims:
        cid = str(c.get("id") or f"{c.get('article')}:{c.get('start')}")
        if cid in seen:
            continue
        seen.add(cid)
        side = side_of.get(c.get("id"))
        norm = c.get("normalized") if isinstance(c.get("normalized"), dict) else {}
        label = side_label[side] if side is not None else str(norm.get("label") or c.get("value") or "")
        rank = HEDGE_RANK.get(str(c.get("hedge") or "asserted"), 0)
        out.append(Mark(claim=cid, article=str(c.get("article") or ""), label=label,
                        published=_day(c.get("published") or published.get(c.get("article"))),
                        key=f"side:{side}" if side is not None else f"value:{label}", side=side,
                        hedged=rank > 0, rank=rank, span=spans[c.get("id")][1] if scaled else None))
    return out


def _overtake(marks: list[Mark]) -> list[Mark]:
    """A value is overtaken when a newer claim, at least as firm, says another value and nothing
    as firm says it again after that: "2025" (a rumour) then "2026" (a forecast); "pending" then "renewed".

    The claim that overtook it is the first one, at least as firm, after the value was last said:
    a bisection per mark, so a block of thousands of claims stays quick.
    """
    dated = [m for m in marks if m.published]
    by: dict[str, str] = {}
    for rank in sorted({m.rank for m in dated}):
        pool = sorted((m for m in dated if m.rank <= rank), key=lambda m: (m.published, m.claim))
        days = [m.published for m in pool]
        last: dict[str, date] = {}
        for m in pool:
            last[m.key] = max(last.get(m.key, m.published), m.published)
        for m in dated:
            if m.rank != rank:
                continue
            i = bisect.bisect_right(days, max(last.get(m.key, m.published), m.published))
            if i < len(pool):
                by[m.claim] = pool[i].claim
    return [replace(m, overtaken_by=by.get(m.claim)) for m in marks]


# ------------------------------------------------------------------ scales

def _lerp(v: float, lo: float, hi: float, a: float, b: float) -> float:
    return a if hi == lo else a + (v - lo) * (b - a) / (hi - lo)


def _month_ticks(lo: int, hi: int, most: int = 7) -> list[tuple[int, str]]:
    """Ticks on the first of a month (or a year), spaced so that at most `most` fit."""
    a, b = date.fromordinal(lo), date.fromordinal(hi)
    months = (b.year - a.year) * 12 + b.month - a.month + 1
    for step in (1, 2, 3, 6, 12, 24, 60, 120):
        if months / step <= most:
            break
    ticks = []
    y, m = a.year, a.month
    if step >= 12:
        y, m = a.year + (1 if (a.month, a.day) != (1, 1) else 0), 1
        while y % (step // 12):
            y += 1
    elif (m - 1) % step or a.day != 1:
        m = m + (step - (m - 1) % step) if (m - 1) % step else m + step
    while True:
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        d = date(y, m, 1)
        if d > b:
            break
        if d >= a:
            ticks.append((d.toordinal(), str(y) if step >= 12 or m == 1 else f"{calendar.month_abbr[m]} {y}" if not ticks else calendar.month_abbr[m]))
        m += step
    if not ticks:  # a span of days inside one month
        ticks = [(lo, f"{calendar.month_abbr[a.month]} {a.day}, {a.year}"), (hi, f"{calendar.month_abbr[b.month]} {b.day}")]
    return ticks


def _number_ticks(lo: float, hi: float, most: int = 5) -> list[tuple[float, str]]:
    span = hi - lo or abs(hi) or 1.0
    raw = span / most
    mag = 10 ** math.floor(math.log10(raw))
    step = next((k * mag for k in (1, 2, 5, 10) if k * mag >= raw), 10 * mag)
    first = (lo // step) * step
    ticks, v = [], first
    while v <= hi + step * 1e-9:
        if v >= lo - step * 1e-9:
            ticks.append((v, _short_number(v)))
        v += step
    return ticks


def _short_number(v: float) -> str:
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= div:
            return f"{v / div:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _padded(lo: float, hi: float, pad: float, least: float) -> tuple[float, float]:
    if hi - lo < least:
        mid = (lo + hi) / 2
        lo, hi = mid - least / 2, mid + least / 2
    extra = (hi - lo) * pad
    return lo - extra, hi + extra


# ------------------------------------------------------------------ drawing

def _f(v: float) -> str:
    """Coordinates with one decimal: byte-identical output for one input."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _colour(m: Mark) -> str:
    return SIDE_COLOURS[m.side % len(SIDE_COLOURS)] if m.side is not None else OTHER_COLOUR


def _letter(m: Mark) -> str:
    return LETTERS[m.side % len(LETTERS)] if m.side is not None else "·"


def timeline(finding: dict, claims: list[dict], published: dict[str, str | None]) -> Timeline:
    """The chart for one finding from its block of claims (see `block_of`)."""
    marks = marks_for(finding, claims, published)
    dated = [m for m in marks if m.published]
    undated = [{"article": m.article, "value": m.label, "claim": m.claim, "hedged": m.hedged,
                "side": _letter(m) if m.side is not None else None,
                "tone": str(m.side % len(SIDE_COLOURS)) if m.side is not None else "x"}
               for m in marks if not m.published]
    kinds = {k for k, _ in filter(None, (_span(c.get("normalized")) for c in claims))}
    kind = next(iter(kinds)) if dated and all(m.span for m in marks) else "lanes"
    if kind != "lanes" or finding.get("relation") == "superseded":
        # a date or a figure moves over time, and so does a superseded status; a name that differs is no update
        marks = _overtake(marks)
        dated = [m for m in marks if m.published]
    svg = _draw(finding, dated, kind) if dated else Markup("")
    return Timeline(svg=svg, kind=kind, marks=len(dated), undated=undated, hedged=sum(m.hedged for m in dated),
                    overtaken=sum(bool(m.overtaken_by) for m in dated))


def _draw(finding: dict, marks: list[Mark], kind: str) -> Markup:
    days = [m.published.toordinal() for m in marks]
    x_lo, x_hi = _padded(min(days), max(days), 0.06, 30)
    if kind == "lanes":
        lanes = _lanes(marks)
        height = TOP + LANE * len(lanes) + BOTTOM
    else:
        lanes = []
        height = TOP + SCALE_HEIGHT + BOTTOM
    plot_bottom = height - BOTTOM
    x = lambda d: _lerp(d, x_lo, x_hi, LEFT, WIDTH - RIGHT)  # noqa: E731

    if kind == "lanes":
        lane_y = {k: TOP + LANE * i + LANE / 2 for i, (k, _) in enumerate(lanes)}
        y_of = lambda m: lane_y[m.key]  # noqa: E731
    else:
        y_lo, y_hi = _padded(min(m.span[0] for m in marks), max(m.span[1] for m in marks), 0.08,
                             45 if kind == "date" else 1)
        y = lambda v: _lerp(v, y_lo, y_hi, plot_bottom, TOP)  # noqa: E731
        y_of = lambda m: y((m.span[0] + m.span[1]) / 2)  # noqa: E731

    # marks on the same spot sit side by side, in claim order
    spots: dict[tuple, list[Mark]] = {}
    for m in sorted(marks, key=lambda m: (m.published, m.key, m.claim)):
        spots.setdefault((m.published, round(y_of(m))), []).append(m)
    where: dict[str, tuple[float, float]] = {}
    for group in spots.values():
        gap = min(2 * R + 2, 80 / len(group))  # many claims on one spot overlap rather than leave the chart
        for i, m in enumerate(group):
            where[m.claim] = (x(m.published.toordinal()) + (i - (len(group) - 1) / 2) * gap, y_of(m))

    subject = f"{finding.get('subject') or ''}: {str(finding.get('slot') or '').replace('_', ' ')}"
    out = [f'<svg class="timeline-chart" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape("Timeline of " + subject)}" '
           f'data-kind="{escape(kind)}" data-marks="{len(marks)}" font-family="system-ui, sans-serif" font-size="11">',
           f"<title>{escape('Timeline of ' + subject + ': each claim at its article’s date')}</title>"]
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - RIGHT - LEFT}" height="{plot_bottom - TOP}" fill="#fafbfc" stroke="#dfe3ea"/>')
    # x axis: publication dates
    for t, text in _month_ticks(int(x_lo) + 1, int(x_hi)):
        out.append(f'<line x1="{_f(x(t))}" y1="{TOP}" x2="{_f(x(t))}" y2="{plot_bottom}" stroke="#eceff3"/>')
        out.append(f'<text x="{_f(x(t))}" y="{plot_bottom + 14}" text-anchor="middle" fill="#5b6475">{escape(text)}</text>')
    out.append(f'<text x="{WIDTH - RIGHT}" y="{height - 4}" text-anchor="end" fill="#5b6475" font-style="italic">article published →</text>')
    # y axis: the value
    if kind == "lanes":
        for i, (k, label) in enumerate(lanes):
            cy = TOP + LANE * i + LANE / 2
            if i:
                out.append(f'<line x1="{LEFT}" y1="{_f(cy - LANE / 2)}" x2="{WIDTH - RIGHT}" y2="{_f(cy - LANE / 2)}" stroke="#eceff3"/>')
            out.append(f'<text x="{LEFT - 8}" y="{_f(cy + 4)}" text-anchor="end" fill="#1d2433" font-weight="600">'
                       f'<title>{escape(label)}</title>{escape(_short(label))}</text>')
    else:
        ticks = _month_ticks(int(y_lo) + 1, int(y_hi), 5) if kind == "date" else _number_ticks(y_lo, y_hi)
        for t, text in ticks:
            out.append(f'<line x1="{LEFT}" y1="{_f(y(t))}" x2="{WIDTH - RIGHT}" y2="{_f(y(t))}" stroke="#eceff3"/>')
            out.append(f'<text x="{LEFT - 8}" y="{_f(y(t) + 4)}" text-anchor="end" fill="#5b6475">{escape(text)}</text>')
        unit = "" if kind == "date" else kind.partition(":")[2]
        axis = "date it gives" if kind == "date" else ("value" + (f" ({unit})" if unit else ""))
        out.append(f'<text x="12" y="{_f((TOP + plot_bottom) / 2)}" fill="#5b6475" font-style="italic" '
                   f'transform="rotate(-90 12 {_f((TOP + plot_bottom) / 2)})" text-anchor="middle">{escape(axis)}</text>')
    # overtaken: a dashed line from the old value to the claim that replaced it
    for m in marks:
        if m.overtaken_by and m.overtaken_by in where:
            (x1, y1), (x2, y2) = where[m.claim], where[m.overtaken_by]
            out.append(f'<line class="overtake" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
                       f'stroke="#5b6475" stroke-width="1.2" stroke-dasharray="4 3" marker-end="url(#tl-arrow-{escape(finding.get("id") or "")})"/>')
    out.append(f'<defs><marker id="tl-arrow-{escape(finding.get("id") or "")}" viewBox="0 0 8 8" refX="{8 + R}" refY="4" '
               'markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0L8,4L0,8z" fill="#5b6475"/></marker></defs>')
    for m in sorted(marks, key=lambda m: (m.overtaken_by is None, m.published, m.claim)):
        out.append(_mark_svg(m, where[m.claim], kind, y if kind != "lanes" else None))
    out.append("</svg>")
    return Markup("".join(out))


def _lanes(marks: list[Mark]) -> list[tuple[str, str]]:
    """One lane per value, in the order the values first appeared (undated-only values last)."""
    first: dict[str, tuple] = {}
    for m in marks:
        k = (m.published, m.side if m.side is not None else 99, m.label)
        if m.key not in first or k < first[m.key][0]:
            first[m.key] = (k, m.label)
    return [(key, label) for key, (_, label) in sorted(first.items(), key=lambda kv: kv[1][0])]


def _mark_svg(m: Mark, at: tuple[float, float], kind: str, y) -> str:
    cx, cy = at
    colour = _colour(m)
    hedge = "hedged" if m.hedged else "firm"
    state = " overtaken" if m.overtaken_by else ""
    tip = f"{m.article} · {m.published.isoformat()} · {m.label}" + (" · hedged" if m.hedged else "") + (
        " · overtaken by a newer claim" if m.overtaken_by else "")
    parts = [f'<g class="mark {hedge}{state}" data-claim="{escape(m.claim)}" data-article="{escape(m.article)}"'
             + (' opacity="0.45"' if m.overtaken_by else "") + f"><title>{escape(tip)}</title>"]
    if y is not None and m.span and abs(y(m.span[0]) - y(m.span[1])) > 2 * R:
        top, bottom = sorted((y(m.span[1]), y(m.span[0])))
        parts.append(f'<rect x="{_f(cx - 3)}" y="{_f(top)}" width="6" height="{_f(bottom - top)}" rx="3" '
                     f'fill="{colour}" fill-opacity="0.18" stroke="{colour}" stroke-opacity="0.5"'
                     + (' stroke-dasharray="3 2"' if m.hedged else "") + "/>")
    if m.hedged:
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{R}" fill="#fff" stroke="{colour}" stroke-width="2" stroke-dasharray="3 2"/>')
        parts.append(f'<text x="{_f(cx)}" y="{_f(cy + 3.5)}" text-anchor="middle" font-size="9" font-weight="700" fill="{colour}">{escape(_letter(m))}</text>')
    else:
        parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{R}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>')
        parts.append(f'<text x="{_f(cx)}" y="{_f(cy + 3.5)}" text-anchor="middle" font-size="9" font-weight="700" fill="#fff">{escape(_letter(m))}</text>')
    if m.overtaken_by:
        parts.append(f'<line x1="{_f(cx - R - 2)}" y1="{_f(cy + R + 2)}" x2="{_f(cx + R + 2)}" y2="{_f(cy - R - 2)}" stroke="#b42318" stroke-width="2"/>')
    parts.append("</g>")
    return "".join(parts)


def timelines(findings: list[dict], claims: list[dict], articles: list[dict]) -> dict[str, Timeline]:
    """A timeline for every contradiction, from the scan's claim and article rows."""
    published = {str(a.get("article")): a.get("published") for a in articles}
    by_block: dict[tuple, list[dict]] = {}
    for c in claims:
        by_block.setdefault(block_key(c), []).append(c)
    key_of = {c.get("id"): block_key(c) for c in claims}
    return {f["id"]: timeline(f, block_of(f, by_block, key_of), published)
            for f in findings if f.get("kind") == "contradiction" and f.get("id")}
