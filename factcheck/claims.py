"""Claims: what one sentence asserts about a slot of a subject, with the value's offsets.

Extraction is driven by the slot patterns (data, see patterns/slots.json): a
trigger found by the spaCy Matcher points at the nearest value of the slot's
type. Around each value the sentence decides the rest: the season and part it
is about (from the clause, else the heading or the article's title), the hedge
(rumour, speculation, reported, asserted) and the polarity.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher

from . import attributes
from .attributes import MeasureSpec
from .guards import GUARDS, refused
from .names import Mention, fold, is_list_item, parts, without_installment
from .values import DURATION_RE, NUMBER_RE, find_dates, word_number

PATTERNS = Path(__file__).parent / "patterns" / "slots.json"
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "one": 1, "two": 2, "three": 3, "four": 4,
            "five": 5, "six": 6, "seven": 7, "eight": 8}
SEASON_RE = re.compile(
    r"\b(?:season|series)\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight)\b"
    r"|\b(?P<o>first|second|third|fourth|fifth|sixth|seventh|eighth|1st|2nd|3rd|4th|5th|6th)(?:\s+and\s+final)?\s+(?:season|series|outing|instalment|installment)\b"
    r"|\bS0?(?P<s>\d{1,2})\b(?!\.)"
    r"|\b(?P<sequel>sequel|second\s+film|second\s+movie)\b"
    r"|(?<=[a-z’'] )(?P<roman>(?-i:II|III|IV))\b(?![\w-])"
    r"|\b(?P<orig>(?:first|original)\s+(?:film|movie|one)|the\s+original)\b"
    r"|\b(?P<next>next|upcoming|new|latest|final|future|potential|possible|coming)\s+season\b"
    r"|\b(?P<this>this|that|the\s+entire|the\s+whole|the\s+previous|the\s+last|the\s+current|the\s+same|its)\s+season\b(?!\s+(?:\d|one|two|three|four|five|six|seven|eight)\b)",
    re.IGNORECASE,
)
PART_RE = re.compile(
    r"\b(?P<finale>(?:series\s+|season\s+)?finale)\b"
    r"|\b(?:episode|ep\.|chapter)\s+(?P<e>\d{1,2})\b"
    r"|\b(?P<eo>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th)\s+episode\b(?!s)"
    r"|\b(?:volume|vol\.|part|cour|act)\s+(?P<v>\d|one|two|three|four)\b"
    r"|\b(?P<vo>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:half|part|act|volume|cour)\b"
    r"(?!\s+of\s+(?:the\s+)?(?:year|\d{4}|decade|century))"  # "the second half of 2024" is a date
    r"|\b(?P<batch>(?:first|next|following|last|remaining|final)\s+(?:\w+\s+)?(?:episodes|batch))\b"
    r"|\b(?:called|titled|named|chapter,)\s+[\"“]?(?P<title>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})",
    re.IGNORECASE,
)
# "five minutes longer", "seven minutes shorter than the first": a difference between two lengths, not a length
DIFFERENCE_AFTER = re.compile(r"\s*(?:longer|shorter|more|less|over|under|earlier|later|ahead|behind)\b", re.IGNORECASE)
TOTAL_RE = re.compile(r"\s+(?:\w+\s+)?(?:in\s+total|total|overall|altogether)\b", re.IGNORECASE)
PRONOUN_START = re.compile(r"^\W*(?:it|this|that|the\s+(?:episode|finale|season|show|series))\b", re.IGNORECASE)
DENIED = re.compile(r"\b(?:falsely|debunked|not true|untrue|never true|as false|is false|was false|fake"
                    r"|denied (?:the|those|these) (?:report|rumou?r|claim)s?)\b", re.IGNORECASE)
PART_PRONOUN = re.compile(r"^\W*(?:it|this|that|the\s+(?:episode|finale))\b", re.IGNORECASE)
WINDOW_RE = re.compile(r"\b(?:first|opening|premiere|debut)\s+(?:(?P<n>\d+|\w+)\s+)?(?P<u>days?|weeks?|weekend|month)\b"
                       r"|\b(?P<xmas>christmas\s+weekend)\b", re.IGNORECASE)
SOURCE_RE = re.compile(r"\b(?:according\s+to|told|per|via|reported\s+by)\s+(?P<src>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,4})")
_CHART_QUALIFIER = r"U\.S\.|US|UK|global|worldwide|domestic|daily|weekly|English|non-English|TV|series|shows?|films?|movies?|streaming"
CHART_RE = re.compile(
    rf"(?:(?P<owner>(?-i:[A-Z][\w+]*))(?:[’']s)?\s+)?(?P<quals>(?:(?:{_CHART_QUALIFIER})\s+){{0,4}})"
    r"(?P<kind>top\s+(?:10|ten)|charts?|rankings?|hot\s+100|billboard\s+200|box\s+office)\b(?:\s+(?:list|chart))?"
    r"(?:\s+(?:for|of)\s+(?P<cat>(?:non-)?English(?:-language)?\s+(?:TV|series|shows|films|movies)))?"
    r"|\b(?P<spot>top\s+spot|spot|list)\b",
    re.IGNORECASE,
)
CHART_WINDOW_RE = re.compile(
    r"\b(?:on|in|during|for|over)\s+(?:its|the|their)\s+(?P<o>\w+)\s+(?P<u>day|week|weekend)\b"
    r"|\b(?P<u2>day|week)\s+(?P<n>\d{1,2})\b"
    r"|\b(?P<of>week\s+(?:of|ending)\s+\w+\.?\s+\d{1,2})"
    r"|\b(?:premiere|debut|opening)\s+(?P<u3>week|weekend)\b",
    re.IGNORECASE,
)
CLAUSE_DEPS = {"ROOT", "relcl", "advcl", "ccomp", "conj", "acl", "parataxis", "csubj", "pcomp"}


@dataclass(frozen=True)
class SlotSpec:
    """The slot patterns as loaded: what each slot holds and what triggers it."""

    slots: dict
    triggers: list
    hedges: dict
    negations: list
    measures: MeasureSpec = MeasureSpec()

    @classmethod
    def load(cls, path: Path | str = PATTERNS) -> "SlotSpec":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for i, trig in enumerate(data["triggers"]):
            unknown = [g for g in trig.get("guards", []) if g not in GUARDS]
            if unknown:
                raise ValueError(f"{path}: trigger {i} ({trig['slot']}) names unknown guards: {', '.join(unknown)}")
        for measure, named in data.get("measures", {}).get("slots", {}).items():
            if named.get("slot") not in data["slots"]:
                raise ValueError(f"{path}: measure {measure!r} names unknown slot {named.get('slot')!r}")
        for slot, spec in data["slots"].items():
            if "measure" in spec and "metric" not in spec["measure"]:
                raise ValueError(f"{path}: slot {slot!r} is a measure with no 'metric'")
        return cls(data["slots"], data["triggers"], data["hedges"], data.get("negations", []),
                   MeasureSpec.from_data(data.get("measures")))

    @cached_property
    def hedge_patterns(self) -> list[tuple[str, re.Pattern]]:
        """One compiled pattern per hedge kind, strongest kind first."""
        return [(kind, re.compile(r"\b(?:" + "|".join(re.escape(c) for c in self.hedges.get(kind, [])) + r")\b"))
                for kind in ("rumour", "speculation", "reported") if self.hedges.get(kind)]

    def matcher(self, vocab) -> "TriggerMatcher":
        return TriggerMatcher(vocab, [(f"T{i}", trig["pattern"]) for i, trig in enumerate(self.triggers)])


Anchor = tuple[str, frozenset[str]]  # ("LOWER" or "LEMMA", the words one token of a match must be)


def anchors(pattern: list[dict]) -> list[Anchor]:
    """The tokens every match of `pattern` must contain, by lowercase form or lemma:
    its required tokens that are pinned to a word or a word list."""
    found = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for attr in ("LOWER", "LEMMA"):
            spec = token.get(attr)
            words = [spec] if isinstance(spec, str) else spec.get("IN") if isinstance(spec, dict) else None
            if words:
                found.append((attr, frozenset(words)))
    return found


class TriggerMatcher:
    """A Matcher per pattern, each run only on the lines that hold all its anchors.

    Most lines of an article can trigger nothing, and most of the rest only a few
    patterns; a look-up of the anchor words picks the (pattern, line) pairs worth
    matching. Matches never cross a line break. A pattern without anchors runs on
    every line.
    """

    def __init__(self, vocab, patterns: list[tuple[str, list[dict]]]):
        self.matchers = []
        for key, pattern in patterns:
            matcher = Matcher(vocab)
            matcher.add(key, [pattern])
            self.matchers.append(matcher)
        anchored = [anchors(pattern) for _, pattern in patterns]
        sets = sorted({a for pattern in anchored for a in pattern}, key=lambda a: (a[0], sorted(a[1])))
        self.needs = [frozenset(sets.index(a) for a in pattern) for pattern in anchored]
        self.sets_of: list[dict[int, set[int]]] = [{}, {}]  # per column (LOWER, LEMMA): word hash -> anchor sets
        for i, (attr, words) in enumerate(sets):
            for word in words:
                self.sets_of[attr == "LEMMA"].setdefault(vocab.strings.add(word), set()).add(i)
        self.words = [numpy.array(sorted(col), dtype="uint64") for col in self.sets_of]

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        bounds = []  # lines: the parser's sentence breaks inside a line ("Status: Pending") are no limit
        for sent in doc.sents:
            if bounds and "\n" not in doc[sent.start - 1].text_with_ws:
                bounds[-1] = (bounds[-1][0], sent.end)
            else:
                bounds.append((sent.start, sent.end))
        cols = doc.to_array([LOWER, LEMMA])
        sent_of = numpy.repeat(numpy.arange(len(bounds)), [e - s for s, e in bounds])
        present: list[set[int]] = [set() for _ in bounds]
        for col in (0, 1):
            for i in numpy.nonzero(numpy.isin(cols[:, col], self.words[col]))[0]:
                present[sent_of[i]].update(self.sets_of[col][int(cols[i, col])])
        matches = []
        for (start, end), has in zip(bounds, present):
            for matcher, needs in zip(self.matchers, self.needs):
                if needs <= has:
                    matches += [(m, start + s, start + e) for m, s, e in matcher(doc[start:end])]
        return matches


@dataclass
class Context:
    """What a sentence inherits: seasons of the article title and of the last heading."""

    title_season: int | None = None
    heading_season: int | None = None
    last_part: str | None = None
    last_season: int | None = None
    max_season: int | None = None  # "the final season" of an article that names seasons up to 5 is season 5


FILM = 100  # films count as installments FILM + n, so a film's sequel is never a TV season 2


def installment_label(n: int) -> str:
    if n > FILM:
        return "sequel" if n == FILM + 2 else f"film {n - FILM}"
    return f"season {n}"


def _season_number(m: re.Match) -> int | str | None:
    if m.group("sequel"):
        return FILM + 2
    if m.group("orig"):
        return FILM + 1
    if m.group("roman"):  # "Gladiator II" is the second film, whatever the first one is called
        return FILM + {"II": 2, "III": 3, "IV": 4}[m.group("roman")]
    if m.group("n"):
        return ORDINALS.get(m.group("n").lower()) or int(m.group("n"))
    if m.group("o"):
        return ORDINALS[m.group("o").lower()]
    if m.group("s"):
        return int(m.group("s"))
    if m.group("next"):
        return "next"
    return "this"


def seasons_in(text: str) -> list[tuple[int, int, int | str]]:
    return [(m.start(), m.end(), _season_number(m)) for m in SEASON_RE.finditer(text)]


def only_season(text: str) -> int | None:
    found = {n for _, _, n in seasons_in(text) if isinstance(n, int)}
    return found.pop() if len(found) == 1 else None


def _part(m: re.Match) -> str:
    if m.group("finale"):
        return "finale"
    if m.group("e"):
        return f"episode {m.group('e')}"
    if m.group("eo"):
        return f"episode {ORDINALS[m.group('eo').lower()]}"  # "the second episode" is episode 2
    if m.group("batch"):
        return " ".join(m.group("batch").lower().split()[::len(m.group("batch").split()) - 1])
    if m.group("v"):
        return f"part {ORDINALS.get(m.group('v').lower(), m.group('v'))}"  # volume, part, cour, act: one split
    if m.group("vo"):
        return f"part {ORDINALS[m.group('vo').lower()]}"  # "the second half of the season", "the first part"
    return f"episode “{m.group('title')}”"


def _clause_head(tok):
    while tok.dep_ not in CLAUSE_DEPS and tok.head is not tok:
        tok = tok.head
    return tok


def _in_scope(trigger, other) -> bool:
    """Whether `other` belongs to the trigger's clause or to a clause that governs it."""
    ht, ho = _clause_head(trigger), _clause_head(other)
    return ht == ho or ho in ht.ancestors


def hedge_scope(trigger, through_participles: bool = False) -> str:
    """The words that can hedge a trigger: its own clause and the clauses that govern it,
    without side clauses ("…, which should reassure fans" does not hedge the main claim)."""
    head = _clause_head(trigger)
    keep = set()

    def local(tok):
        keep.add(tok.i)
        for child in tok.children:
            if child.dep_ not in CLAUSE_DEPS - {"ROOT"} or child.dep_ == "pcomp":
                local(child)  # its words, but not a clause inside it ("the show, which could …")

    local(head)
    if through_participles or head.dep_ != "acl":  # "X, directed by Y, is set to open in May": the participle's own fact
        for anc in head.ancestors:
            local(anc)
    doc = trigger.doc
    return " ".join(doc[i].text for i in sorted(keep))


def hedge_of(sent_text: str, spec: SlotSpec, scope: str | None = None) -> tuple[str, str | None]:
    low = " " + fold(scope if scope is not None else sent_text) + " "
    m = SOURCE_RE.search(sent_text)
    source = m.group("src").rstrip(".,") if m else None
    for kind, cues in spec.hedge_patterns:
        if cues.search(low):
            return kind, source
    return "asserted", source


def _negated(doc, start: int, end: int, spec: SlotSpec) -> bool:
    span = doc[start:end]
    heads = {t.head for t in span if t.dep_ not in ("conj", "advcl", "relcl")} | set(span)
    # "has not been confirmed or cancelled": a conjunct with no subject or auxiliary of its own shares the negation
    heads |= {t.head for t in span if t.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass")
                                                                     for c in t.children)}
    for t in heads:
        if any(c.dep_ == "neg" or c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("nothing", "none", "neither")
               for c in t.children):
            return True  # "has not been confirmed", "nothing is confirmed yet about a third season"
    return any(doc[k].lower_ in spec.negations for k in range(max(span.sent.start, start - 3), start))


def _near(cands, tstart: int, tend: int, find: str, window: int, doc):
    """The nearest candidate (token_start, token_end, payload) in the trigger's direction."""
    best, best_d = None, None
    for c in cands:
        cs, ce = c[0], c[1]
        if find in ("after", "either") and cs >= tend:
            d = cs - tend
        elif find in ("before", "either") and ce <= tstart:
            d = tstart - ce
        else:
            continue
        if d <= window and (best_d is None or d < best_d):
            # a value does not reach across a sentence-internal full stop or a semicolon
            between = doc[min(ce, tend):max(cs, tstart)]
            if any(t.text in (";", "?") for t in between):
                continue
            best, best_d = c, d
    return best


def _char_to_tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def extract(doc, spec: SlotSpec, matcher: TriggerMatcher, mentions: list[Mention], title: str | None = None) -> list[dict]:
    """Raw claims of one Doc, as plain dicts (cacheable). Dates are typed later, with the publication date."""
    full_text = doc.text  # built once: Doc.text joins every token on each call
    numbered = [n for *_, n in seasons_in(full_text) if isinstance(n, int) and n < FILM]
    ctx = Context(title_season=only_season(title or full_text.split("\n", 1)[0]), max_season=max(numbered, default=None))
    by_sent: dict[int, list] = {}
    for match_id, s, e in matcher(doc):
        index = int(doc.vocab.strings[match_id][1:])
        needs = spec.triggers[index].get("sentence_has")
        if needs and not re.search(needs, doc[s].sent.text, re.IGNORECASE):
            continue  # a trigger as common as "be" is looked at only in a sentence that can hold its value
        trig = spec.triggers[index] | {"rule": f"pattern.{spec.triggers[index].get('id') or spec.triggers[index]['slot']}#{index}"}
        by_sent.setdefault(doc[s].sent.start, []).append((s, e, trig))
    claims: list[dict] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        is_heading = ("\n" not in sent.text.strip() and len(text) < 120 and text[-1:] not in ".!\"”’"
                      and not is_list_item(text))
        sent_seasons = [(sent.start_char + a, sent.start_char + b, n) for a, b, n in seasons_in(sent.text)]
        parts = [(sent.start_char + m.start(), sent.start_char + m.end(), _part(m)) for m in PART_RE.finditer(sent.text)]
        if text.endswith("?") or text.endswith("?”") or text.endswith('?"'):
            if is_heading:
                ctx.heading_season = only_season(text) or ctx.heading_season
            continue
        if is_heading and not by_sent.get(sent.start):
            ctx.heading_season = only_season(text)
            continue
        pronoun = bool(PRONOUN_START.match(text))
        denied = bool(DENIED.search(text))
        cands = _candidates(doc, sent, mentions) if by_sent.get(sent.start) else None
        for s, e, trig in sorted(by_sent.get(sent.start, []), key=lambda x: (x[0], x[1])):
            slot = trig["slot"]
            kind = spec.slots[slot]["type"]
            if trig["find"] == "self":
                if trig.get("guards") and refused(trig["guards"], doc, doc[s:e], doc[s:e]):
                    continue
                found = [(s, e, None)]
            else:
                pool = cands["name" if kind == "names" else kind]
                if trig.get("value_like"):  # "94%" for a Tomatometer, not the "51 reviews" beside it
                    like = re.compile(trig["value_like"], re.IGNORECASE)
                    pool = [c for c in pool if like.match(full_text, doc[c[0]].idx)]
                if trig.get("guards"):  # the named guards say which of the sentence's values the trigger can be about
                    pool = [c for c in pool if not refused(trig["guards"], doc, doc[s:e], doc[c[0]:c[1]])]
                hit = _near(pool, s, e, trig["find"], trig.get("window", 6), doc)
                if hit is None:
                    continue
                found = [hit]
                if kind == "names":
                    found += _coordinated(doc, hit, pool)
            objects = spec.slots[slot].get("objects")
            if objects and not _object_ok(doc[s:e], objects, mentions):
                continue
            counted_by = spec.slots[slot].get("counted_by")
            if counted_by and not _counted(doc[s:e], counted_by):
                continue
            subjects = spec.slots[slot].get("subjects")
            if subjects and not _object_ok(doc[s:e], subjects, mentions, deps=("nsubj",), required=trig.get("subject_required", False)):
                continue
            if _agent_denied(doc[s:e], spec.slots[slot].get("not_agents", [])):
                continue
            if any(t.lower_ in trig.get("not_before", ()) for t in doc[e:e + trig.get("not_before_within", 1)]):
                continue  # "Seigetsusha's Monthly Comic Gale magazine": a publisher, not an author
            not_with = spec.slots[slot].get("not_with")
            if not_with and set(hedge_scope(doc[s], through_participles=True).lower().split()) & set(not_with):
                continue  # "with volume 14 of the manga released in January": the source's date
            metric, window = trig.get("metric"), _window(sent.text) if spec.slots[slot].get("windowed") else None
            if kind in ("names", "date") and not metric and DUB_CUE.search(sent.text):
                metric = "dub"  # "the English dub is directed by …", "the dub premieres on …": the dub's, not the show's
            if spec.slots[slot].get("chart"):
                charts = _charts(sent.text)
                if charts is None:
                    continue  # "the number two on a poker card": a rank needs a chart to be in
                metric, window = charts or None, _chart_window(sent.text)
            negated = _negated(doc, s, e, spec)
            hedge, source = hedge_of(text, spec, hedge_scope(doc[s]))
            if negated and found[0][0] > 0 and doc[found[0][0] - 1].lower_ in ("until", "till"):
                negated = False  # "won't be out until 2024" dates it to 2024, it does not deny it
            status = trig.get("status")
            if status in ("renewed", "cancelled") and negated:  # "not (yet) renewed", "not cancelled": undecided
                status = "unconfirmed"
            if negated and spec.slots[slot].get("negated") == "drop" and not any(t.lower_ in spec.negations for t in doc[s:e]):
                continue  # "filming is not underway" says no stage for sure
            if slot == "renewal_status" and status == "renewed" and (hedge == "speculation" or _generic(doc, s, sent)):
                continue
            if slot == "renewal_status" and status == "unconfirmed" and _about_something_else(doc[s:e]):
                continue
            tok = doc[s]
            policy = spec.slots[slot].get("season")
            if policy == "inherit" and (_past(doc, s) or kind == "date" and _past(doc, _verb_of(doc, found[0][0]))):
                policy = "sentence"  # "made its premiere on December 10" is about a season already out
            season, part = _attribute(doc, doc[s:e], sent_seasons, parts, ctx, policy, pronoun, found[0][0])
            group = f"{slot}@{sent.start_char}:{s}"
            # whose value it is: a work named as the clause's subject, unless the slot's values are people
            of_work = kind != "names" or spec.slots[slot].get("of_work", False)
            for vs, ve, payload in found:
                span = doc[vs:ve]
                if part and TOTAL_RE.match(full_text, span.end_char):
                    part = None  # "Part 2 runs 11 episodes, bringing the season to 23 episodes in total"
                claims.append({
                    "slot": slot, "value": span.text, "start": span.start_char, "end": span.end_char,
                    "sent_start": sent.start_char, "sent_end": sent.end_char,
                    "season": season, "part": part, "hedge": hedge, "source": source,
                    "polarity": "negative" if (negated or denied) and status is None else "positive",
                    "status": status, "metric": metric, "group": group,
                    "window": window, "owner": _owner(doc, vs, mentions) or (None if part or not of_work else _named_work(doc[s:e], mentions)),
                    "home": bool(kind == "date" and HOME_CUE.search(sent.text)),
                    "rules": [trig["rule"]] + _settled_by(season, sent_seasons),
                })
        claims.extend(_cast(doc, sent, mentions, full_text, title))
        taken = [(c["start"], c["end"]) for c in claims if c["sent_start"] == sent.start_char]
        claims.extend(c for c in _open_attributes(doc, sent, spec, ctx, sent_seasons, parts, pronoun, mentions, title)
                      if not any(a < c["end"] and c["start"] < b for a, b in taken))  # a named slot reads it first
        if sent_seasons:
            ctx.last_season = next((n for *_, n in sent_seasons if isinstance(n, int)), None)
        if parts:
            ctx.last_part = parts[-1][2]
        elif not pronoun:
            ctx.last_part = None
    return _dedupe(claims)


def _settled_by(season, sent_seasons) -> list[str]:
    """How the claim's season was settled: named in its own sentence, or taken from a heading, the
    title or the sentence before (a guess that is wrong more often)."""
    if season is None:
        return []
    return ["subject.sentence"] if any(n == season for *_, n in sent_seasons) else ["subject.inherited"]


def _open_attributes(doc, sent, spec: SlotSpec, ctx: Context, sent_seasons, parts, pronoun: bool,
                     mentions: list[Mention], title: str | None = None) -> list[dict]:
    """Open-attribute claims of a sentence (see attributes.py), placed like a slot's: the season and
    part of their clause or heading, the hedge of their clause, and another work when one is named."""
    out = []
    for c in attributes.extract(doc, sent, spec.measures, title):
        anchor = c.pop("anchor")
        listed_owner = c.pop("owner", None)
        if _negated(doc, anchor, anchor + 1, spec):
            continue
        verb = _verb_of(doc, anchor)
        hedge, source = hedge_of(sent.text.strip(), spec, hedge_scope(doc[anchor]))
        season, part = _attribute(doc, doc[anchor:anchor + 1], sent_seasons, parts, ctx, "inherit", pronoun, anchor)
        c["rules"] = c["rules"] + _settled_by(season, sent_seasons)
        vs = doc.char_span(c["start"], c["end"], alignment_mode="expand").start
        owner = listed_owner or _owner(doc, vs, mentions) or _named_work(doc[verb:verb + 1], mentions,
                                                                         earner=c.get("kind") == "money")
        c = c | {
            "sent_start": sent.start_char, "sent_end": sent.end_char, "season": season, "part": part,
            "hedge": hedge, "source": source, "polarity": "positive", "status": None, "metric": c["measure"],
            "group": f"attribute@{sent.start_char}:{anchor}", "window": c.pop("region"), "owner": owner,
        }
        named = spec.measures.slots.get(c["measure"])
        if named:  # a named slot is a group of measures: "filming began in January" is the filming start
            c |= {"slot": named["slot"], "measure": None, "metric": None, "rules": c["rules"] + ["attribute.as_slot"]}
            if named.get("part") and not c["part"]:
                c["part"] = named["part"]  # "the season wrapped up on October 6": the finale's date
        out.append(c)
    return out


def _dedupe(claims: list[dict]) -> list[dict]:
    """One claim per value: the same span twice, or a span inside a longer one of its slot
    ("renewed" inside "has not yet been renewed"), is said once."""
    seen, out = set(), []
    for c in claims:
        k = (c["slot"], c["start"], c["end"], c.get("actor_start"))  # a dub list gives one role two actors
        inside = any(o is not c and o["slot"] == c["slot"] and o["slot"] != "cast_role" and o["start"] <= c["start"]
                     and c["end"] <= o["end"] and (o["end"] - o["start"]) > (c["end"] - c["start"]) for o in claims)
        if k not in seen and not inside:
            seen.add(k)
            out.append(c)
    return out


def _counted(trigger, verbs: list[str]) -> bool:
    """"directed four episodes" counts what she directed, not the season's episodes; and
    "at least one episode will be set underwater" counts nothing (a count says "episodes"
    or "eight-episode")."""
    tok = trigger.root
    if tok.lower_ == "episode" and (tok.i == 0 or tok.doc[tok.i - 1].text not in ("-", "‐")):
        return False
    if tok.dep_ in ("dobj", "pobj", "nsubj", "attr", "appos", "conj", "ROOT", "npadvmod", "nsubjpass"):
        head = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "npadvmod") or head.lemma_.lower() in verbs or head.pos_ in ("NOUN", "PROPN", "ADP")
    return True


def _agent_denied(trigger, deny: list[str]) -> bool:
    """"the cast and crew returned to Atlanta on Jan. 8": people returning is no release."""
    if not deny:
        return False
    for tok in trigger:
        if tok.dep_ in ("acl", "relcl") and _another_work(tok.head):
            return True  # "other titles coming to the service": the noun the verb describes is its subject
        # a participle ("Releasing on July 10, the remake will …") takes its clause's subject
        subjects = list(tok.children) + (list(tok.head.children) if tok.dep_ in ("advcl", "xcomp") else [])
        for child in subjects:
            if child.dep_ == "nsubj" and (child.lemma_.lower() in deny or child.ent_type_ == "PERSON"):
                return True
            if child.dep_ in ("nsubj", "nsubjpass") and _another_work(child):
                return True
    return False


OTHER_VERSIONS = {"adaptation", "remake", "spin-off", "spinoff", "prequel", "reboot"}


def _another_work(noun) -> bool:
    """"other titles", "the live-action adaptation": a subject that is not the corpus's work."""
    return any(a.lower_ == "other" for a in noun.children) or noun.lemma_.lower() in OTHER_VERSIONS


def _past(doc, s: int) -> bool:
    tok = doc[s]
    if any(t.lower_ == "since" for t in doc[max(tok.sent.start, s - 3):s]):
        return True
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if verb.tag_ == "VBN":  # "Released June 5", "has been released"; not "will be released", "is released"
        return not any(c.lower_ in ("will", "would", "to", "is", "are", "be", "being", "could", "may", "should") for c in verb.children)
    return verb.tag_ == "VBD" and not any(c.lower_ in ("will", "would") for c in verb.children)


def _verb_of(doc, i: int) -> int:
    """The verb a value hangs from ("…, which premiered April 11"), or the value itself."""
    tok = doc[i]
    for _ in range(3):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    return tok.i


RENEWABLE = {"season", "series", "show", "renewal", "sequel", "film", "movie", "installment", "instalment", "part",
             "project", "drama", "anime", "it", "they", "chapter", "follow-up", "continuation", "return", "production", "development"}


def _about_something_else(trigger) -> bool:
    """"…, but this has not been confirmed", "its title is yet to be announced", "casting has not
    been announced": the status of a rumour, a title or a cast, not of the show's renewal. A noun
    subject must be the work or its season for the status to be the renewal's."""
    root = trigger.root
    governing = {t.head.i for t in trigger if t.dep_ == "xcomp"}  # "its title is yet to be announced"
    for tok in list(trigger) + [root.head] + [trigger.doc[i] for i in governing]:
        for child in tok.children:
            if child.dep_ not in ("nsubjpass", "nsubj", "csubjpass"):
                continue
            if child.lower_ in ("this", "that", "which", "these", "those"):
                return True
            # what is (not yet) announced: a passive subject, or the subject of "is / has yet to be announced";
            # an active subject is who announces ("the streamer has not announced whether …")
            undergoer = child.dep_ in ("nsubjpass", "csubjpass") or tok.i in governing
            if undergoer and child.pos_ in ("NOUN", "VERB") and child.lemma_.lower() not in RENEWABLE:
                return True
    return False


def _generic(doc, s: int, sent) -> bool:
    """"whether the show will come back", "gets a show renewed": not a statement about this show."""
    before = doc[sent.start:s]
    if any(t.lower_ in ("whether", "if", "unless") for t in before):
        return True
    tok = doc[s]
    nouns = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj", "nsubj")]
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ == "NOUN":
        nouns.append(tok.head)  # "gets a show renewed"
    return any(n.lemma_.lower() in ("show", "series", "drama", "program", "programme", "title")
               and any(d.lower_ in ("a", "an", "any") for d in n.children) for n in nouns)


def _object_ok(trigger, objects: list[str], mentions: list[Mention], deps=("dobj", "nsubjpass"), required: bool = False) -> bool:
    """A release verb must release the work: "released its Geeked Week program" is not a release date.
    With `required`, a trigger that has no such word at all does not hold either (a bare "be")."""
    for tok in trigger:
        for child in tok.children:
            if child.dep_ in deps and child.pos_ in ("NOUN", "PROPN"):
                if child.lemma_.lower() in objects:
                    return True
                if any(m.start <= child.idx < m.end for m in mentions) and child.pos_ == "PROPN":
                    return True
                return False
    return not required


def _window(text: str) -> str | None:
    m = WINDOW_RE.search(text)
    if not m:
        return None
    if m.group("xmas"):
        return "first weekend"
    unit = m.group("u").lower().rstrip("s")
    n = m.group("n") and word_number(m.group("n"))  # "first five days" is "first 5 days"
    return f"first {int(n)} {unit}s" if n else f"first {unit}"


def _charts(text: str) -> str | None:
    """The chart a rank is on, folded ("netflix u.s. daily top 10"); "" when the sentence speaks of
    a chart without saying which one, or of several; None when it speaks of none."""
    named = set()
    found = False
    for m in CHART_RE.finditer(text):
        found = True
        if m.group("spot"):
            continue
        words = [m.group("owner") or "", m.group("quals"), m.group("kind"), m.group("cat") or ""]
        if m.group("owner") or m.group("quals").strip() or m.group("cat"):
            named.add(" ".join(fold(" ".join(words)).split()))
        else:
            named.add("")
    if not found:
        return None
    return named.pop() if len(named) == 1 else ""


def _chart_window(text: str) -> str | None:
    """The day or week a rank holds for: "on its seventh day" is "day 7"; none when unsaid."""
    m = CHART_WINDOW_RE.search(text)
    if not m:
        return None
    if m.group("of"):
        return " ".join(fold(m.group("of")).split())
    if m.group("u3"):
        return f"{m.group('u3').lower()} 1"
    if m.group("u2"):
        return f"{m.group('u2').lower()} {int(m.group('n'))}"
    n = ORDINALS.get(m.group("o").lower())
    return f"{m.group('u').lower()} {n}" if n else None


def _owner(doc, vs: int, mentions: list[Mention]) -> str | None:
    """A name in the possessive just before a figure: "Squid Game’s 63 million hours" is about Squid Game."""
    tok = doc[vs]
    j = tok.i - 1
    while j >= 0 and doc[j].is_alpha and doc[j].is_lower and tok.i - j <= 3:
        j -= 1
    if j >= 1 and doc[j].text in ("’s", "'s"):
        end = doc[j - 1].idx + len(doc[j - 1])
        for m in mentions:
            if m.end == end:
                return m.surface
    return None


def _named_work(trigger, mentions: list[Mention], earner: bool = False) -> str | None:
    """The title a release verb is said of: "The Lost Kite, released in 2024, ..." and "When
    The Lost Kite landed in March" are about The Lost Kite, whatever the corpus is about.
    With `earner`, the verb's object is a figure the subject earned ("Iron Bloom added $45 million"),
    so its subject is the work even when the verb has an object.
    (Not asked when the claim is about a part: an episode's title names the episode.)"""
    doc, i = trigger.doc, trigger.start
    if i >= 3 and doc[i - 2].lower_ in ("season", "series", "part") and doc[i - 1].like_num:
        named = [m for m in mentions if m.end in (doc[i - 3].idx + len(doc[i - 3]), doc[i - 1].idx + len(doc[i - 1]))]
        if named:  # "Frontera Blanca season 3 lands June 6", however the parser reads it
            return without_installment(named[0].surface)
    for tok in trigger:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        transitive = not earner and any(c.dep_ == "dobj" for c in tok.children)  # "Ana Ruiz premiered the film": an agent
        nouns = [c for c in tok.children if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and not transitive)]
        if earner and tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            nouns += [c for c in tok.head.children if c.dep_ == "nsubj"]  # "X continues to climb, adding $45 million"
        clause = tok.head if tok.dep_ == "conj" else tok
        if earner and not nouns and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
            # the parser lost the subject ("“Inside Out 2” continues …" read as a preposition): a title
            # standing before the verb, in the subject's place, is it
            before = [m for m in mentions if m.label == "WORK" and tok.sent.start_char <= m.start and m.end <= clause.idx]
            if before:
                return before[-1].surface
        if tok.dep_ == "xcomp" and not transitive:  # "it started streaming in 2021": the subject of "started"
            nouns += [c for c in tok.head.children if c.dep_ == "nsubj"]
        if any(n.lower_ == "it" for n in nouns) and tok.i != tok.sent.root.i:
            # "It came close to Squid Game's record when it started streaming in 2021": the "it" of a
            # side clause after another work's possessive is that work
            possessive_at = {t.idx for t in tok.sent if t.text in ("'s", "’s")}
            owned = [m for m in mentions if tok.sent.start_char <= m.start and m.end < tok.idx
                     and m.end in possessive_at and m.label not in ("ORG", "PLACE")]
            if owned:
                return owned[-1].surface
        if tok.dep_ in ("acl", "relcl"):
            nouns.append(tok.head)
        # "Frontera Blanca season 3 lands June 6": the work is the season noun's compound
        nouns += [c for n in nouns if n.lower_ in ("season", "series", "film", "movie", "show") for c in n.children
                  if c.dep_ in ("compound", "poss")]
        for noun in nouns:
            for m in mentions:
                if m.start <= noun.idx < m.end and m.label not in ("ORG", "PLACE"):  # NER often calls a title a person
                    after = next((t for t in noun.doc[noun.i:noun.i + 8] if t.idx >= m.end), None)
                    if after is not None and after.idx <= m.end + 1 and (after.like_num or after.text in ("II", "III", "IV")):
                        return f"{m.surface} {after.text}"  # "The Lost Kite 2" is the sequel, not the film
                    return m.surface
    return None


def _candidates(doc, sent, mentions):
    """Values of each type inside a sentence, as (token_start, token_end, payload)."""
    base = sent.start_char
    out = {"date": [], "number": [], "duration": [], "money": [], "name": [], "status": [], "role": []}
    dates = find_dates(sent.text)
    either = {k for i in range(len(dates) - 1) for k in (i, i + 1)
              if re.fullmatch(r"[\s,]*or\s+(?:\w+\s+){0,2}", sent.text[dates[i][1]:dates[i + 1][0]])}
    for i, (a, b, value) in enumerate(dates):
        t = _char_to_tokens(doc, base + a, base + b)
        if t and i not in either:  # "late 2025 or early 2026" states neither date
            out["date"].append((*t, value))
    for m in DURATION_RE.finditer(sent.text):
        t = _char_to_tokens(doc, base + m.start(), base + m.end())
        if t and not DIFFERENCE_AFTER.match(sent.text, m.end()):
            out["duration"].append((*t, None))
    date_spans = [(c[0], c[1]) for c in out["date"]]
    numbers = list(NUMBER_RE.finditer(sent.text))
    either = {k for i in range(len(numbers) - 1) for k in (i, i + 1)
              if re.fullmatch(r"[\s,]*or\s*", sent.text[numbers[i].end():numbers[i + 1].start()])}
    for i, m in enumerate(numbers):
        t = _char_to_tokens(doc, base + m.start(), base + m.end())
        if not t or any(a <= t[0] < b for a, b in date_spans) or i in either:
            continue  # "12 or 24 episodes" states neither
        if re.match(r"\s+episodes?\s+(?:into|in\b)", sent.text[m.end():]):
            continue  # "seven episodes into the season": how far, not how many
        if t[0] > 0 and (doc[t[0] - 1].lower_ in ("first", "last", "next", "final", "opening", "remaining", "following", "other", "top")
                         or doc[t[0] - 1].tag_ in ("JJ", "JJS", "JJR") and doc[t[0] - 2 if t[0] > 1 else 0].lower_ == "the"):
            continue  # "the first two episodes", "the middle two episodes": some of them, not how many
        if t[1] < len(doc) and doc[t[1]].lower_ == "of":
            continue  # "one of the new episodes" is not a count
        if t[0] > 0 and doc[t[0] - 1].lower_ in attributes.INSTALLMENT_WORDS:
            continue  # "Season 2 episodes will be spread over three weeks": the season's number, not a count
        (out["money"] if m.group("cur") or m.group("curword") else out["number"]).append((*t, None))
    for men in mentions:
        if sent.start_char <= men.start and men.end <= sent.end_char:
            t = _char_to_tokens(doc, men.start, men.end)
            if t:
                out["name"].append((*t, men))
    return out


_JOINS = (",", "and", "&", ", and", "as well as")


def _coordinated(doc, first, pool):
    """Names joined to the value by "and", "&" or commas, after it ("JTBC Studios and Film Monster")
    or before it ("Lee Eung-bok and Kim Hee-won will direct")."""
    out, cur = [], first
    for cand in sorted(pool, key=lambda c: c[0]):
        if cand[0] < cur[1]:
            continue
        if doc[cur[1]:cand[0]].text.strip() in _JOINS:
            out.append(cand)
            cur = cand
        else:
            break
    cur = first
    for cand in sorted(pool, key=lambda c: -c[0]):
        if cand[1] > cur[0]:
            continue
        if doc[cand[1]:cur[0]].text.strip() in _JOINS:
            out.append(cand)
            cur = cand
        else:
            break
    return out


def _nearest_in_scope(doc, tok, spans, value: int | None = None):
    """The payload of the span nearest to `tok` among those in its clause or a governing one."""
    scoped = []
    for a, b, payload in spans:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and _in_scope(tok, span.root):
            # "a drop from season 1's launch" names season 1 only to compare: a possessive comes last;
            # at equal distance the one before wins
            owner = span.end < len(doc) and doc[span.end].text in ("’s", "'s")
            yardstick = [t.i for t in doc[max(span.start - 6, 0):span.start] if t.lower_ in ("from", "than", "versus", "vs", "unlike")]
            if yardstick and value is not None and value < yardstick[-1]:
                continue  # "six episodes, down from the 10-episode second season": season 2 is the yardstick
            scoped.append((owner, abs(span.root.i - tok.i), span.root.i > tok.i, str(payload), payload))
    return min(scoped)[4] if scoped else None


WHOLE_WORK = {"series", "show", "drama", "franchise", "anime", "sitcom", "programme", "program"}


def _subject_season(doc, tok, sent_seasons):
    """The season named as the subject of the claim's verb, or of the verb it is coordinated with:
    "DP Season 2 has been anticipated since its first season and is finally released on July 27" is
    season 2's release, whatever season a side phrase names nearer the date."""
    verb = doc[_verb_of(doc, tok.i)]
    heads = [verb] + ([verb.head] if verb.dep_ == "conj" else [])
    for head in heads:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                lo, hi = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
                named = [n for a, b, n in sent_seasons if lo <= a and b <= hi and isinstance(n, int)]
                if len(named) == 1:
                    return named[0]
    return None


def _attribute(doc, trigger, sent_seasons, parts, ctx: Context, policy: str | None, pronoun: bool, value: int | None = None):
    """Season and part a claim is about: the trigger's own words, its clause, then the context the slot allows."""
    tok = trigger[0]
    own = [n for a, b, n in sent_seasons if trigger.start_char <= a and b <= trigger.end_char]
    subject = _subject_season(doc, tok, sent_seasons)
    season = own[0] if own else subject if subject is not None else _nearest_in_scope(doc, tok, sent_seasons, value)
    head = _clause_head(tok)
    relative = head.dep_ == "acl" or head.dep_ == "relcl" and any(
        c.tag_ in ("WDT", "WP", "WP$") or c.lower_ == "that" for c in head.children)  # not a misparse with no relative word
    if relative and head.head.lemma_.lower() in WHOLE_WORK and not own:
        # "Season 2 for D.P., a series that was released on August 27th": the series' release, not season 2's
        lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        season = next((n for a, b, n in sent_seasons if lo <= a and b <= hi), None)
        policy = "sentence"
    if policy == "none":
        season = None
    elif policy == "inherit" and (season is None or season == "next"):
        if season is None and pronoun:
            season = ctx.last_season
        season = season if isinstance(season, int) else (ctx.heading_season or ctx.title_season or ctx.max_season)
    if not isinstance(season, int):
        season = None
    before = [name for a, b, name in parts if a <= tok.idx]
    part = before[-1] if before else _nearest_in_scope(doc, tok, parts)
    if part is None and pronoun and not parts and PART_PRONOUN.match(tok.sent.text):
        part = ctx.last_part
    if part and part.startswith("part") and season is None and policy != "none":
        season = ctx.heading_season or ctx.title_season  # "Part 1 runs 12 episodes" under a season 3 headline
    return season, part


# ----------------------------------------------------------------- cast and roles

_ROLE_LEAD = r"(?:(?:the\s+)?(?!and\b|or\b|by\b|saying\b|said\b|told\b|of\b|with\b|in\b|on\b|at\b|from\b|for\b|to\b|into\b|about\b|across\b|between\b|during\b|after\b|before\b|since\b|through\b|throughout\b|alongside\b|opposite\b|against\b|among\b|within\b)[a-z][\w-]*\s+){0,4}(?:,\s*)?(?:(?:Captain|Dr\.?|Detective|Doctor|Agent|Officer|Professor|Lieutenant|Sergeant|General|Chief|Mr\.?|Mrs\.?|Ms\.?|Private|Corporal|Colonel|Major|Lt\.?|Col\.?|Sgt\.?|Cpl\.?|Pvt\.?|First|Class|Emperor|Empress|King|Queen|Prince|Princess|Sir)\s+){0,3}"
_AS = re.compile(r"^,?\s+(?:who\s+)?(?:(?:will|is|was|are)\s+)?(?:(?:be|also)\s+)?(?:(?!and\b|or\b|with\b|such\b|well\b|known\b|same\b|soon\b|much\b|long\b|far\b)[a-z-]+\s+){0,8}?(?:(?:his|her|their)\s+roles?\s+)?as\s+" + _ROLE_LEAD + "$")
_PLAYS = re.compile(r"^,?\s+(?:who\s+)?(?:also\s+)?(?:plays|played|portrays|portrayed|will\s+play|is\s+playing|voices|voiced"
                    r"|(?:will\s+)?(?:takes?|took|taking)\s+on(?=\s+the\s+(?:role|part)\s+of\s))"
                    r"\s+(?:the\s+(?:role|part)\s+of\s+)?" + _ROLE_LEAD + "$")
_PLAYED_BY = re.compile(r"^,?\s*\(?\s*(?:who\s+is\s+|is\s+)?(?:played|portrayed|voiced)\s+by\s+$")
_PAREN = re.compile(r"^\s*\($")
_POSS = re.compile(r"^[’']s\s+$")
_POSS_CHARACTER = re.compile(r"^[’']s\s+(?:character|role)\s*,?\s+$")  # "A's character R"
_CHARACTER_OF = re.compile(r"^\s*[,(]\s*$")  # "R, A's character", "R (A's character)"
_CHARACTER_AFTER = re.compile(r"^[’']s\s+(?:character|role)\b")
# a film's release to streaming or to buy, after its run in cinemas: a second date, not a second opinion
HOME_CUE = re.compile(r"\b(?:stream\w*|digital(?:ly)?|on[- ]demand|VOD|PVOD|home (?:release|video|entertainment)|Blu-ray|DVD|Disney\+|Disney Plus|Netflix|Max|Prime Video|Peacock|Paramount\+)\b", re.IGNORECASE)
DUB_CUE = re.compile(r"\b(?:dub|dubs|dubbed|dubbing)\b", re.IGNORECASE)
VOICE_CUE = re.compile(r"\b(?:dub|dubs|dubbed|voices?|voiced|voicing|voice actors?|voice actress|seiyuu)\b", re.IGNORECASE)
CREW = {"director", "producer", "writer", "creator", "showrunner", "screenwriter", "filmmaker", "composer", "editor",
        "cinematographer", "co-creator", "executive", "author", "novelist"}  # "credited as chief director" is no role
LANGUAGES = {"english", "japanese", "korean", "spanish", "french", "german", "mandarin", "chinese", "cantonese", "italian",
             "portuguese", "hindi", "arabic", "russian", "turkish", "thai", "tagalog", "basque", "catalan"}
CAST_CUE = re.compile(r"\b(?:turns?|performances?|portray\w*|plays?|played|playing|roles?|characters?|cast|actors?|actress|stars?|starred|starring)\b")


def _cast(doc, sent, mentions: list[Mention], text: str, title: str | None = None) -> list[dict]:
    """Actor-role pairs: "R (A)", "A as R", "A, who plays R", "R, played by A", "A's character R", "A's R"."""
    ms = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
    out = []

    voiced = "voice" if VOICE_CUE.search(sent.text) else None  # dubs give one character an actor per language

    def add(actor: Mention, role: Mention, how: str, version: str | None = None):
        if fold(actor.surface) == fold(role.surface) or text[role.end:role.end + 2] in ("’s", "'s"):
            return
        owns = re.match(r"[’']s?\s+(\w+)", text[actor.end:actor.end + 24])
        if role.start < actor.start and owns and owns.group(1).lower() not in ("character", "role"):
            return  # "played by Colón-Zayas' real-life spouse David Zayas": the owner is not the actor
        if text[max(0, actor.start - 4):actor.start].lower() == "the ":
            return  # "returns to the Marvel fold as Elektra": a name after "the" is no actor
        if set(fold(actor.surface).split()) & AWARD_WORDS:
            return  # "won best new actress at the Baeksang Arts Awards for her role as Ji-an", "won an Oscar … as Maximus"
        if fold(actor.surface) in LANGUAGES or fold(role.surface) in LANGUAGES or fold(role.surface) in CREW \
                or set(fold(role.surface).rstrip(".").split()) <= RANKS:
            return  # "voices him in the English dub", "Yuto Uemura (Japanese)", "- Director: Ana Ruiz", a rank alone ("Sergeant")
        if how == "paren" and _work_like(role.surface) or _work_like(actor.surface):
            return  # "Kim Ji-hyun (Thirty-Nine)", "Ji Jin-hee (Designated Survivor: 60 Days)": a previous work
        elsewhere = OTHER_WORK.match(text, max(role.end, actor.end))
        if elsewhere and (not title or fold(elsewhere.group("work")) not in fold(title)):
            return  # "plays Negan on the AMC series The Walking Dead": a role in another work
        out.append({
            "slot": "cast_role", "value": role.surface, "start": role.start, "end": role.end,
            "sent_start": sent.start_char, "sent_end": sent.end_char, "season": None, "part": None,
            "hedge": "asserted", "source": None, "polarity": "positive", "status": None, "metric": version or voiced,
            "group": f"cast@{role.start}", "window": None, "owner": None,
            "actor": actor.surface, "actor_start": actor.start, "actor_end": actor.end, "orientation": how,
        })

    bracketed = [b for a, b in zip(ms, ms[1:]) if _PAREN.match(text[a.end:b.start]) and text[b.end:b.end + 1] == ")"]
    # one list holds one kind of bracket: "Ryu Seung-ryong (Kingdom 2), Han Hyo-joo (Happiness), …" gives
    # each actor's earlier work, so when one bracket is a title, none of the list's brackets is a role
    credits = len(bracketed) >= 3 and any(_work_like(b.surface) or b.label == "WORK" for b in bracketed)
    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        between = text[a.end:b.start]
        after = text[b.end:b.end + 1]
        if _PAREN.match(between) and after == ")":
            if i > 0 and _AS.match(text[ms[i - 1].end:a.start]):
                continue  # "Lady Gaga as Harleen Quinzel (Harley Quinn)": the role's other name, not its actor
            if not credits:
                add(b, a, "paren")
        elif between in (": ", " : ") and is_list_item(sent.text) and _full_name(b):
            dubbed = "voice" if text[b.end:b.end + 3].strip().startswith("/") else None
            add(b, a, "paren", version=dubbed)  # "- Ren Aoshima: Haruto Sakuma / Jason Marlow"
            k = i + 1
            while k + 1 < len(ms) and text[ms[k].end:ms[k + 1].start].strip() == "/":
                k += 1
                add(ms[k], a, "paren", version="voice")  # one character, an actor per dub
        elif _PLAYED_BY.match(between):
            add(b, a, "explicit")
        elif _POSS_CHARACTER.match(between) and _full_name(a):
            add(a, b, "explicit")
        elif _CHARACTER_OF.match(between) and _CHARACTER_AFTER.match(text[b.end:]) and _full_name(b):
            add(b, a, "explicit")
        elif _POSS.match(between) and (how := _possessive_cast(doc, sent, a, b, title)):
            add(a, b, how)
        elif _PLAYS.match(between):
            add(a, b, "explicit")
        elif _AS.match(between) and "as well as" not in between and not CREW & set(between.rsplit(" as ", 1)[-1].lower().split()) \
                and not _conjunction_as(doc, a.end + between.rfind("as")):
            # "A and B join as R1 and R2" pairs in order; in a list "A as R, B as R2" each "as" pairs its own
            cast_as = [t for t in sent if t.lower_ == "as" and t.dep_ != "mark"]
            actors = _coord_left(doc, text, ms, i) if len(cast_as) == 1 else [a]
            roles = _coord_right(text, ms, i + 1) if len(actors) > 1 else [b]
            if len(actors) == len(roles):
                for x, y in zip(actors, roles):
                    add(x, y, "explicit")
    return out


AWARD_WORDS = {"awards", "award", "festival", "prize", "ceremony", "oscar", "oscars", "emmy", "emmys", "bafta", "baftas",
               "grammy", "grammys", "globe", "globes"}
RANKS = {"private", "pvt", "corporal", "cpl", "sergeant", "sgt", "lieutenant", "lt", "captain", "capt", "colonel", "col",
         "major", "general", "commander", "admiral", "officer", "first", "class", "staff", "chief", "emperor", "empress",
         "king", "queen", "prince", "princess", "lord", "lady", "sir", "dr", "doctor", "detective", "inspector", "agent"}
OTHER_WORK = re.compile(r"\s*,?\s+(?:on|in)\s+(?:the\s+)?(?:(?:[A-Z][\w/&.-]*|hit|original|\d+)\s+)*"
                        r"(?:series|show|drama|film|movie|sitcom|franchise)?\s*[“\"«‘']?(?P<work>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")


def _work_like(surface: str) -> bool:
    """A title rather than a name: it holds a digit, a colon or a number word ("Thirty-Nine")."""
    return bool(re.search(r"\d|:|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)\b",
                          surface, re.IGNORECASE))


def _full_name(m: Mention) -> bool:
    """"Yoon's character" names no one for sure: a family name alone is shared by many."""
    return len(parts(m.surface)) >= 2


def _possessive_cast(doc, sent, owner: Mention, owned: Mention, title: str | None) -> str | None:
    """How "Park Ji-hoo's On-jo" is casting: "paren" in talk of casting (as ambiguous as brackets: the
    corpus decides which name is the actor), "typed" without it ("Hiro Shimono's Seishiro Nagi", kept
    when the corpus's cast lines type both names), None when it cannot be: the owner is no full personal
    name, or the owned name is the title ("Netflix's Glass Harbor", "Bong Mi-rae's Glass Harbor")."""
    if not _full_name(owner) or owned.surface.startswith("The ") or title and fold(owned.surface) in fold(title):
        return None
    before = doc[sent.start - 1].sent if sent.start > 0 else None
    context = (before.text if before is not None else "") + " " + sent.text
    if CAST_CUE.search(context.lower()) and not {owner.label, owned.label} & {"ORG", "PLACE", "WORK"}:
        return "paren"
    return "typed"  # the model's labels cannot type these names; the corpus's cast lines can


def _conjunction_as(doc, char: int) -> bool:
    """"had a cigarette in his mouth as Elliott tried …": an "as" that opens a clause, not a role."""
    span = doc.char_span(char, char + 2)
    return span is not None and span[0].dep_ == "mark"


def _coord_left(doc, text, ms, i):
    out = [ms[i]]
    while i > 0 and text[ms[i - 1].end:ms[i].start].strip() in ("and", ",", ", and"):
        lead = max(0, ms[i - 1].start - 40)
        m = re.search(r"\b(?:as|plays|played|portrays)\s+(?:[a-z]+\s+){0,4}$|\($", text[lead:ms[i - 1].start])
        if m and not (m.group().startswith("as") and _conjunction_as(doc, lead + m.start())):
            break  # "A as R, B and C as …": B is a role; "as A and B join" opens a clause
        i -= 1
        out.insert(0, ms[i])
    return out


def _coord_right(text, ms, i):
    out = [ms[i]]
    while i + 1 < len(ms) and text[ms[i].end:ms[i + 1].start].strip() in ("and", ",", ", and"):
        i += 1
        out.append(ms[i])
    return out
