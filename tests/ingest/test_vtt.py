"""WebVTT: headers, blocks, cue ids, settings and the hour-less timestamps Whisper tools write."""

from __future__ import annotations

from vidwiki.ingest import parse_file


def test_header_note_style_ids_settings_are_skipped(data):
    track = parse_file(data / "lecture.vtt")
    assert track.fmt == "vtt"
    assert track.language == "en"  # from the Language: header
    assert track.auto is False
    texts = [c.text for c in track.cues]
    assert texts[0] == "The following is a conversation,"
    assert not any("NOTE" in t or "cue" in t or t == "intro" for t in texts)


def test_no_hour_and_one_digit_hour_timestamps(data):
    track = parse_file(data / "lecture.vtt")
    assert (track.cues[0].start, track.cues[0].end) == (0.0, 3.0)
    assert (track.cues[2].start, track.cues[2].end) == (3598.0, 3602.28)
    assert track.cues[3].start == 3602.28


def test_voice_tag_becomes_the_speaker_and_markup_is_stripped(data):
    track = parse_file(data / "lecture.vtt")
    assert track.cues[1].speaker == "Roger Bingham"
    assert track.cues[1].text == "We are in New York City"
    assert track.cues[3].text == "and again."  # <b> <u> stripped


def test_a_cue_followed_directly_by_the_next_timing_line(write):
    path = write(
        "tight.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n00:00:02.000 --> 00:00:03.000\ntwo\n",
    )
    assert [c.text for c in parse_file(path).cues] == ["one", "two"]


def test_kind_asr_header_marks_the_track_auto(write):
    path = write("clip.vtt", "WEBVTT\nKind: asr\n\n00:01.000 --> 00:02.000\nhello\n")
    assert parse_file(path).auto is True


def test_speaker_markers_and_two_speakers_in_one_cue(write):
    path = write(
        "date.user.en.vtt",
        "WEBVTT\n\n"
        "00:02:18.870 --> 00:02:19.992\nHey!\n- Nice to meet you.\n\n"
        "00:02:23.880 --> 00:02:25.240\n- [Betsy] Yeah, it is very beautiful.\n\n"
        "00:02:25.240 --> 00:02:26.090\nAnd the view is always gorgeous.\n\n"
        "00:02:26.090 --> 00:02:27.000\n(Brooklyn and Betsy laugh)\n",
    )
    cues = parse_file(path).cues
    # "Hey!" and "Nice to meet you." are two turns: one cue each, sharing the span
    assert [c.text for c in cues[:2]] == ["Hey!", "Nice to meet you."]
    assert cues[0].start == 138.87 and cues[1].end == 139.992
    assert cues[0].end == cues[1].start
    assert cues[1].speaker_change is True
    assert (cues[2].speaker, cues[2].speaker_change, cues[2].text) == (
        "Betsy",
        True,
        "Yeah, it is very beautiful.",
    )
    # an unmarked cue continues the current speaker
    assert (cues[3].speaker, cues[3].speaker_change) == ("Betsy", False)
    assert len(cues) == 4  # the laughter cue is dropped
