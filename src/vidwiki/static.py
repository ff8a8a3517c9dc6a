"""Fast static sentence embeddings, distilled from the bundled MiniLM (model2vec's recipe).

Why a second embedder: MiniLM through onnxruntime embeds ~200 sentences/s on 2 cores, so
comparing every segment of a 150-video channel with it would cost minutes of every build.
``tools/distill_static.py`` ran each of MiniLM's 30,522 word pieces through the packaged model
alone and kept the result (PCA to 256 dimensions, int8): a sentence's vector is then the
weighted mean of its pieces' vectors, tens of thousands of sentences per second. It keeps
enough of MiniLM's sense of meaning for what it is used for, which is comparing stretches of
many sentences (topic segmentation, cross-video topic matching, ranking a segment's candidate
titles), never judging one sentence's support: that stays with :class:`~vidwiki.embeddings.Embedder`.

Pieces are weighted by rarity: MiniLM's vocabulary is ordered roughly by frequency, so a
piece's weight grows with the log of its rank (model2vec's Zipf weighting), and pieces that are
punctuation or special tokens weigh nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

import numpy as np

from .embeddings import TOKENIZER_FILE, TOKENIZER_SHA256, EmbeddingError, _verified, file_sha256

__all__ = ["StaticEmbedder"]

TABLE_FILE = Path(__file__).parent / "data" / "minilm-static.npz"
TABLE_SHA256 = "7cfd3ba0759d54a73f8caf29691b1817dd1d22513ef98a396ea5c077c083214c"
FIRST_WORD_PIECE = 1996  # MiniLM (BERT uncased): ids below are [PAD], [unused*], specials, characters


class StaticEmbedder:
    """Weighted mean of distilled word-piece vectors; rows L2-normalised."""

    _instance: ClassVar[StaticEmbedder | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, table: np.ndarray, weights: np.ndarray, tokenizer_path: Path) -> None:
        from tokenizers import Tokenizer

        self._table = table
        self._weights = weights
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    @property
    def dimensions(self) -> int:
        return int(self._table.shape[1])

    @classmethod
    def load(cls) -> StaticEmbedder:
        """The process-wide table, loaded and sha256-checked on first use (~0.1 s)."""
        with cls._lock:
            if cls._instance is None:
                digest = file_sha256(TABLE_FILE) if TABLE_FILE.is_file() else "missing"
                if digest != TABLE_SHA256:
                    raise EmbeddingError(
                        f"{TABLE_FILE}: static embedding table has sha256 {digest[:12]}…, expected "
                        f"{TABLE_SHA256[:12]}…; reinstall vidwiki"
                    )
                with np.load(TABLE_FILE) as data:
                    table = data["vectors"].astype(np.float32) * data["scales"][:, None]
                tokenizer = _verified(TOKENIZER_FILE, TOKENIZER_SHA256, "the MiniLM tokenizer")
                cls._instance = cls(table, _zipf_weights(tokenizer, len(table)), tokenizer)
            return cls._instance

    def embed(self, texts: list[str]) -> np.ndarray:
        """``(n, dimensions)`` float32 unit rows; an empty or all-punctuation text gives zeros."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        for row, encoding in enumerate(self._tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = np.asarray(encoding.ids, dtype=np.int64)
            if ids.size == 0:
                continue
            w = self._weights[ids]
            total = w.sum()
            if total <= 0:
                continue
            vec = (self._table[ids] * w[:, None]).sum(axis=0) / total
            norm = float(np.linalg.norm(vec))
            if norm > 0:
                out[row] = vec / norm
        return out


def _zipf_weights(tokenizer_path: Path, size: int) -> np.ndarray:
    """log(rank) per piece; zero for specials, unused slots, single characters and punctuation."""
    import json

    vocab = json.loads(tokenizer_path.read_text(encoding="utf-8"))["model"]["vocab"]
    weights = np.zeros(size, dtype=np.float32)
    for piece, idx in vocab.items():
        if idx < FIRST_WORD_PIECE or idx >= size:
            continue
        core = piece[2:] if piece.startswith("##") else piece
        if not any(ch.isalnum() for ch in core):
            continue
        weights[idx] = np.log1p(idx - FIRST_WORD_PIECE + 1)
    return weights
