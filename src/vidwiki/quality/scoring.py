"""The judge's arithmetic on unit sentence vectors: support, localization, coverage, repetition.

Everything here is plain numpy on vectors the caller already has, so it is fast (a 151-video
wiki scores in well under a second once embedded) and testable without the model.

A *window* is one transcript sentence and the next one or two, represented by the normalised
sum of their sentence vectors. Windows are built from per-sentence vectors instead of embedding
concatenated text: each transcript sentence is embedded once however many windows it is in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "WINDOW",
    "Windows",
    "best_window",
    "distance_to",
    "nearest_match",
    "position_at",
    "support_at",
]

WINDOW = 3
"""Sentences a citation may stand for: the one at the cited time and the next one or two."""


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.clip(norms, 1e-12, None)


@dataclass(frozen=True, slots=True)
class Windows:
    """Window vectors of one transcript: ``vectors[k, i]`` covers sentences ``i..i+k``.

    Near the end a window is clipped to the sentences that exist (so ``vectors[2, n-1]`` is the
    last sentence alone); ``starts``/``ends`` are the sentences' times.
    """

    vectors: np.ndarray  # (WINDOW, n, d)
    starts: np.ndarray  # (n,)
    ends: np.ndarray  # (n,)

    @classmethod
    def build(cls, sentence_vectors: np.ndarray, starts: list[float], ends: list[float],
              width: int = WINDOW) -> Windows:
        n, d = sentence_vectors.shape
        cumulative = np.vstack([np.zeros((1, d), dtype=np.float32), np.cumsum(sentence_vectors, axis=0)])
        index = np.arange(n)
        layers = [_unit(cumulative[np.minimum(index + k + 1, n)] - cumulative[index]) for k in range(width)]
        return cls(np.stack(layers).astype(np.float32), np.asarray(starts, dtype=np.float64),
                   np.asarray(ends, dtype=np.float64))

    def __len__(self) -> int:
        return self.starts.shape[0]

    def end_of(self, k: int, i: int) -> float:
        return float(self.ends[min(i + k, len(self) - 1)])


def position_at(starts: list[float] | np.ndarray, seconds: float) -> int:
    """The transcript sentence being spoken at a cited time.

    Anchors floor to whole seconds (a sentence starting at 83.9 s is cited as 00:01:23), so a
    sentence starting within the cited second counts as the one cited.
    """
    i = int(np.searchsorted(np.asarray(starts), seconds + 0.999, side="right")) - 1
    return max(i, 0)


def support_at(claims: np.ndarray, positions: np.ndarray, windows: Windows) -> np.ndarray:
    """Support of each claim by the window(s) starting at its cited position: the best of the
    sentence alone, with the next one, and with the next two."""
    if claims.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    picked = windows.vectors[:, positions, :]  # (WINDOW, m, d)
    return np.einsum("kmd,md->km", picked, claims).max(axis=0)


def best_window(claims: np.ndarray, windows: Windows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each claim, the window anywhere in the video that matches it best.

    Returns (start seconds, end seconds, similarity) of that window, per claim.
    """
    m = claims.shape[0]
    if m == 0 or len(windows) == 0:
        empty = np.zeros(0)
        return empty, empty, empty
    sims = np.einsum("knd,md->mkn", windows.vectors, claims)  # (m, WINDOW, n)
    flat = sims.reshape(m, -1)
    best = flat.argmax(axis=1)
    k, i = np.divmod(best, len(windows))
    ends = np.array([windows.end_of(int(kk), int(ii)) for kk, ii in zip(k, i, strict=True)])
    return windows.starts[i], ends, flat[np.arange(m), best]


def nearest_match(rows: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """For each row, its highest cosine with any vector of ``pool`` (-1 when the pool is empty)."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    if pool.shape[0] == 0:
        return np.full(rows.shape[0], -1.0, dtype=np.float32)
    return (rows @ pool.T).max(axis=1)


def distance_to(seconds: float, start: float, end: float) -> float:
    """How far a cited time is from a window (0 when it falls inside it)."""
    return max(0.0, start - seconds, seconds - end)
