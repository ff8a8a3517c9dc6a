"""Per-video topics: contiguous stretches named by their key phrases."""

from __future__ import annotations

from vidwiki.records import Chapter, Sentence
from vidwiki.topics.extract import extract_topics
from vidwiki.topics.phrases import normalize, phrase_occurrences
from vidwiki.topics.titles import passes_title_rules


def sentences(texts: list[str]) -> list[Sentence]:
    return [Sentence(i, i * 5.0, i * 5.0 + 4.0, t) for i, t in enumerate(texts)]


BREAD = [
    "Sourdough bread rises because wild yeast in the sourdough starter makes gas.",
    "A sourdough starter is flour and water that you feed every day.",
    "The sourdough starter also holds bacteria that make the bread sour.",
    "Feed the sourdough starter twice a day and it stays lively.",
    "Old sourdough starter smells of vinegar, which is normal.",
    "When the sourdough starter doubles in size, it is ready to use.",
] * 9
ICE = [
    "Ice cream is an emulsion of fat, water and air.",
    "The freezing point of the ice cream mix is lower than that of water.",
    "Churning the ice cream keeps the ice crystals small.",
    "Small ice crystals make ice cream smooth on the tongue.",
    "Salt lowers the freezing point of the ice around the bowl.",
    "Ice crystals grow when ice cream melts and freezes again.",
] * 9


def test_topics_cover_the_video_in_order_without_overlap():
    sents = sentences(BREAD + ICE)
    topics = extract_topics("vid", sents, topics_per_video=2)
    assert [(t.first, t.last) for t in topics] == [(0, len(BREAD)), (len(BREAD), len(sents))]


def test_titles_name_the_subject_with_the_speakers_spelling():
    topics = extract_topics("vid", sentences(BREAD + ICE), topics_per_video=2)
    assert topics[0].title.lower().startswith("sourdough starter")
    assert "ice" in topics[1].title.lower()


def test_short_video_gets_one_topic():
    topics = extract_topics("vid", sentences(BREAD[:5]), topics_per_video=5)
    assert len(topics) == 1


def test_chapters_give_titles_and_boundaries():
    sents = sentences(BREAD + ICE)
    chapters = [Chapter("Feeding a starter", 0.0), Chapter("Smooth ice cream", len(BREAD) * 5.0)]
    topics = extract_topics("vid", sents, topics_per_video=2, chapters=chapters)
    assert [t.title for t in topics] == ["Feeding a starter", "Smooth ice cream"]
    assert topics[1].first == len(BREAD)


def test_a_chapter_title_that_is_a_question_gives_way_to_the_concept():
    """Chapter titles are the author's, but a title is what a reader searches for: "Why ice
    cream is smooth" starts with a function word, so the chapter is named by its concept."""
    sents = sentences(BREAD + ICE)
    chapters = [Chapter("Sourdough starter", 0.0), Chapter("Why ice cream is smooth", len(BREAD) * 5.0)]
    topics = extract_topics("vid", sents, topics_per_video=2, chapters=chapters)
    assert topics[0].title == "Sourdough starter"
    assert topics[1].title != "Why ice cream is smooth"
    assert all(passes_title_rules(t.title) for t in topics)


def test_titles_keep_apostrophes_and_hyphens():
    texts = ["Euler's formula links the x-axis to rotation."] * 4 + ["Euler's formula is about the x-axis."] * 4
    _, forms = phrase_occurrences(texts)
    assert forms.display(("euler", "formula")) == "Euler's formula"
    assert forms.display(("x-axis",)) == "x-axis"


def test_normalisation_folds_plurals_possessives_and_accents():
    assert normalize("Matrices") == "matrix"
    assert normalize("eigenvalues") == "eigenvalue"
    assert normalize("Euler's") == "euler"
    assert normalize("Hôpital") == "hopital"
    assert normalize("biases") == "bias"


SLOWING = [
    "The ball slows down as it climbs the ramp.",
    "It slows because gravity pulls it back.",
    "Friction on the ramp also matters, and it slows the ball further.",
    "The slope of the ramp sets how fast the ball slows.",
    "A steeper slope of the ramp means a faster loss of speed.",
    "In deep learning, a model learns a slope from data as well.",
] * 4


def test_a_title_never_ends_in_a_word_the_speaker_uses_as_a_verb():
    per_sentence, _ = phrase_occurrences(SLOWING)
    phrases = {p for counts in per_sentence for p in counts}
    assert ("slow",) not in phrases  # "it slows": a verb here
    assert ("ramp",) in phrases and ("steeper", "slope") in phrases  # "the ramp": a noun
    assert ("deep", "learning") in phrases  # "in deep learning" names something
    topics = extract_topics("vid", sentences(SLOWING), topics_per_video=1)
    assert "slow" not in topics[0].title.lower()


def test_a_verb_with_an_s_does_not_open_a_phrase():
    texts = ["The count of points stays constant, right?", "The total stays constant as we go."] * 4
    per_sentence, _ = phrase_occurrences(texts)
    phrases = {p for counts in per_sentence for p in counts}
    assert ("stay", "constant") not in phrases


def test_a_stretch_with_nothing_to_name_it_joins_its_neighbour():
    """No page is called "Part 2": a stretch whose phrases are all generic joins the article before."""
    from vidwiki.topics.extract import VideoTopic, _fold_unnamed

    topics = [VideoTopic("v", 0, "Sourdough starter", "sourdough starter", first=0, last=10),
              VideoTopic("v", 1, "Part 2", "v 1", first=10, last=14),
              VideoTopic("v", 2, "Ice crystals", "ice crystal", first=14, last=30)]
    folded = _fold_unnamed(topics, {1})
    assert [(t.title, t.first, t.last, t.position) for t in folded] == [
        ("Sourdough starter", 0, 14, 0), ("Ice crystals", 14, 30, 1)]
