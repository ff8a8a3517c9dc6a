"""WebVTT captions: plain tracks and YouTube's rolling (auto or paint-on) tracks.

The reader is our own rather than webvtt-py's because real files break the spec in ways a strict
parser rejects: youtube-dl writes cues with no blank line before the next timing line, Whisper
tools write ``MM:SS.mmm`` and ``H:MM:SS.mmm`` stamps, headers carry ``Kind:``/``Language:``/
``Style:`` blocks and ``##``. Cue ids, ``NOTE``/``STYLE``/``REGION`` blocks and cue settings
(``align:start position:0% line:78%``) are skipped.

A track with inline ``<00:00:01.120>`` timings, or whose cues repeat the previous cue's line, is
rolling and goes to ``rolling.parse_rolling`` (fmt ``vtt-rolling``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest import rolling
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.clean import plain
from vidwiki.ingest.srt import timing
from vidwiki.ingest.track import finish

_BLOCK_KEYWORDS = ("NOTE", "STYLE", "REGION")
_CLOCKISH = re.compile(r"^\s*\d{1,2}:\d{2}")


@dataclass(slots=True)
class VttCue:
    start: float
    end: float
    lines: list[str]
    line: int


def sniff(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("WEBVTT")


def read_cues(path: Path, text: str) -> tuple[list[VttCue], dict[str, str]]:
    """The cues (text lines as written) and the header fields (``Kind``, ``Language``)."""
    lines = text.splitlines()
    header: dict[str, str] = {}
    i = 0
    if lines and lines[0].lstrip("\ufeff ").startswith("WEBVTT"):
        i = 1
        while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
            key, sep, value = lines[i].partition(":")
            if sep:
                header[key.strip().lower()] = value.strip()
            i += 1
    cues: list[VttCue] = []
    current: VttCue | None = None
    skipping = False  # inside a NOTE/STYLE/REGION block
    for n in range(i, len(lines)):
        line = lines[n]
        if "-->" in line and not skipping:
            start, end = timing(line, path, n + 1)
            current = VttCue(start, end, [], n + 1)
            cues.append(current)
        elif not line:  # only a truly empty line ends a cue: " " lines belong to the text
            current, skipping = None, False
        elif current is not None:
            current.lines.append(line)
        elif line.split(" ", 1)[0] in _BLOCK_KEYWORDS or line.startswith("::cue"):
            skipping = True
        elif not skipping and _CLOCKISH.match(line) and (n + 1 == len(lines) or "-->" not in lines[n + 1]):
            # not a cue id (an id is followed by its timing line): half a timing line, a cut-off file
            raise InputError(path, f"malformed timing line: {line.strip()[:60]!r}", n + 1)
    if not cues:
        raise InputError(path, "no cues found: no 'start --> end' timing line")
    return cues, header


_INLINE_TIME = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")


def is_rolling(cues: list[VttCue]) -> bool:
    """Inline word/fragment timings, or at least a fifth of cues repeating the previous line."""
    if any(_INLINE_TIME.search(line) for c in cues for line in c.lines):
        return True
    repeats = 0
    for prev, cur in zip(cues, cues[1:], strict=False):
        prev_lines = [plain(x) for x in prev.lines if x.strip()]
        cur_lines = [plain(x) for x in cur.lines if x.strip()]
        if prev_lines and cur_lines and cur_lines[0] == prev_lines[-1]:
            repeats += 1
    return len(cues) >= 5 and repeats * 5 >= len(cues)


def parse(path: Path, text: str) -> Parsed:
    cues, header = read_cues(path, text)
    language = header.get("language") or None
    kind_asr = header.get("kind", "").lower() == "asr"
    if is_rolling(cues):
        raws = rolling.parse_rolling(cues)
        # rolling structure is YouTube's ASR layout; a ".user." name overrides (paint-on human)
        return Parsed(finish(path, "vtt-rolling", raws, auto=True, language=language))
    raws = [RawCue(c.start, c.end, c.lines, line=c.line) for c in cues]
    return Parsed(finish(path, "vtt", raws, auto=kind_asr, language=language))
