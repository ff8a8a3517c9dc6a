"""The bars of issue 15 for the 3Blue1Brown corpus: do the pages read like an encyclopedia?

Builds the whole ``../shared/corpus/3blue1brown`` folder with the default writer (or takes an
existing build with ``--wiki``), then prints one row per bar: the figure, the bar, pass or fail,
and the same figure for TubeGraph's pages (``../shared/format/examples``) where it applies (they
cover other videos and come without transcripts, so support, localization and coverage do not).

    .venv/bin/python benchmarks/bench_pages.py                       # build, then measure
    .venv/bin/python benchmarks/bench_pages.py --wiki /tmp/base-wiki # measure an existing build
    .venv/bin/python benchmarks/bench_pages.py --out w --json        # keep the build in w/, print JSON

An existing build is copied first (the evaluation caches vectors in the store and the no-op
re-run takes the build lock), so ``--wiki`` never writes into it. Support, localization and
coverage come from ``vidwiki eval`` with its default embedding budget: on a cold cache they are
estimates from a random sample of videos, printed with their 95 % interval; ``--full`` scores
every video (minutes on 2 cores). Everything else is exact.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "3blue1brown"
TUBEGRAPH = SHARED / "format" / "examples"
COVERED = 0.60  # a video is covered when this share of its transcript sentences is expressed


def vidwiki(*args: str) -> tuple[float, dict]:
    """Run the CLI as a user would; wall seconds and its JSON summary."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vidwiki.cli", *args, "--json"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 2):
        sys.exit(f"vidwiki {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return wall, json.loads(proc.stdout)


def recorded_inputs(wiki: Path) -> list[str]:
    import sqlite3

    db = sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'inputs'").fetchone()
    finally:
        db.close()
    return json.loads(row[0]) if row else [str(CORPUS)]


def durations(wiki: Path) -> dict[str, float]:
    from vidwiki.store import Store

    store = Store.in_wiki(wiki)
    try:
        return store.durations()
    finally:
        store.close()


def measure_ours(wiki: Path, full: bool) -> dict:
    """Every figure of the wiki: eval's report, check's defects."""
    from vidwiki.check import check_vault
    from vidwiki.quality import evaluate
    from vidwiki.quality.evaluate import EMBED_BUDGET
    from vidwiki.quality.tally import ratios

    report = evaluate(wiki, budget=None if full else EMBED_BUDGET)
    figures = report.overall_ratios()
    scored = [ratios(report.videos[vid])["coverage"] for vid in report.scored_videos]
    scored = [c for c in scored if c is not None]
    defects = check_vault(wiki / "vault", durations(wiki))
    kinds: dict[str, int] = {}
    for d in defects:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    return {
        **figures,
        "videos_covered": round(sum(c >= COVERED for c in scored) / len(scored), 4) if scored else None,
        "defects": len(defects),
        "defect_kinds": kinds,
        "intervals": {k: v for k, v in report.intervals.items() if not report.complete},
        "videos": len(report.videos),
        "videos_scored": len(report.scored_videos),
        "articles": report.overall.articles,
        "eval_seconds": report.timings.get("total"),
    }


def measure_tubegraph() -> dict | None:
    """TubeGraph's pages: the transcript-free figures (its videos' transcripts are not at hand)."""
    if not TUBEGRAPH.is_dir():
        return None
    from vidwiki.check import check_vault
    from vidwiki.quality.structure import structure_tallies
    from vidwiki.quality.tally import Tally, ratios
    from vidwiki.quality.vault import read_vault

    pages = read_vault(TUBEGRAPH)
    total = Tally()
    for t in structure_tallies(pages, lambda p: p.page.duration).values():
        total.add(t)
    return {**ratios(total), "defects": len(check_vault(TUBEGRAPH)), "articles": total.articles}


# (key, label, bar text, test, kind)
BARS = [
    ("speaker_voice", "speaker-voice share of prose sentences", "≤ 10%", lambda v: v <= 0.10, "share"),
    ("fillers", "filler share", "≤ 1%", lambda v: v <= 0.01, "share"),
    ("meta_narration", "meta-narration share", "≤ 2%", lambda v: v <= 0.02, "share"),
    ("words_per_article", "words per article page (mean)", "300–1,200", lambda v: 300 <= v <= 1200, "int"),
    ("articles_in_length_range", "  article pages of 300–1,200 words", "", None, "share"),
    ("words_per_sentence", "words per sentence", "12–22", lambda v: 12 <= v <= 22, "number"),
    ("titles_passing", "titles passing the title rules", "100%", lambda v: v >= 1.0, "share"),
    ("localized_20s", "localization (cited time within 20 s)", "≥ 95%", lambda v: v >= 0.95, "share"),
    ("support_mean", "support (mean cosine)", "≥ 0.80", lambda v: v >= 0.80, "cosine"),
    ("videos_covered", "videos with ≥ 60% of transcript covered", "100%", lambda v: v >= 1.0, "share"),
    ("coverage", "  coverage of transcript sentences overall", "≥ 60%", lambda v: v >= 0.60, "share"),
    ("timestamps_valid", "timestamps valid", "100%", lambda v: v >= 1.0, "share"),
    ("links_resolved", "links resolving", "100%", lambda v: v >= 1.0, "share"),
    ("defects", "vidwiki check defects", "0", lambda v: v == 0, "count"),
    ("build_seconds", "build wall time (whole folder, 2 cores)", "< 60 s", lambda v: v < 60, "seconds"),
    ("noop_seconds", "no-op re-run", "< 2 s", lambda v: v < 2, "seconds"),
]


def fmt(value, kind: str, half: float | None = None) -> str:
    if value is None:
        return "–"
    text = {"share": f"{100 * value:.1f}%", "int": f"{value:,.0f}", "number": f"{value:.1f}",
            "cosine": f"{value:.3f}", "count": str(value), "seconds": f"{value:.1f} s"}[kind]
    if half:
        text += f" ± {100 * half:.1f}" if kind == "share" else f" ± {half:.3f}"
    return text


def table(ours: dict, tubegraph: dict | None) -> list[dict]:
    rows = []
    for key, label, bar, test, kind in BARS:
        value = ours.get(key)
        rows.append({
            "figure": key, "label": label, "bar": bar, "value": value,
            "interval": ours["intervals"].get(key),
            "pass": None if test is None or value is None else bool(test(value)),
            "tubegraph": None if tubegraph is None else tubegraph.get(key), "kind": kind,
        })
    return rows


def print_table(rows: list[dict], ours: dict, source: str) -> None:
    width = max(len(r["label"]) for r in rows)
    print(f"pages of {source}: {ours['articles']} articles from {ours['videos']} videos")
    print(f"{'figure':<{width}}  {'default writer':>16}  {'bar':>10}  {'':4}  {'TubeGraph':>9}")
    for r in rows:
        status = "" if r["pass"] is None else ("pass" if r["pass"] else "FAIL")
        print(f"{r['label']:<{width}}  {fmt(r['value'], r['kind'], r['interval']):>16}  {r['bar']:>10}  "
              f"{status:4}  {fmt(r['tubegraph'], r['kind']):>9}")
    if ours["intervals"]:
        print(f"support, localization and coverage: a random sample of {ours['videos_scored']} of {ours['videos']} "
              "videos (the evaluation's embedding budget), ± the 95 % interval; --full scores every video")
    if ours["defect_kinds"]:
        print("check defects by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(ours["defect_kinds"].items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wiki", type=Path, help="an existing build to measure (copied first, never written)")
    parser.add_argument("--out", type=Path, help="build into this folder and keep it (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--full", action="store_true", help="score every video for support, localization, coverage")
    args = parser.parse_args()
    if args.wiki is None and not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is not present (the shared corpus lives beside the repository)")
        return
    if args.wiki is not None and not (args.wiki / "vidwiki.db").is_file():
        sys.exit(f"{args.wiki}: not a wiki folder (no vidwiki.db)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.wiki is not None:
            wiki = Path(tmp) / "wiki"
            shutil.copytree(args.wiki, wiki, ignore=shutil.ignore_patterns(".vidwiki*.lock"))
            inputs, build_seconds, source = recorded_inputs(wiki), None, str(args.wiki)
        else:
            wiki = args.out or Path(tmp) / "wiki"
            inputs, source = [str(CORPUS)], str(CORPUS)
            build_seconds, _ = vidwiki("build", *inputs, "--out", str(wiki), "--no-quality")
        # a re-run with the options the wiki was built with (an LLM build is not rebuilt as embedded)
        noop_seconds, noop = (vidwiki("update", str(wiki), "--no-quality") if args.wiki is not None
                              else vidwiki("build", *inputs, "--out", str(wiki), "--no-quality"))
        ours = measure_ours(wiki, args.full)
    ours["build_seconds"] = build_seconds
    ours["noop_seconds"] = noop_seconds if noop.get("up_to_date") else None
    tubegraph = measure_tubegraph()
    rows = table(ours, tubegraph)
    if args.json:
        print(json.dumps({"wiki": source, "rows": rows, "ours": ours, "tubegraph": tubegraph,
                          "noop_up_to_date": noop.get("up_to_date")}, indent=2))
    else:
        print_table(rows, ours, source)
        if not noop.get("up_to_date"):
            print(f"the re-run was not a no-op: it processed {noop.get('videos_processed')} videos")
        if build_seconds is None:
            print("build wall time: not measured for --wiki (run without --wiki to build)")


if __name__ == "__main__":
    main()
