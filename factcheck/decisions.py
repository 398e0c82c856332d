"""Editors' decisions on findings, kept with the corpus as plain JSON Lines (fit for version control).

Two editors (or `dismiss` and a server) may record decisions at the same moment:
each write holds an OS lock on the file itself, appends one whole line and
syncs it, so no line is ever lost or torn.
"""
from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from . import jsonl
from .corpus import DECISIONS, decode_text

log = logging.getLogger(__name__)


def path_for(corpus: Path) -> Path:
    return (corpus if corpus.is_dir() else corpus.parent) / DECISIONS


def _read(p: Path) -> str:
    """The decisions file as text, whatever editor saved it (BOM, UTF-16, Windows-1252). Raises ValueError."""
    try:
        return decode_text(p.read_bytes()).text if p.stat().st_size else ""
    except (OSError, ValueError) as exc:
        raise ValueError(f"{p}: unreadable ({exc})") from exc


def _a_decision(value) -> str | None:
    return None if isinstance(value, dict) and isinstance(value.get("id"), (str, int)) else 'not a decision with an "id"'


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
    for row in jsonl.read(text, p.name, _a_decision):
        if isinstance(row, jsonl.BadLine):
            log.warning("factcheck: %s line %d: ignored, %s", p.name, row.line, row.reason)
        else:
            out[str(row.value["id"])] = row.value
    return out


@contextmanager
def _locked(p: Path):
    """The decisions file open for appending, under an exclusive OS lock on the file itself.

    A writer that converted the file (see `dismiss`) replaced it by a new one;
    whoever waited on the old one's lock opens the new one and locks again.
    """
    while True:
        fd = os.open(p, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            _lock(fd)
            try:
                same = os.fstat(fd).st_ino == os.stat(p).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def dismiss(corpus: Path, finding_id: str, reason: str) -> Path:
    """Record a dismissal (see `append`). Raises ValueError."""
    return append(corpus, entry(finding_id, "dismissed", reason))


def restore(corpus: Path, finding_id: str, reason: str) -> Path:
    """Reopen a dismissed finding: a new line, as `dismiss` writes one (the last line for an id wins)."""
    return append(corpus, entry(finding_id, "open", reason))


def append(corpus: Path, record: dict) -> Path:
    """Append one decision, one whole synced line under a lock; never truncates. Raises ValueError.

    A file another editor saved in another encoding (UTF-16, Windows-1252) is
    first rewritten as UTF-8, whole and atomically; one that cannot be read is
    never touched.
    """
    p = path_for(corpus)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _locked(p) as fd:
        data = _read_fd(fd)
        try:
            old = decode_text(data) if data else None
        except ValueError as exc:
            raise ValueError(f"{p}: unreadable ({exc})") from exc
        if old is None or old.encoding in ("utf-8", "utf-8-sig"):
            sep = b"\n" if data and not data.endswith(b"\n") else b""
            _write_all(fd, sep + line.encode("utf-8"))
            os.fsync(fd)
        else:
            from .reports import atomic_write  # here only: `dismiss` starts fast without pandas and jinja2

            text = old.text if old.text.endswith("\n") or not old.text else old.text + "\n"
            atomic_write(p, text + line)
    return p


def _read_fd(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
