"""SubRip (``.srt``) captions, read tolerantly.

Real files break the textbook shape: a BOM, missing cue numbers, dots instead of commas, no blank
line between cues, CRLF, lines ending in NBSP (youtube-transcript-api's ``SRTFormatter``). Cues
are therefore found by their timing lines, not by blank-line blocks: a cue's text is everything up
to the next timing line, minus the next cue's number. A timing line that does not parse, or a
cue number with no timing line at the end of the file (a truncated download), is an error naming
its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_clock
from vidwiki.ingest.track import finish

TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")
_NUMBER = re.compile(r"^\s*\d+\s*$")


def sniff(text: str) -> bool:
    head = text[:2000]
    return "-->" in head and not head.lstrip().startswith("WEBVTT")


def timing(line: str, path: Path, lineno: int) -> tuple[float, float]:
    """``start --> end`` (with any trailing settings) as seconds, or an ``InputError``."""
    m = TIMING.match(line)
    try:
        if not m:
            raise ValueError("no ' --> '")
        return parse_clock(m.group(1)), parse_clock(m.group(2))
    except ValueError as exc:
        raise InputError(
            path, f"malformed timing line ({exc}): {line.strip()[:60]!r}", lineno
        ) from None


def parse(path: Path, text: str) -> Parsed:
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if "-->" in line]
    if not starts:
        raise InputError(path, "no cues found: no 'start --> end' timing line")
    raws: list[RawCue] = []
    for n, i in enumerate(starts):
        start, end = timing(lines[i], path, i + 1)
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1 : stop]
        while body and not body[-1].strip():
            body.pop()
        _check_body(path, body, i + 2, last=n + 1 == len(starts))
        if n + 1 < len(starts) and body and _NUMBER.match(body[-1]):
            body.pop()  # the next cue's number
        raws.append(RawCue(start, end, [b for b in body if b.strip()], line=i + 1))
    return Parsed(finish(path, "srt", raws))


_CLOCKISH = re.compile(r"^\s*\d{1,2}:\d{2}")


def _check_body(path: Path, body: list[str], first_line: int, *, last: bool) -> None:
    """Catch a cut-off file: a cue number followed by half a timing line, or by nothing."""
    for k, line in enumerate(body):
        if k and _NUMBER.match(line) and not body[k - 1].strip():
            if k + 1 < len(body) and _CLOCKISH.match(body[k + 1]):
                raise InputError(
                    path, f"malformed timing line: {body[k + 1].strip()[:60]!r}", first_line + k + 1
                )
            if last and k + 1 == len(body):
                raise InputError(
                    path, "truncated file: cue number without a timing line", first_line + k
                )
