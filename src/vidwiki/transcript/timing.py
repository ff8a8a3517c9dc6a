"""Make caption and word times usable: monotonic, non-degenerate, plausible and inside the video.

Forced alignment fails in recognisable ways (README §9): runs of cues that share one timestamp
(78 zero-length cues in 3b1b ``2016/hanoi-and-sierpinski``), cues that swallow minutes of silence
(one of 3,224 s in ``2020/ldm-complex-numbers``), overlaps, and times past the end of the video.
Every citation in the wiki is built from these times, so we repair them once, here, with simple
rules that keep the text order and never move a time backwards past its neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence

# Median human speech in the corpus is ~14 characters per second; 3 cps is slower than 99% of cues.
NORMAL_CPS = 14.0
SLOWEST_CPS = 3.0
EPSILON = 0.01  # a start must stay strictly before the end of the video


def plausible_span(chars: int) -> float:
    """The longest time a stretch of ``chars`` characters can reasonably take to say."""
    return 1.0 + chars / SLOWEST_CPS


def typical_span(chars: int) -> float:
    """How long ``chars`` characters take at an ordinary speaking rate (to size gaps we invent)."""
    return max(0.2, chars / NORMAL_CPS)


def repair_spans(
    spans: Sequence[tuple[float, float, int]], limit: float | None = None
) -> list[tuple[float, float]]:
    """Repair ``(start, end, chars)`` spans that are already in text order.

    Steps, in order: starts become non-negative and non-decreasing; implausibly long spans are
    cut to ``plausible_span`` (their words are assumed to be said at the start, the rest being
    silence the aligner swallowed); runs sharing one start are spread over the time up to the
    next distinct start, in proportion to their length; a lone zero-length span borrows an
    ordinary speaking time, without reaching the next start; overlaps are trimmed; finally
    everything is clamped inside ``[0, limit)``.
    """
    n = len(spans)
    starts = [0.0] * n
    ends = [0.0] * n
    weights = [max(1, w) for _, _, w in spans]
    prev = 0.0
    for i, (s, e, w) in enumerate(spans):
        if not s >= prev:  # also true for NaN: keep the previous time
            s = prev
        if not e >= s:
            e = s
        cap = s + plausible_span(w)
        starts[i], ends[i] = s, e if e < cap else cap
        prev = s
    _spread_ties(starts, ends, weights, limit)
    for i in range(n):
        nxt = starts[i + 1] if i + 1 < n else None
        if ends[i] <= starts[i]:
            want = starts[i] + typical_span(weights[i])
            ends[i] = min(want, nxt) if nxt is not None and nxt > starts[i] else want
        if nxt is not None and ends[i] > nxt:
            ends[i] = max(starts[i], nxt)
    return [clamp(s, e, limit) for s, e in zip(starts, ends, strict=True)]


def _spread_ties(
    starts: list[float], ends: list[float], weights: list[int], limit: float | None
) -> None:
    """Spread each run of identical starts up to the next distinct start.

    Never wider than a slow speaking time for the run's text: when a long silence follows, the
    words were said at the start of it, not evenly across it.
    """
    n = len(starts)
    i = 0
    while i < n:
        j = i + 1
        while j < n and starts[j] == starts[i]:
            j += 1
        if j - i > 1:
            t0 = starts[i]
            total = sum(weights[i:j])
            room = max(max(ends[i:j]) - t0, plausible_span(total))
            if j < n:
                room = min(room, starts[j] - t0)
            elif limit is not None:
                room = min(room, max(0.0, limit - EPSILON - t0))
            acc = 0
            for k in range(i, j):
                starts[k] = t0 + room * acc / total
                acc += weights[k]
                ends[k] = t0 + room * acc / total
        i = j


def clamp(start: float, end: float, limit: float | None) -> tuple[float, float]:
    """Keep ``0 <= start <= end`` and, with a known duration, ``start < limit`` and ``end <= limit``."""
    if start < 0.0:
        start = 0.0
    if end < start:
        end = start
    if limit is not None and limit > 0:
        if start > limit - EPSILON:
            start = max(0.0, limit - EPSILON)
        end = max(start, min(end, limit))
    return start, end
