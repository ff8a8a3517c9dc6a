"""Build the 151-video 3Blue1Brown corpus and print speed and memory figures.

Prints, for a cold build on worker processes (``--jobs``, default what ``vidwiki build`` picks)
and the same cold build in one process (``--jobs 1``), measured in the same run: wall time, CPU
time (the build and its workers), the one-process/parallel ratio, and whether both vaults are
byte-identical; then video-hours per CPU-minute, peak RSS of the largest process and the time of
a no-op re-run. On a shared machine wall times are noisy: the CPU times and the ratio of the two
runs side by side say more. Run:
``.venv/bin/python benchmarks/bench_build.py [corpus-folder] [--jobs N] [--no-serial]``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "3blue1brown"


def run(args: list[str]) -> tuple[float, float, dict]:
    """Wall and CPU seconds of one ``vidwiki`` run (workers included: the build reaps them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vidwiki.cli", *args, "--json", "--no-quality"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 2):
        sys.exit(f"build failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, cpu, json.loads(proc.stdout)


def same_tree(a: Path, b: Path) -> bool:
    """Do two folders hold the same files with the same bytes (what ``diff -r`` checks)?"""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    match, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    return not mismatch and not errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--jobs", type=int, default=None, help="workers of the parallel build (default: automatic)")
    parser.add_argument("--no-serial", action="store_true", help="skip the one-process build")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: corpus not found")
    jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        wiki, serial_wiki = Path(tmp) / "wiki", Path(tmp) / "serial"
        wall, cpu, summary = run(["build", str(args.corpus), "--out", str(wiki), *jobs])
        noop_wall, _, noop = run(["build", str(args.corpus), "--out", str(wiki), *jobs])
        if not args.no_serial:
            s_wall, s_cpu, _ = run(["build", str(args.corpus), "--out", str(serial_wiki), "--jobs", "1"])
            identical = same_tree(wiki / "vault", serial_wiki / "vault")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        db = sqlite3.connect(wiki / "vidwiki.db")
        hours = db.execute("SELECT SUM(duration) FROM videos").fetchone()[0] / 3600
        db.close()
    label = f"--jobs {args.jobs}" if args.jobs is not None else "default jobs"
    print(f"corpus             {args.corpus}")
    print(f"videos             {summary['videos']} ({hours:.1f} video-hours)")
    print(f"pages              {summary['pages']} ({summary['articles']} articles, {summary['topic_pages']} topic pages)")
    print(f"cold build         {wall:.1f} s wall, {cpu:.1f} s CPU ({label})")
    if not args.no_serial:
        print(f"cold build         {s_wall:.1f} s wall, {s_cpu:.1f} s CPU (--jobs 1)")
        print(f"jobs=1 / parallel  {s_wall / wall:.2f}x wall, {s_cpu / cpu:.2f}x CPU")
        print(f"same vault         {'yes, byte-identical' if identical else 'NO: the vaults differ'}")
    print(f"throughput         {hours / (cpu / 60):.1f} video-hours per CPU-minute ({label})")
    print(f"peak memory        {peak_mb:.0f} MiB (max RSS of one process)")
    print(f"no-op re-run       {noop_wall:.2f} s wall (up_to_date={noop['up_to_date']})")
    if not args.no_serial and not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
