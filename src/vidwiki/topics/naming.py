"""Name a stretch of transcript with the noun phrase it is about.

The cheap phrase statistics of ``phrases`` rank candidates (frequent in the stretch, rare
elsewhere in the video, longer is more specific); this module keeps a candidate only when it is
a title a reader would search for:

- it passes the title rules (``titles``: no pronoun, filler, lone generic word, edge function word);
- it represents the stretch: its meaning (static embedding) is close to the stretch's, so a
  phrase that is merely frequent ("pencil", "lower left") loses to one the stretch is about;
- the parser agrees it is a noun phrase where the speaker says it: its last word is a noun or a
  name and no word of it is a verb, an adverb or a pronoun in that sentence ("Ratio approaches",
  "Michael Jordan plays", "Cancel" are clauses or verbs, not concepts).

Only the sentences holding the top candidates are parsed, a few per segment, so naming a whole
channel costs seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..nlp import parse
from ..static import StaticEmbedder

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from .titles import passes_title_rules

NOUN_TAGS = frozenset({"NOUN", "PROPN"})
# Inside a noun phrase: modifiers, numbers, inner "of", a possessive marker, hyphens.
INNER_TAGS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "ADP", "PART", "PUNCT", "DET", "CCONJ", "X", "SYM"})
MODIFIER_VERB_DEPS = frozenset({"amod", "compound", "nmod"})  # "increasing subsequence", "spanning tree"
CONTEXTS_CHECKED = 2
LONE_WORD_CONTEXTS = 3
CANDIDATES_TRIED = 8
PREPARSED = 1  # candidates per segment parsed ahead, in one batch for the whole video
PHRASE_MEMO_SIZE = 200_000


def noun_phrase_in(phrase: str, sentence: str, as_modifier: bool = False) -> bool | None:
    """Is ``phrase`` used as a noun phrase in ``sentence``? None when it cannot be found there.

    ``as_modifier`` also accepts a noun phrase that modifies the next noun ("change of basis" in
    "a change of basis matrix"): a concept the video's title names is often said that way.
    """
    doc = parse([sentence])[0]
    words = phrase.lower().split()
    units = _word_units(doc)
    lowered = [text for text, _ in units]
    n = len(words)
    for i in range(len(units) - n + 1):
        if not _matches(lowered[i : i + n], words):
            continue
        tokens = [tok for _, toks in units[i : i + n] for tok in toks]
        content = [t for t in tokens if t.tag_ != "POS" and t.pos_ != "PUNCT"]
        if not content:
            return False
        last = content[-1]
        if last.pos_ not in NOUN_TAGS:
            return False
        for tok in tokens:
            if tok.pos_ in INNER_TAGS:
                if (tok.pos_ == "ADP" and tok.lower_ != "of") or (tok.pos_ == "DET" and tok is tokens[0]):
                    return False
                continue
            if tok.pos_ == "VERB" and tok.dep_ in MODIFIER_VERB_DEPS and tok.tag_ in ("VBG", "VBN"):
                continue
            return False
        # The phrase must end its noun phrase: "Taylor" in "Taylor series" is a modifier.
        return as_modifier or last.dep_ != "compound"
    return None


def _word_units(doc: Doc) -> list[tuple[str, list[Token]]]:
    """Whitespace-separated words with their parser tokens ("Newton's" = Newton + 's)."""
    units: list[tuple[str, list[Token]]] = []
    glued = False
    for tok in doc:
        if glued and units and not (tok.pos_ == "PUNCT" and tok.text not in "-'’"):
            text, toks = units[-1]
            units[-1] = (text + tok.lower_, [*toks, tok])
        elif tok.pos_ != "PUNCT" or tok.text in "-'’":
            units.append((tok.lower_, [tok]))
        glued = not tok.whitespace_
    return units


def _matches(tokens: list[str], words: list[str]) -> bool:
    """Parser tokens against the phrase's words, ignoring possessive and plural endings."""
    for tok, word in zip(tokens, words, strict=True):
        if tok == word:
            continue
        tok, word = tok.replace("’", "'"), word.replace("’", "'")
        if tok == word or tok.removesuffix("'s").rstrip("s") == word.removesuffix("'s").rstrip("s"):
            continue
        return False
    return True


def is_noun_phrase(phrase: str, sentences: Sequence[str], as_modifier: bool = False) -> bool:
    """The parser's verdict over the first sentences that contain ``phrase``.

    One sentence read as a noun phrase suffices for a phrase of several words; a lone word must
    be read as a noun in most of up to three sentences, because the tagger sometimes calls an
    adjective a noun ("what makes one of these linear is ...").
    """
    lone = " " not in phrase.strip()
    wanted = _wanted(phrase)
    verdicts = []
    for sentence in sentences:
        verdict = noun_phrase_in(phrase, sentence, as_modifier)
        if verdict is not None:
            verdicts.append(verdict)
        if len(verdicts) >= wanted:
            break
    if lone:
        return bool(verdicts) and sum(verdicts) * 2 > len(verdicts)
    return any(verdicts)


def _wanted(phrase: str) -> int:
    """How many sentences ``is_noun_phrase`` reads a phrase in (when each has it)."""
    return LONE_WORD_CONTEXTS if " " not in phrase.strip() else CONTEXTS_CHECKED


def first_noun_phrase(candidates: Iterable[tuple[str, Sequence[str]]]) -> str | None:
    """The first (phrase, sentences) candidate that ``is_noun_phrase`` accepts.

    Each candidate's sentences are parsed in one batch just before it is judged, as many as the
    verdict reads: a candidate after the one that passes costs no parse (parsing every
    candidate's first sentence ahead wasted half of those parses, and each later sentence then
    went to the parser alone).
    """
    for phrase, sentences in candidates:
        parse(sentences[: _wanted(phrase)])
        if is_noun_phrase(phrase, sentences):
            return phrase
    return None


def rejected_by_parser(phrase: str, sentences: Sequence[str]) -> bool:
    """Did the parser read ``phrase`` as something other than a noun phrase where it is said?"""
    verdicts = [v for v in (noun_phrase_in(phrase, s) for s in sentences[:LONE_WORD_CONTEXTS]) if v is not None]
    return bool(verdicts) and not is_noun_phrase(phrase, sentences)


def prepare_titles(
    candidates: Sequence[Sequence[tuple[float, str]]],
    contexts: Sequence[Callable[[str], list[str]]],
    centroids: Sequence[np.ndarray],
) -> None:
    """Embed every candidate at once, and parse in one batch the sentences that will most likely
    decide each segment's title: those its best candidate is judged on (spaCy's per-call overhead
    is near a sentence's parse)."""
    allowed = [_allowed(ranked, set()) for ranked in candidates]
    _embed_phrases([d for group in allowed for _, d in group])
    sentences: list[str] = []
    for group, context, centroid in zip(allowed, contexts, centroids, strict=True):
        for display in _ranked(group, centroid)[:PREPARSED]:
            sentences.extend(context(display)[: _wanted(display)])
    parse(sentences)


_phrase_vectors: dict[str, np.ndarray] = {}


def _embed_phrases(phrases: list[str]) -> np.ndarray:
    todo = list(dict.fromkeys(p for p in phrases if p not in _phrase_vectors))
    if todo:
        if len(_phrase_vectors) + len(todo) > PHRASE_MEMO_SIZE:
            _phrase_vectors.clear()
            todo = list(dict.fromkeys(phrases))
        for phrase, vector in zip(todo, StaticEmbedder.load().embed(todo), strict=True):
            _phrase_vectors[phrase] = vector
    return np.stack([_phrase_vectors[p] for p in phrases]) if phrases else np.zeros((0, 1), dtype=np.float32)


def _ranked(allowed: list[tuple[float, str]], centroid: np.ndarray | None) -> list[str]:
    """Candidates by statistical score times closeness in meaning to the stretch."""
    scores = np.array([s for s, _ in allowed], dtype=np.float64)
    if allowed and centroid is not None and float(np.linalg.norm(centroid)) > 0:
        sims = _embed_phrases([d for _, d in allowed]) @ centroid
        scores = scores * np.clip(0.5 + sims, 0.1, None) ** 2
    return [allowed[int(i)][1] for i in np.argsort(-scores, kind="stable")]


def _allowed(candidates: Sequence[tuple[float, str]], taken: set[str]) -> list[tuple[float, str]]:
    allowed = [(s, d) for s, d in candidates if passes_title_rules(d) and d.lower() not in taken]
    return allowed[:CANDIDATES_TRIED]


def pick_title(
    candidates: Sequence[tuple[float, str]],
    contexts: Callable[[str], list[str]],
    centroid: np.ndarray | None,
    taken: set[str],
) -> str | None:
    """The best candidate that passes the title rules, represents the stretch and parses as a noun phrase.

    ``candidates`` are (statistical score, display form), best first; ``contexts(display)`` gives
    the stretch's sentences that contain it, most central first; ``centroid`` is the stretch's
    unit mean static embedding; ``taken`` holds the lower-cased titles already used in the video.
    """
    allowed = _allowed(candidates, taken)
    if not allowed:
        return None
    return first_noun_phrase((display, contexts(display)) for display in _ranked(allowed, centroid))
