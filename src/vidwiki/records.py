"""Plain records passed between pipeline stages.

Data flows one way: ingest produces ``CaptionTrack``s grouped into ``VideoSource``s, transcript
turns a track into ``Sentence``s, topics and write work on sentences, cite and link decorate the
written ``Article``s, store persists everything, render writes files. Records are plain
dataclasses so every stage can be tested without the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word with its own timing (from inline VTT tags or word_timings.json)."""

    text: str
    start: float
    end: float


@dataclass(slots=True)
class Cue:
    """One caption cue after parsing and clean-up.

    ``text`` is plain text: markup stripped, entities decoded, non-speech cues removed,
    whitespace normalised. ``speaker`` is a name when the format gives one, ``">>"``-style
    anonymous turns become ``speaker_change=True``. ``line`` is the 1-based line in the source
    file where the cue starts, for error messages.
    """

    start: float
    end: float
    text: str
    speaker: str | None = None
    speaker_change: bool = False
    words: list[Word] | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Chapter:
    title: str
    start: float
    end: float | None = None


@dataclass(slots=True)
class VideoMeta:
    """What is known about a video, from a yt-dlp ``.info.json`` or else from file names.

    ``duration`` falls back to the end of the last cue when no sidecar gives it.
    ``channel`` is the display name, ``channel_handle`` the ``@handle`` without the ``@``.
    """

    video_id: str
    title: str | None = None
    channel: str | None = None
    channel_handle: str | None = None
    duration: float | None = None
    upload_date: str | None = None  # YYYY-MM-DD
    chapters: list[Chapter] = field(default_factory=list)
    language: str | None = None
    webpage_url: str | None = None
    media_path: str | None = None  # absolute path of a local audio/video file of this video


@dataclass(slots=True)
class CaptionTrack:
    """One parsed caption file.

    ``fmt`` names the parser ("srt", "vtt", "vtt-rolling", "whisper-json", "sentence-timings",
    "word-timings", "transcript-api-json", "json3", "timedtext-xml", "speaker-json", ...).
    ``auto`` is True for machine captions (YouTube ASR, Whisper), decided from metadata and
    file names, never from the text. ``sentences`` is True when each cue is already one sentence
    (sentence_timings.json).
    """

    path: Path
    fmt: str
    cues: list[Cue]
    auto: bool
    sentences: bool = False
    language: str | None = None


@dataclass(slots=True)
class VideoSource:
    """Everything ingest found for one video: metadata plus the best track and word timings.

    ``track`` is the most precise human track available; ``words`` comes from a
    word-timings file or the chosen track's inline timings, when present. ``files`` lists every
    file that contributed (for content hashing and error messages).
    """

    meta: VideoMeta
    track: CaptionTrack
    files: list[Path]
    words: list[Word] | None = None
    alternatives: list[CaptionTrack] = field(default_factory=list)
    folder: Path | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A timed transcript sentence; ``index`` is its 0-based id within the video ("S12")."""

    index: int
    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that was skipped, with a one-line reason (and line where known).

    ``video_id`` is the video the file belongs to by its name or sidecar, where that is known
    without reading it: a bad file of a video that was built from another file lost nothing.
    """

    path: Path
    message: str
    line: int | None = None
    video_id: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"
