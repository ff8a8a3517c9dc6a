"""Schema of the store, grown by append-only named migrations recorded in ``_migrations``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- every input file seen, so unchanged files are not hashed again
        CREATE TABLE sources (
            path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL, video_id TEXT
        );
        CREATE TABLE videos (
            video_id TEXT PRIMARY KEY, channel TEXT NOT NULL, channel_title TEXT NOT NULL,
            title TEXT NOT NULL, duration REAL NOT NULL, upload_date TEXT, url TEXT NOT NULL,
            auto_captions INTEGER NOT NULL, track_path TEXT NOT NULL, track_format TEXT NOT NULL,
            source_hash TEXT NOT NULL, chapters_json TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'active'
        );
        CREATE TABLE sentences (
            video_id TEXT NOT NULL, idx INTEGER NOT NULL, start REAL NOT NULL, "end" REAL NOT NULL,
            text TEXT NOT NULL, speaker TEXT, PRIMARY KEY (video_id, idx)
        ) WITHOUT ROWID;
        CREATE TABLE topics (
            slug TEXT PRIMARY KEY, channel TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
            aliases_json TEXT NOT NULL, video_count INTEGER NOT NULL, UNIQUE (channel, key)
        );
        CREATE TABLE video_topics (
            video_id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, key TEXT NOT NULL,
            first_idx INTEGER NOT NULL, last_idx INTEGER NOT NULL, topic_slug TEXT NOT NULL,
            article_slug TEXT NOT NULL, PRIMARY KEY (video_id, position)
        );
        CREATE TABLE pages (
            slug TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
            channel TEXT NOT NULL, video_id TEXT, title TEXT NOT NULL, markdown TEXT NOT NULL,
            sha256 TEXT NOT NULL, support REAL
        );
        CREATE TABLE citations (
            page_slug TEXT NOT NULL, video_id TEXT NOT NULL, idx INTEGER NOT NULL, t REAL NOT NULL
        );
        CREATE INDEX citations_page ON citations (page_slug);
        CREATE TABLE links (page_slug TEXT NOT NULL, target_slug TEXT NOT NULL, PRIMARY KEY (page_slug, target_slug)) WITHOUT ROWID;
        CREATE TABLE slugs (key TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE);
        -- results of per-video stages keyed by a hash of everything they depend on
        CREATE TABLE stage_cache (stage TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (stage, key)) WITHOUT ROWID;
        -- files the renderer wrote, so it only ever deletes its own
        CREATE TABLE rendered (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
        """
    )


@migration
def m002_media(db: sqlite3.Connection) -> None:
    """A video's local audio/video file, played by the reader instead of the YouTube embed."""
    db.execute("ALTER TABLE videos ADD COLUMN media_path TEXT")


@migration
def m005_update_video_sources(db: sqlite3.Connection) -> None:
    """What each video was discovered as (metadata, track, files; no cues), so a video removed
    from the inputs can still be listed and its pages kept."""
    db.execute("CREATE TABLE video_sources (video_id TEXT PRIMARY KEY, source_json TEXT NOT NULL)")


@migration
def m005_update_slug_aliases(db: sqlite3.Connection) -> None:
    """Old slugs of renamed pages and the page each now leads to (front matter ``aliases``)."""
    db.execute("CREATE TABLE slug_aliases (alias TEXT PRIMARY KEY, slug TEXT NOT NULL)")


@migration
def m002_eval_embeddings(db: sqlite3.Connection) -> None:
    """Sentence vectors for ``vidwiki eval`` (quality/vectors.py), keyed by model and text hash,
    so a second evaluation or a re-build's quality summary embeds only new text."""
    db.executescript(
        """
        CREATE TABLE eval_embeddings (
            model TEXT NOT NULL, text_sha BLOB NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY (model, text_sha)
        ) WITHOUT ROWID;
        """
    )


def migrate(db: sqlite3.Connection) -> None:
    """Apply the migrations not yet recorded, each with its record in one transaction.

    So a process killed while it creates a store leaves either no trace of a migration or all of
    it, and the next run applies the missing ones (a half-made schema would fail it with "table
    ... already exists"). ``executescript`` commits before it runs a script, so migrations run
    their scripts through ``_Transactional``, one statement at a time, inside the transaction.
    """
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            fn(_Transactional(db))  # type: ignore[arg-type]
            db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (name,))
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


class _Transactional:
    """A connection whose ``executescript`` stays inside the open transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)

    def executescript(self, script: str) -> None:
        for statement in statements(script):
            self._db.execute(statement)


def statements(script: str) -> list[str]:
    """The SQL statements of ``script``, split where SQLite says a statement is complete (so a
    ``;`` inside a string or a comment does not split one)."""
    found, start = [], 0
    for end, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start:end + 1]):
            found.append(script[start:end + 1])
            start = end + 1
    return found


@migration
def m004_llm_calls(db: sqlite3.Connection) -> None:
    """Model replies keyed by a hash of model + request (re-runs free, crashed runs resume),
    and the token/time ledger of every build that called a model."""
    db.executescript(
        """
        CREATE TABLE llm_calls (
            key TEXT PRIMARY KEY, model TEXT NOT NULL, reply TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
            seconds REAL NOT NULL, created_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE llm_ledger (
            id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, writer TEXT NOT NULL, ledger_json TEXT NOT NULL
        );
        """
    )


@migration
def m006_ask_vectors(db: sqlite3.Connection) -> None:
    """Sentence vectors for ``vidwiki ask`` (ask/vectors.py): one row per video and kind of text,
    keyed by the embedder and a hash of the texts, so a question never embeds a sentence twice."""
    db.executescript(
        """
        CREATE TABLE ask_vectors (
            model TEXT NOT NULL, video_id TEXT NOT NULL, kind TEXT NOT NULL,
            texts_sha BLOB NOT NULL, vectors BLOB NOT NULL,
            PRIMARY KEY (model, video_id, kind)
        ) WITHOUT ROWID;
        """
    )
