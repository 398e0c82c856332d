"""Reading a corpus folder into Articles: files, encodings, metadata, warnings.

This is the I/O edge of the pipeline. Every file that cannot be read becomes a
warning that names it; the rest of the run goes on.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import jsonl

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SIDECAR = "sources.jsonl"
DECISIONS = "factcheck-decisions.jsonl"
# the id prefix of the draft read beside a corpus (`factcheck check`); no corpus file's id starts with it (see article_id)
DRAFT = "DRAFT:"
ALIASES = "aliases.jsonl"
MAX_BYTES = 5_000_000  # every file, a .jsonl of many articles too: the cap the README states
# spaCy's own limit (`nlp.max_length`): a longer text would stop the whole run, not just itself
MAX_CHARS = 1_000_000
# factcheck's own outputs, skipped where they sit together (an --out folder inside the corpus)
OUTPUT_NAMES = {"claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html"}
SKIP_DIRS = {"reports", "node_modules", "__pycache__"}
# a text whose characters are more than this share of control characters is not an article (UTF-32 read as UTF-16)
MOST_CONTROLS = 0.25

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


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and how many bad UTF-8 sequences became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


# longest first: the UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# where NULs fall in the bytes of mostly-ASCII text written in each wide encoding, by position mod 4
_NUL_PATTERNS = (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1)), ("utf-16-le", (1, 3)), ("utf-16-be", (0, 2)))


def decode(data: bytes) -> str:
    """Decode bytes by BOM, NUL pattern, UTF-8, then the detected charset. Raises ValueError."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """The text of a file, with the encoding it was read in. Raises ValueError when it is not text.

    UTF-8 with a few bad bytes (a damaged copy, a truncated last character) stays
    UTF-8: each bad sequence becomes U+FFFD and `replaced` counts them, so the
    caller can say so; it is not decoded whole as another charset.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_not_controls(data.decode(enc)), enc)
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {enc} after its byte-order mark ({exc.reason})") from None
    sample = data[:4096]
    if b"\x00" in sample:
        wide = _wide_encoding(sample)
        if wide:
            try:
                return Decoded(_textual(data.decode(wide)), wide)
            except UnicodeDecodeError:
                pass
        # a stray NUL in UTF-8 text (a bad export) is kept, so offsets stay file offsets; anything else is binary
        try:
            return Decoded(_textual(data.decode("utf-8")), "utf-8")
        except UnicodeDecodeError:
            raise ValueError("binary data, not text") from None
    try:
        return Decoded(_not_controls(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError("not text in any known encoding")
    # English-language articles that are not UTF-8 are nearly always Windows-1252 / Latin-1
    western = [m for m in matches if m.encoding in ("cp1252", "latin_1", "iso8859_15")]
    best = (western or matches)[0]
    return Decoded(_textual(str(best)), best.encoding)


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the NULs of ASCII characters fall."""
    quarter = max(len(sample) // 4, 1)
    zeros = [sample[i::4].count(0) / quarter for i in range(4)]
    for enc, where in _NUL_PATTERNS:
        others = [zeros[i] for i in range(4) if i not in where]
        if all(zeros[i] > 0.8 for i in where) and (enc.startswith("utf-32") or max(others) < 0.5):
            return enc
    return None


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad sequences, when the rest shows it is UTF-8; None when it looks like another charset.

    It is UTF-8 when its well-formed non-ASCII characters outnumber the bad
    sequences, or when the only bad sequence is a character cut off at the end.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for c in text if ord(c) > 127) - bad - data.count(b"\xef\xbf\xbd")
    try:
        data.decode("utf-8")
        cut_short = False
    except UnicodeDecodeError as exc:  # the first bad sequence: with only one, is it a character cut off at the end?
        cut_short = exc.reason == "unexpected end of data"
    if good >= bad or (bad == 1 and cut_short):
        return Decoded(_not_controls(text), "utf-8", bad)
    return None


def _textual(text: str) -> str:
    """The text itself, unless it is mostly control characters or unassigned code points (binary).

    For encodings that were guessed: a guess that gives few letters was a wrong guess.
    """
    odd = sum(not (c.isprintable() or c.isspace()) for c in text[:20000])
    letters = sum(c.isalpha() for c in text[:20000])
    if odd > 0.02 * max(len(text[:20000]), 1) or letters < 0.3 * max(len(text[:20000]), 1):
        raise ValueError("binary data, not text")
    return text


def _not_controls(text: str) -> str:
    """The text itself, unless it is mostly NULs and other control characters."""
    head = text[:20000]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\t\n\r\f\v" or 127 <= ord(c) < 160)
    if controls > MOST_CONTROLS * max(len(head), 1):
        raise ValueError("binary data, not text (mostly control characters)")
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


_ESCAPED = re.compile(r"\\(?:\\|x([0-9a-f]{2}))")


def article_id(rel: str) -> str:
    """The id of the file at `rel` (a relative POSIX path as the OS gave it): text that can be written,
    unique and reversible (`path_of`).

    A byte that is not UTF-8 becomes \\xNN and a backslash is doubled, so the file
    named with the byte é and the one named `caf\\xe9.txt` get two ids; a leading
    `DRAFT:` is escaped too, so no corpus file passes for the draft.
    """
    out = "".join("\\\\" if c == "\\" else f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else c for c in rel)
    return "DRAFT\\x3a" + out[len(DRAFT):] if out.startswith(DRAFT) else out


def path_of(aid: str) -> str:
    """The relative path (as the OS gives it, odd bytes as surrogates) of the file an article id names."""
    aid = aid.split("#", 1)[0] if re.search(r"\.jsonl#\d+$", aid) else aid

    def back(m: re.Match) -> str:
        if m.group(1) is None:
            return "\\"
        byte = int(m.group(1), 16)
        return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)

    return _ESCAPED.sub(back, aid)


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


def _a_source(value) -> str | None:
    return None if isinstance(value, dict) and isinstance(value.get("file"), str) else 'not a metadata object with a "file"'


def _an_article(value) -> str | None:
    return None if isinstance(value, dict) and isinstance(value.get("text"), str) else 'not an article with a "text"'


def _an_alias(value) -> str | None:
    if not (isinstance(value, dict) and isinstance(value.get("name"), str)):
        return 'not an alias entry with a "name"'
    names = value.get("aliases", [])
    return None if isinstance(names, list) and all(isinstance(a, str) for a in names) else "aliases must be a list of text"


def read_user_file(path: Path, what: str, corpus: Corpus) -> str | None:
    """The text of a file an editor keeps beside the corpus, or None with a warning that names it."""
    try:
        return decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        corpus.warnings.append(f"{path.name}: unreadable ({exc}); {what} ignored")
        return None


def read_sidecar(root: Path, corpus: Corpus) -> dict[str, dict]:
    path = root / SIDECAR
    if not path.is_file():
        return {}
    text = read_user_file(path, "metadata", corpus)
    out = {}
    for row in jsonl.read(text or "", SIDECAR, _a_source):
        if isinstance(row, jsonl.BadLine):
            corpus.warnings.append(str(row))
        else:
            out[row.value["file"]] = row.value
    return out


def read_aliases(path: Path, corpus: Corpus, *, given: bool = False) -> list[tuple[str, str]]:
    """Editors' aliases, `{"name": ..., "aliases": [...]}` a line, as (name, alias) pairs; a bad line is named."""
    if not path.is_file():
        if given:
            corpus.warnings.append(f"{path}: no such aliases file; no aliases used")
        return []
    text = read_user_file(path, "aliases", corpus)
    out = []
    for row in jsonl.read(text or "", path.name, _an_alias):
        if isinstance(row, jsonl.BadLine):
            corpus.warnings.append(str(row))
        else:
            out.extend((row.value["name"], a) for a in row.value.get("aliases", []))
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


@dataclass(frozen=True)
class Passed:
    """A file or folder the walk did not read, and why; `lost` when it may hold articles (the scan is partial)."""

    rel: str
    reason: str
    lost: bool = True


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a link cannot be read as an article: it leads nowhere, loops, or leaves the corpus."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "a link that leads nowhere"
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
            return "a loop of links"
        return f"a link that cannot be followed ({exc.strerror or exc})"
    if not target.is_relative_to(root.resolve()):
        return "a link to a file outside the corpus"
    return None


def walk(root: Path) -> tuple[list[Path], list[Passed]]:
    """Corpus files in a stable order, and every file or folder passed over with its reason.

    Hidden files and folders, the corpus's own metadata files and factcheck's
    reports are passed over silently; anything else that is not read is named.
    """
    files: list[Path] = []
    passed: list[Passed] = []

    def rel_of(p: str) -> str:
        return article_id(Path(p).relative_to(root).as_posix())

    def unreadable(exc: OSError) -> None:
        passed.append(Passed(rel_of(exc.filename) + "/", f"unreadable folder ({exc.strerror or exc})"))

    for here, dirs, names in os.walk(root, onerror=unreadable):
        keep = []
        for d in sorted(dirs):
            full = Path(here, d)
            if d.startswith("."):
                continue
            if full.is_symlink():
                passed.append(Passed(rel_of(str(full)) + "/", "a link to a folder, not followed"))
            elif d in SKIP_DIRS:
                passed.append(Passed(rel_of(str(full)) + "/", f"a folder named {d}/ is not read", lost=False))
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            full = Path(here, name)
            if name.startswith(".") or name in (SIDECAR, DECISIONS, ALIASES) or name.endswith(".gold.json"):
                continue
            why = _link_problem(full, root) if full.is_symlink() else None
            if why is None:
                try:
                    regular = stat.S_ISREG(full.stat().st_mode)
                except OSError as exc:
                    why = f"unreadable ({exc.strerror or exc})"
                else:
                    why = None if regular else "not a regular file (a device, pipe or socket)"
            if why:
                passed.append(Passed(rel_of(str(full)), why))
            else:
                files.append(full)
    files.sort(key=lambda p: p.relative_to(root).parts)
    # a report written into the corpus (`--out` inside it) is not an article on the next scan
    outputs = {p.parent for p in files if p.name == "findings.jsonl" and (p.parent / "report.html").is_file()}
    return [p for p in files if not (p.parent in outputs and p.name in OUTPUT_NAMES)], passed


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes, never more than `limit` of them read into memory. Raises ValueError when it is larger."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"too large (over {limit:,} bytes; the limit is {limit:,})")
    return data


def read_corpus(root: Path, *, max_bytes: int = MAX_BYTES) -> Corpus:
    """Every readable article under `root`; what could not be read is in `warnings`."""
    corpus = Corpus(root)
    if root.is_file():
        paths, sidecar, base = [root], {}, root.parent
    else:
        paths, passed = walk(root)
        sidecar, base = read_sidecar(root, corpus), root
        for p in passed:
            corpus.warnings.append(f"{p.rel}: skipped, {p.reason}")
            if p.lost:
                corpus.skipped.append(p.rel)
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
        rel = article_id(raw_rel)
        used.update((raw_rel, path.name))
        suffix = path.suffix.lower()
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
            if suffix not in {".json", ".csv", ".gold"}:
                skip(rel, f"unsupported file type {suffix or '(none)'}")
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes:
                skip(rel, f"too large ({size:,} bytes; the limit is {max_bytes:,})")
                continue
            if size == 0:
                skip(rel, "empty file")
                continue
            decoded = decode_text(read_bytes(path, max_bytes))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            skip(rel, f"unreadable ({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})")
            continue
        if decoded.replaced:
            corpus.warnings.append(f"{rel}: {plural_bytes(decoded.replaced)} that are not UTF-8 read as U+FFFD")
        text = universal_newlines(decoded.text)
        meta = sidecar.get(raw_rel) or sidecar.get(path.name) or {}
        if suffix in JSONL_SUFFIXES:
            for row in jsonl.read(text, rel, _an_article):
                if isinstance(row, jsonl.BadLine):
                    corpus.warnings.append(str(row))
                    corpus.skipped.append(f"{rel}#{row.line}")
                else:
                    add(_article(f"{rel}#{row.line}", no_surrogates(universal_newlines(row.value["text"])), row.value, "metadata"))
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


def plural_bytes(n: int) -> str:
    return f"{n} byte sequence{'' if n == 1 else 's'}"
