import os
import subprocess
import sys
from pathlib import Path

from conftest import DEMO

FACTCHECK = [sys.executable, "-m", "factcheck"]


def run(*args, cwd=None):
    return subprocess.run([*FACTCHECK, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def test_cli_scan_clean_corpus_exits_0(tmp_path):
    r = run("scan", DEMO, "--out", tmp_path / "out", "--cache", tmp_path / "c.sqlite")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "findings.jsonl").exists()
    assert "contradictions" in r.stderr


def test_cli_scan_partial_corpus_exits_3_and_names_the_file(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text((DEMO / "001_screenledger-lumen-renews-season-2.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    r = run("scan", corpus, "--out", tmp_path / "out", "--no-cache")
    assert r.returncode == 3, r.stderr
    assert "broken.txt" in r.stderr


def test_cli_usage_errors_exit_2(tmp_path):
    assert run("scan", tmp_path / "missing", "--out", tmp_path / "o").returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("scan", empty, "--out", tmp_path / "o", "--no-cache")
    assert r.returncode == 2 and "no readable articles" in r.stderr
    r = run("scan", DEMO, "--out", tmp_path / "o", "--no-cache", "--model", "no_such_model_xx")
    assert r.returncode == 2 and "no_such_model_xx" in r.stderr


CLASH = """The Ninth Tide: a second look

The series is produced by Blue Reef Pictures and Studio Haneul. The first season has 10 episodes.
"""
QUIET = """Why the fog works

The lighthouse scenes are the best thing in the first season, and the score is unsettling.
"""


def test_cli_check_exit_codes(tmp_path):
    clash, quiet = tmp_path / "clash.txt", tmp_path / "quiet.txt"
    clash.write_text(CLASH, encoding="utf-8")
    quiet.write_text(QUIET, encoding="utf-8")
    r = run("check", clash, "--against", DEMO, "--no-cache")
    assert r.returncode == 1, r.stderr
    assert "Production company" in r.stdout and "DRAFT:clash.txt" in r.stdout
    assert run("check", quiet, "--against", DEMO, "--no-cache").returncode == 0
    r = run("check", tmp_path / "missing.txt", "--against", DEMO)
    assert r.returncode == 2 and "missing.txt" in r.stderr


def test_cli_dismissed_finding_stays_dismissed(tmp_path):
    import json
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    draft = tmp_path / "clash.txt"
    draft.write_text(CLASH, encoding="utf-8")
    r = run("check", draft, "--against", corpus, "--no-cache", "--format", "json")
    found = json.loads(r.stdout)
    company = next(f for f in found if f["slot"] == "production_company")
    assert run("dismiss", company["id"], "--corpus", corpus, "--reason", "checked with the studio").returncode == 0
    r = run("check", draft, "--against", corpus, "--no-cache", "--format", "json")
    assert company["id"] not in {f["id"] for f in json.loads(r.stdout)}
    out = tmp_path / "out"
    run("scan", corpus, "--out", out, "--no-cache")
    rows = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    # ids hash the cited values as written: where the corpus alone has the draft's finding, it is the dismissed one
    by_id = {f["id"]: f for f in rows}
    dismissed = {i for i, f in by_id.items() if f.get("status") == "dismissed"}
    assert dismissed == {company["id"]} & set(by_id)
    assert all(by_id[i]["reason"] == "checked with the studio" for i in dismissed)
    # the corpus-only finding on production company has its own id; dismiss it and rescan twice
    corpus_company = next(f for f in rows if f["slot"] == "production_company")
    run("dismiss", corpus_company["id"], "--corpus", corpus, "--reason", "the credits list both")
    for _ in range(2):
        run("scan", corpus, "--out", out, "--no-cache")
        rows = {json.loads(line)["id"]: json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()}
        assert rows[corpus_company["id"]]["status"] == "dismissed"
        assert rows[corpus_company["id"]]["reason"] == "the credits list both"
    assert len((corpus / "factcheck-decisions.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_cli_check_does_not_count_the_draft_as_a_source(tmp_path):
    import json

    draft = tmp_path / "clash.txt"
    draft.write_text(CLASH, encoding="utf-8")
    found = json.loads(run("check", draft, "--against", DEMO, "--no-cache", "--format", "json").stdout)
    episodes = next(f for f in found if f["slot"] == "episode_count")
    drafted = {c["article"] for c in episodes["claims"]}
    assert "DRAFT:clash.txt" in drafted
    assert "of 3 sources" not in (episodes.get("resolution") or "")  # two sources and the draft
    company = next(f for f in found if f["slot"] == "production_company")
    assert company["resolution"]
