"""``--top/--by/--min-duration`` on yt-dlp flat listing entries."""

from __future__ import annotations

from vidwiki.fetch.select import choose, entries_from_listing

LISTING = {
    "_type": "playlist",
    "entries": [
        {"_type": "url", "id": "aaaaaaaaaa1", "duration": 300.0, "view_count": 10, "upload_date": "20240101"},
        {"_type": "url", "id": "aaaaaaaaaa2", "duration": 300.0, "view_count": 30, "timestamp": 1717200000},
        {"_type": "url", "id": "aaaaaaaaaa3", "duration": None, "view_count": 50},
        {"_type": "url", "id": "aaaaaaaaaa4", "duration": 90.0, "view_count": 70, "upload_date": "20250101"},
        {"_type": "url", "id": "aaaaaaaaaa5", "duration": 600.0, "live_status": "is_upcoming"},
        {"_type": "url", "id": "aaaaaaaaaa1", "duration": 300.0},  # listed twice
        {"_type": "playlist", "entries": [{"_type": "url", "id": "aaaaaaaaaa6", "duration": 500.0,
                                           "view_count": 30, "upload_date": "20240101"}]},
        {"_type": "url", "id": "not-an-id"},
    ],
}


def ids(entries) -> list[str]:
    return [e.video_id[-1] for e in entries]


def test_the_listing_is_flattened_without_duplicates_upcoming_streams_or_bad_ids() -> None:
    assert ids(entries_from_listing(LISTING)) == ["1", "2", "3", "4", "6"]


def test_by_views_ties_keep_the_listing_order() -> None:
    assert ids(choose(entries_from_listing(LISTING), None, "views", 0)) == ["4", "3", "2", "6", "1"]


def test_by_date_uses_upload_dates_and_timestamps_and_puts_undated_last() -> None:
    # 4: 2025-01-01, 2: 2024-06-01 (timestamp), 1 and 6: 2024-01-01 in listing order, 3: undated
    assert ids(choose(entries_from_listing(LISTING), None, "date", 0)) == ["4", "2", "1", "6", "3"]


def test_min_duration_drops_short_and_unknown_lengths_then_top_cuts() -> None:
    assert ids(choose(entries_from_listing(LISTING), None, "views", 120)) == ["2", "6", "1"]
    assert ids(choose(entries_from_listing(LISTING), 2, "date", 120)) == ["2", "1"]
