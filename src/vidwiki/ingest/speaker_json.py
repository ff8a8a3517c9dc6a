"""Speaker-labelled paragraph JSON (Lex Fridman's official transcripts).

Either a list of ``{speaker, time, text}`` or an object holding it under ``transcript`` beside
``title``, ``video_link`` and chapter ``timestamps`` (``[{time: "3:27", chapter}]``). ``time`` is
``(HH:MM:SS)``. An empty ``speaker`` means the previous speaker continues. A paragraph ends where
the next begins; the last one gets a reading-time estimate (2.5 words/s). Markers such as
``[foreign language 00:07:38]`` and ``[inaudible 00:13:26]`` are dropped by the shared clean-up.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.names import id_from_url
from vidwiki.ingest.timecode import parse_clock, parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Chapter

WORDS_PER_SECOND = 2.5


def _is_paragraphs(items: object) -> bool:
    return (
        isinstance(items, list)
        and bool(items)
        and isinstance(items[0], dict)
        and "text" in items[0]
        and "time" in items[0]
    )


def matches(data: object) -> bool:
    if isinstance(data, dict):
        return _is_paragraphs(data.get("transcript"))
    return _is_paragraphs(data)


def _time(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_seconds(value)
    return parse_clock(str(value))


def parse(path: Path, data: object) -> Parsed:
    meta = data if isinstance(data, dict) else {}
    items = meta.get("transcript") if meta else data
    assert isinstance(items, list)
    starts: list[float] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(path, f"paragraph {n} is not an object")
        try:
            starts.append(_time(item.get("time")))
        except ValueError as exc:
            raise InputError(path, f"paragraph {n}: {exc}") from None
    raws = []
    for n, item in enumerate(items):
        text = str(item.get("text") or "")
        start = starts[n]
        later = [s for s in starts[n + 1 :] if s > start]
        end = later[0] if later else start + len(text.split()) / WORDS_PER_SECOND
        speaker = str(item.get("speaker") or "").strip()
        raws.append(RawCue(start, end, text.splitlines(), speaker=speaker))
    video_link = meta.get("video_link") or meta.get("url") or ""
    return Parsed(
        finish(path, "speaker-json", raws, auto=False, speakers=False),
        video_id=id_from_url(str(video_link)),
        title=str(meta["title"]) if isinstance(meta.get("title"), str) else None,
        chapters=_chapters(meta.get("timestamps")),
    )


def _chapters(items: object) -> list[Chapter]:
    chapters: list[Chapter] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("chapter"), str):
            try:
                chapters.append(Chapter(item["chapter"], _time(item.get("time"))))
            except ValueError:
                continue
    chapters.sort(key=lambda c: c.start)
    return [
        Chapter(c.title, c.start, chapters[k + 1].start if k + 1 < len(chapters) else None)
        for k, c in enumerate(chapters)
    ]
