"""Repairing caption times: the forced-alignment failures seen in the corpus, one rule each."""

from __future__ import annotations

import math

import pytest

from vidwiki.transcript.timing import clamp, plausible_span, repair_spans


def test_clean_spans_pass_through_unchanged():
    spans = [(0.0, 1.0, 10), (1.5, 3.0, 20)]
    assert repair_spans(spans) == [(0.0, 1.0), (1.5, 3.0)]


def test_a_run_of_identical_starts_is_spread_up_to_the_next_distinct_start():
    # hanoi-and-sierpinski: several cues share one timestamp, all zero-length.
    spans = [(10.0, 10.0, 10), (10.0, 10.0, 10), (10.0, 10.0, 20), (14.0, 15.0, 5)]
    fixed = repair_spans(spans)
    assert [s for s, _ in fixed] == [10.0, 11.0, 12.0, 14.0]  # shares in proportion to length
    assert all(s < e for s, e in fixed[:3])
    assert fixed[2][1] <= 14.0


def test_a_spread_run_does_not_invent_minutes_of_speech_before_a_long_silence():
    fixed = repair_spans([(10.0, 10.0, 14), (10.0, 10.0, 14), (100.0, 101.0, 5)])
    assert fixed[1][0] < 20.0  # a slow speaking time for 14 characters, not half of the 90 s gap


def test_a_trailing_run_stays_before_the_end_of_the_video():
    fixed = repair_spans([(5.0, 6.0, 10), (838.0, 838.0, 30), (838.0, 838.0, 30)], limit=839.0)
    assert fixed[1][0] < fixed[2][0] < 839.0


def test_a_lone_zero_length_span_borrows_a_speaking_time_without_reaching_the_next():
    fixed = repair_spans([(1.0, 1.0, 28), (1.5, 2.0, 5)])
    assert fixed[0] == (1.0, 1.5)
    assert repair_spans([(1.0, 1.0, 28)])[0] == (1.0, 3.0)  # 28 characters at 14 per second


def test_an_implausibly_long_span_is_cut_to_a_slow_speaking_time():
    # ldm-complex-numbers: "This is genuinely delightful to me." lasts 3,224 s.
    start, end = repair_spans([(1705.99, 4930.37, 35)])[0]
    assert start == 1705.99
    assert end - start == pytest.approx(plausible_span(35))
    assert end - start < 15


def test_overlaps_are_trimmed_so_a_span_ends_where_the_next_starts():
    assert repair_spans([(0.0, 5.0, 40), (2.0, 4.0, 20)]) == [(0.0, 2.0), (2.0, 4.0)]


def test_starts_never_go_backwards_or_below_zero():
    fixed = repair_spans([(-1.0, 0.5, 5), (3.0, 4.0, 5), (2.0, 2.5, 5), (math.nan, math.nan, 5)])
    starts = [s for s, _ in fixed]
    assert starts[0] == 0.0
    assert starts == sorted(starts)
    assert all(s <= e for s, e in fixed)


def test_clamp_keeps_starts_strictly_inside_a_known_duration():
    assert clamp(120.0, 130.0, limit=100.0) == (99.99, 100.0)
    assert clamp(-3.0, -4.0, limit=None) == (0.0, 0.0)
    assert clamp(5.0, 6.0, limit=None) == (5.0, 6.0)
