"""Claim extraction on fresh sentences of the shapes real articles use."""
import pytest



def claims(nlp, text, title=None):
    doc = nlp.make_doc(text)
    doc._.title = title
    doc = nlp(doc)
    return [(c["slot"], c["value"], c["season"], c["hedge"], c["polarity"]) for c in doc._.claims]


def slot(nlp, text, name, title=None):
    return [c for c in claims(nlp, text, title) if c[0] == name]


def test_claims_renewal_status_and_its_negation(nlp):
    assert slot(nlp, "Streamline has renewed Copper Coast for a second season.", "renewal_status")[0][2] == 2
    pending = slot(nlp, "Copper Coast season 3 renewal status\n\nRenewal Status: Pending (Last Updated: 02/03/2025)\n", "renewal_status")
    assert pending and pending[0][1] == "Renewal Status: Pending" and pending[0][2] == 3
    assert slot(nlp, "A third season has not been confirmed yet.", "renewal_status")[0][1].startswith("has not been")


def test_claims_conditional_and_generic_renewals_are_no_claims(nlp):
    assert slot(nlp, "Fans wonder whether the show will be renewed at all.", "renewal_status") == []
    assert slot(nlp, "Good numbers are the kind of thing that gets a show renewed.", "renewal_status") == []
    assert slot(nlp, "Has Streamline renewed Copper Coast?", "renewal_status") == []


def test_claims_release_date_with_season_and_hedge(nlp):
    found = slot(nlp, "An insider told the outlet that season 2 will premiere in 2026.", "release_date")
    assert found == [("release_date", "2026", 2, "rumour", "positive")]
    found = slot(nlp, "The second season could arrive sometime around May 2026.", "release_date")
    assert found[0][1] == "May 2026" and found[0][2] == 2 and found[0][3] == "speculation"


def test_claims_release_of_something_else_is_not_the_show(nlp):
    assert slot(nlp, "The streamer released its summer slate on June 3.", "release_date") == []


def test_claims_past_premiere_does_not_take_the_title_season(nlp):
    found = slot(nlp, "The series made its debut on March 4, 2024.", "release_date", title="Copper Coast season 2 renewed")
    assert found and found[0][2] is None


def test_claims_a_denied_report_is_negative(nlp):
    found = slot(nlp, "It was falsely reported that every episode runs longer than 90 minutes.", "runtime")
    assert all(c[4] == "negative" for c in found)


def test_claims_sequel_is_its_own_installment(nlp):
    found = slot(nlp, "The sequel will hit theaters on July 17, 2026.", "release_date")
    from factcheck.claims import FILM

    assert found and found[0][2] == FILM + 2


def test_claims_episode_counts_not_ordinals(nlp):
    assert [c[1] for c in slot(nlp, "The first season has 10 episodes.", "episode_count")] == ["10"]
    assert slot(nlp, "The first two episodes are slow.", "episode_count") == []
    assert slot(nlp, "She appeared in one of the new episodes.", "episode_count") == []
    assert slot(nlp, "At least one episode will be set entirely underwater.", "episode_count") == []
    assert [c[1] for c in slot(nlp, "It is an eight-episode season.", "episode_count")] == ["eight"]


def test_claims_people_and_companies(nlp):
    assert [c[1] for c in slot(nlp, "The drama was produced by Harbor Light Studio and Kestrel Films.", "production_company")] == [
        "Harbor Light Studio", "Kestrel Films"]
    assert [c[1] for c in slot(nlp, "It was directed by Yoon Seok-min, who also co-wrote it.", "director")] == ["Yoon Seok-min"]
    assert [c[1] for c in slot(nlp, "It is based on the 2014 novel The Salt Road by Mira Delgado.", "source_author")] == ["Mira Delgado"]


@pytest.mark.parametrize("text, pairs", [
    ("The cast includes Ha-yoon (Seo Ji-ah) and Tae-ho (Kang Min-jun).", {("Seo Ji-ah", "Ha-yoon"), ("Kang Min-jun", "Tae-ho")}),
    ("Laura Finch, who plays Edie Marsh, returns.", {("Laura Finch", "Edie Marsh")}),
    ("Edie Marsh, played by Laura Finch, returns.", {("Laura Finch", "Edie Marsh")}),
    ("Laura Finch and Omar Reyes reprise their roles as Edie and Cole.", {("Laura Finch", "Edie"), ("Omar Reyes", "Cole")}),
    ("It stars Laura Finch as a tired detective and Omar Reyes as her partner.", set()),
])
def test_claims_cast_shapes(nlp, text, pairs):
    doc = nlp(text)
    found = {(c["actor"], c["value"]) for c in doc._.claims if c["slot"] == "cast_role"}
    assert {frozenset(p) for p in found} == {frozenset(p) for p in pairs}


def test_claims_such_as_is_no_casting(nlp):
    doc = nlp("Of the students of Greyhill Academy, only a few survived, such as Da-eun and Min-ho.")
    assert [c for c in doc._.claims if c["slot"] == "cast_role"] == []


def test_claims_cast_with_descriptions_and_titles(nlp):
    doc = nlp("Asked about the ensemble, she singled out Seo Ji-ah, who plays the island doctor Ha-yoon. "
              "Omar Reyes co-stars as Dr. Cole Varga. Laura Finch returns as detective Edie Marsh, and Omar Reyes is back as Cole.")
    pairs = {(c["actor"], c["value"]) for c in doc._.claims if c["slot"] == "cast_role"}
    assert pairs == {("Seo Ji-ah", "Ha-yoon"), ("Omar Reyes", "Cole Varga"), ("Laura Finch", "Edie Marsh"), ("Omar Reyes", "Cole")}


def test_claims_more_renewal_and_release_shapes(nlp):
    assert slot(nlp, "The streamer has not yet announced whether the series will be renewed.", "renewal_status")[0][1].startswith("not")
    # whether an actor comes back says nothing about the show's renewal
    assert slot(nlp, "The network did not confirm whether Owen Hale will be back.", "renewal_status") == []
    found = slot(nlp, "Copper Coast season 3 is slated for March 12, 2027.", "release_date")
    assert found and found[0][1] == "March 12, 2027" and found[0][2] == 3


def test_claims_episodes_someone_directed_are_no_episode_count(nlp):
    assert slot(nlp, "Laura Pennington, who directed four episodes of the second season, returns.", "episode_count") == []
    assert [c[1] for c in slot(nlp, "The second season has eight episodes.", "episode_count")] == ["eight"]


def test_claims_negated_renewal_is_one_claim(nlp):
    found = slot(nlp, "The Lantern Keepers has not yet been renewed for a third season.", "renewal_status")
    assert [c[1] for c in found] == ["has not yet been renewed"]


def test_claims_an_unconfirmed_rumour_is_no_renewal_status(nlp):
    text = "There have been rumours that the series is filming season 3, but this has not been confirmed."
    assert slot(nlp, text, "renewal_status") == []
    assert slot(nlp, "A fourth season has not been confirmed.", "renewal_status")



@pytest.mark.parametrize("text, pairs", [
    ("Critics singled out Kang Ha-eun’s Seo-yeon, the most haunted performance of the season.", {("Kang Ha-eun", "Seo-yeon")}),
    ("Seo-yeon, Kang Ha-eun's character, survives the flood.", {("Kang Ha-eun", "Seo-yeon")}),
    ("Kang Ha-eun's character, Seo-yeon, survives the flood.", {("Kang Ha-eun", "Seo-yeon")}),
])
def test_claims_possessive_cast_shapes(nlp, text, pairs):
    doc = nlp(text)
    found = {(c["actor"], c["value"]) for c in doc._.claims if c["slot"] == "cast_role"}
    assert {frozenset(p) for p in found} == {frozenset(p) for p in pairs}


@pytest.mark.parametrize("text", [
    "Netflix's Glass Harbor topped the chart in its first week, and its cast is thrilled.",
    "Bong Mi-rae's Glass Harbor starred Kang Ha-eun.",
    "The show's creator praised the cast of Glass Harbor.",
    "Viewers loved Kang Ha-eun’s Seo-yeon.",  # no talk of roles: only the corpus's cast lines can make it casting
    "Fans guessed that Kang’s character, Seo-yeon, survived.",  # a family name alone is no actor
])
def test_claims_possessives_that_are_no_casting(nlp, text):
    doc = nlp(text)  # a "typed" pair waits for the corpus's cast lines (tests/test_scan.py)
    assert [c for c in doc._.claims if c["slot"] == "cast_role" and c["orientation"] != "typed"] == []


def test_claims_possessive_of_the_title_is_no_casting(nlp):
    doc = nlp.make_doc("Director Bong Mi-rae's Glass Harbor is a role reversal drama.")
    doc._.title = "Glass Harbor season 2: everything we know"
    assert [c for c in nlp(doc)._.claims if c["slot"] == "cast_role"] == []


@pytest.mark.parametrize("text, values, metric", [
    ("Glass Harbor premiered on HBO Max on May 2, 2024.", ["HBO Max"], None),
    ("Glass Harbor is a Disney+ original, and fans love it.", ["Disney+"], None),
    ("The thriller is streaming on Apple TV+ and Hulu.", ["Apple TV+", "Hulu"], "streaming"),
    ("New episodes air on JTBC every Saturday.", ["JTBC"], "broadcast"),
    ("The second season will arrive on Paramount+ next spring.", ["Paramount+"], None),
])
def test_claims_network(nlp, text, values, metric):
    doc = nlp(text)
    found = [c for c in doc._.claims if c["slot"] == "network"]
    assert [c["value"] for c in found] == values and {c["metric"] for c in found} == {metric}


@pytest.mark.parametrize("text", [
    "According to Netflix, it reached Netflix's Top 10 in 40 countries.",
    "It was produced by Studio Dragon for Netflix.",
    "The original cast returns, and the original novel is back in print.",
    "The drama premiered on December 10, 2020.",
])
def test_claims_network_false_friends(nlp, text):
    assert slot(nlp, text, "network", title="Glass Harbor season 2: what we know") == []


@pytest.mark.parametrize("text, work", [
    ("Rival thriller Iron Bloom premiered on Hulu last year.", "Iron Bloom"),
    ("Fans of Iron Bloom, which premiered on Hulu in 2021, will enjoy it.", "Iron Bloom"),
    ("The Paper Lantern, released on 8 March 2024, made the studio famous.", "Paper Lantern"),
    ("When The Paper Lantern 2 opens in May 2026, the studio will be ready.", "Paper Lantern 2"),
    ("Iron Bloom, which hit the top spot on Day 4 of the Netflix Top 10, is still popular.", "Iron Bloom"),
])
def test_claims_said_of_another_named_work_carry_it(nlp, text, work):
    doc = nlp(text)
    assert doc._.claims and {c["owner"] for c in doc._.claims} == {work}


def chart(nlp, text, title="Glass Harbor season 1 review"):
    doc = nlp.make_doc(text)
    doc._.title = title
    return [(c["value"], c["metric"], c["window"]) for c in nlp(doc)._.claims if c["slot"] == "chart_position"]


@pytest.mark.parametrize("text, found", [
    ("Glass Harbor rose to No. 1 on its third day on Netflix's U.S. daily Top 10 list.",
     [("No. 1", "netflix u.s. daily top 10", "day 3")]),
    ("It was #2 on the Netflix global Top 10 in week 3.", [("#2", "netflix global top 10", "week 3")]),
    ("It ranked fourth on the global Top 10 for non-English TV in its second week.",
     [("ranked fourth", "global top 10 non-english tv", "week 2")]),
    ("The drama topped the charts in Korea.", [("topped the charts", None, None)]),
])
def test_claims_chart_position_with_its_chart_and_window(nlp, text, found):
    assert chart(nlp, text) == found


@pytest.mark.parametrize("text", [
    "The poster shows the number two on a playing card.",
    "It was the No. 1 priority for the studio.",
])
def test_claims_no_chart_position(nlp, text):
    assert chart(nlp, text) == []


@pytest.mark.parametrize("text, status", [
    ("Filming has officially begun on the second season.", "in production"),
    ("Production is now underway in Busan.", "in production"),
    ("The series is currently shooting in Jeju.", "in production"),
    ("The cast wrapped filming last month.", "wrapped"),
    ("Shooting has finally wrapped on season 2.", "wrapped"),
    ("The show has yet to begin filming.", "not started"),
    ("Filming has not started yet.", "not started"),
    ("Filming is set to begin in 2025.", "not started"),
])
def test_claims_filming_status(nlp, text, status):
    doc = nlp(text)
    assert [c["status"] for c in doc._.claims if c["slot"] == "filming_status"] == [status]


@pytest.mark.parametrize("text", [
    "Is filming underway yet?",
    "Production is not underway yet.",
    "A stage production is currently running in London.",
    "Filming has not wrapped.",
])
def test_claims_no_filming_status(nlp, text):
    assert slot(nlp, text, "filming_status") == []


@pytest.mark.parametrize("text, found", [
    ("The first film still holds a 94% critics' score on Rotten Tomatoes.", [("94%", "tomatometer")]),
    ("Season 1 sits at 89% on Rotten Tomatoes.", [("89%", "tomatometer")]),
    ("On Rotten Tomatoes, the series holds a 94% approval rating based on 51 reviews.", [("94%", "tomatometer")]),
    ("It has an approval rating of 91% on Rotten Tomatoes, with an average rating of 7.9/10.",
     [("91%", "tomatometer"), ("7.9/10", "average rating")]),
    ("The show boasts a 97% audience score on Rotten Tomatoes, while critics gave it 89%.",
     [("97%", "audience score"), ("89%", "tomatometer")]),
    ("The series has a rating of 8.1/10 on IMDb.", [("8.1/10", "imdb")]),
    ("On Metacritic, it has a score of 74 out of 100 based on 12 critics.", [("74", "metascore")]),
    ("Rotten Tomatoes lists 40 reviews so far.", []),
])
def test_claims_ratings_take_the_figure_of_their_scale(nlp, text, found):
    doc = nlp(text)
    assert [(c["value"], c["metric"]) for c in doc._.claims if c["slot"] == "rating"] == found


def test_claims_only_audience_figures_keep_a_window(nlp):
    doc = nlp("It drew 4.1 million views in its first five days and holds 94% on Rotten Tomatoes.")
    assert {c["slot"]: c["window"] for c in doc._.claims} == {"audience": "first 5 days", "rating": None}


def test_claims_cast_list_items_are_claims_not_headings(nlp):
    doc = nlp("VOICE CAST\n\n- Adaeze Okafor-Bello as Ifunanya\n- Tran Van Duc as Tunde\n* Lucia Vidal as Marisol\n")
    assert {(c["actor"], c["value"]) for c in doc._.claims if c["slot"] == "cast_role"} == {
        ("Adaeze Okafor-Bello", "Ifunanya"), ("Tran Van Duc", "Tunde"), ("Lucia Vidal", "Marisol")}


@pytest.mark.parametrize("text, hedges", [
    ("The Lost Kite 2, directed by Ana Ruiz, is still set to reach theatres on 14 November 2025.",
     {"director": "asserted", "release_date": "speculation"}),
    ("The show, which could premiere in 2026, was directed by Ana Ruiz.", {"director": "asserted", "release_date": "speculation"}),
])
def test_claims_a_side_clause_neither_lends_nor_borrows_a_hedge(nlp, text, hedges):
    assert {c["slot"]: c["hedge"] for c in nlp(text)._.claims} == hedges


@pytest.mark.parametrize("text, slot_name, expected", [
    ("The Bayonne subplot stalls in the middle two episodes.", "episode_count", []),
    ("Filming could start late in 2025 or early in 2026.", "filming_start", []),
    ("Velora+ has not yet said whether there will be a third season.", "renewal_status", [3]),
])
def test_claims_subsets_alternatives_and_the_triggers_own_season(nlp, text, slot_name, expected):
    found = slot(nlp, text, slot_name, title="Harbor Lights season 2: everything we know")
    assert [c[2] for c in found] == expected


@pytest.mark.parametrize("text, work", [
    ('The streamer posted: "Frontera Blanca season 3 lands June 6."', "Frontera Blanca"),
    ("It came close to Iron Bloom's record week when it started streaming on Hulu in September 2021.", "Iron Bloom"),
])
def test_claims_of_another_work_by_headline_shape_or_pronoun(nlp, text, work):
    dates = [c for c in nlp(text)._.claims if c["slot"] == "release_date"]
    assert dates and {c["owner"] for c in dates} == {work}


def test_claims_a_past_release_in_a_side_clause_keeps_no_heading_season(nlp):
    found = slot(nlp, "Harbor Lights renewed for season 2\n\nThe renewal follows a strong launch for the series, "
                      "which premiered April 11, 2025.\n", "release_date", title="Harbor Lights renewed for season 2")
    assert [(c[1], c[2]) for c in found] == [("April 11, 2025", None)]


@pytest.mark.parametrize("text, expected", [
    ("Seasons in this franchise have run 12 or 24 episodes.", []),
    ("Seven episodes into season 3, I need to talk about it.", []),
    ("Part 2 is due in April 2026 and will run for 11 episodes, taking the season to 23 episodes in total.",
     [("11", 3, "part 2")]),
    ("Part 1 will run for 12 episodes.", [("12", 3, "part 1")]),
])
def test_claims_episode_counts_of_parts_and_totals(nlp, text, expected):
    doc = nlp.make_doc(text)
    doc._.title = "Harbor Lights season 3: release date and everything we know"
    found = [(c["value"], c["season"], c["part"]) for c in nlp(doc)._.claims if c["slot"] == "episode_count"]
    assert found == expected


def test_claims_a_total_is_never_a_parts_count():
    from factcheck.claims import TOTAL_RE

    text = "Part 2 runs 11 episodes, bringing the season to 23 episodes in total."
    assert TOTAL_RE.match(text, text.index("23") + 2) and not TOTAL_RE.match(text, text.index("11") + 2)


def test_claims_dub_credits_are_marked_and_a_language_is_no_role(nlp):
    doc = nlp("Haruto Sakuma plays Ren in Japanese, while Jason Marlow voices him in the English dub. "
              "For the English dub, Jason Marlow is back as Ren.")
    cast = [(c["actor"], c["value"], c["metric"]) for c in doc._.claims if c["slot"] == "cast_role"]
    assert ("Jason Marlow", "Ren", "voice") in cast and not any(role == "English" for _, role, _ in cast)


@pytest.mark.parametrize("text", [
    "The manga is ongoing, with volume 14 released in January 2024.",
    "The full trailer dropped in March.",
])
def test_claims_releases_of_the_source_or_a_trailer_are_not_the_works(nlp, text):
    assert slot(nlp, text, "release_date") == []


@pytest.mark.parametrize("text, slot_name, value, season", [
    ("Studio Kairo is returning to animate the new season.", "animation_studio", "Studio Kairo", 3),
    ("- Animation Production: Lumen Arc", "animation_studio", "Lumen Arc", 3),
    ("The anime is getting a third season, the publisher announced.", "renewal_status", "getting a third season", 3),
    ("Ryuji Minase is once again directing at the studio.", "director", "Ryuji Minase", 3),
])
def test_claims_studio_renewal_and_director_shapes_of_anime_news(nlp, text, slot_name, value, season):
    found = slot(nlp, text, slot_name, title="Harbor Lights season 3: release date and everything we know")
    assert [(c[1], c[2]) for c in found] == [(value, season)]


def test_claims_cast_lines_with_colons_dub_slashes_and_bare_as(nlp):
    doc = nlp("Voice cast\n\n- Ren Aoshima: Haruto Sakuma / Jason Marlow\n- Director: Paula Ruiz\n\n"
              "Cast list\n\nGen Onishi as Captain Ibara\n\nKono takes over from Ryuji Minase, who is credited as chief "
              "director on the film Harbor Nights.\n")
    cast = {(c["actor"], c["value"], c["metric"]) for c in doc._.claims if c["slot"] == "cast_role"}
    assert cast == {("Haruto Sakuma", "Ren Aoshima", "voice"), ("Jason Marlow", "Ren Aoshima", "voice"),
                    ("Gen Onishi", "Ibara", None)}


@pytest.mark.parametrize("text, slot_name, season", [
    ("Season 2 will run for 12 episodes, up from 8 in season 1.", "episode_count", 2),
    ("Netflix said season 2 recorded 29.8 million hours in its first week, a drop from season 1's launch but still "
     "enough to take No. 1 on the global non-English Top 10.", "chart_position", 2),
])
def test_claims_the_season_compared_with_is_not_the_season_talked_about(nlp, text, slot_name, season):
    assert [c[2] for c in slot(nlp, text, slot_name)] == [season]


def test_claims_a_denied_report_and_an_award_are_no_claims(nlp):
    doc = nlp("An insider claimed that season 2 would drop in December 2024, but Netflix later denied the report.")
    assert all(c["polarity"] == "negative" for c in doc._.claims if c["slot"] == "release_date")
    doc = nlp("Kang Yu-na, who won best new actress at this year's Baeksang Arts Awards for her role as Ji-an, said so.")
    assert not any(c["slot"] == "cast_role" and "Awards" in c["actor"] for c in doc._.claims)


@pytest.mark.parametrize("text, titles", [
    ("The series is based on the webtoon Lantern Street by Joo Min-a.", ["Lantern Street"]),
    ("The writer adapted the story from Yoon Da-seul's webtoon Low Water Letters.", ["Low Water Letters"]),
    ("The drama is based on the webtoon of the same name.", []),
    ("It is based on a manga by Japanese artist Aro Haso.", []),
])
def test_claims_the_title_of_the_source_work(nlp, text, titles):
    assert [c[1] for c in slot(nlp, text, "source_work")] == titles


@pytest.mark.parametrize("text, found", [
    ("Season 3 is a shorter affair: it will run six episodes, down from the 10-episode second season.",
     [("six", None), ("10", 2)]),
    ("Season 2 will run for 12 episodes, up from 8 in season 1.", [("12", 2)]),
])
def test_claims_a_yardstick_season_is_only_the_yardsticks(nlp, text, found):
    assert [(c[1], c[2]) for c in slot(nlp, text, "episode_count")] == found


def test_claims_minutes_viewed_are_their_own_metric(nlp):
    for text in ("The season racked up 1.2 billion minutes viewed in its first week.",
                 "The season was watched for 980 million minutes in its first week."):
        assert [(c["value"], c["metric"]) for c in nlp(text)._.claims if c["slot"] == "audience"][0][1] == "minutes viewed"


def test_claims_confirming_something_about_the_new_season_is_no_renewal(nlp):
    assert slot(nlp, "The streamer did not confirm how many episodes the new season will have.", "renewal_status") == []
    assert slot(nlp, "The streamer confirmed a second season on Monday.", "renewal_status")[0][1] == "confirmed a second season"


def test_claims_a_voice_language_is_no_actor_or_role(nlp):
    claims = nlp("• Sorrel – Aki Morimoto (Japanese) and Dana Pike (English)")._.claims
    cast = {(c.get("actor"), c["value"]) for c in claims if c["slot"] == "cast_role"}
    assert not any("Japanese" in pair or "English" in pair for pair in cast)


def test_claims_release_of_another_version_or_of_other_titles_is_not_the_works(nlp):
    def dates(text):
        return [c["value"] for c in nlp(text)._.claims if c["slot"] == "release_date"]

    assert dates("Releasing on July 10, 2026, the live-action adaptation will be directed by Tom Reyes.") == []
    assert dates("There are plenty of other titles coming to Vantage+ in March 2025.") == []
    assert dates("The film will be released in theaters on November 27, 2024.") == ["November 27, 2024"]
    home = [c["home"] for c in nlp("The film will be available to stream on Vantage from March 12.")._.claims
            if c["slot"] == "release_date"]
    assert home == [True]


def test_claims_a_season_number_before_episodes_is_no_episode_count(nlp):
    counts = [c["value"] for c in nlp("Season 2 episodes will be spread over three weeks.")._.claims if c["slot"] == "episode_count"]
    assert counts == []
    assert [c["value"] for c in nlp("The season has eight episodes.")._.claims if c["slot"] == "episode_count"] == ["eight"]


def test_claims_countries_a_shoot_travels_to_are_no_chart_countries(nlp):
    slots = [c["slot"] for c in nlp("Shooting in two different countries made the season hard.")._.claims]
    assert "chart_countries" not in slots
    assert "chart_countries" in [c["slot"] for c in nlp("The season reached the top 10 in 83 countries.")._.claims]


@pytest.mark.parametrize("text, dates", [
    ("The studio has pushed back the third Lantern Road movie to November 8, 2024.", ["November 8, 2024"]),
    ("Lantern Road 3 has moved from July 12, 2024, to Nov. 8, 2024.", ["Nov. 8, 2024"]),
    ("The studio pushed back the release of Lantern Road 3 from May 3rd 2024 to July 26th.", ["July 26th"]),
    ("Lantern Road 3 has been delayed from its May 3, 2024 release date.", []),
    ("The series streams from March 5 on Velora+.", ["March 5"]),  # "from" a date that nothing moves is the date
])
def test_claims_a_moved_release_is_dated_where_it_moves_to(nlp, text, dates):
    assert [c[1] for c in slot(nlp, text, "release_date")] == dates
    assert not any(c[0] == "attribute" and c[1] not in dates and any(ch.isdigit() for ch in c[1]) for c in claims(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("Netflix has confirmed the production of Season 2 for Harbor Lights.", [("renewed", 2)]),
    ("As season 2 comes to an end, a third season of Harbor Lights has been announced.", [("renewed", 3)]),
    ("The production of Season 2 has not been confirmed yet.", [("unconfirmed", 2)]),
    ("Harbor Lights Season 3 has not been officially confirmed or canceled by the studio yet.",
     [("unconfirmed", 3), ("unconfirmed", 3)]),
    ("The studio revealed the teaser for season 2 in June.", []),  # a teaser's reveal is no renewal
    ("Nothing is confirmed yet about a third season.", [("unconfirmed", 3)]),  # a negative subject negates
])
def test_claims_a_season_confirmed_announced_or_not_is_its_renewal(nlp, text, expected):
    doc = nlp(text)
    assert [(c["status"], c["season"]) for c in doc._.claims if c["slot"] == "renewal_status"] == expected


def test_claims_halves_acts_and_ordinal_parts_split_a_season(nlp):
    doc = nlp("The first half of the season will premiere on Thursday, May 16, while the second part will drop on "
              "Thursday, June 13. Act 3 lands on November 23. The show returns in the second half of 2024.")
    dates = {(c["value"], c["part"]) for c in doc._.claims if c["slot"] == "release_date"}
    assert {("May 16", "part 1"), ("June 13", "part 2"), ("November 23", "part 3"), ("2024", None)} <= dates


@pytest.mark.parametrize("text, directors", [
    ("Lee Eung-bok and Kim Hee-won will direct the drama.", {"Lee Eung-bok", "Kim Hee-won"}),
    ("Kazuhiro Furuhashi will be returning as the director for the second season.", {"Kazuhiro Furuhashi"}),
    ("Hiroki Hirano is set to succeed Manabu Okamoto as the director at the studio.", {"Hiroki Hirano"}),
    ("Director: Takashi Katagiri", {"Takashi Katagiri"}),
    ("Mara Lind praised Piet Roos as a director.", set()),
])
def test_claims_directors_named_by_coordination_as_or_a_credits_line(nlp, text, directors):
    assert {c[1] for c in slot(nlp, text, "director")} == directors


def test_claims_a_relative_clause_needs_its_relative_word(nlp):
    # the small parser reads "the drama Velvet Meridian will premiere" as a relative clause of "drama"
    assert [c[2] for c in slot(nlp, "The streamer has confirmed that season 2 of the mystery drama Velvet Meridian "
                                     "will premiere on March 14, 2025.", "release_date")] == [2]
    assert [c[2] for c in slot(nlp, "Season 2 for Harbor Lights, a series that was released on August 27th, is good.",
                               "release_date")] == [None]
