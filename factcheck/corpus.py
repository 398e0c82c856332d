"""Reading a corpus folder into Articles: files, encodings, metadata, warnings.

This is the I/O edge of the pipeline. Every file that cannot be read becomes a
warning that names it; the rest of the run goes on.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SIDECAR = "sources.jsonl"
DECISIONS = "factcheck-decisions.jsonl"
DRAFT = "DRAFT:"  # the id prefix of the draft read beside a corpus (`factcheck check`)
ALIASES = "aliases.jsonl"
MAX_BYTES = 5_000_000
# spaCy's own limit (`nlp.max_length`): a longer text would stop the whole run, not just itself
MAX_CHARS = 1_000_000
# a .jsonl holds many articles; each of them is held to MAX_CHARS
JSONL_FILE_FACTOR = 40
# factcheck's own outputs, skipped where they sit together (an --out folder inside the corpus)
OUTPUT_NAMES = {"claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html"}
SKIP_DIRS = {"reports", "node_modules", "__pycache__"}

_FULL_DATE = (r"(?P<d>\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d\d-\d\d|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
              r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})")
_PUBLISHED_IN_TEXT = re.compile(r"(?i:Last\s+Updated|Updated|Published(?:\s+on)?|Posted(?:\s+on)?)\s*:?\s*" + _FULL_DATE)
_DATELINE = re.compile(_FULL_DATE)
# a short line near the top that holds a full date is the dateline ("September 10, 2025 | Arts Desk"),
# unless its other words say the date is of something else ("Release date: March 3, 2025")
_DATELINE_NOT = re.compile(r"\b(?:releas\w*|premier\w*|debut\w*|air\w*|date|season|episode|out|coming|return\w*|arriv\w*|"
                           r"stream\w*|open\w*|launch\w*|due|until|since|from|to|and|in|on)\b", re.IGNORECASE)
FRONT_MATTER_DATES = ("published", "date", "pubdate", "publish_date", "published_at", "date_published")


@dataclass(frozen=True)
class Article:
    """One article: its text exactly as the offsets count it, and what is known about it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = None  # metadata | front_matter | text
    sha: str = ""

    def meta(self) -> dict:
        return {"article": self.id, "title": self.title, "url": self.url,
                "published": self.published.isoformat() if self.published else None,
                "published_source": self.published_source}


@dataclass
class Corpus:
    root: Path
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def parse_iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def published_from_text(text: str) -> date | None:
    """A publication date stated in the text: "Last Updated: 29/01/2022", or a dateline under the title."""
    from .values import find_dates

    m = _PUBLISHED_IN_TEXT.search(text) or _dateline(text)
    if not m:
        return None
    found = find_dates(m.group("d"))
    if not found or found[0][2].year is None or found[0][2].day_lo is None:
        return None
    v = found[0][2]
    try:
        return date(v.year, v.month_lo, v.day_lo)
    except ValueError:
        return None


def _dateline(text: str) -> re.Match | None:
    lines = [line.strip() for line in text.split("\n", 40)[:40] if line.strip()][1:8]
    for line in lines:
        m = _DATELINE.search(line)
        if m and len(line) <= 80:
            rest = (line[:m.start()] + " " + line[m.end():])
            if len(re.findall(r"\w+", rest)) <= 5 and not _DATELINE_NOT.search(rest):
                return m
    return None


def decode(data: bytes) -> str:
    """Decode bytes by BOM, then UTF-8, then the detected charset. Raises ValueError."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM has a NUL in every other byte of ASCII text
        evens, odds = data[0:4096:2].count(0), data[1:4096:2].count(0)
        half = min(len(data), 4096) // 2
        for enc, zeros in (("utf-16-le", odds), ("utf-16-be", evens)):
            if zeros > 0.4 * half:
                try:
                    return _textual(data.decode(enc))
                except UnicodeDecodeError:
                    pass
        # a stray NUL in UTF-8 text (a bad export) is kept, so offsets stay file offsets; anything else is binary
        try:
            return _textual(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ValueError("binary data, not text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError("not text in any known encoding")
    # English-language articles that are not UTF-8 are nearly always Windows-1252 / Latin-1
    western = [m for m in matches if m.encoding in ("cp1252", "latin_1", "iso8859_15")]
    return _textual(str((western or matches)[0]))


def _textual(text: str) -> str:
    """The text itself, unless it is mostly control characters or unassigned code points (binary)."""
    odd = sum(not (c.isprintable() or c.isspace()) for c in text[:20000])
    letters = sum(c.isalpha() for c in text[:20000])
    if odd > 0.02 * max(len(text[:20000]), 1) or letters < 0.3 * max(len(text[:20000]), 1):
        raise ValueError("binary data, not text")
    return text


def universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """A lone surrogate (a JSON "\\ud800" escape) cannot be written as UTF-8; U+FFFD keeps the offsets."""
    return _SURROGATE.sub("\ufffd", text)


def meta_text(value) -> str | None:
    """A metadata field as text: numbers become text, lists and objects are not a title or a URL."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return no_surrogates(value).strip() or None


def display_path(rel: str) -> str:
    """An article id for a file name that is not UTF-8: its odd bytes as \\xNN, so it can be written."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def split_front_matter(text: str) -> dict:
    """Front matter fields of a Markdown file (`---` block of `key: value` lines)."""
    m = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not m:
        return {}
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def html_text(raw: str) -> tuple[str, dict]:
    """Article text and metadata of a saved web page."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(raw)
    info = {}
    if meta is not None:
        info = {"title": meta.title, "url": meta.url, "published": meta.date}
    return text, info


def read_sidecar(root: Path, corpus: Corpus) -> dict[str, dict]:
    path = root / SIDECAR
    if not path.is_file():
        return {}
    out = {}
    try:
        lines = decode(path.read_bytes()).splitlines()
    except (OSError, ValueError) as exc:
        corpus.warnings.append(f"{SIDECAR}: unreadable ({exc}); metadata ignored")
        return {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("file"), str):
                raise ValueError("no \"file\" field")
        except ValueError as exc:
            corpus.warnings.append(f"{SIDECAR} line {n}: skipped, not a metadata object ({exc})")
            continue
        out[row["file"]] = row
    return out


def _article(rel: str, text: str, meta: dict, source: str) -> Article:
    published = next((d for k in FRONT_MATTER_DATES if (d := parse_iso(meta_text(meta.get(k))))), None)
    published_source = source
    if published is None:
        published, published_source = published_from_text(text), "text"
    if published is None:
        published_source = None
    title = meta_text(meta.get("title")) or next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(
        id=rel, text=text, title=(title or "")[:300] or None, url=meta_text(meta.get("url")), published=published,
        published_source=published_source, sha=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def iter_files(root: Path) -> list[Path]:
    """Corpus files in a stable order, skipping hidden folders and factcheck's own outputs."""
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part in SKIP_DIRS for part in rel.parts[:-1]) or rel.name.startswith("."):
            continue
        if path.is_file() and path.name not in (SIDECAR, DECISIONS, ALIASES) and not path.name.endswith(".gold.json"):
            files.append(path)
    # a report written into the corpus (`--out` inside it) is not an article on the next scan
    outputs = {p.parent for p in files if p.name == "findings.jsonl" and (p.parent / "report.html").is_file()}
    return [p for p in files if not (p.parent in outputs and p.name in OUTPUT_NAMES)]


def outside(path: Path, root: Path) -> bool:
    """A link that leads out of the corpus: a corpus must not make factcheck read (and quote) other files."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def read_corpus(root: Path, *, max_bytes: int = MAX_BYTES) -> Corpus:
    """Every readable article under `root`; what could not be read is in `warnings`."""
    corpus = Corpus(root)
    if root.is_file():
        paths, sidecar, base = [root], {}, root.parent
    else:
        paths, sidecar, base = iter_files(root), read_sidecar(root, corpus), root
    seen: dict[str, str] = {}
    used: set[str] = set()

    def skip(rel: str, why: str) -> None:
        corpus.warnings.append(f"{rel}: skipped, {why}")
        corpus.skipped.append(rel)

    def add(article: Article) -> None:
        if not article.text.strip():
            skip(article.id, "no text")
        elif len(article.text) > MAX_CHARS:
            skip(article.id, f"too long ({len(article.text):,} characters; the limit is {MAX_CHARS:,})")
        elif article.sha in seen:
            corpus.warnings.append(f"{article.id}: same text as {seen[article.sha]}, read once")
        else:
            seen[article.sha] = article.id
            corpus.articles.append(article)

    for path in paths:
        raw_rel = path.relative_to(base).as_posix()
        rel = display_path(raw_rel)
        used.update((raw_rel, path.name))
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
            if suffix not in {".json", ".csv", ".gold"}:
                skip(rel, f"unsupported file type {suffix or '(none)'}")
            continue
        if path is not root and outside(path, base):
            skip(rel, "a link to a file outside the corpus")
            continue
        try:
            size = path.stat().st_size
            limit = max_bytes * JSONL_FILE_FACTOR if suffix in JSONL_SUFFIXES else max_bytes
            if size > limit:
                skip(rel, f"too large ({size:,} bytes; the limit is {limit:,})")
                continue
            if size == 0:
                skip(rel, "empty file")
                continue
            text = universal_newlines(decode(path.read_bytes()))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            skip(rel, f"unreadable ({exc})")
            continue
        meta = sidecar.get(raw_rel) or sidecar.get(path.name) or {}
        if suffix in JSONL_SUFFIXES:
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                        raise ValueError("no \"text\" field")
                except ValueError as exc:
                    corpus.warnings.append(f"{rel} line {n}: skipped ({exc})")
                    corpus.skipped.append(f"{rel}#{n}")
                    continue
                add(_article(f"{rel}#{n}", no_surrogates(universal_newlines(row["text"])), row, "metadata"))
        elif suffix in HTML_SUFFIXES:
            body, info = html_text(text)
            merged = {k: v for k, v in info.items() if v} | {k: v for k, v in meta.items() if v}
            add(_article(rel, body, merged, "metadata"))
        else:
            front = split_front_matter(text) if suffix != ".txt" else {}
            merged = front | {k: v for k, v in meta.items() if v}
            source = "metadata" if meta.get("published") else "front_matter"
            add(_article(rel, text, merged, source))
    for name in sorted(set(sidecar) - used):  # a typo, or a path out of the corpus: metadata is only ever matched, never followed
        corpus.warnings.append(f"{SIDECAR}: {json.dumps(name, ensure_ascii=False)} names no file of the corpus; its metadata is unused")
    return corpus
