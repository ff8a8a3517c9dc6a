"""Worker processes change how fast a build is, never what it makes.

The per-video stages (topics, embedded drafts) run on ``--jobs`` spawned workers; ``jobs=1`` runs
them in the build's own process. Both must leave the same vault, byte for byte, and the same
store; a video that fails in a worker must not stop the others, and its error must read as it
does without workers; a build killed while workers run leaves no worker behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inject import command, fail_video
from vidwiki.build.workers import (
    AUTO_MIN_SENTENCES,
    MAX_JOBS,
    VideoTask,
    available_cpus,
    workers_for,
)
from vidwiki.cli import app
from vidwiki.errors import VidwikiError
from vidwiki.pipeline import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def vault_files(wiki: Path) -> dict[str, bytes]:
    return {str(p.relative_to(wiki)): p.read_bytes() for p in sorted((wiki / "vault").rglob("*")) if p.is_file()}


def store_rows(wiki: Path) -> list[list[tuple]]:
    db = sqlite3.connect(wiki / "vidwiki.db")
    rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("pages", "links", "slugs", "videos", "video_topics", "sentences")]
    rows.append(sorted(db.execute("SELECT * FROM citations").fetchall()))
    rows.append(db.execute("SELECT stage, key, value FROM stage_cache WHERE stage != 'discover' "
                           "ORDER BY 1, 2").fetchall())
    db.close()
    return rows


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    wiki = tmp_path_factory.mktemp("serial") / "wiki"
    build([EXAMPLES], wiki, jobs=1)
    return wiki


def test_two_workers_make_the_same_wiki_as_one_process(serial, tmp_path):
    stages: dict[str, int] = {}
    result = build([EXAMPLES], tmp_path / "wiki", progress=lambda s, n, total: stages.__setitem__(s, total), jobs=2)
    assert result.videos_processed == result.videos == stages["videos"]  # every video went to a worker
    assert vault_files(tmp_path / "wiki") == vault_files(serial)
    assert store_rows(tmp_path / "wiki") == store_rows(serial)


def test_a_video_failing_in_a_worker_does_not_stop_the_others(serial, tmp_path, monkeypatch):
    with monkeypatch.context() as patched:
        error = fail_video(patched, "kP3vQ7xTn2A")
        with pytest.raises(VidwikiError) as in_process:
            build([EXAMPLES], tmp_path / "one", jobs=1)
        with pytest.raises(VidwikiError) as in_worker:
            build([EXAMPLES], tmp_path / "two", jobs=2)
        assert str(in_worker.value) == str(in_process.value) == error
        cli = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "cli"), "--jobs", "2", "--quiet"])
        assert cli.exit_code == 1
        assert cli.stderr.strip() == f"error: {error}"

    # every other video finished and was stored: the next build works on the failed one only
    stages: dict[str, int] = {}
    build([EXAMPLES], tmp_path / "two", progress=lambda s, n, total: stages.__setitem__(s, total), jobs=2)
    assert stages["videos"] == 1
    assert vault_files(tmp_path / "two") == vault_files(serial)


def _tagged_processes(tag: str) -> list[int]:
    """Processes (of this user) whose environment carries ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if tag.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").is_file(), reason="needs /proc to find the workers")
def test_a_build_killed_while_workers_run_leaves_no_worker_and_resumes(serial, tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    wiki = tmp_path / "wiki"
    tag = uuid.uuid4().hex  # marks the build's processes, workers included, in their environment
    env = {**os.environ, "BUILD_UNDER_TEST": tag}
    # killed once the third video's results are stored, while the workers have others in hand
    killed = subprocess.run(command("kill", "processing:3", "build", str(src), "--out", str(wiki), "--jobs", "2",
                                    "--quiet", "--no-quality"), env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    deadline = time.monotonic() + 10
    while _tagged_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _tagged_processes(tag) == []

    again = subprocess.run([sys.executable, "-m", "vidwiki.cli", "build", str(src), "--out", str(wiki), "--jobs", "2",
                            "--quiet", "--no-quality"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert vault_files(wiki) == vault_files(serial)


def test_the_automatic_choice_stays_in_process_for_small_work():
    def tasks(n: int, sentences: int) -> list[VideoTask]:
        return [VideoTask(i, None, [None] * sentences, "", 5) for i in range(n)]  # type: ignore[arg-type, list-item]

    assert workers_for(None, tasks(9, 50)) == 1  # the demo channel: starting workers costs more than it saves
    assert workers_for(None, tasks(4, AUTO_MIN_SENTENCES)) == min(available_cpus(), MAX_JOBS, 4)
    assert workers_for(3, tasks(2, 10)) == 2  # never more workers than videos
    assert workers_for(1, tasks(100, 1000)) == 1
