"""Tokens and candidate key phrases of transcript sentences.

A phrase is a run of 1-3 content words inside one sentence, optionally joined by an inner
"of"/"and" ("change of basis"). Matching uses a normalised form (lower case, possessive and
plural stripped) while display keeps the speaker's most frequent spelling, so titles keep
apostrophes, hyphens and capitalised names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .wordlists import GENERIC, STOPWORDS

WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F0-9]+(?:['’\-][A-Za-z\u00C0-\u024F0-9]+)*")
INNER_JOINERS = frozenset({"of"})


def fold(word: str) -> str:
    """Lower-case and strip accents, so 'Hôpital' and 'hopital' match."""
    word = word.replace("’", "'").lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


IRREGULAR = {
    "matrices": "matrix", "vertices": "vertex", "indices": "index", "series": "series",
    "species": "species", "analyses": "analysis", "axes": "axis", "children": "child",
    "people": "people", "data": "data", "criteria": "criterion", "phenomena": "phenomenon",
    "mathematics": "mathematics", "physics": "physics", "economics": "economics", "politics": "politics",
}
NOT_ENDING = ("ly", "ous", "ful", "able", "ible", "wise")
PARTICIPLES = frozenset("broken taken given chosen written spoken driven hidden forgotten gotten done seen known shown".split())


def normalize(word: str) -> str:
    """Matching form of one word: folded, possessive dropped, simple plural singularised."""
    w = fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) > 5 and w.endswith(("ases", "uses")):
        return w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    norm: str
    stop: bool
    generic: bool
    start: int  # character offset in the sentence
    end: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in WORD_RE.finditer(text):
        surface = m.group(0)
        folded = fold(surface)
        norm = normalize(surface)
        stop = folded in STOPWORDS or norm in STOPWORDS or (len(norm) < 3 and not norm.isdigit())
        generic = norm in GENERIC or folded in GENERIC or norm.isdigit()
        tokens.append(Token(surface, norm, stop, generic, m.start(), m.end()))
    return tokens


def _content(tok: Token) -> bool:
    return not tok.stop


def _can_end(tok: Token) -> bool:
    """The last word of a topic phrase should be noun-like: no adverbs, adjectives, participles."""
    w = tok.norm
    if any(c.isdigit() for c in w) or w in PARTICIPLES:
        return False
    if len(w) > 4 and w.endswith("ed") and not w.endswith(("eed", "ied")):
        return False
    return not w.endswith(NOT_ENDING)


def candidate_phrases(tokens: list[Token], max_words: int = 3) -> Iterator[tuple[str, ...]]:
    """Yield normalised n-grams that could name a topic.

    Edges are content words; an inner "of" is allowed between content words. A single word
    must not be generic; a longer phrase must hold at least one non-generic word.
    """
    n = len(tokens)
    for i in range(n):
        if not _content(tokens[i]):
            continue
        words: list[Token] = []
        for j in range(i, min(n, i + max_words + 1)):
            tok = tokens[j]
            if tok.stop and not (tok.norm in INNER_JOINERS and words and j + 1 < n and _content(tokens[j + 1])):
                break
            if not words and tok.norm[:1].isdigit():
                break
            words.append(tok)
            if not _content(tok):
                continue
            content = [w for w in words if _content(w)]
            if len(content) > max_words:
                break
            if not _can_end(tok) or (len(content) == 1 and (tok.generic or len(tok.norm) < 4)):
                continue
            if len(content) == 1 and tok.norm.endswith(("ive", "al", "ing")) and len(tok.norm) > 5:
                continue
            if all(w.generic for w in content):
                continue
            yield tuple(w.norm for w in words)


class SurfaceForms:
    """Remembers how the speaker spelled each normalised phrase, to display the usual form."""

    def __init__(self) -> None:
        self._forms: dict[tuple[str, ...], Counter[str]] = {}

    def add(self, key: tuple[str, ...], surface: str, sentence_start: bool = False) -> None:
        # A capital at the start of a sentence says little about the word: count it half.
        self._forms.setdefault(key, Counter())[surface] += 1 if not sentence_start else 0.5

    def display(self, key: tuple[str, ...]) -> str:
        forms = self._forms.get(key)
        if not forms:
            return " ".join(key)
        # Prefer the most frequent spelling; among ties, the lower-case one (a capital at the
        # start of a sentence is not a name).
        best = max(forms.items(), key=lambda kv: (kv[1], kv[0] == kv[0].lower(), kv[0]))[0]
        if best.endswith(("'s", "’s")):
            best = best[:-2]
        return best


def phrase_occurrences(texts: Iterable[str], max_words: int = 3) -> tuple[list[Counter[tuple[str, ...]]], SurfaceForms]:
    """Per text, the counts of its candidate phrases, plus their surface spellings."""
    forms = SurfaceForms()
    per_text: list[Counter[tuple[str, ...]]] = []
    for text in texts:
        tokens = tokenize(text)
        counts: Counter[tuple[str, ...]] = Counter()
        for key in candidate_phrases(tokens, max_words):
            counts[key] += 1
        # Record surface forms by re-walking matches (cheap: phrases are short).
        for k in range(len(tokens)):
            for size in range(1, 2 * max_words):
                window = tokens[k : k + size]
                if len(window) < size:
                    break
                key = tuple(t.norm for t in window)
                if key in counts:
                    surface = text[window[0].start : window[-1].end]
                    forms.add(key, surface, sentence_start=window[0].start == 0)
        per_text.append(counts)
    return per_text, forms


def content_terms(text: str) -> list[str]:
    """Normalised content words of a text, for bag-of-words vectors."""
    return [t.norm for t in tokenize(text) if not t.stop]
