"""Tokens and candidate key phrases of transcript sentences.

A phrase is a run of 1-3 content words inside one sentence, optionally joined by an inner
"of"/"and" ("change of basis"). Matching uses a normalised form (lower case, possessive and
plural stripped) while display keeps the speaker's most frequent spelling, so titles keep
apostrophes, hyphens and capitalised names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .wordlists import COMPOUND_TAILS, DISCOURSE_MODIFIERS, GENERIC, STOPWORDS

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
    joined: bool = True  # nothing but spaces and punctuation of prose between it and the word before


# Between two words of one phrase: never markup or code ("alert(document.cookie)",
# 'class="yt-timestamp"', "[[page]]", "a/b"). A transcript that quotes HTML is data, and a title
# made across such characters would carry a fragment of it.
# A dot touching the next word ("document.cookie", "example.com") joins names in code, not prose.
MARKUP_GAP_RE = re.compile(r"[()\[\]{}<>=/\\|\"“”#*_`@]|\.$")


@functools.lru_cache(maxsize=1 << 16)
def _word_facts(surface: str) -> tuple[str, bool, bool]:
    """(norm, stop, generic) of one word; cached because a channel reuses a few thousand words."""
    folded = fold(surface)
    norm = normalize(surface)
    stop = folded in STOPWORDS or norm in STOPWORDS or (len(norm) < 3 and not norm.isdigit())
    generic = norm in GENERIC or folded in GENERIC or norm.isdigit()
    return norm, stop, generic


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    prev_end = 0
    for m in WORD_RE.finditer(text):
        surface = m.group(0)
        norm, stop, generic = _word_facts(surface)
        joined = not tokens or not MARKUP_GAP_RE.search(text[prev_end : m.start()])
        tokens.append(Token(surface, norm, stop, generic, m.start(), m.end(), joined))
        prev_end = m.end()
    return tokens


def _content(tok: Token) -> bool:
    return not tok.stop


def _can_start(text: str, tok: Token) -> bool:
    """A phrase names a concept, not a referent of the talk ("two parity checks", "different
    coefficients") nor half a compound ("valued functions"); a capitalised word inside a sentence
    is a name ("New York") and may."""
    if tok.norm in COMPOUND_TAILS:
        return False
    if tok.norm not in DISCOURSE_MODIFIERS:
        return True
    return tok.start > 0 and tok.surface[:1].isupper() and text[: tok.start].rstrip()[-1:] not in ".!?"


def _can_end(tok: Token) -> bool:
    """The last word of a topic phrase should be noun-like: no adverbs, adjectives, participles."""
    w = tok.norm
    if any(c.isdigit() for c in w) or w in PARTICIPLES:
        return False
    if len(w) > 4 and w.endswith("ed") and not w.endswith(("eed", "ied")):
        return False
    return not w.endswith(NOT_ENDING)


DETERMINERS = frozenset(
    "the a an this that these those my your his her its our their each every any some no another "
    "which whose what".split()
)
PREPOSITIONS = frozenset("of in on at with from about for by into onto through between under over "
                         "across along around without within".split())
SUBJECTS = frozenset("i you he she it we they who".split())
MODALS = frozenset("can could will would should must might may shall".split())
CLAUSE_BREAK_RE = re.compile(r"[,.;:!?()\[\]\"“”]")


class HeadEvidence:
    """How a video uses each word: as the head of a noun phrase, as a verb, or as a name.

    Without a part-of-speech tagger, a topic title could end in a verb or an adjective ("it
    slows", "two different"). The speaker's own usage decides instead: a word that ends a phrase
    opened by a determiner or a preposition ("the slope", "in calculus") is a noun; one that
    follows a subject pronoun or a modal ("it slows", "we can prove") is a verb; one capitalised
    mid-sentence is a name. Counted over the whole video, so the verdict is stable per video.
    """

    def __init__(self) -> None:
        self.noun: Counter[str] = Counter()
        self.noun_or_verb: Counter[str] = Counter()  # "the ball slows" / "the field lines"
        self.verb: Counter[str] = Counter()
        self.name: Counter[str] = Counter()

    def add(self, text: str, tokens: list[Token]) -> None:
        for i, tok in enumerate(tokens):
            if tok.stop:
                continue
            prev = fold(tokens[i - 1].surface) if i > 0 and _adjacent(text, tokens[i - 1], tok) else None
            if prev in SUBJECTS or prev in MODALS:
                self.verb[fold(tok.surface)] += 1  # by spelling: "it looks" says nothing of "the look"
            if tok.start > 0 and tok.surface[:1].isupper() and not text[: tok.start].rstrip().endswith((".", "!", "?", ":")):
                self.name[tok.norm] += 1
            if not _ends_phrase(text, tokens, i):
                continue
            j = i - 1
            while (j >= 0 and i - j <= 3 and not tokens[j].stop and not _possessive(tokens[j])
                   and _adjacent(text, tokens[j], tokens[j + 1])):
                j -= 1
            if j < 0 or not _adjacent(text, tokens[j], tokens[j + 1]):
                # A phrase opening the sentence before a function word is its subject ("Salt is").
                if j < 0 and i + 1 < len(tokens) and tokens[i + 1].stop:
                    self.noun[tok.norm] += 1
                continue
            opener = fold(tokens[j].surface)
            # An -ing word names something right after a determiner ("the encoding") or after a
            # modifier that follows a preposition ("in deep learning"), not as a verb form
            # ("of seeing", "the wave describing it").
            gerund = tok.norm.endswith("ing")
            if opener in DETERMINERS or _possessive(tokens[j]):
                # "the ball slows" reads like "the field lines": a subject and its verb, or a
                # compound plural. Only a preposition in front ("of field lines") tells them apart.
                if i - j >= 2 and _inflected(tok) and not _inflected(tokens[i - 1]):
                    self.noun_or_verb[tok.norm] += 1
                    continue
                noun = not gerund or i - j == 1
            else:
                noun = opener in PREPOSITIONS and (not gerund or i - j > 1)
            if noun:
                self.noun[tok.norm] += 1

    def can_head(self, tok: Token) -> bool:
        """May ``tok`` end a topic phrase: used as a noun at least as often as as a verb, or a name."""
        verb = self.verb[fold(tok.surface)]
        # never a verb elsewhere: "the diagonal entries" is a plural, not "the diagonal enters"
        noun = self.noun[tok.norm] + self.name[tok.norm] + (0 if verb else self.noun_or_verb[tok.norm])
        return noun > 0 and verb <= noun

    def fits(self, content: list[Token]) -> bool:
        """May these content words form a topic phrase? One word must be a noun or a name;
        a longer phrase ("cast iron") may end in a modifier-like word, but not in a verb, and
        cannot open with an adverb or a verb ("entirely accurate", "remain constant")."""
        head, first = content[-1], content[0]
        if len(content) == 1:
            return self.can_head(head)
        if first.norm.endswith("ly") or not self.can_open(first):
            return False
        verb = self.verb[fold(head.surface)]
        noun = self.noun[head.norm] + self.name[head.norm] + (0 if verb else self.noun_or_verb[head.norm])
        if head.norm.endswith("ing") and not noun:
            return False
        return verb <= noun

    def can_open(self, tok: Token) -> bool:
        """May ``tok`` start a phrase: not a word the speaker keeps using as a verb ("they remain")."""
        verb = self.verb[fold(tok.surface)]
        return verb < 2 or verb <= self.noun[tok.norm] + self.name[tok.norm]


def _inflected(tok: Token) -> bool:
    """A word read with a plural or third-person -s that is not a possessive or a name."""
    surface = fold(tok.surface)
    return surface != tok.norm and surface.endswith("s") and not _possessive(tok) and not tok.surface[:1].isupper()


def _possessive(tok: Token) -> bool:
    return tok.surface.endswith(("'s", "’s", "s'", "s’"))


def _adjacent(text: str, left: Token, right: Token) -> bool:
    return not CLAUSE_BREAK_RE.search(text, left.end, right.start)


def _ends_phrase(text: str, tokens: list[Token], i: int) -> bool:
    """The word is last in its noun phrase: the sentence, a clause or a function word follows."""
    if i + 1 >= len(tokens):
        return True
    return tokens[i + 1].stop or not _adjacent(text, tokens[i], tokens[i + 1])


def candidate_phrases(
    tokens: list[Token], max_words: int = 3, heads: HeadEvidence | None = None, text: str = ""
) -> Iterator[tuple[str, ...]]:
    """Yield normalised n-grams that could name a topic.

    Edges are content words; an inner "of" is allowed between content words. A single word
    must not be generic; a longer phrase must hold at least one non-generic word. With
    ``heads``, the last word must be one the speaker uses as a noun or a name.
    """
    n = len(tokens)
    for i in range(n):
        if not _content(tokens[i]) or not _can_start(text, tokens[i]):
            continue
        words: list[Token] = []
        for j in range(i, min(n, i + max_words + 1)):
            tok = tokens[j]
            if j > i and not tok.joined:
                break
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
            if heads is not None and not heads.fits(content):
                continue
            if len(words) > 1 and words[1].norm not in INNER_JOINERS and _inflected(content[0]):
                continue  # "stays constant", "grows quickly": a plural rarely modifies a noun
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
    tokenized = [(text, tokenize(text)) for text in texts]
    heads = HeadEvidence()
    for text, tokens in tokenized:
        heads.add(text, tokens)
    for text, tokens in tokenized:
        counts: Counter[tuple[str, ...]] = Counter()
        for key in candidate_phrases(tokens, max_words, heads, text):
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
