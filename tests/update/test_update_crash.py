"""A build or update killed with SIGKILL at any stage, then run again, gives the same wiki as an
uninterrupted run; a second build of a wiki that is being built is refused.

The runs are real processes (`python -m vidwiki.cli`); `tests/inject.py` runs the same command line
killed with SIGKILL at a named point of the build, or held there.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inject import command
from vidwiki.check import check_vault
from vidwiki.pipeline import build, update

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def vidwiki(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vidwiki.cli", *args, "--quiet"], capture_output=True, text=True,
                          timeout=300)


def killed_at(point: str, *args: str) -> subprocess.CompletedProcess:
    """``vidwiki ARGS`` killed with SIGKILL at ``point`` (tests/inject.py)."""
    return subprocess.run(command("kill", point, *args, "--quiet"), capture_output=True, text=True, timeout=300)


def snapshot(wiki: Path) -> tuple[dict[str, bytes], list[tuple]]:
    """The vault's files and the store's pages, links and citations: what must not depend on a crash."""
    files = {str(p.relative_to(wiki)): p.read_bytes() for p in sorted((wiki / "vault").rglob("*")) if p.is_file()}
    db = sqlite3.connect(wiki / "vidwiki.db")
    rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("pages", "links", "slugs", "slug_aliases", "videos", "video_topics", "sentences")]
    rows.append(sorted(db.execute("SELECT * FROM citations").fetchall()))
    rows.append(db.execute("SELECT path, sha256 FROM rendered ORDER BY path").fetchall())
    db.close()
    return files, rows


@pytest.fixture
def channel(tmp_path) -> Path:
    """The demo channel without its last video, as the wiki was first built."""
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src, ignore=shutil.ignore_patterns("08-ice-cream"))
    return src


def change(src: Path) -> None:
    """An update with everything in it: one video added, one changed, one removed."""
    shutil.copytree(EXAMPLES / "08-ice-cream", src / "08-ice-cream")
    vtt = next(src.glob("02*/*.vtt"))
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("crust", "shell"), encoding="utf-8")
    shutil.rmtree(src / "05-surface-tension")


@pytest.mark.parametrize("point", ["discovered", "processed", "composed", "stored", "writing:2", "rendering:1",
                                   "rendering:3", "rendered", "finished"])
def test_an_update_killed_at_any_point_then_rerun_equals_an_uninterrupted_one(channel, tmp_path, point):
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    build([channel], reference)
    build([channel], crashed)
    change(channel)
    update(reference)

    killed = killed_at(point, "update", str(crashed))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = vidwiki("update", str(crashed))
    assert again.returncode == 0, again.stderr
    assert snapshot(crashed) == snapshot(reference)
    assert check_vault(crashed / "vault") == []


@pytest.mark.parametrize("point", ["migrating:1", "migrating:3", "processed", "stored", "writing:4", "rendering:5"])
def test_a_first_build_killed_then_rerun_equals_an_uninterrupted_one(channel, tmp_path, point):
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    build([channel], reference)
    killed = killed_at(point, "build", str(channel), "--out", str(crashed))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = vidwiki("build", str(channel), "--out", str(crashed))
    assert again.returncode == 0, again.stderr
    assert snapshot(crashed) == snapshot(reference)


def test_a_second_build_of_a_wiki_being_built_is_refused(channel, tmp_path):
    wiki = tmp_path / "wiki"
    build([channel], wiki)
    change(channel)
    flag = tmp_path / "go"
    first = subprocess.Popen(command("pause", "composed", "update", str(wiki), "--quiet", flag=flag),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not Path(f"{flag}.reached").exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first update never reached its pause point"
            time.sleep(0.05)
        before = snapshot(wiki)
        for second in (vidwiki("update", str(wiki)), vidwiki("build", str(channel), "--out", str(wiki))):
            assert second.returncode == 1
            lines = second.stderr.strip().splitlines()
            assert len(lines) == 1 and "another vidwiki build is running on this wiki" in lines[0]
            assert "Traceback" not in second.stderr
        assert snapshot(wiki) == before  # the refused runs wrote nothing
    finally:
        flag.touch()
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert check_vault(wiki / "vault") == []
    assert vidwiki("update", str(wiki)).returncode == 0
