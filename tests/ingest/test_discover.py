"""discover(): files grouped per video, the best track chosen, problems reported, never guessed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vidwiki.errors import InputError
from vidwiki.ingest import discover
from vidwiki.records import Problem

SIDECAR = "Demo Lecture [AbCdEfGhIj0].info.json"


def _copy(data: Path, name: str, dest: Path, as_name: str | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(data / name, dest / (as_name or name)))


def _sidecar(folder: Path, video_id: str, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fields.get('title', video_id)} [{video_id}].info.json"
    path.write_text(json.dumps({"id": video_id, **fields}), encoding="utf-8")
    return path


def test_several_transcripts_of_one_video_make_one_source(data, tmp_path):
    video = tmp_path / "Demo Channel" / "2024-demo"
    _copy(data, "professional.en.srt", video, "captions.srt")
    _copy(data, "sentence_timings.json", video)
    _copy(data, "word_timings.json", video)
    _copy(data, SIDECAR, video)

    videos, problems = discover(tmp_path)

    assert problems == []
    [source] = videos
    assert source.meta.video_id == "AbCdEfGhIj0"  # from the sidecar beside the files
    assert source.track.fmt == "sentence-timings"  # the most precise human track
    assert [t.fmt for t in source.alternatives] == ["srt"]  # word timings are not a track here
    assert [w.text for w in source.words][:4] == ["This", "is", "a", "3."]
    assert source.folder == tmp_path / "Demo Channel"  # first-level subfolder of root
    assert source.meta.title == "Demo Lecture" and source.meta.channel_handle == "demochannel"
    assert len(source.files) == 4


def test_duration_is_the_larger_of_sidecar_and_last_cue(data, tmp_path):
    _copy(data, "sentence_timings.json", tmp_path)
    _copy(data, SIDECAR, tmp_path)  # says 12 s; the last sentence ends at 17 s
    [source], _ = discover(tmp_path)
    assert source.meta.duration == 17.0
    assert source.folder == tmp_path  # files directly in root


def test_without_a_sidecar_title_comes_from_the_name_and_duration_from_the_cues(data, tmp_path):
    _copy(data, "professional.en.srt", tmp_path, "A Talk [Q8wVMdwhlh4].en.srt")
    [source], problems = discover(tmp_path)
    assert problems == []
    assert (source.meta.video_id, source.meta.title) == ("Q8wVMdwhlh4", "A Talk")
    assert source.meta.duration == source.track.cues[-1].end
    assert source.meta.language == "en"


def test_the_same_video_in_two_folders_appears_once_and_human_wins(data, tmp_path):
    human = tmp_path / "channel" / "lecture"
    asr = tmp_path / "channel-whisper" / "lecture"
    _copy(data, "professional.en.srt", human, "captions.srt")
    _sidecar(human, "AbCdEfGhIj0", title="Lecture", duration=30)
    _copy(data, "professional.en.srt", asr, "whisper_captions.srt")
    _sidecar(asr, "AbCdEfGhIj0", channel="Channel")

    [source], problems = discover(tmp_path)

    assert problems == []
    assert source.track.path.name == "captions.srt" and source.track.auto is False
    assert [(t.path.name, t.auto) for t in source.alternatives] == [("whisper_captions.srt", True)]
    assert source.folder == tmp_path / "channel"
    assert (source.meta.title, source.meta.channel) == ("Lecture", "Channel")  # merged
    assert len(source.files) == 4


def test_human_vtt_beats_auto_vtt_of_the_same_video(tmp_path):
    body = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n"
    (tmp_path / "uhZE84C5g0M.user.en.vtt").write_text(body)
    (tmp_path / "uhZE84C5g0M.auto.en-US.vtt").write_text(body)
    [source], _ = discover(tmp_path)
    assert source.track.path.name == "uhZE84C5g0M.user.en.vtt"
    assert [t.auto for t in source.alternatives] == [True]


def test_the_video_id_from_the_content_when_names_say_nothing(data, tmp_path):
    _copy(data, "transcript.json", tmp_path / "lex")  # video_link inside
    _copy(data, "caption_text_Sc4pEdVid01.csv", tmp_path / "scrape", "scrape.csv")
    videos, problems = discover(tmp_path)
    assert problems == []
    by_id = {v.meta.video_id: v for v in videos}
    assert set(by_id) == {"Lx3_fridman", "Sc4pEdVid01"}
    lex = by_id["Lx3_fridman"]
    assert lex.meta.title == "A Conversation" and len(lex.meta.chapters) == 2
    scrape = by_id["Sc4pEdVid01"]
    assert scrape.meta.duration == 20.0  # the player's total
    assert [t.auto for t in scrape.alternatives] == [True]  # the ASR rows


def test_a_file_without_a_recoverable_id_is_a_problem_not_a_guess(data, tmp_path):
    _copy(data, "professional.en.srt", tmp_path / "a", "captions.srt")
    _sidecar(tmp_path / "b", "AbCdEfGhIj0")
    _sidecar(tmp_path / "b", "Q8wVMdwhlh4")
    _copy(data, "professional.en.srt", tmp_path / "b", "captions.srt")

    videos, problems = discover(tmp_path)

    assert videos == []
    messages = {p.path.relative_to(tmp_path).as_posix(): p.message for p in problems}
    assert messages["a/captions.srt"].startswith("no video id")
    assert "several .info.json" in messages["b/captions.srt"]
    assert sum("no caption file for video" in m for m in messages.values()) == 2


def test_one_bad_file_never_stops_the_others(data, tmp_path):
    good = tmp_path / "good"
    _copy(data, "sentence_timings.json", good)
    _sidecar(good, "AbCdEfGhIj0")
    bad = {
        "binary [Q8wVMdwhlh4].en.vtt": b"\x00\x01\x02WEBVTT\xff",
        "empty [ymyY7jez0rM].en.srt": b"",
        "broken [3RPDD6Wmicg].json": b'{"segments": [',
        "cut [uhZE84C5g0M].en.srt": b"1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:0",
        "failed [kg2G26TWjY4].json": (data / "failed_prediction.json").read_bytes(),
    }
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)

    videos, problems = discover(tmp_path)

    assert [v.meta.video_id for v in videos] == ["AbCdEfGhIj0"]
    assert sorted(p.path.name for p in problems) == sorted(bad)
    reasons = {p.path.name: str(p) for p in problems}
    assert "binary file" in reasons["binary [Q8wVMdwhlh4].en.vtt"]
    assert "empty file" in reasons["empty [ymyY7jez0rM].en.srt"]
    assert "malformed JSON" in reasons["broken [3RPDD6Wmicg].json"]
    assert reasons["cut [uhZE84C5g0M].en.srt"].endswith(
        ".en.srt:6: malformed timing line: '00:00:0'"
    )
    assert "failed prediction" in reasons["failed [kg2G26TWjY4].json"]
    assert all("\n" not in str(p) for p in problems)


def test_a_single_file_takes_its_sidecar_from_beside_it(data, tmp_path):
    track = _copy(data, "Rolling demo [AbCdEfGhIj0].en.vtt", tmp_path)
    _copy(data, SIDECAR, tmp_path)
    _copy(data, "professional.en.srt", tmp_path, "unrelated [Q8wVMdwhlh4].srt")
    [source], problems = discover(track)
    assert problems == []
    assert source.meta.title == "Demo Lecture"
    assert source.track.fmt == "vtt-rolling" and source.track.auto is True
    assert source.words and source.words[0].text == "Welcome"  # the track's inline timings
    assert source.folder == tmp_path


def test_videos_are_sorted_by_upload_date_then_id(tmp_path):
    body = "1\n00:00:01,000 --> 00:00:02,000\nhello\n"
    for vid, date in [
        ("bbbbbbbbbb1", "20200101"),
        ("aaaaaaaaaa1", None),
        ("cccccccccc1", "20190101"),
    ]:
        folder = tmp_path / vid
        _sidecar(folder, vid, upload_date=date)
        (folder / "captions.srt").write_text(body)
    videos, _ = discover(tmp_path)
    assert [v.meta.video_id for v in videos] == ["aaaaaaaaaa1", "cccccccccc1", "bbbbbbbbbb1"]


def test_non_caption_files_are_ignored(tmp_path):
    (tmp_path / "README.md").write_text("# notes")
    (tmp_path / "index.json").write_text('{"videos": []}')
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.srt").write_text("junk")
    assert discover(tmp_path) == ([], [])


def test_a_missing_root_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        discover(tmp_path / "nope")


def test_the_sidecar_caption_lists_label_a_track_whose_name_says_nothing(tmp_path):
    body = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n"
    for vid, kind in [("AbCdEfGhIj0", "automatic_captions"), ("Q8wVMdwhlh4", "subtitles")]:
        _sidecar(tmp_path / vid, vid, title="T", **{kind: {"en": [{"ext": "vtt"}]}})
        (tmp_path / vid / f"T [{vid}].en.vtt").write_text(body)
    videos, _ = discover(tmp_path)
    assert {v.meta.video_id: v.track.auto for v in videos} == {
        "AbCdEfGhIj0": True,  # only an ASR track was on offer
        "Q8wVMdwhlh4": False,
    }


def test_a_single_file_that_is_not_captions_is_a_problem(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# notes")
    assert discover(path) == ([], [Problem(path, "not a caption file")])


def test_a_media_file_beside_the_captions_is_the_videos_local_copy(tmp_path):
    body = "1\n00:00:01,000 --> 00:00:02,000\nhello\n"
    named = tmp_path / "named"
    named.mkdir()
    (named / "Talk [AbCdEfGhIj0].en.srt").write_text(body)
    (named / "Talk [AbCdEfGhIj0].mp4").write_bytes(b"\0")
    by_sidecar = tmp_path / "sidecar"
    _sidecar(by_sidecar, "Q8wVMdwhlh4", title="Lecture")
    (by_sidecar / "Lecture [Q8wVMdwhlh4].en.srt").write_text(body)
    (by_sidecar / "Lecture [Q8wVMdwhlh4].m4a").write_bytes(b"\0")
    (by_sidecar / "unrelated.mp3").write_bytes(b"\0")  # names no video: belongs to none

    videos, problems = discover(tmp_path)

    assert problems == []
    assert {v.meta.video_id: v.meta.media_path for v in videos} == {
        "AbCdEfGhIj0": str((named / "Talk [AbCdEfGhIj0].mp4").resolve()),
        "Q8wVMdwhlh4": str((by_sidecar / "Lecture [Q8wVMdwhlh4].m4a").resolve()),
    }
