"""SQLite cache of per-article extraction, keyed by content hash, pipeline version and model.

Values are JSON (never pickle). SQLite's own locking and transactions keep the
cache consistent when two runs share it or one is interrupted.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path


class Cache:
    def __init__(self, path: Path | None):
        self.path = path
        self.db = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    @staticmethod
    def key(sha: str, pipeline: str, model: str) -> str:
        return f"{pipeline}:{model}:{sha}"

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        if self.db is None or not keys:
            return {}
        out = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(f"SELECT key, value FROM extraction WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for k, v in rows:
                out[k] = json.loads(v)
        return out

    def put_many(self, items: dict[str, dict]) -> None:
        if self.db is None or not items:
            return
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO extraction (key, value) VALUES (?, ?)",
                                [(k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in items.items()])

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
