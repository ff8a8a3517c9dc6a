"""The YouTube "Show transcript" panel, copied and pasted: ``28:51`` on a line, then the text.

Also accepts ``0:05 text`` on one line. A cue ends where the next begins; the last gets a
reading-time estimate. Only ``.txt`` files that look like this are read; other text files are
not captions.
"""

from __future__ import annotations

import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_clock
from vidwiki.ingest.track import finish

_STAMP = re.compile(r"^\s*(\d{1,2}:\d{2}(?::\d{2})?)\s*(.*)$")
WORDS_PER_SECOND = 2.5


def sniff(text: str) -> bool:
    lines = [x for x in text.splitlines()[:50] if x.strip()]
    stamps = sum(1 for x in lines if _STAMP.match(x))
    return bool(lines) and bool(_STAMP.match(lines[0])) and stamps >= 2 and "-->" not in text


def parse(path: Path, text: str) -> Parsed:
    raws: list[RawCue] = []
    for n, line in enumerate(text.splitlines(), start=1):
        m = _STAMP.match(line)
        if m:
            try:
                t = parse_clock(m.group(1))
            except ValueError as exc:
                raise InputError(path, str(exc), n) from None
            raws.append(RawCue(t, t, [m.group(2)] if m.group(2) else [], line=n))
        elif line.strip() and raws:
            raws[-1].lines.append(line)
    if not raws:
        raise InputError(path, "no timestamp lines found")
    for cur, nxt in zip(raws, raws[1:], strict=False):
        cur.end = max(nxt.start, cur.start)
    last = raws[-1]
    last.end = last.start + len(" ".join(last.lines).split()) / WORDS_PER_SECOND
    return Parsed(finish(path, "panel-text", raws))
