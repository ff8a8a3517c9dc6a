"""Which videos of a listing to fetch: ``--min-duration``, ``--by views|date``, ``--top N``.

Works on yt-dlp's flat listing entries (``{"id", "title", "duration", "view_count", …}``), so
the choice costs one listing request, not one request per video. A channel's ``/videos`` tab
lists newest first and its flat entries carry no upload date, so "by date" keeps the listing's
order unless entries do carry ``timestamp``/``upload_date``. Upcoming and live streams have no
captions yet and are left out; so are entries without a duration when a minimum is asked for
(their length cannot be checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from vidwiki.ingest.names import VIDEO_ID

Order = Literal["views", "date"]
_NOT_YET = {"is_upcoming", "is_live", "post_live"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One video of a listing, as far as the choice needs it."""

    video_id: str
    title: str | None
    duration: float | None
    views: int | None
    when: str | None  # sortable ``YYYYMMDDhhmmss`` from ``upload_date`` or ``timestamp``
    position: int  # place in the listing, newest first for channel tabs


def entries_from_listing(listing: dict) -> list[Entry]:
    """Flat entries of a yt-dlp playlist dict (nested tabs flattened), duplicates dropped."""
    out: list[Entry] = []
    seen: set[str] = set()

    def walk(items: object) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            if item.get("_type") == "playlist" or isinstance(item.get("entries"), list):
                walk(item.get("entries"))
                continue
            vid = item.get("id")
            if not isinstance(vid, str) or not VIDEO_ID.match(vid) or vid in seen:
                continue
            if item.get("live_status") in _NOT_YET:
                continue
            seen.add(vid)
            out.append(Entry(vid, _text(item.get("title")), _number(item.get("duration")),
                             _int(item.get("view_count")), _when(item), len(out)))

    walk(listing.get("entries"))
    return out


def choose(entries: list[Entry], top: int | None, by: Order, min_duration: float) -> list[Entry]:
    """The ``top`` longest-enough entries, most viewed or newest first."""
    kept = [e for e in entries if min_duration <= 0 or (e.duration or 0) >= min_duration]
    if by == "views":
        kept.sort(key=lambda e: (-(e.views or 0), e.position))
    else:  # newest first; undated entries last; ties keep the listing's order (a stable sort)
        kept.sort(key=lambda e: e.when or "", reverse=True)
    return kept[:top] if top is not None else kept


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _when(item: dict) -> str | None:
    date = item.get("upload_date")
    if isinstance(date, str) and len(date) == 8 and date.isdigit():
        return date + "000000"
    for key in ("timestamp", "release_timestamp"):
        stamp = _number(item.get(key))
        if stamp is not None:
            return datetime.fromtimestamp(stamp, UTC).strftime("%Y%m%d%H%M%S")
    return None
