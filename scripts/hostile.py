"""Hostile cases, as a tester would try them: bad files, hostile text and names, kills, concurrent editors.

Every case the reliability issue (#15) lists, and more, each a small function
that builds its own folder, runs factcheck (the command line where the case is
about processes, signals or terminals; the Python API elsewhere) and raises
AssertionError when factcheck does not hold. Prints, per category, the cases
tried and the failures; exits 1 on any failure. `make test` runs it
(tests/test_hostile.py).

    python scripts/hostile.py                       # every case
    python scripts/hostile.py --only decisions      # one category
    python scripts/hostile.py --only decisions --trials 20 --editors 20   # the 20 x 20 dismiss run
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "corpora" / "demo"
OUTPUTS = ("claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html")
ARTICLE = ("The Ninth Tide: a look at season one\n\nThe first season has 10 episodes. The series is produced by "
           "Blue Reef Pictures. Season 2 will be released in March 2026.\n")
OTHER = ("The Ninth Tide, reviewed\n\nThe first season has 12 episodes. The series is produced by Moonwake "
         "Entertainment.\n")
# what no terminal may receive from file names or article text: C0 and C1 controls but newline, and bidi controls
TERMINAL_HOSTILE = {chr(c) for c in [*range(0, 10), *range(11, 32), *range(0x7F, 0xA0), 0x202A, 0x202B, 0x202C,
                                     0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Case:
    category: str
    name: str
    run: Callable[[Path], None]


@dataclass
class Outcome:
    case: Case
    error: str | None = None
    seconds: float = 0.0


CASES: list[Case] = []
OPTIONS = {"trials": 3, "editors": 10}


def case(category: str):
    def register(fn):
        CASES.append(Case(category, fn.__name__, fn))
        return fn
    return register


# ------------------------------------------------------------------ helpers

def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def default_sigint() -> None:
    """In the child: Ctrl-C as a terminal gives it, whatever the parent (a test runner) ignores."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factcheck", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env(), preexec_fn=default_sigint, **kw)


def popen(*args, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "factcheck", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env(), preexec_fn=default_sigint, **kw)


def wait_for(what: Callable[[], bool], proc: subprocess.Popen | None = None, limit: float = 240) -> bool:
    """Until `what` holds (or the process ended, or a generous hang guard ran out): a state, not a sleep."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if what():
            return True
        if proc is not None and proc.poll() is not None:
            return what()
        time.sleep(0.0005)  # the write of a small corpus's reports lasts a few milliseconds
    return False


def handles_sigint(pid: int) -> bool:
    """The process has installed a SIGINT handler: Python has started and runs its own code."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), "0")
    return bool(int(caught, 16) & (1 << (signal.SIGINT - 1)))


def importing(pid: int) -> bool:
    """Python has started up and is loading modules of its own library (the interpreter's start maps none)."""
    try:
        return handles_sigint(pid) and "lib-dynload" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()]
    except OSError:
        return []


def corpus_of(folder: Path, texts: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        target = Path(os.fsdecode(os.fsencode(folder) + b"/" + name)) if isinstance(name, bytes) else folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def scan(corpus: Path, **kw):
    import factcheck

    return factcheck.scan(corpus, use_cache=False, **kw)


def temps_in(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


def one_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr[-2000:]
    assert len(lines) == 1, f"expected one line, got {len(lines)}: {stderr[-1500:]!r}"


def offsets_true(result) -> None:
    for c in result.claims.itertuples():
        assert result.texts[c.article][c.start:c.end] == c.value, (c.article, c.value)


def refused(write: Callable[[], object], name: str, what: str) -> None:
    """`write` must raise OSError naming `name`; `what` says what would have gone wrong otherwise."""
    try:
        write()
    except OSError as exc:
        assert name in str(exc), exc
    else:
        raise AssertionError(what)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- decisions

def concurrent_dismissals(corpus: Path, editors: int) -> int:
    """`editors` dismiss commands at once; the number of decisions the file keeps."""
    procs = [subprocess.Popen([sys.executable, "-m", "factcheck", "dismiss", f"co-{i:04d}", "--corpus", str(corpus),
                               "--reason", f"checked by editor {i}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env()) for i in range(editors)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    from factcheck import decisions

    return len(decisions.load(corpus))


@case("decisions")
def two_editors_dismiss_at_once(tmp: Path) -> None:
    for trial in range(OPTIONS["trials"]):
        corpus = corpus_of(tmp / f"t{trial}", {"a.txt": ARTICLE})
        assert concurrent_dismissals(corpus, 2) == 2


@case("decisions")
def many_editors_dismiss_at_once(tmp: Path) -> None:
    n = OPTIONS["editors"]
    kept = []
    for trial in range(OPTIONS["trials"]):
        corpus = corpus_of(tmp / f"t{trial}", {"a.txt": ARTICLE})
        kept.append(concurrent_dismissals(corpus, n))
        lines = (corpus / "factcheck-decisions.jsonl").read_text(encoding="utf-8").splitlines()
        assert all(json.loads(line)["id"].startswith("co-") for line in lines), "a torn line"
    print(f"    {n} concurrent dismiss commands, {len(kept)} trials: lines kept {kept}")
    assert kept == [n] * len(kept), kept


@case("decisions")
def dismiss_while_another_converts_a_utf16_file(tmp: Path) -> None:
    from factcheck import decisions

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE})
    decisions.path_for(corpus).write_bytes('{"id": "co-old", "reason": "caf\u00e9"}\n'.encode("utf-16"))
    assert concurrent_dismissals(corpus, 6) == 7
    assert decisions.load(corpus)["co-old"]["reason"] == "caf\u00e9"


@case("decisions")
def unreadable_decisions_file_is_never_overwritten(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE})
    junk = bytes(range(256)) * 8
    (corpus / "factcheck-decisions.jsonl").write_bytes(junk)
    r = cli("dismiss", "co-1", "--corpus", corpus, "--reason", "x")
    assert r.returncode == 2 and "factcheck-decisions.jsonl" in r.stderr, r.stderr
    one_line(r.stderr)
    assert (corpus / "factcheck-decisions.jsonl").read_bytes() == junk


@case("decisions")
def decisions_line_nested_deep_is_skipped(tmp: Path) -> None:
    from factcheck import decisions

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE})
    decisions.path_for(corpus).write_text("[" * 100_000 + "\n" + '{"id": "co-1", "reason": "ok"}\n', encoding="utf-8")
    assert set(decisions.load(corpus)) == {"co-1"}
    decisions.dismiss(corpus, "co-2", "ok")
    assert set(decisions.load(corpus)) == {"co-1", "co-2"}


# ----------------------------------------------------------- report folder

@case("outputs")
def out_in_the_corpus_never_overwrites_an_article(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "report.md": OTHER})
    refused(lambda: scan(corpus).write(corpus), "report.md", "the reports were written over an article")
    assert (corpus / "report.md").read_text(encoding="utf-8") == OTHER
    assert not (corpus / "findings.jsonl").exists() and not temps_in(corpus)


@case("outputs")
def out_is_the_corpus_on_the_command_line(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "findings.csv": "x", "report.html": OTHER})
    r = cli("scan", corpus, "--out", corpus, "--no-cache")
    assert r.returncode == 2 and "report.html" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert (corpus / "report.html").read_text(encoding="utf-8") == OTHER


@case("outputs")
def one_read_only_report_means_none_is_replaced(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER})
    out = tmp / "out"
    first = scan(corpus)
    first.write(out)
    before = snapshot(out)
    (corpus / "c.txt").write_text("The first season has 14 episodes.\n", encoding="utf-8")
    (out / "report.html").chmod(0o444)
    refused(lambda: scan(corpus).write(out), "report.html", "a read-only report was replaced")
    assert snapshot(out) == before, "a mix of old and new reports"
    assert not temps_in(out)


@case("outputs")
def a_report_that_is_a_folder_means_none_is_replaced(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER})
    out = tmp / "out"
    (out / "report.md").mkdir(parents=True)
    refused(lambda: scan(corpus).write(out), "report.md", "no error for a folder in a report's place")
    assert sorted(os.listdir(out)) == ["report.md"]


@case("outputs")
def a_failed_rename_puts_the_old_reports_back(tmp: Path) -> None:
    from factcheck import reports

    out = tmp / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_text("old " + name, encoding="utf-8")
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 4 and str(src).endswith(".tmp") and "-old" not in str(src):
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    os.replace = flaky
    try:
        reports.atomic_write_all({out / name: "new " + name for name in OUTPUTS})
    except OSError:
        pass
    finally:
        os.replace = real
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {n: "old " + n for n in OUTPUTS}


@case("outputs")
def reports_inside_the_corpus_are_not_read_back(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER})
    scan(corpus).write(corpus / "checks")
    again = scan(corpus)
    assert set(again.articles["article"]) == {"a.txt", "b.txt"}, list(again.articles["article"])


# ------------------------------------------------------------ pathological text

def divider_article(width: int = 20_000, char: str = "=") -> str:
    body = (ARTICLE + "\n") * 4
    return body + char * width + "\n" + body + "Season 2 has eight episodes and premieres on May 2, 2026.\n"


def scanned_in(corpus: Path, limit: float = 240.0):
    """A scan in a child process (a hang guard, not a speed test: speed is `make bench`'s); its seconds."""
    t0 = time.monotonic()
    r = cli("scan", corpus, "--out", corpus.parent / "out", "--no-cache", timeout=limit)
    assert r.returncode == 0, r.stderr
    return time.monotonic() - t0


@case("pathological text")
def a_20000_character_divider_is_masked(tmp: Path) -> None:
    from factcheck.textguard import LONGEST_RUN, masked

    text = divider_article()
    assert 21_000 < len(text.encode()) < 24_000
    shown = masked(text)
    assert len(shown) == len(text) and "=" * (LONGEST_RUN + 1) not in shown
    seconds = scanned_in(corpus_of(tmp / "c", {"divider.txt": text}))
    print(f"    22 KB article with a 20,000-character divider: scanned in {seconds:.1f} s (command line, model load included)")
    result = scan(tmp / "c")
    offsets_true(result)
    assert (result.claims["slot"] == "episode_count").any()


@case("pathological text")
def runs_of_any_symbol_mixed_punctuation_and_long_tokens(tmp: Path) -> None:
    from factcheck.textguard import masked

    for junk in ("&" * 30_000, ".,;:" * 5_000, "_" * 20_000, "\u2588" * 10_000, "x" * 100_000, "-=" * 10_000,
                 "&amp;" * 6_000, "http://x/" + "a/" * 20_000):
        shown = masked("before " + junk + " after")
        assert shown.startswith("before ") and shown.endswith(" after") and len(shown) == len(junk) + 13
        assert max(len(w) for w in shown.split()) <= 500, junk[:10]
    corpus = corpus_of(tmp / "c", {"mixed.txt": ARTICLE + ".,;:" * 4_000 + "\n" + "x" * 60_000 + "\n" + OTHER})
    offsets_true(scan(corpus))


@case("pathological text")
def a_saved_page_with_a_long_run_of_ampersands(tmp: Path) -> None:
    page = ("<html><head><title>The Ninth Tide</title></head><body><article><h1>The Ninth Tide</h1><p>"
            + "The first season has 10 episodes. " * 5 + "&amp;" * 30_000 + "</p><p>" + "The series is produced by Blue Reef "
            "Pictures. " * 5 + "</p></article></body></html>")
    corpus = corpus_of(tmp / "c", {"page.html": page, "b.txt": OTHER})
    scanned_in(corpus)
    offsets_true(scan(corpus))


@case("pathological text")
def masked_text_is_what_the_model_reads(tmp: Path) -> None:
    from factcheck import pipeline
    from factcheck.corpus import Article

    seen = []

    class Spy:
        def make_doc(self, text):
            seen.append(text)
            raise StopIteration

        def pipe(self, docs, batch_size=16):
            for _ in docs:
                yield None

    try:
        pipeline.process_with(Spy(), [Article(id="a", text="a " + "=" * 5000 + " b")])
    except (StopIteration, RuntimeError):
        pass
    assert seen and "==" not in seen[0] and len(seen[0]) == 5004, "the article reached the tokenizer unmasked"


# ------------------------------------------------------------------ decoding

@case("decoding")
def utf8_with_a_few_bad_bytes_stays_utf8(tmp: Path) -> None:
    text = ARTICLE.replace("Blue Reef", "Caf\u00e9 \u201cBlue Reef\u201d") * 3
    data = text.encode()
    corpus = corpus_of(tmp / "c", {"damaged.txt": data[:60] + b"\xff\xfe\x80" + data[60:]})
    result = scan(corpus)
    article = result.texts["damaged.txt"]
    assert "Caf\u00e9 \u201cBlue Reef\u201d" in article and "\ufffd" in article, "decoded as another charset"
    assert any("damaged.txt" in w and "3 byte sequences" in w for w in result.warnings), result.warnings


@case("decoding")
def a_truncated_last_character_stays_utf8(tmp: Path) -> None:
    data = (ARTICLE + "Directed by Ch\u00e9rie Ren\u00e9").encode()[:-1]
    corpus = corpus_of(tmp / "c", {"cut.txt": data})
    result = scan(corpus)
    assert result.texts["cut.txt"].endswith("Ch\u00e9rie Ren\ufffd"), result.texts["cut.txt"][-20:]
    assert any("cut.txt" in w and "1 byte sequence " in w for w in result.warnings), result.warnings


@case("decoding")
def utf32_and_utf16_with_and_without_a_bom(tmp: Path) -> None:
    from factcheck.corpus import decode_text

    for enc in ("utf-32", "utf-32-le", "utf-32-be", "utf-16", "utf-16-le", "utf-16-be"):
        decoded = decode_text(ARTICLE.encode(enc))
        assert decoded.text.lstrip("\ufeff") == ARTICLE, (enc, decoded.encoding, decoded.text[:30])
    corpus = corpus_of(tmp / "c", {"wide.txt": ARTICLE.encode("utf-32"), "b.txt": OTHER})
    result = scan(corpus)
    assert (result.claims["article"] == "wide.txt").any(), "no claim read from the UTF-32 article"


@case("decoding")
def mostly_nuls_or_controls_is_not_an_article(tmp: Path) -> None:
    from factcheck.corpus import read_corpus

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "nuls.txt": b"\x00" * 3000 + b"a few words" + b"\x00" * 3000,
                                   "controls.txt": "\x01\x02\x03\x1b[2J text".encode() * 200})
    read = read_corpus(corpus)
    assert {a.id for a in read.articles} == {"a.txt"}
    assert {"nuls.txt", "controls.txt"} <= set(read.skipped)


@case("decoding")
def windows_1252_and_a_stray_nul_still_read(tmp: Path) -> None:
    from factcheck.corpus import read_corpus

    corpus = corpus_of(tmp / "c", {"cp.txt": ("Se\u00f1ora \u201cLuna\u201d " + ARTICLE).encode("cp1252"),
                                   "nul.txt": (ARTICLE + "\x00" + OTHER).encode()})
    texts = {a.id: a.text for a in read_corpus(corpus).articles}
    assert texts["cp.txt"].startswith("Se\u00f1ora \u201cLuna\u201d") and "\x00" in texts["nul.txt"]


# -------------------------------------------------- JSON Lines and user files

DEEP = "[" * 100_000


@case("user files")
def a_deep_jsonl_article_line_is_named_and_skipped(tmp: Path) -> None:
    feed = "\n".join([json.dumps({"text": ARTICLE}), DEEP, '{"text": ' + DEEP, json.dumps({"text": OTHER}), "[1]"])
    result = scan(corpus_of(tmp / "c", {"feed.jsonl": feed}))
    assert set(result.articles["article"]) == {"feed.jsonl#1", "feed.jsonl#4"}
    assert set(result.skipped) == {"feed.jsonl#2", "feed.jsonl#3", "feed.jsonl#5"}
    assert any("feed.jsonl line 2" in w and "nested too deeply" in w for w in result.warnings), result.warnings


@case("user files")
def deep_and_odd_lines_in_sources_and_aliases(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER,
                                   "sources.jsonl": DEEP + '\n{"file": "a.txt", "published": "2024-01-02"}\n[]\n',
                                   "aliases.jsonl": '{"name": "Blue Reef Pictures", "aliases": ["BRP"]}\n' + DEEP
                                   + '\n{"name": ' + DEEP + '\n{"name": 5}\n'})
    result = scan(corpus)
    joined = "\n".join(result.warnings)
    for expected in ("sources.jsonl line 1", "sources.jsonl line 3", "aliases.jsonl line 2", "aliases.jsonl line 3",
                     "aliases.jsonl line 4"):
        assert expected in joined, (expected, joined)
    assert result.articles.set_index("article").loc["a.txt", "published"] == "2024-01-02"


@case("user files")
def aliases_in_windows_1252_or_unreadable(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER,
                                   "aliases.jsonl": '{"name": "Se\u00f1ora Luna", "aliases": ["Luna"]}\n'.encode("cp1252")})
    scan(corpus)
    (corpus / "aliases.jsonl").write_bytes(bytes(range(256)) * 10)
    result = scan(corpus)
    assert any(w.startswith("aliases.jsonl: unreadable") for w in result.warnings), result.warnings
    r = cli("scan", corpus, "--out", tmp / "out", "--no-cache", "--aliases", tmp / "missing.jsonl")
    assert r.returncode == 0 and "missing.jsonl" in r.stderr and "Traceback" not in r.stderr, r.stderr


@case("user files")
def a_malformed_slots_file_is_one_line(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE})
    bad = {"not-json.json": "{oops", "list.json": "[1, 2]", "no-triggers.json": '{"slots": {}}',
           "bad-slot.json": '{"slots": {"x": 5}, "triggers": [], "hedges": {}}',
           "bad-pattern.json": json.dumps({"slots": {"x": {"type": "names"}}, "hedges": {},
                                           "triggers": [{"slot": "x", "pattern": [{"NOPE": 1}]}]}),
           "deep.json": DEEP, "cp1252.json": "{\"slots\": \"caf\u00e9\"}".encode("cp1252")}
    for name, text in bad.items():
        path = tmp / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        r = cli("scan", corpus, "--out", tmp / "out", "--no-cache", "--slots", path)
        assert r.returncode == 2 and name in r.stderr, (name, r.returncode, r.stderr[-800:])
        one_line(r.stderr)


@case("user files")
def cache_rows_of_the_wrong_shape_are_misses(tmp: Path) -> None:
    import factcheck
    from factcheck import pipeline
    from factcheck.claims import PATTERNS
    from factcheck.corpus import read_corpus
    from factcheck.nlp import model_name
    from factcheck.store import Cache

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "b.txt": OTHER, "d.txt": ARTICLE + OTHER})
    cache = tmp / "cache.sqlite"
    expected = factcheck.scan(corpus, cache=cache).findings["id"].tolist()
    articles = read_corpus(corpus).articles
    version = pipeline.pipeline_version(PATTERNS)
    keys = [Cache.key(a.sha, version, model_name(None)) for a in articles]
    db = sqlite3.connect(cache)
    for key, value in zip(keys, ['{"mentions": 5, "claims": []}', '{"mentions": [[1, 2]], "claims": [7]}', "[" * 5000]):
        db.execute("UPDATE extraction SET value = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()
    assert factcheck.scan(corpus, cache=cache).findings["id"].tolist() == expected


# --------------------------------------------------------- terminals, spreadsheets

HOSTILE_NAME = "evil \x1b]0;pwned\x07 \x1b[2J \u202etxt.exe \x9b31m.txt"


@case("terminal and csv")
def check_never_sends_escape_sequences_to_the_terminal(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {HOSTILE_NAME: OTHER.replace("reviewed", "reviewed \x1b]0;title\x07\x1b[31m"), "b.txt": OTHER})
    draft = tmp / "draft.txt"
    draft.write_text(ARTICLE, encoding="utf-8")
    for fmt in ("text", "json"):
        r = cli("check", draft, "--against", corpus, "--no-cache", "--format", fmt)
        assert r.returncode == 1, r.stderr
        assert not TERMINAL_HOSTILE & set(r.stdout), sorted(TERMINAL_HOSTILE & set(r.stdout))
        assert not TERMINAL_HOSTILE & set(r.stderr.replace("\n", " "))
        if fmt == "json":
            found = json.loads(r.stdout)
            assert any(c["article"] == HOSTILE_NAME for f in found for c in f["claims"]), "the name was altered in JSON"
        else:
            assert "evil" in r.stdout


@case("terminal and csv")
def scan_warnings_never_drive_the_terminal(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "bad \x1b[2J\u202e.txt": b"", "x\x1b]0;t\x07.bin": b"x"})
    r = cli("scan", corpus, "--out", tmp / "out", "--no-cache")
    assert r.returncode == 3, r.stderr
    assert not TERMINAL_HOSTILE & set(r.stderr.replace("\n", " ")), repr(r.stderr)


@case("terminal and csv")
def csv_rows_stay_whole_and_no_cell_is_a_formula(tmp: Path) -> None:
    names = ["=HYPERLINK(\"http://x\").txt", "a\rb=cmd.txt", "+1.txt", "@SUM(A1).txt", "-2.txt"]
    corpus = corpus_of(tmp / "c", {name: (ARTICLE if i % 2 else OTHER) + f"Note {i}.\n" for i, name in enumerate(names)})
    out = tmp / "out"
    scan(corpus).write(out)
    raw = (out / "findings.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    findings = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(findings) + 1 and {len(r) for r in rows} == {11}, [len(r) for r in rows]
    assert not [cell for r in rows for cell in r if cell[:1] in FORMULA]
    assert any("=HYPERLINK" in cell for r in rows for cell in r), "the file name is gone from the CSV"
    for line in raw.replace("\r\n", "\n").split("\n"):
        assert line[:1] not in FORMULA or line.startswith("'"), repr(line)


@case("terminal and csv")
def report_filter_keeps_a_plus_in_a_file_name(tmp: Path) -> None:
    from factcheck.reports import attr_list

    template = (ROOT / "factcheck" / "reports" / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert attr_list(["a+b.txt", "c d.txt", "50%.txt"]) == "a+b.txt c%20d.txt 50%25.txt"
    assert ".map(unattr)" in template and "function unattr(s) {\n    try { return decodeURIComponent(s); }" in template


# ----------------------------------------------------------------- files and ids

@case("files and ids")
def an_escaped_name_never_meets_a_real_one(tmp: Path) -> None:
    corpus = tmp / "c"
    corpus.mkdir()
    (corpus / "caf\\xe9.txt").write_text(ARTICLE, encoding="utf-8")
    try:
        with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as fh:
            fh.write(OTHER.encode())
    except OSError:
        print("    (this file system refuses names that are not UTF-8; half of the case runs)")
    from factcheck.corpus import article_id, path_of, read_corpus

    ids = [a.id for a in read_corpus(corpus).articles]
    assert len(ids) == len(set(ids)) == len(os.listdir(corpus)), ids
    for raw in os.listdir(corpus):
        assert path_of(article_id(raw)) == raw


@case("files and ids")
def every_file_passed_over_is_named(tmp: Path) -> None:
    from factcheck.corpus import read_corpus

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "deep/reports/r.txt": OTHER, "x/node_modules/m.txt": OTHER,
                                   "real.txt": OTHER})
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.symlink(corpus / "nowhere.txt", corpus / "dangling.txt")
    os.symlink(corpus / "loop2.txt", corpus / "loop1.txt")
    os.symlink(corpus / "loop1.txt", corpus / "loop2.txt")
    os.symlink(corpus / "deep", corpus / "linked-folder")
    os.mkfifo(corpus / "pipe.txt")
    read = read_corpus(corpus)
    joined = "\n".join(read.warnings)
    for name in ("deep/reports/", "x/node_modules/", "zero.txt", "dangling.txt", "loop1.txt", "loop2.txt",
                 "linked-folder/", "pipe.txt"):
        assert f"{name}: skipped" in joined, (name, joined)
    assert {a.id for a in read.articles} == {"a.txt", "real.txt"}


@case("files and ids")
def an_unreadable_folder_is_named(tmp: Path) -> None:
    from factcheck.corpus import read_corpus

    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE, "locked/b.txt": OTHER})
    real = os.scandir

    def scandir(path="."):  # root reads any folder: make this one fail as it does for an editor
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    os.scandir = scandir
    try:
        read = read_corpus(corpus)
    finally:
        os.scandir = real
    assert "locked/" in read.skipped and any(w.startswith("locked/: skipped, unreadable folder") for w in read.warnings)


@case("files and ids")
def a_corpus_file_named_draft_is_no_draft(tmp: Path) -> None:
    from factcheck.cli import _involves_draft
    from factcheck.reports import records

    corpus = corpus_of(tmp / "c", {"DRAFT:notes.txt": OTHER, "b.txt": ARTICLE})
    draft = tmp / "quiet.txt"
    draft.write_text("The Ninth Tide, a quiet essay\n\nThe lighthouse scenes are lovely.\n", encoding="utf-8")
    result = scan(corpus, draft=draft)
    ids = set(result.articles["article"])
    assert "DRAFT:quiet.txt" in ids and "DRAFT:notes.txt" not in ids and result.drafts == ["DRAFT:quiet.txt"], ids
    findings = records(result.findings) if len(result.findings) else []
    assert any(f["kind"] == "contradiction" for f in findings)
    assert not [f for f in findings if _involves_draft(f, set(result.drafts))]


@case("files and ids")
def the_size_cap_is_the_readme_cap(tmp: Path) -> None:
    from factcheck.corpus import MAX_BYTES, read_corpus

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"over {MAX_BYTES // 1_000_000} MB" in readme
    line = json.dumps({"text": ARTICLE}) + "\n"
    corpus = corpus_of(tmp / "c", {"feed.jsonl": line * (MAX_BYTES // len(line) + 1), "a.txt": OTHER})
    read = read_corpus(corpus)
    assert "feed.jsonl" in read.skipped and any("feed.jsonl: skipped, too large" in w for w in read.warnings)


# ------------------------------------------------------------- stops and kills

def demo_copy(tmp: Path) -> Path:
    corpus = tmp / "c"
    shutil.copytree(DEMO, corpus)
    return corpus


@case("stops")
def a_killed_scan_leaves_temporary_files_that_the_next_scan_removes(tmp: Path) -> None:
    corpus, out = demo_copy(tmp), tmp / "out"
    p = popen("scan", corpus, "--out", out, "--no-cache")
    if wait_for(lambda: out.is_dir() and bool(temps_in(out)), p):
        p.kill()
    p.wait(timeout=120)
    r = cli("scan", corpus, "--out", out, "--no-cache")
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(out)) == sorted(OUTPUTS), os.listdir(out)


@case("stops")
def temporary_files_of_a_live_writer_are_left_alone(tmp: Path) -> None:
    from factcheck.reports import remove_stale_temps

    out = tmp / "out"
    out.mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        for pid in (live.pid, dead.pid):
            (out / f".report.md.{pid}-abc123.tmp").write_text("x", encoding="utf-8")
        (out / ".notes.txt.1-abc.tmp").write_text("not ours", encoding="utf-8")
        remove_stale_temps(out, set(OUTPUTS))
        assert temps_in(out) == sorted([f".report.md.{live.pid}-abc123.tmp", ".notes.txt.1-abc.tmp"])
    finally:
        live.kill()
        live.wait()


@case("stops")
def sigterm_during_the_write_is_one_line_and_no_debris(tmp: Path) -> None:
    corpus, caught = demo_copy(tmp), 0
    for attempt in range(3):  # the write lasts milliseconds: a scan may finish before it is seen
        out = tmp / f"out{attempt}"
        p = popen("scan", corpus, "--out", out, "--no-cache")
        reached = wait_for(lambda: out.is_dir() and bool(temps_in(out)), p)
        if p.poll() is None:
            p.terminate()
        err = p.communicate(timeout=120)[1]
        assert p.returncode in (0, 143), (p.returncode, err)
        if p.returncode == 143:
            one_line(err)
        assert not temps_in(out), temps_in(out)
        assert sorted(os.listdir(out)) in ([], sorted(OUTPUTS)), os.listdir(out)
        caught += reached
        if caught:
            break
    assert caught, "the write was never seen in 3 scans"


@case("stops")
def ctrl_c_with_two_processes_is_one_line(tmp: Path) -> None:
    corpus = demo_copy(tmp)
    for i in range(3):  # enough articles that both workers start
        for p in DEMO.glob("*.txt"):
            (corpus / f"{i}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\nCopy {i}.\n", encoding="utf-8")
    p = popen("scan", corpus, "--out", tmp / "out", "--no-cache", "-j", "2", start_new_session=True)
    started = wait_for(lambda: len(children(p.pid)) >= 2, p)  # the worker processes (and multiprocessing's tracker)
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGINT)  # as a terminal does: the whole process group
    err = p.communicate(timeout=120)[1]
    assert started, "the workers were never seen"
    assert p.returncode == 130, (p.returncode, err[-1500:])
    one_line(err)


@case("stops")
def ctrl_c_during_start_up_is_one_line(tmp: Path) -> None:
    corpus = corpus_of(tmp / "c", {"a.txt": ARTICLE})
    for _ in range(2):
        p = popen("scan", corpus, "--out", tmp / "out", "--no-cache")
        wait_for(lambda: importing(p.pid), p, limit=60)
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        err = p.communicate(timeout=120)[1]
        assert p.returncode in (130, -signal.SIGINT), (p.returncode, err)
        if p.returncode == 130:
            one_line(err)


# ------------------------------------------------------------------- runner

def run_all(work: Path, only: str | None = None) -> list[Outcome]:
    outcomes = []
    for c in CASES:
        if only and c.category != only:
            continue
        folder = work / c.name
        folder.mkdir(parents=True)
        t0 = time.monotonic()
        try:
            c.run(folder)
            error = None
        except Exception as exc:  # noqa: BLE001 (every kind of failure is a failed case, reported, and the rest run)
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[-1500:]
        outcomes.append(Outcome(c, error, time.monotonic() - t0))
        print(f"  {'ok  ' if error is None else 'FAIL'} {c.category}: {c.name} ({outcomes[-1].seconds:.1f} s)"
              + (f"\n       {error}" if error else ""), flush=True)
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    by: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by[o.case.category].append(o)
    lines = [f"{'category':<20} {'tried':>6} {'failed':>7}"]
    for category, os_ in by.items():
        lines.append(f"{category:<20} {len(os_):>6} {sum(o.error is not None for o in os_):>7}")
    lines.append(f"{'all':<20} {len(outcomes):>6} {sum(o.error is not None for o in outcomes):>7}")
    return "\n".join(lines)


def load_model_once():
    """In-process scans share one loaded pipeline per model and patterns (the test session's conftest uses
    this too). Returns the loader it replaced, or None when it was already in place."""
    from factcheck import nlp as fnlp

    if getattr(fnlp.load, "shared", False):
        return None
    load, loaded = fnlp.load, {}

    def shared(name=None, *, patterns=None):
        key = (fnlp.model_name(name), str(patterns or ""))
        if key not in loaded:
            loaded[key] = load(name, patterns=patterns)
        return loaded[key]

    shared.shared = True
    fnlp.load = shared
    return load


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="one category: " + ", ".join(sorted({c.category for c in CASES})))
    ap.add_argument("--trials", type=int, default=OPTIONS["trials"], help="trials of each concurrent-dismiss case")
    ap.add_argument("--editors", type=int, default=OPTIONS["editors"], help="concurrent dismiss commands in a trial")
    args = ap.parse_args()
    OPTIONS.update(trials=args.trials, editors=args.editors)
    load_model_once()
    with tempfile.TemporaryDirectory() as d:
        outcomes = run_all(Path(d), args.only)
    print(summary(outcomes))
    return 1 if any(o.error for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
