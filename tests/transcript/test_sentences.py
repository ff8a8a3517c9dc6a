"""build_sentences: from caption cues (and word timings) to timed, indexed sentences."""

from __future__ import annotations

import random

import pytest

from vidwiki.records import Cue, Word
from vidwiki.transcript import build_sentences

from .helpers import assert_contract, source, timed_words


def texts(sentences):
    return [s.text for s in sentences]


# --- sentence tracks (3b1b sentence_timings.json) ----------------------------------------------


def test_a_sentence_track_is_used_as_is_one_cue_one_sentence():
    src = source(
        [(4.22, 5.4, "This is a 3."), (6.06, 13.72, "It's sloppily  written.\u00a0Really. ")],
        sentences=True,
    )
    out = build_sentences(src)
    assert texts(out) == ["This is a 3.", "It's sloppily written. Really."]
    assert [(s.start, s.end) for s in out] == [(4.22, 5.4), (6.06, 13.72)]


def test_a_sentence_track_gets_its_zero_length_and_out_of_order_times_fixed():
    src = source(
        [
            (20.0, 22.0, "Third."),
            (838.1, 838.1, "But it actually gets cooler."),
            (838.1, 838.1, "I have not even started."),
            (10.0, 12.0, "First."),
        ],
        sentences=True,
        duration=839.0,
    )
    out = build_sentences(src)
    assert texts(out)[:2] == ["First.", "Third."]
    assert out[2].start < out[3].start < 839.0
    assert_contract(out, 839.0)


def test_a_run_on_in_a_sentence_track_is_split_to_at_most_60_words():
    clause = "we keep adding terms to the series and the sum keeps growing slowly"
    text = "; ".join([clause] * 8) + "."  # 96 words
    out = build_sentences(source([(0.0, 40.0, text)], sentences=True))
    assert len(out) >= 2
    assert all(len(s.text.split()) <= 60 for s in out)
    assert " ".join(texts(out)) == text
    assert out[1].start > 0.0  # interpolated inside the cue, not all at its start


# --- punctuated tracks: cue and sentence boundaries do not coincide ----------------------------


def test_sentences_are_cut_at_punctuation_not_at_cue_boundaries():
    src = source(
        [
            (4.22, 10.72, "This is a 3. It's sloppily written and rendered at an extremely low"),
            (10.72, 13.72, "resolution of 28x28 pixels, but you read it. And so"),
            (14.0, 15.0, "does everyone."),
        ]
    )
    assert texts(build_sentences(src)) == [
        "This is a 3.",
        "It's sloppily written and rendered at an extremely low resolution of 28x28 pixels, "
        "but you read it.",
        "And so does everyone.",
    ]


def test_without_word_timings_times_are_interpolated_by_character_position():
    #              0         1         2
    #              0123456789012345678901234
    src = source([(0.0, 5.0, "One two. Three four five.")])  # 5 characters per second
    first, second = build_sentences(src)
    assert (first.start, first.end) == pytest.approx((0.0, 1.6))  # "One two." = characters 0–8
    assert (second.start, second.end) == pytest.approx((1.8, 5.0))


def test_word_timings_give_each_sentence_its_first_and_last_word_times():
    words = [
        Word(" One", 1.0, 1.4),
        Word(" two.", 1.5, 2.0),
        Word(" Three", 5.0, 5.5),
        Word(" four.", 5.5, 6.2),
    ]
    src = source([(0.0, 10.0, "One two. Three four.")], words=words)
    out = build_sentences(src)
    assert [(s.start, s.end) for s in out] == [(1.0, 2.0), (5.0, 6.2)]


def test_inline_cue_word_timings_are_used_when_there_is_no_word_file():
    cue = Cue(
        0.0,
        10.0,
        "Hi there. See you",
        words=[
            Word("Hi", 0.5, 0.8),
            Word("there.", 0.8, 1.2),
            Word("See", 7.0, 7.3),
            Word("you", 7.3, 7.6),
        ],
    )
    out = build_sentences(source([cue]))
    assert [s.start for s in out] == [0.5, 7.0]


def test_word_timings_survive_small_differences_in_wording():
    words = timed_words("so the image is 28 x 28 pixels wide today ok", start=1.0)
    src = source([(0.0, 20.0, "The image is 28x28 pixels wide. Today, okay.")], words=words)
    out = build_sentences(src)
    assert out[0].start == pytest.approx(1.3)  # "The" = second timed word; "so" was cut in edit
    assert out[1].start == pytest.approx(words[9].start)  # "Today," after the merged "28x28"


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith and Dr. Jones met at 3.14 p.m. on Tuesday.",
        "Take any number, e.g. 2.5, and halve it.",
        "J. R. R. Tolkien wrote it, i.e. the book.",
        "Use the U.S. Army approach vs. the other one.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_sentences(text):
    assert texts(build_sentences(source([(0.0, 5.0, text)]))) == [text]


def test_lowercase_punctuated_tracks_still_split_at_periods():
    # Veritasium's human track is lowercase (README §10): casing cannot be required.
    src = source([(0.0, 9.0, "so this is a slinky. it falls. but the bottom waits. why is that?")])
    assert len(build_sentences(src)) == 4


def test_inline_sound_labels_are_dropped_from_the_text():
    out = build_sentences(
        source([(0.0, 4.0, "[Music] Welcome back. [applause] Thanks [ __ ] all.")])
    )
    assert texts(out) == ["Welcome back.", "Thanks all."]


# --- speakers ----------------------------------------------------------------------------------


def test_speakers_are_carried_and_a_change_of_speaker_ends_a_sentence():
    src = source(
        [
            Cue(0.0, 2.0, "When did you first", speaker="Lex Fridman"),
            Cue(2.0, 3.0, "understand it", speaker="Lex Fridman"),
            Cue(3.0, 6.0, "Well, actually, I came to it late.", speaker="Javier Milei"),
            Cue(6.0, 8.0, "So basically, in economics, it matters."),  # same speaker continues
        ]
    )
    out = build_sentences(src)
    assert [(s.text, s.speaker) for s in out] == [
        ("When did you first understand it", "Lex Fridman"),
        ("Well, actually, I came to it late.", "Javier Milei"),
        ("So basically, in economics, it matters.", "Javier Milei"),
    ]


def test_anonymous_turns_split_sentences_including_inline_chevrons():
    src = source(
        [
            Cue(0.0, 2.0, "maybe has taken over his"),
            Cue(2.0, 4.0, ">> I've been really addicted to this"),
            Cue(4.0, 6.0, "new thing", speaker_change=False),
            Cue(6.0, 7.0, "Me too.", speaker_change=True),
        ]
    )
    assert texts(build_sentences(src)) == [
        "maybe has taken over his",
        "I've been really addicted to this new thing",
        "Me too.",
    ]


# --- run-ons ---

PUNCTUATED = "It starts well. Then it goes on. And on."  # so the track counts as punctuated


def test_run_ons_split_at_the_clause_boundary_nearest_the_middle():
    left = "Now " + " ".join(["alpha"] * 33)
    right = " ".join(["beta"] * 34)
    text = f"{left}, and {right}, and gamma delta."
    out = build_sentences(source([(0.0, 3.0, PUNCTUATED), (3.0, 30.0, text)]))
    assert texts(out)[3:] == [f"{left},", f"and {right}, and gamma delta."]


def test_semicolons_and_dashes_beat_plain_commas_as_split_points():
    words = " ".join(f"w{i}" for i in range(30))
    text = f"Now {words}, more words here; {words} — and {words}."
    out = build_sentences(source([(0.0, 3.0, PUNCTUATED), (3.0, 60.0, text)]))[3:]
    assert all(len(s.text.split()) <= 60 for s in out)
    assert out[0].text.endswith("here;")
    assert out[1].text.endswith("—")


# --- unpunctuated auto-captions ----------------------------------------------------------------

SPEECH = (
    "so today we are going to look at how hexagons tile the plane and why bees like them "
    "now the first thing to notice is that a hexagon has six sides and every angle is the same "
    "but the humble bee has an engineering problem to solve she makes honey and wax "
    "okay and then we compare the perimeter of each shape with the area it encloses for a fixed "
    "amount of wax because that is what the bee really cares about at the end of the day"
)


def _auto_cues(words: list[Word], per_cue: int = 3) -> list[Cue]:
    cues = []
    for i in range(0, len(words), per_cue):
        chunk = words[i : i + per_cue]
        cues.append(Cue(chunk[0].start, chunk[-1].end, " ".join(w.text for w in chunk)))
    return cues


def test_unpunctuated_captions_are_cut_at_pauses_and_before_discourse_markers():
    n = len(SPEECH.split())
    pauses = {i - 1: 0.8 for i, w in enumerate(SPEECH.split()) if w in ("now", "but", "okay")}
    words = timed_words(SPEECH, pause_after=pauses)
    out = build_sentences(source(_auto_cues(words), words=words, auto=True))
    starts = [s.text.split()[0] for s in out]
    assert starts[:4] == ["So", "Now", "But", "Okay"]
    assert 1 < len(out) < n // 8
    assert all(len(s.text.split()) <= 40 for s in out)


def test_unpunctuated_sentences_are_capitalised_and_end_with_a_period_words_unchanged():
    words = timed_words(SPEECH)
    out = build_sentences(source(_auto_cues(words), words=words, auto=True))
    assert all(s.text[0].isupper() and s.text.endswith(".") for s in out)
    joined = " ".join(s.text for s in out).lower().replace(".", "")
    assert joined == SPEECH


def test_unpunctuated_speech_without_pauses_is_never_one_sentence_per_cue_or_per_video():
    words = timed_words(" ".join([SPEECH] * 4), step=0.25)
    cues = _auto_cues(words, per_cue=4)
    out = build_sentences(source(cues, auto=True))
    lengths = [len(s.text.split()) for s in out]
    assert len(cues) / 3 > len(out) > 1
    assert max(lengths) <= 40
    assert sum(8 <= n <= 30 for n in lengths) >= 0.8 * len(lengths)


def test_a_sentence_never_ends_on_a_word_like_the():
    words = timed_words(" ".join([SPEECH] * 3), step=0.25)
    out = build_sentences(source(_auto_cues(words), words=words, auto=True))
    assert not any(s.text.rstrip(".").split()[-1] in ("the", "a", "of", "to") for s in out)


# --- the contract, whatever the input ----------------------------------------------------------


def test_times_stay_inside_the_video_even_when_captions_run_past_its_end():
    src = source([(0.0, 5.0, "Fine here."), (9.0, 14.0, "Past the end.")], duration=10.0)
    out = build_sentences(src)
    assert out[1].start == 9.0 and out[1].end == 10.0
    src = source([(0.0, 5.0, "Fine here."), (12.0, 14.0, "Way past the end.")], duration=10.0)
    assert_contract(build_sentences(src), 10.0)


def test_an_empty_or_silent_track_has_no_sentences():
    assert build_sentences(source([])) == []
    assert build_sentences(source([(0.0, 2.0, "[Music]"), (2.0, 3.0, "  ")])) == []


VOCAB = "so the cube rotates and then we see it. Mr. Smith said no! why? 3.14 x^2 — okay, >>"


@pytest.mark.parametrize("seed", range(40))
def test_random_defective_tracks_still_satisfy_the_contract(seed):
    rng = random.Random(seed)
    cues, t = [], rng.uniform(0, 5)
    for _ in range(rng.randint(1, 60)):
        kind = rng.random()
        start = t if kind < 0.2 else t + rng.uniform(-1.0, 3.0)  # ties and overlaps
        length = 0.0 if kind < 0.3 else rng.choice([rng.uniform(0.1, 5), rng.uniform(100, 4000)])
        text = " ".join(rng.choice(VOCAB.split()) for _ in range(rng.randint(0, 12)))
        cues.append(Cue(start, start + length, text, speaker_change=rng.random() < 0.05))
        t = max(t, start) if rng.random() < 0.5 else start
    rng.shuffle(cues) if seed % 5 == 0 else None
    duration = rng.choice([None, max(c.end for c in cues) * rng.uniform(0.5, 1.2)])
    words = None
    if seed % 3 == 0:
        words = [
            Word(w, i * 0.3, i * 0.3 + 0.2)
            for i, w in enumerate(" ".join(c.text for c in cues).split())
        ]
    src = source(cues, duration=duration, words=words, sentences=seed % 4 == 0)
    out = build_sentences(src)
    assert_contract(out, duration)
    for s in out:
        assert len(s.text.split()) <= 60
