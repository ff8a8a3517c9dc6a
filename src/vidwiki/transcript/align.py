"""Give caption words the times of separately timed words (word_timings.json, inline VTT tags).

The two word lists come from the same speech but not always the same tokenisation or edit
("28x28" vs "28 x 28", an edited word, a dropped "[music]"). A greedy monotone alignment with a
short look-ahead is linear in the length of the video and good enough: matched words take the
timed word's span, unmatched words keep their interpolated time squeezed between the neighbours
that did match, so times stay monotonic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vidwiki.records import Word
from vidwiki.transcript.stream import Token
from vidwiki.transcript.timing import repair_spans

LOOKAHEAD = 8  # how many words an insertion or deletion may span before we give up re-syncing
MAX_MERGE = 4  # how many pieces of one side may make up a single word of the other


_NOT_ALNUM = re.compile(r"[\W_]+")


def key(text: str) -> str:
    """Compare words on letters and digits only: case and punctuation differ between sources."""
    return _NOT_ALNUM.sub("", text.lower())


def align_words(tokens: list[Token], words: Sequence[Word]) -> int:
    """Copy word times onto ``tokens`` in place; return how many tokens matched a timed word."""
    if not tokens or not words:
        return 0
    fixed = repair_spans([(w.start, w.end, len(w.text.strip())) for w in words])
    memo: dict[str, str] = {}  # spoken vocabularies are small: most words repeat
    tk = [memo[t.text] if t.text in memo else memo.setdefault(t.text, key(t.text)) for t in tokens]
    wk = [memo[w.text] if w.text in memo else memo.setdefault(w.text, key(w.text)) for w in words]
    n, m = len(tk), len(wk)
    match: list[tuple[int, int] | None] = [None] * n
    i = j = 0
    while i < n and j < m:
        a, b = tk[i], wk[j]
        if not a:
            i += 1
            continue
        if not b:
            j += 1
            continue
        if a == b:
            match[i] = (j, j)
            i += 1
            j += 1
            continue
        step = _resync(tk, wk, i, j)
        if step is not None:
            i, j = step
            continue
        merged = _merge(tk, wk, i, j, match)
        if merged is not None:
            i, j = merged
            continue
        i += 1
        j += 1
    matched = 0
    for t, m_ in zip(tokens, match, strict=True):
        if m_ is not None:
            t.start, t.end = fixed[m_[0]][0], fixed[m_[1]][1]
            matched += 1
    _squeeze_unmatched(tokens, match)
    return matched


def _resync(tk: list[str], wk: list[str], i: int, j: int) -> tuple[int, int] | None:
    """Skip the fewest extra tokens or words that brings the two lists back in step."""
    n, m = len(tk), len(wk)
    for d in range(1, LOOKAHEAD + 1):
        if (
            j + d < m
            and wk[j + d] == tk[i]
            and (i + 1 >= n or j + d + 1 >= m or wk[j + d + 1] == tk[i + 1])
        ):
            return i, j + d
        if (
            i + d < n
            and tk[i + d] == wk[j]
            and (j + 1 >= m or i + d + 1 >= n or tk[i + d + 1] == wk[j + 1])
        ):
            return i + d, j
    return None


def _merge(
    tk: list[str], wk: list[str], i: int, j: int, match: list[tuple[int, int] | None]
) -> tuple[int, int] | None:
    """Match one token to several words ("28x28" = "28"+"x"+"28") or several tokens to one word."""
    a, b = tk[i], wk[j]
    if a.startswith(b):
        acc, k = b, j
        while k + 1 < len(wk) and k - j < MAX_MERGE and len(acc) < len(a):
            k += 1
            acc += wk[k]
            if acc == a:
                match[i] = (j, k)
                return i + 1, k + 1
    elif b.startswith(a):
        acc, k = a, i
        while k + 1 < len(tk) and k - i < MAX_MERGE and len(acc) < len(b):
            k += 1
            acc += tk[k]
            if acc == b:
                for x in range(i, k + 1):
                    match[x] = (j, j)
                return k + 1, j + 1
    return None


def _squeeze_unmatched(tokens: list[Token], match: list[tuple[int, int] | None]) -> None:
    """Keep unmatched tokens between the matched neighbours on either side."""
    floor = 0.0
    for t, m_ in zip(tokens, match, strict=True):
        if m_ is not None:
            floor = t.end
        elif t.start < floor:
            t.start = floor
            t.end = max(t.end, floor)
    ceiling = float("inf")
    for t, m_ in zip(reversed(tokens), reversed(match), strict=True):
        if m_ is not None:
            ceiling = t.start
        elif t.end > ceiling:
            t.end = ceiling
            t.start = min(t.start, ceiling)
