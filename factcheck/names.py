"""Name mentions and their resolution into entities.

The small English model misreads romanized and garbled names, so mentions are
mined from token shapes (capitalised and hyphen-joined pieces, bracketed names
in cast lists) as well as from NER. Resolution is corpus-level: mentions are
grouped by a spelling key, blocked by cheap keys, scored with rapidfuzz inside
each block, and merged only when the structure of the names agrees too.
"""
from __future__ import annotations

import re
import unicodedata
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz import fuzz, process

NOT_NAMES = {
    "season", "seasons", "episode", "episodes", "volume", "part", "chapter", "series", "show", "the", "a", "an",
    "i", "tv", "and", "or", "but", "if", "so", "as", "at", "in", "on", "of", "to", "for", "with", "from", "by",
    "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "his", "her", "their", "our",
    "yes", "no", "not", "also", "however", "meanwhile", "read", "more", "about", "article", "credit", "copyright",
    "official", "trailer", "release", "date", "cast", "plot", "update", "updates", "news", "first", "second",
    "third", "fourth", "fifth", "final", "new", "all", "who", "what", "when", "where", "why", "how", "will", "is",
    "are", "was", "here", "there", "after", "before", "while", "despite", "although", "because", "since", "until",
    "according", "per", "via", "mr", "ms", "mrs", "dr", "pt", "et", "est", "pst", "am", "pm", "us", "uk", "u.s.",
    "one", "two", "three", "top", "global", "day", "week", "weekend", "year", "month", "netflix’s", "sources",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec"}
CONNECTORS = {"of", "no"}  # "no": the particle of romanized Japanese titles ("Oshi no Ko")
TITLE_CONNECTORS = {"of", "in", "at", "is", "are", "the", "on", "to", "from", "for", "and"}
JOINERS = TITLE_CONNECTORS - {"and"}
LEADING_NOT_NAME = {"ADP", "ADV", "ADJ", "VERB", "DET", "PRON", "AUX", "SCONJ", "CCONJ", "NUM", "INTJ"}
TITLES = {"detective", "director", "actor", "actress", "producer", "president", "officer", "professor", "sergeant",
          "captain", "star", "writer", "creator", "showrunner", "author", "singer", "rapper", "host", "ceo", "chairman",
          "popular", "veteran", "lead", "co-creator", "filmmaker", "screenwriter", "critic", "dr", "mr", "mrs", "ms",
          "newcomer", "composer", "narrator", "co-star", "costar", "editor", "cinematographer", "designer", "presenter",
          "journalist", "reporter", "choreographer", "novelist", "playwright", "comedian", "musician", "executive",
          # ranks and styles before a name: "Private Ahn Joon-ho", "Sergeant First Class Park", "Sir Ridley Scott"
          "private", "pvt", "corporal", "cpl", "sgt", "lieutenant", "lt", "colonel", "col", "capt", "commander", "class",
          "sir", "emperor", "empress", "king", "queen", "prince", "princess", "agent", "inspector", "general"}
ORG_WORDS = {"production", "productions", "studios", "studio", "pictures", "entertainment", "films", "media",
             "company", "network", "guild", "agency", "news", "group", "inc", "ltd"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    label: str  # PERSON | ORG | PLACE | WORK | NAME


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, accents stripped, curly quotes made straight."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _piece_ok(tok) -> bool:
    t = tok.text
    if not t[:1].isalpha() or not t[:1].isupper():
        return False
    low = fold(t)
    doc = tok.doc
    hyphened = (tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ and not doc[tok.i + 1].whitespace_
                and doc[tok.i + 2].is_alpha and fold(doc[tok.i + 2].text) not in MONTH_WORDS)
    if hyphened and low not in MONTH_WORDS:
        return True  # "Nam-era" is a name even when NER calls it a date
    if low in NOT_NAMES or low in WEEKDAYS or low in MONTH_WORDS:
        return False
    return tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def _joined(doc, i: int) -> int:
    """End of a hyphen-joined piece starting at token i ("Nam" "-" "ra" -> 3)."""
    j = i + 1
    while (j + 1 < len(doc) and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_ and not doc[j].whitespace_
           and doc[j + 1].text[:1].isalpha() and not _MODIFIER_SUFFIX.fullmatch(doc[j + 1].text)):
        j += 2
    return j


# "Ridley Scott-directed", "Oscar-winning": a name turned into a modifier ends where the suffix starts
_MODIFIER_SUFFIX = re.compile(r"[a-z]{3,}(?:ed|ing)|led|style|esque|like|born|based")


_CAST_LINE = re.compile(r"\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}\s+as\s+[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}\s*")


def is_list_item(text: str) -> bool:
    """"- Ana Ruiz as Captain Hale", "Ana Ruiz as Captain Hale": a cast list's line, however
    capitalised, is no heading."""
    return (text.lstrip()[:1] in ("-", "*", "•", "–", "·") or bool(re.match(r"\s*\d{1,2}[.)]\s", text))
            or bool(_CAST_LINE.fullmatch(text)))


def _is_heading(sent) -> bool:
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or sent.text.rstrip()[-1:] in ".!\"”" or is_list_item(sent.text):
        return False
    caps = sum(t.text[:1].isupper() for t in words if t.lower_ not in TITLE_CONNECTORS)
    content = sum(t.lower_ not in TITLE_CONNECTORS for t in words)
    return caps >= 0.75 * max(content, 1)


def mine_mentions(doc) -> list[Mention]:
    """Name-like spans of a Doc: capitalised and hyphen-joined pieces, bracketed names, NER."""
    found: dict[tuple[int, int], Mention] = {}
    for sent in doc.sents:
        if _is_heading(sent):
            continue
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if tok.text == "(":
                close = next((k for k in range(i + 1, min(i + 7, sent.end)) if doc[k].text == ")"), None)
                if close is not None and close > i + 1:
                    _bracketed(doc, i + 1, close, found)
            if tok.text == "Best" and i + 1 < sent.end and doc[i + 1].text[:1].isupper():
                i += 1  # "Best Adapted Screenplay": an award's category, not a name
                while i < sent.end and (doc[i].text[:1].isupper() or doc[i].lower_ in ("and", "&", "in", "of", "a")):
                    i += 1
                continue
            if not _piece_ok(tok):
                i += 1
                continue
            pieces = []  # (start, end) token ranges of name pieces
            j = i
            while j < sent.end:
                if _piece_ok(doc[j]) or (doc[j].text.isupper() and len(doc[j].text) <= 3 and doc[j].is_alpha and pieces):
                    end = _joined(doc, j)
                    pieces.append((j, end))
                    j = end
                    if doc[j - 1].whitespace_ == "" and j < sent.end and doc[j].text not in ("’s", "'s", "'", "’", "‘s", "‘"):
                        if doc[j].is_punct:
                            break
                    continue
                conn = doc[j].lower_ in CONNECTORS or (
                    doc[j].lower_ in JOINERS and doc[j].ent_type_ in ("WORK_OF_ART", "ORG", "EVENT", "FAC", "PRODUCT")
                    and doc[j].ent_iob_ == "I")
                if pieces and conn and j + 1 < sent.end and _piece_ok(doc[j + 1]):
                    j += 1
                    continue
                break
            if not pieces:
                i += 1
                continue
            start_tok, end_tok = pieces[0][0], pieces[-1][1]
            # a capitalised sentence opener is only a name if it looks like one
            if start_tok == sent.start and len(pieces) == 1 and end_tok - start_tok == 1 and (
                    doc[start_tok].pos_ != "PROPN" or not doc[start_tok].ent_type_):
                i = end_tok
                continue
            korean_given = len(pieces) > 1 and pieces[1][1] - pieces[1][0] > 1  # "Go Yu-na", "Oh Tae-hyun"
            if (start_tok == sent.start and len(pieces) > 1 and doc[start_tok].pos_ not in ("PROPN",)
                    and not (korean_given and fold(doc[start_tok].text) not in TITLES | NOT_NAMES)):
                pieces = pieces[1:]
                start_tok = pieces[0][0]
            while len(pieces) > 1 and pieces[0][0] == start_tok and pieces[0][1] - pieces[0][0] == 1 and (
                    doc[start_tok].pos_ in LEADING_NOT_NAME or fold(doc[start_tok].text).rstrip(".") in TITLES) and not (
                    pieces[1][1] - pieces[1][0] > 1 and fold(doc[start_tok].text) not in TITLES | NOT_NAMES) and \
                    pieces[1][0] == pieces[0][1]:  # "Queen of Tears", "King of the Hill": a title, no honorific
                # ...but "Oh Tae-hyun", "Go Yu-na": a family name before a hyphenated given name stays
                pieces = pieces[1:]
                start_tok = pieces[0][0]
            if end_tok < sent.end and doc[end_tok].lower_ in ("brothers", "sisters", "twins"):
                end_tok += 1  # "the Duffer brothers" names a pair, not a person called Duffer
            span = doc[start_tok:end_tok]
            single = len(pieces) == 1 and end_tok - start_tok == 1
            if single and (doc[start_tok].ent_type_ == "NORP" or doc[start_tok].pos_ == "ADJ"):
                i = end_tok
                continue
            if not (single and len(span.text) < 2):
                found.setdefault((span.start_char, span.end_char), Mention(span.start_char, span.end_char, span.text, _label(span)))
            i = max(end_tok, i + 1)
    for span in _title_runs(doc):
        if _is_heading(span[0].sent):
            continue
        for k in [k for k in found if span.start_char <= k[0] and k[1] <= span.end_char]:
            del found[k]
        found[(span.start_char, span.end_char)] = Mention(span.start_char, span.end_char, span.text, "WORK")
    return sorted(_split_caps(with_subtitles(with_numbers(found.values(), doc.text), doc.text)), key=lambda m: (m.start, m.end))


# an installment's word and number ("Season 2", "part three") and a bare number after a title ("0", "II")
_INSTALLMENT_WORD = r"(?:Season|Series|Part|Vol\.?|Volume|Chapter|season|part)\s+"
_INSTALLMENT_NUMBER = r"\d{1,2}|(?i:one|two|three|four|five)"
_BARE_NUMBER = r"0|[1-9]\d?|II|III|IV|VI{0,3}"
_INSTALLMENT_AFTER = re.compile(
    rf"(?:\s+{_INSTALLMENT_WORD}(?:{_INSTALLMENT_NUMBER})"
    r"|:\s+Part\s+(?:One|Two|Three|\d)"
    rf"|\s+(?:{_BARE_NUMBER}))\b(?![\w-]|\s+(?:episodes?|seasons?|million|billion|percent|years?|days?|weeks?"
    r"|months?|minutes?|hours?|times|countries|markets)\b)")
INSTALLMENT = re.compile(rf"\b(?:{_INSTALLMENT_WORD}(?P<n>{_INSTALLMENT_NUMBER})|(?P<bare>{_BARE_NUMBER}))$")


_SUB_WORD = r"(?:[A-Z0-9][\w’'.!&-]*|à|de|of|the|a|an|and|in|on|to|for|from)"
_SUBTITLE_AFTER = re.compile(rf":\s+(?P<sub>[A-Z0-9][\w’'.!&-]*(?:\s+{_SUB_WORD}){{0,5}})"
                             r"(?=\s*(?:[,.;()\[\]\"“”’!?–—-]|$)|\s+(?:and|or)\s)", re.MULTILINE)
_SUB_STOP = {"à", "de", "of", "the", "a", "an", "and", "in", "on", "to", "for", "from"}


def with_subtitles(mentions, text: str) -> list[Mention]:
    """"Avengers: Infinity War ($2.05 billion)", "Spider-Man: No Way Home": a title's subtitle is part of
    its name, so two films of one franchise never share the mention of its first word. Read only where
    the subtitle ends cleanly (a bracket, a comma, a dash, the end of a line): "Gladiator 2: Ridley Scott
    sequel moving forward" is a headline's colon, not a title."""
    out = []
    for m in mentions:
        after = _SUBTITLE_AFTER.match(text, m.end)
        if after and m.label != "PERSON" and ":" not in m.surface and len(m.surface.split()) <= 4:
            words = after.group("sub").split()
            if words[-1].lower() not in _SUB_STOP and not all(w.lower() in _SUB_STOP for w in words):
                m = Mention(m.start, after.end(), text[m.start:after.end()], "WORK")
        out.append(m)
    return out


def with_numbers(mentions, text: str) -> list[Mention]:
    """"Jujutsu Kaisen 0", "Gladiator II", "Dune: Part Two": a title's installment number is part of
    its name, so a prequel film, a sequel and a season never share one mention with the first work."""
    out = []
    for m in mentions:
        after = _INSTALLMENT_AFTER.match(text, m.end)
        # NER often takes a title for a person; a number after a person's name is rarely theirs,
        # but "0", "II" and "Season 2" are installments whatever NER thought
        number = after.group(0).strip() if after else ""
        if after and (m.label != "PERSON" or not number.isdigit() or number == "0") and not INSTALLMENT.search(m.surface):
            m = Mention(m.start, after.end(), text[m.start:after.end()], "WORK")
        named = _NAMED_AFTER.match(text, m.end)
        if named:  # "Gojo’s Past arc" is a story arc named after Gojo, not Gojo
            m = Mention(m.start, named.end(), text[m.start:named.end()], "WORK")
        out.append(m)
    return out


_NAMED_AFTER = re.compile(r"[’']s(?:\s+[A-Z][\w’'-]*){1,4}\s+(?:arc|saga|storyline|incident|chapter|trilogy)\b")


def _split_caps(mentions) -> list[Mention]:
    """"ASTORY Lee Sang-baek": a word in capitals before a name in title case is a company and its person."""
    out = []
    for m in mentions:
        head, _, rest = m.surface.partition(" ")
        if len(head) >= 4 and head.isupper() and head.isalpha() and rest and not rest.isupper() and rest[:1].isupper():
            out.append(Mention(m.start, m.start + len(head), head, "ORG"))
            out.append(Mention(m.start + len(head) + 1, m.end, rest, m.label))
        else:
            out.append(m)
    return out


def without_installment(surface: str) -> str:
    """The work a numbered title belongs to: "Gladiator II" -> "Gladiator"; other names unchanged."""
    m = INSTALLMENT.search(surface)
    return surface[:m.start()].rstrip(" :") or surface if m and " " in surface else surface


def installment(surface: str) -> str | None:
    """The installment a name carries ("0", "II", "Season 2"), folded; None for a name without one."""
    m = INSTALLMENT.search(surface)
    if not m:
        return None
    n = (m.group("n") or m.group("bare")).lower()
    return {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "ii": "2", "iii": "3", "iv": "4",
            "vi": "6", "vii": "7", "viii": "8"}.get(n, n)


def _title_runs(doc):
    """Titles in running text: "All of Us Is Dead", "Now at Our School".

    A run of capitalised words joined by lower-case function words is a title
    when it capitalises a word that is no name on its own ("All", "Us", "Are").
    Runs stop at punctuation and line breaks, not at the parser's sentence
    boundaries, which a capitalised "In" can fool.
    """
    i, end = 0, len(doc)
    while i < end:
        if not (doc[i].is_alpha and doc[i].text[:1].isupper()):
            i += 1
            continue
        j, joiners = i, 0
        while j < end:
            t = doc[j]
            if t.is_alpha and t.text[:1].isupper() and fold(t.text) not in MONTH_WORDS | WEEKDAYS:
                j += 1
            elif t.lower_ in JOINERS and j + 1 < end and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha:
                joiners += 1
                j += 1
            else:
                break
        while i < j and doc[i].is_sent_start and doc[i].pos_ not in ("PROPN",) and fold(doc[i].text) not in NOT_NAMES:
            i += 1  # "Fans of The Lantern Keepers": the opener is a plain word
            while i < j and doc[i].is_lower:
                i += 1
        if i + 1 < j and doc[i].is_sent_start and doc[i].pos_ == "SCONJ" and doc[i + 1].lower_ in ("the", "a", "an"):
            i += 1  # "When The Lost Kite landed": the title starts at its own article
        run = doc[i:j]
        caps = [t for t in run if t.text[:1].isupper()]
        joined = joiners or any(fold(t.text) in JOINERS for t in caps[1:-1])
        if joined and len(run) >= 3 and len(caps) >= 3 and any(fold(t.text) in NOT_NAMES for t in caps):
            yield run
        i = max(j, i + 1)


def _bracketed(doc, a: int, b: int, found: dict) -> None:
    """A name in brackets, as cast lists give them: "(Park Ji-hoo)", even when garbled."""
    while a < b and not doc[a].text[:1].isupper():
        a += 1
    if a >= b or b - a > 5 or not doc[b - 1].text[:1].isalpha():
        return
    span = doc[a:b]
    if span.text.isupper() and len(span.text) <= 3:
        return
    if any(t.is_punct and t.text not in ("-", "’", "'", ".") for t in span) or any(t.like_num for t in span):
        return
    if any(fold(t.text) in MONTH_WORDS for t in span):
        return
    found[(span.start_char, span.end_char)] = Mention(span.start_char, span.end_char, span.text, _label(span))


def _label(span) -> str:
    words = {fold(t.text) for t in span}
    if words & ORG_WORDS:
        return "ORG"
    labels = Counter(t.ent_type_ for t in span if t.ent_type_)
    top = labels.most_common(1)[0][0] if labels else ""
    return {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
            "WORK_OF_ART": "WORK", "EVENT": "WORK", "PRODUCT": "WORK"}.get(top, "NAME")


# ----------------------------------------------------------------- keys

_ROMAN = [("eo", "u"), ("oo", "u"), ("ou", "u"), ("ae", "e"), ("yu", "yu"), ("gy", "ky"), ("g", "k"), ("b", "p"),
          ("d", "t"), ("r", "l"), ("j", "ch"), ("ch", "c"), ("sh", "s")]


def parts(surface: str) -> list[str]:
    """Name parts: space-separated, each hyphen-joined given name one part, folded.

    "Lee Jae Gyoo" has the parts of "Lee Jae-gyoo": three short syllables with no
    hyphen are a family name and a two-syllable given name written apart.
    """
    s = fold(surface).replace("'s", "").replace("’s", "").replace("+", "plus")
    ps = [p for p in re.split(r"[\s]+", re.sub(r"[^\w\s-]", "", s)) if p.strip("-")]
    if len(ps) == 3 and all(len(p) <= 5 and "-" not in p for p in ps) and surface.split()[-1][:1].isupper():
        ps = [ps[0], f"{ps[1]}-{ps[2]}"]
    return ps


def is_short_form(s: str, others) -> bool:
    """"Gwi-Nam" beside "Yoon Gwi-nam", "Hamilton" beside "Linda Hamilton"."""
    ps, ks = parts(s), key(s)
    for t in others:
        pt = parts(t)
        if len(pt) > len(ps) and (all(p in pt for p in ps) or any(
                ks == key("".join(pt[i:j])) for i in range(len(pt)) for j in range(i + 1, len(pt) + 1) if j - i < len(pt))):
            return True
    return False


def key(surface: str) -> str:
    """Spelling key: case, hyphens, spaces and accents do not count; a plus does ("Paramount+" is the
    streaming service, "Paramount Plus" too, and neither is the studio "Paramount")."""
    return re.sub(r"[\W_]", "", fold(surface).replace("+", "plus"))


# Korean family names and their usual romanizations: "Lee", "Yi" and "Rhee" are one name
FAMILY_NAMES = {v: names[0] for names in (("lee", "yi", "rhee", "ri", "rhie", "i"), ("park", "pak", "bak"),
                                          ("choi", "choe", "chey"), ("jung", "jeong", "chung"), ("kang", "gang"),
                                          ("shin", "sin", "shinn"), ("yoon", "yun"), ("lim", "im", "rim"),
                                          ("noh", "roh", "no"), ("gu", "koo", "ku"), ("seo", "suh"), ("jang", "chang"),
                                          ("jo", "cho", "zo"))
                for v in names}


# one designator word at either end of a company's name ("Studio MAPPA", "Wit Studio"), never inside it
DESIGNATOR = re.compile(r"^(?:studios?|pictures|entertainment|productions?)\s+|,?\s+(?:studios?|pictures|entertainment|productions?"
                        r"|inc|ltd|co|corp|llc)\.?$", re.IGNORECASE)
KOREAN_FAMILY = set(FAMILY_NAMES) | {
    "kim", "cho", "jo", "han", "oh", "kwon", "hwang", "ahn", "an", "song", "jeon", "hong", "yoo", "ko", "moon", "mun",
    "yang", "son", "bae", "baek", "heo", "nam", "kwak", "cha", "joo", "woo", "ryu", "eom", "chae", "byun", "bang"}


def family_first(p: list[str]) -> list[str] | None:
    """The syllables of a Korean name, family name first, when the name reads as one: "Park Sung-hoon",
    "Park Sung Hoon", "Sung Hoon Park" and "Sung-hoon Park" all give park, sung, hoon. None for other
    names; the given name's syllables keep their order ("Min-ji" is never "Ji-min")."""
    if len(p) not in (2, 3) or not all(w.replace("-", "").isalpha() for w in p):
        return None
    words = [fold(w) for w in p]
    last_family = words[-1] in KOREAN_FAMILY and (len(p) == 3 or "-" in words[0]) and "-" not in words[-1]
    if last_family:
        words = [words[-1]] + words[:-1]
    elif words[0] not in KOREAN_FAMILY:
        return None
    syllables = [x for w in words[1:] for x in w.split("-")]
    if not 1 <= len(syllables) <= 2 or not all(1 < len(x) <= 5 for x in syllables):
        return None
    return [words[0]] + syllables


@lru_cache(maxsize=65536)
def roman(word: str) -> str:
    """A romanization key: "Jae-kyoo", "Jae Gyoo" and "jaekyu" meet, and so do "Lee", "Yi" and "Rhee"."""
    w = re.sub(r"[\W_]", "", fold(word))
    w = FAMILY_NAMES.get(w, w)
    for a, b in _ROMAN:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=65536)
def jroman(word: str) -> str:
    """The romanization key with Japanese long vowels made short: "Ōtaka", "Ootaka", "Otaka" and
    "Satou", "Sato" meet (the Korean key reads "ou", "oo" as "u")."""
    return roman(re.sub(r"o[ou]|uu", lambda m: m.group(0)[0], fold(word)))


def sounds_same(x: str, y: str) -> bool:
    return roman(x) == roman(y) or jroman(x) == jroman(y)


def _syllables(part: str) -> list[str]:
    return [s for s in part.split("-") if s]


def _initials_match(short: str, full: str) -> bool:
    """"JQ" against "Jae-kyoo": initials, with k/q/c/g heard alike."""
    sound = str.maketrans("qcg", "kkk")
    syl = _syllables(full)
    return (short.isalpha() and len(short) == len(syl) > 1
            and short.lower().translate(sound) == "".join(s[0] for s in syl).translate(sound))


# ----------------------------------------------------------------- resolution

@dataclass
class Merge:
    a: str
    b: str
    rule: str
    score: float


@dataclass
class Resolution:
    """What the corpus teaches about names: clusters of spelling keys and why they merged."""

    cluster_of: dict[str, int] = field(default_factory=dict)  # spelling key -> cluster index
    merges: list[Merge] = field(default_factory=list)
    refused: list[Merge] = field(default_factory=list)  # merges a cannot-link stopped, with the rule that did


class _DSU:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _one_letter_typo(x: str, y: str) -> bool:
    """One letter added, dropped, changed or two swapped in a part of five letters or more, the same
    first letter, and no hyphenated syllables to change ("Min-ra" is never "Nam-ra"). Shorter parts
    are too often two names ("Yuki" and "Yuka")."""
    if "-" in x or "-" in y or min(len(x), len(y)) < 5 or x[0] != y[0] or x.rstrip("s") == y.rstrip("s"):
        return False
    return DamerauLevenshtein.distance(x, y) <= 1


def same_name(a: list[str], b: list[str], *, score_cutoff: float = 80.0) -> tuple[str, float] | None:
    """Whether two multi-part names are one name written two ways; returns (rule, score)."""
    if len(a) != len(b):
        return None
    if sorted(a) == sorted(b) and a != b:
        return "name order", 100.0
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    if not diffs:
        return "case or punctuation", 100.0
    real = [(x, y) for x, y in diffs if not sounds_same(x, y)]
    if not real:
        return "romanization", 100.0
    if all(x in TITLE_CONNECTORS and y in TITLE_CONNECTORS for x, y in diffs):
        return "title function word", 95.0
    if len(real) > 1 and len(a) < 4:
        return None
    if len(real) == 1 and len(a) >= 2 and _one_letter_typo(*real[0]):
        return "one letter typed wrong", 90.0  # "Tomer Capon", "Erik Kripke", "Satoru Goju"
    worst = 100.0
    for x, y in real:
        if x in TITLE_CONNECTORS or y in TITLE_CONNECTORS:
            return None
        if sounds_same(x, y):
            continue
        sx, sy = _syllables(x), _syllables(y)
        if len(sx) > 1 and len(sx) == len(sy):
            # hyphenated given names: the first syllable must hold ("Nam-ra", never "Nam-ra" for "Min-ra"),
            # unless it is a long word typed wrong ("Okonkow-Bello" for "Okonkwo-Bello")
            if roman(sx[0]) != roman(sy[0]) and not (
                    min(len(sx[0]), len(sy[0])) >= 5 and fuzz.ratio(roman(sx[0]), roman(sy[0])) >= 80):
                return None
        elif x[0] != y[0] and not (len(a) > 1 and x.endswith(y) or y.endswith(x)):
            return None
        if x + "s" == y or y + "s" == x:
            return None
        short, long_ = sorted((x, y), key=len)
        if (len(a) >= 2 and len(short) >= 4 and long_.startswith(short) and "-" not in long_ and x == a[0] and y == b[0]
                and short.isalpha()):
            worst = min(worst, 90.0)  # "Chris Danby" for "Christopher Danby": a given name shortened
            continue
        if x.startswith(y) or y.startswith(x):
            if min(len(x), len(y)) < 6 or abs(len(x) - len(y)) > 1:
                return None
        s = fuzz.ratio(roman(x), roman(y))
        if s < score_cutoff:
            return None
        worst = min(worst, s)
    return "spelling", worst


def resolve(surfaces: Counter, slot_groups: list[set[str]] = (), aliases: list[tuple[str, ...]] = (),
            *, labels: dict[str, str] | None = None, apart: list[tuple[str, str]] = (),
            score_cutoff: float = 80.0) -> Resolution:
    """Cluster surfaces (with counts) into entities; pairs in `apart` never share one.

    Blocking: surfaces are grouped by spelling key first; keys are compared only
    within blocks that share a part's romanization key or its first letters, and
    `rapidfuzz.process.cdist` scores each block at once.
    """
    by_key: dict[str, list[str]] = defaultdict(list)
    for s in surfaces:
        by_key[key(s)].append(s)
    keys = sorted(by_key)
    labels = {key(s): lab for s, lab in (labels or {}).items()}
    part_of = {k: min((parts(s) for s in by_key[k]), key=len) for k in keys}
    dsu = _DSU(keys)
    res = Resolution()

    # an actor and the role they play are two entities, however alike: cannot-links, checked
    # against the members of the two clusters about to merge (kept per root, small into large)
    cannot: dict[str, set[str]] = defaultdict(set)
    for x, y in apart:
        kx, ky = key(x), key(y)
        if kx in part_of and ky in part_of and kx != ky:
            cannot[kx].add(ky)
            cannot[ky].add(kx)
    cluster_members = {k: [k] for k in keys}
    numbered = {k: {installment(s) for s in by_key[k]} for k in keys}  # per root: the installments its names carry

    def merge(a, b, rule, score):
        ra, rb = dsu.find(a), dsu.find(b)
        if ra == rb:
            return
        small, large = sorted((ra, rb), key=lambda r: len(cluster_members[r]))
        if any(dsu.find(y) == large for x in cluster_members[small] for y in cannot.get(x, ())):
            return
        if len(numbered[ra] | numbered[rb]) > 1:
            res.refused.append(Merge(by_key[a][0], by_key[b][0], "different installments", 0.0))
            return  # "Gladiator" and "Gladiator II", "Part One" and "Part Two": never one work
        dsu.union(a, b)
        root = dsu.find(a)
        cluster_members[root].extend(cluster_members.pop(rb if root == ra else ra))
        numbered[root] = numbered[ra] | numbered[rb]
        res.merges.append(Merge(by_key[a][0], by_key[b][0], rule, round(score, 1)))

    # romanization / name-order / function-word variants share this key
    for romanize in (roman, jroman):
        canon: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            canon[" ".join(sorted(romanize(p) for p in part_of[k]))].append(k)
        for group in canon.values():
            for other in group[1:]:
                merge(group[0], other, "romanization or name order", 100.0)

    # "Gladiator II" is "Gladiator 2", "X Season 2" is "X 2": one installment with its number written two ways
    numeral: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        s = by_key[k][0]
        m = INSTALLMENT.search(s)
        if m and " " in s:
            numeral[(key(without_installment(s)), installment(s))].append(k)
    for group in numeral.values():
        for other in group[1:]:
            merge(group[0], other, "numeral written two ways", 100.0)

    # "Studio MAPPA" is MAPPA and "Wit Studio" is Wit: a company's designator word, when the bare name is in the corpus
    for k in keys:
        bare = key(DESIGNATOR.sub("", by_key[k][0], count=1))
        if bare != k and len(bare) >= 3 and bare in by_key:
            merge(bare, k, "company designator", 95.0)

    # a Korean name in Western order ("Sung Hoon Park", "Dong-Hyun Kim") is its family-first form ("Park Sung-hoon")
    for romanize in (roman, jroman):
        canon = defaultdict(list)
        for k in keys:
            order = family_first(by_key[k][0].split())
            if order:
                canon[" ".join(romanize(p) for p in order)].append(k)
        for group in canon.values():
            for other in group[1:]:
                merge(group[0], other, "family name first", 100.0)

    # blocks: same number of parts and same first two letters of some part
    blocks: dict[tuple, set[str]] = defaultdict(set)
    for k in keys:
        p = part_of[k]
        for piece in p:
            blocks[(len(p), roman(piece)[:2])].add(k)
            blocks[(len(p), jroman(piece)[:2])].add(k)
    for block_key, members in sorted(blocks.items()):
        members = sorted(members)
        if len(members) < 2:
            continue
        strings = [" ".join(part_of[m]) for m in members]
        scores = process.cdist(strings, strings, scorer=fuzz.ratio, score_cutoff=60)
        for i, j in zip(*scores.nonzero()):
            if i < j:
                verdict = same_name(part_of[members[i]], part_of[members[j]], score_cutoff=score_cutoff)
                if verdict:
                    merge(members[i], members[j], *verdict)

    # garbles that only the context explains: names given for one slot of one subject, compared
    # only within buckets the rules below can use (same letters, or same first part)
    for group in slot_groups:
        buckets: dict[tuple, list[str]] = defaultdict(list)
        for k in sorted({key(x) for x in group} & part_of.keys()):
            if len(part_of[k]) >= 2:
                buckets[("letters", "".join(sorted(k)))].append(k)
                buckets[("first", len(part_of[k]), part_of[k][0])].append(k)
        for bucket, ks in sorted(buckets.items()):
            for ka, kb in itertools.combinations(ks, 2):
                if dsu.find(ka) == dsu.find(kb):
                    continue
                if bucket[0] == "letters":
                    if len(part_of[ka]) == len(part_of[kb]):
                        merge(ka, kb, "same slot, same letters", 90.0)  # "Aro Haso" for "Haro Aso"
                    continue
                ga, gb = part_of[ka][-1], part_of[kb][-1]
                if (_syllables(ga)[0] == _syllables(gb)[0] and len(_syllables(ga)) > 1 and len(_syllables(gb)) > 1) or \
                        _initials_match(ga, gb) or _initials_match(gb, ga):
                    merge(ka, kb, "same slot, same family name", 90.0)

    # aliases: the editors' ("alias") and those the articles give ("text alias": "Wade Wilson aka Deadpool")
    for a, b, *rule in aliases:
        ka, kb = key(a), key(b)
        if ka in part_of and kb in part_of:
            merge(ka, kb, rule[0] if rule else "alias", 100.0)

    # short forms: "Gwi-Nam" for "Yoon Gwi-nam", "Murakami" for "Nijiro Murakami", when unambiguous
    full_by_part: dict[str, set[int]] = defaultdict(set)
    person_like = {k for k in keys if not set(part_of[k]) & (ORG_WORDS | TITLE_CONNECTORS) and len(part_of[k]) <= 3}
    roots = {k: dsu.find(k) for k in keys}
    for k in keys:
        hyphened = any("-" in piece for piece in part_of[k])
        if len(part_of[k]) >= 2 and k in person_like and (hyphened or labels.get(k) not in ("ORG", "PLACE", "WORK")):
            for piece in (part_of[k][0], part_of[k][-1]):
                full_by_part[roman(piece)].add(roots[k])
    for k in keys:
        p = part_of[k]
        if len(p) == 1 and len(p[0]) >= 3:
            owners = full_by_part.get(roman(p[0]), set())
            if len(owners) == 1:
                owner = next(iter(owners))
                if owner != dsu.find(k):
                    merge(owner, k, "short form", 100.0)

    # a name cut at its hyphen: "Daisy Edgar" for "Daisy Edgar-Jones", "Kim Hee" for "Kim Hee-won", when unambiguous
    cut_from: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k in person_like:
        p = part_of[k]
        if len(p) >= 2 and "-" in p[-1].strip("-"):
            cut_from[tuple(roman(x) for x in p[:-1]) + (roman(p[-1].split("-")[0]),)].add(dsu.find(k))
    for k in sorted(person_like):
        owners = cut_from.get(tuple(roman(x) for x in part_of[k]), set())
        if len(part_of[k]) >= 2 and len(owners) == 1 and next(iter(owners)) != dsu.find(k):
            merge(next(iter(owners)), k, "cut at the hyphen", 100.0)

    roots = sorted({dsu.find(k) for k in keys})
    index = {r: i for i, r in enumerate(roots)}
    for k in keys:
        for s in by_key[k]:
            res.cluster_of[s] = index[dsu.find(k)]
    return res


ALIAS_CUE = re.compile(r"\s*(?:,\s*|\(\s*)?(?:aka|a\.k\.a\.?|also known as|better known as|otherwise known as|nicknamed|"
                       r"stylized as|stylised as|whose real name is|real name|born)\s*:?\s*[“\"‘']?", re.IGNORECASE)
NICKNAME = re.compile(r"\b(?P<first>[A-Z][\w'-]+)\s+[“\"‘'](?P<nick>[A-Z][\w'-]+)[”\"’']\s+(?P<last>[A-Z][\w'-]+)")


def text_aliases(text: str, mentions: list[Mention]) -> list[tuple[str, str, str]]:
    """Names an article gives as one another's: "Wade Wilson aka Deadpool", "Jang Won-young (better
    known as Wonyoung)", "Carmen \"Carmy\" Berzatto" (the nickname with and without the family name)."""
    out = []
    for m, n in zip(mentions, mentions[1:]):
        if ALIAS_CUE.fullmatch(text[m.end:n.start]) and fold(m.surface) != fold(n.surface):
            out.append((m.surface, n.surface, "text alias"))
    for m in NICKNAME.finditer(text):
        full = f"{m['first']} {m['last']}"
        out += [(full, f"{m['nick']} {m['last']}", "text alias"), (full, m["nick"], "text alias")]
    return out


def listed_numbers(text: str, mentions: list[Mention]) -> set[str]:
    """"Fallout, Fallout 2, Fallout 3 and Fallout 4": titles numbered side by side in one sentence are a
    numbered series of their own (games, films), so "Fallout 2" there is no "Fallout season 2"."""
    out = set()
    for i, m in enumerate(mentions):
        n = installment(m.surface)
        if n is None or INSTALLMENT.search(m.surface).group("n"):
            continue
        base = key(without_installment(m.surface))
        others = {installment(o.surface) for o in mentions[max(0, i - 4):i + 5]
                  if key(without_installment(o.surface)) == base and installment(o.surface) not in (None, n)
                  and not re.search(r"[.!?]\s|\n", text[min(m.end, o.end):max(m.start, o.start)])}
        if others:  # another number of the same title beside it, not merely the first work's bare title
            out.add(m.surface)
    return out


def well_formed(surface: str) -> bool:
    """Every part capitalised; the syllable after a hyphen in lower case, as romanized names are usually styled."""
    ps = surface.split()
    return all(p[:1].isupper() for p in ps) and not surface.isupper()


def canonical(counts: Counter) -> str:
    """The most frequent well-formed spelling among the full forms (not "Hamilton" for "Linda Hamilton")."""
    full = [s for s in counts if not is_short_form(s, counts)]
    return sorted(full, key=lambda s: (-well_formed(s), -counts[s], s))[0]
