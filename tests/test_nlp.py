"""The pipeline's own components: the tag-table stand-in for the attribute ruler, and the anchored Matcher."""
import spacy
from hypothesis import given, settings, strategies as st
from spacy.matcher import Matcher

from factcheck import nlp as fnlp
from factcheck.claims import SlotSpec, TriggerMatcher, anchors

TEXT = (
    "Harbour Lights returns for a third season\n\n"
    "Streamline has renewed the drama, and filming is set to begin in March. "
    "There are eight episodes, each of which runs about an hour. "
    "Critics said the second season wasn't as sharp; viewers disagreed, watching 41 million hours in a week. "
    "The director, Ngozi Adeyemi-Cole, told Variety she'd been \"rewriting it since 2023\".\n"
    "- Tran Minh Duc as Captain Hale\n"
)


def test_attributes_match_the_models_attribute_ruler():
    ours = fnlp.load()
    theirs = spacy.load(fnlp.DEFAULT_MODEL)
    theirs.add_pipe("factcheck_lines", before="parser")
    assert "attribute_ruler" not in ours.pipe_names and "factcheck_attributes" in ours.pipe_names
    a, b = ours(TEXT), theirs(TEXT)
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in a] == [(t.pos_, t.lemma_, str(t.morph)) for t in b]


def test_anchors_are_the_required_tokens_pinned_to_words():
    pattern = [{"LOWER": {"IN": ["is", "was"]}, "OP": "?"}, {"LEMMA": {"IN": ["release", "premiere"]}},
               {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": "date", "OP": "+"}]
    assert anchors(pattern) == [("LEMMA", frozenset({"release", "premiere"})), ("LOWER", frozenset({"date"}))]
    assert anchors([{"IS_TITLE": True}, {"LOWER": "x", "OP": "*"}]) == []


def test_unanchored_patterns_run_the_matcher_on_the_whole_doc():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    pattern = [{"IS_TITLE": True}, {"IS_DIGIT": True}]
    matcher = Matcher(nlp.vocab)
    matcher.add("T0", [pattern])
    doc = nlp("Cut to Episode 4. Then Season 2.")
    assert TriggerMatcher(nlp.vocab, [("T0", pattern)])(doc) == matcher(doc)


WORDS = ["the", "show", "season", "returns", "premiere", "date", "is", "was", "set", "for", "May", "2026",
         "episodes", "eight", "directed", "by", "Ana", "Ruiz", ".", "\n", "viewers", "hours", "renewed"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60))
def test_anchored_matches_are_the_matchers_matches_within_lines(words):
    nlp = fnlp.load()
    doc = nlp(" ".join(words))
    spec = SlotSpec.load()
    plain = Matcher(nlp.vocab)
    for i, trig in enumerate(spec.triggers):
        plain.add(f"T{i}", [trig["pattern"]])
    within = {m for m in plain(doc) if not any("\n" in doc[k].text_with_ws for k in range(m[1], m[2] - 1))}
    assert set(spec.matcher(nlp.vocab)(doc)) == within


def test_nlp_ctrl_c_swallowed_by_a_bare_except_is_still_remembered():
    """spaCy's package check has a bare `except`: a Ctrl-C that lands there must not read as a missing model."""
    import signal

    from factcheck import nlp as fnlp

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # however the test runner was started
    try:
        with fnlp._interrupts_remembered() as got:
            try:
                signal.raise_signal(signal.SIGINT)
            except:  # noqa: E722 - the library's bare except, as in spacy.util.is_package
                pass
        assert got == [signal.SIGINT]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back as it was
    finally:
        signal.signal(signal.SIGINT, previous)
