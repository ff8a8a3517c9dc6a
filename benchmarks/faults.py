"""Faults: a real ``vidwiki build`` and ``vidwiki update`` killed with SIGKILL at random moments,
and a build on a disk that fills up.

Each trial starts the command line as a process of its own, sends it SIGKILL after a moment
drawn (seeded) from the time an uninterrupted run of the same command takes, then checks what
the kill left and runs the same command again, to the end. A trial *survives with nothing lost*
when:

* the store left by the kill opens and passes SQLite's ``PRAGMA integrity_check``;
* the re-run exits 0;
* its vault is byte-identical to the vault of an uninterrupted run (every file, no extra file:
  no half-written page and no temp file left beside the pages), and the store's pages, links,
  slugs, aliases, videos, topics, sentences, citations and rendered-file list are the same rows;
* ``vidwiki check`` finds no defect.

A *build* trial kills a first build of the channel into an empty folder; an *update* trial kills
``vidwiki update`` of a wiki built before one video was added, one changed and one removed (all
three at once). A kill that comes after the run has ended is not a fault injected: it is counted
apart ("ended before the kill"), the trial is still checked, and the moment is drawn again (up to
``RETRIES`` times) within the time that run took.

A *full disk* trial (as root, on a 16 MB tmpfs this script mounts; skipped where it cannot) fills
the disk with a ballast file that leaves a share of the finished wiki's size free (``FILL_SHARES``:
on the demo channel they run out while the store is created, while stages are cached, while the
vault is written, and while the inputs are recorded), builds, and then frees the space and builds
again. It survives when the full build exits 1 with one line saying the disk is full (no
traceback) and the rest holds as above.

    .venv/bin/python benchmarks/faults.py                     # 20 kills of each and 4 full disks, the demo channel
    .venv/bin/python benchmarks/faults.py --kills 5 --seed 7 --json
    .venv/bin/python benchmarks/faults.py --corpus ../shared/corpus/3blue1brown --videos 6 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
TABLES = ("pages", "links", "slugs", "slug_aliases", "videos", "video_topics", "topics", "sentences", "rendered")
TIMEOUT = 600
FILL_SHARES = (0.1, 1.2, 2.2, 2.7)  # space left free on a full disk, as shares of the finished wiki's size
DISK_MB = 16
RETRIES = 3  # moments drawn again when a run ended before its kill


@dataclass(slots=True)
class Trial:
    """One kill and what the re-run made of it."""

    command: str  # "build", "update" or "full disk"
    moment: float  # seconds after the start at which SIGKILL was sent; full disk: MB left free
    injected: bool  # False: the run ended before the kill came (or did not fill the disk)
    store_intact: bool = True
    one_line: bool = True  # full disk: the error was one line, without a traceback
    ran_for: float | None = None  # a run the kill came too late for: how long it took
    rerun_exit: int = 0
    identical: bool = False
    check_clean: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def survived(self) -> bool:
        return self.store_intact and self.one_line and self.rerun_exit == 0 and self.identical and self.check_clean


@dataclass(slots=True)
class Scenario:
    """The channel folder, the wiki an update starts from, and the uninterrupted results."""

    channel: Path
    before_update: Path  # the wiki as built before the channel changed
    built: Path  # an uninterrupted build of the changed channel
    updated: Path  # before_update brought up to date without interruption
    build_seconds: float
    update_seconds: float
    options: tuple[str, ...]  # of every run: --quiet --no-quality, and --jobs when asked


def vidwiki(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vidwiki.cli", *args], capture_output=True, text=True,
                          timeout=TIMEOUT)


def timed(*args: str) -> float:
    started = time.perf_counter()
    done = vidwiki(*args)
    if done.returncode != 0:
        raise SystemExit(f"vidwiki {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def kill_at(moment: float, *args: str) -> float | None:
    """Start ``vidwiki ARGS`` and SIGKILL it ``moment`` seconds later: None if the kill ended it,
    else how long the run took (it ended first)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vidwiki.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=moment)
        return time.perf_counter() - started
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return None if proc.wait(timeout=TIMEOUT) == -signal.SIGKILL else time.perf_counter() - started


def snapshot(wiki: Path) -> tuple[dict[str, bytes], list[list[tuple]]]:
    """Every file of the vault, and the store rows that make the wiki."""
    vault = wiki / "vault"
    files = {str(p.relative_to(vault)): p.read_bytes() for p in sorted(vault.rglob("*")) if p.is_file()}
    db = sqlite3.connect(wiki / "vidwiki.db")
    try:
        rows = [sorted(db.execute(f"SELECT * FROM {table}").fetchall()) for table in TABLES]
        rows.append(db.execute("SELECT * FROM meta WHERE key != 'requested_inputs' ORDER BY key").fetchall())
    finally:
        db.close()
    return files, rows


def integrity(wiki: Path) -> str:
    """SQLite's verdict on the store ("ok"), or why it cannot be opened; "ok" when there is none yet."""
    if not (wiki / "vidwiki.db").exists():
        return "ok"
    try:
        db = sqlite3.connect(wiki / "vidwiki.db")
        try:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error as exc:
        return f"cannot open: {exc}"


def pick_videos(corpus: Path, count: int | None) -> list[Path]:
    """The first ``count`` video folders of ``corpus`` (sorted), or all of them."""
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    return folders[:count] if count else folders


def prepare(corpus: Path, videos: int | None, work: Path, jobs: int | None = None) -> Scenario:
    """Copy the videos, build the wiki an update starts from, change the channel (one video added,
    one changed, one removed) and make the uninterrupted build and update to compare with."""
    options = ("--quiet", "--no-quality", *(("--jobs", str(jobs)) if jobs else ()))
    folders = pick_videos(corpus, videos)
    if len(folders) < 3:
        raise SystemExit(f"{corpus}: needs at least 3 video folders, found {len(folders)}")
    channel = work / "channel"
    channel.mkdir(parents=True)
    for folder in folders[:-1]:
        shutil.copytree(folder, channel / folder.name)
    before = work / "before-update"
    timed("build", str(channel), "--out", str(before), *options)

    shutil.copytree(folders[-1], channel / folders[-1].name)  # added
    changed = next(p for p in sorted((channel / folders[0].name).iterdir()) if not p.name.endswith(".info.json"))
    text = changed.read_bytes()
    if b"the " not in text:
        raise SystemExit(f"{changed}: no 'the ' to change")
    changed.write_bytes(text.replace(b"the ", b"that ", 3))  # changed
    shutil.rmtree(channel / folders[1].name)  # removed

    built = work / "built"
    build_seconds = timed("build", str(channel), "--out", str(built), *options)
    updated = work / "updated"
    shutil.copytree(before, updated)
    update_seconds = timed("update", str(updated), *options)
    return Scenario(channel, before, built, updated, build_seconds, update_seconds, options)


def trial(scenario: Scenario, command: str, moment: float, wiki: Path) -> Trial:
    if command == "build":
        args: tuple[str, ...] = ("build", str(scenario.channel), "--out", str(wiki), *scenario.options)
        reference = scenario.built
    else:
        shutil.copytree(scenario.before_update, wiki)
        args = ("update", str(wiki), *scenario.options)
        reference = scenario.updated
    took = kill_at(moment, *args)
    result = Trial(command, round(moment, 3), took is None)
    result.ran_for = took
    return rerun(result, wiki, args, reference)


def rerun(result: Trial, wiki: Path, args: tuple[str, ...], reference: Path) -> Trial:
    """Check the store the fault left, run ``args`` again and compare the wiki with ``reference``."""
    verdict = integrity(wiki)
    if verdict != "ok":
        result.store_intact = False
        result.problems.append(f"store after the fault: {verdict}")
    again = vidwiki(*args)
    result.rerun_exit = again.returncode
    if again.returncode != 0:
        result.problems.append(f"re-run exit {again.returncode}: {again.stderr.strip()[-300:]}")
        return result
    got, want = snapshot(wiki), snapshot(reference)
    result.identical = got == want
    if not result.identical:
        result.problems.append(describe_difference(got, want))
    check = vidwiki("check", str(wiki))
    result.check_clean = check.returncode == 0
    if not result.check_clean:
        result.problems.append(f"check: {check.stdout.strip()[-300:]}")
    return result


@contextmanager
def small_disk(where: Path, megabytes: int = DISK_MB) -> Iterator[Path | str]:
    """A tmpfs of its own mounted at ``where`` (filling it fills nothing else), or why not."""
    if os.geteuid() != 0:
        yield "mounting a tmpfs needs root"
        return
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        yield f"cannot mount a tmpfs here: {done.stderr.strip()}"
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """A ballast file taking all the space of ``disk`` but ``leave`` bytes."""
    stat = os.statvfs(disk)
    ballast = disk / "ballast"
    with open(ballast, "wb") as fh:
        os.posix_fallocate(fh.fileno(), 0, stat.f_bavail * stat.f_frsize - leave)
    return ballast


def wiki_size(wiki: Path) -> int:
    return sum(p.stat().st_size for p in wiki.rglob("*") if p.is_file())


def full_disk_trial(scenario: Scenario, disk: Path, share: float) -> Trial:
    """Build on ``disk`` with ``share`` of the finished wiki's size free; then free it, build again."""
    for leftover in disk.iterdir():
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    leave = int(share * wiki_size(scenario.built))
    ballast = fill(disk, leave)
    wiki = disk / "wiki"
    args = ("build", str(scenario.channel), "--out", str(wiki), *scenario.options)
    full = vidwiki(*args)
    result = Trial("full disk", round(leave / 1e6, 2), full.returncode != 0)
    lines = full.stderr.strip().splitlines()
    if full.returncode != 0 and not (full.returncode == 1 and len(lines) == 1 and "no space left" in lines[0]):
        result.one_line = False
        result.problems.append(f"full disk, exit {full.returncode}: {full.stderr.strip()[-300:]}")
    ballast.unlink()
    return rerun(result, wiki, args, scenario.built)


def describe_difference(got: tuple[dict[str, bytes], list], want: tuple[dict[str, bytes], list]) -> str:
    files_got, rows_got = got
    files_want, rows_want = want
    extra = sorted(set(files_got) - set(files_want))
    missing = sorted(set(files_want) - set(files_got))
    differ = sorted(p for p in set(files_got) & set(files_want) if files_got[p] != files_want[p])
    tables = [name for name, a, b in zip((*TABLES, "meta"), rows_got, rows_want, strict=True) if a != b]
    return f"vault extra {extra[:3]} missing {missing[:3]} differing {differ[:3]}; store tables differing {tables}"


def run(corpus: Path = EXAMPLES, videos: int | None = None, kills: int = 20, seed: int = 13,
        work: Path | None = None, jobs: int | None = None,
        full_disk: bool = False) -> tuple[Scenario, list[Trial], str | None]:
    """``kills`` trials of each command at moments drawn with ``seed``, in a temp folder (or ``work``);
    ``jobs``: the runs' ``--jobs`` (None: the command line's own choice). With ``full_disk``, the
    full-disk trials too; the last value says why they could not run, if they could not."""
    work = Path(work or tempfile.mkdtemp(prefix="vidwiki-faults-"))
    scenario = prepare(corpus, videos, work, jobs)
    rng = random.Random(seed)
    trials: list[Trial] = []
    for command, span in (("build", scenario.build_seconds), ("update", scenario.update_seconds)):
        for n in range(kills):
            for attempt in range(RETRIES + 1):
                # the machine is shared: a run can be faster than the one timed, and end before its
                # kill; then the moment is drawn again within the time that run took
                done = trial(scenario, command, rng.uniform(0.0, 0.9 * span), work / f"{command}-{n:02d}-{attempt}")
                trials.append(done)
                if done.injected:
                    break
                span = min(span, done.ran_for or span)
    skipped = None
    if full_disk:
        with small_disk(work / "disk") as disk:
            if isinstance(disk, str):
                skipped = disk
            else:
                trials.extend(full_disk_trial(scenario, disk, share) for share in FILL_SHARES)
    return scenario, trials, skipped


def summary(scenario: Scenario, trials: list[Trial]) -> dict:
    injected = [t for t in trials if t.injected]
    return {
        "faults_injected": len(injected),
        "survived_nothing_lost": sum(t.survived for t in injected),
        "not_injected": len(trials) - len(injected),  # ended before the kill, or did not fill the disk
        "all_trials_survived": all(t.survived for t in trials),
        "build_seconds": round(scenario.build_seconds, 2),
        "update_seconds": round(scenario.update_seconds, 2),
        "failures": [asdict(t) for t in trials if not t.survived],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=EXAMPLES, help="a folder of video folders")
    parser.add_argument("--videos", type=int, default=None, help="the first N video folders (default: all)")
    parser.add_argument("--kills", type=int, default=20, help="kills of each command (default 20)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes of every run (default: automatic)")
    parser.add_argument("--no-full-disk", action="store_true", help="only the kills")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(REPO / "src"))  # the runs use this checkout's source
    with tempfile.TemporaryDirectory(prefix="vidwiki-faults-") as tmp:
        scenario, trials, skipped = run(args.corpus, args.videos, args.kills, args.seed, Path(tmp), args.jobs,
                                        not args.no_full_disk)
    figures = summary(scenario, trials)
    figures["full_disk_skipped"] = skipped
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    for command in ("build", "update"):
        mine = [t for t in trials if t.command == command]
        hit = [t for t in mine if t.injected]
        print(f"{command}: {len(hit)} killed ({len(mine) - len(hit)} ended before the kill, drawn again), "
              f"{sum(t.survived for t in hit)} survived with nothing lost; an uninterrupted run takes "
              f"{figures[command + '_seconds']:.2f} s")
    disk = [t for t in trials if t.command == "full disk"]
    if skipped:
        print(f"full disk: not run ({skipped})")
    elif disk:
        filled = [t for t in disk if t.injected]
        print(f"full disk: {len(filled)} builds ran out of space (with {', '.join(f'{t.moment} MB' for t in disk)} "
              f"free), {sum(t.survived for t in filled)} survived with nothing lost")
    for failure in figures["failures"]:
        print(f"  FAILED {failure['command']} at {failure['moment']}: {'; '.join(failure['problems'])}")
    print(f"faults injected / survived with nothing lost: {figures['faults_injected']} / "
          f"{figures['survived_nothing_lost']}")
    sys.exit(0 if figures["all_trials_survived"] else 1)


if __name__ == "__main__":
    main()
