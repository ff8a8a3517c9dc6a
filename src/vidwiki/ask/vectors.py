"""Sentence vectors for ``vidwiki ask``, embedded once and kept in the store.

Why the static embedder: a question must be answered in well under a second, and the wiki's
~32k units (151 3Blue1Brown videos) embed in ~5 s with :class:`~vidwiki.static.StaticEmbedder`
against minutes with MiniLM. Why lazily, on the first question, rather than at build: it keeps
the build as fast as before for the wikis nobody asks, and the vectors of one video (one row per
video and kind, keyed by a hash of its texts) load in ~0.2 s for the whole wiki afterwards; a
changed video is the only one embedded again. ``serve`` opens the store read-only, so when no
``vidwiki ask`` has filled the table yet it embeds in memory (once per start) and writes nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

import numpy as np

from ..static import TABLE_SHA256, StaticEmbedder
from .corpus import AskCorpus

MODEL = "static:" + TABLE_SHA256[:16]
KINDS = ("transcript", "article")


def _sha(texts: list[str]) -> bytes:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.digest()[:16]


def unit_vectors(corpus: AskCorpus, db: sqlite3.Connection | None,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> tuple[np.ndarray, int]:
    """``(len(corpus.units), dims)`` float32 unit rows in unit order, and how many texts had to
    be embedded (0 when the store held them all). Vectors are written back when ``db`` allows."""
    embed = embed or StaticEmbedder.load().embed
    stored = _stored(db)
    groups: dict[tuple[str, str], list[int]] = {}
    for row, unit in enumerate(corpus.units):
        groups.setdefault((unit.video_id, unit.kind), []).append(row)
    parts: dict[tuple[str, str], np.ndarray] = {}
    fresh: list[tuple[str, str, bytes, np.ndarray]] = []
    missing: list[tuple[tuple[str, str], list[str], bytes]] = []
    for key, rows in groups.items():
        texts = corpus.embed_texts(*key)
        if len(texts) != len(rows):  # cannot happen for a consistent corpus; embed the units then
            texts = [corpus.units[r].text for r in rows]
        sha = _sha(texts)
        hit = stored.get(key)
        if hit is not None and hit[0] == sha:
            vecs = np.frombuffer(hit[1], dtype=np.float16).reshape(len(rows), -1)
            parts[key] = vecs.astype(np.float32)
        else:
            missing.append((key, texts, sha))
    embedded = 0
    if missing:
        flat = [t for _key, texts, _sha in missing for t in texts]
        vectors = embed(flat)
        embedded = len(flat)
        at = 0
        for key, texts, sha in missing:
            vecs = vectors[at : at + len(texts)]
            at += len(texts)
            parts[key] = vecs
            fresh.append((key[0], key[1], sha, vecs))
        _save(db, fresh, {u.video_id for u in corpus.units})
    dims = next(iter(parts.values())).shape[1] if parts else 1
    out = np.zeros((len(corpus.units), dims), dtype=np.float32)
    for key, rows in groups.items():
        out[rows] = parts[key]
    return out, embedded


def _stored(db: sqlite3.Connection | None) -> dict[tuple[str, str], tuple[bytes, bytes]]:
    if db is None:
        return {}
    try:
        rows = db.execute("SELECT video_id, kind, texts_sha, vectors FROM ask_vectors WHERE model = ?", (MODEL,))
        return {(vid, kind): (sha, blob) for vid, kind, sha, blob in rows}
    except sqlite3.OperationalError:  # a store from before the ask_vectors migration (opened read-only)
        return {}


def _save(db: sqlite3.Connection | None, fresh: list[tuple[str, str, bytes, np.ndarray]], videos: set[str]) -> None:
    """Store new vectors and drop other models' and those of videos the wiki no longer has; a
    read-only or busy store only loses the cache, never the answer."""
    if db is None or not fresh:
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM ask_vectors WHERE model != ?", (MODEL,))
        gone = {vid for (vid,) in db.execute("SELECT DISTINCT video_id FROM ask_vectors")} - videos
        db.executemany("DELETE FROM ask_vectors WHERE video_id = ?", ((vid,) for vid in gone))
        db.executemany("INSERT OR REPLACE INTO ask_vectors VALUES (?, ?, ?, ?, ?)",
                       [(MODEL, vid, kind, sha, vecs.astype(np.float16).tobytes()) for vid, kind, sha, vecs in fresh])
        db.execute("COMMIT")
    except sqlite3.OperationalError:
        if db.in_transaction:
            db.execute("ROLLBACK")
