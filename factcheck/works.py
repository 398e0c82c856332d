"""The corpus's works: its main work, the installments its claims name, and the other works named.

A claim's subject is a work and an installment of it (a season, a film of a series of films, a
part), never a formatted string decided here and there. The main work is read from the headlines
(the name right before "Season N" in most of them) or, failing that, from the longest name most
titles share; installments carry their number ("Gladiator II", "Jujutsu Kaisen 0", "season 2"),
and two numbers are two works. Platforms, people and studios are never works: a name the
headlines give next to an actor's is still the work's only when the headlines number it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from . import compare
from .claims import FILM, installment_label
from .corpus import Article
from .names import Mention, fold, without_installment
from .values import DateValue


@dataclass(frozen=True)
class Works:
    """What the corpus is about, computed once per scan and kept on the result."""

    title: str
    kind: str  # "film" when its installments are films, else "series"
    installments: tuple[str, ...] = ()  # labels of the installments the claims name ("season 2", "sequel")
    others: tuple[str, ...] = ()  # other works the claims are about ("Reacher Season 2")
    source: str = "titles"  # "headlines" when the headlines number the work

    def subject(self, season: int | None, part: str | None = None) -> str:
        """The subject label of a claim about this work, its installment and its part."""
        out = self.title + (f" {installment_label(season)}" if season else "")
        return out + (f", {part}" if part else "")


def describe(title: str, source: str, rows: list[dict], kind: str) -> Works:
    seasons = sorted({r["season"] for r in rows if r.get("season")})
    others = sorted({r["subject"] for r in rows if r.get("subject") and not r["subject"].startswith(title)})
    return Works(title=title, kind=kind, installments=tuple(installment_label(n) for n in seasons),
                 others=tuple(others), source=source)


_FILM_WORDS = re.compile(r"\b(?:films?|movies?|box office|theaters|theatres|cinemas?|sequel|filmmakers?)\b", re.IGNORECASE)
_SERIES_WORDS = re.compile(r"\b(?:seasons?|episodes?|series|showrunners?)\b", re.IGNORECASE)


def corpus_kind(articles: list[Article]) -> str:
    """"film" when the articles speak of films three times as often as of seasons and episodes: then
    a number after the title is the film's ("Venom 3"), never a season. Real corpora sit far apart
    (a film sequel 13 to 130 times, a series 0.5 times or less)."""
    film = sum(len(_FILM_WORDS.findall(a.text)) for a in articles)
    series = sum(len(_SERIES_WORDS.findall(a.text)) for a in articles)
    return "film" if film >= 3 * max(series, 1) else "series"


def pin_seasons(rows: list[dict], work: str, counts: tuple[str, ...] = ("episode_count",)) -> None:
    """A figure that names no season is about a season that was out when its article was
    published: the only one out then, or, for a figure of a premiere window ("in its first
    week"), the latest; a count of episodes written before the first season came out is the
    first season's. Release dates come from the corpus's own firm claims."""
    released: dict[int, date] = {}
    for r in rows:
        v = r["_typed"]
        if (r["slot"] == "release_date" and r.get("season") and r["season"] < FILM and not r.get("part")
                and r["subject"] == f"{work} {installment_label(r['season'])}"
                and r["polarity"] == "positive" and compare.HEDGE_RANK.get(r["hedge"], 0) == 0
                and isinstance(v, DateValue) and v.year and v.month_lo and v.granularity in ("day", "month")):
            day = date.fromordinal(v.interval()[0])
            released[r["season"]] = min(released.get(r["season"], day), day)
    for r in rows:
        if r.get("season") or r.get("part") or r["subject"] != work or not r["_published"]:
            continue
        out = [n for n, day in released.items() if day <= r["_published"]]
        if out and not set(range(1, max(out) + 1)) <= set(out):
            continue  # a season out before the one before it: the corpus's dates are not to be trusted here
        if r.get("metric") and out and (max(out) == 1 or r.get("window")):
            r["season"] = max(out)
        elif r["slot"] in counts and not out and 1 in released:
            r["season"] = 1  # "an eight-episode series", written before the first season came out
        else:
            continue
        r["subject"] = f"{work} {installment_label(r['season'])}"


def same_work(name: str, work: str, ent_of: dict) -> bool:
    """"Stranger Things 5", "All of Us Is Dead": the corpus's own work, by its title or its entity."""
    a, b = (fold(x).removeprefix("the ") for x in (name, work))  # "Bear season 3" is "The Bear"'s
    if a in b:
        return True
    if b in a:  # "Stranger Things 5" is the work; "Tidebound Requiem the Movie: Ash" is another one
        extra = set(re.findall(r"[a-z]+", a.replace(b, " ", 1))) - {"the", "season", "series", "show", "part"}
        return not extra or all(re.fullmatch(r"[ivx]+", w) for w in extra)
    ent = ent_of.get(name)
    return ent is not None and ent is (ent_of.get(work) or ent_of.get(work.removeprefix("The ")))


_HEADLINE_WORK = re.compile(
    r"(?:^|[\s(])[‘'\"“]?(?P<work>(?:[A-Z][\w.’'&-]*\.?)(?::?\s+(?:[A-Z][\w.’'&-]*|of|the|in|and|at|a|x|×|no))*?)[’'\"”]?:?\s+"
    r"(?:[Ss]eason|[Ss]eries|[Pp]art)\s+(?:\d{1,2}|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive)\b")


def headline_work(articles: list[Article]) -> str | None:
    """The work the headlines number: "'D.P.' Season 2 …", "The Boys season 4 starts filming" name the
    work right before the season. A name that at least a third of the headlines give that way is the
    corpus's work, whatever else they name (an actor in every headline is still not the work)."""
    counts: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        seen = set()
        for m in _HEADLINE_WORK.finditer(a.title or ""):
            work = m.group("work").rstrip("’'\"”:")
            folded = re.sub(r"[.\s]", "", work.casefold())
            if len(folded) > 1 and folded not in seen:
                seen.add(folded)
                counts[folded] += 1
                spellings[folded][work] += 1
    if not counts:
        return None
    # "Frieren season 2" and "Frieren: Beyond Journey's End Season 2": the part before a title's colon is
    # its short form, and its headlines count for the full title
    for full in list(counts):
        short = full.split(":", 1)[0]
        if short != full and short in counts:
            counts[full] += counts[short]
    folded, n = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
    if n * 3 < len(articles):
        return None
    return max(spellings[folded].items(), key=lambda kv: (kv[1], kv[0]))[0]


_NUMERALS = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def main_installment(articles: list[Article], work: str) -> int | None:
    """The film the corpus is about when its headlines number it ("Inside Out 2 earns …", "Gladiator II
    box office"): a third of the headlines or more give the work one number (2 or more), and none
    numbers it as a season. A claim that names no installment is then about that film, as a TV
    claim without a season is about the season of its headline."""
    if headline_work(articles):
        return None  # the headlines number seasons: each claim takes its own article's
    after = re.compile(rf"{re.escape(work)}\s*:?\s+(?P<n>[2-9]|II|III|IV|V|VI)\b(?![.,]?\d)")
    counts: Counter = Counter()
    for a in articles:
        m = after.search(a.title or "")
        if m:
            n = m.group("n")
            counts[int(n) if n.isdigit() else _NUMERALS[n.lower()]] += 1
    if not counts:
        return None
    n, seen = counts.most_common(1)[0]
    return FILM + n if seen * 3 >= len(articles) else None


_JOINED_TITLE = re.compile(r"\b[A-Z][\w-]*\s+&\s+[A-Z][\w-]*")


def work_title(articles: list[Article], mentions: dict[str, list[Mention]]) -> str:
    """The subject of the corpus: the work the headlines number, else the longest name found in at
    least half the article titles."""
    named = headline_work(articles)
    if named:
        return named
    counts: Counter = Counter()
    for a in articles:
        head = fold(a.title or "")
        names = {without_installment(m.surface) for m in mentions.get(a.id, [])}
        names |= {m.group(0) for m in _JOINED_TITLE.finditer(a.title or "")}  # "Deadpool & Wolverine"
        for s in names:
            if len(s) > 3 and fold(s) in head:
                counts[fold(s)] += 1
    if not counts:
        return "the subject"
    top = max(counts.values())
    common = [s for s, n in counts.items() if n >= max(2, top / 2) or n == top]
    best = sorted(common, key=lambda s: (-len(s), -counts[s], s))[0]  # a tie goes to the name more titles give
    surfaces = Counter(without_installment(m.surface) for ms in mentions.values() for m in ms
                       if fold(without_installment(m.surface)) == best)
    surfaces = surfaces or Counter(m.group(0) for a in articles for m in _JOINED_TITLE.finditer(a.title or "")
                                   if fold(m.group(0)) == best)
    title = sorted(surfaces, key=lambda s: (-surfaces[s], s))[0]
    # "The Ninth Tide": the article the miner leaves out is part of the title when the titles keep it
    with_the = sum(f"the {best}" in fold(a.title or "") for a in articles)
    return f"The {title}" if with_the * 2 > sum(best in fold(a.title or "") for a in articles) else title


