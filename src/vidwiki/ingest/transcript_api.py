"""youtube-transcript-api JSON: ``[{"text", "start", "duration"}, …]``.

YouTube's durations overlap the next snippet (a snippet stays on screen while the next one rolls
in), so each cue ends at the next start when that comes first; ``repair_times`` does the clip.
The output carries no ASR flag: the file name decides (``.auto.``), else human.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.ingest.track import finish


def matches(data: object) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and {"text", "start", "duration"} <= data[0].keys()
    )


def parse(path: Path, data: list[object]) -> Parsed:
    raws = []
    for n, item in enumerate(data):
        if not isinstance(item, dict):
            raise InputError(path, f"entry {n} is not an object")
        try:
            start = parse_seconds(item.get("start"))
            end = start + parse_seconds(item.get("duration", 0))
        except ValueError as exc:
            raise InputError(path, f"entry {n}: {exc}") from None
        text = item.get("text")
        raws.append(RawCue(start, end, str(text or "").splitlines()))
    return Parsed(finish(path, "transcript-api-json", raws))
