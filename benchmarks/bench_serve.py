"""Latency of ``vidwiki serve`` under a bounded load from a second process on 127.0.0.1.

Starts ``vidwiki serve WIKI --port 0`` as a subprocess, warms it (every article rendered once),
then a client process (this one) runs a fixed number of requests from a few concurrent
connections against article pages and against search, and prints p50/p99/max latency and
throughput for each. The load is bounded: CONCURRENCY keep-alive connections, each sending its
next request only after the previous answer (closed loop), so the figures are latencies, not
queueing under overload.

    .venv/bin/vidwiki build ../shared/corpus/3blue1brown --out /tmp/w5 -q
    .venv/bin/python benchmarks/bench_serve.py /tmp/w5 [--requests 2000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote


def start_server(wiki: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "vidwiki.cli", "serve", str(wiki), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise SystemExit(f"serve did not start: {line!r} {proc.stderr.read()}")
    return proc, int(match.group(1))


def article_paths(wiki: Path) -> list[str]:
    with sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True) as db:
        return [f"/{c}/{s}.html" for c, s in db.execute("SELECT channel, slug FROM pages WHERE kind = 'article'")]


def search_paths(wiki: Path, count: int, seed: int) -> list[str]:
    """Queries of one to three words taken from the transcripts (so most find something)."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True) as db:
        texts = [t for (t,) in db.execute("SELECT text FROM sentences ORDER BY random() LIMIT 2000")]
    out = []
    for _ in range(count):
        words = re.findall(r"[A-Za-z]{4,}", rng.choice(texts)) or ["vector"]
        start = rng.randrange(len(words))
        out.append("/search.html?q=" + quote(" ".join(words[start:start + rng.randint(1, 3)])))
    return out


def run(port: int, paths: list[str], concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(paths)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - began


def summary(name: str, latencies: list[float], seconds: float) -> dict[str, float]:
    ms = sorted(x * 1000 for x in latencies)
    return {
        "name": name, "requests": len(ms), "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 2), "max_ms": round(ms[-1], 2),
        "req_per_s": round(len(ms) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki", type=Path)
    parser.add_argument("--requests", type=int, default=2000, help="requests per kind of page")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    proc, port = start_server(args.wiki)
    try:
        ready = time.perf_counter() - started
        articles = article_paths(args.wiki)
        run(port, articles, args.concurrency)  # warm-up: each article rendered once
        rng = random.Random(1)
        load = [rng.choice(articles) for _ in range(args.requests)]
        results = [summary("article", *run(port, load, args.concurrency))]
        searches = search_paths(args.wiki, args.requests, seed=2)
        run(port, searches[: args.requests // 10], args.concurrency)  # warm-up
        results.append(summary("search", *run(port, searches, args.concurrency)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if args.json:
        print(json.dumps({"startup_s": round(ready, 2), "concurrency": args.concurrency, "results": results}, indent=2))
        return
    print(f"serve {args.wiki}: ready in {ready:.2f} s; {args.concurrency} concurrent connections, closed loop")
    for r in results:
        print(f"  {r['name']:8} {r['requests']:6d} requests  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms"
              f"  max {r['max_ms']:7.2f} ms  {r['req_per_s']:8.1f} req/s")


if __name__ == "__main__":
    main()
