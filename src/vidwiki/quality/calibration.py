"""The support threshold and the hand-labelled pairs it was calibrated on.

A cited sentence counts as *supported* when its support score (cosine between the sentence and
the best transcript window at the cited time, see ``scoring.support_at``) reaches
``SUPPORT_THRESHOLD``. The value is not a guess: ``benchmarks/calibrate_support.py`` scores the
labelled pairs in ``benchmarks/calibration/support_pairs.jsonl`` (sentences written by hand
against 3Blue1Brown transcripts in ``../shared/corpus``, half supported, half not, paraphrases
included) and picks the threshold with the best accuracy. Its output is quoted below; re-run it
after changing the model or the window rule, and update both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "CALIBRATION",
    "NEAR_DUPLICATE",
    "PAIRS_FILE",
    "SUPPORT_THRESHOLD",
    "Pair",
    "best_threshold",
    "load_pairs",
    "score_pairs",
    "span_support",
]

SUPPORT_THRESHOLD = 0.5784
"""From ``benchmarks/calibrate_support.py`` on 162 pairs (81 supported, 81 not, 27 videos):
``best threshold: {"threshold": 0.5784, "accuracy": 0.963, "precision": 0.931, "recall": 1.0}``."""

CALIBRATION = {"pairs": 162, "accuracy": 0.963, "precision": 0.931, "recall": 1.0}
"""The calibration script's figures at SUPPORT_THRESHOLD (the corpus test checks they still hold)."""

NEAR_DUPLICATE = 0.9
"""Two page sentences this similar say the same thing (repetition). Not calibrated: at 0.9
MiniLM pairs differ by a word or two of wording, which is what "repeated" means to a reader."""

PAIRS_FILE = Path(__file__).resolve().parents[3] / "benchmarks" / "calibration" / "support_pairs.jsonl"


@dataclass(frozen=True, slots=True)
class Pair:
    """A hand-written sentence and the transcript span it is judged against.

    ``folder`` is a video folder of ``../shared/corpus/3blue1brown``; ``first``/``last`` index
    that folder's ``sentence_timings.json`` (the corpus's own sentence ids, so the set stays
    valid when vidwiki's sentence splitter changes). ``supported`` is the hand label.
    """

    folder: str
    first: int
    last: int
    sentence: str
    supported: bool
    note: str = ""


def load_pairs(path: Path = PAIRS_FILE) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            pairs.append(Pair(**json.loads(line)))
    return pairs


def span_support(claim: np.ndarray, span: np.ndarray) -> float:
    """Support of one claim by a span of up to three sentence vectors: the best of the first
    sentence alone, with the next, and with the next two (the same rule as ``support_at``)."""
    best = -1.0
    total = np.zeros_like(claim)
    for row in span[:3]:
        total = total + row
        best = max(best, float(claim @ (total / max(float(np.linalg.norm(total)), 1e-12))))
    return best


def best_threshold(scores: list[float], labels: list[bool]) -> dict[str, float]:
    """The threshold with the best accuracy (midway between neighbouring scores), with its
    accuracy, precision and recall for the supported class."""
    ordered = sorted(set(scores))
    candidates = [(a + b) / 2 for a, b in zip(ordered, ordered[1:], strict=False)] or ordered
    s = np.asarray(scores)
    y = np.asarray(labels)
    best: dict[str, float] = {}
    top = -1.0
    for cut in candidates:  # ascending: among equally accurate cuts the lowest wins
        predicted = s >= cut
        accuracy = float((predicted == y).mean())
        if accuracy > top:
            top = accuracy
            tp = float((predicted & y).sum())
            best = {
                "threshold": round(float(cut), 4),
                "accuracy": round(accuracy, 4),
                "precision": round(tp / max(float(predicted.sum()), 1.0), 4),
                "recall": round(tp / max(float(y.sum()), 1.0), 4),
            }
    return best


def score_pairs(pairs: list[Pair], corpus: Path, embed: Callable[[list[str]], np.ndarray]) -> list[float]:
    """Support score of every pair: its sentence against the corpus sentence at ``first`` and the
    next two, read from ``<corpus>/<folder>/sentence_timings.json`` (never copied anywhere)."""
    texts: dict[str, list[str]] = {}
    for pair in pairs:
        if pair.folder not in texts:
            rows = json.loads((corpus / pair.folder / "sentence_timings.json").read_text(encoding="utf-8"))
            texts[pair.folder] = [str(row[0]) for row in rows]
    spans = [texts[p.folder][p.first : p.first + 3] for p in pairs]
    claims = embed([p.sentence for p in pairs])
    flat = [t for span in spans for t in span]
    vectors = embed(flat)
    scores, at = [], 0
    for claim, span in zip(claims, spans, strict=True):
        scores.append(span_support(claim, vectors[at : at + len(span)]))
        at += len(span)
    return scores
