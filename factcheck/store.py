"""SQLite cache of per-article extraction, keyed by content hash, pipeline version and model.

Values are JSON (never pickle). SQLite's own locking and transactions keep the
cache consistent when two runs share it or one is interrupted. The cache only
saves time: when it cannot be opened, read or written (a corrupt file, a locked
or read-only folder), the run goes on without it and says so on stderr.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)


_CLAIM_TEXT = ("slot", "value", "hedge", "polarity")
_CLAIM_OFFSETS = ("start", "end", "sent_start", "sent_end")


def _offset(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def well_formed(value) -> bool:
    """A cached per-article result of the shape `pipeline.doc_result` gives; anything else is a miss.

    A row of another shape (a damaged file, another program's table) would
    otherwise stop the scan far from here, in the corpus-level stages.
    """
    if not (isinstance(value, dict) and isinstance(value.get("mentions"), list) and isinstance(value.get("claims"), list)):
        return False
    for m in value["mentions"]:
        if not (isinstance(m, list) and len(m) == 4 and _offset(m[0]) and _offset(m[1])
                and isinstance(m[2], str) and isinstance(m[3], str)):
            return False
    for c in value["claims"]:
        if not (isinstance(c, dict) and all(isinstance(c.get(k), str) for k in _CLAIM_TEXT)
                and all(_offset(c.get(k)) for k in _CLAIM_OFFSETS) and "season" in c):
            return False
        if c["slot"] == "cast_role" and not (isinstance(c.get("actor"), str) and _offset(c.get("actor_start"))
                                             and _offset(c.get("actor_end"))):
            return False
    return True


class Cache:
    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            except (OSError, sqlite3.Error) as exc:
                self._give_up("cannot be opened", exc)

    def _give_up(self, what: str, exc: Exception) -> None:
        """Stop using the cache for this run; a message says why (a corrupt file is kept for the user to remove)."""
        log.warning("factcheck: cache %s %s (%s); going on without it", self.path, what, exc)
        self.close()

    @staticmethod
    def key(sha: str, pipeline: str, model: str) -> str:
        return f"{pipeline}:{model}:{sha}"

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        if self.db is None or not keys:
            return {}
        out = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = self.db.execute(f"SELECT key, value FROM extraction WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for k, v in rows:
                    try:
                        value = json.loads(v)
                    except (ValueError, TypeError, RecursionError):
                        continue  # a damaged entry is a miss: the article is read again
                    if well_formed(value):
                        out[k] = value
        except sqlite3.Error as exc:
            self._give_up("cannot be read", exc)
        return out

    def put_many(self, items: dict[str, dict]) -> None:
        if self.db is None or not items:
            return
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO extraction (key, value) VALUES (?, ?)",
                                    [(k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in items.items()])
        except (sqlite3.Error, ValueError) as exc:  # ValueError: text SQLite cannot encode
            self._give_up("cannot be written", exc)

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
