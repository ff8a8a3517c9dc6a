"""The broken-input corpus (tests/data/broken, made by tools/make_broken_inputs.py), file by file.

Every broken caption or sidecar file gives one ``Problem`` naming it (and its line where the
fault has one), and nothing else: no video, no second line, no other exception. Odd files that
are meant (a BOM, UTF-16, Latin-1, cues out of order) are read into a video without complaint.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repo_scripts import load_script
from vidwiki.ingest import discover
from vidwiki.ingest.names import id_from_name

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "data" / "broken"


maker = load_script("tools/make_broken_inputs.py")
MANIFEST = json.loads((BROKEN / maker.MANIFEST).read_text(encoding="utf-8"))
CAPTIONS = [c for c in MANIFEST if not c["file"].endswith(".info.json")]


def test_the_committed_corpus_is_what_the_script_writes_and_holds_at_least_60_cases():
    assert maker.differences(BROKEN) == []
    assert len(MANIFEST) >= 60
    assert all(c["why"] for c in MANIFEST), "every case says what is wrong with it"


@pytest.mark.parametrize("case", [c for c in CAPTIONS if c["expect"] == "skip"], ids=lambda c: c["file"])
def test_a_broken_caption_file_gives_one_line_naming_it(case):
    videos, problems = discover(BROKEN / case["file"])
    assert videos == []
    assert len(problems) == 1
    line = str(problems[0])
    assert line.startswith(str(BROKEN / case["file"]))
    assert case["reason"] in line and "\n" not in line
    if case["line"]:
        assert problems[0].line == case["line"]


@pytest.mark.parametrize("case", [c for c in CAPTIONS if c["expect"] == "read"], ids=lambda c: c["file"])
def test_an_odd_but_meant_caption_file_is_read_without_complaint(case):
    videos, problems = discover(BROKEN / case["file"])
    assert [v.meta.video_id for v in videos] == [id_from_name(Path(case["file"]))]
    assert not [p for p in problems if p.path.name == case["file"]]
    cues = videos[0].track.cues
    assert cues and all(c.start <= c.end for c in cues)
    assert [c.start for c in cues] == sorted(c.start for c in cues)


def named(stem: str, ext: str) -> Path:
    """The case file ``<stem> [<id>]<ext>`` (ids follow the order of the cases in the script)."""
    return next(BROKEN / c["file"] for c in MANIFEST if c["file"].startswith(stem + " [") and c["file"].endswith(ext))


def test_text_in_odd_encodings_reads_the_same_as_utf8():
    plain = [c.text for c in discover(named("utf8-bom", ".srt"))[0][0].track.cues]
    for stem in ("utf16-no-bom", "utf32", "utf16-le-bom", "crlf"):
        assert [c.text for c in discover(named(stem, ".srt"))[0][0].track.cues] == plain, stem
    latin = discover(named("latin1", ".srt"))[0][0].track.cues
    assert latin[0].text == "Le café du phare était fermé."


def test_a_folder_lists_each_broken_sidecar_once_and_builds_the_videos_they_describe():
    videos, problems = discover(BROKEN)
    built = {v.meta.video_id for v in videos}
    for case in [c for c in MANIFEST if c["file"].endswith(".info.json")]:
        mine = [p for p in problems if p.path.name == case["file"]]
        assert len(mine) == 1, case["file"]
        assert case["reason"] in mine[0].message
        vid = id_from_name(Path(case["file"]))
        assert (vid in built) == (case["expect"] == "warn"), case["file"]


def test_a_sidecar_with_a_bad_duration_keeps_its_title_and_the_captions_give_the_duration():
    videos, _ = discover(BROKEN)
    vid = id_from_name(named("sidecar-negative-duration", ".info.json"))
    video = next(v for v in videos if v.meta.video_id == vid)
    assert video.meta.title == "Lighthouses"
    assert video.meta.duration == video.track.cues[-1].end


def test_files_that_cannot_be_committed_are_each_one_clear_line(tmp_path):
    made = maker.make_runtime_cases(tmp_path)
    try:
        _, problems = discover(tmp_path)
    finally:
        maker.undo_runtime_cases(tmp_path)
    assert len(made) >= 6  # everything but chmod 000 runs as root too
    for case in made:
        mine = [p for p in problems if p.path.name == case.name]
        if case.expect == "ignore":
            assert mine == [], case.name
        else:
            assert len(mine) == 1 and case.reason in mine[0].message, (case.name, mine)
