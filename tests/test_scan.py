"""The whole scan on the demo corpus: exactly the planted disagreements, nothing the articles agree on."""
import json
import shutil

import factcheck
from conftest import DEMO


def contradictions(result):
    f = result.findings
    rows = f[f["kind"] == "contradiction"]
    return {(r.subject, r.slot): {(c["article"][:3], c["value"]) for c in r.claims} for r in rows.itertuples()}


def test_scan_demo_reports_exactly_the_planted_disagreements(demo_result):
    found = contradictions(demo_result)
    assert set(found) == {
        ("The Ninth Tide season 2", "renewal_status"),
        ("The Ninth Tide season 2", "release_date"),
        ("The Ninth Tide", "production_company"),
        ("Go Yu-na", "cast_role"),
        ("Eun-chae", "cast_role"),
        ("The Ninth Tide season 1", "episode_count"),
    }
    assert {("000", "Blue Reef Pictures"), ("001", "Moonwake Entertainment")} == found[("The Ninth Tide", "production_company")]
    assert {("000", "Eun-chae"), ("000", "Hae-rim")} <= found[("Go Yu-na", "cast_role")]
    assert {("000", "10"), ("002", "12")} == found[("The Ninth Tide season 1", "episode_count")]
    assert {("001", "2025"), ("005", "2026")} <= found[("The Ninth Tide season 2", "release_date")]


def test_scan_demo_renewal_is_a_change_over_time(demo_result):
    f = demo_result.findings
    renewal = f[(f["slot"] == "renewal_status")].iloc[0]
    assert renewal["relation"] == "superseded"
    assert renewal["severity"] == "low"
    assert "Pending" in {c["value"].split()[-1] for c in renewal["claims"]}


def test_scan_demo_agreements_are_not_reported(demo_result):
    f = demo_result.findings
    slots = set(f[f["kind"] == "contradiction"]["slot"])
    # one premiere date written two ways; households vs viewing hours; one director spelled two ways
    assert "audience" not in slots and "director" not in slots and "writer" not in slots
    assert not any(s == "release_date" and "season 1" in subj for subj, s in zip(f["subject"], f["slot"]))


def test_scan_demo_spelling_variants(demo_result):
    f = demo_result.findings
    variants = {r.subject: r.spellings for r in f[f["kind"] == "spelling_variant"].itertuples()}
    assert set(variants["Choi Dong-gyu"]) == {"Choi Dong-gyu", "Choi Dong Kyu"}
    assert set(variants["Go Yu-na"]) == {"Go Yu-na", "Go Yoo-na"}
    assert variants["Yoon Min-ji"]["Min-ji"] > variants["Yoon Min-ji"]["Min-Ji"]


def test_scan_claim_offsets_point_at_values(demo_result):
    texts = demo_result.texts
    for c in demo_result.claims.itertuples():
        assert texts[c.article][c.start:c.end] == c.value
        assert c.end - c.start < 120
    for e in demo_result.entities.itertuples():
        for m in e.mentions:
            assert texts[m["article"]][m["start"]:m["end"]] == m["surface"]


def test_scan_output_is_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    factcheck.scan(DEMO, use_cache=False).write(a)
    factcheck.scan(DEMO, cache=tmp_path / "cache.sqlite").write(b)
    for name in ("claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # the cached re-run gives the same bytes too
    c = tmp_path / "c"
    factcheck.scan(DEMO, cache=tmp_path / "cache.sqlite").write(c)
    assert (a / "findings.jsonl").read_bytes() == (c / "findings.jsonl").read_bytes()


def test_scan_order_of_articles_does_not_change_findings(tmp_path):
    copy = tmp_path / "shuffled"
    copy.mkdir()
    names = sorted(p.name for p in DEMO.glob("*.txt"))
    rename = {n: f"{len(names) - i:03d}_{n[4:]}" for i, n in enumerate(names)}
    for n in names:
        shutil.copy(DEMO / n, copy / rename[n])
    rows = [json.loads(line) for line in (DEMO / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    (copy / "sources.jsonl").write_text("".join(json.dumps(r | {"file": rename[r["file"]]}) + "\n" for r in rows), encoding="utf-8")
    shuffled = factcheck.scan(copy, use_cache=False)
    original = factcheck.scan(DEMO, use_cache=False)
    key = lambda res: sorted((r.subject, r.slot) for r in res.findings.itertuples() if r.kind == "contradiction")
    assert key(shuffled) == key(original)


def test_scan_writes_the_whole_contract(demo_result, tmp_path):
    demo_result.write(tmp_path)
    for name in ("claims.jsonl", "entities.jsonl", "findings.jsonl", "findings.csv", "report.md", "report.html"):
        assert (tmp_path / name).stat().st_size > 0
    finding = json.loads((tmp_path / "findings.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "kind", "subject", "slot", "severity", "explanation", "claims"} <= set(finding)
    claim = json.loads((tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "article", "subject", "slot", "value", "normalized", "hedge", "sentence", "start", "end"} <= set(claim)


def test_scan_keeps_other_works_and_answered_rumours_out_of_the_comparison(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Harbor Tales: the spin-off lands\n\nPublished on 3 September 2025\n\n"
        "The Paper Lantern, released on 8 March 2024, made Corriente famous. "
        "Its spin-off Harbor Tales premiered on Vantage+ on 2 October 2025.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Harbor Tales arrives\n\nPublished on 15 October 2025\n\n"
        "Harbor Tales premiered on Vantage+ on 2 October 2025. Reports over the summer had claimed the show "
        "might arrive in September, but the streamer confirmed the October date in August.\n", encoding="utf-8")
    result = factcheck.scan(tmp_path, use_cache=False)
    dates = result.claims[result.claims["slot"] == "release_date"]
    assert set(dates[dates["value"] == "8 March 2024"]["subject"]) == {"Paper Lantern"}
    assert "contradiction" not in set(result.findings["kind"])


def test_scan_ranks_on_other_charts_or_weeks_are_not_compared(tmp_path):
    (tmp_path / "a.txt").write_text("Glass Harbor season 1 ratings\n\nGlass Harbor rose to No. 1 on its third day on the Netflix global Top 10.\n")
    (tmp_path / "b.txt").write_text("Glass Harbor season 1 chart run\n\nGlass Harbor was No. 4 on its fifth day on the Netflix global Top 10.\n")
    (tmp_path / "c.txt").write_text("Glass Harbor season 1 in the U.S.\n\nGlass Harbor was No. 6 on its third day on Netflix's U.S. daily Top 10.\n")
    (tmp_path / "d.txt").write_text("Glass Harbor season 1 returns\n\nGlass Harbor was No. 3 on the chart.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert (result.claims.slot == "chart_position").sum() == 4
    assert not len(result.findings) or "chart_position" not in set(result.findings.slot)
    (tmp_path / "e.txt").write_text("Glass Harbor season 1 numbers\n\nGlass Harbor was No. 2 on its third day on the Netflix global Top 10.\n")
    found = factcheck.scan(tmp_path, use_cache=False).findings
    ranks = found[found.slot == "chart_position"]
    assert len(ranks) == 1 and {c["value"] for c in ranks.iloc[0]["claims"]} == {"No. 1", "No. 2"}


def _filming(tmp_path, texts: dict[str, tuple[str, str]]):
    meta = []
    for name, (published, text) in texts.items():
        (tmp_path / name).write_text(f"Glass Harbor season 2 news\n\n{text}\n")
        meta.append(json.dumps({"file": name, "published": published}))
    (tmp_path / "sources.jsonl").write_text("\n".join(meta) + "\n")
    found = factcheck.scan(tmp_path, use_cache=False).findings
    return found[found.slot == "filming_status"] if len(found) else found


def test_scan_filming_stages_in_order_are_no_contradiction(tmp_path):
    assert not len(_filming(tmp_path, {
        "a.txt": ("2024-01-02", "Filming on Glass Harbor season 2 is set to begin in March."),
        "b.txt": ("2024-04-01", "Filming on Glass Harbor season 2 is now underway."),
        "c.txt": ("2024-11-20", "Glass Harbor season 2 has officially wrapped filming."),
    }))


def test_scan_filming_stage_out_of_order_is_a_contradiction(tmp_path):
    found = _filming(tmp_path, {
        "a.txt": ("2024-04-01", "Glass Harbor season 2 has officially wrapped filming."),
        "b.txt": ("2024-04-03", "Glass Harbor season 2 has yet to begin filming."),
    })
    assert len(found) == 1 and found.iloc[0]["kind"] == "contradiction"


def test_pin_seasons_puts_an_unseasoned_figure_on_the_season_out_at_publication():
    from datetime import date

    from factcheck.works import pin_seasons
    from factcheck.values import find_dates

    def release(season, text):
        return {"slot": "release_date", "season": season, "part": None, "polarity": "positive", "hedge": "asserted",
                "_typed": find_dates(text)[0][2], "subject": f"Glass Harbor season {season}"}

    def figure(published, window=None):
        return {"slot": "audience", "season": None, "part": None, "metric": "views", "window": window,
                "subject": "Glass Harbor", "_published": published, "_typed": None}

    episodes = [{**figure(day), "slot": "episode_count", "metric": None} for day in (date(2025, 9, 1), date(2026, 1, 5))]
    rows = [release(1, "2 October 2025"), release(2, "5 March 2027"),
            figure(date(2025, 10, 15)), figure(date(2025, 9, 1)), figure(date(2027, 4, 1)), figure(date(2027, 4, 1), "first week"),
            *episodes]
    pin_seasons(rows, "Glass Harbor")
    assert [r["subject"] for r in rows[2:]] == ["Glass Harbor season 1", "Glass Harbor", "Glass Harbor", "Glass Harbor season 2",
                                                "Glass Harbor season 1", "Glass Harbor"]


def test_scan_numbered_film_corpus_puts_unnamed_claims_on_that_film(tmp_path):
    meta = []
    texts = {
        "a.txt": ("2025-06-20", "Harbor Lights 2 box office", "The animated film opened to $90 million in its first weekend. "
                  "The original Harbor Lights was released in 2015."),
        "b.txt": ("2025-06-22", "Harbor Lights 2 opening weekend", "The sequel opened to $97 million in its first weekend."),
        "c.txt": ("2025-06-23", "Harbor Lights 2 records", "Harbor Lights 2 arrived in theaters on June 13, 2025."),
    }
    for name, (published, title, body) in texts.items():
        (tmp_path / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        meta.append(json.dumps({"file": name, "published": published}))
    (tmp_path / "sources.jsonl").write_text("\n".join(meta) + "\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert result.works.kind == "film"
    claims = result.claims
    opening = claims[claims["measure"] == "opening"]
    assert set(opening["subject"]) == {"Harbor Lights sequel"}
    assert all("subject.main_installment" in r for r in opening[opening["article"] == "a.txt"]["rules"])
    old = claims[claims["value"] == "2015"]
    assert not len(old) or "Harbor Lights sequel" not in set(old["subject"])
    found = result.findings[result.findings["kind"] == "contradiction"]
    assert [f for f in found.itertuples() if f.subject == "Harbor Lights sequel" and "Opening" in f.explanation]


def test_scan_a_character_is_never_a_crew_value(tmp_path):
    (tmp_path / "a.txt").write_text("Glass Harbor season 2 cast\n\nThe cast includes Ana Ruiz as Mara Lind and Tom Reyes as Ezra Vale.\n")
    (tmp_path / "b.txt").write_text("Glass Harbor season 2 writers\n\nThe season was written by Mara Lind.\n")
    (tmp_path / "c.txt").write_text("Glass Harbor season 2 team\n\nThe season was written by Petra Novak.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    writers = set(result.claims[result.claims["slot"] == "writer"]["value"])
    assert writers == {"Petra Novak"}


def test_scan_a_named_worldwide_gross_meets_the_open_attribute_gross(tmp_path):
    (tmp_path / "a.txt").write_text("Tern Island 2 box office\n\nTern Island 2 has grossed $465 million worldwide so far.\n")
    (tmp_path / "b.txt").write_text("Tern Island 2 keeps climbing\n\nTern Island 2 has earned a worldwide total of $471 million so far.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    grosses = result.claims[result.claims.value.isin(["$465 million", "$471 million"])]
    assert set(grosses.slot) == {"attribute"} and set(grosses.measure) == {"gross"}
    assert any("slot.as_measure" in rules for rules in grosses.rules)
    found = result.findings[result.findings.kind == "contradiction"]
    assert any({c["value"] for c in f} == {"$465 million", "$471 million"} for f in found.claims)


def test_scan_an_actors_possessive_is_casting_only_when_the_cast_lines_type_the_role(tmp_path):
    (tmp_path / "a.txt").write_text("Tern Island cast\n\nMara Lind as Ona Vale and Piet Roos as Jory Hale lead the cast.\n")
    (tmp_path / "b.txt").write_text("Tern Island review\n\nThe story is loud, but Kees Brandt's Ona Vale steals every scene, "
                                    "and Lotte Maas's Harbor Nine feels like a different film.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    cast = result.claims[result.claims.slot == "cast_role"]
    assert ("Kees Brandt", "Ona Vale") in set(zip(cast.actor, cast.value))
    assert "Harbor Nine" not in set(cast.value)  # no cast line gives it as a role
    found = result.findings[result.findings.kind == "contradiction"]
    assert any("Ona Vale is played by 2 actors" in e for e in found.explanation)


def test_scan_figures_that_name_no_season_in_a_corpus_about_several_are_compared_and_marked(tmp_path):
    for name, text in {
        "a.txt": "Glass Harbor season 1 premiered on March 3, 2023. Glass Harbor season 2 premiered on May 5, 2025.",
        "b.txt": "Glass Harbor season 2 premiered on May 5, 2025. Glass Harbor season 1 premiered on March 3, 2023.",
        "c.txt": "Critics are split: Glass Harbor holds a 61% Tomatometer score on Rotten Tomatoes.",
        "d.txt": "Glass Harbor holds a 74% Tomatometer score on Rotten Tomatoes, reviewers found.",
    }.items():
        (tmp_path / name).write_text(f"Glass Harbor news\n\n{text}\n")
    found = factcheck.scan(tmp_path, use_cache=False).findings
    scores = [f for _, f in found.iterrows() if f.kind == "contradiction"
              and {c["value"] for c in f.claims} >= {"61%", "74%"}]
    assert len(scores) == 1
    assert all("subject.unpinned" in c["rules"] for c in scores[0].claims)


def test_scan_a_number_after_the_title_of_a_film_corpus_is_the_films(tmp_path):
    from factcheck.corpus import Article
    from factcheck.works import corpus_kind

    (tmp_path / "a.txt").write_text("Tern Island: The Last Tide box office\n\nTern Island 3 opens in theaters on "
                                    "July 12, 2024. The film is the last of the movies, and the sequel cost $90 million.\n")
    (tmp_path / "b.txt").write_text("Tern Island: The Last Tide delayed\n\nThe film moves to November 8, 2024. "
                                    "Cinemas expect the movie to lead the box office.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert result.works.kind == "film"
    dated = result.claims[result.claims.value == "July 12, 2024"]
    assert not dated.empty and not any("season" in (s or "") for s in dated.subject)
    series = [Article("c.txt", "Tern Island season 3 has eight episodes; the season finale airs in May.")]
    assert corpus_kind(series) == "series" and corpus_kind([]) == "series"


def test_scan_the_sequel_in_a_corpus_about_a_later_film_is_that_film(tmp_path):
    (tmp_path / "a.txt").write_text("Tern Island 4 box office\n\nThe sequel opened to $58 million in theaters this weekend.\n")
    (tmp_path / "b.txt").write_text("Tern Island 4 tops the weekend\n\nTern Island 4 opened to $61 million at the box office.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    subjects = dict(zip(result.claims.value, result.claims.subject))
    assert subjects["$58 million"] == subjects["$61 million"] == "Tern Island film 4"
    assert any("subject.latest_sequel" in rules for rules in result.claims.rules)


def test_scan_a_list_of_earlier_credits_in_brackets_is_no_cast(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Tern Island cast announced\n\nThe series is joined by Mara Lind (Salt Road), Piet Roos (Quiet Harbor), "
        "Kees Brandt (Night Ferry) and Lotte Maas (Dune Grass).\n\nMara Lind will play the role of Ona Vale. "
        "Piet Roos takes on the role of Jory Hale.\n")
    (tmp_path / "b.txt").write_text("Tern Island first look\n\nMara Lind stars as Ona Vale, and Piet Roos plays Jory Hale.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    cast = result.claims[result.claims.slot == "cast_role"]
    assert {"Salt Road", "Quiet Harbor", "Night Ferry", "Dune Grass", "Mara Lind", "Piet Roos"}.isdisjoint(set(cast.value))
    assert ("Mara Lind", "Ona Vale") in set(zip(cast.actor, cast.value))
    assert not (result.findings.kind == "contradiction").any()


def test_scan_a_figure_another_title_earned_is_that_titles(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Lantern Road 3 box office\n\nLantern Road 3 earned $122 million over its opening weekend. Elsewhere, "
        "Iron Bloom continues to climb the charts, and added $45 million to its domestic total.\n")
    (tmp_path / "b.txt").write_text("Lantern Road 3 opening\n\nLantern Road 3 took $122 million in its opening weekend. "
                                    "Elsewhere, “Iron Bloom” continues to blast up the list, added $30 million this weekend.\n")
    result = factcheck.scan(tmp_path, use_cache=False)
    money = result.claims[result.claims.value.str.startswith("$")]
    owners = dict(zip(money.value, money.subject))
    assert owners["$45 million"] == owners["$30 million"] == "Iron Bloom"
    assert owners["$122 million"] != "Iron Bloom"
