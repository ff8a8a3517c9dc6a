"""Build the 151-video 3Blue1Brown corpus and print speed and memory figures.

Prints: wall time of a cold build, video-hours per CPU-minute, peak RSS, and the time of a
no-op re-run. Run: ``.venv/bin/python benchmarks/bench_build.py [corpus-folder]``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "3blue1brown"


def run(args: list[str]) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vidwiki.cli", *args, "--json"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 2):
        sys.exit(f"build failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, cpu, json.loads(proc.stdout)


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not corpus.is_dir():
        sys.exit(f"{corpus}: corpus not found")
    with tempfile.TemporaryDirectory() as tmp:
        wiki = Path(tmp) / "wiki"
        wall, cpu, summary = run(["build", str(corpus), "--out", str(wiki)])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        import sqlite3

        db = sqlite3.connect(wiki / "vidwiki.db")
        hours = db.execute("SELECT SUM(duration) FROM videos").fetchone()[0] / 3600
        db.close()
        noop_wall, _, noop = run(["build", str(corpus), "--out", str(wiki)])
    print(f"corpus             {corpus}")
    print(f"videos             {summary['videos']} ({hours:.1f} video-hours)")
    print(f"pages              {summary['pages']} ({summary['articles']} articles, {summary['topic_pages']} topic pages)")
    print(f"cold build         {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"throughput         {hours / (cpu / 60):.1f} video-hours per CPU-minute")
    print(f"peak memory        {peak_mb:.0f} MiB (max RSS)")
    print(f"no-op re-run       {noop_wall:.2f} s wall (up_to_date={noop['up_to_date']})")


if __name__ == "__main__":
    main()
