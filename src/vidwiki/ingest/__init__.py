"""ingest stage: caption files (and yt-dlp sidecars) in, ``VideoSource``s out.

Public API, which the other stages code against:

* ``parse_file(path) -> CaptionTrack``: one caption file, format detected from extension and
  content; bad input raises ``InputError`` (one line, naming the line where known).
* ``discover(root) -> (videos, problems)``: every video under a folder, one ``VideoSource`` each,
  plus one ``Problem`` per skipped file.
* ``read_info_json(path) -> VideoMeta``: a yt-dlp ``.info.json`` sidecar.

Formats: SRT, WebVTT (plain, YouTube rolling auto-captions, paint-on), SBV, Whisper JSON (plain
and Replicate), 3Blue1Brown sentence/word timings, youtube-transcript-api JSON, json3, timedtext
XML (legacy and srv3), speaker-paragraph JSON, diarised utterance JSON, player-scrape CSV and the
transcript-panel copy-paste. See ``detect.FORMATS`` for the registry.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.ingest.detect import CAPTION_EXTENSIONS, FORMATS, parse_any
from vidwiki.ingest.discover import discover, rank_tracks
from vidwiki.ingest.sidecar import read_info_json
from vidwiki.records import CaptionTrack

__all__ = [
    "CAPTION_EXTENSIONS",
    "FORMATS",
    "discover",
    "parse_file",
    "rank_tracks",
    "read_info_json",
]


def parse_file(path: Path | str) -> CaptionTrack:
    """Parse one caption file into a cleaned ``CaptionTrack``.

    Raises ``InputError`` for unreadable, empty, binary or malformed files; no other exception
    escapes for bad input. A scrape holding a human and an ASR track returns the human one.
    """
    return parse_any(Path(path)).track
