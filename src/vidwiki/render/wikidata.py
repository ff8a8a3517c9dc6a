"""Everything the reader shows, loaded once from the store (the source of truth), read-only.

The reader never looks at the vault: pages come from the ``pages`` table, transcripts from
``sentences``, the graph from ``video_topics`` and ``links``. The store is opened with SQLite's
``mode=ro`` so neither ``serve`` nor an export can change it.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import VidwikiError
from ..store import DB_NAME

AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac"}
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(slots=True)
class Video:
    video_id: str
    channel: str
    channel_title: str
    title: str
    duration: float
    upload_date: str | None
    url: str
    media_path: str | None
    key: str  # the file-name stem of the video's page: the id when it is URL-safe

    @property
    def is_youtube(self) -> bool:
        """A YouTube video id (11 URL-safe characters) gets the embedded YouTube player."""
        return self.media_path is None and bool(re.fullmatch(r"[A-Za-z0-9_-]{11}", self.video_id))

    @property
    def media_kind(self) -> str | None:
        if not self.media_path:
            return None
        return "audio" if Path(self.media_path).suffix.lower() in AUDIO_SUFFIXES else "video"

    @property
    def media_name(self) -> str | None:
        """File name of the media copy in an export (the key plus the original suffix)."""
        if not self.media_path:
            return None
        suffix = Path(self.media_path).suffix.lower()
        return self.key + (suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else "")


@dataclass(slots=True)
class Page:
    slug: str
    path: str  # vault path, e.g. "3blue1brown/some_topic.md"
    kind: str  # article | topic | hub
    channel: str
    video_id: str | None
    title: str
    markdown: str


@dataclass(slots=True)
class Citation:
    video_id: str
    idx: int
    t: float


@dataclass(slots=True)
class WikiData:
    pages: dict[str, Page]
    videos: dict[str, Video]
    channels: dict[str, str]  # channel slug -> display title
    sentences: dict[str, list[tuple[int, float, float, str]]]  # video -> (idx, start, end, text)
    video_topics: dict[str, list[tuple[str, str]]]  # video -> [(topic_slug, article_slug)] in order
    topic_labels: dict[str, str]
    citations: dict[str, list[Citation]]  # page slug -> citations
    links: dict[str, list[str]]  # page slug -> target slugs
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    _starts: dict[str, list[float]] = field(default_factory=dict)

    # --- lookups ---------------------------------------------------------------------------
    def hub(self, channel: str) -> Page | None:
        return next((p for p in self.pages.values() if p.kind == "hub" and p.channel == channel), None)

    def articles_of(self, video_id: str) -> list[Page]:
        slugs = [a for _t, a in self.video_topics.get(video_id, [])]
        return [self.pages[s] for s in slugs if s in self.pages]

    def topic_page_of(self, page: Page) -> Page | None:
        """The topic page gathering this article's topic across videos, when there is one."""
        for topic, article in self.video_topics.get(page.video_id or "", []):
            if article == page.slug and topic != page.slug:
                found = self.pages.get(topic)
                return found if found and found.kind == "topic" else None
        return None

    def videos_of_topic(self, topic_slug: str) -> list[tuple[Video, Page | None]]:
        out = []
        for vid, pairs in self.video_topics.items():
            for topic, article in pairs:
                if topic == topic_slug and vid in self.videos:
                    out.append((self.videos[vid], self.pages.get(article)))
        return sorted(out, key=lambda va: (va[0].upload_date or "", va[0].title))

    def videos_of_channel(self, channel: str) -> list[Video]:
        vids = [v for v in self.videos.values() if v.channel == channel]
        return sorted(vids, key=lambda v: (v.upload_date or "", v.title))

    def sentence_at(self, video_id: str, seconds: float) -> int | None:
        """Index (in the list) of the sentence being spoken at ``seconds``."""
        starts = self._starts.get(video_id)
        if starts is None:
            starts = self._starts[video_id] = [s[1] for s in self.sentences.get(video_id, [])]
        if not starts:
            return None
        return max(0, bisect.bisect_right(starts, seconds + 0.999) - 1)

    def words_at(self, video_id: str, seconds: float, limit: int = 60) -> str:
        """The transcript words at a timestamp: the sentence spoken then (and the next, if short)."""
        pos = self.sentence_at(video_id, seconds)
        if pos is None:
            return ""
        rows = self.sentences[video_id]
        words = rows[pos][3].split()
        if len(words) < 12 and pos + 1 < len(rows):
            words += rows[pos + 1][3].split()
        return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def store_signature(wiki: Path) -> tuple[float, ...]:
    """Changes whenever a build commits to the wiki's store (the database or its WAL)."""
    db_path = wiki / DB_NAME
    out: list[float] = []
    for path in (db_path, db_path.with_name(DB_NAME + "-wal")):
        try:
            st = path.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


def load(wiki: Path) -> WikiData:
    """Read a wiki's store into memory; a clear one-line error when it is not a wiki."""
    db_path = wiki / DB_NAME if wiki.is_dir() else wiki
    if not db_path.is_file():
        raise VidwikiError(f"{wiki}: not a vidwiki wiki (no {DB_NAME}; run `vidwiki build` first)")
    try:
        db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            db.execute("BEGIN")  # one snapshot: a build committing meanwhile is seen whole or not at all
            return _read(db)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise VidwikiError(f"{db_path}: not a usable vidwiki store ({exc})") from exc


def _read(db: sqlite3.Connection) -> WikiData:
    cols = {r[1] for r in db.execute("PRAGMA table_info(videos)")}
    media = "media_path" if "media_path" in cols else "NULL"
    videos: dict[str, Video] = {}
    channels: dict[str, str] = {}
    taken: set[str] = set()
    for vid, channel, ctitle, title, duration, date, url, mpath in db.execute(
        f"SELECT video_id, channel, channel_title, title, duration, upload_date, url, {media}"
        " FROM videos WHERE status = 'active' ORDER BY video_id"
    ):
        key = vid if _SAFE_ID.fullmatch(vid) and vid.lower() not in taken else f"v{len(videos):05d}"
        taken.add(key.lower())
        if mpath and not Path(mpath).is_file():
            mpath = None  # the media file has moved away since the build: fall back to YouTube
        videos[vid] = Video(vid, channel, ctitle, title, duration, date, url, mpath, key)
        channels.setdefault(channel, ctitle or channel)
    pages = {
        slug: Page(slug, path, kind, channel, vid, title, md)
        for slug, path, kind, channel, vid, title, md in db.execute(
            "SELECT slug, path, kind, channel, video_id, title, markdown FROM pages ORDER BY path"
        )
    }
    for page in pages.values():
        channels.setdefault(page.channel, page.channel)
    sentences: dict[str, list[tuple[int, float, float, str]]] = defaultdict(list)
    for vid, idx, start, end, text in db.execute(
        'SELECT video_id, idx, start, "end", text FROM sentences ORDER BY video_id, idx'
    ):
        sentences[vid].append((idx, start, end, text))
    video_topics: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for vid, topic, article in db.execute(
        "SELECT video_id, topic_slug, article_slug FROM video_topics ORDER BY video_id, position"
    ):
        video_topics[vid].append((topic, article))
    labels = {slug: label for slug, label in db.execute("SELECT slug, label FROM topics")}
    citations: dict[str, list[Citation]] = defaultdict(list)
    for slug, vid, idx, t in db.execute("SELECT page_slug, video_id, idx, t FROM citations ORDER BY page_slug, t"):
        citations[slug].append(Citation(vid, idx, t))
    links: dict[str, list[str]] = defaultdict(list)
    backlinks: dict[str, list[str]] = defaultdict(list)
    for src, dst in db.execute("SELECT page_slug, target_slug FROM links ORDER BY page_slug, target_slug"):
        if src in pages and dst in pages:
            links[src].append(dst)
            backlinks[dst].append(src)
    return WikiData(pages, videos, channels, dict(sentences), dict(video_topics), labels,
                    dict(citations), dict(links), dict(backlinks))

