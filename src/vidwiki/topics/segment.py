"""Cut a video's sentences into contiguous topical segments.

Videos are told in order, so a topic is (mostly) a contiguous stretch. We group sentences into
small blocks, represent each block by what it says (a unit TF-IDF vector of its content words) and
what it means (the mean static embedding of its sentences, centred on the video's mean, so only
what sets a block apart counts), and choose the k-1 cut points that maximise the summed cohesion of the segments, where a segment's cohesion is
the length of the sum of its block vectors (blocks pointing the same way add up). Dynamic
programming over blocks keeps this exact and cheap (blocks <= ~80).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .phrases import content_terms

MAX_BLOCKS = 80


def block_bounds(n_sentences: int, max_blocks: int = MAX_BLOCKS) -> list[tuple[int, int]]:
    """Split range(n) into at most max_blocks contiguous, near-equal blocks (start, end)."""
    if n_sentences <= 0:
        return []
    blocks = min(n_sentences, max_blocks)
    edges = [round(i * n_sentences / blocks) for i in range(blocks + 1)]
    return [(edges[i], edges[i + 1]) for i in range(blocks) if edges[i + 1] > edges[i]]


def block_vectors(texts: list[str], bounds: list[tuple[int, int]]) -> np.ndarray:
    """Unit TF-IDF vectors, one per block, over the video's own vocabulary."""
    block_terms = [Counter(t for i in range(a, b) for t in content_terms(texts[i])) for a, b in bounds]
    df: Counter[str] = Counter()
    for terms in block_terms:
        df.update(terms.keys())
    vocab = {term: k for k, term in enumerate(sorted(df))}
    matrix = np.zeros((len(bounds), max(1, len(vocab))), dtype=np.float64)
    n = len(bounds)
    for row, terms in enumerate(block_terms):
        for term, count in terms.items():
            matrix[row, vocab[term]] = (1 + math.log(count)) * math.log((1 + n) / (1 + df[term]) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def best_cuts(vectors: np.ndarray, k: int, min_len: int = 1, allowed: set[int] | None = None) -> list[int]:
    """Block indices where segments 2..k start, maximising summed segment cohesion.

    ``allowed`` restricts cut positions (e.g. to chapter starts). Returns fewer cuts when the
    blocks cannot fill k segments of ``min_len``.
    """
    n = len(vectors)
    k = max(1, min(k, n // max(1, min_len)))
    if k <= 1 or n == 0:
        return []
    prefix = np.vstack([np.zeros(vectors.shape[1]), np.cumsum(vectors, axis=0)])

    def cohesion(a: int, b: int) -> float:
        return float(np.linalg.norm(prefix[b] - prefix[a]))

    cost = np.full((n + 1, n + 1), -np.inf)
    for a in range(n):
        for b in range(a + min_len, n + 1):
            cost[a, b] = cohesion(a, b)
    neg = -np.inf
    best = np.full((k + 1, n + 1), neg)
    back = np.zeros((k + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for seg in range(1, k + 1):
        for b in range(seg * min_len, n + 1):
            if b != n and allowed is not None and b not in allowed:
                continue
            for a in range((seg - 1) * min_len, b - min_len + 1):
                if best[seg - 1, a] == neg:
                    continue
                if a != 0 and allowed is not None and a not in allowed:
                    continue
                value = best[seg - 1, a] + cost[a, b]
                if value > best[seg, b]:
                    best[seg, b] = value
                    back[seg, b] = a
    segs = k
    while segs > 1 and best[segs, n] == neg:
        segs -= 1
    cuts: list[int] = []
    b = n
    for seg in range(segs, 0, -1):
        a = int(back[seg, b])
        if seg > 1:
            cuts.append(a)
        b = a
    return sorted(cuts)


def meaning_vectors(embeddings: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """Unit vectors per block: the block's mean sentence embedding minus the video's mean."""
    means = np.stack([embeddings[a:b].mean(axis=0) for a, b in bounds])
    means = means - embeddings.mean(axis=0)
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return means / norms


def segment_sentences(
    texts: list[str], k: int, chapter_starts: list[int] | None = None, embeddings: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """Contiguous sentence ranges (start, end) covering all sentences, about k of them.

    When ``chapter_starts`` (sentence indices) are given, cuts fall only on chapter starts;
    ``embeddings`` (one row per sentence) add meaning to the word statistics.
    """
    n = len(texts)
    if n == 0:
        return []
    if k <= 1:
        return [(0, n)]
    bounds = block_bounds(n)
    vectors = block_vectors(texts, bounds)
    if embeddings is not None and len(embeddings) == n:
        vectors = np.hstack([vectors, meaning_vectors(embeddings, bounds)]) / np.sqrt(2.0)
    min_len = max(1, len(bounds) // (k * 3))
    allowed = None
    if chapter_starts:
        starts = {a: idx for idx, (a, _) in enumerate(bounds)}
        allowed = set()
        for s in chapter_starts:
            # the block whose start is nearest to the chapter start
            nearest = min(starts, key=lambda a: abs(a - s))
            allowed.add(starts[nearest])
        allowed.discard(0)
        min_len = 1
    cuts = best_cuts(vectors, k, min_len=min_len, allowed=allowed)
    edges = [0] + [bounds[c][0] for c in cuts] + [n]
    return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1) if edges[i + 1] > edges[i]]
