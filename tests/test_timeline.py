"""The timeline of a fact: one mark per claim at its article's date, drawn at build time.

Claims are made by hand here (no model); the last test reads the demo corpus's report.
"""
from __future__ import annotations

import random
import re
from html.parser import HTMLParser

from factcheck.reports import write_all
from factcheck.reports.timeline import block_key, block_of, timeline, timelines


def date_value(year, month=None, day=None, granularity="day", approximate=False):
    return {"type": "date", "label": f"{year}-{month}-{day}", "year": year, "month_lo": month, "month_hi": month,
            "day_lo": day, "day_hi": day, "granularity": granularity, "approximate": approximate, "resolved_from": "text"}


def claim(cid, article, value, normalized, published, hedge="asserted", subject="The Copper Lantern", slot="release_date"):
    return {"id": cid, "article": article, "subject": subject, "slot": slot, "value": value, "normalized": normalized,
            "hedge": hedge, "polarity": "positive", "published": published, "metric": None, "window": None}


MOVED = [
    claim("c-1", "a.txt", "14 March 2025", date_value(2025, 3, 14), "2024-11-02"),
    claim("c-2", "b.txt", "21 March 2025", date_value(2025, 3, 21), "2025-01-10"),
    claim("c-3", "c.txt", "21 March", date_value(2025, 3, 21), "2025-01-20", hedge="rumour"),
    claim("c-4", "notes.txt", "March 2025", date_value(2025, 3, granularity="month"), None),
]
MOVED_FINDING = {"id": "co-release", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "release_date",
                 "sides": [{"value": "Mar 14 2025", "claims": ["c-1"]}, {"value": "Mar 21 2025", "claims": ["c-2", "c-3"]}],
                 "claims": MOVED[:3]}


def marks(svg: str) -> list[str]:
    return re.findall(r'<g class="mark ([^"]*)" data-claim="([^"]*)"', svg)


def test_timeline_date_that_moved_has_one_mark_per_dated_claim_and_lists_the_undated():
    t = timeline(MOVED_FINDING, MOVED, {})
    assert t.kind == "date" and t.marks == 3
    drawn = marks(str(t.svg))
    assert sorted(c for _, c in drawn) == ["c-1", "c-2", "c-3"]
    assert [u["article"] for u in t.undated] == ["notes.txt"]  # listed, not guessed
    assert "notes.txt" not in str(t.svg)
    classes = dict((c, k) for k, c in drawn)
    assert classes["c-1"] == "firm overtaken"  # 14 March, replaced by a newer firm 21 March
    assert classes["c-2"] == "firm" and classes["c-3"] == "hedged"
    assert t.overtaken == 1 and t.hedged == 1
    assert str(t.svg).count('class="overtake"') == 1  # the dashed line from the old value to the new


def test_timeline_sides_keep_their_colours_and_letters_hedged_marks_are_hollow():
    svg = str(timeline(MOVED_FINDING, MOVED, {}).svg)
    one = re.search(r'data-claim="c-1".*?</g>', svg).group()
    two = re.search(r'data-claim="c-2".*?</g>', svg).group()
    rumour = re.search(r'data-claim="c-3".*?</g>', svg).group()
    assert 'fill="#2e6fd1"' in one and ">A</text>" in one
    assert 'fill="#0f766e"' in two and ">B</text>" in two
    assert 'fill="#fff" stroke="#0f766e"' in rumour and "stroke-dasharray" in rumour


def test_timeline_is_deterministic_and_ignores_input_order():
    first = str(timeline(MOVED_FINDING, MOVED, {}).svg)
    shuffled = MOVED[:]
    random.Random(7).shuffle(shuffled)
    assert str(timeline(MOVED_FINDING, shuffled, {}).svg) == first
    assert str(timeline(MOVED_FINDING, list(MOVED), {}).svg) == first


def test_timeline_statuses_in_lanes_superseded_overtaken_names_not():
    claims = [claim("c-p", "old.txt", "pending", {"type": "text", "label": "unconfirmed"}, "2023-11-09", slot="renewal_status"),
              claim("c-r", "new.txt", "renewed", {"type": "text", "label": "renewed"}, "2024-01-18", slot="renewal_status"),
              claim("c-r2", "new.txt", "renews", {"type": "text", "label": "renewed"}, "2024-01-18", slot="renewal_status")]
    finding = {"id": "co-renew", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "renewal_status",
               "relation": "superseded", "sides": [{"value": "unconfirmed", "claims": ["c-p"]},
                                                   {"value": "renewed", "claims": ["c-r", "c-r2"]}], "claims": claims}
    t = timeline(finding, claims, {})
    assert t.kind == "lanes" and t.marks == 3 and t.overtaken == 1
    svg = str(t.svg)
    assert svg.index(">unconfirmed</text>") < svg.index(">renewed</text>")  # lanes in the order values appeared
    two = re.findall(r'data-claim="c-r2?"[^>]*><title>[^<]*</title><circle cx="([\d.]+)"', svg)
    assert len(set(two)) == 2  # one article saying it twice: two marks side by side, not one on the other
    names = dict(finding, relation=None, slot="director")
    assert timeline(names, claims, {}).overtaken == 0  # a name that differs is a disagreement, not an update


def test_timeline_numbers_on_a_scale_with_their_unit():
    num = lambda v: {"type": "number", "label": str(v), "value": float(v), "unit": "episodes", "bound": "exact", "step": 0.5}  # noqa: E731
    claims = [claim("c-10", "a.txt", "10", num(10), "2023-11-09", slot="episode_count"),
              claim("c-12", "b.txt", "12", num(12), "2024-02-05", slot="episode_count")]
    finding = {"id": "co-ep", "kind": "contradiction", "subject": "S1", "slot": "episode_count",
               "sides": [{"value": "10", "claims": ["c-10"]}, {"value": "12", "claims": ["c-12"]}], "claims": claims}
    t = timeline(finding, claims, {})
    assert t.kind == "number:episodes" and t.marks == 2
    assert "value (episodes)" in str(t.svg) and ">10</text>" in str(t.svg) and ">12</text>" in str(t.svg)


def test_timeline_text_is_escaped_and_nothing_is_loaded():
    evil = '<script>alert("x")</script>'
    claims = [claim("c-x", "x<y>.txt", evil, {"type": "text", "label": evil}, "2024-01-01", slot="director"),
              claim("c-y", "y.txt", "Mara Quill", {"type": "text", "label": "Mara Quill"}, "2024-02-01", slot="director")]
    finding = {"id": "co-dir", "kind": "contradiction", "subject": "The <b>Lantern</b>", "slot": "director",
               "sides": [{"value": evil, "claims": ["c-x"]}, {"value": "Mara Quill", "claims": ["c-y"]}], "claims": claims}
    svg = str(timeline(finding, claims, {}).svg)
    assert "<script" not in svg and "<b>" not in svg and "&lt;script&gt;" in svg and "x&lt;y&gt;.txt" in svg
    assert "http" not in svg and "href" not in svg


def test_timeline_block_is_every_claim_of_the_subject_and_slot():
    other_subject = claim("c-9", "d.txt", "2026", date_value(2026, granularity="year"), "2024-05-01", subject="Another Film")
    uncited = claim("c-5", "e.txt", "2025", date_value(2025, granularity="year"), "2024-12-01")
    negated = dict(claim("c-6", "f.txt", "April 2025", date_value(2025, 4, granularity="month"), "2024-12-02"), polarity="negative")
    rows = MOVED + [other_subject, uncited, negated]
    by_block = {}
    for c in rows:
        by_block.setdefault(block_key(c), []).append(c)
    ids = [c["id"] for c in block_of(MOVED_FINDING, by_block)]
    assert ids == ["c-1", "c-2", "c-3", "c-4", "c-5"]
    cast = {"id": "co-cast", "kind": "contradiction", "slot": "cast_role", "subject": "Eun-chae", "claims": MOVED[:2]}
    assert [c["id"] for c in block_of(cast, by_block)] == ["c-1", "c-2"]
    charts = timelines([MOVED_FINDING, cast, {"id": "sp-x", "kind": "spelling_variant"}], rows, [])
    assert set(charts) == {"co-release", "co-cast"}
    assert charts["co-release"].marks == 4 and len(charts["co-release"].undated) == 1


def test_timeline_in_the_demo_report_one_mark_per_claim(demo_result, tmp_path):
    """The demo's season 2 release date moved from 2025 to 2026: every claim on it is a mark."""
    write_all(demo_result, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    claims = demo_result.claims
    moved = demo_result.findings[(demo_result.findings.slot == "release_date") & (demo_result.findings.kind == "contradiction")]
    assert len(moved) == 1
    f = moved.iloc[0]
    section = re.search(rf'<section class="finding[^"]*" id="f-{f["id"]}".*?</section>', html, re.S).group()
    block = claims[(claims.subject == f["subject"]) & (claims.slot == "release_date")]
    assert len(block) >= 2
    assert sorted(c for _, c in marks(section)) == sorted(block["id"])
    assert 'data-kind="date"' in section and "overtaken" in section


class _Strict(HTMLParser):
    """Every element closed, in order, and every id once: what "valid" can mean without a validator at hand."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.errors = [], [], []

    def handle_starttag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}> at {self.getpos()}")
        else:
            self.stack.pop()


def test_timeline_report_stays_well_formed_self_contained_and_byte_identical(demo_result, tmp_path):
    write_all(demo_result, tmp_path / "a")
    write_all(demo_result, tmp_path / "b")
    html = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert html == (tmp_path / "b" / "report.html").read_text(encoding="utf-8")
    assert html.count('<svg class="timeline-chart"') == int((demo_result.findings.kind == "contradiction").sum())
    parser = _Strict()
    parser.feed(html)
    parser.close()
    assert not parser.errors and parser.stack == []
    assert len(parser.ids) == len(set(parser.ids))
    for m in re.finditer(r"<(?!a\b)[a-z]+[^>]*\s(?:src|href|xlink:href)=\"([^\"]*)\"", html):
        assert not m.group(1).startswith(("http", "//")), m.group()
    assert "url(http" not in html and "@import" not in html


def test_timeline_a_value_said_again_later_is_not_overtaken_and_big_blocks_stay_quick():
    import time

    d = lambda cid, art, day, v, hedge="asserted": claim(cid, art, v, date_value(2025, v, 1, "day"), day, hedge=hedge)  # noqa: E731
    claims = [d("c-a1", "a.txt", "2024-01-01", 3), d("c-b", "b.txt", "2024-02-01", 4), d("c-a2", "c.txt", "2024-03-01", 3),
              d("c-r", "r.txt", "2024-04-01", 5, hedge="rumour")]
    finding = {"id": "co-abA", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "release_date",
               "sides": [{"value": "Mar", "claims": ["c-a1", "c-a2"]}, {"value": "Apr", "claims": ["c-b"]},
                         {"value": "May", "claims": ["c-r"]}], "claims": claims}
    drawn = dict((c, k) for k, c in marks(str(timeline(finding, claims, {}).svg)))
    # March came back after April: April is overtaken, March is not; a later rumour overtakes no firm claim
    assert drawn == {"c-a1": "firm", "c-b": "firm overtaken", "c-a2": "firm", "c-r": "hedged"}
    many = [d(f"c-{i}", f"x{i}.txt", f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", i % 3 + 3) for i in range(3000)]
    start = time.perf_counter()
    t = timeline(dict(finding, sides=[], claims=many[:2]), many, {})
    assert t.marks == 3000 and time.perf_counter() - start < 10
