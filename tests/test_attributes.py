"""Open attributes: quantities tied to a measure by the parse, on sentences written for these tests."""
from collections import Counter
from pathlib import Path

import pytest

from factcheck.confidence import THRESHOLD, claim_confidence, finding_confidence, section
from factcheck.names import Mention, installment, resolve, with_numbers


def attributes(nlp, text):
    return {(c["measure"], c["value"], round(c["amount"], 2)) for c in nlp(text)._.claims if c["slot"] == "attribute"}


def test_attributes_count_names_its_own_measure(nlp):
    assert ("languages", "over six languages", 6) in attributes(nlp, "The studio will dub it in over six languages.")
    found = attributes(nlp, "The series received 23 nominations at the Golden Lantern Awards.")
    assert ("nominations (golden lantern)", "23 nominations", 23) in found


def test_attributes_span_of_time_measures_what_it_modifies_or_governs(nlp):
    assert ("break", "five-week", 35) in attributes(nlp, "The anime is taking a five-week break before its next arc.")
    assert ("filming", "97 days", 97) in attributes(nlp, "It took 97 days to film the second season, the director said.")
    assert ("filming", "112 days", 112) in attributes(nlp, "We did about 112 days of shooting on that season.") or \
        ("filming", "about 112 days", 112) in attributes(nlp, "We did about 112 days of shooting on that season.")
    service = attributes(nlp, "Mr. Cho was discharged after one year and six months of military service.")
    assert any(m == "military service" and abs(a - 547.88) < 0.1 for m, _, a in service)


def test_attributes_money_measures_its_noun_and_awards_count_per_award(nlp):
    assert ("budget", "$180 million", 180e6) in attributes(nlp, "The film carries a price tag of $180 million.")
    found = attributes(nlp, "The first film was nominated for nine Academy Awards.")
    assert ("nominations (oscar)", "nine Academy Awards", 9) in found


def test_attributes_subsets_installments_and_breakdowns_are_no_values(nlp):
    assert attributes(nlp, "The first five episodes arrive in May.") == set()
    assert not any(m == "schedule" for m, *_ in attributes(nlp, "The Season 2 schedule was announced today."))
    breakdown = "It made $4.1 million from 310 locations in Spain and $3.9 million from 402 locations in Italy."
    assert not any(m == "location" for m, *_ in attributes(nlp, breakdown))


def test_confidence_orders_slot_over_open_attribute_and_single_article_lower():
    slot, _ = claim_confidence({"slot": "release_date", "hedge": "asserted"})
    grouped, _ = claim_confidence({"slot": "attribute", "grouped": True, "hedge": "asserted"})
    open_, evidence = claim_confidence({"slot": "attribute", "grouped": False, "hedge": "rumour"})
    assert slot > grouped > open_ and "hedge.rumour" in evidence
    a = [{"article": "a", "confidence": 0.8}]
    b = [{"article": "b", "confidence": 0.8}]
    same = [{"article": "a", "confidence": 0.8}]
    assert finding_confidence([a, b]) > finding_confidence([a, same])
    assert section(THRESHOLD) == "headline" and section(THRESHOLD - 0.01) == "worth_a_look"


def test_finding_evidence_tells_a_breakdown_from_a_cast_mixup_and_the_fit_learns_a_sign():
    import numpy as np

    from conftest import script
    from factcheck.confidence import finding_evidence

    date = {"type": "date"}
    breakdown = finding_evidence([[{"article": "a", "normalized": date}], [{"article": "a", "normalized": date}]])
    assert breakdown["one_article_figures"] == 1.0
    cast = [[{"article": "a", "normalized": {"type": "entity"}}], [{"article": "a", "normalized": {"type": "entity"}}]]
    assert finding_evidence(cast, "cast_role")["one_article_figures"] == 0.0
    three = finding_evidence([[{"article": "a", "hedge": "reported"}], [{"article": "b"}], [{"article": "c"}, {"article": "d"}]])
    assert three["sides_beyond_two"] == 1.0 and three["support"] == 1.0 and three["hedged"] == 1.0
    x = np.array([[1.0, v] for v in (0, 0, 0, 1, 1, 1, 0, 1)])
    y = np.array([0, 0, 1, 1, 1, 1, 0, 0], float)  # the feature is right 6 times in 8
    w = script("fit_confidence").fit(x, y)
    assert w[1] > 0 and script("fit_confidence").fit(x, 1 - y)[1] < 0


def test_names_numbered_works_never_merge():
    text = "The prequel Lantern Road 0 came first, and Lantern Road Season 2 follows Lantern Road."
    mentions = [Mention(12, 24, "Lantern Road", "WORK"), Mention(43, 55, "Lantern Road", "WORK")]
    assert [m.surface for m in with_numbers(mentions, text)] == ["Lantern Road 0", "Lantern Road Season 2"]
    assert installment("Lantern Road II") == "2" and installment("Lantern Road") is None
    res = resolve(Counter({"Lantern Road": 3, "Lantern Road II": 2, "Lantern Road 2": 1, "Lantern Road Season 3": 1,
                           "Lantern Road III": 1, "Lantern Road season three": 1, "Lantern Road IV": 1}))
    assert res.cluster_of["Lantern Road"] != res.cluster_of["Lantern Road II"]
    # one number written two ways is one installment; other numbers stay apart
    assert res.cluster_of["Lantern Road II"] == res.cluster_of["Lantern Road 2"]
    assert res.cluster_of["Lantern Road III"] == res.cluster_of["Lantern Road Season 3"] == \
        res.cluster_of["Lantern Road season three"]
    assert len({res.cluster_of[s] for s in ("Lantern Road 2", "Lantern Road III", "Lantern Road IV")}) == 3
    assert "numeral written two ways" in {m.rule for m in res.merges}


def test_names_titles_numbered_side_by_side_are_a_series_of_their_own():
    from factcheck.names import listed_numbers

    text = "The games are Ember Gate, Ember Gate 2 and Ember Gate 3. Ember Gate II opens after Ember Gate."
    mentions = [Mention(14, 24, "Ember Gate", "WORK"), Mention(26, 38, "Ember Gate 2", "WORK"),
                Mention(43, 55, "Ember Gate 3", "WORK"), Mention(57, 70, "Ember Gate II", "WORK"),
                Mention(82, 92, "Ember Gate", "WORK")]
    assert listed_numbers(text, mentions) == {"Ember Gate 2", "Ember Gate 3"}  # not the sequel beside the first
    res = resolve(Counter({"Ember Gate 2": 1, "Ember Gate Season 2": 3}), apart=[("Ember Gate 2", "Ember Gate Season 2")])
    assert res.cluster_of["Ember Gate 2"] != res.cluster_of["Ember Gate Season 2"]


def test_names_a_number_after_a_title_ner_took_for_a_person():
    text = "Kiri Hollow 0 came first; the Kiri Hollow season two premiere follows. Jae Min 24 scored."
    mentions = [Mention(0, 11, "Kiri Hollow", "PERSON"), Mention(30, 41, "Kiri Hollow", "WORK"),
                Mention(71, 78, "Jae Min", "PERSON")]
    assert [m.surface for m in with_numbers(mentions, text)] == [
        "Kiri Hollow 0", "Kiri Hollow season two", "Jae Min"]


def test_claims_renewal_status_of_something_else_is_no_renewal(nlp):
    def renewal(text):
        doc = nlp(text)
        return [c["value"] for c in doc._.claims if c["slot"] == "renewal_status"]

    assert renewal("The finale arrives on May 2, and its title is yet to be announced.") == []
    assert renewal("Casting for the sequel has not been announced.") == []
    assert renewal("A third season has not been announced yet.") != []
    assert renewal("The streamer has not yet announced whether the series will be renewed.") != []


def test_works_headline_work_is_the_numbered_name_not_an_actor():
    from factcheck.corpus import Article
    from factcheck.works import headline_work

    titles = ["Min Ha-eun returns for 'K.O.' Season 2", "K.O. season two: cast confirmed with Min Ha-eun",
              "Min Ha-eun's K.O. 2 gets a teaser", "KO Season 2 review: Min Ha-eun shines"]
    articles = [Article(id=f"{i}.txt", text="x", title=t) for i, t in enumerate(titles)]
    assert headline_work(articles) == "K.O."
    assert headline_work(articles[:1] + [Article(id="9.txt", text="x", title="An interview")] * 3) is None


def test_compare_short_form_is_its_one_full_name():
    from factcheck.pipeline import full_names

    rows = [{"slot": "director", "subject": "W", "entity": "e1", "entity_name": "Mara Lindqvist"},
            {"slot": "director", "subject": "W", "entity": "e2", "entity_name": "Lindqvist"}]
    entities = [{"id": "e1", "canonical": "Mara Lindqvist", "label": "PERSON"},
                {"id": "e3", "canonical": "Jon Lindqvist", "label": "PERSON"}]
    out = full_names(rows, entities)
    assert out[1]["entity"] == "e1"  # the full name given for the same slot wins over another Lindqvist
    alone = full_names(rows[1:], entities)
    assert alone[0]["entity"] == "e2"  # two Lindqvists and none in the block: left as written


def test_scan_min_confidence_moves_findings_under_worth_a_look(demo_result):
    import factcheck
    from factcheck.confidence import THRESHOLD

    contradictions = demo_result.findings[demo_result.findings.kind == "contradiction"]
    assert set(contradictions.section) == {"headline"}  # the demo's planted disagreements all lead
    assert (contradictions.confidence >= THRESHOLD).all()
    strict = factcheck.scan(Path(__file__).resolve().parent.parent / "corpora" / "demo", use_cache=False, min_confidence=0.99)
    assert set(strict.findings[strict.findings.kind == "contradiction"].section) == {"worth_a_look"}


def test_attributes_money_keeps_its_currency_and_reads_currency_words(nlp):
    def money(text):
        return {(c["value"], c["unit"]) for c in nlp(text)._.claims if c["slot"] == "attribute"}

    assert money("The picture carries a budget of £12 million.") == {("£12 million", "£")}
    assert money("Its budget was 210 million US dollars, the studio said.") == {("210 million US dollars", "$")}


def test_attributes_regions_split_grosses_not_budgets(nlp):
    def regions(text):
        return {(c["measure"], c["window"]) for c in nlp(text)._.claims if c["slot"] == "attribute"}

    assert regions("The film earned $90 million domestically.") == {("gross", "domestic")}
    assert regions("Its $150 million budget is a gamble for a film aimed at a worldwide audience.") == {("budget", None)}


def test_attributes_two_clauses_give_two_figures_and_a_breakdown_none(nlp):
    two = "The first film brought in $856 million domestically, while the sequel managed to bring in $502 million."
    assert {v for m, v, _ in attributes(nlp, two) if m == "gross"} == {"$856 million", "$502 million"}
    breakdown = "It made $4.1 million from 310 locations in Spain and $3.9 million from 402 locations in Italy."
    assert not any(m == "gross" for m, *_ in attributes(nlp, breakdown))


def test_attributes_gross_in_an_opening_window_is_the_opening(nlp):
    found = attributes(nlp, "The drama's spin-off film brought in $41 million in its first weekend.")
    assert ("opening", "$41 million", 41e6) in found


def test_attributes_a_later_weekends_takings_are_not_the_running_total(nlp):
    found = {(m, v) for m, v, _ in attributes(
        nlp, "The film has grossed $107.6 million so far, with $73 million coming from overseas this weekend. "
             "It raked in a solid $3.9 million on its 15th weekend.")}
    assert found == {("gross", "$107.6 million"), ("gross (weekend)", "$73 million"), ("gross (15th weekend)", "$3.9 million")}


def test_attributes_time_of_day_is_compared_in_utc(nlp):
    times = {(c["value"], c["amount"]) for c in nlp("New episodes air every Friday at 8 p.m. ET and 5 p.m. PT.")._.claims
             if c.get("measure") == "release time"}
    assert {v for _, v in times} == {60.0}  # one time, written in two zones
    assert not [c for c in nlp("The cast met at 8 p.m. ET for dinner.")._.claims if c.get("measure") == "release time"]


def test_claims_runtime_said_with_long_or_of_an_episode_named_by_ordinal(nlp):
    runtimes = {(c["value"], c["part"]) for c in nlp("The first episode will be 58 minutes and the third episode "
                                                     "is 71 minutes long.")._.claims if c["slot"] == "runtime"}
    assert runtimes == {("58 minutes", "episode 1"), ("71 minutes", "episode 3")}
    assert not [c for c in nlp("The wait between seasons will be 90 minutes.")._.claims if c["slot"] == "runtime"]


def test_works_main_installment_is_the_film_the_headlines_number():
    from factcheck.claims import FILM
    from factcheck.corpus import Article
    from factcheck.works import headline_work, main_installment

    titles = ["Harbor Lights 2 opens to $90 million", "How long is Harbor Lights 2?", "Harbor Lights II review",
              "The cast of the first film returns"]
    articles = [Article(id=f"{i}.txt", text="x", title=t) for i, t in enumerate(titles)]
    assert main_installment(articles, "Harbor Lights") == FILM + 2
    assert main_installment(articles[3:] * 4, "Harbor Lights") is None  # no headline numbers it
    tv = [Article(id=f"{i}.txt", text="x", title=t) for i, t in enumerate(["Cat x Mouse Season 2 trailer",
                                                                          "Cat x Mouse season 2: cast"])]
    assert headline_work(tv) == "Cat x Mouse"  # a lower-case "x" joins a title
    assert main_installment(tv, "Cat x Mouse") is None  # seasons, not films


def test_attributes_standing_in_a_ranked_list_is_a_rank_of_what_it_ranks_by(nlp):
    found = attributes(nlp, "The film is now the 12th highest-grossing release of all time.")
    assert ("rank (grossing)", "12th highest-grossing", 12) in found
    assert ("rank (opening)", "sixth biggest", 6) in attributes(nlp, "It had the sixth biggest opening of the year.")
    assert ("rank", "10th spot", 10) in attributes(nlp, "The season sits in the 10th spot on the list.")
    assert not any(m.startswith("rank") for m, *_ in attributes(nlp, "The second season opened in its first weekend."))


def test_attributes_figures_a_list_gives_other_titles_are_theirs(nlp):
    text = ("At the global box office it now trails only Harbor Lights ($1.9 billion) and "
            "Paper Kites: Return ($2.04 billion).")
    listed = {(c["owner"], c["value"], c["step"]) for c in attributes_raw(nlp, text) if "attribute.listed_figure" in c["rules"]}
    assert {(o, v) for o, v, _ in listed} == {("Harbor Lights", "$1.9 billion"), ("Paper Kites: Return", "$2.04 billion")}
    assert {round(s) for *_, s in listed} == {50_000_000, 5_000_000}  # half the last digit written


def test_attributes_money_ranges_and_scale_letters(nlp):
    assert not attributes(nlp, "The first film cost a budget of $60-80 million.")
    assert ("opening", "$155M", 155e6) in attributes(nlp, "The sequel opened to $155M in its opening weekend.") or \
        ("gross", "$155M", 155e6) in attributes(nlp, "The sequel opened to $155M in its opening weekend.")


def attributes_raw(nlp, text):
    from factcheck import attributes as fattributes
    from factcheck.claims import SlotSpec

    doc = nlp(text)
    spec = SlotSpec.load().measures
    return [c for s in doc.sents for c in fattributes.extract(doc, s, spec)]


def test_claims_a_difference_between_lengths_is_no_runtime(nlp):
    runtimes = {c["value"] for c in nlp("The sequel runs 96 minutes, seven minutes shorter than the first film.")._.claims
                if c["slot"] == "runtime"}
    assert runtimes == {"96 minutes"}


def test_a_date_on_a_verb_that_names_no_event_dates_what_its_clause_names(nlp):
    from factcheck.attributes import MeasureSpec, event_dates
    from factcheck.claims import SlotSpec

    spec = SlotSpec.load().measures
    assert isinstance(spec, MeasureSpec)

    def events(text):
        doc = nlp(text)
        return {(c["measure"], c["value"]) for s in doc.sents for c in event_dates(doc, s, spec)}

    assert events("The filming of the third season began in January 2023.") == {("filming start", "January 2023")}
    assert events("Production wrapped on May 5, 2024.") == {("filming end", "May 5, 2024")}
    assert events("On June 13, 2023, Netflix made the official announcement.") == {("announcement", "June 13, 2023")}
    assert events("Theaters were still filling evening shows in August.") == set()
    assert spec.slots["filming start"] == {"slot": "filming_start"}
    assert events("The 13-episode second season wrapped up on October 6.") == {("run end", "October 6")}


def test_works_a_subtitled_title_counts_the_headlines_of_its_short_form():
    from factcheck.corpus import Article
    from factcheck.works import headline_work

    titles = ["Ashen Road: The Long Way's End Season 2 review", "Ashen Road season 2: what we know",
              "Ashen Road season 2 tops the charts", "'Ashen Road: The Long Way's End' Season 2 cast", "Studio news"]
    articles = [Article(id=f"{i}.txt", text="x", title=t) for i, t in enumerate(titles)]
    assert headline_work(articles) == "Ashen Road: The Long Way's End"


def test_attributes_a_filming_span_gives_its_start_and_its_end(nlp):
    claims = nlp("The season was filmed from November 2023 to April 2024. The film runs from 9 pm to 11 pm.")._.claims
    read = {(c["slot"], c.get("measure"), c["value"]) for c in claims if "production_range" in str(c.get("rules"))}
    assert read == {("filming_start", None, "November 2023"), ("attribute", "filming end", "April 2024")}
