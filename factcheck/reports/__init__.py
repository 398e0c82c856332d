"""Report writers: JSON Lines for tools, CSV for spreadsheets, Markdown and HTML for people.

Every file is written to a temporary file in the same folder and renamed into
place, all of them together with Ctrl-C held off, so an interrupted run leaves
the previous reports whole: the old set or the new set, never a mix. A set is
replaced only when every target can be; a rename that fails all the same puts
the old files back. Temporary files carry the writer's process id, so a later
run removes those a killed run left behind, and never those of a live one.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pandas as pd

TEMPLATES = Path(__file__).parent / "templates"


def _mode_for(path: Path) -> int:
    """The mode the file would get if written plainly: its own if it exists, else 0666 less the umask.

    `mkstemp` makes 0600 files; renamed into place they would lock others out of a shared report folder.
    """
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[a-z0-9_]+\.tmp$")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-"


def _temp_copy(path: Path, text: str) -> Path:
    """`text` in a synced temporary file next to `path`, ready to be renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    try:
        # errors="replace": a string no UTF-8 can hold (a lone surrogate) must not stop the write
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or a platform without signals: leave its files alone
        return True
    return True


def remove_stale_temps(folder: Path, names) -> list[Path]:
    """Remove the temporary files of `names` that a killed writer left in `folder` (its process is gone)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and m["name"] in names and not _alive(int(m["pid"])):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _remove_own_temps(files) -> None:
    """This process's temporary files for `files`, even one `mkstemp` made just before an interrupt."""
    for path in files:
        prefix = _temp_prefix(path)
        try:
            entries = list(os.scandir(path.parent))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                Path(entry.path).unlink(missing_ok=True)


def why_not_replaceable(path: Path) -> str | None:
    """Why `path` must not be replaced by a new report (a folder, a read-only file), or None."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder"
    if stat.S_ISREG(st.st_mode) and not st.st_mode & 0o222:
        return "is read-only"
    return None


@contextmanager
def interrupts_held():
    """Ctrl-C (SIGINT) and SIGTERM wait until the block is done, then take effect as usual.

    Renaming a set of files into place takes microseconds; holding signals for that
    long is what makes the set change as a whole. Only the main thread can do this;
    elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])


def atomic_write(path: Path, text: str) -> None:
    atomic_write_all({path: text})


def atomic_write_all(files: dict[Path, str]) -> None:
    """Write every file, then rename them all into place at once (see `interrupts_held`).

    Raises OSError naming the file, with nothing replaced, when any target cannot be replaced.
    """
    for path in files:
        why = why_not_replaceable(path)
        if why:
            raise OSError(f"{path} {why}; no file was replaced")
    for folder in {p.parent for p in files}:
        remove_stale_temps(folder, {p.name for p in files})
    try:
        temps: dict[Path, Path] = {}
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temps[path] = _temp_copy(path, text)
        with interrupts_held():
            _replace_together(temps)
    finally:
        with interrupts_held():  # a Ctrl-C in the middle of the clean-up would leave the rest behind
            _remove_own_temps(files)


def _replace_together(temps: dict[Path, Path]) -> None:
    """Rename each temporary file over its target; if one rename fails, the targets replaced so far get their old files back."""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for path in temps:
            if path.exists():
                backup = path.with_name(f"{_temp_prefix(path)}old.tmp")
                try:
                    os.link(path, backup)
                    backups[path] = backup
                except OSError:
                    pass  # no hard links here: that one cannot be put back
        for path, tmp in temps.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OSError(f"{path}: cannot be replaced ({exc.strerror or exc}); the previous reports were kept") from exc
            done.append(path)
    except BaseException:
        for path in done:
            if path in backups:
                os.replace(backups.pop(path), path)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups.values():
            backup.unlink(missing_ok=True)


def _clean(value):
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in rows)


# C0 and C1 controls (tab and newlines aside) and the bidi embeddings, overrides and isolates
# that can reorder what a reader sees ("Trojan Source"); shown as U+FFFD in the reports for people
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """Text for people: characters that control a terminal or the display order become U+FFFD (same length)."""
    return _HIDDEN.sub("\ufffd", text)


def _finalize(value):
    """Every `{{ ... }}` in the templates passes here: escaped markup stays markup, text is made visible."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


def csv_cell(value) -> str:
    """A spreadsheet cell that is only text: no control characters, no formula (=, +, -, @ lead to a quote)."""
    text = visible(str(value if value is not None else ""))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def findings_csv(findings: list[dict]) -> str:
    buf = io.StringIO()
    # CRLF, as RFC 4180 has it: a cell that holds a CR or an LF is then always quoted (with "\n", a bare CR is not)
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["id", "kind", "status", "severity", "subject", "slot", "relation", "explanation", "resolution", "values", "articles"])
    for f in findings:
        w.writerow([csv_cell(v) for v in (
            f["id"], f["kind"], f.get("status", "open"), f["severity"], f["subject"], f["slot"], f.get("relation") or "",
            f["explanation"], f.get("resolution") or "",
            " | ".join(f"{c['value']} ({c['article']})" for c in f["claims"]),
            " ".join(sorted({c["article"] for c in f["claims"]})))])
    return buf.getvalue()


def md_escape(text) -> str:
    """Markdown-safe inline text: no HTML, no table breaks, no stray emphasis, no entities.

    A leading list, quote or heading marker ("- ", "1. ", "+", "=") is escaped too:
    some values open a line of the report.
    """
    text = " ".join(str(text if text is not None else "").split())
    for ch in "\\`*_[]<>|#&~":
        text = text.replace(ch, "\\" + ch)
    return re.sub(r"^(\d{1,9})([.)])|^([-+=])", lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def md_code(text) -> str:
    """An inline Markdown code span that holds any text, backticks included."""
    text = " ".join(str(text if text is not None else "").split())
    runs = re.findall(r"`+", text)
    fence = "`" * (max((len(r) for r in runs), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def mark(sentence: str, value: str):
    """The sentence, escaped, with the cited value highlighted."""
    from markupsafe import Markup, escape

    sentence, value = str(sentence or ""), str(value or "")
    i = sentence.find(value) if value else -1
    if i < 0:
        return escape(sentence)
    return escape(sentence[:i]) + Markup("<mark>") + escape(value) + Markup("</mark>") + escape(sentence[i + len(value):])


def highlight(claim: dict, texts: dict | None = None):
    """The claim's sentence, escaped, with the cited value marked at its own offsets.

    `mark` marks the first occurrence of the value; when the article text is at
    hand, the sentence is located around `start`/`end` so that a value written
    twice in one sentence is marked where the claim cites it.
    """
    from markupsafe import Markup, escape

    sentence, value = str(claim.get("sentence") or ""), str(claim.get("value") or "")
    text = (texts or {}).get(claim.get("article"))
    start, end = claim.get("start"), claim.get("end")
    if text and sentence and value and isinstance(start, int) and isinstance(end, int) and text[start:end] == value:
        pos = text.find(sentence, max(0, end - len(sentence)))
        if 0 <= pos <= start and end <= pos + len(sentence):
            i, j = start - pos, end - pos
            return escape(sentence[:i]) + Markup("<mark>") + escape(value) + Markup("</mark>") + escape(sentence[j:])
    return mark(sentence, value)


def safe_url(url) -> str | None:
    """Only web links become links: no javascript:, data: or relative URLs from article metadata."""
    url = str(url or "").strip()
    return url if re.match(r"https?://[^\s]+$", url, re.IGNORECASE) else None


def attr_list(items) -> str:
    """Space-separated list for a data attribute; a space or % inside an item is percent-encoded."""
    return " ".join(str(i).replace("%", "%25").replace(" ", "%20") for i in items)


def humanize(slot) -> str:
    text = str(slot or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "(no slot)"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=jinja2.select_autoescape(["html.j2", "html"], default_for_string=False, default=False),
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined, finalize=_finalize)
    env.filters["md"] = md_escape
    env.filters["code"] = md_code
    env.filters["mark"] = mark
    env.filters["attr_list"] = attr_list
    env.filters["humanize"] = humanize
    env.filters["plural"] = plural
    return env


SEVERITIES = ("high", "medium", "low", "info")
SECTIONS = {"headline": "Headline", "worth_a_look": "Worth a look"}
QUOTES_SHOWN = 2  # per side; the rest fold under "N more"


def _is_dismissed(f: dict) -> bool:
    return f.get("status") == "dismissed"


def _quote(c: dict, meta: dict, texts: dict) -> dict:
    a = meta.get(c.get("article"), {})
    hedge = c.get("hedge")
    return {
        "id": c.get("id") or "", "article": c.get("article") or "", "value": c.get("value") or "",
        "sentence": c.get("sentence") or "", "html": highlight(c, texts),
        "hedge": hedge if hedge and hedge != "asserted" else None, "source": c.get("source"),
        "published": c.get("published") or a.get("published"),
        "title": c.get("title") or a.get("title"), "url": safe_url(c.get("url") or a.get("url")),
    }


def finding_view(f: dict, meta: dict, texts: dict) -> dict:
    """One finding as the templates show it: its sides, each with its quotes, newest first."""
    claims = [c for c in (f.get("claims") or []) if isinstance(c, dict)]
    by_id = {c["id"]: c for c in claims if c.get("id")}
    sides, used = [], set()
    for s in f.get("sides") or []:
        ids = [i for i in (s.get("claims") or []) if i in by_id]
        used.update(ids)
        sides.append({"value": s.get("value"), "claims": [by_id[i] for i in ids], "articles": list(s.get("articles") or [])})
    for c in claims:  # claims no side cites (or no sides at all): one side per value, in order
        if c.get("id") in used and c.get("id"):
            continue
        side = next((s for s in sides if s["value"] == c.get("value")), None)
        if side is None:
            side = {"value": c.get("value"), "claims": [], "articles": []}
            sides.append(side)
        side["claims"].append(c)
    for s in sides:
        quotes, seen = [], set()
        for q in (_quote(c, meta, texts) for c in s.pop("claims")):
            if (q["article"], q["sentence"]) not in seen:  # one sentence that says it twice is quoted once
                seen.add((q["article"], q["sentence"]))
                quotes.append(q)
        quotes.sort(key=lambda q: q["published"] or "", reverse=True)  # stable: ties keep the finding's order
        s["quotes"] = quotes
        s["articles"] = s["articles"] or sorted({q["article"] for q in quotes})
    articles = sorted({q["article"] for s in sides for q in s["quotes"]} | set(f.get("articles") or []))
    return {
        "id": f.get("id") or "", "kind": f.get("kind") or "", "subject": f.get("subject") or "", "slot": f.get("slot") or "", "measure": f.get("measure") if isinstance(f.get("measure"), str) else None,
        "severity": f.get("severity") or "low", "explanation": f.get("explanation") or "",
        "relation": f.get("relation"), "resolution": f.get("resolution"),
        "status": "dismissed" if _is_dismissed(f) else (f.get("status") or "open"), "reason": f.get("reason"),
        "sides": sides, "articles": articles, "within_article": len(articles) == 1 and len(sides) > 1,
        # set by the claim-extraction work when it lands; filters use them where present
        "confidence": f.get("confidence"), "section": f.get("section"),
        "timeline": None,  # see timeline.timelines
    }


def variant_view(f: dict, spelled_in: dict) -> dict:
    """A spelling-variant finding: each spelling with its count and the articles it is written in."""
    where = spelled_in.get(f.get("entity")) or {}
    if not where:
        for c in f.get("claims") or []:
            where.setdefault(c.get("value"), set()).add(c.get("article"))
    spellings = f.get("spellings") or {}
    rows = [{"surface": s, "count": int(n or 0), "suggested": s == f.get("subject"), "articles": sorted(where.get(s, ()))}
            for s, n in spellings.items()]
    rows.sort(key=lambda r: (not r["suggested"], -r["count"], r["surface"]))
    return {"id": f.get("id") or "", "subject": f.get("subject") or "", "explanation": f.get("explanation") or "",
            "spellings": rows, "articles": sorted(f.get("articles") or {a for r in rows for a in r["articles"]})}


def article_order(article_id) -> tuple:
    """Articles by id, `feed.jsonl#2` before `feed.jsonl#10`: the report must not depend on the order they came in."""
    name, _, line = str(article_id).rpartition("#")
    return (name, int(line)) if name and line.isdigit() else (str(article_id), -1)


def context(result) -> dict:
    from .timeline import timelines

    findings = records(result.findings) if len(result.findings) else []
    articles = sorted(records(result.articles) if len(result.articles) else [], key=lambda a: article_order(a["article"]))
    entities = records(result.entities) if len(result.entities) else []
    texts = getattr(result, "texts", None) or {}
    meta = {a["article"]: a for a in articles}
    contradictions = [f for f in findings if f["kind"] == "contradiction"]
    views = {f["id"]: finding_view(f, meta, texts) for f in findings if f["kind"] != "spelling_variant"}
    charts = timelines(findings, records(result.claims) if len(result.claims) else [], articles)
    for fid, view in views.items():
        view["timeline"] = charts.get(fid)

    # open contradictions grouped by subject; groups in the order of their first (highest-ranked) finding
    # the headline first, then what is worth a look (below the confidence threshold), each by subject
    contradictions = sorted(contradictions, key=lambda f: f.get("section") == "worth_a_look")
    groups: dict[tuple, list[dict]] = {}
    for f in contradictions:
        if not _is_dismissed(f):
            groups.setdefault((f.get("section") == "worth_a_look", f["subject"]), []).append(views[f["id"]])
    spelled_in: dict[str, dict[str, set]] = {}
    for e in entities:
        for m in e.get("mentions") or []:
            spelled_in.setdefault(e["id"], {}).setdefault(m["surface"], set()).add(m["article"])
    variants = [f for f in findings if f["kind"] == "spelling_variant"]
    open_contradictions = [views[f["id"]] for f in contradictions if not _is_dismissed(f)]
    involved: dict[str, int] = {}
    for v in open_contradictions:
        for a in v["articles"]:
            involved[a] = involved.get(a, 0) + 1
    slots = sorted({v["slot"] for v in open_contradictions})
    present = {v["severity"] for v in open_contradictions}
    dismissed = []
    for f in findings:
        if _is_dismissed(f):
            dismissed.append(views.get(f["id"]) or finding_view(f, meta, texts))
    return {
        "root": result.root.name or str(result.root),
        "findings": findings,
        "contradictions": contradictions,
        "variants": variants,
        "articles": articles,
        "article_meta": meta,
        "warnings": list(getattr(result, "warnings", None) or []),
        "counts": {
            "articles": len(articles), "claims": len(result.claims), "entities": len(result.entities),
            "contradictions": len(open_contradictions),
            "dismissed": sum(_is_dismissed(f) for f in findings),
            "variants": sum(not _is_dismissed(f) for f in variants),
            "high": sum(v["severity"] == "high" for v in open_contradictions),
        },
        "texts": texts,
        # views for the HTML report
        "groups": [{"subject": s, "findings": fs} for (later, s), fs in groups.items() if not later],
        "worth_groups": [{"subject": s, "findings": fs} for (later, s), fs in groups.items() if later],
        "open_contradictions": open_contradictions,
        "others": [views[f["id"]] for f in findings if f["kind"] not in ("contradiction", "spelling_variant") and not _is_dismissed(f)],
        "dismissed": dismissed,
        "variant_rows": [variant_view(f, spelled_in) for f in variants if not _is_dismissed(f)],
        "article_rows": [{"file": a["article"], "title": a.get("title"), "url": safe_url(a.get("url")),
                          "published": a.get("published"), "published_source": a.get("published_source"),
                          "contradictions": involved.get(a["article"], 0)} for a in articles],
        "filter_slots": [(s, humanize(s)) for s in slots],
        "filter_severities": [s for s in SEVERITIES if s in present] + sorted(present - set(SEVERITIES)),
        "filter_articles": [a["article"] for a in articles],
        # confidence and section come with the claim-extraction work; until then these filters stay away
        "filter_confidence": any(v.get("confidence") is not None for v in open_contradictions),
        "filter_sections": [(s, SECTIONS.get(s, humanize(s))) for s in
                            sorted({v["section"] for v in open_contradictions if v.get("section")}, key=lambda s: (s not in SECTIONS, s))],
        "quotes_shown": QUOTES_SHOWN,
        "served": None,  # the live page (factcheck serve) sets its token and routes here
    }


def write_all(result, out: Path) -> list[Path]:
    """Write the whole output contract into `out`."""
    findings = records(result.findings) if len(result.findings) else []
    entities = records(result.entities) if len(result.entities) else []
    claims = records(result.claims) if len(result.claims) else []
    env = environment()
    ctx = context(result)
    files = {
        "claims.jsonl": jsonl(claims),
        "entities.jsonl": jsonl(entities),
        "findings.jsonl": jsonl(findings),
        "findings.csv": findings_csv(findings),
        "report.md": env.get_template("report.md.j2").render(**ctx),
        "report.html": env.get_template("report.html.j2").render(**ctx),
    }
    targets = {out / name: text for name, text in files.items()}
    clash = inputs_among(result, list(targets))
    if clash:
        raise OSError(f"{clash}: an input of the corpus would be overwritten by a report; "
                      f"write the reports into a folder that holds no article (--out)")
    atomic_write_all(targets)
    return list(targets)


def inputs_among(result, paths: list[Path]) -> Path | None:
    """The first of `paths` that is a file the scan read (or tried to read) as an article."""
    from ..corpus import path_of

    root = Path(result.root)
    base = root if root.is_dir() else root.parent
    ids = list(result.articles["article"]) if len(result.articles) else []
    inputs = set()
    for aid in ids + list(getattr(result, "skipped", None) or []):
        try:
            inputs.add(os.path.realpath(base / path_of(str(aid))))
        except (OSError, ValueError):
            continue
    return next((p for p in paths if os.path.realpath(p) in inputs), None)
