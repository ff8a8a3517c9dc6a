"""Form checks on generated sentences: narration and unfinished sentences are caught, statements pass."""

from __future__ import annotations

import pytest

from vidwiki.write.llm.form import form_problem, incomplete, narrates


@pytest.mark.parametrize("text", [
    "The speaker explains that a matrix records where the basis vectors land.",
    "This article discusses the determinant of a linear transformation.",
    "In this video, the determinant is introduced as a scaling factor.",
    "The video shows how vectors can be added tip to tail.",
    "3Blue1Brown explains that eigenvectors stay on their own span.",
    "The narrator then walks through an example with two dimensions.",
])
def test_narration_is_caught(text):
    assert narrates(text, "3Blue1Brown")


@pytest.mark.parametrize("text", [
    "A matrix records where the basis vectors land.",
    "The determinant measures how much a transformation scales areas.",
    "3Blue1Brown argues that the geometric view is the more useful one.",  # an attributed opinion
    "A video card renders frames in parallel.",  # a video card is not a video
    "Nonsquare matrices map vectors between spaces of different dimensions.",
])
def test_statements_pass(text):
    assert form_problem(text, "3Blue1Brown") is None


@pytest.mark.parametrize("text", [
    "The columns of the matrix describe the transformation and how the transformation's",
    "The matrix has the same number of columns as the",
    "A transformation of",
    "It maps vectors to (other vectors.",
    "the determinant is zero.",
])
def test_unfinished_sentences_are_caught(text):
    assert incomplete(text)
