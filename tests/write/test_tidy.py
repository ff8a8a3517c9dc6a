"""tidy_sentence turns spoken sentences into article prose; is_substantive filters chatter.

tidy may only delete words, move punctuation and capitalise the first letter: the property test
at the bottom checks that on thousands of random sentences.
"""

from __future__ import annotations

import random
import re

import pytest

from vidwiki.write.tidy import is_substantive, tidy_sentence


def case(spoken: str, prose: str):
    return pytest.param(spoken, prose, id=spoken[:40])


@pytest.mark.parametrize(
    ("spoken", "prose"),
    [
        # fillers
        case("So, um, the idea is simple.", "The idea is simple."),
        case("It rotates, uh, ninety degrees.", "It rotates ninety degrees."),
        case("Yesterday, um, we left early.", "Yesterday, we left early."),
        case("And then it's done, hmm.", "And then it's done."),
        case("The ER was full.", "The ER was full."),  # "er" is a filler only in lowercase
        # "you know" and "I mean" only as comma-marked asides
        case("You know, it is hard to say.", "It is hard to say."),
        case("It was hard, you know.", "It was hard."),
        case("Do you know what a vector is?", "Do you know what a vector is?"),
        case("I mean, this is the key step.", "This is the key step."),
        case("That is not what I mean, though.", "That is not what I mean, though."),
        case("You see, in the network, one weight matters more.", "In the network, one weight matters more."),
        case("What you see, in the end, is a spiral.", "What you see, in the end, is a spiral."),
        # "like" only when fenced by commas
        case("It was, like, huge.", "It was huge."),
        case("Like, what is that even?", "What is that even?"),
        case("Things like vectors matter.", "Things like vectors matter."),
        case("Things like, uh, vectors matter.", "Things like vectors matter."),
        case("I like, this one.", "I like, this one."),
        # stutters, false starts and repeats
        case("I- I think it works.", "I think it works."),
        case("We need th- the formula.", "We need the formula."),
        case("the the answer is 3.14", "The answer is 3.14"),
        case("It's it's a good point.", "It's a good point."),
        case("We we rotate it.", "We rotate it."),
        case("It's, it's fine here.", "It's fine here."),
        case("We look in the in the middle.", "We look in the middle."),
        case("Take x- and y-coordinates.", "Take x- and y-coordinates."),
        # repeats that are grammatical or names stay
        case("I know that that works.", "I know that that works."),
        case("She had had enough of it.", "She had had enough of it."),
        case("What it is is a rotation.", "What it is is a rotation."),
        case("New York, New York is a song.", "New York, New York is a song."),
        case("Count 1 1 2 3 5 8 here.", "Count 1 1 2 3 5 8 here."),
        # leading openers before a full clause
        case("Okay, so now we compute x^2.", "Now we compute x^2."),
        case("Alright, so, um, let's look at the graph.", "Let's look at the graph."),
        case("And so the determinant is zero.", "The determinant is zero."),
        case("Now, consider the matrix A.", "Consider the matrix A."),
        case("Well, the answer is no.", "The answer is no."),
        case("So the idea is simple.", "The idea is simple."),
        # ... but not when they carry meaning or no clause follows
        case("So much for that idea.", "So much for that idea."),
        case("So that we can see it.", "So that we can see it."),
        case("And so on and so forth.", "And so on and so forth."),
        case("Well, yes.", "Well, yes."),
        case("So x is positive here.", "So x is positive here."),
        # capitalisation never touches math or brands
        case("so, e^x grows fast.", "e^x grows fast."),
        case("okay, iPhones are small.", "iPhones are small."),
        # spacing and punctuation
        case("We need the formula (x + 1 ) here .", "We need the formula (x + 1) here."),
        case('He said "no" , then left.', 'He said "no", then left.'),
        case("It is 3.14 , roughly.", "It is 3.14, roughly."),
        case("Um.", ""),
        case("", ""),
    ],
)
def test_tidy_sentence(spoken, prose):
    assert tidy_sentence(spoken) == prose


def test_names_numbers_apostrophes_and_hyphens_are_kept():
    text = "Euler's light-sensitive x^2 proof gave 3.14 in the U.S. on Tuesday."
    assert tidy_sentence(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Yeah.",
        "Right.",
        "Okay.",
        "Hello, hello again.",
        "Hello everyone.",
        "Hi there, everybody!",
        "Welcome back to the channel.",
        "Welcome to another episode of the light cone.",
        "Thanks for watching!",
        "Thank you so much for watching, everyone.",
        "See you next time.",
        "Don't forget to like and subscribe.",
        "Make sure to subscribe and hit the bell.",
        "This video is sponsored by Brilliant.",
        "Use the code MATH for twenty percent off.",
        "Thanks to everyone supporting the channel on Patreon.",
        "The link is in the description below.",
        "Haha, haha, haha, haha, haha.",
        "Um, yeah, I mean, right, okay.",
        "It is what it is, you know.",
    ],
)
def test_chatter_is_not_substantive(text):
    assert not is_substantive(text)


@pytest.mark.parametrize(
    "text",
    [
        "The determinant measures how much a transformation stretches space.",
        "Euler solved the Basel problem in 1734.",
        "So, um, the eigenvectors stay on their own span.",
        "Bees build hexagons because they use the least wax.",
        "Welcome to the world of quaternions, where rotations live in four dimensions.",
        "Publishers subscribe to the wire service for news.",
    ],
)
def test_content_is_substantive(text):
    assert is_substantive(text)


# --- never invents words (seeded random property test; hypothesis is not a dependency) ---------

VOCAB = (
    "so okay alright well now and the a I we you know mean like um uh erm hmm it's that had is "
    "x^2 3.14 New York Euler vector matrix I- th- the- we- — - ( ) \" e.g. don't well-known "
    "right yeah all on then because x e^x"
)
PUNCT = ["", "", "", ",", ".", "?", "!", ";", ":", "...", '"', ")", ',"']


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(word in it for word in small)


def _random_sentence(rng: random.Random) -> str:
    tokens: list[str] = []
    for _ in range(rng.randint(0, 16)):
        word = rng.choice(VOCAB.split())
        if tokens and rng.random() < 0.3:
            word = tokens[-1].rstrip(',.?!;:")')  # stutters and repeats
        if rng.random() < 0.2:
            word = word.capitalize()
        tokens.append(word + rng.choice(PUNCT))
    return (" " if rng.random() < 0.9 else "  ").join(tokens)


def test_output_words_are_always_a_subsequence_of_input_words():
    rng = random.Random(20240601)
    for _ in range(5000):
        spoken = _random_sentence(rng)
        prose = tidy_sentence(spoken)
        assert _is_subsequence(_words(prose), _words(spoken)), (spoken, prose)


def test_tidying_twice_changes_nothing_more():
    rng = random.Random(7)
    for _ in range(2000):
        once = tidy_sentence(_random_sentence(rng))
        assert tidy_sentence(once) == once
