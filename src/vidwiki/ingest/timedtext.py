"""Timed-text XML: YouTube's legacy ``<transcript><text start dur>``, ``srv3`` ``<p t d><s>``,
and TTML/DFXP ``<p begin end>`` (yt-dlp ``--sub-format ttml``).

Read with regular expressions rather than an XML parser: the legacy endpoint's output is often not
well-formed (stray ``&``), and double escaping (``&amp;#39;``) is undone by the shared entity
decoder anyway. ``<s t="…">`` word segments of srv3 give ``Cue.words``.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_clock, parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Word

_TEXT = re.compile(r"<text\b([^>]*?)(?:/>|>(.*?)</text>)", re.DOTALL)
_P = re.compile(r"<p\b([^>]*?)(?:/>|>(.*?)</p>)", re.DOTALL)
_S = re.compile(r"<s\b([^>]*)>(.*?)</s>", re.DOTALL)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAGS = re.compile(r"<[^<>]*>")


def sniff(text: str) -> bool:
    head = text[:4000]
    return head.lstrip().startswith("<") and any(
        tag in head for tag in ("<transcript", "<timedtext", "<tt ", "<tt>")
    )


def _ttml_time(value: str) -> float:
    """TTML clock (``00:00:01.500``) or offset (``1.5s``, ``1500ms``) times."""
    value = value.strip()
    if value.endswith("ms"):
        return parse_seconds(value[:-2], scale=0.001)
    if value.endswith("s") or ":" not in value:
        return parse_seconds(value.rstrip("s"))
    return parse_clock(value)


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(text)
    }


class _Lines:
    """Offset → 1-based line number, by bisection over the newline offsets."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


def parse(path: Path, text: str) -> Parsed:
    raws: list[RawCue] = []
    line_of = _Lines(text)
    asr = 'kind="asr"' in text[:2000]
    for m in _TEXT.finditer(text):
        a = _attrs(m.group(1))
        try:
            start = parse_seconds(a.get("start"))
            end = start + parse_seconds(a.get("dur", "0"))
        except ValueError as exc:
            raise InputError(path, f"bad <text> times: {exc}", line_of(m.start())) from None
        body = _TAGS.sub("", re.sub(r"<br\s*/?>", "\n", m.group(2) or ""))
        raws.append(RawCue(start, end, body.splitlines(), line=line_of(m.start())))
    if not raws:
        raws = _srv3(path, text, line_of)
    if not raws:
        raise InputError(path, "no <text> or <p> caption elements found")
    return Parsed(finish(path, "timedtext-xml", raws, auto=asr))


def _srv3(path: Path, text: str, line_of: _Lines) -> list[RawCue]:
    raws = []
    for m in _P.finditer(text):
        a = _attrs(m.group(1))
        try:
            if "begin" in a:  # TTML
                start = _ttml_time(a["begin"])
                end = _ttml_time(a["end"]) if "end" in a else start + _ttml_time(a.get("dur", "0"))
            elif "t" in a:  # srv3, milliseconds
                start = parse_seconds(a["t"], scale=0.001)
                end = start + parse_seconds(a.get("d", "0"), scale=0.001)
            else:
                continue
        except ValueError as exc:
            raise InputError(path, f"bad <p> times: {exc}", line_of(m.start())) from None
        inner = m.group(2) or ""
        words = []
        for s in _S.finditer(inner):
            token = _TAGS.sub("", s.group(2)).strip()
            try:
                offset = parse_seconds(_attrs(s.group(1)).get("t", "0"), scale=0.001)
            except ValueError:
                offset = 0.0
            if token:
                words.append((token, start + offset))
        body = _TAGS.sub("", re.sub(r"<br\s*/?>", "\n", inner))
        word_list = [
            Word(tok, t, words[k + 1][1] if k + 1 < len(words) else end)
            for k, (tok, t) in enumerate(words)
        ]
        raws.append(
            RawCue(
                start,
                end,
                body.splitlines(),
                line=line_of(m.start()),
                words=word_list if len(word_list) > 1 else None,
            )
        )
    return raws
