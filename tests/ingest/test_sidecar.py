"""yt-dlp .info.json sidecars."""

from __future__ import annotations

import json

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import read_info_json


def test_fields_are_read_and_normalised(data):
    meta = read_info_json(data / "Demo Lecture [AbCdEfGhIj0].info.json")
    assert meta.video_id == "AbCdEfGhIj0"
    assert meta.title == "Demo Lecture"  # title before fulltitle
    assert meta.channel == "Demo Channel"  # channel before uploader
    assert meta.channel_handle == "demochannel"  # '@' stripped
    assert meta.upload_date == "2024-01-31"
    assert meta.duration == 12.0
    assert meta.language == "en"
    assert meta.webpage_url == "https://www.youtube.com/watch?v=AbCdEfGhIj0"
    assert [(c.title, c.start, c.end) for c in meta.chapters] == [
        ("Start", 0.0, 5.6),
        ("Middle", 5.6, 12.0),  # the last chapter ends with the video
    ]


def test_missing_fields_stay_none(write):
    meta = read_info_json(write("x.info.json", json.dumps({"id": "ymyY7jez0rM"})))
    assert (meta.title, meta.channel, meta.channel_handle, meta.duration) == (None,) * 4
    assert meta.upload_date is None and meta.chapters == []


def test_handle_from_the_channel_url_and_fallbacks(write):
    meta = read_info_json(
        write(
            "y.info.json",
            json.dumps(
                {
                    "id": "ymyY7jez0rM",
                    "fulltitle": "Only full",
                    "uploader": "Up",
                    "uploader_id": "UCabc",
                    "channel_url": "https://www.youtube.com/@handle.x",
                }
            ),
        )
    )
    assert (meta.title, meta.channel, meta.channel_handle) == ("Only full", "Up", "handle.x")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "no id"}', "no video 'id'"),
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "not an id!"}', "not a YouTube video id"),
        ('{"id": ', "malformed JSON"),
    ],
)
def test_bad_sidecars(write, content, message):
    with pytest.raises(InputError, match=message):
        read_info_json(write("bad.info.json", content))
