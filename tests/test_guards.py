"""Guards named in the pattern data, aliases the articles give, and cast lines read by their grammar."""
import json

import pytest


def values(nlp, text, slot):
    return [c["value"] for c in nlp(text)._.claims if c["slot"] == slot]


def cast(nlp, text):
    return {(c["actor"], c["value"]) for c in nlp(text)._.claims if c["slot"] == "cast_role"}


@pytest.mark.parametrize("text, expected", [
    ("Working beside art director Oriana Vell and set director Tomas Ekdal lifted the production.", []),
    ("Harbor Lights season 2's director is Oriana Vell.", ["Oriana Vell"]),
    ("Season 2 director Oriana Vell returns for the new episodes.", ["Oriana Vell"]),
    ('"We built a bigger maze this time," the director told Business Insider.', []),
])
def test_a_job_noun_names_the_person_beside_it_and_only_its_own_job(nlp, text, expected):
    assert values(nlp, text, "director") == expected


def test_a_name_that_describes_the_object_of_by_is_not_it(nlp):
    assert values(nlp, "The series is written and created by Hollywood newcomer Dario Velt.", "creator") == ["Dario Velt"]
    written = values(nlp, "Harbor Lights is written by Mina Sorel, the celebrated screenplay writer for Saltglass: The Long Night.", "writer")
    assert written == ["Mina Sorel"]


def test_a_trigger_naming_an_unknown_guard_is_refused_at_load(tmp_path):
    from factcheck.claims import PATTERNS, SlotSpec

    data = json.loads(PATTERNS.read_text(encoding="utf-8"))
    data["triggers"][0]["guards"] = ["no_such_guard"]
    path = tmp_path / "slots.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_guard"):
        SlotSpec.load(path)


def test_a_clause_opening_as_is_no_role_and_coordinated_cast_pairs_in_order(nlp):
    assert cast(nlp, "Two new heroes are flying in as Lena Voss and Mira Tal join the cast as Firebrand and Sister Quill.") == \
        {("Lena Voss", "Firebrand"), ("Mira Tal", "Sister Quill")}
    found = cast(nlp, "Dario Velt, who plays Tomas Brenner, was smiling as Elsa Ruud walked past the camera.")
    assert ("Tomas Brenner", "Elsa Ruud") not in found and ("Dario Velt", "Elsa Ruud") not in found


def test_the_possessor_before_an_actor_is_not_the_actor(nlp):
    found = cast(nlp, "Her husband Tomas (played by Lena Voss' real-life spouse Aron Voss) works two jobs.")
    assert not any(actor == "Lena Voss" for actor, _ in found)


def test_a_role_ends_before_a_preposition(nlp):
    found = cast(nlp, "Dario Velt, who played the clawed mutant across nine Saltglass Studios films, returns.")
    assert found == set()


def test_aliases_the_text_gives_join_their_names():
    from factcheck.names import Mention, text_aliases

    text = 'Lena Voss returns as Wade Harlow aka Nightjar. Tomas "Tommy" Brenner runs the kitchen.'
    names = ("Lena Voss", "Wade Harlow", "Nightjar", "Tomas", "Brenner")
    mentions = [Mention(text.index(s), text.index(s) + len(s), s, "PERSON") for s in names]
    pairs = {(a, b) for a, b, _ in text_aliases(text, mentions)}
    assert ("Wade Harlow", "Nightjar") in pairs
    assert ("Tomas Brenner", "Tommy Brenner") in pairs and ("Tomas Brenner", "Tommy") in pairs
    assert not any("Lena Voss" in p for p in pairs)


def test_an_alias_the_article_gives_is_one_character_in_a_scan(tmp_path):
    import factcheck

    (tmp_path / "a.txt").write_text("Harbor Lights season 2 cast\n\nLena Voss returns as Wade Harlow aka Nightjar.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Harbor Lights season 2 news\n\nNightjar (Lena Voss) is back.\n", encoding="utf-8")
    result = factcheck.scan(tmp_path, use_cache=False)
    assert not any(f["slot"] == "cast_role" for _, f in result.findings.iterrows())
    merged = [e for _, e in result.entities.iterrows() if {"Wade Harlow", "Nightjar"} <= set(e["spellings"]) |
              {m["surface"] for m in e["mentions"]}]
    assert merged and any(m["rule"] == "text alias" for m in merged[0]["merges"])


def test_a_measure_mapped_to_an_unknown_slot_is_refused_at_load(tmp_path):
    from factcheck.claims import PATTERNS, SlotSpec

    data = json.loads(PATTERNS.read_text(encoding="utf-8"))
    data["measures"]["slots"]["run end"] = {"slot": "finale_dates", "part": "finale"}
    path = tmp_path / "slots.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="finale_dates"):
        SlotSpec.load(path)
    assert SlotSpec.load().measures.slots["run end"]["slot"] == "release_date"
