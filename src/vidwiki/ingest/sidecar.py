"""yt-dlp ``.info.json`` sidecars → ``VideoMeta``.

Only the fields vidwiki uses are read; anything missing stays ``None`` (real downloads lack
titles or channels sometimes). ``uploader_id`` ``@3blue1brown`` becomes ``channel_handle``
``3blue1brown`` (else the ``/@handle`` of ``channel_url``/``uploader_url``); ``upload_date``
``20240131`` becomes ``2024-01-31``; chapters missing an ``end_time`` (or ending before they
start) end at the next chapter's start, the last one at the duration (never before its start).
``automatic_captions``/``subtitles`` say which caption languages YouTube had as ASR and as human
tracks; ``discover`` uses that to label a track whose name says nothing.

A sidecar whose ``id`` is not the ``[ID]`` its name ends with belongs to another video and is
refused whole. A field of the wrong type (a ``duration`` of ``-40`` or ``"forty"``) is ignored,
and said in ``Sidecar.warnings`` so the build lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.names import VIDEO_ID
from vidwiki.ingest.textio import load_json, read_text
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.records import Chapter, VideoMeta

_HANDLE_URL = re.compile(r"/@([\w.\-]+)")
_NAMED_ID = re.compile(r"\[([A-Za-z0-9_-]{11})\]\.info\.json$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _str(data: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _seconds(value: object) -> float | None:
    try:
        return parse_seconds(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A sidecar's metadata plus which caption languages YouTube had as ASR and as human tracks."""

    meta: VideoMeta
    auto_languages: frozenset[str] = frozenset()
    human_languages: frozenset[str] = frozenset()
    warnings: tuple[str, ...] = ()

    def says_auto(self, language: str | None) -> bool | None:
        """True/False when the sidecar lists ``language`` only as ASR / only as human captions."""
        if not language:
            return None
        keys = {language, language.split("-", 1)[0]}
        in_auto, in_human = bool(keys & self.auto_languages), bool(keys & self.human_languages)
        return in_auto if in_auto != in_human else None


def read_info_json(path: Path | str) -> VideoMeta:
    """Read a yt-dlp sidecar; ``InputError`` when it is unreadable or names no video id."""
    return read_sidecar(Path(path)).meta


def _languages(value: object) -> frozenset[str]:
    if not isinstance(value, dict):
        return frozenset()
    return frozenset(k.removesuffix("-orig") for k in value if isinstance(k, str))


def read_sidecar(path: Path) -> Sidecar:
    """``read_info_json`` plus the ``automatic_captions``/``subtitles`` languages."""
    data = load_json(path, read_text(path))
    if not isinstance(data, dict):
        raise InputError(path, "not a yt-dlp .info.json: expected a JSON object")
    video_id = _str(data, "id", "display_id")
    if not video_id:
        raise InputError(path, "no video 'id' in .info.json")
    if not VIDEO_ID.match(video_id) and data.get("extractor", "youtube") == "youtube":
        raise InputError(path, f"'id' {video_id!r} is not a YouTube video id")
    named = _NAMED_ID.search(path.name)
    if named and named.group(1) != video_id:
        raise InputError(path, f"'id' {video_id!r} differs from the id in its name "
                               f"[{named.group(1)}]: the sidecar of another video?")
    raw_duration = data.get("duration")
    duration = _seconds(raw_duration)
    warnings = []
    if raw_duration is not None and duration is None:
        warnings.append(f"duration {raw_duration!r} is not a length of time; ignored")
    meta = VideoMeta(
        video_id=video_id,
        title=_str(data, "title", "fulltitle"),
        channel=_str(data, "channel", "uploader"),
        channel_handle=_handle(data),
        duration=duration,
        upload_date=_date(data.get("upload_date")),
        chapters=_chapters(data.get("chapters"), duration),
        language=_str(data, "language"),
        webpage_url=_str(data, "webpage_url", "original_url"),
    )
    return Sidecar(
        meta,
        _languages(data.get("automatic_captions")),
        _languages(data.get("subtitles")),
        tuple(warnings),
    )


def _handle(data: dict[str, object]) -> str | None:
    uploader_id = _str(data, "uploader_id")
    if uploader_id and uploader_id.startswith("@"):
        return uploader_id[1:] or None
    for key in ("channel_url", "uploader_url"):
        m = _HANDLE_URL.search(_str(data, key) or "")
        if m:
            return m.group(1)
    return None


def _date(value: object) -> str | None:
    m = _DATE.match(str(value).strip()) if isinstance(value, str | int) else None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _chapters(items: object, duration: float | None) -> list[Chapter]:
    found: list[tuple[str, float, float | None]] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        start = _seconds(item.get("start_time"))
        title = item.get("title")
        if start is None or not isinstance(title, str):
            continue
        found.append((title.strip(), start, _seconds(item.get("end_time"))))
    found.sort(key=lambda c: c[1])
    chapters = []
    for k, (title, start, end) in enumerate(found):
        if end is None or end < start:  # missing, or before its own start: the next one's start
            end = found[k + 1][1] if k + 1 < len(found) else duration
        chapters.append(Chapter(title, start, None if end is None else max(end, start)))
    return chapters
