"""``vidwiki serve`` under load: N concurrent loopback clients for T seconds, optionally with a
``vidwiki update`` running in the middle of it (issue 13, section 4).

Starts ``vidwiki serve WIKI --port 0`` as a subprocess, renders every page once (warm-up), then
runs CLIENTS threads, each with its own keep-alive ``http.client`` connection, fetching a mix a
reader makes: article, topic and hub pages, video pages (the transcript the popovers quote),
home and graph, the static assets, search pages and ``/api/search`` queries (words taken from
the transcripts), and now and then a question to ``/ask.html`` (``--ask-share``; the question
engine is warmed first). Each client waits a random think time (``--think``, exponential with
that mean; 0 = closed loop, as fast as the server answers) between requests.

Every response is checked: status 200, the body as long as its Content-Length, an HTML page
ending in ``</html>``, a static asset byte-identical to the packaged file, JSON that parses. With
``--with-update``, one caption file of the wiki's (copied) corpus is changed a third of the way
in and ``vidwiki update`` runs in a subprocess; every HTML page fetched from the update's start
until the server has reloaded is parsed (balanced elements, one ``<html>``, a ``<title>``), and
the run waits for the change to show on the video's page.

Prints requests, errors (must be 0), p50/p99 page latency (bar < 100 ms), search p99
(bar < 50 ms), the server's RSS after warm-up and at the end (growth bar < 50 MB), each bar with
pass/fail; ``--json`` prints the same as JSON. Exit code 1 when a bar fails.

    .venv/bin/python benchmarks/load.py                          # builds ../shared/corpus/3blue1brown
    .venv/bin/python benchmarks/load.py --workdir /tmp/load --with-update   # keeps the build for re-runs
    .venv/bin/python benchmarks/load.py --wiki /tmp/w5 --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "3blue1brown"
BARS = {"page_p99_ms": 100.0, "search_p99_ms": 50.0, "rss_growth_mb": 50.0}
# (kind, share of requests); the reader's own pages, then what a browser fetches beside them
MIX = (("article", 30), ("topic", 10), ("hub", 4), ("video", 12), ("home", 3), ("graph", 1),
       ("static", 15), ("search", 13), ("api_search", 12))
PAGE_KINDS = frozenset({"article", "topic", "hub", "video", "home", "graph"})
SEARCH_KINDS = frozenset({"search", "api_search"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
QUESTIONS = ("what is a vector", "why does the fourier series converge", "how do neural networks learn",
             "what is the determinant", "what does euler's formula say")


def python_env() -> dict[str, str]:
    """This interpreter's environment, with the vidwiki it imports reachable by subprocesses."""
    import vidwiki

    env = dict(os.environ)
    src = str(Path(vidwiki.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    return env


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vidwiki.cli", *args], env=python_env(),
                          capture_output=True, text=True, **kw)


# ---------------------------------------------------------------- the wiki and what to fetch

def prepare(args: argparse.Namespace) -> tuple[Path, Path | None, float]:
    """(wiki, the corpus copy it was built from or None, build seconds or 0)."""
    if args.wiki:
        return args.wiki, None, 0.0
    work = args.workdir
    corpus, wiki = work / "corpus", work / "wiki"
    if not (wiki / "vidwiki.db").is_file():
        if corpus.exists():
            shutil.rmtree(corpus)
        shutil.copytree(args.corpus, corpus)
        began = time.perf_counter()
        done = cli("build", str(corpus), "--out", str(wiki), "--no-quality", "-q")
        if done.returncode != 0:
            raise SystemExit(f"build failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return wiki, corpus, time.perf_counter() - began
    return wiki, corpus, 0.0


def targets(wiki: Path, seed: int) -> dict[str, list[str]]:
    """Paths of each kind of request, from the store."""
    import vidwiki.render.urls as urls
    from vidwiki.render.reader import STATIC_FILES

    rng = random.Random(seed)
    with sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True) as db:
        pages = list(db.execute("SELECT channel, slug, kind FROM pages"))
        videos = list(db.execute("SELECT channel, video_id FROM videos"))
        texts = [t for (t,) in db.execute("SELECT text FROM sentences ORDER BY random() LIMIT 2000")]
    out: dict[str, list[str]] = {k: [] for k, _ in MIX}
    for channel, slug, kind in pages:
        if kind in ("article", "topic", "hub"):
            out[kind].append(f"/{channel}/{slug}.html")
    out["video"] = [f"/{channel}/video/{vid}.html" for channel, vid in videos]
    out["home"] = ["/", "/" + urls.HOME]
    out["graph"] = ["/" + urls.GRAPH]
    out["static"] = ["/" + urls.static_path(n) for n in STATIC_FILES]
    queries = []
    for _ in range(1000):  # one to three words from the transcripts, so most queries find something
        words = re.findall(r"[A-Za-z]{4,}", rng.choice(texts) if texts else "") or ["vector"]
        start = rng.randrange(len(words))
        queries.append(quote(" ".join(words[start:start + rng.randint(1, 3)])))
    out["search"] = [f"/{urls.SEARCH}?q={q}" for q in queries]
    out["api_search"] = [f"/api/search?q={q}" for q in queries[::-1]]
    out["ask"] = [f"/{urls.ASK}?q={quote(q)}" for q in QUESTIONS]
    return {k: v for k, v in out.items() if v}


def static_bodies() -> dict[str, bytes]:
    import vidwiki.render.urls as urls
    from vidwiki.render.reader import STATIC_FILES

    package = files("vidwiki.render") / "static"
    return {"/" + urls.static_path(n): (package / n).read_bytes() for n in STATIC_FILES}


# ---------------------------------------------------------------- the server

def start_server(wiki: Path, log: Path) -> tuple[subprocess.Popen, int]:
    err = log.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "vidwiki.cli", "serve", str(wiki), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=err, text=True, env=python_env())
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise SystemExit(f"serve did not start: {line!r} {log.read_text()[-2000:]}")
    return proc, int(match.group(1))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------- checks

class _Structure(HTMLParser):
    """Balanced non-void elements, one <html>, a <title>: a page that is whole."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.seen: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.seen[tag] = self.seen.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '(nothing)'}>")
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
            return
        self.stack.pop()


def html_problem(body: bytes, parse: bool) -> str | None:
    """None when an HTML page is whole; else what is wrong with it."""
    text = body.decode("utf-8", "strict").rstrip()
    if not text.endswith("</html>"):
        return f"does not end with </html> (ends {text[-40:]!r})"
    if not parse:
        return None
    p = _Structure()
    p.feed(text)
    p.close()
    if p.problems:
        return p.problems[0]
    if p.stack:
        return f"unclosed <{'><'.join(p.stack)}>"
    if p.seen.get("html") != 1 or not p.seen.get("title"):
        return "not one <html> with a <title>"
    return None


@dataclass
class Sample:
    kind: str
    path: str
    began: float
    ms: float
    error: str | None = None
    parsed: bool = False


@dataclass
class Shared:
    port: int
    paths: dict[str, list[str]]
    weights: list[tuple[str, int]]
    static: dict[str, bytes]
    think: float
    stop_at: float
    parse_all: bool = False
    t0: float = 0.0  # when the clients started
    updating: bool = False  # clients keep going past stop_at until the update is done and seen
    window: list[float] = field(default_factory=lambda: [float("inf"), float("inf")])  # update: start, end
    samples: list[list[Sample]] = field(default_factory=list)


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, dict[str, str]]:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()  # raises IncompleteRead when the body is shorter than its Content-Length
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


def check(kind: str, path: str, status: int, body: bytes, headers: dict[str, str], static: dict[str, bytes],
          parse: bool) -> str | None:
    if status != 200:
        return f"HTTP {status}"
    if headers.get("content-length") != str(len(body)):
        return f"body {len(body)} bytes, Content-Length {headers.get('content-length')}"
    if kind == "static":
        return None if body == static.get(path) else "static asset differs from the packaged file"
    if kind == "api_search":
        try:
            json.loads(body)
        except ValueError as exc:
            return f"JSON does not parse: {exc}"
        return None
    return html_problem(body, parse)


def client(shared: Shared, seed: int, out: list[Sample]) -> None:
    rng = random.Random(seed)
    kinds = [k for k, _ in shared.weights]
    weights = [w for _, w in shared.weights]
    conn = http.client.HTTPConnection("127.0.0.1", shared.port, timeout=30)
    time.sleep(rng.random() * min(shared.think, 1.0))  # stagger the start
    while time.monotonic() < shared.stop_at or shared.updating:
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(shared.paths[kind])
        began = time.monotonic()
        start = time.perf_counter()
        try:
            status, body, headers = fetch(conn, path)
            ms = (time.perf_counter() - start) * 1000
            in_window = shared.window[0] <= time.monotonic() and began <= shared.window[1]
            parse = shared.parse_all or in_window
            error = check(kind, path, status, body, headers, shared.static, parse and kind not in ("static", "api_search"))
            out.append(Sample(kind, path, began, ms, error, parse))
        except (OSError, http.client.HTTPException, UnicodeDecodeError) as exc:
            out.append(Sample(kind, path, began, (time.perf_counter() - start) * 1000, f"{type(exc).__name__}: {exc}"))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", shared.port, timeout=30)
        if shared.think:
            time.sleep(rng.expovariate(1 / shared.think))
    conn.close()


def warm(port: int, paths: dict[str, list[str]], static: dict[str, bytes], workers: int = 4) -> list[str]:
    """Every page rendered once (and each page checked whole and parsed); problems found."""
    todo = [(k, p) for k, ps in paths.items() if k not in ("search", "api_search", "ask") for p in ps]
    todo += [("search", p) for p in paths.get("search", [])[:20]] + [("api_search", p) for p in paths.get("api_search", [])[:20]]
    problems: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not todo:
                    break
                kind, path = todo.pop()
            status, body, headers = fetch(conn, path)
            problem = check(kind, path, status, body, headers, static, kind not in ("static", "api_search"))
            if problem:
                with lock:
                    problems.append(f"{path}: {problem}")
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return problems


# ---------------------------------------------------------------- the update

def change_one_caption(corpus: Path, marker: str) -> tuple[Path, str]:
    """Put ``marker`` into the first sentence of the first video's preferred transcript; returns
    the file and the video id it belongs to (from its sidecar)."""
    folder = sorted(p for p in corpus.iterdir() if p.is_dir())[0]
    timings = folder / "sentence_timings.json"
    if timings.is_file() and json.loads(timings.read_text(encoding="utf-8")):
        data = json.loads(timings.read_text(encoding="utf-8"))
        data[0][0] = re.sub(r" loadcheck\w+", "", data[0][0]) + f" {marker}"
        timings.write_text(json.dumps(data, indent=1), encoding="utf-8")
        changed = timings
    else:
        changed = sorted([*folder.glob("*.srt"), *folder.glob("*.vtt")])[0]
        lines = changed.read_text(encoding="utf-8").splitlines()
        i = next(i for i, line in enumerate(lines) if "-->" in line) + 1
        lines[i] = re.sub(r" loadcheck\w+", "", lines[i]) + f" {marker}"
        changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sidecar = next(folder.glob("*.info.json"))
    return changed, json.loads(sidecar.read_text(encoding="utf-8"))["id"]


def run_update(wiki: Path, corpus: Path, port: int, shared: Shared, channel_of: dict[str, str],
               result: dict, jobs: int | None = None) -> None:
    marker = f"loadcheck{int(time.time())}"
    changed, video_id = change_one_caption(corpus, marker)
    path = f"/{channel_of[video_id]}/video/{video_id}.html"
    result.update(file=str(changed.relative_to(corpus)), page=path, marker=marker)
    began = time.monotonic()
    shared.window[0] = began
    done = cli("update", str(wiki), "--no-quality", "-q", *(["-j", str(jobs)] if jobs else []))
    ended = time.monotonic()
    result.update(exit=done.returncode, seconds=round(ended - began, 1), stderr=done.stderr.strip()[-1000:],
                  from_s=round(began - shared.t0, 1), to_s=round(ended - shared.t0, 1))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    seen = None
    while time.monotonic() < ended + 30:  # the server reloads within about a second of the commit
        try:
            status, body, _ = fetch(conn, path)
            if status == 200 and marker.encode() in body:
                seen = time.monotonic()
                break
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        time.sleep(0.2)
    conn.close()
    result["reload_seen_after_update_s"] = round(seen - ended, 1) if seen else None
    result["seen_s"] = round(seen - shared.t0, 1) if seen else None
    time.sleep(1.0)  # and a second more of load on the new state
    shared.window[1] = time.monotonic()
    shared.updating = False


# ---------------------------------------------------------------- figures

def pct(ms: list[float], q: float) -> float:
    ms = sorted(ms)
    return round(ms[min(len(ms) - 1, int(len(ms) * q))], 2) if ms else 0.0


def figures(samples: list[Sample], seconds: float) -> dict:
    by: dict[str, list[float]] = {}
    for s in samples:
        if s.error is None:
            by.setdefault(s.kind, []).append(s.ms)
    page = [m for k in PAGE_KINDS for m in by.get(k, [])]
    search = [m for k in SEARCH_KINDS for m in by.get(k, [])]

    def row(ms: list[float]) -> dict:
        return {"requests": len(ms), "p50_ms": round(statistics.median(ms), 2) if ms else 0.0,
                "p99_ms": pct(ms, 0.99), "max_ms": round(max(ms), 2) if ms else 0.0}

    return {
        "requests": len(samples), "req_per_s": round(len(samples) / seconds, 1),
        "errors": sum(s.error is not None for s in samples),
        "pages": row(page), "search": row(search),
        "by_kind": {k: row(v) for k, v in sorted(by.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wiki", type=Path, help="serve this wiki (read only; no --with-update)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="else copy this corpus and build it (default %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where the copy and its wiki go, kept and reused (default: a temporary folder)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.1,
                        help="mean seconds between a client's requests (default %(default)s; 0: closed loop, the server saturated)")
    parser.add_argument("--ask-share", type=float, default=0.0, help="share of requests that ask a question (percent)")
    parser.add_argument("--with-update", action="store_true", help="run `vidwiki update` a third of the way in")
    parser.add_argument("--update-jobs", type=int, help="`vidwiki update -j N` (default: its own, the CPUs up to 8)")
    parser.add_argument("--parse-all", action="store_true", help="parse every HTML page, not only those fetched during the update")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.wiki and args.with_update:
        parser.error("--with-update changes a caption file: it needs a wiki this script builds (--corpus, --workdir)")
    temp = None
    if not args.wiki and args.workdir is None:
        temp = tempfile.TemporaryDirectory(prefix="vidwiki-load-")
        args.workdir = Path(temp.name)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run(args)
    finally:
        if temp is not None:
            temp.cleanup()


def run(args: argparse.Namespace) -> int:
    wiki, corpus, built_s = prepare(args)
    paths = targets(wiki, args.seed)
    static = static_bodies()
    log = Path(tempfile.mkstemp(prefix="vidwiki-serve-", suffix=".log")[1])
    began = time.perf_counter()
    proc, port = start_server(wiki, log)
    ready_s = time.perf_counter() - began
    update: dict = {}
    try:
        rss_ready = rss_mb(proc.pid)
        warm_problems = warm(port, paths, static)
        weights = list(MIX)
        if args.ask_share > 0 and "ask" in paths:
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            fetch(conn, paths["ask"][0])  # the question engine loads on the first question
            conn.close()
            update["ask_warmup_s"] = round(time.perf_counter() - t0, 1)
            total = sum(w for _, w in weights)
            weights.append(("ask", max(1, round(total * args.ask_share / (100 - args.ask_share)))))
        rss_start = rss_mb(proc.pid)
        shared = Shared(port, paths, weights, static, args.think, time.monotonic() + args.seconds, args.parse_all)
        rss_peak = [rss_start]
        rss_series: list[float] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(1.0):
                rss_series.append(rss_mb(proc.pid))
                rss_peak[0] = max(rss_peak[0], rss_series[-1])

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        threads = []
        for i in range(args.clients):
            out: list[Sample] = []
            shared.samples.append(out)
            threads.append(threading.Thread(target=client, args=(shared, args.seed * 1000 + i, out), daemon=True))
        t0 = shared.t0 = time.monotonic()
        shared.updating = args.with_update
        for t in threads:
            t.start()
        updater = None
        if args.with_update:
            time.sleep(args.seconds / 3)
            with sqlite3.connect(f"file:{wiki / 'vidwiki.db'}?mode=ro", uri=True) as db:
                channel_of = dict(db.execute("SELECT video_id, channel FROM videos"))
            updater = threading.Thread(target=run_update, args=(wiki, corpus, port, shared, channel_of, update, args.update_jobs))
            updater.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - t0
        if updater is not None:
            updater.join()
        stop.set()
        rss_end = rss_mb(proc.pid)
        rss_peak[0] = max(rss_peak[0], rss_end)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    server_log = log.read_text(errors="replace")
    log.unlink()
    samples = [s for out in shared.samples for s in out]
    report = figures(samples, seconds)
    errors = [s for s in samples if s.error]
    report.update(
        wiki=str(wiki), clients=args.clients, seconds=round(seconds, 1), think_s=args.think,
        build_s=round(built_s, 1), ready_s=round(ready_s, 2), warmup_problems=warm_problems[:10],
        cpus=os.cpu_count(), loadavg_before=None, error_examples=[f"{s.path}: {s.error}" for s in errors[:10]],
        server_tracebacks=server_log.count("Traceback"),
        html_parsed=sum(s.parsed and s.kind not in ("static", "api_search") for s in samples),
        rss_mb={"ready": round(rss_ready, 1), "start": round(rss_start, 1), "end": round(rss_end, 1),
                "peak": round(rss_peak[0], 1), "growth": round(rss_end - rss_start, 1),
                "each_quarter": [round(rss_series[min(len(rss_series) - 1, len(rss_series) * q // 4)], 1)
                                 for q in (1, 2, 3, 4)] if rss_series else []},
    )
    report["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    slices: dict[int, list[Sample]] = {}  # p99 of pages and of searches in each 5 s of the run
    for s in samples:
        slices.setdefault(int((s.began - t0) // 5), []).append(s)
    report["p99_per_5s"] = [
        {"from_s": k * 5, "requests": len(v),
         "page_p99_ms": pct([s.ms for s in v if s.kind in PAGE_KINDS], 0.99),
         "search_p99_ms": pct([s.ms for s in v if s.kind in SEARCH_KINDS], 0.99)}
        for k, v in sorted(slices.items())]
    bars = {
        "errors == 0": report["errors"] == 0 and not warm_problems and report["server_tracebacks"] == 0,
        f"page p99 < {BARS['page_p99_ms']:g} ms": report["pages"]["p99_ms"] < BARS["page_p99_ms"],
        f"search p99 < {BARS['search_p99_ms']:g} ms": report["search"]["p99_ms"] < BARS["search_p99_ms"],
        f"RSS growth < {BARS['rss_growth_mb']:g} MB": report["rss_mb"]["growth"] < BARS["rss_growth_mb"],
    }
    if args.with_update:
        w0, w1 = shared.window
        during = [s for s in samples if w0 <= s.began <= w1]
        outside = [s for s in samples if not w0 <= s.began <= w1]
        for name, part in (("during", during), ("outside", outside)):
            f = figures(part, 1.0)
            update[f"latency_{name}"] = {"page_p99_ms": f["pages"]["p99_ms"], "search_p99_ms": f["search"]["p99_ms"]}
        update.update(requests_during=len(during), errors_during=sum(s.error is not None for s in during),
                      html_parsed_during=sum(s.parsed and s.kind in PAGE_KINDS | {"search"} for s in during))
        bars["update: exit 0, reloaded, 0 errors while it ran"] = (
            update.get("exit") == 0 and update.get("reload_seen_after_update_s") is not None
            and update["errors_during"] == 0 and update["html_parsed_during"] > 0)
        report["update"] = update
    elif update:
        report["ask"] = update
    report["bars"] = bars
    report["pass"] = all(bars.values())
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0 if report["pass"] else 1


def print_report(r: dict) -> None:
    built = f", built in {r['build_s']} s" if r["build_s"] else ""
    print(f"vidwiki serve {r['wiki']} (ready in {r['ready_s']} s{built})")
    print(f"{r['clients']} concurrent keep-alive loopback clients for {r['seconds']} s, think time "
          f"{r['think_s']} s mean ({'closed loop' if not r['think_s'] else 'exponential'}); "
          f"{r['cpus']} CPUs, load average at the end {r['loadavg']}")
    print(f"  requests {r['requests']} ({r['req_per_s']} req/s), errors {r['errors']}, server tracebacks "
          f"{r['server_tracebacks']}, HTML pages parsed {r['html_parsed']}")
    for name, row in [("ALL PAGES", r["pages"]), ("ALL SEARCH", r["search"]), *r["by_kind"].items()]:
        print(f"  {name:11} {row['requests']:7d}  p50 {row['p50_ms']:8.2f} ms  p99 {row['p99_ms']:8.2f} ms"
              f"  max {row['max_ms']:8.2f} ms")
    m = r["rss_mb"]
    print(f"  server RSS: {m['ready']} MB ready, {m['start']} MB after warm-up, {m['end']} MB at the end "
          f"(peak {m['peak']}; at each quarter of the run {m['each_quarter']}); growth {m['growth']} MB")
    print("  p99 in each 5 s, pages/search ms: " + ", ".join(
        f"{x['from_s']}s {x['page_p99_ms']:.0f}/{x['search_p99_ms']:.0f}" for x in r["p99_per_5s"]))
    if "update" in r:
        u = r["update"]
        print(f"  update ran from {u['from_s']} s to {u['to_s']} s; the change showed at {u['seen_s']} s")
        print(f"  update: changed {u.get('file')}, exit {u.get('exit')} in {u.get('seconds')} s, change on "
              f"{u.get('page')} seen {u.get('reload_seen_after_update_s')} s after; {u['requests_during']} requests "
              f"while it ran, {u['errors_during']} errors, {u['html_parsed_during']} HTML pages parsed whole")
        d, o = u["latency_during"], u["latency_outside"]
        print(f"  p99 while the update ran and the server reloaded: pages {d['page_p99_ms']} ms, search "
              f"{d['search_p99_ms']} ms; the rest of the run: pages {o['page_p99_ms']} ms, search {o['search_p99_ms']} ms")
    for e in r["warmup_problems"] + r["error_examples"]:
        print(f"  ! {e}")
    for name, ok in r["bars"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")


if __name__ == "__main__":
    sys.exit(main())
