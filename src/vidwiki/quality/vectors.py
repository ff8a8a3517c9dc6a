"""Sentence vectors for the judge, cached in the wiki's store by (model sha, text sha).

Why a cache: evaluating a 151-video wiki means embedding ~22k transcript sentences, about two
minutes on two cores. Every one of them is the same text next time, so the second ``vidwiki eval``
and every re-build's quality summary only embed text they have not seen. Vectors are stored as
float16 (768 bytes each): cosine similarities move by less than 1e-3, far below any threshold.

Without a store (a bare vault scored with ``--transcripts``) the cache lives in memory only.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

import numpy as np

from vidwiki.embeddings import DIMENSIONS, Embedder

__all__ = ["VectorBook"]

Progress = Callable[[int, int], None]
_CHUNK = 512


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


class VectorBook:
    """Unit vectors for texts: from memory, then the store, then the embedding model.

    The model is loaded only when some text is missing, so a fully warm evaluation never pays
    for it.
    """

    def __init__(self, db: sqlite3.Connection | None = None, model: str = Embedder.MODEL_SHA256,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self._db = db
        self._model = model
        self._embed = embed
        self._memory: dict[str, np.ndarray] = {}
        self.embedded = 0  # texts this book had to run the model on (for honest reporting)
        self.cached = 0  # texts found in the store
        self._asked: set[bytes] = set()  # keys of every text asked for, for forget_others()

    def uncached(self, texts: list[str]) -> list[str]:
        """The distinct texts that neither memory nor the store holds (store hits are loaded)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if missing and self._db is not None:
            self._load(missing)
            missing = [t for t in missing if t not in self._memory]
        return missing

    def vectors(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        """``(len(texts), 384)`` float32 unit rows, embedding only what no cache holds."""
        self._asked.update(_key(t) for t in texts)
        missing = self.uncached(texts)
        if missing:
            embed = self._embed or Embedder.load().embed
            for start in range(0, len(missing), _CHUNK):
                chunk = missing[start : start + _CHUNK]
                vecs = embed(chunk)
                self._memory.update(zip(chunk, vecs, strict=True))
                self._save(chunk, vecs)
                self.embedded += len(chunk)
                if progress:
                    progress(min(start + _CHUNK, len(missing)), len(missing))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._memory[t] for t in texts]).astype(np.float32, copy=False)

    def _load(self, texts: list[str]) -> None:
        by_key = {_key(t): t for t in texts}
        keys = list(by_key)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT text_sha, vector FROM eval_embeddings WHERE model = ? AND text_sha IN ({marks})",
                [self._model, *chunk],
            )
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
                if vec.shape == (DIMENSIONS,):
                    self._memory[by_key[key]] = vec
                    self.cached += 1

    def _save(self, texts: list[str], vecs: np.ndarray) -> None:
        if self._db is None:
            return
        rows = [(self._model, _key(t), v.astype(np.float16).tobytes()) for t, v in zip(texts, vecs, strict=True)]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO eval_embeddings VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.OperationalError:
            # A read-only or busy store only loses the cache, never the evaluation.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")

    def forget_others(self) -> int:
        """Drop the stored vectors of every text this book was not asked for, and of other models.

        Called after an evaluation that asked for every text of the wiki: what is left over are
        sentences of pages and transcripts the wiki no longer has, which would otherwise pile up
        with every re-build. Returns how many vectors were dropped.
        """
        if self._db is None:
            return 0
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_vectors (text_sha BLOB PRIMARY KEY) WITHOUT ROWID")
            self._db.execute("DELETE FROM keep_vectors")
            self._db.executemany("INSERT OR IGNORE INTO keep_vectors VALUES (?)", ((k,) for k in self._asked))
            dropped = self._db.execute(
                "DELETE FROM eval_embeddings WHERE model != ? OR text_sha NOT IN (SELECT text_sha FROM keep_vectors)",
                (self._model,),
            ).rowcount
            self._db.execute("DELETE FROM keep_vectors")
            self._db.execute("COMMIT")
            return dropped
        except sqlite3.OperationalError:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            return 0
