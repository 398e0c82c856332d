"""The editor's report: report.html (self-contained, escaped, filterable) and report.md.

A small invented scan result is built by hand, so no spaCy model is needed.
The browser tests run the real page in headless Chromium (`--dump-dom` after
the scripts ran, and a screenshot; like every file a test writes, it stays in the test's tmp folder).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from factcheck.pipeline import ScanResult
from factcheck.reports import highlight, md_escape, write_all

REPO = Path(__file__).resolve().parents[1]
SCRIPT = '<script>alert("x")</script>'
PROBE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"

# --------------------------------------------------------------- the fake scan

TEXTS = {
    "alpha.txt": (
        "The Copper Lantern opens in cinemas on 14 March 2025, the studio said. "
        "Director Mara Quill calls the 118 minutes of the film her most personal work. "
        "A sequel is in development."
    ),
    "beta.txt": (
        f"A leaked memo read {SCRIPT} and says the film now opens on 21 March 2025. "
        f"A sequel has been greenlit {PROBE}, the studio confirmed. "
        "Directed by Mara Quil and Ivo Brandt."
    ),
    "c notes.txt": "Sources say the cut runs close to two hours. Mara Quill directed it alone.",
}

ARTICLES = [
    {"article": "alpha.txt", "title": "The Copper Lantern: release date, cast and runtime", "url": "https://example.org/lantern",
     "published": "2024-11-02", "published_source": "metadata"},
    {"article": "beta.txt", "title": "Quill's <i>Lantern</i> slips a week", "url": "https://example.org/beta?a=1&b=2",
     "published": "2025-01-10", "published_source": "text"},
    {"article": "c notes.txt", "title": "Notes from the set", "url": "javascript:alert(2)",
     "published": None, "published_source": None},
]
META = {a["article"]: a for a in ARTICLES}


def claim(cid, article, value, sentence, slot, hedge="asserted", nth=0):
    """A claim row whose offsets really point at `value` inside `sentence` inside the article text."""
    text = TEXTS[article]
    s = text.index(sentence)
    i = -1
    for _ in range(nth + 1):
        i = sentence.index(value, i + 1)
    start = s + i
    assert text[start:start + len(value)] == value
    a = META[article]
    return {"id": cid, "article": article, "subject": "The Copper Lantern", "slot": slot, "value": value,
            "normalized": {"type": "text", "label": value}, "hedge": hedge, "source": None, "sentence": sentence,
            "start": start, "end": start + len(value), "published": a["published"], "title": a["title"], "url": a["url"]}


C_A1 = claim("c-a1", "alpha.txt", "14 March 2025", "The Copper Lantern opens in cinemas on 14 March 2025, the studio said.", "release_date")
C_B1 = claim("c-b1", "beta.txt", "21 March 2025", f"A leaked memo read {SCRIPT} and says the film now opens on 21 March 2025.", "release_date")
C_A2 = claim("c-a2", "alpha.txt", "118 minutes", "Director Mara Quill calls the 118 minutes of the film her most personal work.", "runtime")
C_C1 = claim("c-c1", "c notes.txt", "two hours", "Sources say the cut runs close to two hours.", "runtime", hedge="rumour")
C_A3 = claim("c-a3", "alpha.txt", "in development", "A sequel is in development.", "sequel_status")
C_B3 = claim("c-b3", "beta.txt", "greenlit", f"A sequel has been greenlit {PROBE}, the studio confirmed.", "sequel_status")
C_B4 = claim("c-b4", "beta.txt", "Mara Quil and Ivo Brandt", "Directed by Mara Quil and Ivo Brandt.", "director")
C_C4 = claim("c-c4", "c notes.txt", "Mara Quill", "Mara Quill directed it alone.", "director")

FINDINGS = [
    {"id": "co-release", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "release_date", "severity": "high",
     "explanation": "Release date of The Copper Lantern: “14 March 2025” vs “21 March 2025” (across 2 articles)",
     "resolution": "the newest source (2025-01-10) says “21 March 2025”", "relation": None,
     "sides": [{"value": "14 March 2025", "articles": ["alpha.txt"], "claims": ["c-a1"]},
               {"value": "21 March 2025", "articles": ["beta.txt"], "claims": ["c-b1"]}],
     "claims": [C_A1, C_B1]},
    {"id": "co-sequel", "kind": "contradiction", "subject": "The Copper Lantern sequel", "slot": "sequel_status", "severity": "medium",
     "explanation": "Sequel status: “in development” vs “greenlit”; the older status was superseded by a newer one",
     "resolution": "the newest source (2025-01-10) says “greenlit”", "relation": "superseded",
     "sides": [{"value": "greenlit", "articles": ["beta.txt"], "claims": ["c-b3"]},
               {"value": "in development", "articles": ["alpha.txt"], "claims": ["c-a3"]}],
     "claims": [C_A3, C_B3]},
    {"id": "co-runtime", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "runtime", "severity": "low",
     "explanation": "Runtime of The Copper Lantern: “118 minutes” vs “two hours” (across 2 articles)",
     "resolution": None, "relation": None,
     "sides": [{"value": "118 minutes", "articles": ["alpha.txt"], "claims": ["c-a2"]},
               {"value": "two hours", "articles": ["c notes.txt"], "claims": ["c-c1"]}],
     "claims": [C_A2, C_C1]},
    {"id": "co-director", "kind": "contradiction", "subject": "The Copper Lantern", "slot": "director", "severity": "medium",
     "explanation": "Director of The Copper Lantern: “Mara Quil and Ivo Brandt” vs “Mara Quill”",
     "resolution": None, "relation": None, "status": "dismissed",
     "reason": "Ivo Brandt co-directed the second unit; both are right",
     "sides": [{"value": "Mara Quil and Ivo Brandt", "articles": ["beta.txt"], "claims": ["c-b4"]},
               {"value": "Mara Quill", "articles": ["c notes.txt"], "claims": ["c-c4"]}],
     "claims": [C_B4, C_C4]},
    {"id": "sp-quill", "kind": "spelling_variant", "subject": "Mara Quill", "slot": "name", "severity": "info",
     "explanation": "Mara Quill is written 2 ways: “Mara Quill” ×2, “Mara Quil” ×1", "resolution": "use “Mara Quill”",
     "relation": None, "sides": [], "entity": "e-quill", "spellings": {"Mara Quill": 2, "Mara Quil": 1},
     "articles": ["alpha.txt", "beta.txt", "c notes.txt"],
     "claims": [{"article": "alpha.txt", "value": "Mara Quill", "start": TEXTS["alpha.txt"].index("Mara Quill"),
                 "end": TEXTS["alpha.txt"].index("Mara Quill") + 10},
                {"article": "beta.txt", "value": "Mara Quil", "start": C_B4["start"], "end": C_B4["start"] + 9}]},
]

ENTITIES = [
    {"id": "e-quill", "canonical": "Mara Quill", "label": "PERSON", "spellings": {"Mara Quill": 2, "Mara Quil": 1},
     "mentions": [{"article": "alpha.txt", "surface": "Mara Quill", "start": 0, "end": 10},
                  {"article": "beta.txt", "surface": "Mara Quil", "start": 0, "end": 9},
                  {"article": "c notes.txt", "surface": "Mara Quill", "start": 0, "end": 10}], "merges": []},
]

WARNINGS = ["sources.jsonl line 4: skipped, not a metadata object", "broken.bin: skipped, <not text>"]
CLAIMS = [C_A1, C_B1, C_A2, C_C1, C_A3, C_B3, C_B4, C_C4]


def fake_result(root: Path) -> ScanResult:
    return ScanResult(
        root=root,
        articles=pd.DataFrame([a | {"sha": "0" * 8, "chars": len(TEXTS[a["article"]])} for a in ARTICLES]),
        claims=pd.DataFrame(CLAIMS),
        entities=pd.DataFrame(ENTITIES),
        findings=pd.DataFrame(FINDINGS),
        warnings=list(WARNINGS),
        skipped=["broken.bin"],
        texts=dict(TEXTS),
    )


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_all(fake_result(Path("/corpora/copper-lantern")), out)
    return out


@pytest.fixture(scope="module")
def html(out) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ a tiny HTML tree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None, **attrs) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str, cls: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: (v if v is not None else "") for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def findings_by_id(doc: Node) -> dict[str, Node]:
    return {n.attrs["data-id"]: n for n in doc.find_all("section", "finding")}


# ------------------------------------------------------------ pure Python tests

def test_html_loads_nothing_from_the_network(html):
    doc = parse(html)
    for node in doc.iter():
        assert node.tag not in ("link", "img", "iframe", "object", "embed", "video", "audio", "source"), node.tag
        assert "src" not in node.attrs, f"<{node.tag} src=...>"
        if node.tag == "script":
            assert node.attrs == {}
        for name, value in node.attrs.items():
            if re.match(r"\s*(https?:)?//", value):
                assert node.tag == "a" and name == "href", f"<{node.tag} {name}={value}>"
                assert node.attrs.get("rel") == "noopener noreferrer"
    assert len(doc.find_all("script")) == 1 and len(doc.find_all("style")) == 1
    for style in doc.find_all("style"):
        assert "url(" not in style.text() and "@import" not in style.text()
    assert not re.search(r"<script[^>]*\ssrc=|<link\b|url\(\s*['\"]?https?:", html, re.IGNORECASE)


def test_every_piece_of_article_text_is_escaped(html):
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert "Quill&#39;s &lt;i&gt;Lantern&lt;/i&gt; slips a week" in html  # a title
    assert "<i>Lantern" not in html
    assert "javascript:" not in html.replace("javascript:alert(2)", "")  # only as text, never as a link
    doc = parse(html)
    assert not [a for a in doc.find_all("a") if a.attrs.get("href", "").startswith("javascript:")]
    assert "https://example.org/beta?a=1&amp;b=2" in html


def test_findings_are_grouped_ranked_and_tagged(html):
    doc = parse(html)
    open_ids = [n.attrs["data-id"] for n in doc.find("section", id="contradictions").find_all("section", "finding")]
    # grouped by subject in the order of the first (highest-ranked) finding of each subject
    assert open_ids == ["co-release", "co-runtime", "co-sequel"]
    groups = [g.attrs["data-subject"] for g in doc.find_all("section", "subject")]
    assert groups == ["The Copper Lantern", "The Copper Lantern sequel"]
    f = findings_by_id(doc)
    assert f["co-release"].attrs["data-slot"] == "release_date"
    assert f["co-release"].attrs["data-severity"] == "high"
    assert f["co-release"].attrs["data-articles"] == "alpha.txt beta.txt"
    assert f["co-runtime"].attrs["data-articles"] == "alpha.txt c%20notes.txt"
    release = f["co-release"]
    sides = release.find_all("div", "side")
    assert [s.find("span", "side-value").text() for s in sides] == ["14 March 2025", "21 March 2025"]
    assert [[m.text() for m in s.find_all("mark")] for s in sides] == [["14 March 2025"], ["21 March 2025"]]
    assert "the newest source (2025-01-10) says" in release.find("p", "resolution").text()
    caption = sides[1].find("figcaption")
    link = caption.find("a", "title")
    assert link.text() == "Quill's <i>Lantern</i> slips a week"
    assert link.attrs["href"] == "https://example.org/beta?a=1&b=2" and link.attrs["rel"] == "noopener noreferrer"
    assert "beta.txt" in caption.text() and "2025-01-10" in caption.text()
    sequel = f["co-sequel"]
    assert "superseded" in sequel.find("div", "f-head").text()
    runtime = f["co-runtime"]
    assert "rumour" in runtime.text()
    assert "asserted" not in runtime.text()
    notes = runtime.find_all("figure", "cite")[1]
    assert "no date" in notes.text() and "Notes from the set" in notes.text() and not notes.find_all("a")


def test_summary_dismissed_variants_warnings_and_articles(html):
    doc = parse(html)
    counts = {n.attrs["id"]: n.text() for n in doc.find("ul", id="summary").find_all("span", "num")}
    assert counts == {"n-articles": "3", "n-claims": "8", "n-contradictions": "3", "n-high": "1",
                      "n-variants": "1", "n-dismissed": "1"}
    dismissed = doc.find("details", id="dismissed")
    assert "open" not in dismissed.attrs
    d = dismissed.find("section", "finding")
    assert d.attrs["data-id"] == "co-director" and d.attrs["data-status"] == "dismissed"
    assert "Ivo Brandt co-directed the second unit; both are right" in d.text()
    assert "co-director" not in [n.attrs["data-id"] for n in doc.find("section", id="contradictions").find_all("section", "finding")]
    row = doc.find("tr", "variant")
    assert row.find("td", "suggested").text() == "Mara Quill"
    assert "Mara Quil ×1" in " ".join(row.text().split()) and "in beta.txt" in row.text()
    assert [li.text() for li in doc.find("section", id="warnings").find_all("li")] == WARNINGS
    rows = doc.find("section", id="articles").find_all("tr", None)[1:]
    assert [r.attrs["data-article"] for r in rows] == ["alpha.txt", "beta.txt", "c notes.txt"]
    assert "unknown" in rows[2].text() and not rows[2].find_all("td")[0].find_all("a")
    options = [o.attrs["value"] for o in doc.find("select", id="f-severity").find_all("option")]
    assert options == ["", "high", "medium", "low"]
    assert [o.attrs["value"] for o in doc.find("select", id="f-article").find_all("option")] == ["", "alpha.txt", "beta.txt", "c notes.txt"]


def test_output_is_deterministic(tmp_path, html):
    write_all(fake_result(Path("/corpora/copper-lantern")), tmp_path)
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == html


def test_highlight_marks_the_cited_occurrence():
    text = "Ann (Bo) and Cy (Bo) met."
    c = {"article": "x", "value": "Bo", "sentence": text, "start": 17, "end": 19}
    assert str(highlight(c, {"x": text})) == "Ann (Bo) and Cy (<mark>Bo</mark>) met."
    assert str(highlight(c, {})) == "Ann (<mark>Bo</mark>) and Cy (Bo) met."  # no text: first occurrence
    c = {"article": "x", "value": "<b>", "sentence": "a <b> c", "start": 2, "end": 5}
    assert str(highlight(c, {"x": "a <b> c"})) == "a <mark>&lt;b&gt;</mark> c"


def test_markdown_report_escapes_and_folds_dismissed(out):
    md = (out / "report.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(script|img|i>)", md)  # every < from an article is backslash-escaped
    assert "\\<script\\>alert" in md and "\\<img src=x" in md
    assert "<details><summary>1 dismissed finding" in md and "</details>" in md
    before, after = md.split("<details>", 1)
    assert "co-director" not in before and "co-director" in after
    assert "both are right" in after
    assert "`c notes.txt`" in md
    assert "**3 contradictions** (1 high severity), 1 names written several ways, 1 dismissed" in md
    assert md.endswith("\n")
    assert md_escape("a*b_[c](d) <e> `f` | #g & ~h") == "a\\*b\\_\\[c\\](d) \\<e\\> \\`f\\` \\| \\#g \\& \\~h"


def test_csv_keeps_every_finding_with_its_status(out):
    lines = (out / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,kind,status,severity")
    assert len(lines) == 1 + len(FINDINGS)
    assert any(line.startswith("co-director,contradiction,dismissed,") for line in lines)


# ----------------------------------------------------------------- the browser

CHROMIUM_MISSING = "headless Chromium not installed (apt-get install chromium)"


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail(CHROMIUM_MISSING)
    pytest.skip(CHROMIUM_MISSING)


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60)
    assert proc.returncode == 0, f"{cmd}\n{proc.stderr[-2000:]}"
    return proc


def dump_dom(binary: str, tmp_path: Path, url: str) -> str:
    dom = run_chromium(binary, tmp_path / "profile", "--dump-dom", url).stdout
    assert "</html>" in dom, dom[-500:]
    return dom


def test_browser_runs_the_page_without_running_article_text(chromium, out, tmp_path):
    dom = dump_dom(chromium, tmp_path, (out / "report.html").as_uri())
    doc = parse(dom)
    assert doc.find("span", id="n-contradictions").text() == "3"
    assert doc.find("span", id="n-high").text() == "1"
    findings = findings_by_id(doc)
    assert not [i for i, n in findings.items() if "hidden" in n.attrs and n.attrs.get("data-status") != "dismissed"]
    quotes = findings["co-release"].find_all("blockquote", "quote")
    assert len(quotes) == 2
    assert [q.find("mark").text() for q in quotes] == ["14 March 2025", "21 March 2025"]
    # the article's script is text on the page, not a script that ran
    assert SCRIPT in quotes[1].text()
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in dom
    assert len(doc.find_all("script")) == 1
    assert "data-pwned" not in dom.replace("data-pwned','1')", "")
    assert not doc.find_all("img")
    body = doc.find("body")
    assert "data-pwned" not in body.attrs
    assert doc.find("span", id="n-shown").text() == "3 contradictions"


def test_browser_filters_from_the_url_fragment(chromium, out, tmp_path):
    page = (out / "report.html").as_uri()
    doc = parse(dump_dom(chromium, tmp_path, page + "#severity=high"))
    findings = findings_by_id(doc)
    assert "hidden" not in findings["co-release"].attrs
    for fid in ("co-runtime", "co-sequel", "co-director"):
        assert "hidden" in findings[fid].attrs, fid
    groups = {g.attrs["data-subject"]: g for g in doc.find_all("section", "subject")}
    assert "hidden" in groups["The Copper Lantern sequel"].attrs
    assert "hidden" not in groups["The Copper Lantern"].attrs
    assert doc.find("span", id="n-shown").text() == "1 of 3 contradictions shown"

    doc = parse(dump_dom(chromium, tmp_path, page + "#slot=runtime&article=c%20notes.txt"))
    visible = [i for i, n in findings_by_id(doc).items() if "hidden" not in n.attrs]
    assert visible == ["co-runtime"]
    cites = findings_by_id(doc)["co-runtime"].find_all("figure", "cite")
    assert ["focus" in c.classes for c in cites] == [False, True]
    assert "hidden" not in doc.find("tr", "variant").attrs  # Mara Quill is spelled in c notes.txt too

    doc = parse(dump_dom(chromium, tmp_path, page + "#severity=critical"))
    assert all("hidden" in n.attrs for n in findings_by_id(doc).values())
    assert "hidden" not in doc.find("p", id="no-match").attrs


def test_browser_screenshot(chromium, out, tmp_path):
    shot = tmp_path / "report.png"
    run_chromium(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600",
                 (out / "report.html").as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_browser_article_filter_keeps_a_plus_in_a_file_name(chromium, tmp_path):
    import json

    def renamed(value):
        return json.loads(json.dumps(value).replace("c notes.txt", "c+notes.txt"))

    result = fake_result(Path("/corpora/copper-lantern"))
    result.articles = pd.DataFrame(renamed(result.articles.to_dict(orient="records")))
    result.claims, result.findings = pd.DataFrame(renamed(CLAIMS)), pd.DataFrame(renamed(FINDINGS))
    result.entities, result.texts = pd.DataFrame(renamed(ENTITIES)), renamed(TEXTS)
    write_all(result, tmp_path / "out")
    doc = parse(dump_dom(chromium, tmp_path, (tmp_path / "out" / "report.html").as_uri() + "#article=c%2Bnotes.txt"))
    visible = sorted(i for i, n in findings_by_id(doc).items() if "hidden" not in n.attrs)
    assert visible == ["co-director", "co-runtime"], visible
