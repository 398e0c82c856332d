"""Typed claim values: dates with granularity, bounded numbers, statuses.

Everything here is pure: text in, typed value out, and `agree(a, b)` decides
whether two typed values can both be true. Articles state one fact in many
shapes ("Jan. 28, 2022", "January 28", "early 2024", "over 40"), so values are
compared as intervals at the precision each side actually commits to.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_PART = r"(?:(?:the\s+)?(?:early|earlier|mid|middle\s+of|late|later|end\s+of|beginning\s+of|start\s+of)(?:\s+|-))"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 14)}
_HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
             "new year's eve": (12, 31), "new year’s eve": (12, 31), "new year's day": (1, 1), "new year’s day": (1, 1)}
_APPROX = r"(?:(?:some\s*time|sometime)\s+)?(?:(?:around|about|approximately|roughly|circa)\s+)?"

DATE_RE = re.compile(
    "|".join([
        rf"(?P<between>between\s+(?P<b1>{_MONTH}\s+{_DAY})\s+and\s+(?P<b2>{_MONTH}\s+{_DAY})(?:,?\s+(?P<by>{_YEAR}))?)",
        rf"(?P<mdrange>(?P<rm>{_MONTH})\s+(?P<rd1>{_DAY})\s*(?:-|–|to|through)\s*(?P<rd2>{_DAY})\b(?:,?\s+(?P<ry>{_YEAR}))?)",
        rf"(?P<numeric>\b(?P<n1>\d{{1,2}})/(?P<n2>\d{{1,2}})/(?P<n3>{_YEAR})\b)",
        rf"(?P<iso>\b(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d)\b)",
        rf"(?P<mdy>\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})\b(?:,?\s+(?P<y1>{_YEAR}))?)",
        rf"(?P<dmy>\b(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?\b)",
        rf"(?P<my>\b(?P<p3>{_PART})?(?P<m3>{_MONTH})(?:\s+of)?,?\s+(?P<y3>{_YEAR})\b)",
        rf"(?P<sy>\b(?P<p4>{_PART})?(?P<s4>spring|summer|fall|autumn|winter)(?:\s+of)?\s+(?P<y4>{_YEAR})\b)",
        rf"(?P<qy>\b(?:Q(?P<q5>[1-4])|(?:the\s+)?(?P<qw5>first|second|third|fourth)\s+quarter(?:\s+of)?)\s+(?P<y5>{_YEAR})\b)",
        rf"(?P<py>\b(?P<p6>{_PART})(?P<y6>{_YEAR})\b)",
        rf"(?P<rel>\b(?P<p7>{_PART})?(?P<r7>this|next|last)\s+(?P<u7>year|month|spring|summer|fall|autumn|winter|{_MONTH})\b)",
        r"(?P<hol>\b(?:on\s+)?(?P<h8>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year[’']s\s+(?:Eve|Day))\b)",
        rf"(?P<mon>\b(?:in|since|by|until|from|during|through)\s+(?P<p11>(?:early|late|mid)[\s-]+)?(?P<m11>{_MONTH})(?![\w.]*\s*\d))",
        rf"(?P<year>\b(?:in|until|by|for|since|before|after|of|around|from|to|till|during)\s+(?:(?:some\s*time|sometime|around|about)\s+)?(?P<y9>{_YEAR})\b(?![-/]\d))",
    ]),
    re.IGNORECASE,
)
APPROX_BEFORE = re.compile(rf"{_APPROX}$", re.IGNORECASE)
_APPROX_WORDS = re.compile(r"\b(?:around|about|approximately|roughly|circa|some\s*time|sometime)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives. `year` is None when neither the
    text nor the publication date fixes it; then only month and day compare."""

    year: int | None
    month_lo: int | None
    month_hi: int | None
    day_lo: int | None = None
    day_hi: int | None = None
    granularity: str = "day"  # day | range | month | part | season | quarter | year
    approximate: bool = False
    resolved_from: str = "text"  # text | publication

    def interval(self) -> tuple[int, int] | None:
        """Inclusive interval as ordinal days; "around" a day widens it by a week, never past its month."""
        if self.year is None:
            return None
        lo_m, hi_m = self.month_lo or 1, self.month_hi or 12
        lo_y, hi_y = self.year + (lo_m - 1) // 12, self.year + (hi_m - 1) // 12
        lo_m, hi_m = (lo_m - 1) % 12 + 1, (hi_m - 1) % 12 + 1
        lo = date(lo_y, lo_m, self.day_lo or 1).toordinal()
        hi = date(hi_y, hi_m, self.day_hi or calendar.monthrange(hi_y, hi_m)[1]).toordinal()
        if self.approximate and self.granularity == "day":
            lo, hi = lo - 7, hi + 7
        return lo, hi

    def label(self) -> str:
        parts = []
        if self.day_lo and self.month_lo:
            day = f"{self.day_lo}" if self.day_hi in (None, self.day_lo) else f"{self.day_lo}-{self.day_hi}"
            parts.append(f"{calendar.month_abbr[self.month_lo]} {day}")
        elif self.month_lo and self.granularity == "month":
            parts.append(calendar.month_abbr[self.month_lo])
        elif self.month_lo and self.granularity in ("part", "season", "quarter"):
            parts.append(f"{calendar.month_abbr[(self.month_lo - 1) % 12 + 1]}-{calendar.month_abbr[(self.month_hi - 1) % 12 + 1]}")
        if self.year:
            parts.append(str(self.year))
        text = " ".join(parts) or "?"
        return f"~{text}" if self.approximate else text


def _int_day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _part_months(part: str | None, lo: int, hi: int) -> tuple[int, int, str | None]:
    """Narrow a month range by "early", "mid", "late"/"end of"."""
    if not part:
        return lo, hi, None
    p = part.lower()
    span = hi - lo + 1
    third = max(span // 3, 1)
    if "early" in p or "beginning" in p or "start" in p:
        return lo, lo + third - 1, "part"
    if "mid" in p or "middle" in p:
        return lo + third, hi - third, "part"
    if "late" in p or "end" in p:
        return hi - third + 1, hi, "part"
    return lo, hi, None


_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY_BEFORE = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+$", re.IGNORECASE)


def _nearest_year(month: int, day: int | None, published: date) -> int:
    """The year that puts month/day within six months of the publication date."""
    best = published.year
    for y in (published.year - 1, published.year, published.year + 1):
        d = date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))
        if abs((d - published).days) <= 183:
            best = y
    return best


def parse_date_match(m: re.Match, published: date | None) -> DateValue | None:
    """Typed value of one DATE_RE match, resolving relative parts against `published`."""
    g = m.groupdict()
    approx = bool(_APPROX_WORDS.search(m.string[max(0, m.start() - 30):m.start()]))

    def year_or_pub(y: str | None, month: int, day: int | None) -> tuple[int | None, str]:
        if y:
            return int(y), "text"
        if published:
            weekday = _WEEKDAY_BEFORE.search(m.string[max(0, m.start() - 14):m.start()])
            if weekday and day:  # "Thursday, June 13" written in December 2023 is June 13, 2024
                wanted = _WEEKDAYS.index(weekday.group(1).lower()[:3])
                years = [yr for yr in (published.year - 1, published.year, published.year + 1)
                         if day <= calendar.monthrange(yr, month)[1] and date(yr, month, day).weekday() == wanted]
                if years:
                    return min(years, key=lambda yr: abs((date(yr, month, day) - published).days)), "publication"
            return _nearest_year(month, day, published), "publication"
        return None, "text"

    if g["between"] or g["mdrange"]:
        if g["between"]:
            m1, d1 = g["b1"].rsplit(None, 1)
            m2, d2 = g["b2"].rsplit(None, 1)
            mo1, mo2, y = _month(m1), _month(m2), g["by"]
        else:
            mo1 = mo2 = _month(g["rm"])
            d1, d2, y = g["rd1"], g["rd2"], g["ry"]
        year, src = year_or_pub(y, mo1, _int_day(d1))
        if mo1 != mo2:
            return DateValue(year, mo1, mo2, _int_day(d1), _int_day(d2), "range", approx, src)
        return DateValue(year, mo1, mo1, _int_day(d1), _int_day(d2), "range", approx, src)
    if g["numeric"]:
        a, b, y = int(g["n1"]), int(g["n2"]), int(g["n3"])
        day, month = (a, b) if b <= 12 else (b, a)
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(y, month)[1]:
            return None  # "31/02/2024" is no date
        return DateValue(y, month, month, day, day, "day", approx)
    if g["iso"]:
        return DateValue(int(g["iy"]), int(g["im"]), int(g["im"]), int(g["id"]), int(g["id"]), "day", approx)
    if g["mdy"] or g["dmy"]:
        mo = _month(g["m1"] or g["m2"])
        day = _int_day(g["d1"] or g["d2"])
        if day > calendar.monthrange(2024, mo)[1]:
            return None
        year, src = year_or_pub(g["y1"] or g["y2"], mo, day)
        return DateValue(year, mo, mo, day, day, "day", approx, src)
    if g["my"]:
        mo = _month(g["m3"])
        lo, hi, gran = _part_months(None, mo, mo)
        return DateValue(int(g["y3"]), lo, hi, None, None, "month", approx)
    if g["sy"]:
        lo, hi = _SEASONS[g["s4"].lower()]
        lo, hi, gran = _part_months(g["p4"], lo, hi)
        return DateValue(int(g["y4"]), lo, hi, None, None, "season", approx)
    if g["qy"]:
        q = int(g["q5"]) if g["q5"] else ["first", "second", "third", "fourth"].index(g["qw5"].lower()) + 1
        return DateValue(int(g["y5"]), 3 * q - 2, 3 * q, None, None, "quarter", approx)
    if g["py"]:
        lo, hi, gran = _part_months(g["p6"], 1, 12)
        return DateValue(int(g["y6"]), lo, hi, None, None, gran or "year", approx)
    if g["rel"]:
        which, unit = g["r7"].lower(), g["u7"].lower().rstrip(".")
        if not published:
            # "this June" still names a month; the year waits for a publication date
            if unit in MONTHS and unit not in ("may",):
                return DateValue(None, _month(unit), _month(unit), None, None, "month", approx, "text")
            if unit in MONTHS:
                return DateValue(None, 5, 5, None, None, "month", approx, "text")
            return None
        shift = {"this": 0, "next": 1, "last": -1}[which]
        if unit == "year":
            lo, hi, gran = _part_months(g["p7"], 1, 12)
            if g["p7"] and "later" in g["p7"].lower():
                lo, hi = published.month, 12
            return DateValue(published.year + shift, lo, hi, None, None, gran or "year", approx, "publication")
        if unit == "month":
            mo = published.month + shift
            year = published.year + (mo - 1) // 12
            mo = (mo - 1) % 12 + 1
            return DateValue(year, mo, mo, None, None, "month", approx, "publication")
        if unit in _SEASONS:
            lo, hi = _SEASONS[unit]
            return DateValue(published.year + shift, lo, hi, None, None, "season", approx, "publication")
        mo = _month(unit)
        year = published.year + shift if which != "this" else _nearest_year(mo, None, published)
        return DateValue(year, mo, mo, None, None, "month", approx, "publication")
    if g["hol"]:
        month, day = _HOLIDAYS[re.sub(r"\s+", " ", g["h8"].lower())]
        year, src = year_or_pub(None, month, day)
        return DateValue(year, month, month, day, day, "day", approx, src)
    if g["year"]:
        return DateValue(int(g["y9"]), None, None, None, None, "year", approx)
    if g["mon"]:
        mo = _month(g["m11"])
        year, src = year_or_pub(None, mo, None)
        return DateValue(year, mo, mo, None, None, "month", approx, src)
    return None


def find_dates(text: str, published: date | None = None) -> list[tuple[int, int, DateValue]]:
    """Every date expression in `text` as (start, end, value)."""
    out = []
    for m in DATE_RE.finditer(text):
        value = parse_date_match(m, published)
        if value is not None:
            start, end = m.span("y9") if m.group("year") else m.span("m11") if m.group("mon") else m.span()
            if text[start:start + 3].lower() == "on ":
                start += 3
            out.append((start, end, value))
    return out


def dates_agree(a: DateValue, b: DateValue) -> bool:
    ia, ib = a.interval(), b.interval()
    if ia and ib:
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    if a.month_lo and b.month_lo and a.granularity in ("day", "month", "range") and b.granularity in ("day", "month", "range"):
        if not (a.month_lo <= b.month_hi and b.month_lo <= a.month_hi):
            return False
        if a.day_lo and b.day_lo:
            return a.day_lo <= (b.day_hi or b.day_lo) and b.day_lo <= (a.day_hi or a.day_lo)
    return True


# ---------------------------------------------------------------- numbers

WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "a": 1, "an": 1, "a hundred": 100, "hundred": 100, "dozen": 12, "a dozen": 12})
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "m": 1e6, "bn": 1e9, "k": 1e3}
BOUNDS = {
    "over": "over", "more than": "over", "longer than": "over", "above": "over", "upwards of": "over", "in excess of": "over",
    "at least": "at_least", "almost": "under", "nearly": "under", "just under": "under", "close to": "under",
    "under": "under", "less than": "under", "fewer than": "under", "up to": "at_most",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "a combined total of": "about",
}
_NUMWORD = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS if w not in ("a", "an")), key=len, reverse=True)) + \
    r"|an?(?=\s+(?:thousand|million|billion|hundred|dozen)\b)"
_BOUND = "|".join(sorted((re.escape(b) for b in BOUNDS), key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?P<cur>[$€£])?(?P<num>\b(?:\d[\d,]*(?:\.\d+)?|{_NUMWORD})\b)(?![.,]?\d)(?:\s*(?P<scale>thousand|million|billion|bn|m|k)\b)?(?P<pct>\s*(?:%|per\s*cent|percent))?(?:\s+(?:US\s+|U\.S\.\s+)?(?P<curword>dollars|euros|pounds)\b)?",
    re.IGNORECASE,
)
DURATION_RE = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?:(?P<h>\d+|{_NUMWORD}|an?(?=\s+hour\s+and\s))(?:\s*-?\s*(?:hours?|hrs?)|h)"
    rf"(?:(?P<half>\s+and\s+a\s+half)|,?\s*(?:and\s+)?(?P<m>\d+|{_NUMWORD})\s*(?:-?\s*minutes?|mins?|m)\b)?"
    rf"|(?P<mo>\d+|{_NUMWORD})\s*-?\s*(?:minutes?|mins?)\b"
    r"|(?:(?<=time: )|(?<=time:)|(?<=runtime )|(?<=length: ))(?P<ch>\d):(?P<cm>[0-5]\d)(?![\d:]|\s*[ap]\.?m\b))",  # "Running Time: 1:35"
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberValue:
    """A quantity with its unit and the bound the text puts on it."""

    value: float
    unit: str = ""
    bound: str = "exact"  # exact | about | over | at_least | under | at_most
    step: float = 0.0  # half the last written digit: "412 million" is 411.5-412.5 million

    def interval(self) -> tuple[float, float]:
        """How an editor reads the figure: "over 350" is a little above 350, not any number."""
        v = self.value
        tol = self.step or 0.005 * v  # the precision the figure was written with, when known
        if self.unit == "minutes":
            tol = 1.0
        if self.unit in ("place", "UTC"):
            tol = 0.0  # places are whole: No. 1 and No. 2 never overlap; nor are 9 p.m. and 9:05 p.m. one time
        match self.bound:
            case "over":
                return v * 1.001, v * 1.25 + tol
            case "at_least":
                return v, v * 1.25 + tol
            case "under":
                return v * 0.85, v * 0.999
            case "at_most":
                return 0.0, v
            case "about":
                return v * 0.9, v * 1.1
        return v - tol, v + tol

    def label(self) -> str:
        prefix = {"exact": "", "about": "~", "over": ">", "at_least": ">=", "under": "<", "at_most": "<="}[self.bound]
        v = int(self.value) if self.value == int(self.value) else self.value
        if self.unit == "place":
            return f"No. {v}"
        if self.unit == "UTC":  # a time of day, in minutes after midnight UTC
            return f"{int(self.value) // 60:02d}:{int(self.value) % 60:02d} UTC"
        return f"{prefix}{v:,}{'' if self.unit in ('', '%') else ' '}{self.unit}"


CURRENCIES = {"$": "$", "€": "€", "£": "£", "dollar": "$", "dollars": "$", "euro": "€", "euros": "€",
              "pound": "£", "pounds": "£"}


def currency(text: str | None) -> str | None:
    """The currency a symbol or word names: a pound figure and a dollar figure are never compared."""
    return CURRENCIES.get((text or "").lower())


PLACE_BEFORE = re.compile(r"(?:\bno\.?|#|\bnumber)\s*$", re.IGNORECASE)


def word_number(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def parse_number(m: re.Match) -> NumberValue | None:
    n = word_number(m.group("num"))
    if n is None:
        return None
    written = m.group("num").replace(",", "")
    decimals = len(written.split(".")[1]) if "." in written and written[0].isdigit() else 0
    step = 0.5 * 10 ** -decimals
    if m.group("scale"):
        n = round(n * SCALES[m.group("scale").lower()], 6)  # 4.1 million is 4,100,000, not 4,099,999.9999999995
        step *= SCALES[m.group("scale").lower()]
    unit = "%" if m.group("pct") else currency(m.group("cur") or m.group("curword")) or ""
    if PLACE_BEFORE.search(m.string[:m.start()]):
        unit = "place"  # "No. 3", "#3", "number three" rank a work, they do not count anything
    bound = BOUNDS.get(re.sub(r"\s+", " ", (m.group("bound") or "").lower()), "exact")
    return NumberValue(n, unit, bound, step)


def parse_duration(m: re.Match) -> NumberValue | None:
    if m.group("mo"):
        minutes = word_number(m.group("mo"))
    elif m.group("ch"):
        minutes = int(m.group("ch")) * 60 + int(m.group("cm"))
    elif m.group("half"):
        h = word_number(m.group("h"))
        minutes = None if h is None else h * 60 + 30
    else:
        h, mins = word_number(m.group("h")), word_number(m.group("m") or "0")
        minutes = None if h is None or mins is None else h * 60 + mins
    if minutes is None:
        return None
    bound = BOUNDS.get(re.sub(r"\s+", " ", (m.group("bound") or "").lower()), "exact")
    return NumberValue(minutes, "minutes", bound)


def numbers_agree(a: NumberValue, b: NumberValue) -> bool:
    (alo, ahi), (blo, bhi) = a.interval(), b.interval()
    if alo == ahi or blo == bhi:  # a point agrees with a range that holds it, ends included
        return alo <= bhi and blo <= ahi
    return alo < bhi and blo < ahi  # "10" (9.5-10.5) and "11" (10.5-11.5) only touch: they differ


# ---------------------------------------------------------------- statuses

STATUS_GROUPS = {"renewed": "renewed", "confirmed": "renewed", "pending": "unconfirmed",
                 "unconfirmed": "unconfirmed", "cancelled": "cancelled", "ended": "ended",
                 "not started": "not started", "in production": "in production", "wrapped": "wrapped"}
STAGES = ("not started", "in production", "wrapped")  # a work moves through these in order, never back


def value_dict(value) -> dict:
    """JSON-ready form of a typed value, with its kind."""
    if isinstance(value, DateValue):
        return {"type": "date", "label": value.label(), **asdict(value)}
    if isinstance(value, NumberValue):
        return {"type": "number", "label": value.label(), **asdict(value)}
    return {"type": "text", "label": str(value), "value": str(value)}
