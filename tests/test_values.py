from datetime import date

import pytest
from hypothesis import given, strategies as st

from factcheck.values import DURATION_RE, NUMBER_RE, NumberValue, dates_agree, find_dates, numbers_agree, parse_duration, parse_number


def one_date(text, published=None):
    found = find_dates(text, published)
    assert len(found) == 1, found
    start, end, value = found[0]
    return text[start:end], value


def test_values_dates_by_granularity():
    _, year = one_date("the studio wants it out in 2025")
    _, march = one_date("arriving in March 2025 at the earliest")
    _, jan = one_date("sometime around January 2026")
    assert dates_agree(year, march)
    assert not dates_agree(year, jan)
    assert jan.approximate


def test_values_same_day_written_two_ways_agree():
    _, full = one_date("premiered on Nov. 3, 2023, on the service")
    _, short = one_date("it debuted on November 3 with all episodes", published=date(2024, 2, 5))
    assert short.year == 2023 and short.resolved_from == "publication"
    assert dates_agree(full, short)


def test_values_day_without_year_compares_month_and_day():
    _, a = one_date("the finale lands December 31")
    _, b = one_date("the finale lands on December 3")
    assert a.year is None
    assert not dates_agree(a, b)


def test_values_relative_dates_resolve_against_publication():
    text, v = one_date("filming was meant to begin this June", published=date(2023, 6, 17))
    assert text == "this June" and (v.year, v.month_lo) == (2023, 6)
    _, later = one_date("it should come later this year", published=date(2023, 9, 1))
    assert (later.year, later.month_lo, later.month_hi) == (2023, 9, 12)


def test_values_parts_of_year_and_ranges():
    _, mid = one_date("it would probably come out mid-2024")
    assert (mid.month_lo, mid.month_hi) == (5, 8)
    text, rng = one_date("cast will begin filming between January 16 and January 19", published=date(2024, 1, 6))
    assert (rng.day_lo, rng.day_hi, rng.year) == (16, 19, 2024)
    _, numeric = one_date("Renewal Status: Pending (Last Updated: 29/01/2022)")
    assert (numeric.year, numeric.month_lo, numeric.day_lo) == (2022, 1, 29)


def test_values_no_date_in_a_modal_may():
    assert find_dates("the show may 2 times outdo itself") == []


def number(text):
    m = NUMBER_RE.search(text)
    return parse_number(m)


@pytest.mark.parametrize("text, value, bound, unit", [
    ("more than a million people watched", 1e6, "over", ""),
    ("361 million viewing hours", 361e6, "exact", ""),
    ("an approval rating of 87%", 87, "exact", "%"),
    ("almost 40 countries", 40, "under", ""),
    ("grossed $412 million worldwide", 412e6, "exact", "$"),
])
def test_values_numbers_with_bound_and_unit(text, value, bound, unit):
    n = number(text)
    assert (n.value, n.bound, n.unit) == (value, bound, unit)


def test_values_number_words_are_not_found_inside_words():
    assert NUMBER_RE.search("a weighted average") is None
    assert NUMBER_RE.search("in the 12th episode") is None


def test_values_bounds_read_as_an_editor_would():
    over_40, almost_40 = number("over 40"), number("nearly 40")
    assert not numbers_agree(almost_40, over_40)
    assert not numbers_agree(number("over 350"), number("500"))
    assert numbers_agree(number("over 500"), number("500"))


def test_values_neighbouring_whole_numbers_differ():
    assert not numbers_agree(number("10"), number("11"))
    assert numbers_agree(number("10"), number("ten"))
    assert numbers_agree(number("4.1 million"), number("4,100,000"))
    assert not numbers_agree(number("4.1 million"), number("4.2 million"))


@pytest.mark.parametrize("text, minutes", [
    ("two hours and eight minutes", 128), ("1 hour 26 minutes", 86), ("1h8m", 68), ("128 minutes", 128),
    ("one hour and 23 minutes", 83), ("running at an hour and a half", 90), ("two hours and a half", 150),
    ("[Running Time: 1:35]", 95), ("Runtime 2:05", 125),
])
def test_values_durations(text, minutes):
    assert parse_duration(DURATION_RE.search(text)).value == minutes


@pytest.mark.parametrize("text", ["an hour later", "doors open at 9:30", "the show starts. Time: 9:30 pm", "a 1:35 pm show"])
def test_values_a_clock_time_or_a_bare_hour_is_no_duration(text):
    assert DURATION_RE.search(text) is None


@given(st.floats(1, 1e9), st.sampled_from(["exact", "about", "over", "under", "at_most"]),
       st.floats(1, 1e9), st.sampled_from(["exact", "about", "over", "under", "at_most"]))
def test_values_number_agreement_is_symmetric(a, ba, b, bb):
    x, y = NumberValue(a, "", ba), NumberValue(b, "", bb)
    assert numbers_agree(x, y) == numbers_agree(y, x)
    assert numbers_agree(x, x)


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.dates(date(2000, 1, 1), date(2030, 12, 31)))
def test_values_date_agreement_is_symmetric(d1, d2):
    a = find_dates(f"on {d1:%B} {d1.day}, {d1.year}")[0][2]
    b = find_dates(f"in {d2:%B} {d2.year}")[0][2]
    assert dates_agree(a, b) == dates_agree(b, a)
    assert dates_agree(a, a)


def test_values_ranks_are_whole_places():
    from factcheck.values import NUMBER_RE, numbers_agree, parse_number

    one, two = (parse_number(NUMBER_RE.search(t)) for t in ("No. 1", "#2"))
    assert one.unit == two.unit == "place" and not numbers_agree(one, two) and one.label() == "No. 1"
    assert parse_number(NUMBER_RE.search("number one")).value == 1
    assert parse_number(NUMBER_RE.search("12")).unit == ""


def test_a_weekday_settles_the_year_of_a_date_written_without_one():
    from datetime import date

    from factcheck.values import find_dates

    def year(text):
        return [v.year for _, _, v in find_dates(text, date(2023, 12, 12))]

    assert year("The second part drops on Thursday, June 13.") == [2024]  # June 13, 2024 is a Thursday
    assert year("The second part dropped on Tuesday, June 13.") == [2023]
    assert year("It drops on June 13.") == [2023]  # no weekday: the nearest June 13
