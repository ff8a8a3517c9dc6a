"""Full-text search for ``serve``: an SQLite FTS5 index built at start-up, beside the store.

The index lives in a temporary file owned by the server, not in ``vidwiki.db``: ``serve`` never
writes to the store, so a build can run while the wiki is being read and the store stays exactly
what the build wrote. Building it takes about a second for a 150-video channel.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from markupsafe import Markup, escape

from ..render.reader import SearchHit
from ..render.search_docs import SearchDoc

_TERM = re.compile(r"[\w']+", re.UNICODE)
OPEN, CLOSE = "\x02", "\x03"
RANK_LIMIT = 1500  # matches above which results come in index order (articles first)
READERS = 16  # open read connections at most: searches beyond wait for one
CACHE_KIB = 1024  # SQLite page cache per connection (the file's pages are in the OS cache anyway)


def fts_query(text: str) -> str | None:
    """User text to an FTS5 query: every word must match (as a quoted prefix-free term), so no
    FTS5 operator or syntax error can come from the user."""
    terms = [t.replace("'", "") for t in _TERM.findall(text.lower())]
    terms = [t for t in terms if t]
    if not terms:
        return None
    return " ".join(f'"{t}"' for t in terms[:12])


class SearchIndex:
    """An FTS5 table of :class:`SearchDoc`; read connections are pooled and reused across requests
    (``serve`` runs a thread per connection: a connection per thread would open the index anew for
    every client, and leave one open per thread that has ever searched)."""

    def __init__(self, docs: list[SearchDoc]) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="vidwiki-search-")
        self.path = Path(self._dir.name) / "search.db"
        db = sqlite3.connect(self.path)
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, text, kind UNINDEXED, href UNINDEXED,"
            " seconds UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                       [(d.title, d.text, d.kind, d.href, d.seconds) for d in docs])
        db.execute("INSERT INTO docs(docs, rank) VALUES ('rank', 'bm25(2.0, 1.0)')")  # titles weigh double
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
        db.close()
        self._pool: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._free = threading.BoundedSemaphore(READERS)
        self._closed = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A read connection of the pool (opened while fewer than READERS are), back to it afterwards."""
        with self._free:
            try:
                db = self._pool.get_nowait()
            except queue.Empty:
                db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
                db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            try:
                yield db
            finally:
                if self._closed:
                    db.close()
                else:
                    self._pool.put(db)

    def search(self, text: str, limit: int = 30) -> list[SearchHit]:
        """Hits holding the words as a phrase first, then hits holding all the words.

        Ranking (bm25) costs time in proportion to the number of matches, so a query matching
        more than RANK_LIMIT documents (only very common words do) is answered in index order:
        every search stays within a few milliseconds.
        """
        query = fts_query(text)
        if query is None:
            return []
        terms = query.split()
        phrase = '"' + " ".join(t.strip('"') for t in terms) + '"'
        hits: list[SearchHit] = []
        seen: set[int] = set()
        with self._db() as db:
            for fts in ([phrase, query] if len(terms) > 1 else [query]):
                if len(hits) >= limit:
                    break
                hits += self._query(db, fts, limit - len(hits), seen)
        return hits

    def _query(self, db: sqlite3.Connection, fts: str, limit: int, seen: set[int]) -> list[SearchHit]:
        (matches,) = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (fts,)).fetchone()
        order = "ORDER BY rank" if matches <= RANK_LIMIT else ""
        rows = db.execute(
            f"SELECT rowid, kind, title, href, seconds, snippet(docs, 1, '{OPEN}', '{CLOSE}', '…', 24)"
            f" FROM docs WHERE docs MATCH ? {order} LIMIT ?",
            (fts, limit + len(seen)),
        ).fetchall()
        out = []
        for rowid, kind, title, href, seconds, snip in rows:
            if rowid in seen or len(out) >= limit:
                continue
            seen.add(rowid)
            out.append(SearchHit(kind, title, href, seconds, _marked(snip)))
        return out

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                break
        self._dir.cleanup()


def _marked(snippet: str) -> Markup:
    """Escape the snippet, then turn FTS5's match markers into <mark>."""
    return Markup(str(escape(snippet)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))
