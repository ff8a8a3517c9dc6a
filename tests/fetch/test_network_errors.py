"""Network errors while fetching: retried with backoff, one clear line, nothing fetched is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fetch.conftest import CHANNEL_URL, FakeYouTube

from vidwiki.fetch.retry import Backoff
from vidwiki.fetch.youtube import FetchError, FetchOptions, fetch_url

FAST = Backoff(attempts=3, first_delay=0.01, factor=2.0)
# The socket timeout leaves room for a loaded CI machine; the fake server hangs past it (conftest).
OPTS = FetchOptions(backoff=FAST, timeout=2.0)


def fetched_ids(sources: Path) -> list[str]:
    return sorted(p.name.split("[")[1][:11] for p in sources.rglob("*.info.json"))


@pytest.mark.parametrize("kind", ["503", "timeout", "garbage"])
def test_a_flaky_listing_is_retried_until_it_answers(tmp_path: Path, youtube: FakeYouTube, kind: str) -> None:
    youtube.fail("/channel-videos.flat.json", kind, times=2)
    told: list[str] = []
    report = fetch_url(CHANNEL_URL, tmp_path / "sources", OPTS, notify=told.append)
    assert youtube.hits("/channel-videos.flat.json") == 3
    reason = {"503": "HTTP 503 Service Unavailable", "timeout": "no answer: timed out",
              "garbage": "the server answered with something that is not JSON"}[kind]
    assert told == [f"{CHANNEL_URL}: {reason}; retrying in 0.01 s (1/2)",
                    f"{CHANNEL_URL}: {reason}; retrying in 0.02 s (2/2)"]
    assert report.fetched == 4


@pytest.mark.parametrize("kind", ["503", "timeout", "garbage"])
def test_a_listing_that_keeps_failing_stops_with_one_clear_line(tmp_path: Path, youtube: FakeYouTube, kind: str) -> None:
    youtube.fail("/channel-videos.flat.json", kind)
    with pytest.raises(FetchError) as err:
        fetch_url(CHANNEL_URL, tmp_path / "sources", OPTS)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{CHANNEL_URL}: network error after 3 attempts (")
    assert message.endswith("run the same command again to continue")
    assert youtube.hits("/channel-videos.flat.json") == 3


@pytest.mark.parametrize("kind", ["503", "timeout"])
def test_an_outage_mid_channel_keeps_what_was_fetched_and_the_rerun_resumes(
    tmp_path: Path, youtube: FakeYouTube, kind: str
) -> None:
    sources = tmp_path / "sources"
    # the listing order is teaser, bridges, vulkane, rivers, glaciers: the outage hits rivers
    youtube.fail("/watch/Cz3pQw8Nt1E.json", kind)
    with pytest.raises(FetchError) as err:
        fetch_url(CHANNEL_URL, sources, OPTS)
    assert "https://www.youtube.com/watch?v=Cz3pQw8Nt1E: network error after 3 attempts" in str(err.value)
    assert f"2 videos fetched by this run kept in {sources / 'vidwikidemo'}" in str(err.value)
    assert youtube.hits("/watch/Cz3pQw8Nt1E.json") == 3
    assert fetched_ids(sources) == ["Bq7rXk2Lm4A", "Dk9sHf5Jv2U"]

    youtube.heal()
    youtube.requests.clear()
    report = fetch_url(CHANNEL_URL, sources, OPTS)
    assert (report.fetched, report.already) == (2, 2)
    assert youtube.hits("/watch/Bq7rXk2Lm4A.json") == 0 and youtube.hits("/timedtext/Bq7rXk2Lm4A") == 0
    assert fetched_ids(sources) == ["Bq7rXk2Lm4A", "Cz3pQw8Nt1E", "Dk9sHf5Jv2U", "Ef4tYr6Bn7O"]


@pytest.mark.parametrize("kind", ["503", "timeout", "garbage"])
def test_a_caption_download_that_fails_once_is_retried(tmp_path: Path, youtube: FakeYouTube, kind: str) -> None:
    youtube.fail("/timedtext/Bq7rXk2Lm4A.en.vtt", kind, times=1)
    report = fetch_url(CHANNEL_URL, tmp_path / "sources", OPTS)
    assert youtube.hits("/timedtext/Bq7rXk2Lm4A.en.vtt") == 2
    assert report.fetched == 4
    vtt = next((tmp_path / "sources").rglob("*Bq7rXk2Lm4A].en.vtt"))
    assert vtt.read_text().startswith("WEBVTT")


def test_captions_that_stay_garbage_leave_no_file_and_no_info_json(tmp_path: Path, youtube: FakeYouTube) -> None:
    sources = tmp_path / "sources"
    youtube.fail("/timedtext/Bq7rXk2Lm4A.en.vtt", "garbage")
    with pytest.raises(FetchError) as err:
        fetch_url(CHANNEL_URL, sources, OPTS)
    assert "the en captions are not a caption file" in str(err.value)
    assert not list(sources.rglob("*Bq7rXk2Lm4A*"))
    assert fetched_ids(sources) == ["Dk9sHf5Jv2U"]
    assert not [p for p in sources.rglob("*") if p.name.endswith((".part", ".ytdl")) or p.name.startswith(".tmp-")]


def test_a_run_killed_between_captions_and_info_json_is_completed_by_the_next(
    tmp_path: Path, youtube: FakeYouTube
) -> None:
    sources = tmp_path / "sources"
    fetch_url(CHANNEL_URL, sources, OPTS)
    folder = sources / "vidwikidemo"
    # what a kill -9 leaves: captions written, the .info.json not yet, a download in progress
    (folder / "Glaciers and the last ice age [Ef4tYr6Bn7O].info.json").unlink()
    (folder / "Glaciers and the last ice age [Ef4tYr6Bn7O].en-US.vtt.part").write_text("WEBVTT\n\n00:00")
    (folder / ".tmp-abc123").write_text("{")
    youtube.requests.clear()
    report = fetch_url(CHANNEL_URL, sources, OPTS)
    assert (report.fetched, report.already) == (1, 3)
    assert youtube.hits("/watch/Ef4tYr6Bn7O.json") == 1
    assert fetched_ids(sources) == ["Bq7rXk2Lm4A", "Cz3pQw8Nt1E", "Dk9sHf5Jv2U", "Ef4tYr6Bn7O"]
    assert not [p for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith(".tmp-")]
