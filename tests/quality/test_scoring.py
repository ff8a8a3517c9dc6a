"""The judge's arithmetic on hand-made unit vectors (no model needed)."""

from __future__ import annotations

import numpy as np

from vidwiki.quality.calibration import best_threshold, span_support
from vidwiki.quality.scoring import Windows, best_window, distance_to, position_at, support_at


def basis(n: int, d: int = 8) -> np.ndarray:
    return np.eye(d, dtype=np.float32)[:n]


def test_a_cited_time_means_the_sentence_spoken_then_within_the_floored_second():
    starts = [0.0, 4.2, 9.9, 15.0]
    assert position_at(starts, 4) == 1  # 00:00:04 cites the sentence starting at 4.2
    assert position_at(starts, 9) == 2  # 9.9 floors to 9
    assert position_at(starts, 12) == 2  # spoken at 12 s
    assert position_at(starts, 0) == 0


def test_support_takes_the_best_of_one_two_or_three_sentences():
    vecs = basis(4)
    windows = Windows.build(vecs, [0, 5, 10, 15], [5, 10, 15, 20])
    merged = (vecs[0] + vecs[1]) / np.sqrt(2)  # a claim that summarises sentences 0 and 1
    scores = support_at(np.stack([vecs[0], merged, vecs[3]]), np.array([0, 0, 0]), windows)
    np.testing.assert_allclose(scores, [1.0, 1.0, 0.0], atol=1e-6)
    assert abs(span_support(merged, vecs[:3]) - 1.0) < 1e-6  # calibration scores pairs the same way


def test_the_best_window_anywhere_gives_the_time_a_claim_belongs_to():
    vecs = basis(5)
    windows = Windows.build(vecs, [0, 10, 20, 30, 40], [10, 20, 30, 40, 50])
    starts, ends, sims = best_window(vecs[[3]], windows)
    assert (starts[0], ends[0]) == (30, 40) and abs(sims[0] - 1) < 1e-6
    assert distance_to(35, 30, 40) == 0 and distance_to(55, 30, 40) == 15


def test_windows_near_the_end_are_clipped_to_the_sentences_that_exist():
    vecs = basis(2)
    windows = Windows.build(vecs, [0, 5], [5, 9])
    np.testing.assert_allclose(windows.vectors[2, 1], vecs[1])
    assert windows.end_of(2, 1) == 9


def test_the_calibrated_threshold_is_the_most_accurate_cut():
    best = best_threshold([0.9, 0.8, 0.7, 0.4, 0.3, 0.75], [True, True, True, False, False, False])
    # 0.55 and 0.775 both get 5 of 6 right; the lower cut wins the tie
    assert best == {"threshold": 0.55, "accuracy": 0.8333, "precision": 0.75, "recall": 1.0}
