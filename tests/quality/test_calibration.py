"""The hand-labelled support pairs: their shape, and that the committed threshold still holds."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from vidwiki.embeddings import Embedder
from vidwiki.quality.calibration import (
    CALIBRATION,
    SUPPORT_THRESHOLD,
    best_threshold,
    load_pairs,
    score_pairs,
)


def test_the_set_has_at_least_150_pairs_half_supported():
    pairs = load_pairs()
    assert len(pairs) >= 150
    labels = Counter(p.supported for p in pairs)
    assert labels[True] == labels[False]
    assert CALIBRATION["pairs"] == len(pairs)


def test_pairs_are_varied_and_point_at_short_spans():
    pairs = load_pairs()
    assert len({p.folder for p in pairs}) >= 20
    notes = Counter(p.note for p in pairs)
    assert notes["paraphrase"] >= 60  # supported pairs are reworded, not copied
    assert notes["other-moment"] >= 50 and notes["altered-fact"] >= 5
    for p in pairs:
        assert 0 <= p.first <= p.last <= p.first + 2, p
        assert len(p.sentence.split()) >= 6, p


@pytest.mark.corpus
def test_pairs_reference_real_spans_without_copying_them(corpus):
    for p in load_pairs():
        rows = json.loads((corpus / "3blue1brown" / p.folder / "sentence_timings.json").read_text())
        assert p.last < len(rows), p
        assert p.sentence not in {str(r[0]) for r in rows[p.first : p.last + 1]}, p


@pytest.mark.corpus
def test_the_committed_threshold_separates_the_classes_at_the_reported_accuracy(corpus):
    pairs = load_pairs()
    scores = score_pairs(pairs, corpus / "3blue1brown", Embedder.load().embed)
    labels = [p.supported for p in pairs]
    right = sum((s >= SUPPORT_THRESHOLD) == y for s, y in zip(scores, labels, strict=True))
    assert right / len(pairs) >= CALIBRATION["accuracy"] - 1e-3
    assert best_threshold(scores, labels)["threshold"] == pytest.approx(SUPPORT_THRESHOLD, abs=0.01)
