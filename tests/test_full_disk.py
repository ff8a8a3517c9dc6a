"""A wiki on a disk that fills up mid-build: one line, an intact store, and once there is space
again the same command finishes the wiki an uninterrupted build makes.

The first test needs no disk of its own: a page write that fails with ENOSPC. Otherwise the
disk is a tmpfs of its own, mounted by the test (so it needs root, and a kernel that lets
this process mount), filled with a ballast file that leaves a given amount free. How much a
build needs is not a constant, so the amounts are shares of the finished wiki's size; on the demo
channel (0.9 MB finished, ~2.6 MB at the peak of the store's write-ahead log) they run out while
the store is created, while stages are cached, while the vault is written, and after the build,
when the inputs are recorded for ``vidwiki update``.
"""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import vidwiki.render.vault as vault
from repo_scripts import load_script
from vidwiki.errors import StoreError
from vidwiki.pipeline import build as build_wiki

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
faults = load_script("benchmarks/faults.py")  # the same comparison as the kill -9 trials

pytestmark = pytest.mark.slow


def vidwiki(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vidwiki.cli", *args], capture_output=True, text=True, timeout=300)


def build(out: Path) -> subprocess.CompletedProcess:
    return vidwiki("build", str(EXAMPLES), "--out", str(out), "--quiet", "--no-quality")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    wiki = tmp_path_factory.mktemp("clean") / "wiki"
    assert build(wiki).returncode == 0
    return wiki


def test_a_page_write_that_finds_the_disk_full_is_one_line_naming_the_wiki(clean, tmp_path, monkeypatch):
    def no_space(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as patched:
        patched.setattr(vault, "atomic_write", no_space)
        with pytest.raises(StoreError) as full:
            build_wiki([EXAMPLES], tmp_path / "wiki")
    assert str(full.value) == (f"{tmp_path / 'wiki'}: no space left on the device; free some space and run the "
                               "same command again (the work done so far is kept)")
    build_wiki([EXAMPLES], tmp_path / "wiki")
    assert faults.snapshot(tmp_path / "wiki") == faults.snapshot(clean)


@pytest.fixture
def disk(tmp_path) -> Iterator[Path]:
    """A 16 MB tmpfs: filling it fills nothing else."""
    with faults.small_disk(tmp_path / "disk") as mount:
        if isinstance(mount, str):
            pytest.skip(mount)
        yield mount


@pytest.mark.parametrize("share", faults.FILL_SHARES,
                         ids=["creating-the-store", "caching-stages", "writing-the-vault", "recording-inputs"])
def test_a_build_that_fills_the_disk_says_so_in_one_line_and_resumes_once_there_is_space(disk, clean, share):
    wiki = disk / "wiki"
    ballast = faults.fill(disk, int(share * faults.wiki_size(clean)))

    full = build(wiki)
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1 and "no space left on the device" in lines[0], full.stderr
    if (wiki / "vidwiki.db").exists():
        db = sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            db.close()

    ballast.unlink()
    again = build(wiki)
    assert again.returncode == 0, again.stderr
    assert faults.snapshot(wiki) == faults.snapshot(clean)
    assert vidwiki("check", str(wiki)).returncode == 0
