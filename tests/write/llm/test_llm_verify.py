"""Every generated sentence is checked against what it cites, with real MiniLM embeddings."""

from __future__ import annotations

import pytest

from vidwiki.embeddings import Embedder
from vidwiki.records import Sentence
from vidwiki.write.base import Claim
from vidwiki.write.llm.verify import Verifier, attribute

POOL = [
    Sentence(10, 60.0, 64.0, "The determinant of a matrix tells you how much areas get stretched or squished."),
    Sentence(11, 64.0, 69.0, "If the determinant is zero, the whole plane gets squished onto a line."),
    Sentence(12, 69.0, 74.0, "A negative determinant means the orientation of space has been flipped."),
    Sentence(13, 74.0, 78.0, "I think this is the most beautiful idea in all of linear algebra."),
]


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(Embedder.load())


def test_a_faithful_paraphrase_is_kept_with_its_support_score(verifier):
    checked = verifier.check([Claim("The determinant measures how much a matrix stretches or squishes areas.", [10])], POOL)
    assert [c.sentence_ids for c in checked.kept] == [[10]]
    assert checked.kept[0].support >= 0.55
    assert checked.outcomes == {"supported": 1}


def test_a_claim_citing_the_wrong_sentence_is_re_cited_to_the_one_that_supports_it(verifier):
    claim = Claim("A negative determinant means that the orientation of space is flipped.", [10])
    checked = verifier.check([claim], POOL)
    assert [c.sentence_ids for c in checked.kept] == [[12]]
    assert checked.outcomes == {"re-cited": 1}


def test_an_uncited_sentence_is_cited_when_one_sentence_supports_it(verifier):
    checked = verifier.check([Claim("When the determinant is zero, the plane is squished onto a line.", [])], POOL)
    assert [c.sentence_ids for c in checked.kept] == [[11]]


def test_an_invented_claim_fails_and_goes_back_for_a_rewrite(verifier):
    claim = Claim("Determinants were invented by Napoleon during his Egyptian campaign.", [10])
    checked = verifier.check([claim], POOL)
    assert checked.kept == []
    assert [c.text for c in checked.failed] == [claim.text]


def test_ids_outside_the_citable_sentences_never_count_as_support(verifier):
    # S99 is not in the pool (another topic, or a withheld sentence): it cannot support anything.
    checked = verifier.check([Claim("Areas get stretched or squished by the determinant.", [99])], POOL)
    assert [c.sentence_ids for c in checked.kept] == [[10]]


def test_the_judge_decides_claims_that_pass_on_embeddings_without_a_wide_margin():
    asked: list[str] = []

    def judge(items):
        asked.extend(text for text, _ in items)
        return [False] * len(items)

    rejecting = Verifier(Embedder.load(), judge=judge)
    doubtful = Claim("Whenever the determinant vanishes, everything collapses into one dimension.", [11])
    clear = Claim("If the determinant is zero, the whole plane gets squished onto a line.", [11])
    checked = rejecting.check([doubtful, clear], POOL)
    assert asked == [doubtful.text]  # a near-copy of its source needs no judge
    assert [c.text for c in checked.kept] == [clear.text]
    assert [c.text for c in checked.failed] == [doubtful.text]
    assert checked.outcomes.get("judge-rejected") == 1


def test_the_speakers_opinion_is_attributed_not_stated_as_fact():
    claim = Claim("This is the most beautiful idea in linear algebra.", [13], support=0.8)
    out = attribute(claim, [POOL[3]], "3Blue1Brown")
    assert out.text == "3Blue1Brown argues that this is the most beautiful idea in linear algebra."
    assert out.sentence_ids == [13] and out.support == 0.8


def test_facts_and_already_attributed_opinions_are_left_alone():
    fact = Claim("A zero determinant squishes the plane onto a line.", [11])
    assert attribute(fact, [POOL[1]], "3Blue1Brown") is fact
    said = Claim("He says it is the most beautiful idea in linear algebra.", [13])
    assert attribute(said, [POOL[3]], "3Blue1Brown") is said


def test_a_claim_citing_a_whole_paragraph_keeps_only_the_sentences_about_it(verifier):
    claim = Claim("A negative determinant means the orientation of space has been flipped.", [10, 11, 12, 13])
    checked = verifier.check([claim], POOL)
    assert [c.sentence_ids for c in checked.kept] == [[12]]
