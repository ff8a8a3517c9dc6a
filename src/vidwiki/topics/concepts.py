"""What names a video's topics besides phrase statistics: the concepts its own title names, and
the terms its speaker defines.

An editor titles the section of "Eigenvectors and eigenvalues" that explains eigenvectors
"Eigenvectors", though the word is said all through the video (which the spread statistics of
``extract`` punish); and a term the speaker introduces ("is called, reasonably enough, a diagonal
matrix") is what the stretch around it is about.
"""

from __future__ import annotations

import re
from collections import Counter

from .phrases import WORD_RE, normalize
from .wordlists import STOPWORDS

Phrase = tuple[str, ...]

DEFINING_RE = re.compile(r"\b(?:called|known as|referred to as|termed|dubbed|named)\b", re.IGNORECASE)
DEFINED_WITHIN = 5  # the term starts within this many words after "called" (interjections between)
TITLE_BREAK_RE = re.compile(r"[,:;?!()\[\]–—]|\s-\s")


def contains(longer: Phrase, shorter: Phrase) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def defined_terms(texts: list[str], per_sentence: list[Counter[Phrase]]) -> set[Phrase]:
    """Phrases the speaker names as a term: "is called, reasonably enough, an eigenbasis",
    "what's known as the dual graph". A term the video defines is what its stretch is about."""
    defined: set[Phrase] = set()
    for text, counts in zip(texts, per_sentence, strict=True):
        match = DEFINING_RE.search(text)
        if match is None or not counts:
            continue
        head = tuple(normalize(w) for w in WORD_RE.findall(text[match.end() :])[: DEFINED_WITHIN + 3])
        defined.update(p for p in counts if any(head[i : i + len(p)] == p for i in range(DEFINED_WITHIN)))
    return defined


def title_concepts(video_title: str | None, video_spread: Counter[Phrase]) -> list[Phrase]:
    """The transcript's phrases that the video's title names, longest matches only.

    Only the title's first part counts: after a "|" come series names ("Chapter 14, Essence of
    linear algebra") that every video of the series shares. A phrase never spans the title's
    punctuation ("Inverse matrices, column space" names two concepts, not "inverse matrices column").
    """
    if not video_title:
        return []
    found: list[Phrase] = []
    for chunk in TITLE_BREAK_RE.split(video_title.split("|")[0]):
        surfaces = WORD_RE.findall(chunk)
        norms = tuple(normalize(w) for w in surfaces)
        for p in video_spread:
            starts = [i for i in range(len(norms) - len(p) + 1) if norms[i : i + len(p)] == p]
            if any(_names_concept(surfaces, norms, i, len(p)) for i in starts):
                found.append(p)
    return [p for p in found if not any(len(q) > len(p) and contains(q, p) for q in found)]


def _names_concept(surfaces: list[str], norms: tuple[str, ...], i: int, n: int) -> bool:
    """Does the title's phrase at word ``i`` (``n`` words) name a concept by itself?

    An "-ing" phrase names an activity ("Solving Wordle"), unless the capital inside the title
    makes it a name ("Hamming codes"); a lone word must be a whole noun phrase there, not part
    of a longer one ("codes" of "Hamming codes part 2", "prime" of "prime regularities").
    """
    if surfaces[i].endswith("ing") and (i == 0 or surfaces[i].islower()):
        return False
    if n > 1:
        return True
    return all(k < 0 or k >= len(norms) or norms[k] in STOPWORDS for k in (i - 1, i + 1))


def said_enough(concept: Phrase) -> int:
    """Sentences a title concept must be said in to name a stretch: a lone word twice (it may be
    said in passing), a phrase of several words once."""
    return 2 if len(concept) == 1 else 1


def assign_title_concepts(
    concepts: list[Phrase], ranges: list[tuple[int, int]], per_sentence: list[Counter[Phrase]]
) -> list[frozenset[Phrase]]:
    """Each title concept goes to the stretch that says it in the most sentences (the first on a
    tie, where a video usually introduces it), one concept per stretch, most said concept first,
    when it is said there enough (``_said_enough``)."""
    boosted: list[set[Phrase]] = [set() for _ in ranges]
    counts = {c: [sum(c in per_sentence[i] for i in range(a, b)) for a, b in ranges] for c in concepts}
    for concept in sorted(concepts, key=lambda c: -sum(counts[c])):
        free = [k for k in range(len(ranges)) if not boosted[k]]
        if not free:
            break
        best = max(free, key=lambda k: (counts[concept][k], -k))
        if counts[concept][best] >= said_enough(concept):
            boosted[best].add(concept)
    return [frozenset(b) for b in boosted]
