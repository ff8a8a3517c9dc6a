"""Hybrid retrieval for ``vidwiki ask``: BM25 over FTS5 and sentence embeddings, fused by rank.

Words and meaning fail differently: BM25 finds "Hilbert curve" exactly and misses "space-filling
line" said another way; static embeddings find the paraphrase and blur names. Reciprocal rank
fusion (``1 / (K + rank)`` summed over both lists) needs no score calibration between the two.
Hits are then grouped into moments (one video, sentences within ``MOMENT_SECONDS`` of each other),
because a reader wants a place in a video, not a list of sentences from the same minute.

Fusion ranks, it does not judge: whether the channel covers the question at all is decided on
absolute evidence about the best moment (:attr:`Moment.relevance`): how much of the question's
rare vocabulary it holds and how close its meaning is.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..embeddings import Embedder
from ..static import StaticEmbedder
from ..topics.phrases import content_terms
from .corpus import AskCorpus

RRF_K = 60
DEPTH = 80  # hits taken from each list before fusion
MOMENT_SECONDS = 30.0
UNKNOWN_WEIGHT = 2.0  # a word no sentence of the wiki uses counts this many times its rarity
SCREEN_WEIGHT = 0.25  # of the cheap evidence (coverage + static cosine) beside MiniLM's similarity
CONFIRM_MOMENTS = 2  # moments whose sentences MiniLM compares with the question (~16 ms a sentence here)
CONFIRM_UNITS = 2  # ...their best units each
CONFIRM_WORDS = 30
REST_WEIGHT = 0.1  # a moment's further hits count this much: its best hit decides, more of them only break ties
# words that say what kind of question it is, not what it is about
QUESTION_WORDS = frozenset(
    "explain explains explained explanation describe describes discuss discusses talk talks mention mentions say "
    "says said mean means meaning video videos channel show shows tell tells happen happens happened idea "
    "actually really thing things way ways work works does did do get gets make makes".split()
)


class Embeds(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


@dataclass(slots=True)
class Moment:
    """A place in one video that answers the question: its sentences and how well it matches."""

    video_id: str
    idx: int  # the best-matching transcript sentence
    score: float  # fused rank score (sum over its hits)
    units: list[int] = field(default_factory=list)  # corpus unit rows, best first
    coverage: float = 0.0  # idf-weighted share of the question's terms found around the moment
    cosine: float = 0.0  # best static-embedding similarity of its units to the question
    precise: float = 0.0  # best MiniLM similarity of its best units to the question (top moments only)

    @property
    def relevance(self) -> float:
        """One number for the refusal threshold (calibrated in benchmarks/bench_ask.py): MiniLM
        tells a paraphrase from a topic that merely shares words; the vocabulary share catches
        a question about something the wiki never names."""
        return self.precise + SCREEN_WEIGHT * (self.coverage + self.cosine)


class Retriever:
    """FTS5 (in memory) and a matrix of unit vectors over one corpus; safe to share by threads."""

    def __init__(self, corpus: AskCorpus, vectors: np.ndarray, embedder: StaticEmbedder | None = None,
                 precise: Embeds | None = None) -> None:
        self.corpus = corpus
        self.vectors = vectors
        self.embedder = embedder or StaticEmbedder.load()
        self._precise = precise
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE u USING fts5(title, text,"
                         " tokenize = 'porter unicode61 remove_diacritics 2')")
        self._db.executemany("INSERT INTO u (rowid, title, text) VALUES (?, ?, ?)",
                             ((i + 1, unit.title, unit.text) for i, unit in enumerate(corpus.units)))
        self._db.execute("INSERT INTO u(u) VALUES ('optimize')")
        self._transcript = {(u.video_id, u.idx): i for i, u in enumerate(corpus.units) if u.kind == "transcript"}
        self._seconds = np.array([self._start(u.video_id, u.idx) for u in corpus.units], dtype=np.float64)

    def _start(self, video_id: str, idx: int) -> float:
        row = self.corpus.sentence(video_id, idx)
        return row[1] if row else 0.0

    def terms(self, question: str) -> list[str]:
        """The question's content words, as FTS5 terms (quoted, so no query syntax gets through)."""
        words = [w.replace('"', "") for w in content_terms(question)]
        return list(dict.fromkeys(w for w in words if w and w not in QUESTION_WORDS))[:16]

    def moments(self, question: str, limit: int = 5) -> list[Moment]:
        """The best moments for ``question``, best first (may be empty)."""
        terms = self.terms(question)
        query_vec = self.embedder.embed([question])[0]
        sims = self.vectors @ query_vec
        dense = np.argpartition(-sims, min(DEPTH, len(sims) - 1))[:DEPTH] if len(sims) else np.array([], int)
        dense = dense[np.argsort(-sims[dense])]
        fused: dict[int, float] = {}
        for rank, row in enumerate(dense.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        for rank, row in enumerate(self._bm25(terms)):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        groups: list[Moment] = []
        for row in sorted(fused, key=lambda r: -fused[r]):
            unit = self.corpus.units[row]
            t = self._seconds[row]
            home = next((g for g in groups if g.video_id == unit.video_id
                         and abs(self._seconds[g.units[0]] - t) <= MOMENT_SECONDS), None)
            if home is None:
                idx = unit.idx
                groups.append(Moment(unit.video_id, idx, fused[row], [row], cosine=float(sims[row])))
            else:
                home.score += REST_WEIGHT * fused[row]
                home.units.append(row)
                home.cosine = max(home.cosine, float(sims[row]))
        groups.sort(key=lambda g: -g.score)
        best = groups[: max(limit, 1) * 2]
        self._coverage(terms, best)
        self._confirm(question, best[:CONFIRM_MOMENTS])
        return best[:limit]

    def _confirm(self, question: str, moments: list[Moment]) -> None:
        """MiniLM on the few sentences that decide: ~10 texts, tens of milliseconds."""
        if not moments:
            return
        if self._precise is None:
            self._precise = Embedder.load()
        # a sentence's first words say what it is about; a 200-word run-on would pad every row
        texts = [[" ".join(self.corpus.units[r].text.split()[:CONFIRM_WORDS]) for r in m.units[:CONFIRM_UNITS]]
                 for m in moments]
        vectors = self._precise.embed([question] + [t for group in texts for t in group])
        at = 1
        for moment, group in zip(moments, texts, strict=True):
            moment.precise = float((vectors[at : at + len(group)] @ vectors[0]).max())
            at += len(group)

    def _bm25(self, terms: list[str]) -> list[int]:
        if not terms:
            return []
        query = " OR ".join(f'"{t}"' for t in terms)
        with self._lock:
            rows = self._db.execute("SELECT rowid FROM u WHERE u MATCH ? ORDER BY bm25(u, 0.5, 1.0) LIMIT ?",
                                    (query, DEPTH)).fetchall()
        return [r - 1 for (r,) in rows]

    def _window(self, moment: Moment) -> list[int]:
        """The moment's units and the transcript sentences either side of them."""
        rows = set(moment.units)
        for row in moment.units:
            unit = self.corpus.units[row]
            for idx in range(unit.idx - 2, unit.idx + 3):
                near = self._transcript.get((unit.video_id, idx))
                if near is not None:
                    rows.add(near)
        return sorted(rows)

    def _coverage(self, terms: list[str], moments: list[Moment]) -> None:
        """Set each moment's share of the question's vocabulary, each term weighted by its rarity
        in the whole wiki (a term the wiki never uses weighs most: the question is elsewhere)."""
        if not terms or not moments:
            return
        total = len(self.corpus.units)
        windows = [set(self._window(m)) for m in moments]
        every = sorted({r + 1 for w in windows for r in w})
        marks = ",".join("?" * len(every))
        weights: dict[str, float] = {}
        present: dict[str, set[int]] = {}
        with self._lock:
            for term in terms:
                (df,) = self._db.execute("SELECT count(*) FROM u WHERE u MATCH ?", (f'"{term}"',)).fetchone()
                weights[term] = math.log((total + 1) / (df + 0.5)) * (UNKNOWN_WEIGHT if df == 0 else 1.0)
                present[term] = {r - 1 for (r,) in self._db.execute(
                    f"SELECT rowid FROM u WHERE u MATCH ? AND rowid IN ({marks})", (f'"{term}"', *every))}
        whole = sum(weights.values()) or 1.0
        for moment, window in zip(moments, windows, strict=True):
            moment.coverage = sum(w for t, w in weights.items() if present[t] & window) / whole

    def close(self) -> None:
        self._db.close()
