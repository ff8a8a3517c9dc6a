"""How prose reads: the speaker's voice, spoken fillers, meta-narration, lengths and titles.

Each rule is shown with sentences of the kind a transcript-cut page has (most from 3Blue1Brown
transcripts) and the encyclopedic sentences that must pass it. Decisions are in
``vidwiki/pages/voice.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vidwiki.pages.voice import fillers, narration, voice
from vidwiki.quality.structure import structure_tallies
from vidwiki.quality.style import style_sentences
from vidwiki.quality.tally import ratios
from vidwiki.quality.vault import read_vault

from .vaults import cited, write_hub

# --- voice -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "You can think of a vector as an arrow pointing from the origin.",
    "We know that the determinant of this matrix is zero.",
    "I want to show a more visual way to think about the derivative.",
    "This gives us a way to describe every linear transformation.",
    "Our next step is to learn how to actually compute these derivatives.",
    "It's worth taking a moment to see what this means for your intuition.",
    "Let's start with a simple function like f of x equals x squared.",
    "I'm going to call this the transformation's matrix.",
    "If you're coming in from the last chapter, the setup is the same.",
    "Then I realised the sum never converges.",
])
def test_first_and_second_person_is_the_speakers_voice(text):
    assert voice(text)


@pytest.mark.parametrize("text", [
    "A vector can be thought of as an arrow pointing from the origin.",
    "The determinant of this matrix is zero.",
    'Feynman told his students: "you will never need this formula again."',  # a quotation
    "Euler called it “our most remarkable formula” in a letter.",
    "The transformation takes i-hat to the point (1, 2).",  # a basis vector, not a pronoun
    "Raising e to the power i times pi gives negative one.",  # the imaginary unit
    "The US patent office rejected the design.",  # the country
    "Russia entered World War I in 1914 to support Serbia.",  # a numeral
])
def test_third_person_statements_and_quotations_are_not(text):
    assert not voice(text)


# --- fillers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "So, the slope at that point is exactly twice the input.",
    "So the answer depends on how the two vectors are oriented.",
    "Okay, the next step is to sum over every possible outcome.",
    "Alright, this is where the two curves cross.",
    "Now the matrix acts on every vector of the plane at once.",
    "Well, the area of that sliver is roughly dx times x.",
    "The sequence um converges to one over six.",
    "The value vectors are kind of associated with the corresponding keys.",
    "It sort of spirals inward toward the origin.",
    "The Fourier series, you know, is just a sum of rotating vectors.",
    "I mean, the proof only works for prime numbers.",
])
def test_spoken_openers_and_hedges_are_fillers(text):
    assert fillers(text)


@pytest.mark.parametrize("text", [
    "So far no closed form for this sum is known.",
    "So many primes end in a one that the bias looks real.",
    "Well over half of the trials end on heads.",
    "Well-known results about primes rely on the zeta function.",
    "The zeta function is a kind of analytic continuation of the harmonic sum.",  # classifies
    "This sort of argument appears throughout number theory.",
    "A new kind of number appears when negative squares are allowed.",
    "If you know the area of the square, the side length follows.",  # voice, not filler
    "By a linear transformation, I mean one that keeps grid lines parallel.",  # voice, not filler
    "Knowledge of the grid lines fixes the whole transformation.",
])
def test_content_words_that_look_like_fillers_are_not(text):
    assert not fillers(text)


# --- meta-narration ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The speaker explains that a matrix records where the basis vectors land.",
    "In this video, the determinant is introduced as a scaling factor.",
    "In the last video we looked at the derivatives of simple functions.",
    "The next few videos show why this is a useful thing to think about.",
    "This article discusses the determinant of a linear transformation.",
    "3Blue1Brown explains that eigenvectors stay on their own span.",
    "3Blue1Brown argues that the geometric view is the more useful one.",  # attributed: still narration
    "This is a footnote to the main video on Bayes' theorem.",
    "The narrator draws the tangent line at x equals two.",
])
def test_sentences_about_the_telling_are_meta_narration(text):
    assert narration(text, ["3Blue1Brown"])


@pytest.mark.parametrize("text", [
    "A matrix records where the basis vectors land.",
    "A video card renders frames in parallel.",
    "Video games rely heavily on linear algebra.",
    "The host cell copies the viral genome.",  # a host, not a presenter
    "Euler explains nothing in the letter; the proof came later.",  # a name that is not the channel
    "Each section of the sphere has the same area as its shadow on the cylinder.",
])
def test_sentences_about_the_subject_are_not(text):
    assert not narration(text, ["3Blue1Brown"])


# --- per page and overall --------------------------------------------------------------------------

ARTICLE = """---
title: "{title}"
videoId: "abc"
channel: "3Blue1Brown"
---

From: [[3blue1brown]] <br/>

{body}

## Related

- [[other_page | Other page about the derivative of a function]] (same video)
"""


def write(vault: Path, stem: str, title: str, sentences: list[str]) -> None:
    body = " ".join(cited(s, 10 * i) for i, s in enumerate(sentences))
    (vault / f"{stem}.md").write_text(ARTICLE.format(title=title, body=body), encoding="utf-8")


def test_a_page_is_measured_on_its_prose_sentences_and_overall_figures_pool_them(tmp_path):
    write(tmp_path, "derivative", "Power rule for derivatives", [
        "So, you can picture a square whose side length is x.",  # voice and filler
        "The derivative of x squared is two times x.",
        "In this video the power rule is derived from geometry.",  # narration
        "Short one.",  # under six words: not a prose sentence
    ])
    write(tmp_path, "goal", "Goal", [
        "The goal is to minimise the cost over all training examples.",
    ])
    write_hub(tmp_path, "3blue1brown", ["derivative", "goal"])
    pages = read_vault(tmp_path)
    tallies = structure_tallies(pages, lambda p: 600)
    page = ratios(tallies["derivative.md"])
    # the Related list is not prose: three prose sentences, one in voice, one filler, one narration
    assert tallies["derivative.md"].prose == 3
    assert (page["speaker_voice"], page["fillers"], page["meta_narration"]) == (0.3333, 0.3333, 0.3333)
    assert page["words_per_sentence"] == round((11 + 9 + 10) / 3, 4)
    assert page["titles_passing"] == 1.0
    assert ratios(tallies["goal.md"])["titles_passing"] == 0.0  # a lone generic word
    total = tallies["derivative.md"]
    total.add(tallies["goal.md"])
    overall = ratios(total)
    assert overall["speaker_voice"] == 0.25 and overall["titles_passing"] == 0.5
    assert overall["articles_in_length_range"] == 0.0  # 300 to 1,200 words: both are far shorter


def test_a_blockquote_is_a_quotation_and_the_channel_name_comes_from_the_page(tmp_path):
    (tmp_path / "q.md").write_text(
        '---\ntitle: "Quotation about primes"\nvideoId: "abc"\nchannel: "Numberphile"\n---\n\n'
        "From: [[numberphile]] <br/> \n\n> We never expected the pattern to hold for every prime.\n\n"
        "Numberphile describes the pattern with a spiral of dots.\n", encoding="utf-8")
    (p,) = [p for p in read_vault(tmp_path) if p.kind == "article"]
    quoted, named = style_sentences(p, ["Numberphile"])
    assert not quoted.voice and not quoted.narration
    assert named.narration and not named.voice
