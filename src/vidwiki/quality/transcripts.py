"""Where the judge gets each video's timed sentences: the wiki's own store, or caption folders.

A vidwiki wiki keeps the sentences it cited in ``vidwiki.db``, so its pages are judged against
exactly the text they were written from. Any other vault (TubeGraph's, an old build) is judged
against caption folders given with ``--transcripts``: they are read by the same ingest and
transcript stages as a build and matched to pages by video id. A video with no transcript is not
an error: its transcript-free metrics still count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest import discover
from vidwiki.records import Sentence, VideoSource
from vidwiki.store import DB_NAME, Store
from vidwiki.transcript import build_sentences

__all__ = ["Transcript", "TranscriptSource", "folder_transcripts", "store_transcripts"]


@dataclass(frozen=True, slots=True)
class Transcript:
    video_id: str
    sentences: list[Sentence]
    duration: float | None
    title: str | None = None


class TranscriptSource:
    """Lazily built transcripts by video id (building sentences is the slow part)."""

    def __init__(self, loader, ids: set[str] | None = None, origin: str = "") -> None:
        self._loader = loader
        self._cache: dict[str, Transcript | None] = {}
        self.available = ids  # None: unknown until asked
        self.origin = origin

    def get(self, video_id: str) -> Transcript | None:
        if video_id not in self._cache:
            self._cache[video_id] = self._loader(video_id)
        return self._cache[video_id]


def store_transcripts(store: Store) -> TranscriptSource:
    """The sentences and durations a vidwiki build stored."""
    rows = store.db.execute("SELECT video_id, duration, title FROM videos").fetchall()
    meta = {vid: (duration, title) for vid, duration, title in rows}

    def load(video_id: str) -> Transcript | None:
        if video_id not in meta:
            return None
        sentences = store.sentences(video_id)
        if not sentences:
            return None
        duration, title = meta[video_id]
        return Transcript(video_id, sentences, duration, title)

    return TranscriptSource(load, set(meta), origin=str(store.path))


def folder_transcripts(root: Path) -> TranscriptSource:
    """Caption folders (any layout ingest reads), matched to pages by video id."""
    root = Path(root)
    if not root.exists():
        raise InputError(root, "no such transcripts folder")
    found, _problems = discover(root)
    by_id: dict[str, VideoSource] = {}
    for src in found:
        by_id.setdefault(src.meta.video_id, src)

    def load(video_id: str) -> Transcript | None:
        src = by_id.get(video_id)
        if src is None:
            return None
        sentences = build_sentences(src)
        if not sentences:
            return None
        duration = src.meta.duration or max(s.end for s in sentences)
        return Transcript(video_id, sentences, duration, src.meta.title)

    return TranscriptSource(load, set(by_id), origin=str(root))


def wiki_store(wiki: Path) -> Store | None:
    """The wiki's store when ``wiki`` is a vidwiki wiki folder, else None."""
    path = Path(wiki) / DB_NAME
    return Store(path) if path.is_file() else None
