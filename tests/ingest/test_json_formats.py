"""The JSON shapes: Whisper (plain and Replicate), 3b1b timings, youtube-transcript-api, json3,
speaker paragraphs and diarised utterances."""

from __future__ import annotations

import json

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import parse_file
from vidwiki.ingest.detect import parse_any


def test_replicate_whisper_output(data):
    track = parse_file(data / "replicate_whisper.json")
    assert (track.fmt, track.auto, track.language) == ("whisper-json", True, "en")
    assert [c.text for c in track.cues] == [
        "Let's get to the good stuff.",
        "Welcome back to the show.",
    ]
    assert track.cues[0].end == 1.36  # integer and float seconds both read


def test_failed_prediction_is_an_error_not_an_empty_track(data):
    with pytest.raises(InputError, match="failed prediction, no segments"):
        parse_file(data / "failed_prediction.json")


def test_plain_whisper_segments_with_words_and_speakers(write):
    path = write(
        "talk.json",
        json.dumps(
            {
                "language": "en",
                "segments": [
                    {
                        "start": 0.0,
                        "end": 2.0,
                        "text": " Hello there.",
                        "speaker": "SPEAKER_00",
                        "words": [
                            {"word": " Hello", "start": 0.0, "end": 0.5},
                            {"word": " there.", "start": 0.6, "end": 1.2},
                            {"word": " 42"},
                        ],
                    },
                    {"start": 2.0, "end": 3.0, "text": " Hi.", "speaker": "SPEAKER_01"},
                ],
            }
        ),
    )
    cues = parse_file(path).cues
    assert [w.text for w in cues[0].words] == ["Hello", "there."]  # unaligned word skipped
    assert [(c.speaker, c.speaker_change) for c in cues] == [
        ("SPEAKER_00", True),
        ("SPEAKER_01", True),
    ]


def test_sentence_timings_are_one_sentence_per_cue(data):
    track = parse_file(data / "sentence_timings.json")
    assert (track.fmt, track.sentences, track.auto) == ("sentence-timings", True, False)
    assert track.cues[1].text.startswith("It's sloppily written")
    assert (track.cues[1].start, track.cues[1].end) == (6.06, 13.72)


def test_word_timings_strip_the_leading_space_and_group_into_sentences(data):
    track = parse_file(data / "word_timings.json")
    assert track.fmt == "word-timings"
    assert [c.text for c in track.cues] == ["This is a 3.", "It's sloppily written."]
    assert [(w.text, w.start, w.end) for w in track.cues[0].words][:2] == [
        ("This", 4.22, 4.66),
        ("is", 4.66, 5.0),
    ]


def test_transcript_api_durations_are_clipped_to_the_next_start(data):
    track = parse_file(data / "transcript_api.json")
    assert track.fmt == "transcript-api-json"
    assert [c.text for c in track.cues] == ["hey everyone welcome", "to the channel it's good"]
    assert track.cues[0].end == 4.0  # 1.5 + 4.0 overlapped the next start


def test_json3_events_segments_and_asr_flag(data):
    track = parse_file(data / "events.json3")
    assert (track.fmt, track.auto) == ("json3", True)  # acAsrConf marks ASR segments
    assert [c.text for c in track.cues] == ["hello world", "second line"]
    assert [(w.text, w.start) for w in track.cues[0].words] == [("hello", 0.5), ("world", 0.9)]


def test_speaker_paragraphs_lex_fridman_style(data):
    parsed = parse_any(data / "transcript.json")
    cues = parsed.track.cues
    assert parsed.track.fmt == "speaker-json"
    assert [(c.speaker, c.speaker_change) for c in cues] == [
        ("Jane Doe", True),
        ("Lex Fridman", True),
        ("Lex Fridman", False),  # empty speaker: the previous one continues
        ("Jane Doe", True),
    ]
    assert [c.end for c in cues[:3]] == [10.0, 30.0, 65.0]  # a paragraph ends at the next
    assert cues[3].text == "I read Alberto Benegas Lynch, and we became friends."
    assert parsed.video_id == "Lx3_fridman"  # from video_link
    assert parsed.title == "A Conversation"
    assert [(c.title, c.start, c.end) for c in parsed.chapters] == [
        ("Introduction", 0.0, 65.0),
        ("Freedom", 65.0, None),
    ]


def test_speaker_paragraphs_as_a_bare_list(write):
    path = write(
        "para.json",
        json.dumps([{"speaker": "A B", "time": "(00:00:05)", "text": "Hi."}]),
    )
    cue = parse_file(path).cues[0]
    assert (cue.speaker, cue.start) == ("A B", 5.0)


def test_diarised_utterances_in_milliseconds(data):
    track = parse_file(data / "diarised.json")
    assert (track.fmt, track.auto) == ("assemblyai-json", True)
    assert [(c.speaker, c.start, c.end) for c in track.cues] == [
        ("Speaker A", 0.25, 2.1),
        ("Speaker B", 2.3, 4.0),
    ]
    assert [w.text for w in track.cues[0].words] == ["Good", "morning."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"segments": [{"start": "soon", "end": 1, "text": "x"}]}', "segment 0"),
        ('[["text", 1.0, NaN]]', "entry 0"),
        ('[{"text": "a", "start": -1, "duration": 1}]', "entry 0"),
        ('{"events": [{"tStartMs": "x", "segs": [{"utf8": "a"}]}]}', "event 0"),
        ('{"note": "not captions", "count": 3}', "not a caption format"),
        ("[]", "no cues"),
        ('{"segments": 5}', "no segments"),
    ],
)
def test_wrong_json_shapes_are_input_errors(write, content, message):
    with pytest.raises(InputError, match=message):
        parse_file(write("odd.json", content))


def test_malformed_json_names_the_line(write):
    with pytest.raises(InputError) as err:
        parse_file(write("cut.json", '{\n "segments": [\n  {"start": 0,'))
    assert err.value.line == 3
    assert "malformed JSON" in err.value.message
