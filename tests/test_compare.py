"""The comparer on typed claims: which values are sides, and what it suggests."""
from datetime import date

from factcheck.compare import compare_values
from factcheck.values import find_dates


def claim(article, text, hedge="asserted", published=None):
    return {"article": article, "start": 0, "end": len(text), "value": text, "polarity": "positive", "hedge": hedge,
            "_typed": find_dates(text)[0][2], "_published": published, "_dated": None, "id": f"c-{article}"}


def sides(finding):
    return [sorted(s["articles"]) for s in finding.sides] if finding else None


def test_a_vague_date_that_fits_both_sides_does_not_hide_the_disagreement():
    rows = [claim("a", "14 November 2025"), claim("b", "21 November 2025"), claim("c", "November 2025")]
    found = compare_values(rows, "The Lost Kite 2", "release_date", "Release date")
    assert found is not None and ["b"] in sides(found)
    assert compare_values([claim("a", "14 November 2025"), claim("c", "November 2025")], "X", "release_date", "Release date") is None


def test_an_article_that_answers_a_rumour_stands_by_the_answer():
    rows = [claim("a", "2 October 2025"), claim("b", "2 October 2025"), claim("b", "September 2025", hedge="speculation")]
    assert compare_values(rows, "Harbor Tales", "release_date", "Release date") is None
    rows.append(claim("c", "September 2025", hedge="rumour"))
    assert sides(compare_values(rows, "Harbor Tales", "release_date", "Release date")) == [["a", "b"], ["c"]]


def test_the_draft_is_no_source_of_the_suggestion():
    rows = [claim("a", "2 October 2025", published=date(2025, 10, 3)), claim("b", "2 October 2025", published=date(2025, 10, 5)),
            claim("DRAFT:d.txt", "9 October 2025", published=date(2025, 11, 1))]
    found = compare_values(rows, "Harbor Tales", "release_date", "Release date")
    assert found.resolution == "the 2 sources say “Oct 2 2025”"


def test_nested_role_names_are_one_character():
    from factcheck.compare import compare_roles

    def cast(article, actor, role):
        return {"article": article, "actor": actor, "actor_entity": actor, "actor_name": actor, "value": role,
                "entity": role, "entity_name": role, "actor_start": 0, "actor_end": 1, "start": 0, "end": 1,
                "hedge": "asserted", "_published": None, "_dated": None, "id": f"c-{article}-{role}"}

    rows = [cast("a", "Itziar Goni", "Inspector Maren Azkue"), cast("b", "Itziar Goni", "Maren Azkue"),
            cast("c", "Julien Aranburu", "Capitaine Dufau"), cast("d", "Julien Aranburu", "Capitaine Marc Dufau")]
    assert compare_roles(rows) == []
    found = compare_roles(rows + [cast("e", "Itziar Goni", "Lide Azkue")])
    assert len(found) == 1 and {s["value"] for s in found[0].sides} == {"Inspector Maren Azkue", "Lide Azkue"}


def test_a_voiced_character_with_an_actor_per_dub_is_no_contradiction():
    from factcheck.compare import compare_roles

    def cast(article, actor, role, metric=None):
        return {"article": article, "actor": actor, "actor_entity": actor, "actor_name": actor, "value": role,
                "entity": role, "entity_name": role, "actor_start": 0, "actor_end": 1, "start": 0, "end": 1, "metric": metric,
                "hedge": "asserted", "_published": None, "_dated": None, "id": f"c-{article}-{actor}"}

    assert compare_roles([cast("a", "Haruto Sakuma", "Ren"), cast("b", "Jason Marlow", "Ren", "voice")]) == []
    assert len(compare_roles([cast("a", "Haruto Sakuma", "Ren"), cast("b", "Jason Marlow", "Ren")])) == 1


def test_a_titled_film_of_the_series_is_another_work():
    from factcheck.works import same_work

    assert same_work("Stranger Things 5", "Stranger Things", {})
    assert same_work("Harbor season 3", "The Harbor", {})  # the title's article dropped
    assert not same_work("Tidebound Requiem the Movie: Lighthouse of Ash", "Tidebound Requiem", {})


def test_renewed_then_cancelled_is_a_change_over_time():
    def status(article, value, published):
        return {"article": article, "start": 0, "end": 1, "value": value, "polarity": "positive", "hedge": "asserted",
                "_typed": value, "_published": published, "_dated": None, "id": f"c-{article}"}

    rows = [status("a", "renewed", date(2024, 11, 2)), status("b", "cancelled", date(2024, 12, 12))]
    assert compare_values(rows, "Quiet Harbour season 3", "renewal_status", "Renewal status").relation == "superseded"
    rows = [status("a", "renewed", date(2025, 1, 2)), status("b", "cancelled", date(2024, 12, 12))]
    assert compare_values(rows, "Quiet Harbour season 3", "renewal_status", "Renewal status").relation is None


def test_roles_a_misspelled_actor_is_no_second_actor_but_a_different_name_is():
    from factcheck.compare import _spelled_alike
    from factcheck.names import parts

    def alike(a, b):
        return _spelled_alike(parts(a), parts(b))

    assert alike("Ayo Adebiri", "Ayo Ebebiri") and alike("Payne", "Teddy Paine")
    assert not alike("Kate Carter", "Kate Cooper")  # a mix-up of family names stays a finding
    assert not alike("Go Yu-na", "Park Se-rin") and not alike("Geta", "Caracalla")


def test_a_common_words_capital_is_house_style_not_a_spelling():
    from factcheck.compare import spelling_findings

    ent = {"id": "e-1", "canonical": "Velvet Meridian Season 2",
           "spellings": {"Velvet Meridian Season 2": 3, "Velvet Meridian season 2": 1},
           "mentions": [{"article": "a.txt", "surface": "Velvet Meridian Season 2", "start": 0, "end": 24},
                        {"article": "b.txt", "surface": "Velvet Meridian season 2", "start": 0, "end": 24}]}
    assert spelling_findings([ent]) == []
    ent["spellings"]["Velvet Meridan Season 2"] = 1
    ent["mentions"].append({"article": "c.txt", "surface": "Velvet Meridan Season 2", "start": 0, "end": 23})
    assert set(spelling_findings([ent])[0].extra["spellings"]) == {"Velvet Meridian Season 2", "Velvet Meridan Season 2"}
