"""What file names say: video ids, language, ASR or human, a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidwiki.ingest.names import (
    auto_from_name,
    id_from_name,
    id_from_url,
    language_from_name,
    title_from_name,
)


@pytest.mark.parametrize(
    ("name", "video_id"),
    [
        ("The AI Agent Economy Is Here [Q8wVMdwhlh4].en.vtt", "Q8wVMdwhlh4"),
        ("Title [with] dots. [-9OUyo8NFZg].info.json", "-9OUyo8NFZg"),
        ("3RPDD6Wmicg.json", "3RPDD6Wmicg"),
        ("uhZE84C5g0M.user.en.vtt", "uhZE84C5g0M"),
        ("captions.srt", None),
        ("transcripts.json", None),  # eleven lowercase letters: a word, not an id
        ("whisper_captions.srt", None),
    ],
)
def test_video_id_from_name(name, video_id):
    assert id_from_name(Path(name)) == video_id


def test_video_id_from_url():
    assert id_from_url("https://www.youtube.com/watch?v=8NLzc9kobDk") == "8NLzc9kobDk"
    assert id_from_url("https://youtu.be/8NLzc9kobDk?t=3") == "8NLzc9kobDk"
    assert id_from_url("https://lexfridman.com/javier-milei") is None


@pytest.mark.parametrize(
    ("name", "auto"),
    [
        ("uhZE84C5g0M.auto.en-US.vtt", True),
        ("uhZE84C5g0M.user.en.vtt", False),
        ("whisper_captions.srt", True),
        ("Talk [Q8wVMdwhlh4].en-orig.vtt", True),
        ("Auto repair tips [Q8wVMdwhlh4].en.vtt", None),  # the title does not count
        ("captions.srt", None),
    ],
)
def test_auto_from_name(name, auto):
    assert auto_from_name(Path(name)) is auto


def test_language_and_title_from_name():
    assert language_from_name(Path("T [Q8wVMdwhlh4].en-US.vtt")) == "en-US"
    assert language_from_name(Path("T [Q8wVMdwhlh4].en-orig.vtt")) == "en"
    assert language_from_name(Path("captions.srt")) is None
    assert title_from_name(Path("Why 4D geometry [piJkuavhV50].en.vtt")) == "Why 4D geometry"
    assert title_from_name(Path("captions.srt")) is None
    assert title_from_name(Path("3RPDD6Wmicg.json")) is None
