"""Naming a stretch: the parser decides whether a candidate is a noun phrase where it is said.

The sentences are 3Blue1Brown's (paraphrased only where noted); the verdicts are what a reader
expects of a title: concepts pass, clauses and verbs do not.
"""

from __future__ import annotations

import numpy as np
import pytest

from vidwiki.topics.naming import noun_phrase_in, pick_title


@pytest.mark.parametrize(
    ("phrase", "sentence"),
    [
        ("Taylor series", "This is the Taylor series of the cosine."),
        ("Spanning tree", "Think of a spanning tree of the graph."),
        ("Longest increasing subsequence", "Find the longest increasing subsequence of this list."),
        ("Change of basis", "This is what a change of basis looks like."),
        ("Newton's fractal", "This shape is called Newton's fractal."),
        ("Space-filling curve", "It is a space-filling curve, really."),
        ("Linear transformations", "These linear transformations, which keep grid lines parallel, are the heart of it."),
    ],
)
def test_concepts_are_noun_phrases(phrase: str, sentence: str) -> None:
    assert noun_phrase_in(phrase, sentence) is True


@pytest.mark.parametrize(
    ("phrase", "sentence"),
    [
        ("Ratio approaches", "The ratio approaches one as h gets smaller."),  # a clause
        ("Cancel", "These two terms cancel out."),  # a verb
        ("Michael Jordan plays", "Michael Jordan plays basketball."),
        ("Lower left", "The point in the lower left moves."),  # ends on an adjective
        ("Taylor", "This is the Taylor series of the cosine."),  # a modifier of the real head
    ],
)
def test_fragments_are_not(phrase: str, sentence: str) -> None:
    assert noun_phrase_in(phrase, sentence) is False


def test_a_phrase_not_in_the_sentence_gives_no_verdict() -> None:
    assert noun_phrase_in("Fourier series", "The ratio approaches one.") is None


def test_pick_title_skips_what_fails_the_rules_or_the_parse() -> None:
    said = {
        "Goal": ["Our goal is to find the derivative."],
        "Ratio approaches": ["The ratio approaches one as h gets smaller."],
        "Derivative of x squared": ["The derivative of x squared is two x."],
        "Instantaneous rate of change": ["The derivative measures an instantaneous rate of change."],
    }
    candidates = [(9.0, "Goal"), (8.0, "Ratio approaches"), (5.0, "Instantaneous rate of change")]
    assert pick_title(candidates, said.__getitem__, None, set()) == "Instantaneous rate of change"
    assert pick_title(candidates, said.__getitem__, None, {"instantaneous rate of change"}) is None


def test_pick_title_prefers_the_candidate_closest_in_meaning() -> None:
    said = {"Tangent line": ["Draw the tangent line at this point."], "Pencil": ["Take a pencil."]}
    from vidwiki.static import StaticEmbedder

    centroid = StaticEmbedder.load().embed(["the slope of the tangent line to the curve, the derivative"])[0]
    candidates = [(1.0, "Pencil"), (0.9, "Tangent line")]
    assert pick_title(candidates, said.__getitem__, centroid, set()) == "Tangent line"
    assert pick_title(candidates, said.__getitem__, np.zeros_like(centroid), set()) == "Pencil"


def test_the_fallback_never_takes_what_the_parser_read_as_something_else() -> None:
    from vidwiki.topics.naming import rejected_by_parser

    assert rejected_by_parser("Linear", ["This transformation is linear, so grid lines stay parallel."])
    assert not rejected_by_parser("Determinant", ["The determinant of this matrix is zero."])
    assert not rejected_by_parser("Eigenbasis", [])  # never said: no verdict against it


def test_a_lone_word_must_be_a_noun_in_most_places_it_is_said() -> None:
    from vidwiki.topics.naming import is_noun_phrase

    said = [
        "When I've talked about linear transformations so far, I've only talked about 2D vectors.",
        "Again, what makes one of these linear is that gridlines remain parallel and evenly spaced.",
        "Until then, think about what it means for a map between dimensions to be linear.",
    ]
    assert not is_noun_phrase("Linear", said)
    assert is_noun_phrase("Determinant", ["The determinant of this matrix is zero.", "So the determinant is negative."])
