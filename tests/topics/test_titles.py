"""The title rules: concept names pass, fragments of speech fail (with a reason a user can act on)."""

from __future__ import annotations

import pytest

from vidwiki.topics.titles import passes_title_rules, title_problems


@pytest.mark.parametrize("title", [
    "Matrix representation of linear transformations",
    "Eigenvectors",
    "Bayes' theorem",
    "Sine and cosine",
    "Kosovo issue and its impact on Serbias foreign policy",  # a possessive inside is fine
    "Gradient descent",
    "Fourier series",
    "Quaternions",
])
def test_concept_names_pass(title):
    assert title_problems(title) == []


@pytest.mark.parametrize(("title", "reason"), [
    ("Goal", "a lone generic word"),
    ("Math", "a lone generic word"),
    ("Computer", "a lone generic word"),
    ("Sender", "a lone generic word"),
    ("Lambda", "a lone generic word"),
    ("Goal bayes theorem the", "ends with the function word 'the'"),
    ("It", "a pronoun ('it')"),
    ("The fourier transform", "starts with the function word 'the'"),
    ("What you see", "a pronoun ('you')"),
    ("Um linear algebra", "a filler ('um')"),
    ("Alert(document.cookie and class=\"yt-timestamp\" data-t", "markup or code characters"),
    ("", "empty"),
])
def test_fragments_of_speech_fail(title, reason):
    problems = title_problems(title)
    assert problems and reason in problems


def test_a_title_of_a_dozen_words_is_too_long():
    assert not passes_title_rules("A very long heading that goes on and on about many different things at once")


def test_a_quantity_in_front_is_not_a_concept():
    assert "starts with the quantity word 'lot'" in title_problems("Lot of students")
    assert passes_title_rules("Number of edges")
