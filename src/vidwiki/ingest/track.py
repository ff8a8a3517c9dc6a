"""Turning a parser's raw cues into a ``CaptionTrack``, the last step every parser shares."""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import RawCue
from vidwiki.ingest.clean import build_cues
from vidwiki.ingest.names import auto_from_name, language_from_name
from vidwiki.records import CaptionTrack

# The longest real cue we have seen holds about 10,000 characters (an 11-minute sentence-timings
# entry); a cue of megabytes is a corrupted file, and would cost minutes in every later stage.
MAX_CUE_CHARS = 200_000


def finish(
    path: Path,
    fmt: str,
    raws: list[RawCue],
    *,
    auto: bool | None = None,
    language: str | None = None,
    sentences: bool = False,
    speakers: bool = True,
) -> CaptionTrack:
    """Clean ``raws`` into a track; the file name decides ``auto``/language unless given.

    A file whose every cue is empty or a sound label is an error: it has nothing to cite, and so
    is a cue of more than ``MAX_CUE_CHARS`` characters.
    """
    if not raws:
        raise InputError(path, f"no cues found ({fmt})")
    for raw in raws:
        size = sum(len(line) for line in raw.lines)
        if size > MAX_CUE_CHARS:
            raise InputError(path, f"a cue of {size:,} characters: too large for a caption", raw.line)
    cues = build_cues(raws, speakers=speakers)
    if not cues:
        raise InputError(path, "no caption text: every cue is empty or a sound label", raws[0].line)
    named = auto_from_name(path)
    return CaptionTrack(
        path=path,
        fmt=fmt,
        cues=cues,
        auto=named if named is not None else bool(auto),
        sentences=sentences,
        language=language_from_name(path) or language,
    )
