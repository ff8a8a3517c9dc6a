"""Sentence ends versus abbreviations, initials and numbers."""

from __future__ import annotations

import pytest

from vidwiki.transcript.abbrev import ends_sentence


@pytest.mark.parametrize(
    ("token", "following"),
    [
        ("3.", "It's"),  # "This is a 3. It's sloppily written"
        ("end.", "The"),
        ("why?", "because"),  # ? and ! end a sentence even before lowercase... in uncased text only
        ("wow!", "So"),
        ('"no."', "Then"),
        ("this...", "Now"),
        ("etc.", "Well,"),  # "… the tens place, etc. Well, after …"
        ("U.S.", "The"),
        ("vitamin C.", "The"),
        ("matrix.", '"Why'),
        ("sentence.", None),
    ],
)
def test_ends_a_sentence(token, following):
    cased = following is None or following != "because"
    assert ends_sentence(token.split()[-1], following, cased=cased)


@pytest.mark.parametrize(
    ("token", "following"),
    [
        ("Mr.", "Smith"),
        ("Dr.", "Jones"),
        ("e.g.", "Paris"),
        ("i.e.", "The"),
        ("vs.", "Python"),
        ("No.", "5"),
        ("Fig.", "3"),
        ("J.", "Tolkien"),
        ("U.S.", "Army"),
        ("3.", "14"),  # a number broken by a space
        ("word,", "Then"),
        ("end.", "then"),  # cased text: a lowercase word does not start a sentence
        ("end.", "—"),
    ],
)
def test_does_not_end_a_sentence(token, following):
    assert not ends_sentence(token, following, cased=True)


def test_uncased_text_splits_before_lowercase_words():
    assert ends_sentence("end.", "then", cased=False)
    assert not ends_sentence("Dr.", "jones", cased=False)


def test_no_is_a_word_unless_a_number_follows():
    assert ends_sentence("no.", "Then", cased=True)
    assert not ends_sentence("no.", "42", cased=True)
