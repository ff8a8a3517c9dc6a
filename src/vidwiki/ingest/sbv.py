"""YouTube's own ``.sbv`` (SubViewer) format: ``0:00:01.000,0:00:04.000`` then the text lines."""

from __future__ import annotations

import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_clock
from vidwiki.ingest.track import finish

_TIMING = re.compile(r"^\s*(\d+:\d{2}:\d{2}\.\d+)\s*,\s*(\d+:\d{2}:\d{2}\.\d+)\s*$")


def sniff(text: str) -> bool:
    return bool(_TIMING.match(text.lstrip("\ufeff").split("\n", 1)[0]))


def parse(path: Path, text: str) -> Parsed:
    raws: list[RawCue] = []
    current: RawCue | None = None
    for n, line in enumerate(text.splitlines(), start=1):
        m = _TIMING.match(line)
        if m:
            try:
                current = RawCue(parse_clock(m.group(1)), parse_clock(m.group(2)), [], line=n)
            except ValueError as exc:
                raise InputError(path, f"malformed timing line ({exc})", n) from None
            raws.append(current)
        elif not line.strip():
            current = None
        elif current is not None:
            current.lines.append(line)
    if not raws:
        raise InputError(path, "no cues found: no 'start,end' timing line")
    return Parsed(finish(path, "sbv", raws))
