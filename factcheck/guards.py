"""Guards: named rules that refuse a claim a trigger found, registered by name.

The pattern data names the guards a trigger needs (`"guards": ["names_its_value"]`), as
SpanRuler patterns carry ids, so one rule serves every trigger that needs it. A guard takes
the Doc, the trigger's span and a candidate value's span, and returns True when the trigger
cannot be about that value; names the registry does not hold are refused when the patterns load.
"""
from __future__ import annotations

from typing import Callable

GUARDS: dict[str, Callable] = {}


def guard(name: str):
    """Register a guard under a name the pattern data can give."""
    def register(fn):
        GUARDS[name] = fn
        return fn
    return register


def refused(names: list[str], doc, trigger, value) -> str | None:
    """The first named guard that refuses the value, or None."""
    for name in names:
        if GUARDS[name](doc, trigger, value):
            return name
    return None


# nouns that say which work a job is on ("series director", "Season 2 director") or what kind of
# writer is meant ("screenplay writer"), not another job
WORK_QUALIFIERS = {"series", "season", "film", "movie", "show", "anime", "franchise", "sequel", "drama", "project", "feature",
                   "screenplay", "script", "story", "head", "lead", "chief", "main"}
# words before a job noun that make it another job, whatever the tagger calls them ("set director")
OTHER_JOBS = {"art", "set", "casting", "music", "photography", "animation", "action", "stunt", "sound", "costume", "production",
              "assistant", "episode", "unit", "creative", "technical", "dialogue", "voice", "dub", "dubbing", "cgi", "vfx",
              "effects", "storyboard", "theatre", "theater", "stage", "video", "documentary", "commercial"}
_LINKS = {"compound", "appos", "nmod", "amod", "npadvmod"}


@guard("qualified_job")
def qualified_job(doc, trigger, value) -> bool:
    """"art director Lee Young-joo", "set director", "casting director": another job than the slot's.
    A noun that names the work the job is on ("series director", "Season 2 director") is no other job."""
    job = trigger.root
    return any(c.lower_ in OTHER_JOBS or c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() not in WORK_QUALIFIERS
               for c in job.children if c.i < job.i)


@guard("object_of_by")
def object_of_by(doc, trigger, value) -> bool:
    """"created by Hollywood newcomer Dan Erickson": the name is the object of "by" (or one of a list
    joined to it), not a word that describes it."""
    by = trigger[-1]
    name = value.root
    while name.dep_ in ("conj", "appos") and name.head.pos_ == "PROPN":
        name = name.head
    return not (name.head.i == by.i and name.dep_ in ("pobj", "dobj"))


@guard("names_its_value")
def names_its_value(doc, trigger, value) -> bool:
    """A job noun names the person it stands beside ("director Shota Goshozono", "the director,
    Shota Goshozono"), not a name further on in its clause ("the director told Business Insider",
    "screenplay writer for Guardian"). The parse links the two by a modifier or an apposition, or the
    name is coordinated with one so linked ("directors Ana Ruiz and Tom Lee")."""
    job, name = trigger.root, value.root
    if job.i == job.sent.start and doc[job.i + 1:value.start].text.strip() == ":":
        return False  # "Director: Takashi Katagiri", a credits line
    if any(t.dep_ == "prep" for tok in value for t in _path(job, tok)):
        return True  # "the screenplay writer for Guardian: The Great and Lonely God": what the writer wrote
    while name.dep_ in ("conj", "appos") and name.head.pos_ == "PROPN" and name.head.i >= value.start - 8:
        name = name.head  # "directors Ana Ruiz and Tom Lee": the list's first name is the one linked
    if job.head.i == name.i and job.dep_ in _LINKS:
        return False  # "director Shota Goshozono": the job noun modifies the name
    if name.head.i == job.i and name.dep_ in ("appos", "compound", "nmod", "npadvmod"):
        return False  # "the director, Shota Goshozono"
    if name.dep_ == "attr" and job.dep_ == "nsubj" and name.head.i == job.head.i:
        return False  # "the season's director is Shota Goshozono"
    if any(t.i == name.i for t in job.subtree) and _path(job, name):
        return False  # inside the job noun's own phrase
    return True


def _path(top, tok) -> list:
    """The tokens from tok up to (not including) top, when top governs tok."""
    out = []
    while tok.i != top.i and tok.head.i != tok.i:
        out.append(tok)
        tok = tok.head
    return out if tok.i == top.i else []


# verbs and nouns that move a date: what they move it from is no longer the date
MOVES = {"move", "push", "delay", "postpone", "shift", "bump", "reschedule", "change", "pull"}


def _preposition(value):
    """The preposition a value is the object of ("to" in "moved to Nov. 8"), or None."""
    root = value.root
    while root.dep_ in ("compound", "nummod", "npadvmod", "appos") and root.head.i != root.i:
        root = root.head
    return root.head if root.dep_ == "pobj" else None


@guard("moved_to")
def moved_to(doc, trigger, value) -> bool:
    """"pushed back the film to November 8", "delayed until 2025": a move verb dates the release by
    where it moves it to, never by where it moved it from."""
    prep = _preposition(value)
    return prep is None or prep.lower_ not in ("to", "until", "till", "into", "for")


@guard("not_moved_from")
def not_moved_from(doc, trigger, value) -> bool:
    """"pushed back the release from May 3 to July 26": the date a release was moved from is the old
    one, whatever trigger is nearest to it ("streaming from March 5" still dates a release)."""
    prep = _preposition(value)
    return prep is not None and prep.lower_ == "from" and any(t.lemma_.lower() in MOVES for t in [prep.head, *prep.head.ancestors])


# what confirming, announcing or ordering a season says; "production" and "renewal" are said of it
_SEASON_LINKS = {"dobj", "nsubjpass", "nsubj", "pobj", "prep", "compound", "poss", "attr", "appos"}
_SEASON_NOUNS = {"production", "renewal", "return", "development", "order", "season"}  # not "the teaser for season 2"
_ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "new", "another", "next"}


def _numbered_season(tok) -> bool:
    """"season 2", "Season 3", "a third season": a season that a number or an ordinal picks out."""
    return tok.lemma_.lower() == "season" and any(
        c.like_num or c.lower_ in _ORDINALS or c.dep_ == "nummod" for c in tok.children)


@guard("confirms_a_season")
def confirms_a_season(doc, trigger, value) -> bool:
    """"Netflix has confirmed the production of Season 2", "a third season of X has been announced":
    the verb is about a numbered season that its object or its subject names, through at most a
    noun and a preposition ("the production of"), never in another clause."""
    verb = trigger.root
    for tok in verb.sent:
        if _numbered_season(tok):
            path = _path(verb, tok)
            if path and len(path) <= 4 and all(t.dep_ in _SEASON_LINKS and (t.i == tok.i or t.pos_ not in ("NOUN", "PROPN")
                                                                           or t.lemma_.lower() in _SEASON_NOUNS) for t in path):
                return False
    return True


@guard("subject_of_as")
def subject_of_as(doc, trigger, value) -> bool:
    """"Kazuhiro Furuhashi will be returning as the director", "with Tomoya Nagataki taking over as
    director", "Hiroki Hirano is set to succeed Manabu Okamoto as the director": the job after "as" is
    the clause's subject's, never its object's."""
    verb = trigger[0].head
    while True:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return not any(value.start <= s.i < value.end or s.head.i in range(value.start, value.end) for s in subjects)
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return True
