"""The scan: corpus in, claim / entity / finding frames out.

Per-article work (NLP, mention mining, claim extraction) is cached and is the
only part that touches the model; corpus-level work (the name lexicon, entity
resolution, typed values, comparison) runs on plain rows every time.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd

from . import compare, nlp as fnlp, textguard
from .claims import FILM, PATTERNS, SlotSpec
from .corpus import ALIASES, DRAFT, Article, Corpus, read_aliases, read_corpus
from .names import (Mention, canonical, fold, installment, is_short_form, key, listed_numbers, parts, resolve, text_aliases,
                    with_numbers, with_subtitles, without_installment)
from .store import Cache
from .works import Works, corpus_kind, describe, headline_work, main_installment, pin_seasons, same_work, work_title
from .confidence import THRESHOLD, claim_confidence, section
from .values import DURATION_RE, NUMBER_RE, STATUS_GROUPS, DateValue, NumberValue, find_dates, parse_duration, parse_number, value_dict

Progress = Callable[[int, int], None]
Runner = Callable[[list[Article], str, str], list[dict]]


class Stopwatch:
    """Wall time per stage into the caller's dict (`scan(timings=...)`, read by the bench); a no-op without one."""

    def __init__(self, into: dict[str, float] | None = None):
        self.into, self.t = into, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.into is not None:
            self.into[stage] = self.into.get(stage, 0.0) + now - self.t
        self.t = now


@dataclass
class ScanResult:
    """Frames for a notebook, and the writer for the reports."""

    root: Path
    articles: pd.DataFrame
    claims: pd.DataFrame
    entities: pd.DataFrame
    findings: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    drafts: list[str] = field(default_factory=list)  # ids of the articles read as the draft (`check`)
    works: Works | None = None  # what the corpus is about (works.py)

    def write(self, out: Path | str) -> list[Path]:
        from .reports import write_all

        return write_all(self, Path(out))


def pipeline_version(patterns: Path) -> str:
    digest = hashlib.sha1(Path(patterns).read_bytes() + Path(textguard.__file__).read_bytes()).hexdigest()[:8]
    return f"{fnlp.PIPELINE_VERSION}+{digest}"


def extract_articles(articles: list[Article], *, model: str | None = None, cache: Cache | None = None,
                     patterns: Path = PATTERNS, n_process: int = 1, progress: Progress | None = None,
                     runner: Runner | None = None) -> dict[str, dict]:
    """Per-article extraction (mentions and raw claims), from the cache where it can.

    Only the articles missing from the cache reach the model; with none missing
    the model is not even loaded. A `runner` (see `factcheck.cluster`) takes
    `(articles, model, patterns_path)` and returns their results in order.
    """
    model = fnlp.model_name(model)
    version = pipeline_version(patterns)
    keys = {a.id: Cache.key(a.sha, version, model) for a in articles}
    cached = cache.get_many(sorted(set(keys.values()))) if cache else {}
    todo = [a for a in articles if keys[a.id] not in cached]
    done = len(articles) - len(todo)
    if progress:
        progress(done, len(articles))
    fresh: dict[str, dict] = {}
    if todo:
        if runner is not None:
            results = runner(todo, model, str(patterns))
        else:
            results = process_local(todo, model, patterns, n_process, lambda n: progress and progress(done + n, len(articles)))
        for a, res in zip(todo, results):
            fresh[keys[a.id]] = res
        if cache:
            cache.put_many(fresh)
    return {a.id: fresh.get(keys[a.id]) or cached[keys[a.id]] for a in articles}


def process_local(articles: list[Article], model: str, patterns: Path, n_process: int = 1, tick=None) -> list[dict]:
    """The NLP stage here, or in `n_process` worker processes that each load the model once."""
    if n_process > 1 and len(articles) > 1:
        return process_pool(articles, model, patterns, n_process, tick)
    return process_with(fnlp.load(model, patterns=patterns), articles, tick)


def process_with(nlp, articles: list[Article], tick=None) -> list[dict]:
    """Per-article results from a loaded pipeline (pool and cluster workers keep theirs loaded).

    Docs are made lazily so that each is dropped once its result is taken: memory
    stays flat however many articles there are.
    """
    def docs():
        for a in articles:
            doc = nlp.make_doc(textguard.masked(a.text))  # same length: offsets still point into a.text
            doc._.title = a.title
            yield doc

    out = []
    for i, doc in enumerate(nlp.pipe(docs(), batch_size=16), 1):
        out.append(doc_result(doc))
        if tick:
            tick(i)
    return out


_worker_nlp = None


def _pool_start(model: str, patterns: str) -> None:
    global _worker_nlp
    _worker_nlp = fnlp.load(model, patterns=Path(patterns))


def _pool_batch(articles: list[Article]) -> list[dict]:
    return process_with(_worker_nlp, articles)


def process_pool(articles: list[Article], model: str, patterns: Path, n_process: int, tick=None) -> list[dict]:
    """Batches of articles in worker processes, results back in input order.

    Not spaCy's own `n_process`: it ships Docs between processes, and msgpack
    cannot carry the Mention objects in `doc._.mentions`; plain articles and
    plain result dicts travel light. `spawn`, because a caller may hold threads.
    """
    batches = [articles[i:i + 16] for i in range(0, len(articles), 16)]
    out: list[dict] = []
    ctx = multiprocessing.get_context("spawn")
    with _one_thread_each(), _workers_deaf_to_ctrl_c():
        pool = ctx.Pool(min(n_process, len(batches)), initializer=_pool_start, initargs=(model, str(patterns)))
    with pool:
        for results in pool.imap(_pool_batch, batches):
            out.extend(results)
            if tick:
                tick(len(out))
    return out


@contextmanager
def _workers_deaf_to_ctrl_c():
    """Processes started in the block begin with SIGINT blocked, and keep it so: Ctrl-C reaches the
    terminal's whole process group, and only the parent should answer it (one line, no worker
    tracebacks); it stops the workers itself. A Ctrl-C that comes meanwhile waits for the block's end."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def _one_thread_each():
    """Workers start with one BLAS/OpenMP thread each, as joblib's do: N processes with N
    threads apiece on N cores only fight over them. The caller's own settings win."""
    keys = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update({k: v or "1" for k, v in saved.items()})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)


def doc_result(doc) -> dict:
    return {"mentions": [[m.start, m.end, m.surface, m.label] for m in doc._.mentions or []],
            "claims": doc._.claims or []}


# ----------------------------------------------------------------- corpus level

def lexicon_mentions(articles: list[Article], known: set[str]) -> dict[str, list[Mention]]:
    """Every further occurrence of a name the corpus already knows, as a corpus-level pass.

    A name found in one article (often in a cast list or by NER) is also found
    where the per-article miners missed it, without re-running the pipeline.
    Names are indexed by their first three characters and tried only at word
    starts, so the pass grows with the text, not with text times lexicon.
    """
    index: dict[str, list[str]] = defaultdict(list)
    for name in sorted((s for s in known if len(s) >= 3), key=lambda s: (-len(s), s)):
        index[name[:3]].append(name)
    out = {}
    for a in articles:
        text, found, taken = a.text, [], 0
        for m in _WORD_START.finditer(text):
            i = m.start()
            if i < taken:
                continue
            for name in index.get(text[i:i + 3], ()):
                end = i + len(name)
                if text.startswith(name, i) and (end == len(text) or not (text[end].isalnum() or text[end] in "-_")):
                    found.append(Mention(i, end, name, "NAME"))
                    taken = end
                    break
        out[a.id] = found
    return out


_WORD_START = re.compile(r"(?<![\w-])\w")


_FUTURE = re.compile(r"\b(?:will|would|could|may|might|expected|set to|slated|scheduled|plans?|aiming|hopes?|likely|until)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|did|announced|confirmed|said|revealed|reported|aired|premiered|debuted|released|"
                   r"renewed|returned|began|started|wrapped|ended|launched|arrived|dropped|landed|streamed)\b", re.IGNORECASE)


def _dated(article: Article) -> date | None:
    """The latest day-precise date an article reports as past: it was written no earlier.

    Only sentences told in the past count, so a draft's "premieres September 14"
    does not make it look newer than the sources.
    """
    best = None
    text = article.text
    for s, e, v in find_dates(text):
        start = max(text.rfind(".", 0, s), text.rfind("\n", 0, s)) + 1
        clause = max(start, text.rfind(",", 0, s) + 1, text.rfind(";", 0, s) + 1)
        stop = min((i for i in (text.find(".", e), text.find("\n", e)) if i >= 0), default=len(text))
        if _FUTURE.search(text[clause:s]) or not _PAST.search(text[clause:stop]):
            continue
        if v.year and v.month_lo and v.granularity == "day" and v.resolved_from == "text":
            d = date(v.year, v.month_lo, v.day_lo or 1)
            best = max(best or d, d)
    return best


def typed_value(slot_type: str, claim: dict, published: date | None, article_text: str = ""):
    text = claim["value"]
    if slot_type == "quantity" and claim.get("kind") == "date":
        slot_type = "date"  # an open attribute's date: read like a named slot's, with the publication date
    if slot_type == "status":
        return STATUS_GROUPS.get(claim.get("status") or "", None)
    if slot_type == "date":
        # re-read the date in its context ("in 2023"), now with the publication date
        lo = max(0, claim["start"] - 40)
        trailing = len(text) - len(text.rstrip("-–—,;:"))  # "August 7, 2021-": a dash the tokenizer left on it
        for s, e, v in find_dates(article_text[lo:claim["end"] + 5], published):
            if lo + s == claim["start"] and claim["end"] - trailing <= lo + e <= claim["end"]:
                return v
        return None
    if slot_type == "duration":  # read where it stands: "Running Time: 1:35" is a runtime by its label
        m = DURATION_RE.search(article_text, claim["start"], claim["end"]) if article_text else DURATION_RE.search(text)
        return parse_duration(m) if m else None
    if slot_type == "quantity":  # parsed once, at extraction
        return NumberValue(claim["amount"], claim["unit"], claim["bound"], 0.5 if claim["kind"] == "count" else claim.get("step") or 0.0)
    if slot_type in ("number", "money"):
        m = NUMBER_RE.search(text)
        return parse_number(m) if m else None
    return None


_ALIAS_BETWEEN = re.compile(r"\s*(?:\(|/|,?\s*(?:aka|a\.k\.a\.|also known as|or)\s)\s*", re.IGNORECASE)


_SAME_PERSON = re.compile(r"\b(?:same (?:person )?as|also known as|better known as|aka|a\.k\.a|formerly|née|born|real name)\b",
                          re.IGNORECASE)


def _without_credit_lists(rows: list[dict]) -> list[dict]:
    """"They are joined by Kim Hee-won (Big Issue), Lee Jung-ha (Nevertheless), …": a list of bracketed
    names whose actors the same article casts as others ("Kim Hee-won will play Choi Il-hwan") gives
    their earlier works. Two such actors in a list of three or more make the whole list credits."""
    explicit = defaultdict(set)
    for r in rows:
        if r["slot"] == "cast_role" and r.get("orientation") == "explicit" and r.get("actor_entity"):
            explicit[(r["article"], r["actor_entity"])].add(r.get("entity") or r["value"])
    lists = defaultdict(list)
    for r in rows:
        if r["slot"] == "cast_role" and r.get("orientation") == "paren":
            lists[(r["article"], r["sent_start"])].append(r)
    credits = set()
    for where, items in lists.items():
        other = sum(bool(explicit.get((r["article"], r.get("actor_entity")), set()) - {r.get("entity") or r["value"]})
                    for r in items)
        if len(items) >= 3 and other >= 2:
            credits.add(where)
    return [r for r in rows if not (r["slot"] == "cast_role" and r.get("orientation") == "paren"
                                    and (r["article"], r["sent_start"]) in credits)]


def named_apart(text: str, mentions: list[Mention]) -> set[tuple[str, str]]:
    """Two full names in one sentence are two people ("composed by Mikel Arregui, no relation to
    actor Mikel Arregi"); unless one is given as the other's alias ("Lee Jae-kyoo (Lee JQ)")."""
    full = [m for m in mentions if len(parts(m.surface)) >= 2]
    out = set()
    for i, m in enumerate(full):
        for n in full[i + 1:i + 6]:
            between = text[m.end:n.start]
            if (m.surface != n.surface and len(between) < 200 and not re.search(r"[.!?]\s|\n", between)
                    and not _ALIAS_BETWEEN.fullmatch(between) and not _SAME_PERSON.search(between)
                    and fold(m.surface) not in fold(n.surface)
                    and fold(n.surface) not in fold(m.surface)):
                out.add(tuple(sorted((m.surface, n.surface))))
    return out


FINDING_COLUMNS = ["id", "kind", "subject", "slot", "severity", "confidence", "section", "explanation", "sides", "claims"]  # of an empty frame


def scan(path: Path | str, *, model: str | None = None, cache: Path | str | None = None, use_cache: bool = True,
         patterns: Path | str | None = None, aliases: Path | str | None = None, n_process: int = 1,
         progress: Progress | None = None, runner: Runner | None = None, draft: Path | str | None = None,
         timings: dict[str, float] | None = None, min_confidence: float = THRESHOLD) -> ScanResult:
    """Scan a corpus folder (or one file) and return claims, entities and findings as DataFrames.

    Findings at or above `min_confidence` are the headline (`section`); the rest are "worth a look".

    With `draft`, that file is read in the context of the corpus, as the article `DRAFT:<name>`.
    With `timings`, the seconds of each stage (ingest, extract, names, values, compare) are added to it.
    """
    clock = Stopwatch(timings)
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such file or folder")
    patterns = Path(patterns) if patterns else PATTERNS
    spec = SlotSpec.load(patterns)
    corpus = read_corpus(root)
    drafts: list[str] = []
    if draft is not None:
        extra = read_corpus(Path(draft))
        if not extra.articles:
            raise ValueError("; ".join(extra.warnings) or f"{draft}: no text")
        taken = {a.id for a in corpus.articles}
        for a in extra.articles:
            draft_id = f"{DRAFT}{a.id}"
            while draft_id in taken:  # corpus ids never start with DRAFT: (corpus.article_id); kept unique all the same
                draft_id = DRAFT + draft_id
            corpus.articles.append(replace(a, id=draft_id))
            drafts.append(draft_id)
    store = Cache(Path(cache) if cache else default_cache(root)) if use_cache else None
    clock.lap("ingest")
    try:
        raw = extract_articles(corpus.articles, model=model, cache=store, patterns=patterns,
                               n_process=n_process, progress=progress, runner=runner)
    finally:
        if store:
            store.close()
    clock.lap("extract")
    result = assemble(corpus, raw, spec, aliases=load_aliases(root, aliases, corpus), clock=clock)
    if len(result.findings):
        from . import decisions

        rows = decisions.apply(result.findings.to_dict(orient="records"), decisions.load(root))
        result.findings = pd.DataFrame(rows)
    result.drafts = drafts
    if len(result.findings) and "confidence" in result.findings:
        result.findings["section"] = [section(c, min_confidence) for c in result.findings["confidence"]]
    clock.lap("compare")
    return result


def default_cache(root: Path) -> Path:
    base = root if root.is_dir() else root.parent
    return base / ".factcheck" / "cache.sqlite"


def load_aliases(root: Path, path: Path | str | None, corpus: Corpus) -> list[tuple[str, str]]:
    """Editors' aliases: JSON Lines of {"name": ..., "aliases": [...]}, per corpus (`aliases.jsonl`) or given."""
    if path:
        return read_aliases(Path(path), corpus, given=True)
    return read_aliases((root if root.is_dir() else root.parent) / ALIASES, corpus)


_SEQUEL_WORD = re.compile(r"^(?!.*(?:\b2\b|\bII\b|\bsecond\b)).*\bsequel\b", re.IGNORECASE | re.DOTALL)


def assemble(corpus: Corpus, raw: dict[str, dict], spec: SlotSpec, *, aliases=(),
             clock: Stopwatch | None = None) -> ScanResult:
    clock = clock or Stopwatch()
    articles = corpus.articles
    by_id = {a.id: a for a in articles}
    mentions = {a.id: [Mention(*m) for m in raw[a.id]["mentions"]] for a in articles}
    # corpus-level lexicon pass: known multi-part names found again wherever they occur
    known = {m.surface for ms in mentions.values() for m in ms if len(parts(m.surface)) >= 2 or "-" in m.surface}
    for aid, extra in lexicon_mentions(articles, known).items():
        spans = [(m.start, m.end) for m in mentions[aid]]
        for m in extra:
            if not any(s < m.end and m.start < e for s, e in spans):
                mentions[aid].append(m)
        mentions[aid] = sorted(with_subtitles(with_numbers(mentions[aid], by_id[aid].text), by_id[aid].text),
                               key=lambda m: (m.start, m.end))

    work = work_title(articles, mentions)
    claims = []
    for a in articles:
        for c in raw[a.id]["claims"]:
            claims.append(c | {"article": a.id})

    # names that fill one slot of one subject are peers: context for garbles
    peers = defaultdict(set)
    for c in claims:
        if spec.slots[c["slot"]]["type"] == "names":
            peers[(c["slot"], c["season"])].add(c["value"])

    surfaces = Counter(m.surface for ms in mentions.values() for m in ms)
    labels = {}
    for ms in mentions.values():
        for m in ms:
            if m.label != "NAME":
                labels.setdefault(m.surface, m.label)
    apart = sorted({(c["actor"], c["value"]) for c in claims if c["slot"] == "cast_role"}
                   | {pair for a in articles for pair in named_apart(a.text, mentions[a.id])})
    listed = {s for a in articles for s in listed_numbers(a.text, mentions[a.id])}
    apart += sorted({tuple(sorted((n, s))) for n in listed for s in surfaces if s != n and installment(s) == installment(n)
                     and key(without_installment(s)) == key(without_installment(n))})
    given = sorted({pair for a in articles for pair in text_aliases(a.text, mentions[a.id])})
    aliased = {tuple(sorted(g[:2])) for g in given}
    apart = [pair for pair in apart if pair not in aliased]
    resolution = resolve(surfaces, [peers[k] for k in sorted(peers, key=str)], list(aliases) + given, labels=labels, apart=apart)

    entities = build_entities(mentions, resolution, surfaces)
    ent_of = {s: e for e in entities for s in e["spellings_all"]}
    clock.lap("names")

    claim_rows = []
    main = main_installment(articles, work)
    kind = corpus_kind(articles)
    films = main is not None or kind == "film" or any((c.get("season") or 0) > FILM for c in claims)
    model = Works(title=work, kind="film" if films else "series")
    for c in claims:
        a = by_id[c["article"]]
        slot_type = spec.slots[c["slot"]]["type"]
        typed = typed_value(slot_type, c, a.published, a.text)
        if kind == "film" and c.get("season") and c["season"] < FILM:
            # "Venom 3 arrives in October": in a corpus about films, the third film, not a season
            c = c | {"season": FILM + c["season"], "rules": list(c.get("rules", [])) + ["subject.film_number"]}
        if main and main > FILM + 2 and c.get("season") == FILM + 2 and _SEQUEL_WORD.search(a.text[c["sent_start"]:c["sent_end"]]):
            # "the sequel" in a corpus about the fourth film is that film, not the second
            c = c | {"season": main, "rules": list(c.get("rules", [])) + ["subject.latest_sequel"]}
        row = dict(c)
        if films and not c.get("season") and c.get("owner") and fold(c["owner"]) == fold(work):
            c = c | {"season": FILM + 1}  # "Gladiator earned $465 million": the bare title of a film series is its first film
            row["season"] = c["season"]
        elif (main and not c.get("season") and (not c.get("owner") or same_work(c["owner"], work, ent_of))
              and not (isinstance(typed, DateValue) and typed.year and a.published and typed.year < a.published.year - 1)):
            # (a release years before the article that gives it is an earlier film's: "the 2000 original")
            c = c | {"season": main, "rules": list(c.get("rules", [])) + ["subject.main_installment"]}
            row["season"] = main  # "the film opened to $155 million", in a corpus about "Inside Out 2"
        if films and c.get("home") and c["slot"] == "release_date" and not c.get("metric") \
                and not (c.get("season") and c["season"] < FILM):  # a series' season streams as its release
            c = c | {"metric": "home release"}  # "arrives on Disney+ on March 12": the film's second release
            row["metric"] = c["metric"]
        subject = model.subject(c.get("season"), c.get("part"))
        if c.get("owner") and not same_work(c["owner"], work, ent_of):
            subject = c["owner"]
        ent = ent_of.get(c["value"])
        row.update({
            "subject": subject, "sentence": a.text[c["sent_start"]:c["sent_end"]].strip(),
            "published": a.published.isoformat() if a.published else None, "title": a.title, "url": a.url,
            "_published": a.published, "_dated": None, "_typed": typed,
            "normalized": value_dict(typed) if typed is not None else (
                {"type": "entity", "label": ent["canonical"], "entity": ent["id"]} if ent else {"type": "text", "label": c["value"]}),
            "entity": ent["id"] if ent else None, "entity_name": ent["canonical"] if ent else c["value"],
        })
        if slot_type == "date" and typed is not None:
            row["date_source"] = typed.resolved_from
        row["entity_label"] = ent["label"] if ent else None
        measure = spec.slots[c["slot"]].get("measure")
        if measure:  # "grossed $465 million worldwide": a named slot that is one measure of the open attributes
            metric = measure.get("windows", {}).get(c.get("window") or "", measure["metric"])
            c = c | {"slot": "attribute", "rules": list(c.get("rules", [])) + ["slot.as_measure"]}
            row.update({"slot": "attribute", "measure": metric, "metric": metric, "window": measure.get("region"),
                        "grouped": True})
        row["confidence"], evidence = claim_confidence(row, spec.slots[c["slot"]].get("value_label"))
        row["rules"] = list(c.get("rules", [])) + evidence
        if c["slot"] == "cast_role":
            actor = ent_of.get(c["actor"])
            row.update({"actor_entity": actor["id"] if actor else None, "actor_name": actor["canonical"] if actor else c["actor"]})
        claim_rows.append(row)
    claim_rows = orient_cast(claim_rows, mentions)
    # "Hiro Shimono's Seishiro Nagi" is casting when the corpus's cast lines give the owned name as a role
    # and the owner is no role and no crew member of its own; a possessive alone ("Netflix's Arcane") is not
    crew = {r["entity"] for r in claim_rows if r["slot"] != "cast_role" and r.get("entity")
            and spec.slots[r["slot"]].get("value_label") == "PERSON"}
    typed_roles = {r["entity"] for r in claim_rows if r["slot"] == "cast_role" and r.get("orientation") == "explicit"
                   and r.get("entity")}
    claim_rows = [r for r in claim_rows if r.get("orientation") != "typed"
                  or (r.get("entity") in typed_roles and r.get("actor_entity")
                      and r["actor_entity"] not in typed_roles | crew)]
    claim_rows = _without_credit_lists(claim_rows)
    earliest = min((a.published for a in articles if a.published), default=None)
    for r in claim_rows:
        v = r["_typed"]
        if (earliest and r["subject"] and r["subject"].startswith(work) and r["slot"] in ("release_date", "attribute")
                and isinstance(v, DateValue) and v.year and v.year < earliest.year - 1):
            # a release years before the corpus's first article is an earlier work's ("the 2016 original"):
            # kept, never compared
            r["subject"], r["rules"] = None, list(r["rules"]) + ["subject.before_the_corpus"]
    # an actor and a role are people: a numbered title ("Reynolds (Deadpool 3)") is neither
    claim_rows = [r for r in claim_rows if r["slot"] != "cast_role"
                  or not any(installment(r.get(k) or "") for k in ("actor", "value"))]
    # a crew member named beside a bracket is not cast: "Shunsuke Nakashige (Sword Art Online) directs the series"
    # (the crew set above: the filters between drop cast rows only)
    claim_rows = [r for r in claim_rows if not (r["slot"] == "cast_role" and r.get("orientation") == "paren"
                                                and {r.get("entity"), r.get("actor_entity")} & crew)]
    # a character is no crew member: "written by Penelope Featherington" misreads a role the cast lines give
    roles = {r["entity"] for r in claim_rows if r["slot"] == "cast_role" and r.get("entity")}
    actors = {r["actor_entity"] for r in claim_rows if r["slot"] == "cast_role" and r.get("actor_entity")}
    claim_rows = [r for r in claim_rows if spec.slots[r["slot"]].get("value_label") != "PERSON"
                  or not r.get("entity") or r["entity"] not in roles or r["entity"] in actors]
    # the corpus's own work is never a person or a company of its own claims: not an actor or a role
    # ("Joker as Harley Quinn" read from a caption), nor its director ("directed by Kelsey Mann, Inside Out 2")
    claim_rows = [r for r in claim_rows if not (r["slot"] == "cast_role" or spec.slots[r["slot"]]["type"] == "names")
                  or not any(same_work(r.get(k) or "", work, ent_of) and len(r.get(k) or "") >= len(work) - 4
                             for k in ("actor", "value", "actor_name", "entity_name"))]
    pin_seasons(claim_rows, work)
    dated = {a.id: _dated(a) for a in articles}
    for r in claim_rows:
        r["_dated"] = dated[r["article"]]
    claim_rows.sort(key=lambda r: (r["article"], r["start"], r["end"], r["slot"]))
    for r in claim_rows:
        r["id"] = "c-" + hashlib.sha1(f"{r['article']}|{r['slot']}|{r['start']}|{r['end']}".encode()).hexdigest()[:10]
    clock.lap("values")

    findings = find(claim_rows, spec, entities, work)
    return ScanResult(
        root=corpus.root,
        articles=pd.DataFrame([a.meta() | {"sha": a.sha, "chars": len(a.text)} for a in articles],
                              columns=["article", "title", "url", "published", "published_source", "sha", "chars"]),
        claims=claims_frame(claim_rows),
        entities=pd.DataFrame([{k: v for k, v in e.items() if k != "spellings_all"} for e in entities],
                              columns=["id", "canonical", "label", "spellings", "mentions", "merges"]),
        findings=pd.DataFrame([f.as_dict() for f in findings], columns=None if findings else FINDING_COLUMNS),
        warnings=list(corpus.warnings), skipped=list(corpus.skipped), texts={a.id: a.text for a in articles},
        works=describe(work, "headlines" if headline_work(articles) else "titles", claim_rows, model.kind),
    )


CLAIM_COLUMNS = ["id", "article", "subject", "slot", "measure", "value", "normalized", "hedge", "confidence", "rules", "source",
                 "polarity", "sentence",
                 "start", "end", "season", "part", "metric", "window", "entity", "actor", "actor_entity", "actor_start",
                 "actor_end", "date_source", "published", "title", "url"]


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: r.get(k) for k in CLAIM_COLUMNS} for r in rows], columns=CLAIM_COLUMNS)


def build_entities(mentions: dict[str, list[Mention]], resolution, surfaces: Counter) -> list[dict]:
    clusters: dict[int, list[tuple[str, Mention]]] = defaultdict(list)
    for aid in sorted(mentions):
        for m in mentions[aid]:
            clusters[resolution.cluster_of[m.surface]].append((aid, m))
    merges_by_surface = defaultdict(list)
    for mg in resolution.merges:
        merges_by_surface[mg.a].append(mg)
    out = []
    for idx, items in clusters.items():
        counts = Counter(m.surface for _, m in items)
        canon = canonical(counts)
        labels = Counter(m.label for _, m in items if m.label != "NAME")
        # spellings: distinct full-form writings, not the short forms ("Hamilton")
        full = {s: counts[s] for s in sorted(counts, key=lambda s: (-counts[s], s)) if not is_short_form(s, counts)}
        by_short_key = defaultdict(list)
        for s in counts:
            if s not in full:
                by_short_key[key(s)].append(s)
        for group in by_short_key.values():
            if len(group) > 1:  # a short form written several ways ("Min-ji", "Min-Ji") is worth an editor's eye too
                full.update({s: counts[s] for s in sorted(group, key=lambda s: (-counts[s], s))})
        merges = [{"a": mg.a, "b": mg.b, "rule": mg.rule, "score": mg.score}
                  for s in sorted(counts) for mg in merges_by_surface.get(s, [])]
        out.append({
            "id": "e-" + hashlib.sha1(key(canon).encode()).hexdigest()[:10],
            "canonical": canon, "label": labels.most_common(1)[0][0] if labels else "NAME",
            "spellings": full, "spellings_all": set(counts),
            "mentions": [{"article": aid, "surface": m.surface, "start": m.start, "end": m.end}
                         for aid, m in sorted(items, key=lambda x: (x[0], x[1].start, x[1].end))],
            "merges": merges,
        })
    out.sort(key=lambda e: (e["canonical"].lower(), e["id"]))
    return out


def orient_cast(rows: list[dict], mentions) -> list[dict]:
    """Decide "R (A)" against "A (R)" from how the corpus uses each name elsewhere."""
    actor_votes, role_votes = Counter(), Counter()
    for r in rows:
        if r["slot"] == "cast_role" and r.get("orientation") == "explicit":
            actor_votes[r.get("actor_entity")] += 2
            role_votes[r.get("entity")] += 2
    out = []
    for r in rows:
        if r["slot"] == "cast_role" and r.get("orientation") == "paren":
            inner, outer = r.get("actor_entity"), r.get("entity")
            inner_score = actor_votes[inner] + role_votes[outer] - actor_votes[outer] - role_votes[inner]
            if inner_score == 0:
                inner_score = len(parts(r["actor"])) - len(parts(r["value"])) or 1
            if inner_score < 0:
                r = r | {"value": r["actor"], "start": r["actor_start"], "end": r["actor_end"],
                         "actor": r["value"], "actor_start": r["start"], "actor_end": r["end"],
                         "entity": r["actor_entity"], "actor_entity": r["entity"],
                         "entity_name": r["actor_name"], "actor_name": r["entity_name"],
                         "normalized": {"type": "entity", "label": r["actor_name"], "entity": r["actor_entity"]}}
        out.append(r)
    return out


def full_names(rows: list[dict], entities: list[dict]) -> list[dict]:
    """A one-word name ("Scott", "Mescal") stands for the one full name of the corpus it is part of
    ("Ridley Scott", "Paul Mescal"), so a short form never makes a side of its own. With several
    such full names the short form is left as it is: it could be any of them."""
    by_part: dict[str, list[dict]] = defaultdict(list)
    for e in entities:
        if e.get("label") in ("PERSON", "NAME") and len(parts(e["canonical"])) >= 2:
            for piece in parts(e["canonical"]):
                by_part[fold(piece)].append(e)
    in_block: dict[tuple, set[str]] = defaultdict(set)  # full names already given for one slot of one subject
    for r in rows:
        if r.get("entity_name") and len(parts(r["entity_name"])) >= 2:
            in_block[(r["slot"], r["subject"])].add(r["entity"])
    out = []
    for r in rows:
        for ent_field, name_field in (("entity", "entity_name"), ("actor_entity", "actor_name")):
            name = r.get(name_field)
            if not name or len(parts(name)) != 1:
                continue
            candidates = by_part.get(fold(name), [])
            near = [e for e in candidates if e["id"] in in_block[(r["slot"], r["subject"])]]
            if len(near) == 1 or len(candidates) == 1:
                full = (near or candidates)[0]
                r = r | {ent_field: full["id"], name_field: full["canonical"],
                         "rules": list(r.get("rules", [])) + ["names.short_form_in_comparison"]}
        out.append(r)
    return out


def find(rows: list[dict], spec: SlotSpec, entities: list[dict], work: str) -> list[compare.Finding]:
    rows = full_names(rows, entities)
    blocks: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["slot"] == "cast_role" or r["subject"] is None:
            continue  # a subject that cannot be settled is never compared
        blocks[(r["slot"], r["subject"], r.get("metric") or "", r.get("window") or "")].append(r)
    # the seasons the corpus is about: named in claims of two articles or more, not one aside
    # ("longer than the original 2019 movie's runtime") that would unpin every other figure
    in_articles: dict = defaultdict(set)
    for r in rows:
        if r.get("season"):
            in_articles[r["season"]].add(r["article"])
    seasons = {s for s, arts in in_articles.items() if len(arts) > 1}
    findings = []
    for (slot, subject, metric, window), rs in sorted(blocks.items()):
        if ((metric or spec.slots[slot].get("per_season")) and len(seasons) > 1 and subject == work
                and not any(r.get("season") or r.get("part") for r in rs)):
            # a figure or a date that names no season of the corpus's work, in a corpus about several, is
            # compared with its like, its finding marked: it may hold several seasons' figures
            rs = [r | {"rules": list(r["rules"]) + ["subject.unpinned"]} for r in rs]
        slot_type = spec.slots[slot]["type"]
        label = spec.slots[slot].get("label", slot)
        if "{metric}" in label:
            label = label.format(metric=metric).capitalize() + (f" ({window})" if window else "")
        elif metric:
            label = f"{label} ({metric}{', ' + window if window else ''})"
        if slot_type == "names":
            f = compare.compare_sets(rs, subject, slot, label)
        else:
            if slot == "audience" and not window:
                continue  # a figure without its window is not comparable
            f = compare.compare_values(rs, subject, slot, label)
            if f and slot == "attribute":
                f.extra["measure"] = metric  # what the open attribute measures, for the reports' headings
        if f:
            findings.append(f)
    findings += compare.compare_roles([r for r in rows if r["slot"] == "cast_role"])
    findings += compare.spelling_findings(entities)
    return compare.rank(findings)
