"""The clean-ups every format shares, one rule at a time."""

from __future__ import annotations

import math

import pytest

from vidwiki.ingest.base import RawCue
from vidwiki.ingest.clean import (
    build_cues,
    decode_entities,
    extract_label,
    normalize_space,
    repair_times,
    split_turns,
    strip_markup,
    strip_non_speech,
)
from vidwiki.records import Cue


def cues(*lines_per_cue: list[str] | str) -> list[Cue]:
    raws = []
    for n, lines in enumerate(lines_per_cue):
        raws.append(RawCue(float(n), float(n + 1), [lines] if isinstance(lines, str) else lines))
    return build_cues(raws)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("it&#39;s", "it's"),
        ("it&amp;#39;s", "it's"),  # double-escaped, as YouTube serves it
        ("Q&amp;amp;A", "Q&A"),
        ("a&nbsp;b", "a\u00a0b"),
        ("AT&T and &notes", "AT&T and &notes"),  # not entities: left alone
        ("&gt;&gt; next", ">> next"),
    ],
)
def test_entities(raw, clean):
    assert decode_entities(raw) == clean


def test_whitespace_nbsp_bom_and_double_spaces():
    assert normalize_space("\ufeff the\u00a0\u00a0encoders,\u00a0 and  more \u200b") == (
        "the encoders, and more"
    )


def test_markup_is_stripped_but_comparisons_in_speech_survive():
    assert strip_markup("<i>so</i> <b>x</b> <u>y</u> <c.colorE5E5E5>z</c>")[0] == "so x y z"
    assert strip_markup("<v.loud Mary>Hi")[1] == "Mary"
    assert cues("if x &lt; y and y &gt; z")[0].text == "if x < y and y > z"
    assert cues("&lt;i&gt;escaped&lt;/i&gt; tags")[0].text == "escaped tags"


def test_a_line_holding_a_single_space_is_not_text():
    assert [c.text for c in cues([" ", "hello", " "])] == ["hello"]


@pytest.mark.parametrize(
    "sound",
    [
        "[Music]",
        "[music]",
        "[Applause]",
        "[Laughter]",
        "[sighs]",
        "[ __ ]",
        "[&nbsp;__&nbsp;]",
        "(lively guitar music)",
        "(logo whooshing)",
        "(air whooshing)",
        "(Brooklyn and Betsy laugh)",
        "[foreign language 00:07:38]",
        "[inaudible 00:13:26]",
        "[BLANK_AUDIO]",
        "♪♪",
    ],
)
def test_non_speech_cues_are_dropped(sound):
    assert cues(sound) == []
    assert [c.text for c in cues([sound, "but this is speech."])] == ["but this is speech."]


@pytest.mark.parametrize(
    "speech",
    [
        "the entity (the encoder) is recognised",
        "call loss.backward() to compute it",
        "the BERT tokenizer uses [CLS] and [SEP]",
        "the interval [a, b] and the list [0, 1]",
        "(which can generally be used interchangeably)",
    ],
)
def test_brackets_that_are_speech_stay(speech):
    assert strip_non_speech(speech) == speech


def test_inline_sound_labels_leave_clean_punctuation():
    assert strip_non_speech("running late (laughs).") == "running late."
    assert strip_non_speech("WATCH WHERE THE [bleep] YOU GOING") == "WATCH WHERE THE YOU GOING"


def test_speaker_markers():
    assert split_turns(">> hi >> there") == [(False, ""), (True, "hi"), (True, "there")]
    assert split_turns("- PSH. - YOU WANNA GO?") == [(True, "PSH."), (True, "YOU WANNA GO?")]
    assert split_turns("minus-five is -5") == [(False, "minus-five is -5")]
    assert extract_label("[Betsy] Yeah.") == ("Betsy", "Yeah.")
    assert extract_label("NINA TOTENBERG: Do you?") == ("Nina Totenberg", "Do you?")
    assert extract_label("SPEAKER_00: hello") == ("SPEAKER_00", "hello")
    assert extract_label("[Music] hello") == (None, "[Music] hello")
    assert extract_label("[CLS] is a token") == (None, "[CLS] is a token")
    assert extract_label("Note: this matters") == (None, "Note: this matters")
    assert extract_label("THE PROBLEM: it fails") == (None, "THE PROBLEM: it fails")


def test_speakers_carry_over_until_the_next_marker():
    out = cues("- [Ann] Hello.", "How are you?", ">> Fine.", "Thanks.")
    assert [(c.speaker, c.speaker_change) for c in out] == [
        ("Ann", True),
        ("Ann", False),
        (None, True),  # an anonymous turn: someone else, name unknown
        (None, False),
    ]


def test_two_speakers_in_one_cue_share_its_time_in_proportion():
    out = build_cues([RawCue(10.0, 13.0, ["- Hi.", "- Hello there, friend."])])
    assert [c.text for c in out] == ["Hi.", "Hello there, friend."]
    assert out[0].start == 10.0 and out[-1].end == 13.0
    assert out[0].end == out[1].start
    assert out[0].end - out[0].start < out[1].end - out[1].start


def test_times_are_repaired():
    broken = [
        Cue(5.0, 4.0, "end before start"),
        Cue(-1.0, 2.0, "negative start"),
        Cue(math.nan, 3.0, "no start at all"),
        Cue(1.0, math.inf, "no end"),
        Cue(3.0, 9.0, "overlaps the next"),
        Cue(6.0, 6.0, "zero length"),
        Cue(6.0, 6.0, "shares the timestamp"),
        Cue(8.0, 9.0, "last"),
    ]
    fixed = repair_times(broken)
    assert [c.text for c in fixed][:2] == ["negative start", "no end"]
    for cue, nxt in zip(fixed, fixed[1:], strict=False):
        assert 0 <= cue.start <= cue.end <= nxt.start
        assert not math.isnan(cue.start) and not math.isnan(cue.end)
    assert all(c.text != "no start at all" for c in fixed)
    last_zero = next(c for c in fixed if c.text == "shares the timestamp")
    assert 6.0 < last_zero.end <= 8.0  # given a span up to the next cue, at most its reading time
