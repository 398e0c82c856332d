"""Editors' decisions on findings, kept with the corpus as plain JSON Lines (fit for version control)."""
from __future__ import annotations

import json
from pathlib import Path

from .corpus import DECISIONS
from .reports import atomic_write


def path_for(corpus: Path) -> Path:
    return (corpus if corpus.is_dir() else corpus.parent) / DECISIONS


def load(corpus: Path) -> dict[str, dict]:
    """Decisions by finding id; the last line for an id wins. Unreadable lines are ignored."""
    p = path_for(corpus)
    out: dict[str, dict] = {}
    if p.is_file():
        for line in p.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
                out[str(row["id"])] = row
            except (ValueError, KeyError, TypeError):
                continue
    return out


def dismiss(corpus: Path, finding_id: str, reason: str) -> Path:
    """Append a dismissal; the file is rewritten whole and atomically, never truncated."""
    p = path_for(corpus)
    old = p.read_text(encoding="utf-8") if p.is_file() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    line = json.dumps({"id": finding_id, "status": "dismissed", "reason": reason}, ensure_ascii=False)
    atomic_write(p, old + line + "\n")
    return p


def apply(findings: list[dict], decisions: dict[str, dict]) -> list[dict]:
    for f in findings:
        d = decisions.get(f["id"])
        f["status"] = d.get("status", "dismissed") if d else "open"
        if d and d.get("reason"):
            f["reason"] = d["reason"]
    return findings
