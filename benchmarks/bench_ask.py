"""``vidwiki ask`` against its question set: recall@5, refusals, latency, and an LLM answer.

The questions (``benchmarks/ask_questions.json``) were written by reading the transcripts of
``../shared/corpus/3blue1brown`` and ``../shared/corpus/lexfridman-transcripts``, each with the
window of the video that answers it; ten more for 3Blue1Brown (and three for the podcast) are
questions the channel does not cover. Printed, per corpus and together:

* recall@5: a returned moment of the right video starts within 30 s of the true window (bar 90 %);
* refused: uncovered questions answered "the channel does not cover this" (bar 9 of 10), and
  covered questions wrongly refused;
* the relevance spread that ``answer.REFUSE_BELOW`` was calibrated on;
* p50/p95 latency of an embedded answer, after a first (warm-up) question (bar p95 < 500 ms);
* with ``--llm``: a model answer (``--writer local --model qwen-1.5b``) to 10 covered questions,
  each sentence's citations verified; passes when every published sentence cites moments in
  the right video.

    .venv/bin/python benchmarks/bench_ask.py                       # builds both wikis into a temp dir
    .venv/bin/python benchmarks/bench_ask.py --wiki 3blue1brown=/tmp/ask-wiki --wiki lexfridman-transcripts=/tmp/ask-lex
    .venv/bin/python benchmarks/bench_ask.py --wiki 3blue1brown=/tmp/ask-wiki --llm
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "benchmarks" / "ask_questions.json"
SLACK = 30.0
TOP = 5


def build_wiki(folder: Path, out: Path) -> Path:
    from vidwiki.pipeline import build

    started = time.perf_counter()
    build([folder], out)
    print(f"built {folder.name} in {time.perf_counter() - started:.1f} s")
    return out


def hit(answer, item: dict) -> bool:
    lo, hi = item["window"]
    return any(m.video_id == item["video_id"] and lo - SLACK <= m.seconds <= hi + SLACK for m in answer.moments)


def run_corpus(name: str, wiki: Path, items: list[dict]) -> dict:
    from vidwiki.ask import REFUSE_BELOW, Asker, ask_wiki

    started = time.perf_counter()
    ask_wiki(wiki, "warm up: what is this channel about?")  # stores the vectors (once per wiki)
    first = time.perf_counter() - started
    started = time.perf_counter()
    asker = Asker.open(wiki)
    opened = time.perf_counter() - started
    asker.ask("What is this channel about?")  # the first question loads spaCy; not timed
    covered = [i for i in items if "video_id" in i]
    uncovered = [i for i in items if "video_id" not in i]
    found = refused_wrongly = 0
    misses, latencies, rel_in, rel_out = [], [], [], []
    for item in covered:
        answer = asker.ask(item["question"], TOP)
        latencies.append(answer.seconds)
        rel_in.append(answer.relevance)
        ok = hit(answer, item)
        found += ok
        refused_wrongly += not answer.covered
        if not ok or not answer.covered:
            misses.append(f"  {'miss' if not ok else 'refused'}: {item['question']} "
                          f"(relevance {answer.relevance:.3f})")
    refused = 0
    leaks = []
    for item in uncovered:
        answer = asker.ask(item["question"], TOP)
        latencies.append(answer.seconds)
        rel_out.append(answer.relevance)
        refused += not answer.covered
        if answer.covered:
            leaks.append(f"  answered: {item['question']} (relevance {answer.relevance:.3f})")
    asker.close()
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] if lat else 0.0
    print(f"\n== {name}: {wiki}")
    print(f"first question  {first:.1f} s in all (vidwiki ask: loads the wiki, embeds what the store lacks)")
    print(f"engine opened in {opened:.2f} s (vectors from the store)")
    print(f"recall@{TOP}      {found}/{len(covered)} = {found / max(1, len(covered)):.0%}")
    print(f"refused         {refused}/{len(uncovered)} uncovered; covered questions wrongly refused: "
          f"{refused_wrongly}")
    if rel_in:
        print(f"relevance       covered min {min(rel_in):.3f} / median {statistics.median(rel_in):.3f}; "
              f"uncovered max {max(rel_out, default=0):.3f}; threshold {REFUSE_BELOW}")
    print(f"latency         p50 {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {lat[-1] * 1000:.0f} ms ({len(lat)} questions)")
    for line in misses + leaks:
        print(line)
    return {"found": found, "covered": len(covered), "refused": refused, "uncovered": len(uncovered),
            "p95": p95, "wrongly_refused": refused_wrongly}


def run_llm(wiki: Path, items: list[dict], count: int, model: str) -> None:
    """Each published sentence must cite real sentences of its video (their own start times,
    inside the video); it should also land on the question's true moment."""
    from vidwiki.ask import ask_wiki
    from vidwiki.render.wikidata import load

    data = load(wiki)
    starts = {(vid, idx): start for vid, rows in data.sentences.items() for idx, start, _e, _t in rows}
    chosen = [i for i in items if "video_id" in i][:count]
    verified = on_moment = 0
    print(f"\n== LLM answers (--writer local --model {model}) on {len(chosen)} questions")
    for item in chosen:
        started = time.perf_counter()
        answer = ask_wiki(wiki, item["question"], TOP, writer="local", model=model)
        seconds = time.perf_counter() - started
        real = all(starts.get((s.video_id, i)) is not None for s in answer.sentences for i in s.sentence_ids)
        timed = all(s.seconds == starts.get((s.video_id, s.sentence_ids[0]))
                    and s.seconds < data.videos[s.video_id].duration for s in answer.sentences)
        ok = bool(answer.sentences) and real and timed
        lo, hi = item["window"]
        near = any(s.video_id == item["video_id"] and lo - SLACK <= s.seconds <= hi + SLACK for s in answer.sentences)
        verified += ok
        on_moment += ok and near
        print(f"  {'ok ' if ok else 'NO '} {seconds:5.1f} s  {len(answer.sentences)} published, {answer.dropped} dropped"
              f"{', on the true moment' if near else ''}: {item['question']}")
        for s in answer.sentences:
            print(f"        {s.text} [{s.timestamp} {s.video_id}]")
    print(f"answers published with every citation verified: {verified}/{len(chosen)} "
          f"({on_moment} citing the true moment)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wiki", action="append", default=[], metavar="CORPUS=PATH",
                        help="use a built wiki for a corpus instead of building it")
    parser.add_argument("--llm", action="store_true", help="also answer 10 questions with --writer local")
    parser.add_argument("--model", default="qwen-1.5b")
    parser.add_argument("--llm-questions", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    spec = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    given = dict(w.split("=", 1) for w in args.wiki)
    with tempfile.TemporaryDirectory(prefix="bench-ask-") as tmp:
        results = {}
        for name, folder in spec["corpora"].items():
            items = [q for q in spec["questions"] if q["corpus"] == name]
            if name in given:
                wiki = Path(given[name])
            elif args.wiki:
                continue  # only the wikis named
            else:
                source = (REPO / folder).resolve()
                if not source.is_dir():
                    print(f"skipped {name}: {source} is not present")
                    continue
                wiki = build_wiki(source, Path(tmp) / name)
            results[name] = (wiki, items, run_corpus(name, wiki, items))
        if results:
            found = sum(r["found"] for _w, _i, r in results.values())
            total = sum(r["covered"] for _w, _i, r in results.values())
            print(f"\n== all: recall@{TOP} {found}/{total} = {found / max(1, total):.0%}")
        if args.llm and "3blue1brown" in results:
            wiki, items, _ = results["3blue1brown"]
            run_llm(wiki, items, args.llm_questions, args.model)


if __name__ == "__main__":
    main()
