"""The real corpus (../shared/corpus): every folder ingests, with the right track and clean text.

Skipped when the corpus is absent. discover() runs once per folder per session.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from vidwiki.ingest import discover, parse_file

pytestmark = pytest.mark.corpus


@cache
def _discover(root: Path):
    return discover(root)


def _empty_json_lists(problems) -> bool:
    return all(
        p.path.read_text().strip() == "[]" and p.message.startswith("no cues") for p in problems
    )


def test_3blue1brown_gives_151_videos_with_sentence_timings_and_words(corpus):
    videos, problems = _discover(corpus / "3blue1brown")
    assert len(videos) == 151
    assert _empty_json_lists(problems)  # two sentence_timings.json files hold "[]"
    with_sentences = {p.parent for p in (corpus / "3blue1brown").glob("*/sentence_timings.json")}
    with_sentences -= {p.path.parent for p in problems}
    chosen = {v.track.path.parent for v in videos if v.track.fmt == "sentence-timings"}
    assert chosen == with_sentences
    assert all(
        v.track.sentences and not v.track.auto for v in videos if v.track.path.parent in chosen
    )
    with_words = {p.parent for p in (corpus / "3blue1brown").glob("*/word_timings.json")}
    assert len(with_words) == 48
    assert {v.track.path.parent for v in videos if v.words} == with_words
    assert all(v.meta.channel == "3Blue1Brown" and v.meta.duration for v in videos)


def test_3blue1brown_zero_length_cues_are_repaired(corpus):
    track = parse_file(corpus / "3blue1brown" / "2016-hanoi-and-sierpinski" / "captions.srt")
    for cue, nxt in zip(track.cues, track.cues[1:], strict=False):
        assert 0 <= cue.start <= cue.end <= nxt.start


def test_yt_dlp_auto_captions_each_word_once_with_times_and_speakers(corpus):
    [path] = (corpus / "yt-dlp-auto-captions").glob("*/*.en.vtt")
    track = parse_file(path)
    assert (track.fmt, track.auto) == ("vtt-rolling", True)
    assert not any(c.end - c.start <= 0.011 for c in track.cues)  # 668 snapshots dropped
    words = [w for c in track.cues for w in c.words]
    tokens = [w.text for w in words]
    # the file's inline-timed lines hold 4,658 words; untimed one-word lines add a few
    assert 4658 <= len(tokens) <= 4670
    for k in range(4, 12):  # no phrase repeated back to back (carried-over lines removed)
        assert not any(tokens[i : i + k] == tokens[i + k : i + 2 * k] for i in range(len(tokens)))
    assert [(w.text, w.start) for w in words[:3]] == [
        ("Welcome", 0.24),
        ("to", 0.8),
        ("another", 1.12),
    ]
    assert all(a.start <= b.start for a, b in zip(words, words[1:], strict=False))
    changes = [c for c in track.cues if c.speaker_change]
    assert len(changes) == 49  # distinct &gt;&gt; turns
    assert changes[0].text.startswith("I've been really addicted")
    text = " ".join(c.text for c in track.cues)
    assert "[music]" not in text and "&gt;" not in text and ">>" not in text


def test_paint_on_broadcast_captions_are_joined_into_words(corpus):
    track = parse_file(corpus / "youtube-dl-vtt" / "ymyY7jez0rM" / "ymyY7jez0rM.user.en.vtt")
    assert track.auto is False
    text = " ".join(c.text for c in track.cues)
    assert "CHOICE WE MAKE THIS NOVEMBER IS GOING TO DECIDE THE FUTURE OF AMERICA" in text
    assert "OPPORTUNITIES." in text
    assert text.count("THIS NOVEMBER IS GOING TO DECIDE") == 1  # display repeats dropped


def test_human_vtt_speakers_and_sound_cues(corpus):
    videos, _ = _discover(corpus / "youtube-dl-vtt")
    date = next(v for v in videos if v.meta.video_id == "uhZE84C5g0M")
    assert date.track.path.name == "uhZE84C5g0M.user.en.vtt"
    assert [t.auto for t in date.alternatives] == [True]  # .auto.en-US.vtt
    speakers = {c.speaker for c in date.track.cues}
    assert {"Betsy", "Brooklyn", "Matt"} <= speakers
    text = " ".join(c.text for c in date.track.cues)
    assert "(lively guitar music)" not in text and "(Brooklyn and Betsy laugh)" not in text
    assert "[Betsy]" not in text


def test_lexfridman_five_videos_with_speakers_and_chapters(corpus):
    videos, problems = _discover(corpus / "lexfridman-transcripts")
    assert problems == [] and len(videos) == 5
    for v in videos:
        assert v.track.fmt == "speaker-json"
        assert "Lex Fridman" in {c.speaker for c in v.track.cues}
        assert len({c.speaker for c in v.track.cues}) >= 2
        assert v.meta.chapters and v.meta.title
        text = " ".join(c.text for c in v.track.cues)
        assert "[foreign language" not in text and "[inaudible" not in text
        assert all(c.speaker for c in v.track.cues)  # empty speaker = the previous one


def test_codingtrain_whisper(corpus):
    videos, problems = _discover(corpus / "codingtrain-whisper")
    assert problems == [] and len(videos) == 3
    for v in videos:
        assert (v.track.fmt, v.track.auto) == ("whisper-json", True)
        assert v.meta.channel == "The Coding Train" and v.meta.title is None
        assert not v.track.cues[0].text.startswith(" ")


def test_huggingface_bom_nbsp_and_sound_cues(corpus):
    videos, problems = _discover(corpus / "huggingface")
    assert problems == [] and len(videos) == 12
    for v in videos:
        text = " ".join(c.text for c in v.track.cues)
        assert "\u00a0" not in text and "\ufeff" not in text and "  " not in text
        assert not re.search(r"\((?:[a-z]+ )*(?:whoosh|swoosh)\w*\)", text)
    youtube_track, _ = _discover(corpus / "huggingface-youtube-track")
    nbsp = " ".join(c.text for v in youtube_track for c in v.track.cues)
    assert "\u00a0" not in nbsp and len(youtube_track) == 12


def test_player_scrapes_prefer_the_human_track(corpus):
    videos, problems = _discover(corpus / "youtube-player-scrapes")
    assert problems == [] and len(videos) == 7
    for v in videos:
        assert v.track.auto is False
        assert [t.auto for t in v.alternatives] == [True]


def test_whole_corpus_one_source_per_video_id(corpus):
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    ids = {v["youtube_id"] for v in index["videos"]}
    assert index["count"] == 236 and len(ids) < 236  # some ids are in two folders

    videos, problems = _discover(corpus)

    assert sorted(v.meta.video_id for v in videos) == sorted(ids)
    assert _empty_json_lists(problems)
    keys = [(v.meta.upload_date or "", v.meta.video_id) for v in videos]
    assert keys == sorted(keys)
    whisper_ids = {
        v["youtube_id"] for v in index["videos"] if v["folder"].startswith("3blue1brown-whisper/")
    }
    for v in videos:
        if v.meta.video_id in whisper_ids:  # the human-edited track beats raw Whisper
            assert v.folder == corpus / "3blue1brown" and not v.track.auto
            assert any(t.path.name == "whisper_captions.srt" for t in v.alternatives)
    hf = next(v for v in videos if v.meta.video_id == "H39Z_720T5s")
    assert hf.folder == corpus / "huggingface"  # professional SRT beats the YouTube track
    for v in videos:
        assert all(0 <= c.start <= c.end for c in v.track.cues)
        assert v.meta.duration >= v.track.cues[-1].end
