"""Fetching a channel, a playlist or a video with yt-dlp into ``<wiki>/sources/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.fetch.conftest import CHANNEL_URL, PLAYLIST_URL, FakeYouTube

from vidwiki.fetch.retry import Backoff
from vidwiki.fetch.youtube import FetchOptions, UrlError, fetch_url
from vidwiki.ingest import discover

FAST = Backoff(attempts=3, first_delay=0.01, factor=2.0)


def opts(**kw: object) -> FetchOptions:
    return FetchOptions(backoff=FAST, timeout=2.0, **kw)  # type: ignore[arg-type]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_channel_is_listed_flat_and_its_captions_land_as_yt_dlp_names_them(tmp_path: Path, youtube: FakeYouTube) -> None:
    report = fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    folder = tmp_path / "sources" / "vidwikidemo"
    assert report.folders == [folder]
    assert (report.listed, report.chosen, report.fetched) == (5, 5, 4)
    assert names(folder) == [
        "A short teaser [Dk9sHf5Jv2U].en.vtt",
        "A short teaser [Dk9sHf5Jv2U].info.json",
        "Glaciers and the last ice age [Ef4tYr6Bn7O].en-US.vtt",
        "Glaciers and the last ice age [Ef4tYr6Bn7O].info.json",
        "How bridges carry weight [Bq7rXk2Lm4A].en.vtt",
        "How bridges carry weight [Bq7rXk2Lm4A].info.json",
        "Why rivers meander： erosion and floods [Cz3pQw8Nt1E].en-orig.vtt",
        "Why rivers meander： erosion and floods [Cz3pQw8Nt1E].info.json",
    ]
    # the German-only video has no English captions: a note, not a failure
    assert report.notes == ["https://www.youtube.com/watch?v=Fg2uIo3Pa8S: no en captions (human or automatic); skipped"]


def test_human_captions_win_over_automatic_ones_and_the_original_asr_track_over_a_translation(
    tmp_path: Path, youtube: FakeYouTube
) -> None:
    fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    folder = tmp_path / "sources" / "vidwikidemo"
    human = (folder / "How bridges carry weight [Bq7rXk2Lm4A].en.vtt").read_text()
    assert "A beam bridge bends under the load of a truck." in human
    assert youtube.hits("/timedtext/Bq7rXk2Lm4A.en.vtt") == 1
    assert youtube.hits("/timedtext/Bq7rXk2Lm4A.auto") == 0
    assert youtube.hits("/timedtext/Cz3pQw8Nt1E.auto.en-orig.vtt") == 1
    assert youtube.hits("/timedtext/Cz3pQw8Nt1E.auto.en.vtt") == 0


def test_the_info_json_keeps_what_the_sidecar_reader_uses_and_drops_bulk(tmp_path: Path, youtube: FakeYouTube) -> None:
    fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    folder = tmp_path / "sources" / "vidwikidemo"
    info = json.loads((folder / "Glaciers and the last ice age [Ef4tYr6Bn7O].info.json").read_text())
    assert "formats" not in info and "thumbnails" not in info
    assert info["subtitles"] == {"en-US": [{"ext": e, "name": "English (United States)"}
                                           for e in ("json3", "srv1", "srv2", "srv3", "ttml", "vtt")]}
    assert sorted(info["automatic_captions"]) == ["en", "en-orig", "fr"]
    assert not any("url" in t for tracks in info["automatic_captions"].values() for t in tracks)
    videos, problems = discover(folder)
    glaciers = next(v for v in videos if v.meta.video_id == "Ef4tYr6Bn7O")
    assert glaciers.meta.title == "Glaciers and the last ice age"
    assert glaciers.meta.channel == "Vidwiki Demo" and glaciers.meta.channel_handle == "vidwikidemo"
    assert glaciers.meta.upload_date == "2023-11-01" and glaciers.meta.duration == 1310
    assert [c.title for c in glaciers.meta.chapters] == ["Ice", "After the ice"]
    assert glaciers.track.auto is False
    rivers = next(v for v in videos if v.meta.video_id == "Cz3pQw8Nt1E")
    assert rivers.track.auto is True
    assert problems == []


@pytest.mark.parametrize(
    ("top", "by", "min_duration", "expected"),
    [
        (2, "views", 120, ["Cz3pQw8Nt1E", "Fg2uIo3Pa8S"]),  # the 999999-view teaser is too short
        (2, "date", 120, ["Bq7rXk2Lm4A", "Fg2uIo3Pa8S"]),  # newest first, as the /videos tab lists
        (None, "views", 900, ["Ef4tYr6Bn7O"]),
        (1, "views", 0, ["Dk9sHf5Jv2U"]),
    ],
)
def test_top_by_and_min_duration_choose_from_the_flat_listing(
    tmp_path: Path, youtube: FakeYouTube, top: int | None, by: str, min_duration: float, expected: list[str]
) -> None:
    report = fetch_url(CHANNEL_URL, tmp_path / "sources", opts(top=top, by=by, min_duration=min_duration))
    assert report.chosen == len(expected)
    asked = sorted(r.split("/")[-1].removesuffix(".json") for r in youtube.requests if r.startswith("/watch/"))
    assert asked == sorted(expected)


def test_a_playlist_and_a_single_video(tmp_path: Path, youtube: FakeYouTube) -> None:
    report = fetch_url(PLAYLIST_URL, tmp_path / "sources", opts())
    assert report.chosen == 2 and report.fetched == 2
    assert report.folders == [tmp_path / "sources" / "vidwikidemo"]
    single = fetch_url("https://youtu.be/Cz3pQw8Nt1E", tmp_path / "sources", opts())
    assert single.fetched == 1
    assert len(list((tmp_path / "sources").rglob("*.info.json"))) == 3


def test_a_rerun_fetches_nothing_already_there(tmp_path: Path, youtube: FakeYouTube) -> None:
    fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    before = len(youtube.requests)
    again = fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    assert (again.fetched, again.already) == (0, 4)
    # the listing and the caption-less German video are asked for again, nothing of the others
    asked = youtube.requests[before:]
    assert asked[:2] == ["/channel-videos.flat.json", "/watch/Fg2uIo3Pa8S.json"]
    assert not [r for r in asked for vid in ("Bq7r", "Cz3p", "Dk9s", "Ef4t") if vid in r]


def test_when_youtube_refuses_yt_dlp_the_transcript_api_fallback_fetches_the_captions(
    tmp_path: Path, youtube: FakeYouTube
) -> None:
    pytest.importorskip("youtube_transcript_api")
    youtube.fail("/timedtext/Bq7rXk2Lm4A.en.vtt", "403")  # what YouTube does without a PO token
    report = fetch_url(CHANNEL_URL, tmp_path / "sources", opts())
    assert report.fetched == 4
    folder = tmp_path / "sources" / "vidwikidemo"
    fallback = folder / "How bridges carry weight [Bq7rXk2Lm4A].en.json"
    assert json.loads(fallback.read_text())[:2] == [
        {"text": "Today we look at how bridges carry weight.", "start": 1.0, "duration": 5.2},
        {"text": "A beam bridge bends under the load of a truck.", "start": 6.0, "duration": 5.2},
    ]
    assert (folder / "How bridges carry weight [Bq7rXk2Lm4A].info.json").is_file()
    assert not (folder / "How bridges carry weight [Bq7rXk2Lm4A].en.vtt").exists()
    videos, problems = discover(folder)
    bridges = next(v for v in videos if v.meta.video_id == "Bq7rXk2Lm4A")
    assert bridges.track.fmt == "transcript-api-json" and bridges.track.auto is False
    assert bridges.meta.title == "How bridges carry weight" and problems == []
    # the German video's player lists only German captions: the fallback finds nothing either
    assert any("Fg2uIo3Pa8S: no en captions" in n for n in report.notes)


def test_a_video_url_that_youtube_does_not_know_is_a_one_line_input_error(tmp_path: Path, youtube: FakeYouTube) -> None:
    with pytest.raises(UrlError) as err:
        fetch_url("https://www.youtube.com/watch?v=Zz0000000Zz", tmp_path / "sources", opts())
    assert str(err.value) == "https://www.youtube.com/watch?v=Zz0000000Zz: HTTP 404 Not Found"
    assert youtube.hits("/watch/Zz0000000Zz.json") == 1  # a 404 is not retried


def test_a_single_video_without_captions_in_the_language_is_a_note_and_gives_no_folder(
    tmp_path: Path, youtube: FakeYouTube
) -> None:
    report = fetch_url("https://www.youtube.com/watch?v=Fg2uIo3Pa8S", tmp_path / "sources", opts())
    assert report.folders == [] and report.fetched == 0
    assert report.notes == ["https://www.youtube.com/watch?v=Fg2uIo3Pa8S: no en captions (human or automatic); skipped"]
    german = fetch_url("https://www.youtube.com/watch?v=Fg2uIo3Pa8S", tmp_path / "sources", opts(lang="de"))
    assert german.fetched == 1
    assert (tmp_path / "sources" / "vidwikidemo" / "Vulkane erklärt [Fg2uIo3Pa8S].de.vtt").is_file()
