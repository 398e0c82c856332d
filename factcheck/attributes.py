"""Open attributes: any quantity a clause ties to a measure word, beyond the named slots.

Articles disagree on more than a fixed list of slots holds: the length of a break or of
a military service, a shoot's days, a budget, the number of markets, languages or award
nominations. Each such value is a typed quantity (a count of something, a span of time,
an amount of money) whose *measure* is read from the dependency parse:

* a count names its measure in its own noun: "63 territories", "over eight languages";
* a span of time measures the noun it modifies ("a three-week break", "his 18-month
  duty"), the noun it is "of" ("186 days of shooting"), or the event its verb governs
  ("it took 168 days to film");
* an amount of money measures the noun or verb it belongs to ("a price tag of $210
  million", "a $250 million-plus budget", "the budget ballooned to $310 million").

Measure words are folded into groups by the pattern data (`measures.groups` in
slots.json: "territory" and "market" are one measure, "duty" and "enlistment" another),
and claims on one subject and measure are compared like a named slot's. Every claim
records the rules that made it, so a table can show what each rule gains and costs.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .guards import not_moved_from
from .values import BOUNDS, SCALES, WORD_NUMBERS, currency, find_dates, word_number

# a span of time, in days: "18 months" and "one year and six months" are one length
TIME_UNITS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}
_CURRENCY = {"$", "€", "£"}
_BOUND_WORDS = sorted(BOUNDS, key=len, reverse=True)


@dataclass(frozen=True)
class MeasureSpec:
    """The `measures` section of the pattern data: which words measure one thing."""

    groups: dict = field(default_factory=dict)  # measure name -> lemmas that name it
    skip: frozenset = frozenset()  # units the named slots read, or that measure nothing checkable
    light: frozenset = frozenset()  # verbs that carry no measure of their own ("it took 168 days to film")
    regions: dict = field(default_factory=dict)  # region name -> words: a domestic and a worldwide gross differ
    regional: frozenset = frozenset()  # the measures regions split: grosses, not budgets
    events: dict = field(default_factory=dict)  # event name -> verb and noun lemmas a date can be the date of
    awards: frozenset = frozenset()  # measures that count awards, kept apart per award ("nominations (emmy)")
    award_aliases: dict = field(default_factory=dict)  # "academy" -> "oscar"
    ranks: dict = field(default_factory=dict)  # list name -> words it ranks by ("grossing", "biggest")
    rank_nouns: frozenset = frozenset()  # a bare place: "10th spot", "eighth place"
    aspects: dict = field(default_factory=dict)  # "start" -> verbs that start what their subject names
    slots: dict = field(default_factory=dict)  # measure -> the named slot it is ("filming start" -> filming_start)

    @classmethod
    def from_data(cls, data: dict | None) -> "MeasureSpec":
        data = data or {}
        return cls(groups={k: frozenset(v) for k, v in data.get("groups", {}).items()},
                   skip=frozenset(data.get("skip", [])), light=frozenset(data.get("light", [])),
                   regions={k: tuple(v) for k, v in data.get("regions", {}).items()},
                   regional=frozenset(data.get("regional", [])),
                   events={k: frozenset(v) for k, v in data.get("events", {}).items()},
                   awards=frozenset(data.get("awards", [])), award_aliases=dict(data.get("award_aliases", {})),
                   ranks={k: frozenset(v) for k, v in data.get("ranks", {}).items()},
                   rank_nouns=frozenset(data.get("rank_nouns", [])),
                   aspects={k: frozenset(v) for k, v in data.get("aspects", {}).items()},
                   slots=dict(data.get("slots", {})))

    def event_of(self, lemma: str) -> str | None:
        lemma = lemma.lower()
        return next((name for name, words in self.events.items() if lemma in words), None)

    def aspect_of(self, lemma: str) -> str | None:
        lemma = lemma.lower()
        return next((name for name, words in self.aspects.items() if lemma in words), None)

    def rank_of(self, word: str) -> str | None:
        word = word.lower()
        return next((name for name, words in self.ranks.items() if word in words), None)

    def group_of(self, lemma: str) -> str | None:
        lemma = lemma.lower()
        for name, words in self.groups.items():
            if lemma in words:
                return name
        return None


@dataclass(frozen=True)
class Quantity:
    """One value found in a sentence, before its measure is known."""

    start: int  # token indices of the value as cited
    end: int
    amount: float
    unit: str  # "days" for spans of time, the currency ("$", "£", "€") for money, else the counted noun's lemma
    bound: str
    kind: str  # count | duration | money
    anchor: int  # the token whose place in the parse decides the measure
    step: float = 0.0  # half the last digit written: "$2.04 billion" is 2.035-2.045 billion, "$2.052 billion" is not


def _number_at(doc, i: int, money: bool = False) -> tuple[float, int] | None:
    """The number starting at token i and the index after it: "210 million", "three", "1.5"; after a
    currency sign a letter scales it too ("$155M"), which after a bare number could be a unit."""
    tok = doc[i]
    n = word_number(tok.text) if (tok.like_num or tok.lower_ in WORD_NUMBERS) else None
    if n is None or tok.lower_ in ("a", "an"):
        return None
    j = i + 1
    if j < len(doc) and doc[j].lower_ in SCALES and (money or doc[j].lower_ not in ("m", "k")):
        n = round(n * SCALES[doc[j].lower_], 6)
        j += 1
    return n, j


def _step(doc, num: int, amount: float) -> float:
    """Half the last digit the figure was written with, in its own units."""
    written = doc[num].text.replace(",", "")
    if not written[:1].isdigit():
        return 0.0
    decimals = len(written.split(".")[1]) if "." in written else 0
    scale = amount / float(written) if float(written) else 1.0
    return 0.5 * 10 ** -decimals * scale


def _bound_before(doc, i: int, floor: int) -> tuple[str, int]:
    """The bound words just before token i ("over", "more than", "approximately") and where they start."""
    before = doc[max(floor, i - 3):i].text.lower()
    for words in _BOUND_WORDS:
        if before == words or before.endswith(" " + words):
            return BOUNDS[words], i - len(words.split())
    return "exact", i


def quantities(doc, sent, date_tokens: set[int]) -> list[Quantity]:
    """Counts, spans of time and amounts of money in a sentence, each once."""
    out, i = [], sent.start
    while i < sent.end:
        tok = doc[i]
        money = tok.text in _CURRENCY
        at = _number_at(doc, i + 1 if money else i, money)
        if at is None or i in date_tokens or (money and i + 1 in date_tokens):
            i += 1
            continue
        amount, j = at
        if money and j + 1 < sent.end and doc[j].text in ("-", "–", "to") and doc[j + 1].like_num:
            i = j + 2
            continue  # "$60-80 million": a range, neither end is the figure
        num = i + 1 if money else i
        if not money and re.fullmatch(r"(?:19|20)\d\d", doc[num].text):
            i = j
            continue  # a year, not a quantity
        bound, start = _bound_before(doc, i, sent.start)
        if not money and j < sent.end and doc[j].lower_ in ("%", "percent", "per"):
            end = j + (2 if doc[j].lower_ == "per" and j + 1 < sent.end and doc[j + 1].lower_ == "cent" else 1)
            out.append(Quantity(start, end, amount, "%", bound, "percent", num))
            i = end
            continue
        word = j + (1 if j + 1 < sent.end and doc[j].text in ("US", "U.S.") else 0)
        if not money and word < sent.end and currency(doc[word].lower_):
            money, symbol, j = True, currency(doc[word].lower_), word + 1  # "205 million US dollars"
        elif money:
            symbol = currency(tok.text)
        if money:
            end = j + 2 if j + 1 < sent.end and doc[j].text == "-" and doc[j + 1].lower_ == "plus" else j
            if end > j:
                bound = "at_least"  # "$250 million-plus"
            out.append(Quantity(start, end, amount, symbol, bound, "money", num, _step(doc, num, amount)))
            i = end
            continue
        if j + 1 < sent.end and doc[j].text in ("-", "‐") and doc[j + 1].pos_ == "NOUN":
            unit_tok, end = doc[j + 1], j + 2  # "18-month duty", "three-week break": the unit is hyphen-joined
        elif doc[num].dep_ == "nummod" and doc[num].head.pos_ in ("NOUN", "PROPN") and doc[num].head.i >= j:
            unit_tok, end = doc[num].head, doc[num].head.i + 1
        else:
            i = j
            continue
        unit = unit_tok.lemma_.lower()
        if _alternatives(doc, start, end, sent):
            i = end
            continue  # "two or three minutes", "between 50 and 65 minutes": neither is the figure
        if unit in TIME_UNITS:
            end, amount = _compound_duration(doc, end, sent.end, amount * TIME_UNITS[unit])
            out.append(Quantity(start, end, amount, "days", bound, "duration", unit_tok.i))
        else:
            out.append(Quantity(start, end, amount, unit, bound, "count", unit_tok.i))
        i = end
    return out


def _alternatives(doc, start: int, end: int, sent) -> bool:
    """A range or a choice: "between 50 and 65 minutes", "two or three minutes", "10 to 12 episodes"."""
    inside = [t.lower_ for t in doc[start:end]]
    if any(w in ("or", "to", "-", "–") for w in inside[1:]) and sum(t.like_num for t in doc[start:end]) > 1:
        return True
    if start > sent.start and doc[start - 1].lower_ == "between":
        return True
    return end + 1 < sent.end and doc[end].lower_ in ("or", "to") and doc[end + 1].like_num


def _compound_duration(doc, end: int, stop: int, days: float) -> tuple[int, float]:
    """"one year and six months" is one span of time, not two."""
    if end + 2 < stop and doc[end].lower_ == "and":
        at = _number_at(doc, end + 1)
        if at is not None and at[1] < stop and doc[at[1]].lemma_.lower() in TIME_UNITS:
            return at[1] + 1, days + at[0] * TIME_UNITS[doc[at[1]].lemma_.lower()]
    return end, days


def measure_of(doc, q: Quantity, spec: MeasureSpec) -> tuple[str | None, str]:
    """What the quantity measures, and the rule that said so."""
    anchor = doc[q.anchor]
    if q.kind == "count":
        award = _award(doc, q, spec)
        if award[0]:
            return award
        if anchor.lemma_.lower() in spec.skip or anchor.pos_ == "PROPN":
            return None, ""
        return spec.group_of(anchor.lemma_) or anchor.lemma_.lower(), "attribute.count_noun"
    # a span of time or an amount of money: the words it belongs to, nearest first
    for tok, rule in _governors(anchor, spec):
        group = spec.group_of(tok.lemma_)
        if group:
            return group, rule
        if rule == "attribute.modified_noun" and tok.pos_ == "NOUN" and q.kind == "duration":
            return tok.lemma_.lower(), rule  # "a three-week break": an open measure, the noun itself
    return None, ""


def _award(doc, q: Quantity, spec: MeasureSpec) -> tuple[str | None, str]:
    """"nominated for 12 Academy Awards" and "14 nominations at the Emmy Awards": a count of
    awards measures nominations or wins of one award, named by its first word ("Emmy")."""
    anchor = doc[q.anchor]
    group = spec.group_of(anchor.lemma_)
    award = None
    if group in spec.awards:  # "14 nominations at the 74th Primetime Emmy Awards", on the noun or its verb
        for prep in list(anchor.children) + (list(anchor.head.children) if anchor.dep_ == "dobj" else []):
            if prep.dep_ == "prep" and prep.lower_ in ("at", "for", "from"):
                for obj in prep.children:
                    award = award or _award_name(obj, spec)
    else:
        verb = anchor.head
        while verb.pos_ != "VERB" and verb.dep_ in ("pobj", "prep", "conj", "dobj") and verb.head.i != verb.i:
            verb = verb.head
        group = spec.group_of(verb.lemma_) if verb.pos_ in ("VERB", "AUX") else None
        if group in spec.awards:
            award = _award_name(anchor, spec)
    if group not in spec.awards:
        return None, ""
    return (f"{group} ({award})" if award else group), "attribute.award_count"


def _award_name(noun, spec: MeasureSpec) -> str | None:
    """The award a noun names, by its own words: "Emmys", "the 74th Primetime Emmy Awards" -> "emmy",
    "Golden Globes" -> "golden globe"; `award_aliases` fold other names of one award ("academy" -> "oscar")."""
    words = [t.lower_ for t in noun.subtree
             if (t.pos_ == "PROPN" or t.i == noun.i) and not t.like_num and t.ent_type_ != "ORDINAL"
             and t.lower_ not in ("awards", "award", "primetime", "annual", "the")]
    if not words:
        return None
    words[-1] = words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 3 else words[-1]
    name = " ".join(words)
    return spec.award_aliases.get(name, name)


def _governors(anchor, spec: MeasureSpec):
    """Tokens a value belongs to, in the order the parse ties them: what it is "of", the noun it
    modifies, its head noun or verb, the event a light verb governs, the verb's subject."""
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield obj, "attribute.of_noun"
    head = anchor.head
    if anchor.dep_ in ("compound", "nmod", "amod", "nummod") or head.i > anchor.i and head.pos_ == "NOUN":
        yield head, "attribute.modified_noun"
        for c in head.children:
            if c.dep_ == "compound":
                yield c, "attribute.modified_noun"
    tok, steps = anchor, 0
    while tok.head.i != tok.i and steps < 4:
        tok, steps = tok.head, steps + 1
        if tok.pos_ not in ("NOUN", "VERB", "AUX"):
            continue
        if tok.lemma_.lower() in spec.light:  # "it took 168 days to film", "it was a long shoot: 168 days"
            for c in tok.children:
                if c.dep_ in ("xcomp", "advcl", "nsubj", "ccomp", "attr", "dobj") and c.i != anchor.i:
                    yield c, "attribute.light_verb"
            continue
        yield tok, "attribute.head"
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass", "compound"):
                yield c, "attribute.head_subject"
        if tok.pos_ in ("VERB", "AUX"):
            break


def region_near(doc, anchor: int, spec: MeasureSpec) -> str | None:
    """Where one figure holds, from the words the parse ties to it: its own phrase ("$567 million from
    overseas markets", "$445 million domestically"), the noun it is a figure of ("a global tally of
    $386.3 million"), or the clause it stands in ("Overseas, the film grabbed $165.3 million", "its
    global haul stands at $1.09 billion"). Other figures' phrases are not looked into."""
    tok = doc[anchor]
    while tok.dep_ in ("compound", "quantmod", "nummod") and tok.head.i != tok.i:
        tok = tok.head

    def own(t):
        for c in t.children:
            if c.dep_ in ("conj", "cc") or c.like_num or c.text in _CURRENCY:
                continue
            yield c
            yield from own(c)

    found = _regions(list(own(tok)), spec)
    after = []
    for t in doc[tok.i + 1:min(tok.i + 4, len(doc))]:
        if t.is_punct or t.text in _CURRENCY or t.like_num:
            break
        after.append(t)
    found = found or _regions(after, spec)  # "$445 million domestically", "$567 million from overseas markets"
    steps = 0
    while not found and tok.head.i != tok.i and steps < 4:
        if tok.dep_ == "pobj" and tok.head.lower_ == "with":
            break  # "with $445 million from domestic sales and …": a breakdown, not the clause's figure
        came, tok, steps = tok, tok.head, steps + 1
        near = [c for c in tok.children if c.i != came.i and c.dep_ in ("amod", "advmod", "npadvmod", "compound")]
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != came.i:
                near += [g for g in c.children if g.dep_ in ("amod", "compound")]
        found = _regions([tok] + near, spec)
        if tok.pos_ in ("VERB", "AUX"):
            break
    return found


def _regions(tokens, spec: MeasureSpec) -> str | None:
    names = {name for t in tokens for name, words in spec.regions.items() if t.lower_ in words}
    return names.pop() if len(names) == 1 else None


def region_of(text: str, spec: MeasureSpec) -> str | None:
    """Where a figure holds: "domestic", "international", "worldwide"; None when unsaid."""
    low = text.lower()
    found = [name for name, words in spec.regions.items() if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)]
    return found[0] if len(found) == 1 else None


def date_tokens(doc, sent) -> set[int]:
    """Tokens inside a date: "May 5, 2000" holds no quantity."""
    out = set()
    for a, b, _ in find_dates(sent.text):
        span = doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


# a number right after one of these words names an installment, not how many ("Season 2 episodes")
INSTALLMENT_WORDS = {"season", "series", "part", "episode", "ep", "ep.", "volume", "vol", "vol.", "chapter", "cour", "no", "no.", "#"}
# ... and after these it names a position or a part, not a quantity either ("week 3", "top 10")
_NOT_COUNTS = INSTALLMENT_WORDS | {"number", "s", "week", "day", "phase", "act", "book", "film", "movie", "top"}
_CLOCK = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "est", "pst", "pt", "et", "jst", "bst", "ist", "cet", "utc"}
_SUBSET = {"first", "last", "next", "final", "remaining", "following", "opening", "middle", "top", "initial", "latest"}

def extract(doc, sent, spec: MeasureSpec, title: str | None = None) -> list[dict]:
    """Raw open-attribute claims of one sentence (its article's headline is `title`): value, measure,
    kind, amount and rules."""
    out, listed = [], []
    for q in quantities(doc, sent, date_tokens(doc, sent)):
        owner = _listed_title(doc, q) if q.kind == "money" else None
        if owner:
            listed.append((q, owner))
            continue
        if q.start > sent.start and doc[q.start - 1].lower_ in _SUBSET or \
                q.end < sent.end and doc[q.end].lower_ == "of" and q.kind == "count":
            continue  # "the first five episodes", "seven of our 10 episodes": some of them, not how many
        num = q.start + (1 if doc[q.start].text in _CURRENCY else 0)
        while num < q.end and not (doc[num].like_num or doc[num].lower_ in WORD_NUMBERS):
            num += 1
        if num > sent.start and doc[num - 1].lower_ in _NOT_COUNTS or q.kind == "count" and q.amount == 1:
            continue  # "Season 2 schedule", "episode 23 runtime" name an installment; "one source" counts nothing
        if doc[q.anchor].lower_ in _CLOCK or q.unit in _CLOCK:
            continue  # a time of day, not a quantity
        measure, rule = measure_of(doc, q, spec)
        if not measure and q.kind == "money" and BOX_OFFICE.search(sent.text):
            measure, rule = "gross", "attribute.box_office_sentence"  # "Overseas, the film grabbed $165.3 million"
        if not measure:
            continue
        span = doc[q.start:q.end]
        out.append({
            "slot": "attribute", "measure": measure, "value": span.text, "start": span.start_char,
            "end": span.end_char, "amount": q.amount, "unit": measure if q.kind == "count" else q.unit, "bound": q.bound, "kind": q.kind,
            "step": q.step,
            "grouped": measure.split(" (")[0] in spec.groups, "rules": [rule] + (["attribute.bound"] if q.bound != "exact" else []),
            "region": (region_near(doc, q.anchor, spec) or region_of(sent.text, spec))
            if q.kind == "money" and measure.split(" (")[0] in spec.regional else None,
            "anchor": q.anchor,
        })
    for c in out:
        if c["measure"] == "gross" and c["kind"] == "money" and OPENING_RE.search(sent.text):
            c["measure"], c["rules"] = "opening", c["rules"] + ["attribute.opening_window"]  # "made $205 million in its first weekend"
        elif c["measure"] == "gross" and c["kind"] == "money" and (later := LATER_WINDOW.match(sent.text, c["end"] - sent.start_char)):
            # "$73 million coming from overseas this weekend": one weekend's takings, not the running total;
            # "on its 15th weekend" is another weekend than "this weekend"
            nth = f"{later['nth'].lower()} " if later["nth"] else ""
            c["measure"], c["rules"] = f"gross ({nth}{later['unit'].lower()})", c["rules"] + ["attribute.later_window"]
    found = (_one_each(out, doc) + _one_each(event_dates(doc, sent, spec), doc) + production_range(doc, sent)
             + times_of_day(doc, sent, spec)
             + standings(doc, sent, spec) + listed_figures(doc, sent, spec, listed))
    if title and OPENING_HEADLINE.search(title) and not SO_FAR.search(sent.text):
        # in an article whose headline is about the opening ("tops Thanksgiving weekend box office with
        # $221 million debut"), a gross whose sentence speaks of no running total is the opening's
        found = [c | {"measure": "opening", "rules": c["rules"] + ["attribute.headline_window"]}
                 if c["measure"] == "gross" and c["kind"] == "money" else c for c in found]
    return found


# the title a list gives a figure: "Frozen ($1.29 billion)", "4. “Frozen,” Disney ($1.274 billion)",
# "6. Avengers: Infinity War- $2.052 billion", "behind only Spider-Man: No Way Home ($1.9 billion)"
_QUOTED_TITLE = re.compile(r"[\"“](?P<t>[^\"“”\n]{2,60}?),?[\"”](?:,?\s*[A-Z][\w/&.+-]*){0,3}\s*(?:\(|[-–—:])\s*$")
_TITLE_RUN = re.compile(r"(?P<t>[A-Z0-9][\w'’.&!?+-]*(?:(?:\s+|:\s*)(?:[A-Z0-9][\w'’.&!?+-]*|of|the|and|a|an|in|on|to|for|at|vs\.?)){0,8})"
                        r"\s*(?:\(|[-–—:])\s*$")
_RUN_LEAD = re.compile(r"^(?:\d{1,2}[.)]\s*|(?:Only|Just|Behind|And|But|With|Including|Ahead|Now|Even|Both|Also|While|As|Like|Than|"
                       r"Unlike|Surpassing|Passing|Beating|Trailing)\s+)+")
_GROSS_CONTEXT = re.compile(r"\b(?:gross\w*|box office|earn\w*|haul|worldwide|global|domestic\w*)\b", re.IGNORECASE)


def _listed_title(doc, q: Quantity) -> str | None:
    """The title a figure is listed against, when the figure stands right after it on its line, in
    brackets or after a dash or a colon (see `_QUOTED_TITLE`, `_TITLE_RUN`)."""
    # a span's text, not Doc.text, which joins every token of the Doc on each call
    line = doc[max(0, q.start - 30):q.start].text_with_ws.rsplit("\n", 1)[-1]
    m = _QUOTED_TITLE.search(line) or _TITLE_RUN.search(line)
    if not m:
        return None
    title = _RUN_LEAD.sub("", m.group("t")).strip(" :")
    return title if len(title) > 2 and not title.replace(".", "").isdigit() and title[0].isupper() else None


def listed_figures(doc, sent, spec: MeasureSpec, listed) -> list[dict]:
    """Figures a list or a comparison gives other titles ("behind only Spider-Man: No Way Home ($1.9
    billion), Avengers: Infinity War ($2.04 billion)"): each is that title's, not the sentence's subject's.
    Only grosses are read, when the sentence or the text just before it (a list's heading) is about box
    office; one title listed twice in a sentence with two figures gives neither."""
    if not listed:
        return []
    context = doc[max(0, sent.start - 120):sent.end].text
    if not _GROSS_CONTEXT.search(context):
        return []
    region = region_of(sent.text, spec)
    out = []
    for q, owner in listed:
        if q.amount < 1e5:
            continue  # "($1.36" cut off before its "billion": no figure to compare
        span = doc[q.start:q.end]
        out.append({
            "slot": "attribute", "measure": "gross", "value": span.text, "start": span.start_char, "end": span.end_char,
            "amount": q.amount, "unit": q.unit, "bound": q.bound, "kind": "money", "grouped": True, "step": q.step,
            "rules": ["attribute.listed_figure"], "region": region, "anchor": q.anchor, "owner": owner,
        })
    twice = Counter(c["owner"] for c in out)
    return [c for c in out if twice[c["owner"]] == 1]


# a sentence about ticket sales: a figure in it with no measure of its own is a gross
BOX_OFFICE = re.compile(r"\b(?:box[ -]office|ticket sales|opening weekend|debut weekend|weekend|global tally|worldwide|"
                        r"globally|domestic(?:ally)?|overseas|stateside)\b", re.IGNORECASE)
OPENING_RE = re.compile(r"\b(?:first|opening|debut)\s+weekend\b", re.IGNORECASE)
# a figure's own words, up to the next figure or punctuation, that tie it to one later weekend or week
LATER_WINDOW = re.compile(r"[^$€£,;.\n]{0,60}?\b(?:this|last|over the|on its|in its|during its)\s+(?:(?P<nth>second|third|fourth|fifth|sixth"
                          r"|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+|(?:holiday|extended|three-day|four-day)\s+)?"
                          r"(?P<unit>weekend|week|frame)\b", re.IGNORECASE)
OPENING_HEADLINE = re.compile(r"\b(?:debuts?|debuted|opening|opens|opened|bows?|launch)\b|\bweekend\b", re.IGNORECASE)
SO_FAR = re.compile(r"\b(?:total|cumulative|so far|to date|lifetime|running|overall|now stands|passed|passes|crossed|crosses|surpass\w*)\b",
                    re.IGNORECASE)
# a time of day with its zone; the hours each zone is from UTC (a zone family keeps one offset all
# year, so "9 p.m. ET" and "6 p.m. PT" are one time whichever of EST or EDT was meant)
TIME_RE = re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?\s*\(?\s*"
                     r"(?P<zone>ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|MT|GMT|BST|UTC|CET|CEST|IST|JST|KST)\b")
ZONES = {"ET": -5, "EST": -5, "EDT": -5, "PT": -8, "PST": -8, "PDT": -8, "CT": -6, "CST": -6, "CDT": -6, "MT": -7,
         "GMT": 0, "BST": 0, "UTC": 0, "CET": 1, "CEST": 1, "IST": 5.5, "JST": 9, "KST": 9}


def times_of_day(doc, sent, spec: MeasureSpec) -> list[dict]:
    """Times of day at which something is released or aired ("at 9 p.m. ET", "9 pm PT / 6 pm ET"), as
    minutes after midnight UTC: "9 p.m. ET" and "6 p.m. PT" are one time, "9 p.m. PT" another. A time
    without its zone is left alone (it cannot be compared), and so is one in a sentence with no release
    or broadcast event."""
    if not TIME_RE.search(sent.text):
        return []
    events = {lemma for name in ("release", "broadcast") for lemma in spec.events.get(name, ())}
    if not any(t.lemma_.lower() in events for t in sent):
        return []
    out = []
    for m in TIME_RE.finditer(sent.text):
        hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
        minutes = (hour * 60 + int(m.group("m") or 0) - ZONES[m.group("zone")] * 60) % 1440
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is None:
            continue
        out.append({
            "slot": "attribute", "measure": "release time", "value": span.text, "start": span.start_char,
            "end": span.end_char, "amount": float(minutes), "unit": "UTC", "bound": "exact", "kind": "time",
            "grouped": True, "rules": ["attribute.time_of_day"], "region": None, "anchor": span.root.i,
        })
    return out


_WORK_NOUNS = {"season", "series", "show", "film", "movie", "episode", "it", "drama", "sequel", "installment", "instalment",
               "part", "volume", "finale", "premiere", "anime", "title", "they", "this", "that", "which", "project"}


_RUN_NOUNS = {"season", "series", "show", "anime", "drama", "part", "volume", "cour"}


def event_dates(doc, sent, spec: MeasureSpec) -> list[dict]:
    """Dates of events beyond the named slots: "released the teaser on June 26", "the accident occurred
    on June 7", "premiered at the Venice Film Festival on September 5". The measure is the event (its
    verb or noun, folded by `measures.events`) with what it is of when that is not the work itself
    (the teaser, the cast) and where, when the place is named (a festival)."""
    out = []
    for a, b, value in find_dates(sent.text):
        span = doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        while head.dep_ == "appos" and head.head.i != head.i:
            head = head.head
        if not_moved_from(doc, None, span):
            continue  # "pushed back the release from May 3 to July 26": the old date
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            event = head.head.head
        elif head.dep_ in ("npadvmod", "tmod") and head.head.pos_ == "VERB":
            event = head.head  # "the season will conclude Friday, July 7"
        else:
            continue
        name, clause = spec.event_of(event.lemma_), False
        if not name and event.pos_ == "VERB":
            event, name = _event_in_clause(event, spec)
            clause = name is not None
        if not name:
            continue
        of, where = None, None
        for child in event.children:
            if child.dep_ in ("dobj", "nsubjpass") or child.dep_ == "nsubj" and event.pos_ in ("VERB", "AUX") and \
                    not any(c.dep_ == "dobj" for c in event.children):
                if child.pos_ == "NOUN" and child.lemma_.lower() not in _WORK_NOUNS:
                    of = child.lemma_.lower()
            if child.dep_ == "prep" and child.lower_ == "at":
                place = [t for t in child.subtree if t.pos_ == "PROPN"]
                if place:
                    where = place[0].lower_
        if event.pos_ == "NOUN" and event.dep_ in ("nsubj", "dobj", "pobj") and not of and not clause:
            continue  # "the release on June 26 of …": keep to events stated by a verb or named outright
        measure = " ".join(w for w in (of, name) if w) + (f" ({where})" if where else "")
        out.append({
            "slot": "attribute", "measure": measure, "value": span.text, "start": span.start_char,
            "end": span.end_char, "amount": None, "unit": None, "bound": None, "kind": "date",
            "grouped": True, "rules": ["attribute.event_clause" if clause else "attribute.event_date"], "region": None,
            "anchor": event.i,
        })
    return out


# what a production's dates are of: "filmed from November 2023 to April 2024", "filming ran from … until …"
_PRODUCTION = {"film", "filming", "shoot", "shooting", "production", "photography"}
_RANGE_ENDS = {"from": "start", "to": "end", "until": "end", "till": "end", "through": "end"}


def production_range(doc, sent) -> list[dict]:
    """The start and the end of filming when a clause gives both ends of its span: "was filmed from
    November 2023 to April 2024", "Filming ran from June 19, 2023 until November 22, 2023"."""
    ends = {}
    for a, b, _ in find_dates(sent.text):
        span = doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
        if span is None or span.root.dep_ != "pobj" or span.root.head.lower_ not in _RANGE_ENDS:
            continue
        prep = span.root.head
        event = prep.head
        if event.dep_ == "pobj" and event.head.lower_ == "from":  # "from X to Y": "to" hangs on the first date
            event = event.head.head
        said_of = {event.lemma_.lower()} | {c.lemma_.lower() for c in event.children if c.dep_ in ("nsubj", "nsubjpass")}
        if said_of & _PRODUCTION and not (event.lemma_.lower() == "film" and event.tag_ == "NN"):
            ends.setdefault(_RANGE_ENDS[prep.lower_], (span, event))
    if set(ends) != {"start", "end"}:
        return []  # one end alone is read by the slots and events ("filming began in June")
    return [{"slot": "attribute", "measure": f"filming {which}", "value": span.text, "start": span.start_char,
             "end": span.end_char, "amount": None, "unit": None, "bound": None, "kind": "date", "grouped": True,
             "rules": ["attribute.production_range"], "region": None, "anchor": event.i}
            for which, (span, event) in sorted(ends.items())]


def _event_in_clause(verb, spec: MeasureSpec):
    """The event a verb that names none dates: what it starts or ends ("filming began in January":
    filming start; "production wrapped on May 5": filming end), or the event its object names ("Netflix
    made the official announcement on June 13"). (verb, None) when there is none."""
    aspect = spec.aspect_of(verb.lemma_)
    for child in verb.children:
        if aspect and child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ in ("NOUN", "VERB"):
            group = spec.group_of(child.lemma_)
            if group:
                return child, f"{group} {aspect}"
            if child.lemma_.lower() in _RUN_NOUNS:  # "the 13-episode second season wrapped up on October 6"
                return child, f"run {aspect}"
        if not aspect and child.dep_ == "dobj" and child.pos_ == "NOUN" and spec.event_of(child.lemma_) \
                and child.lemma_.lower() not in _WORK_NOUNS:  # "filling evening shows in August" dates no broadcast
            return child, spec.event_of(child.lemma_)
    return verb, None


def _one_each(claims: list[dict], doc) -> list[dict]:
    """Several values of one measure (and region) in one clause are a breakdown ("$11.4 million from
    722 locations, … from 729 locations") or alternatives ("between $200 and $250 million"):
    none of them is the figure. Two clauses are two statements ("the first film brought in $856
    million, while the second managed to bring in $502 million"), each with its own figure."""
    keys = [(c["measure"], c.get("region"), _clause_verb(doc[c["anchor"]])) for c in claims]
    seen = Counter(keys)
    return [c for c, k in zip(claims, keys) if seen[k] == 1]


def _clause_verb(tok) -> int:
    """The verb whose clause holds a token (conjoined verbs count as one clause: "made $4.1 million …
    and $3.9 million …" shares "made"), or the sentence's root."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head  # "grossed $5 million in Spain and made $4 million in Italy": one list of figures
    return tok.i


_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINAL_RE = re.compile(r"(?P<n>\d{1,3})(?:st|nd|rd|th)", re.IGNORECASE)
_ANY_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b|\b(?:" + "|".join(_ORDINAL_WORDS) + r")\b", re.IGNORECASE)
_SUPERLATIVE_LEADS = {"most", "highest", "biggest", "largest", "top", "best"}


def _ordinal(tok) -> int | None:
    m = _ORDINAL_RE.fullmatch(tok.text)
    return int(m.group("n")) if m else _ORDINAL_WORDS.get(tok.lower_)


def standings(doc, sent, spec: MeasureSpec) -> list[dict]:
    """A work's place in a ranked list: "the 12th highest-grossing film", "the ninth most-watched series",
    "the eighth-biggest opening", "in the 10th spot". The measure is what the list ranks by, folded by
    `measures.ranks` ("grossing", "biggest" and "earning" rank one list); a bare place ("10th spot") ranks
    the list the sentence names no further ("rank"). An ordinal before any other noun ("the second season",
    "its first weekend") is no standing."""
    if not _ANY_ORDINAL.search(sent.text):
        return []
    out = []
    i = sent.start
    while i < sent.end - 1:
        n = _ordinal(doc[i])
        if n is None:
            i += 1
            continue
        j = i + 1 + (doc[i + 1].text in ("-", "‐"))
        if j >= sent.end:
            break
        word = doc[j].lower_
        measure = None
        if word in spec.rank_nouns:
            measure, end = "rank", j + 1
        elif word in _SUPERLATIVE_LEADS or doc[j].tag_ == "JJS":
            k = j + 1 + (j + 1 < sent.end and doc[j + 1].text in ("-", "‐"))
            key = word
            if word in ("most", "highest", "top", "best") and k < sent.end and doc[k].pos_ in ("ADJ", "VERB", "NOUN"):
                key = doc[k].lower_
                k += 1
            elif word not in _SUPERLATIVE_LEADS:
                key = doc[j].lemma_.lower()
            listed = spec.rank_of(key) or key
            if k < sent.end and spec.rank_of(doc[k].lemma_) == "opening":
                listed = "opening"  # "the sixth highest opening weekend", "the eighth-biggest debut"
            measure, end = f"rank ({listed})", k
        if measure is None:
            i += 1
            continue
        span = doc[i:end]
        out.append({
            "slot": "attribute", "measure": measure, "value": span.text, "start": span.start_char,
            "end": span.end_char, "amount": float(n), "unit": "place", "bound": "exact", "kind": "rank",
            "grouped": True, "rules": ["attribute.standing"], "region": None, "anchor": i,
        })
        i = end
    return _one_each(out, doc)
