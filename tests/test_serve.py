"""`factcheck serve`: the live report, its safety rules, and a real browser on it.

Each test serves a copy of the demo corpus (under tmp_path) from uvicorn in a
thread on a free port of 127.0.0.1. The spaCy model is loaded once per test
session (`serve.loaded_model`). The browser tests drive headless Chromium through
Playwright, launched on the system's Chromium (never a downloaded one); they are
skipped with a reason when either is missing, except under CI=true.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from factcheck import serve
from factcheck.corpus import DECISIONS

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
TOKEN = "test-token-" + "x" * 20
CLASHING_DRAFT = ("The Ninth Tide season 1 has 16 episodes, all streaming on Lumen+ since November 3, 2023.\n\n"
                  "The series is produced by Blue Reef Pictures.\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    dest = tmp_path / "demo"
    shutil.copytree(DEMO, dest, ignore=shutil.ignore_patterns(".factcheck", DECISIONS))
    return dest


@contextmanager
def served(corpus: Path, token: str = TOKEN, port: int = 0, scan: bool = True):
    """The app on a free port of 127.0.0.1, ready when the block starts (the first scan done, the socket listening)."""
    import uvicorn

    review = serve.Review(corpus)
    if scan:
        review.scan()
        assert review.result is not None, review.error
    server = uvicorn.Server(uvicorn.Config(serve.create_app(review, token=token), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and server.servers):
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/", review
    finally:
        server.should_exit = True
        thread.join(10)


def request(url: str, data=None, *, token: str | None = TOKEN, headers: dict | None = None, raw: bytes | None = None):
    """(status, JSON or text) of one request; a POST when data or raw is given."""
    body = raw if raw is not None else (json.dumps(data).encode() if data is not None else None)
    h = {"Content-Type": "application/json"} if body is not None else {}
    if token and body is not None:
        h[serve.TOKEN_HEADER] = token
    h.update(headers or {})
    req = urllib.request.Request(url, data=body, headers=h, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, text = r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode("utf-8")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def decision_lines(corpus: Path) -> list[dict]:
    p = corpus / DECISIONS
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()] if p.exists() else []


def finding_id(review, slot: str) -> str:
    f = review.result.findings
    return str(f[(f.slot == slot) & (f.kind == "contradiction")].iloc[0]["id"])


# ------------------------------------------------------------ without a browser

def test_serve_state_changes_need_the_token_and_name_no_path(corpus):
    with served(corpus) as (url, review):
        fid = finding_id(review, "production_company")
        ok = {"id": fid, "action": "dismiss", "reason": "checked"}
        assert request(url + "api/decisions", ok, token=None)[0] == 403
        assert request(url + "api/decisions", ok, token="wrong")[0] == 403
        assert request(url + "api/decisions", ok, headers={"Origin": "http://evil.example"})[0] == 403
        assert request(url + "api/decisions", raw=b"id=x", headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
        assert request(url + "api/decisions")[0] == 405  # a GET changes nothing
        assert request(url, headers={"Host": "evil.example"})[0] == 400  # DNS rebinding: only this machine's names
        for bad in ("../../etc/passwd", "/etc/passwd", fid + "/..", "co-0000000000"):
            status, out = request(url + "api/decisions", {"id": bad, "action": "dismiss", "reason": "x"})
            assert status in (400, 404) and not out["ok"] and out["error"], bad
        assert request(url + "api/decisions", {"id": fid, "action": "dismiss", "reason": "  "})[0] == 400
        assert request(url + "api/decisions", {"id": fid, "action": "delete", "reason": "x"})[0] == 400
        assert not (corpus / DECISIONS).exists()
        status, out = request(url + "api/check", {"text": CLASHING_DRAFT, "name": "../../../../tmp/x.md"})
        assert status == 200 and out["count"] >= 1
        assert not review.changed() and not list(corpus.parent.rglob("x.md"))  # the name is only an extension
        status, page = request(url)
        assert status == 200 and TOKEN in page
        assert "on this computer only (127.0.0.1)" in page


def test_serve_binds_loopback_unless_told_and_says_so(corpus, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from factcheck.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(serve.Review, "rescan", lambda self: True)  # no scan needed to see where it listens
    said = []
    serve.run(corpus, say=said.append)
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8765
    assert "http://127.0.0.1:8765/" in said[-1] and "on this computer only" in said[-1]
    serve.run(corpus, host="0.0.0.0", port=9000, say=said.append)
    assert calls[-1]["host"] == "0.0.0.0" and "anyone who can reach this address" in said[-1]
    result = CliRunner().invoke(app, ["serve", str(corpus / "missing")])
    assert result.exit_code == 2 and "no such corpus folder" in result.output
    result = CliRunner().invoke(app, ["serve", str(corpus), "--port", "8123"])
    assert result.exit_code == 0 and calls[-1]["port"] == 8123 and "127.0.0.1" in result.output


def test_serve_shows_the_first_scan_progress_then_the_report(corpus):
    with served(corpus, scan=False) as (url, review):
        status, page = request(url)
        assert status == 200 and "Scanning demo" in page and "<progress" in page
        assert request(url + "api/decisions", {"id": "co-0123456789", "action": "dismiss", "reason": "x"})[0] == 409
        assert review.rescan()
        deadline = time.monotonic() + 120
        while not request(url + "api/state")[1]["ready"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        status, page = request(url)
        assert status == 200 and 'id="contradictions"' in page and "timeline-chart" in page


def test_serve_refuses_a_body_over_the_limit(corpus, monkeypatch):
    monkeypatch.setattr(serve, "MAX_BODY", 1000)
    with served(corpus) as (url, _):
        status, out = request(url + "api/check", {"text": "x" * 2000})
        assert status == 413 and "Too large" in out["error"]


def test_serve_failed_write_leaves_the_decisions_file_whole(corpus, monkeypatch):
    with served(corpus) as (url, review):
        fid = finding_id(review, "production_company")
        before = '{"id": "co-0123456789", "status": "dismissed", "reason": "earlier"}\n'
        (corpus / DECISIONS).write_text(before, encoding="utf-8")

        def full_disk(fd, data):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("factcheck.decisions._write_all", full_disk)
        status, out = request(url + "api/decisions", {"id": fid, "action": "dismiss", "reason": "checked"})
        assert status == 500 and "as it was" in out["error"] and "No space left" in out["error"]
        assert (corpus / DECISIONS).read_text(encoding="utf-8") == before
        monkeypatch.undo()
        status, out = request(url + "api/decisions", {"id": fid, "action": "dismiss", "reason": "checked"})
        assert status == 200 and out["status"] == "dismissed"
        assert [d["id"] for d in decision_lines(corpus)] == ["co-0123456789", fid]
        assert request(url + "api/decisions", {"id": fid, "action": "dismiss", "reason": "again"})[0] == 409


def test_serve_rescans_when_articles_change_on_disk(corpus):
    with served(corpus) as (url, review):
        assert request(url + "api/state")[1]["changed"] is False
        version = review.version
        before = review.result.articles.set_index("article")
        article = corpus / "003_criticscorner-review-roundup.txt"
        article.write_text(article.read_text(encoding="utf-8") + "\nThe first season has 14 episodes.\n", encoding="utf-8")
        assert request(url + "api/state")[1]["changed"] is True
        status, out = request(url + "api/rescan", {})
        assert status == 200 and out["ok"]
        deadline = time.monotonic() + 120
        while True:
            state = request(url + "api/state")[1]
            if not state["scanning"] and state["version"] > version:
                break
            assert time.monotonic() < deadline, state
            time.sleep(0.1)
        assert state["changed"] is False and state["done"] == state["total"] == 6 and not state["error"]
        a = review.result.articles.set_index("article")
        assert a.loc[article.name, "sha"] != before.loc[article.name, "sha"]


# ------------------------------------------------------------------ the browser

BROWSER_MISSING = "headless Chromium or Playwright not installed (apt-get install chromium; pip install playwright)"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture(scope="module")
def browser():
    binary = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                   if shutil.which(n)), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if not binary or sync_playwright is None:
        if os.environ.get("CI") == "true":
            pytest.fail(BROWSER_MISSING)
        pytest.skip(BROWSER_MISSING)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # a refused request is logged by Chromium itself; only the page's own errors count
    pg.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource") and errors.append(m.text))
    yield pg
    context.close()
    assert not errors, errors


def test_browser_dismiss_folds_and_the_decision_outlives_a_restart(corpus, page, tmp_path):
    with served(corpus) as (url, review):
        fid = finding_id(review, "production_company")
        page.goto(url)
        card = page.locator(f"#contradictions #f-{fid}")
        assert card.is_visible()
        assert page.locator("#n-dismissed").inner_text() == "0"
        card.locator('input[name="reason"]').fill("The credits list both studios")
        card.locator("button[type=submit]").click()
        page.wait_for_selector(f"#dismissed #f-{fid}", state="attached")
        assert page.locator(f"#contradictions #f-{fid}").count() == 0  # folded away, no reload
        assert not page.locator(f"#dismissed #f-{fid}").is_visible()  # inside the closed "Dismissed findings"
        assert page.locator("#n-dismissed").inner_text() == "1"
        assert "Dismissed " + fid in page.locator("#flash").inner_text()
        page.screenshot(path=str(tmp_path / "after-dismissal.png"))
        lines = decision_lines(corpus)
        assert [(d["id"], d["status"], d["reason"]) for d in lines] == [(fid, "dismissed", "The credits list both studios")]
        assert lines[0]["time"].endswith("+00:00")

    with served(corpus, token="another-run-token-" + "y" * 16) as (url, review):  # a new run: a new token
        page.goto(url)
        page.locator("#dismissed > summary").click()
        kept = page.locator(f"#dismissed #f-{fid}")
        assert kept.is_visible() and "The credits list both studios" in kept.inner_text()
        assert page.locator(f"#contradictions #f-{fid}").count() == 0
        kept.locator('input[name="reason"]').fill("Moonwake is only the distributor")
        kept.locator("button[type=submit]").click()
        page.wait_for_selector(f"#contradictions #f-{fid}")
        assert page.locator("#n-dismissed").inner_text() == "0"
    assert [(d["id"], d["status"], d["reason"]) for d in decision_lines(corpus)] == [
        (fid, "dismissed", "The credits list both studios"), (fid, "open", "Moonwake is only the distributor")]


def test_browser_a_stale_page_says_why_and_writes_nothing(corpus, page):
    with served(corpus) as (url, review):
        fid = finding_id(review, "episode_count")
        page.goto(url)
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    with served(corpus, token="a-later-run-" + "z" * 20, port=port):  # the server restarted, the page not reloaded
        card = page.locator(f"#f-{fid}")
        card.locator('input[name="reason"]').fill("fine")
        card.locator("button[type=submit]").click()
        msg = card.locator(".decide-msg.error")
        msg.wait_for()
        assert "reload" in msg.inner_text()
    assert decision_lines(corpus) == []


def test_browser_draft_that_clashes_shows_the_clash(corpus, page):
    with served(corpus) as (url, _):
        page.goto(url)
        page.locator("#check > summary").click()
        page.locator("#draft-text").fill(CLASHING_DRAFT)
        page.locator("#check-go").click()
        page.wait_for_selector("#check-results section.finding", timeout=60_000)
        results = page.locator("#check-results")
        assert "Episode count" in results.inner_text() and "16" in results.inner_text()
        draft_quote = results.locator(".cite.draft", has_text="16 episodes")
        assert draft_quote.count() == 1 and draft_quote.is_visible() and "your draft" in draft_quote.inner_text()
        assert results.locator(".cite:not(.draft)").count() >= 1  # the sources beside it
        # a dropped (chosen) file that agrees with the corpus
        page.locator("#draft-file").set_input_files({"name": "calm.md", "mimeType": "text/markdown",
                                                      "buffer": b"Critics liked the island setting.\n"})
        expect(page.locator("#draft-text")).to_have_value(re.compile("island"))  # no wait_for_function: the CSP forbids eval
        page.locator("#check-go").click()
        page.wait_for_selector("#check-results .check-none")
        assert "your draft (calm.md)" in results.inner_text()


def test_browser_timeline_of_a_fact_that_moved_has_one_mark_per_claim(corpus, page, tmp_path):
    with served(corpus) as (url, review):
        fid = finding_id(review, "release_date")
        f = review.result.findings.set_index("id").loc[fid]
        c = review.result.claims
        claims = c[(c.subject == f["subject"]) & (c.slot == "release_date")]
        page.goto(url + f"#finding={fid}")  # a finding linked by its id: shown alone
        card = page.locator(f"#f-{fid}")
        assert card.is_visible()
        assert page.locator("main section.finding:not([hidden])").count() == 1
        chart = card.locator("svg.timeline-chart")
        assert chart.is_visible() and chart.get_attribute("data-kind") == "date"
        assert sorted(m.get_attribute("data-claim") for m in chart.locator("g.mark").all()) == sorted(claims["id"])
        assert chart.locator("g.mark.overtaken").count() >= 1
        card.screenshot(path=str(tmp_path / "timeline.png"))
        page.goto(url + "#slot=episode_count&severity=high")
        expect(page.locator("main section.finding:not([hidden])")).to_have_count(1)
        assert page.locator("main section.finding:not([hidden])").get_attribute("data-slot") == "episode_count"
        assert page.locator("#f-slot").input_value() == "episode_count"
