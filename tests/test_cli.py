import os
import subprocess
import sys
from pathlib import Path

from conftest import DEMO

FACTCHECK = [sys.executable, "-m", "factcheck.cli"]


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
