"""The store: one SQLite file (WAL), the source of truth the vault is rendered from."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from ..records import Sentence
from .migrations import migrate

DB_NAME = "vidwiki.db"


@dataclass(frozen=True, slots=True)
class PageRow:
    slug: str
    path: str
    kind: str
    channel: str
    video_id: str | None
    title: str
    markdown: str
    sha256: str
    support: float | None = None


class Store:
    """Typed access to ``vidwiki.db``; every write method commits its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            migrate(self.db)
            self._touched: dict[str, set[str]] = {}
        except sqlite3.DatabaseError as exc:
            if is_full_disk(exc):  # migrating a new store writes its schema
                raise full_disk_error(self.path.parent) from exc
            raise StoreError(f"{self.path}: not a usable vidwiki store ({exc})") from exc

    @classmethod
    def in_wiki(cls, wiki: Path) -> Store:
        wiki.mkdir(parents=True, exist_ok=True)
        return cls(wiki / DB_NAME)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back itself (a full disk does)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- sources --------------------------------------------------------------------------
    def source_signatures(self) -> dict[str, tuple[int, int, str]]:
        rows = self.db.execute("SELECT path, size, mtime_ns, sha256 FROM sources")
        return {p: (s, m, h) for p, s, m, h in rows}

    def save_sources(self, rows: Iterable[tuple[str, int, int, str]]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sources")
            db.executemany("INSERT INTO sources (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)", rows)

    # --- per-stage cache ------------------------------------------------------------------
    def cached(self, stage: str, key: str) -> object | None:
        self._touched.setdefault(stage, set()).add(key)
        row = self.db.execute("SELECT value FROM stage_cache WHERE stage = ? AND key = ?", (stage, key)).fetchone()
        return json.loads(row[0]) if row else None

    def cache_keys(self, stage: str) -> set[str]:
        """The keys cached for ``stage``, without reading (or touching) their values."""
        return {k for (k,) in self.db.execute("SELECT key FROM stage_cache WHERE stage = ?", (stage,))}

    def touch(self, stage: str, key: str) -> None:
        """Keep a cache entry this build still depends on without reading it (see prune_untouched)."""
        self._touched.setdefault(stage, set()).add(key)

    def put_cache(self, stage: str, key: str, value: object) -> None:
        self._touched.setdefault(stage, set()).add(key)
        self.db.execute(
            "INSERT OR REPLACE INTO stage_cache VALUES (?, ?, ?)", (stage, key, json.dumps(value, ensure_ascii=False))
        )

    def prune_untouched(self) -> int:
        """Drop cache entries of this build's stages that this build did not ask for.

        Called after a complete build: what it did not look up belongs to inputs or options that
        are gone, so the cache never grows past one build's worth.
        """
        dropped = 0
        with self.transaction() as db:
            for stage, keep in self._touched.items():
                keys = [k for (k,) in db.execute("SELECT key FROM stage_cache WHERE stage = ?", (stage,))]
                stale = [(stage, k) for k in keys if k not in keep]
                db.executemany("DELETE FROM stage_cache WHERE stage = ? AND key = ?", stale)
                dropped += len(stale)
        return dropped

    # --- slugs ----------------------------------------------------------------------------
    def slugs(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, slug FROM slugs"))

    def pages(self) -> list[PageRow]:
        rows = self.db.execute(
            "SELECT slug, path, kind, channel, video_id, title, markdown, sha256, support FROM pages ORDER BY path"
        )
        return [PageRow(*row) for row in rows]

    def durations(self) -> dict[str, float]:
        return dict(self.db.execute("SELECT video_id, duration FROM videos"))

    def sentences(self, video_id: str) -> list[Sentence]:
        rows = self.db.execute(
            'SELECT idx, start, "end", text, speaker FROM sentences WHERE video_id = ? ORDER BY idx', (video_id,)
        )
        return [Sentence(*row) for row in rows]

    def rendered(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, sha256 FROM rendered"))

    def set_rendered(self, files: dict[str, str]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM rendered")
            db.executemany("INSERT INTO rendered VALUES (?, ?)", sorted(files.items()))


@contextmanager
def wiki_lock(wiki: Path, name: str, busy: str) -> Iterator[None]:
    """Hold the lock file ``wiki/name`` or fail at once with ``wiki: busy``: never interleave two runs."""
    wiki.mkdir(parents=True, exist_ok=True)
    fd = os.open(wiki / name, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(f"{wiki}: {busy}") from exc
        yield
    finally:
        os.close(fd)


def build_lock(wiki: Path) -> AbstractContextManager[None]:
    """Refuse a second concurrent build of the same wiki instead of interleaving two."""
    return wiki_lock(wiki, ".vidwiki.lock", "another vidwiki build is running on this wiki")


FULL_DISK = (errno.ENOSPC, errno.EDQUOT)


def is_full_disk(exc: BaseException) -> bool:
    """True for the store's or the file system's "no space left": SQLite says SQLITE_FULL, a
    file write says ENOSPC (or EDQUOT, a quota)."""
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in FULL_DISK


@contextmanager
def full_disk_as_error(wiki: Path) -> Iterator[None]:
    """A full disk is the user's to fix, so it reads as one line, not a traceback.

    Nothing is lost by stopping there: each store write is one transaction (rolled back when the
    disk fills), each vault file is written aside and renamed, so the same command, run again
    once there is space, takes up where this one stopped.
    """
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        if not is_full_disk(exc):
            raise
        raise full_disk_error(wiki) from exc


def full_disk_error(wiki: Path) -> StoreError:
    return StoreError(f"{wiki}: no space left on the device; free some space and run the same command again "
                      "(the work done so far is kept)")
