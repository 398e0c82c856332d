"""Editors' decisions on findings, kept with the corpus as plain JSON Lines (fit for version control)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from .corpus import DECISIONS, decode
from .reports import atomic_write

log = logging.getLogger(__name__)


def path_for(corpus: Path) -> Path:
    return (corpus if corpus.is_dir() else corpus.parent) / DECISIONS


def _read(p: Path) -> str:
    """The decisions file as text, whatever editor saved it (BOM, UTF-16, Windows-1252). Raises ValueError."""
    try:
        return decode(p.read_bytes()) if p.stat().st_size else ""
    except (OSError, ValueError) as exc:
        raise ValueError(f"{p}: unreadable ({exc})") from exc


def load(corpus: Path) -> dict[str, dict]:
    """Decisions by finding id; the last line for an id wins.

    A line that is not a decision, or a file that cannot be read, is named on
    stderr and left out: the scan still runs, with those findings open.
    """
    p = path_for(corpus)
    out: dict[str, dict] = {}
    if not p.is_file():
        return out
    try:
        text = _read(p)
    except ValueError as exc:
        log.warning("factcheck: %s; every finding is shown as open", exc)
        return out
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out[str(row["id"])] = row
        except (ValueError, KeyError, TypeError):
            log.warning("factcheck: %s line %d: ignored, not a decision", p.name, n)
    return out


def dismiss(corpus: Path, finding_id: str, reason: str) -> Path:
    """Append a dismissal; the file is rewritten whole and atomically, never truncated. Raises ValueError."""
    p = path_for(corpus)
    old = _read(p) if p.is_file() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    line = json.dumps(entry(finding_id, "dismissed", reason), ensure_ascii=False)
    atomic_write(p, old + line + "\n")
    return p


def apply(findings: list[dict], decisions: dict[str, dict]) -> list[dict]:
    for f in findings:
        d = decisions.get(f["id"])
        f["status"] = d.get("status", "dismissed") if d else "open"
        if d and d.get("reason"):
            f["reason"] = d["reason"]
    return findings


def entry(finding_id: str, status: str, reason: str) -> dict:
    """One decision line, with the time it was made (UTC), so the file reads as a history."""
    from datetime import datetime, timezone

    return {"id": finding_id, "status": status, "reason": reason,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def restore(corpus: Path, finding_id: str, reason: str) -> Path:
    """Reopen a dismissed finding: a new line, as `dismiss` writes one (the last line for an id wins). Raises ValueError."""
    p = path_for(corpus)
    old = _read(p) if p.is_file() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    atomic_write(p, old + json.dumps(entry(finding_id, "open", reason), ensure_ascii=False) + "\n")
    return p
