"""Which videos a time-boxed ``vidwiki eval`` scores, and how sure its overall figures are.

Why sample at all: the model-based metrics (support, localization, coverage, repetition) need
every transcript sentence and every prose sentence of a video embedded. On the 151-video
3Blue1Brown build that is ~25,000 texts; MiniLM on two cores embeds ~190 a second and its
matrix products already run near the CPU's fp32 peak (docs/quality.md), so a cold evaluation of
everything takes over two minutes however it is arranged. A warm one takes seconds, because
every vector is cached in the wiki's store.

So a cold ``vidwiki eval`` takes videos in one fixed pseudo-random order (by a hash of the video
id, the same order for every wiki and every run) and stops adding videos that still need the
model once its embedding budget is spent. The videos it scored are a prefix of a random
permutation, i.e. a simple random sample of videos, and each run caches what it embedded, so
the next run gets the same prefix for free and extends it: a few runs (or ``--full``) reach
every video, and from then on the evaluation is complete and warm.

An overall figure from a sample of videos is estimated with help from what is known about every
video without the model: the denominators (cited sentences, substantive transcript sentences)
and the items decided by identity (a prose sentence that is a transcript sentence verbatim has
the very same vector, so it covers that sentence, is supported by it and located at it). Only
the part identity does not decide is extrapolated from the sample, as a ratio estimate over
videos (claims and transcript sentences come in videos), with its 95 % interval.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping

from .tally import Tally

__all__ = ["MODEL_METRICS", "Z95", "TRANSCRIPT_METRICS", "estimate_rate", "sample_estimates", "video_order"]

Z95 = 1.96
"""The normal quantile of a two-sided 95 % interval (shared with the build summary)."""

# metric: (numerator field, denominator field) of Tally
MODEL_METRICS: dict[str, tuple[str, str]] = {
    "support_mean": ("support_sum", "claims"),
    "supported_share": ("supported", "claims"),
    "localized_10s": ("localized_10", "claims"),
    "localized_20s": ("localized_20", "claims"),
    "localized_60s": ("localized_60", "claims"),
    "coverage": ("covered", "transcript_sentences"),
    "repetition": ("repeated", "repetition_sentences"),
}
TRANSCRIPT_METRICS = frozenset(MODEL_METRICS) - {"repetition"}
"""Metrics that exist only for videos with a transcript (repetition needs only the pages)."""


def video_order(video_ids: Iterable[str]) -> list[str]:
    """A fixed pseudo-random order of videos: the same for any wiki holding them, on any run.

    Fixed so that successive runs extend one sample instead of drawing new ones, and so that two
    wikis of the same videos (``--compare``) are sampled alike.
    """
    return sorted(set(video_ids), key=lambda vid: (hashlib.sha256(vid.encode("utf-8")).digest(), vid))


def _t975(df: int) -> float:
    """Student's t quantile for a two-sided 95 % interval (Cornish-Fisher, within 0.5 % for df >= 3)."""
    z = Z95
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def _fit(rows: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Least squares y ~ a*x + b*z weighted by 1/x (a cluster's spread grows with its size);
    the plain ratio a = sum(y)/sum(x), b = 0 when the proxy adds nothing (z proportional to x)."""
    fit = [(y, z, x) for y, z, x in rows if x > 0]
    sxx = sum(x for _, _, x in fit)
    sxz = sum(z for _, z, _ in fit)
    szz = sum(z * z / x for _, z, x in fit)
    sxy = sum(y for y, _, _ in fit)
    szy = sum(y * z / x for y, z, x in fit)
    det = sxx * szz - sxz * sxz
    if sxx <= 0:
        return 0.0, 0.0
    if det <= 1e-9 * max(sxx * szz, 1e-12):
        return sxy / sxx, 0.0
    return (sxy * szz - sxz * szy) / det, (sxx * szy - sxz * sxy) / det


def estimate_rate(scored: list[tuple[float, float, float]], known_z: float, known_x: float,
                  population: int) -> tuple[float | None, float | None]:
    """A rate sum(y)/sum(x) over ``population`` clusters, from the clusters measured.

    ``scored`` holds (y, z, x) per measured cluster: the exact count, its model-free proxy and
    the denominator; ``known_z`` and ``known_x`` are the proxy and the denominator summed over
    every cluster (both are counted without the model). This is the regression estimator of
    survey sampling: fit y ~ a*x + b*z on the sample, apply the fit to the known totals and add
    the sample's mean residual. It is design-consistent whatever the proxy is worth, and only
    the residuals' spread enters the interval, so a good proxy (or a rate that hardly varies)
    gives a narrow one. The interval uses Student's t for the few clusters a budget allows.

    Returns (rate, 95 % half-width): the half-width is 0 when every cluster was measured and None
    when fewer than three were; the rate is None when there is nothing to measure.
    """
    n = len(scored)
    if known_x <= 0 or n == 0:
        return None, None
    if n >= population:
        return sum(y for y, _, _ in scored) / known_x, 0.0
    rate = _regression_rate(scored, known_z, known_x, population)
    if n < 3:
        return rate, None
    # Delete-one-video jackknife: refits the regression each time, so it carries the fit's own
    # uncertainty, which the residual formula leaves out and which matters with few videos.
    leave_one_out = [_regression_rate(scored[:i] + scored[i + 1 :], known_z, known_x, population) for i in range(n)]
    centre = sum(leave_one_out) / n
    variance = (1 - n / population) * (n - 1) / n * sum((r - centre) ** 2 for r in leave_one_out)
    return rate, _t975(n - 1) * math.sqrt(variance)


def _regression_rate(scored: list[tuple[float, float, float]], known_z: float, known_x: float,
                     population: int) -> float:
    a, b = _fit(scored)
    mean_residual = sum(y - a * x - b * z for y, z, x in scored) / len(scored)
    return (a * known_x + b * known_z + population * mean_residual) / known_x


def sample_estimates(measured: Mapping[str, Tally], proxies: Mapping[str, Tally], scored: set[str],
                     with_transcript: set[str]) -> dict[str, tuple[float | None, float | None]]:
    """(estimate, 95 % half-width) of each overall model-based metric.

    ``measured`` holds each video's exact tallies (meaningful for the ``scored`` ones), ``proxies``
    every video's model-free counts (``evaluate._identity_counts``). The population of a
    transcript metric is the videos with a transcript; repetition's is every video with articles.
    """
    out: dict[str, tuple[float | None, float | None]] = {}
    for metric, (num, den) in MODEL_METRICS.items():
        population = [vid for vid in proxies if metric not in TRANSCRIPT_METRICS or vid in with_transcript]
        rows = [(float(getattr(measured[vid], num)), float(getattr(proxies[vid], num)),
                 float(getattr(proxies[vid], den))) for vid in population if vid in scored]
        known_total = sum(float(getattr(proxies[vid], num)) for vid in population)
        known_x = sum(float(getattr(proxies[vid], den)) for vid in population)
        value, half = estimate_rate(rows, known_total, known_x, len(population))
        if value is not None:
            value = round(min(max(value, 0.0), 1.0), 4)
        out[metric] = (value, round(half, 4) if half is not None else None)
    return out
