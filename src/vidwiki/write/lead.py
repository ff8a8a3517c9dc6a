"""The lead of an article: its first sentence says what the title names.

A speaker builds up to a definition ("This process of repeatedly nudging an input ... is called
gradient descent" comes ten minutes in); an encyclopedia opens with it. So the embedded writer
moves the sentence that defines the title to the front of the article, and when the stretch has
none but the video defines the title elsewhere, it opens with that sentence (cited where it is
said). Without a definition, the lead is the first sentence that stands on its own: one that
starts with "It", "This", "But" or "For example" points back at something the reader has not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import Sentence
from ..topics.concepts import DEFINED_WITHIN, DEFINING_RE
from ..topics.phrases import tokenize

# "Gradient descent is ...", "An eigenbasis means ...": the title as the subject of a defining verb.
DEFINING_VERBS = frozenset("is are was were has have means refers describes measures represents denotes gives counts".split())
SUBJECT_WITHIN = 3  # the title starts within this many words of the sentence ("So the ...", "A ...")
# A sentence that opens with one of these leans on the one before it.
LEANING_OPENERS = re.compile(
    r"^(?:it|its|it's|this|that|these|those|they|their|them|he|his|she|her|but|and|or|so|also|then|which|"
    r"both|here|such|another|instead|otherwise|similarly|likewise|again|still|yet|thus|hence|therefore|"
    r"for example|for instance|in other words|in that case|in this case|in contrast|in fact|even so|"
    r"on the other hand|at this point|by contrast|after that|from there|as a result)\b",
    re.IGNORECASE,
)
LEAD_SEARCH_SHARE = 0.5  # a self-contained lead is looked for in the first half of the article


def _norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def defines(text: str, title: str) -> bool:
    """Does ``text`` define ``title``: "X is/means ...", or "... is called X" / "known as X"?"""
    words = _norms(text)
    wanted = _norms(title)
    if not wanted:
        return False
    n = len(wanted)
    starts = [i for i in range(len(words) - n + 1) if words[i : i + n] == wanted]
    if not starts:
        return False
    if any(i <= SUBJECT_WITHIN and i + n < len(words) and words[i + n] in DEFINING_VERBS for i in starts):
        return True
    for match in DEFINING_RE.finditer(text):
        after = _norms(text[match.end() :])
        if any(after[i : i + n] == wanted for i in range(min(DEFINED_WITHIN, len(after)))):
            return True
    return False


DEMONSTRATIVE = re.compile(r"^(?:this|that|these|those)\s+(?!is\b|was\b|are\b|were\b|means\b)\w", re.IGNORECASE)


def stands_alone(text: str, defining: bool = False) -> bool:
    """Can a reader start with this sentence? Not when it points back or is a question.

    A definition may open on a demonstrative with its noun ("This process of repeatedly nudging
    an input ... is called gradient descent"): what it points at is said in the sentence itself.
    """
    text = text.strip()
    if text.endswith("?"):
        return False
    return not LEANING_OPENERS.match(text) or (defining and bool(DEMONSTRATIVE.match(text)))


def standalone_index(texts: list[str]) -> int | None:
    """The first sentence in the article's first half that a reader can start with, when the
    first one cannot; None when the first one can (or none can)."""
    if not texts or stands_alone(texts[0]):
        return None
    return next((i for i, t in enumerate(texts[: max(1, round(len(texts) * LEAD_SEARCH_SHARE))]) if stands_alone(t)),
                None)


def definitions_elsewhere(sentences: list[Sentence], first: int, last: int, title: str) -> Iterator[Sentence]:
    """The sentences outside the stretch [first, last) that define ``title``, in spoken order."""
    for position, s in enumerate(sentences):
        if not first <= position < last and defines(s.text, title):
            yield s
