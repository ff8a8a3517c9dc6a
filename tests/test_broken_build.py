"""Building broken inputs beside good ones: nothing crashes, nothing good is lost.

The corpus is tests/data/broken (made and explained by tools/make_broken_inputs.py) plus the
files made at test time (a 50 MB line, a symlink loop, a FIFO, ...). Good videos are two of the
demo channel's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from repo_scripts import load_script
from vidwiki.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
GOOD = [EXAMPLES / "01-cast-iron", EXAMPLES / "08-ice-cream"]
runner = CliRunner()


def _bench():
    return load_script("benchmarks/broken_inputs.py")


def build(*args: str):
    result = runner.invoke(app, ["build", *args, "--quiet", "--no-quality"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def listed(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("skipped ", "note "))]


def test_every_broken_input_is_handled_with_a_clear_line_and_none_gives_a_traceback(tmp_path):
    figures = _bench().measure(GOOD, tmp_path)
    print(f"broken inputs tried {figures.tried} / handled with a clear line {figures.handled} / "
          f"tracebacks {figures.tracebacks}")
    assert figures.tried >= 60
    assert figures.unhandled == []
    assert figures.handled == figures.tried
    assert figures.tracebacks == 0
    assert figures.good_videos == 2 and figures.good_pages_identical
    assert (figures.exit_code, figures.strict_exit_code) == (0, 2)


def test_a_symlink_loop_in_the_folder_is_one_skipped_line_and_the_rest_builds(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(GOOD[0], src / GOOD[0].name)
    (src / "loop [LoopLoop001].en.vtt").symlink_to("loop [LoopLoop001].en.vtt")
    (src / "up").symlink_to(".", target_is_directory=True)
    result = build(str(src), "--out", str(tmp_path / "wiki"))
    assert result.exit_code == 0
    assert listed(result) == [f"skipped {src / 'loop [LoopLoop001].en.vtt'}: cannot read file: symlink loop"]
    assert list((tmp_path / "wiki" / "vault" / "kitchenphysics").glob("*.md"))


def test_one_broken_file_alone_exits_2_with_that_one_line(tmp_path):
    bad = tmp_path / "Cut [CutCutCut01].en.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:0")
    result = build(str(bad), "--out", str(tmp_path / "wiki"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"skipped {bad}:6: malformed timing line: '00:00:0'"]
    assert result.stdout == ""


def test_a_broken_file_among_other_videos_is_skipped_not_noted_and_counted(tmp_path):
    """In a flat folder of videos, a broken file's folder holds good videos: still nothing of its
    own video was built, so it is skipped, and the summary counts it."""
    src = tmp_path / "flat"
    src.mkdir()
    for folder in GOOD:
        for f in folder.iterdir():
            shutil.copy(f, src / f.name)
    (src / "Other Video [OthrVideo01].en.vtt").write_text("WEBVTT\n\n00:00:0")
    result = build(str(src), "--out", str(tmp_path / "wiki"))
    assert result.exit_code == 0
    assert listed(result) == [f"skipped {src / 'Other Video [OthrVideo01].en.vtt'}:3: malformed timing line: '00:00:0'"]
    assert "another transcript" not in result.stderr
    assert re.search(r"skipped files\s+1\b", result.stdout)


def test_a_broken_second_transcript_of_a_built_video_is_a_note(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(GOOD[0], src)
    vid = "kP3vQ7xTn2A"
    (src / f"Why Cast Iron Stays Hot [{vid}].en.json3").write_text('{"events": [')
    result = build(str(src), "--out", str(tmp_path / "wiki"))
    assert result.exit_code == 0
    [line] = listed(result)
    assert line.startswith("note ") and "malformed JSON" in line
    assert line.endswith("another transcript of this video was used")
    assert re.search(r"skipped files\s+0 \(and 1 noted", result.stdout)
    assert build(str(src), "--out", str(tmp_path / "wiki"), "--strict").exit_code == 2
