"""The one reader for JSON Lines that people write: articles, `sources.jsonl`, aliases, decisions.

A bad line never stops a run: it is named (file and line) and the rest is read.
Deep nesting, which makes `json.loads` recurse until Python gives up, is one more
bad line, and so is a line of the wrong shape.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# a check that a parsed line has the shape its reader needs: None when it does, else why not
Shape = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Row:
    """One line that parsed and has the wanted shape."""

    line: int
    value: Any


@dataclass(frozen=True)
class BadLine:
    """One line that did not: where it is and why, ready to be said in one line."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: skipped, {self.reason}"


def an_object(value: Any) -> str | None:
    return None if isinstance(value, dict) else "not a JSON object"


def parse_line(line: str) -> tuple[Any, str | None]:
    """A line's value, or the reason it has none."""
    try:
        return json.loads(line), None
    except RecursionError:
        return None, "nested too deeply"
    except ValueError as exc:  # JSONDecodeError, and text no UTF-8 can hold
        return None, f"not JSON ({exc})"


def read(text: str, source: str, shape: Shape = an_object) -> Iterator[Row | BadLine]:
    """Every non-blank line of `text` as a Row, or as a BadLine that names `source` and the line (from 1).

    Lines end at LF (a CR before it is dropped), never at the other characters `str.splitlines`
    breaks on: JSON may hold U+2028 or U+0085 raw inside a string.
    """
    for n, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        value, problem = parse_line(line)
        if problem is None:
            try:
                problem = shape(value)
            except RecursionError:
                problem = "nested too deeply"
        yield BadLine(source, n, problem) if problem else Row(n, value)
