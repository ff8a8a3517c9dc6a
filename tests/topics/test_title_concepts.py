"""Titles an editor would give: the concepts the video's own title names, terms the speaker
defines, and never a referent of the talk ("Two parity checks", "Different coefficients")."""

from __future__ import annotations

from collections import Counter

import pytest

from vidwiki.ingest.discover import discover
from vidwiki.records import Sentence
from vidwiki.topics.concepts import defined_terms, title_concepts
from vidwiki.topics.extract import extract_topics
from vidwiki.topics.phrases import phrase_occurrences
from vidwiki.transcript.sentences import build_sentences


def spread(texts: list[str]) -> tuple[list[Counter], Counter]:
    per, _ = phrase_occurrences(texts)
    total: Counter = Counter()
    for counts in per:
        total.update(counts.keys())
    return per, total


def test_a_phrase_never_starts_with_a_word_that_points_at_the_talk():
    per, _ = spread(["Two parity checks catch the error, and different coefficients give other parity checks."])
    phrases = set(per[0])
    assert ("parity", "check") in phrases
    assert ("two", "parity", "check") not in phrases
    assert ("different", "coefficient") not in phrases


def test_half_a_compound_modifier_is_no_phrase():
    per, _ = spread(["Complex valued functions are the subject of complex analysis."])
    assert ("valued", "function") not in per[0]


def test_a_capitalised_modifier_inside_a_sentence_is_part_of_a_name():
    per, _ = spread(["He moved to New York, where the next generation of painters lived."])
    assert ("new", "york") in per[0]


def test_the_video_title_names_its_concepts_but_not_its_series():
    _, total = spread([
        "An eigenvector stays on its own span.", "Each eigenvector has an eigenvalue.",
        "The eigenvalue is the factor it is stretched by.", "This is the essence of linear algebra.",
    ])
    concepts = title_concepts("Eigenvectors and eigenvalues | Chapter 14, Essence of linear algebra", total)
    assert sorted(concepts) == [("eigenvalue",), ("eigenvector",)]


def test_a_title_concept_never_spans_the_titles_punctuation_nor_is_an_activity():
    _, total = spread([
        "The inverse matrix undoes the transformation.", "The column space is the span of the columns.",
        "Solving wordle takes information theory.", "Hamming codes correct errors.",
        "Two Hamming codes part ways.",
    ])
    assert sorted(title_concepts("Inverse matrices, column space and null space", total)) == [
        ("column", "space"), ("inverse", "matrix")]
    assert title_concepts("Solving Wordle using information theory", total) == [("information", "theory")]
    assert title_concepts("But what are Hamming codes?", total) == [("hamming", "code")]
    # "codes" is part of "Hamming codes" in the title: alone it names nothing the title means
    assert ("code",) not in title_concepts("Hamming codes part 2", total)


def test_a_term_the_speaker_defines_is_found_past_an_interjection():
    texts = ["Any such matrix is called, reasonably enough, a diagonal matrix.", "The matrix is big."]
    per, _ = spread(texts)
    assert ("diagonal", "matrix") in defined_terms(texts, per)
    assert not defined_terms(texts[1:], per[1:])


def test_the_stretch_that_discusses_the_titles_concept_is_titled_by_it():
    said = [
        "Recipes differ from kitchen to kitchen.", "The oven was hot and the kitchen smelled of bread.",
        "A sourdough starter is flour and water kept alive by wild yeast.",
        "The sourdough starter must be fed twice a day.", "A lively sourdough starter doubles in size.",
        "An old sourdough starter smells of vinegar.",
    ]
    other = [
        "Baking stones hold heat for the crust.", "A baking stone is preheated for an hour.",
        "The crust browns on the baking stone.", "Steam keeps the crust soft at first.",
        "Baking stones crack when they are wet.", "A thick baking stone holds more heat.",
    ]
    sents = [Sentence(i, i * 5.0, i * 5.0 + 4.0, t) for i, t in enumerate((said + other) * 4)]
    topics = extract_topics("vid", sents, 2, video_title="Keeping a sourdough starter | Bread, part 3")
    assert "Sourdough starter" in [t.title for t in topics]


@pytest.mark.parametrize(
    ("folder", "wanted"),
    [
        ("2016-eigenvalues", {"Eigenvectors", "Eigenvalue"}),
        ("2016-change-of-basis", {"Change of basis"}),
        ("2017-gradient-descent", {"Gradient descent", "Neural networks"}),
        ("2016-inverse-matrices", {"Column space", "Null space"}),
    ],
)
def test_real_videos_get_the_concepts_their_titles_name(corpus, folder, wanted):
    videos, _ = discover(corpus / "3blue1brown" / folder)
    src = videos[0]
    topics = extract_topics(src.meta.video_id, build_sentences(src), 5, src.meta.chapters, src.meta.title)
    titles = {t.title for t in topics}
    assert wanted <= titles, titles
    assert not any(t.split()[0].lower() in {"two", "different", "new", "little", "four"} for t in titles)
