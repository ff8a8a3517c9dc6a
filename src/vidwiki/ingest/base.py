"""What every format parser hands back, before and after clean-up.

A parser only knows its syntax: it produces ``RawCue``s (times plus the text lines as written)
and whatever the file says about its video. ``clean.build_cues`` then applies the clean-ups that
every format shares, so each rule lives in one place and behaves the same for SRT, VTT and JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vidwiki.records import CaptionTrack, Chapter, Word


@dataclass(slots=True)
class RawCue:
    """One cue as written in the file.

    ``speaker`` is a name the format states outright (JSON paragraphs, diarised utterances):
    ``None`` means the format says nothing, ``""`` that the previous speaker continues.
    """

    start: float
    end: float
    lines: list[str]
    line: int | None = None
    speaker: str | None = None
    speaker_change: bool = False
    words: list[Word] | None = None


@dataclass(slots=True)
class Parsed:
    """A parsed file: its main track plus what the file itself says about the video."""

    track: CaptionTrack
    video_id: str | None = None
    title: str | None = None
    chapters: list[Chapter] = field(default_factory=list)
    duration: float | None = None
    extra: list[CaptionTrack] = field(default_factory=list)


TextParser = Callable[[Path, str], Parsed]


@dataclass(frozen=True, slots=True)
class Format:
    """A registered caption format: how to recognise it and how to parse it.

    ``extensions`` are tried first; ``sniff`` recognises the content when the extension is
    missing or misleading (an SRT saved as ``.txt``, a VTT saved as ``.srt``).
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    parse: TextParser
