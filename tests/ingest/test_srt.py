"""SRT: the textbook shape and the ways real files break it."""

from __future__ import annotations

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import parse_file


def test_professional_srt_bom_crlf_nbsp_sound_cue_and_turn(data):
    track = parse_file(data / "professional.en.srt")
    assert track.fmt == "srt"
    assert track.auto is False
    assert track.language == "en"  # from the file name
    texts = [c.text for c in track.cues]
    assert "(logo whooshing)" not in " ".join(texts)  # a sound cue becomes empty and is dropped
    assert texts[0] == "Let's study the transformer architecture."  # two lines joined
    assert track.cues[0].speaker_change is True  # "- " opened a new turn and left the text
    assert texts[1] == "This video is the introductory video to the encoders,"  # NBSP and <i> gone
    assert texts[2] == "decoders & encoder-decoder series of videos."


def test_cue_line_numbers_point_at_the_timing_line(data):
    track = parse_file(data / "professional.en.srt")
    assert track.cues[0].line == 6


def test_out_of_order_cues_are_sorted_and_zero_length_ones_get_a_span(data):
    track = parse_file(data / "professional.en.srt")
    starts = [c.start for c in track.cues]
    assert starts == sorted(starts)
    zero = next(c for c in track.cues if c.text == "A zero-length cue.")
    assert zero.end > zero.start


def test_missing_numbers_dot_millis_and_no_blank_lines(write):
    path = write(
        "loose.srt",
        "00:00:01.5 --> 00:00:02,000\nfirst\n00:00:02,000 --> 00:00:03,000\nsecond\n\n\n",
    )
    track = parse_file(path)
    assert [(c.start, c.text) for c in track.cues] == [(1.5, "first"), (2.0, "second")]


def test_a_vtt_saved_as_srt_is_read_as_vtt(write):
    path = write("misnamed.srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n")
    assert parse_file(path).fmt == "vtt"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("1\n00:00:01,000 --> 00:00:0\nhello\n", 2, "malformed timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:0", 6, "malformed timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n", 5, "truncated"),
        ("1\n00:00:01,000 --> 00:00:62,000\nhello\n", 2, "bad timestamp"),
    ],
)
def test_truncated_or_malformed_srt_names_the_line(write, content, line, message):
    path = write("broken.srt", content)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert err.value.line == line
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: ")
