"""Incremental update of the 3Blue1Brown wiki: build 150 videos, add the 151st, update.

Prints, for each update (one video added, one video's captions changed, one video removed (its
pages kept and flagged), nothing changed): wall
seconds, pages re-composed and files written, each with its share of the wiki's pages. The issue's
target: adding one video re-renders under 5% of the pages and takes under 5 s.

Run: ``.venv/bin/python benchmarks/bench_update.py [corpus-folder]``. Works on copies in a temp dir.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "3blue1brown"


def vidwiki(*args: str) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vidwiki.cli", *args, "--json"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 2):
        sys.exit(f"vidwiki {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, json.loads(proc.stdout)


def report(label: str, wall: float, summary: dict) -> None:
    pages = summary["pages"]
    print(f"{label:<22} {wall:6.2f} s  re-composed {summary['composed']:4d} pages "
          f"({100 * summary['composed'] / pages:4.1f}%)  written {summary['written']:4d} files "
          f"({100 * summary['written'] / pages:4.1f}%)  of {pages}  videos processed {summary['videos_processed']}")


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not corpus.is_dir():
        sys.exit(f"{corpus}: corpus not found")
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        src, wiki = Path(tmp) / "channel", Path(tmp) / "wiki"
        src.mkdir()
        for folder in folders[:-1]:
            shutil.copytree(folder, src / folder.name)
        wall, summary = vidwiki("build", str(src), "--out", str(wiki))
        print(f"corpus                 {corpus} ({len(folders)} video folders)")
        print(f"cold build of {len(folders) - 1:<8} {wall:6.2f} s  {summary['pages']} pages")

        shutil.copytree(folders[-1], src / folders[-1].name)
        report("update: +1 video", *vidwiki("update", str(wiki)))

        changed = src / folders[len(folders) // 2].name
        for path in sorted(changed.iterdir()):  # every transcript of that video, whichever track is used
            if not path.name.endswith(".info.json"):
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace(" the ", " the very "), encoding="utf-8")
        report("update: 1 changed", *vidwiki("update", str(wiki)))

        shutil.rmtree(src / folders[0].name)
        report("update: -1 video", *vidwiki("update", str(wiki)))

        wall, summary = vidwiki("update", str(wiki))
        print(f"{'update: no-op':<22} {wall:6.2f} s  up_to_date={summary['up_to_date']}")


if __name__ == "__main__":
    main()
