"""Writers side by side on the same videos: quality (`vidwiki eval`), validity, time and tokens.

    python benchmarks/bench_writers.py CAPTIONS --out DIR --writer embedded --writer local \
        [--writer local:qwen-1.5b] [--writer openai:MODEL@URL]

Builds each writer's wiki into DIR/<name> (reused, with its recorded build time, when it is
already there), then prints per writer: support, localization, coverage, repetition, words per
article (`vidwiki eval`), timestamp validity and resolving links (`vidwiki eval` and `vidwiki
check`), build seconds per video, model tokens per video, and transcript tokens sent vs the
transcripts' own tokens (the LLM ledger). `--json` prints the same figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

VIDWIKI = [sys.executable, "-m", "vidwiki.cli"]


def build(captions: Path, wiki: Path, spec: str) -> dict:
    """Build with ``spec`` (writer[:model][@base_url]) unless done; return the build's JSON."""
    record = wiki.parent / f"{wiki.name}.build.json"
    if record.is_file():
        return json.loads(record.read_text())
    writer, _, rest = spec.partition(":")
    model, _, url = rest.partition("@")
    args = [*VIDWIKI, "build", str(captions), "--out", str(wiki), "--writer", writer, "--json", "--no-quality"]
    if model:
        args += ["--model", model]
    if url:
        args += ["--base-url", url]
    started = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode not in (0, 2):
        sys.exit(f"{spec}: build failed: {out.stderr.strip()[-400:]}")
    data = json.loads(out.stdout)
    data["wall_seconds"] = round(time.perf_counter() - started, 1)
    record.write_text(json.dumps(data, indent=2))
    return data


def figures(wiki: Path, built: dict) -> dict:
    ev = json.loads(subprocess.run([*VIDWIKI, "eval", str(wiki), "--json"], capture_output=True, text=True,
                                   check=True).stdout)
    check = subprocess.run([*VIDWIKI, "check", str(wiki), "--json"], capture_output=True, text=True)
    defects = json.loads(check.stdout)["defects"]
    o = ev["overall"]
    videos = max(1, ev["videos"])
    row = {
        "articles": ev["articles"], "videos": ev["videos"],
        "support_mean": o["support_mean"], "supported_share": o["supported_share"],
        "localized_20s": o["localized_20s"], "coverage": o["coverage"], "repetition": o["repetition"],
        "words_per_article": o["words_per_article"], "timestamps_valid": o["timestamps_valid"],
        "links_resolved": o["links_resolved"], "check_defects": len(defects),
        "seconds_per_video": round(built.get("wall_seconds", built.get("seconds", 0.0)) / videos, 1),
    }
    db = sqlite3.connect(wiki / "vidwiki.db")
    ledger = None
    if db.execute("SELECT name FROM sqlite_master WHERE name = 'llm_ledger'").fetchone():
        rows = [json.loads(r) for (r,) in db.execute("SELECT ledger_json FROM llm_ledger ORDER BY id")]
        ledger = rows[-1] if rows else None
    row["writer_support_mean"] = _page_support(db)
    if ledger:
        # a build resumed after a crash keeps earlier ledgers: sum what every run of this wiki spent
        total = {k: sum(r["total"][k] for r in rows) for k in ("calls", "prompt_tokens", "completion_tokens")}
        total["seconds"] = sum(r["total"]["seconds"] for r in rows)
        row["model_calls_per_video"] = round(total["calls"] / videos, 1)
        row["model_tokens_per_video"] = round((total["prompt_tokens"] + total["completion_tokens"]) / videos)
        row["model_seconds_per_video"] = round(total["seconds"] / videos, 1)
        sent = {}
        own = {}
        for r in rows:  # cached calls count as sent, so the latest run that wrote a video has its figure
            for vid, v in r["videos"].items():
                sent[vid] = v["sent"]
                own[vid] = v["transcript"]
        row["transcript_tokens_sent"] = sum(sent.values())
        row["transcript_tokens"] = sum(own.values())
        row["sent_ratio_max"] = round(max(sent[v] / own[v] for v in own if own[v]), 2)
        row["verification"] = rows[-1].get("claims", {})
    return row


def _page_support(db: sqlite3.Connection) -> float | None:
    values = [s for (s,) in db.execute("SELECT support FROM pages WHERE kind = 'article' AND support IS NOT NULL")]
    return round(sum(values) / len(values), 4) if values else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("captions", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--writer", action="append", required=True, help="embedded | local[:model] | openai:MODEL@URL")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = {}
    for spec in args.writer:
        name = spec.replace(":", "-").replace("@", "-").replace("/", "_")
        wiki = args.out / name
        table[spec] = figures(wiki, build(args.captions, wiki, spec))
    if args.json:
        print(json.dumps(table, indent=2))
        return
    keys = list(dict.fromkeys(k for row in table.values() for k in row))
    width = max(len(k) for k in keys)
    print(" " * width + "".join(f"  {s:>22}" for s in table))
    for k in keys:
        cells = "".join(f"  {json.dumps(row.get(k)) if isinstance(row.get(k), dict) else str(row.get(k, '-')):>22}"
                        for row in table.values())
        print(f"{k:<{width}}{cells}")


if __name__ == "__main__":
    main()
