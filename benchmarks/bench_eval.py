"""Time ``vidwiki eval`` and the build's quality summary on a built wiki, cold and warm.

Cold means an empty embedding cache (the wiki is copied and its ``eval_embeddings`` emptied).
First the default, time-boxed ``vidwiki eval`` is run again and again from cold until its sample
is complete (each run extends it from the cache), printing how many videos each run scored and
its estimates next to the exact figures; then ``vidwiki eval --full`` from cold, and once more
warm. Prints wall and CPU seconds, texts embedded, the phases the eval reports, and the model's
load time measured on its own, since the target ("under a minute after the model loads")
excludes it. On a shared machine wall time depends on the load; CPU time less so.

Run: ``.venv/bin/python benchmarks/bench_eval.py WIKI`` where WIKI is e.g. a build of
``../shared/corpus/3blue1brown`` (``vidwiki build ../shared/corpus/3blue1brown --out /tmp/w3b -q``).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(args: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {proc.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc.stdout


FIGURES = ("cited_share", "support_mean", "supported_share", "localized_10s", "localized_20s", "localized_60s",
           "coverage", "repetition", "links_resolved")


def empty_cache(wiki: Path) -> None:
    db = sqlite3.connect(wiki / "vidwiki.db")
    if db.execute("SELECT name FROM sqlite_master WHERE name = 'eval_embeddings'").fetchone():
        db.execute("DELETE FROM eval_embeddings")
        db.commit()
    db.close()


def main() -> None:
    if len(sys.argv) != 2 or not (Path(sys.argv[1]) / "vidwiki.db").is_file():
        sys.exit("usage: bench_eval.py WIKI (a folder built by vidwiki build)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    wall, cpu, _ = run(["-c", "from vidwiki.embeddings import Embedder; Embedder.load()"])
    print(f"model load (import + sha256 + session): wall {wall:.1f} s, CPU {cpu:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        wiki = Path(tmp) / "wiki"
        shutil.copytree(sys.argv[1], wiki)
        empty_cache(wiki)
        runs = []
        for attempt in range(1, 9):
            wall, cpu, out = run(["-m", "vidwiki.cli", "eval", str(wiki), "--json"])
            data = json.loads(out)
            runs.append(data)
            sample = data["sample"]
            print(f"eval run {attempt} (budget {sample['budget_seconds']} s): wall {wall:.1f} s, CPU {cpu:.1f} s, "
                  f"{sample['videos_scored']} of {sample['videos']} videos scored, {data['embedded_texts']} texts "
                  f"embedded, {data['cached_texts']} from cache, phases {data['seconds']}")
            if sample["complete"]:
                break
        empty_cache(wiki)
        for label in ("--full cold", "--full warm"):
            wall, cpu, out = run(["-m", "vidwiki.cli", "eval", str(wiki), "--json", "--full"])
            data = json.loads(out)
            print(f"eval {label}: wall {wall:.1f} s, CPU {cpu:.1f} s, {data['embedded_texts']} texts embedded, "
                  f"{data['cached_texts']} from cache, phases {data['seconds']}")
        exact = data["overall"]
        print("exact figures: " + json.dumps({k: exact[k] for k in FIGURES}))
        for attempt, estimate in enumerate(runs, 1):
            ci = estimate["sample"]["ci95"]
            print(f"run {attempt} ({estimate['sample']['videos_scored']} videos): " + ", ".join(
                f"{k} {estimate['overall'][k]} ± {ci[k]}" for k in FIGURES if k in ci))
        empty_cache(wiki)
        code = "import json,sys; from vidwiki.quality.summary import build_quality; print(json.dumps(build_quality(sys.argv[1]).to_json()))"
        for label in ("cold", "warm"):
            wall, cpu, out = run(["-c", code, str(wiki)])
            q = json.loads(out)
            print(f"build summary {label}: wall {wall:.1f} s, CPU {cpu:.1f} s, scored {q['scored']} of {q['claims']}, "
                  f"{q['embedded']} texts embedded; supported {q['supported_share']} ± {q['supported_share_ci']}")


if __name__ == "__main__":
    main()
