"""Writing a build's results as the difference from the last one, in one transaction.

An update that adds one video changes a few dozen of thousands of rows; rewriting every table
(as builds first did) costs seconds on a 150-video channel. Here each table is
compared with what it holds and only rows that differ are deleted or written, inside one
transaction, so a crash leaves the previous build or this one, never a mix.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from ..records import Sentence
from .db import PageRow, Store

VIDEO_COLUMNS = ("video_id", "channel", "channel_title", "title", "duration", "upload_date", "url",
                 "auto_captions", "track_path", "track_format", "source_hash", "chapters_json", "status",
                 "media_path")
PAGE_COLUMNS = ("slug", "path", "kind", "channel", "video_id", "title", "sha256", "support")


@dataclass(slots=True)
class PreviousBuild:
    """What the last build left in the store that an update compares against."""

    videos: dict[str, str] = field(default_factory=dict)  # video id -> status
    sources: dict[str, dict] = field(default_factory=dict)  # video id -> light source JSON
    source_hash: dict[str, str] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)
    topics: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


def previous_build(store: Store) -> PreviousBuild:
    db = store.db
    prev = PreviousBuild()
    for vid, status, shash in db.execute("SELECT video_id, status, source_hash FROM videos"):
        prev.videos[vid] = status
        prev.source_hash[vid] = shash
    prev.sources = {vid: json.loads(raw) for vid, raw in db.execute("SELECT video_id, source_json FROM video_sources")}
    prev.pages = {slug for (slug,) in db.execute("SELECT slug FROM pages")}
    prev.topics = {(v, p): (t, a) for v, p, t, a in
                   db.execute("SELECT video_id, position, topic_slug, article_slug FROM video_topics")}
    prev.aliases = dict(db.execute("SELECT alias, slug FROM slug_aliases"))
    return prev


@dataclass(slots=True)
class BuildRows:
    """Everything a build produced, as rows."""

    videos: list[dict]
    sources: dict[str, dict]
    sentences: dict[str, list[Sentence]]  # only videos whose sentences are new or changed
    topics: list[dict]
    video_topics: list[dict]
    pages: list[PageRow]
    citations: list[tuple[str, str, int, float]]
    links: list[tuple[str, str]]
    slugs: dict[str, str]
    aliases: dict[str, str]
    meta: dict[str, str]


def write_build(store: Store, rows: BuildRows) -> int:
    """Bring the store in line with ``rows``; returns how many page rows were written or deleted."""
    with store.transaction() as db:
        present = {v["video_id"] for v in rows.videos}
        for (vid,) in db.execute("SELECT DISTINCT video_id FROM sentences").fetchall():
            if vid not in present:
                db.execute("DELETE FROM sentences WHERE video_id = ?", (vid,))
        for vid, sents in rows.sentences.items():
            db.execute("DELETE FROM sentences WHERE video_id = ?", (vid,))
            db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)",
                           [(vid, s.index, s.start, s.end, s.text, s.speaker) for s in sents])
        _sync(db, "videos", VIDEO_COLUMNS, 1, [tuple(v[c] for c in VIDEO_COLUMNS) for v in rows.videos])
        _sync(db, "video_sources", ("video_id", "source_json"), 1,
              [(vid, json.dumps(data, sort_keys=True, ensure_ascii=False)) for vid, data in rows.sources.items()])
        _sync(db, "topics", ("slug", "channel", "key", "label", "aliases_json", "video_count"), 1,
              [(t["slug"], t["channel"], t["key"], t["label"], t["aliases_json"], t["video_count"]) for t in rows.topics],
              unique=("channel", "key"))
        vt_cols = ("video_id", "position", "title", "key", "first_idx", "last_idx", "topic_slug", "article_slug")
        _sync(db, "video_topics", vt_cols, 2, [tuple(r[c] for c in vt_cols) for r in rows.video_topics])
        written = _sync_pages(db, rows.pages)
        _sync_citations(db, rows.citations)
        _sync(db, "links", ("page_slug", "target_slug"), 2, sorted(set(rows.links)))
        _sync(db, "slugs", ("key", "slug"), 1, sorted(rows.slugs.items()), unique=("slug",))
        _sync(db, "slug_aliases", ("alias", "slug"), 1, sorted(rows.aliases.items()))
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(rows.meta.items()))
    return written


def _sync(db: sqlite3.Connection, table: str, columns: tuple[str, ...], key_len: int, rows: list[tuple],
          unique: tuple[str, ...] = ()) -> int:
    """Delete rows whose key is gone or whose values differ, insert the new and changed ones.

    ``unique`` names another unique constraint: rows holding a value another key now takes are
    deleted first, so a swap of two slugs never trips it.
    """
    cols = ", ".join(f'"{c}"' for c in columns)
    old = {row[:key_len]: row for row in db.execute(f"SELECT {cols} FROM {table}")}
    new = {row[:key_len]: row for row in rows}
    stale = [k for k, row in old.items() if new.get(k) != row]
    if unique:
        idx = [columns.index(c) for c in unique]
        taken = {tuple(row[i] for i in idx): k for k, row in new.items()}
        stale += [k for k, row in old.items() if taken.get(tuple(row[i] for i in idx), k) != k and k not in stale]
    where = " AND ".join(f'"{c}" = ?' for c in columns[:key_len])
    db.executemany(f"DELETE FROM {table} WHERE {where}", stale)
    fresh = [row for k, row in new.items() if old.get(k) != row]
    marks = ", ".join("?" for _ in columns)
    db.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", fresh)
    return len(fresh) + len(set(old) - set(new))


def _sync_pages(db: sqlite3.Connection, pages: list[PageRow]) -> int:
    """Pages compared by their sha256, so the (large) markdown is read only when it changed."""
    cols = ", ".join(PAGE_COLUMNS)
    old = {row[0]: row for row in db.execute(f"SELECT {cols} FROM pages")}
    new = {p.slug: p for p in pages}
    stale = [(slug,) for slug, row in old.items()
             if slug not in new or _page_tuple(new[slug]) != row]
    db.executemany("DELETE FROM pages WHERE slug = ?", stale)
    fresh = [p for slug, p in new.items() if _page_tuple(p) != old.get(slug)]
    db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(p.slug, p.path, p.kind, p.channel, p.video_id, p.title, p.markdown, p.sha256, p.support)
                    for p in fresh])
    return len(fresh) + len(set(old) - set(new))


def _page_tuple(p: PageRow) -> tuple:
    return (p.slug, p.path, p.kind, p.channel, p.video_id, p.title, p.sha256, p.support)


def _sync_citations(db: sqlite3.Connection, citations: list[tuple[str, str, int, float]]) -> None:
    """Citations replaced page by page, only for pages whose citations changed."""
    old: dict[str, list[tuple]] = {}
    for row in db.execute("SELECT page_slug, video_id, idx, t FROM citations ORDER BY rowid"):
        old.setdefault(row[0], []).append(tuple(row))
    new: dict[str, list[tuple]] = {}
    for row in citations:
        new.setdefault(row[0], []).append(tuple(row))
    for slug in set(old) | set(new):
        if old.get(slug) != new.get(slug):
            db.execute("DELETE FROM citations WHERE page_slug = ?", (slug,))
            db.executemany("INSERT INTO citations VALUES (?, ?, ?, ?)", new.get(slug, []))
