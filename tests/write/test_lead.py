"""An article opens like an encyclopedia's: with the sentence that says what its title names."""

from __future__ import annotations

from vidwiki.records import Sentence, VideoMeta
from vidwiki.write.base import ArticleJob
from vidwiki.write.embedded import EmbeddedWriter
from vidwiki.write.lead import defines, definitions_elsewhere, standalone_index, stands_alone


def test_a_definition_names_the_title_as_its_subject_or_after_called():
    assert defines("Gradient descent is a way to converge towards a local minimum.", "Gradient descent")
    assert defines("This process of repeatedly nudging an input of a function by some multiple of the "
                   "negative gradient is called gradient descent.", "Gradient descent")
    assert defines("Any such matrix is called, reasonably enough, a diagonal matrix.", "Diagonal matrix")
    assert defines("Often, Fourier series are described in terms of sine waves.", "Fourier series")
    # the title said, but not defined: a use is not a definition
    assert not defines("The inverse of the gradient descent step is not what the network needs.", "Gradient descent")
    assert not defines("They used gradient descent again.", "Gradient descent")


def test_a_lead_never_leans_on_a_sentence_the_reader_has_not_read():
    assert not stands_alone("It's a way to converge towards some local minimum.")
    assert not stands_alone("But another way to read that is to say the first variable matters more.")
    assert not stands_alone("For example, here's a question.")
    assert not stands_alone("What is the actual density of primes?")
    assert stands_alone("The cost function takes the weights and biases as inputs.")
    # a demonstrative with its own noun is said in full, enough for a definition
    assert stands_alone("This process of nudging the input is called gradient descent.", defining=True)
    assert not stands_alone("This is called gradient descent.", defining=True)


def test_the_first_sentence_that_stands_alone_leads_when_the_first_one_leans():
    texts = ["It spits out a single measure of lousiness.", "The network is a function with 784 inputs.", "So it is."]
    assert standalone_index(texts) == 1
    assert standalone_index(texts[1:]) is None


def test_a_definition_elsewhere_in_the_video_is_found_outside_the_stretch():
    sentences = [Sentence(i, i * 4.0, i * 4.0 + 3.0, t) for i, t in enumerate([
        "A diagonal matrix has zeros everywhere other than the diagonal.",
        "The diagonal matrix scales each basis vector.", "Computing its powers is easy."])]
    assert [s.index for s in definitions_elsewhere(sentences, 1, 3, "Diagonal matrix")] == [0]
    assert list(definitions_elsewhere(sentences, 0, 3, "Diagonal matrix")) == []


def job(texts: list[str], title: str, first: int = 0, last: int | None = None) -> ArticleJob:
    sentences = [Sentence(i, i * 5.0, i * 5.0 + 4.0, t) for i, t in enumerate(texts)]
    return ArticleJob(VideoMeta("vid00000001", title="Gradient descent, how networks learn"), title,
                      [title], sentences, first, len(texts) if last is None else last)


SPOKEN = [
    "The network has thirteen thousand weights and biases in total.",
    "It takes all of them as inputs and spits out a single measure of lousiness.",
    "The cost function averages that lousiness over all of the training data.",
    "This process of repeatedly nudging an input of a function by some multiple of the negative gradient "
    "is called gradient descent.",
    "Each step moves the weights a little way downhill on the cost surface.",
]


def first_claim(draft) -> tuple[str, list[int]]:
    claim = draft.intro[0].claims[0]
    return claim.text, claim.sentence_ids


def test_the_embedded_writer_opens_with_the_definition_and_keeps_its_citation():
    text, ids = first_claim(EmbeddedWriter().write(job(SPOKEN, "Gradient descent")))
    assert text.endswith("is called gradient descent.")
    assert ids == [3]


def test_a_definition_said_elsewhere_in_the_video_opens_the_page_cited_where_it_is_said():
    text, ids = first_claim(EmbeddedWriter().write(job(SPOKEN, "Gradient descent", first=0, last=3)))
    assert ids == [3] and "gradient descent" in text
    draft = EmbeddedWriter().write(job(SPOKEN, "Gradient descent", first=0, last=3))
    cited = [i for b in draft.intro for c in b.claims for i in c.sentence_ids]
    assert cited.count(3) == 1


def test_without_a_definition_the_page_does_not_open_on_a_pronoun():
    texts = [SPOKEN[1], SPOKEN[0], SPOKEN[2], SPOKEN[4]]
    text, ids = first_claim(EmbeddedWriter().write(job(texts, "Cost function")))
    assert ids == [1] and text.startswith("The network")


def test_a_lecture_article_states_and_never_asks():
    texts = ["Which region corresponds to that fact?", *SPOKEN, "Use the mug handle to be..."]
    draft = EmbeddedWriter().write(job(texts, "Gradient descent"))
    said = [c.text for b in draft.intro for c in b.claims] + [
        c.text for s in draft.sections for b in s.blocks for c in b.claims]
    assert len(said) == len(SPOKEN)
    assert not any(t.endswith(("?", "...")) for t in said)


def test_a_narrating_progressive_stays_only_when_the_passive_takes_it():
    texts = [*SPOKEN, "Here we're multiplying the two gradient descent matrices.",
             "Namely, you're trusting gradient descent to follow through."]
    draft = EmbeddedWriter().write(job(texts, "Gradient descent"))
    said = [c.text for b in draft.intro for c in b.claims] + [
        c.text for s in draft.sections for b in s.blocks for c in b.claims]
    assert "Here the two gradient descent matrices are multiplied." in said
    assert not any("trusting" in t for t in said)  # names the topic, but no rule takes its "you're"
