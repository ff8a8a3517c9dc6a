"""build_sentences on the real transcripts of ../shared/corpus (skipped when it is absent).

Sources come from ``vidwiki.ingest.discover``, so these tests see exactly what the pipeline sees.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from pathlib import Path

import pytest

from vidwiki.ingest import discover
from vidwiki.records import Sentence, VideoSource
from vidwiki.transcript import build_sentences

from .helpers import assert_contract

pytestmark = pytest.mark.corpus

# The whisper file filed under change-of-basis is the eigenvalues video (its first line is
# "Eigenvectors and eigenvalues is one of those topics…"): a corpus labelling slip, not ours.
MISFILED_WHISPER = {"2016-change-of-basis"}


def _one(folder: Path) -> VideoSource:
    videos, problems = discover(folder)
    assert not problems, problems
    assert len(videos) == 1, folder
    return videos[0]


def _with_track(video: VideoSource, fmt: str, auto: bool) -> VideoSource:
    """The same video built from one of its alternative tracks."""
    track = next(t for t in video.alternatives if t.fmt == fmt and t.auto == auto)
    return dataclasses.replace(video, track=track, alternatives=[])


def _opening(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower())[:6])


def _lengths(sentences: list[Sentence]) -> list[int]:
    return [len(s.text.split()) for s in sentences]


def test_every_3b1b_video_from_either_track_keeps_the_contract(corpus):
    videos, _ = discover(corpus / "3blue1brown")
    assert len(videos) == 151
    for video in videos:
        tracks = [video.track, *video.alternatives]
        assert any(t.fmt == "srt" for t in tracks)
        for track in tracks:  # sentence timings, the human SRT, the Whisper SRT where present
            out = build_sentences(dataclasses.replace(video, track=track))
            assert out, video.meta.video_id
            assert_contract(out, video.meta.duration)
            assert max(_lengths(out)) <= 60, video.meta.video_id


def test_whisper_captions_give_nearly_the_human_sentences_and_times(corpus):
    """Whisper cues cut across sentences; re-cutting them should recover the edited sentences."""
    checked = 0
    for folder in sorted((corpus / "3blue1brown-whisper").iterdir()):
        if not folder.is_dir() or folder.name in MISFILED_WHISPER:
            continue
        whisper = build_sentences(_one(folder))
        human = build_sentences(_one(corpus / "3blue1brown" / folder.name))
        assert abs(len(whisper) - len(human)) <= 0.15 * len(human), folder.name
        by_opening = {_opening(s.text): s for s in human}
        diffs = [
            abs(s.start - by_opening[_opening(s.text)].start)
            for s in whisper
            if _opening(s.text) in by_opening
        ]
        assert len(diffs) >= 0.8 * len(whisper), folder.name
        assert sum(d <= 1.0 for d in diffs) >= 0.8 * len(diffs), folder.name
        checked += 1
    assert checked == 42


def test_the_zero_length_cues_of_hanoi_become_distinct_increasing_times(corpus):
    video = _one(corpus / "3blue1brown" / "2016-hanoi-and-sierpinski")
    for source in (video, _with_track(video, "srt", auto=False)):
        out = build_sentences(source)
        assert_contract(out, video.meta.duration)
        starts = [s.start for s in out]
        assert len(set(starts)) == len(starts)  # 69 cues shared a handful of timestamps


def test_the_3224_second_cue_of_ldm_complex_numbers_is_cut_to_a_speaking_time(corpus):
    video = _one(corpus / "3blue1brown" / "2020-ldm-complex-numbers")
    for source in (video, _with_track(video, "srt", auto=False)):
        out = build_sentences(source)
        assert_contract(out, video.meta.duration)
        last = out[-1]
        assert last.text == "This is genuinely delightful to me."
        assert last.end - last.start < 15


def test_a_run_on_sentence_track_is_cut_into_readable_sentences(corpus):
    # 2022-some2's sentence_timings.json is one 756-word "sentence" without periods.
    out = build_sentences(_one(corpus / "3blue1brown" / "2022-some2"))
    lengths = _lengths(out)
    assert len(out) > 20
    assert max(lengths) <= 40
    assert out[1].text == "We will get back to this buddy at the end of the video."


def test_punctuated_2025_auto_captions_give_sentences_of_a_readable_length(corpus):
    video = _one(corpus / "yt-dlp-auto-captions" / "Q8wVMdwhlh4")
    out = build_sentences(video)
    assert_contract(out, video.meta.duration)
    lengths = _lengths(out)
    assert 8 <= statistics.median(lengths) <= 40
    assert max(lengths) <= 60
    assert out[0].text == "Welcome to another episode of the light cone."
    assert out[4].text.startswith("I've been really addicted")  # after a ">>" speaker change


def test_unpunctuated_auto_captions_are_segmented_into_8_to_40_word_sentences(corpus):
    checked = 0
    for folder in sorted((corpus / "youtube-player-scrapes").iterdir()):
        if not folder.is_dir():
            continue
        video = _one(folder)
        source = _with_track(video, video.track.fmt, auto=True)
        out = build_sentences(source)
        assert_contract(out, video.meta.duration)
        lengths = _lengths(out)
        assert max(lengths) <= 40, folder.name
        assert sum(n >= 8 for n in lengths) >= 0.9 * len(lengths), folder.name
        assert len(out) >= len(source.track.cues) / 30, folder.name  # not one per video
        assert all(s.text[0].isupper() and s.text.endswith(".") for s in out)
        checked += 1
    assert checked == 7
