"""Bad input gives one InputError line naming the file, never another exception type."""

from __future__ import annotations

import contextlib
import json

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import parse_file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.srt", b"", "empty file"),
        ("blank.vtt", b"  \n\n \t\n", "empty file"),
        ("video.srt", b"\x00\x00\x00\x18ftypmp42", "binary file"),
        ("image.vtt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("bom-only.srt", "\ufeff".encode(), "empty file"),
        ("no-cues.vtt", b"WEBVTT\n\nNOTE nothing here\n", "no cues found"),
        ("words.srt", b"just some words\n", "no cues found"),
        ("sounds.srt", b"1\n00:00:01,000 --> 00:00:02,000\n[Music]\n", "no caption text"),
        ("weird.xml", b"<html><body>hi</body></html>", "no <text> or <p>"),
        ("array.json", b"[1, 2, 3]", "not a caption format"),
        ("deep.json", b"[" * 100000, "malformed JSON"),
    ],
)
def test_bad_files(write, name, content, message):
    path = write(name, content)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_unreadable_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        parse_file(tmp_path)  # a folder


def test_utf16_and_cp1252_files_are_read(write):
    srt = "1\n00:00:01,000 --> 00:00:02,000\ncafé\n"
    assert parse_file(write("u16.srt", srt.encode("utf-16"))).cues[0].text == "café"
    assert parse_file(write("cp.srt", srt.encode("cp1252"))).cues[0].text == "café"


@pytest.mark.parametrize(
    "data",
    [
        {"segments": [None]},
        {"segments": [{"start": 0, "end": 1, "text": None, "words": [5, {"word": 1}]}]},
        [["a", "b", "c"]],
        [{"text": "a", "start": True, "duration": 1}],
        {"events": [{"tStartMs": 0, "segs": [5, {"utf8": None}]}]},
        {"transcript": [{"time": {"h": 1}, "text": "x"}]},
        {"utterances": [{"start": 0, "end": 1, "text": 5, "words": "no"}]},
        {"status": "starting", "output": "queued"},
    ],
)
def test_odd_json_never_escapes_as_another_exception(write, data):
    path = write("odd.json", json.dumps(data))
    with contextlib.suppress(InputError):
        parse_file(path)
