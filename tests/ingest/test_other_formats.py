"""Timedtext XML, the player-scrape CSV, the transcript-panel copy-paste and SBV."""

from __future__ import annotations

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import parse_file
from vidwiki.ingest.detect import parse_any


def test_legacy_timedtext_with_double_escaped_entities(data):
    track = parse_file(data / "legacy_timedtext.xml")
    assert track.fmt == "timedtext-xml"
    assert [c.text for c in track.cues] == [
        "this is not the original transcript",
        "it's double & escaped",
    ]  # [Music] dropped
    assert (track.cues[0].start, track.cues[0].end) == (1.54, 5.7)


def test_srv3_paragraphs_with_word_segments(write):
    path = write(
        "clip.srv3",
        '<timedtext format="3"><body>'
        '<p t="1000" d="2000"><s>hello</s><s t="500"> world</s></p>'
        '<p t="3000" d="1000">plain</p></body></timedtext>',
    )
    track = parse_file(path)
    assert [c.text for c in track.cues] == ["hello world", "plain"]
    assert [(w.text, w.start) for w in track.cues[0].words] == [("hello", 1.0), ("world", 1.5)]


def test_player_csv_prefers_the_human_rows(data):
    parsed = parse_any(data / "caption_text_Sc4pEdVid01.csv")
    track = parsed.track
    assert (track.fmt, track.auto, track.language) == ("player-csv", False, "en")
    assert parsed.video_id == "Sc4pEdVid01"  # from the video_id column
    assert parsed.duration == 20.0  # from "m:ss / total"
    first = track.cues[0]
    assert (first.start, first.end, first.speaker, first.text) == (
        1.0,
        3.0,
        "Nina Totenberg",
        "Do you have any regrets?",
    )
    # "- PSH. - YOU WANNA GO?" is two turns; "- [baby giggles]" is a sound and disappears
    assert [c.text for c in track.cues[1:]] == ["PSH.", "YOU WANNA GO?"]


def test_player_csv_rolling_asr_rows_give_each_word_once(data):
    auto = parse_any(data / "caption_text_Sc4pEdVid01.csv").extra[0]
    assert auto.auto is True
    assert (
        " ".join(c.text for c in auto.cues)
        == "hey watch where the you going oh my gosh i'm so sorry"
    )
    starts = [c.start for c in auto.cues]
    assert starts == sorted(starts) and starts[1] == 1.5  # second row within 0:01 is 1.5 s


def test_transcript_panel_copy_paste(data):
    track = parse_file(data / "panel_copy.txt")
    assert track.fmt == "panel-text"
    assert [(c.start, c.text) for c in track.cues] == [
        (0.0, "welcome back everyone"),
        (4.0, "today we talk about mathematics"),
        (3723.0, "thanks for watching"),
    ]


def test_a_text_file_that_is_not_a_transcript_is_refused(write):
    with pytest.raises(InputError, match="not a caption file"):
        parse_file(write("notes.txt", "remember to buy milk\n"))


def test_sbv_with_speaker_markers(data):
    track = parse_file(data / "youtube_export.sbv")
    assert track.fmt == "sbv"
    assert [(c.speaker, c.speaker_change, c.text) for c in track.cues] == [
        ("Alice", True, "Hi, my name is Alice and this is my demo."),
        (None, True, "Hi Alice."),
    ]


def test_csv_without_the_expected_columns(write):
    with pytest.raises(InputError, match="'text' and 'timecode'"):
        parse_file(write("table.csv", "a,b\n1,2\n"))


def test_ttml_paragraphs(write):
    path = write(
        "clip.en.ttml",
        '<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
        '<p begin="00:00:01.000" end="00:00:02.500">first<br/>line</p>'
        '<p begin="3s" dur="1500ms">second</p></div></body></tt>',
    )
    track = parse_file(path)
    assert [(c.start, c.end, c.text) for c in track.cues] == [
        (1.0, 2.5, "first line"),
        (3.0, 4.5, "second"),
    ]
