"""``vidwiki serve`` under concurrent clients (issue 13, section 4), on a real server on 127.0.0.1:
the load script against the demo wiki with an update in the middle, and the fixes it led to
(keep-alive without Nagle's delay, a listen backlog for bursts, pooled search connections)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vidwiki.web import fts
from vidwiki.web.server import make_server

from .conftest import EXAMPLES, REPO


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), *filter(None, [env.get("PYTHONPATH")])])
    return env


@pytest.mark.slow
def test_load_script_on_the_demo_wiki_with_an_update_mid_load(tmp_path: Path):
    """10 clients for a few seconds: every response 200 and whole, every HTML page parsed, also
    while `vidwiki update` rewrites the store and the server reloads it."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "load.py"), "--corpus", str(EXAMPLES), "--workdir", str(tmp_path),
         "--clients", "10", "--seconds", "4", "--with-update", "--parse-all", "--json"],
        capture_output=True, text=True, timeout=120, env=_env(),
    )
    assert done.stdout, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == 0, report["error_examples"]
    assert report["warmup_problems"] == [] and report["server_tracebacks"] == 0
    assert report["requests"] > 100 and report["html_parsed"] > 50
    for kind in ("article", "topic", "hub", "video", "static", "search", "api_search"):
        assert report["by_kind"][kind]["requests"] > 0, kind
    update = report["update"]
    assert update["exit"] == 0, update["stderr"]
    assert update["reload_seen_after_update_s"] is not None  # the changed caption reached its page
    assert update["requests_during"] > 20 and update["errors_during"] == 0 and update["html_parsed_during"] > 10


def test_a_kept_alive_connection_answers_many_requests_without_a_delayed_ack_wait(served_xss):
    port = int(served_xss.url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/static/reader.css")
    conn.getresponse().read()
    sock = conn.sock
    times = []
    for path in ["/static/reader.css", "/index.html", "/search.html?q=pepper", "/api/search?q=pepper"] * 6:
        began = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        times.append(time.perf_counter() - began)
        assert response.status == 200 and body and response.version == 11
        assert conn.sock is sock  # the same TCP connection throughout
    conn.close()
    # with Nagle's algorithm on, the body waits for the client's delayed ACK: >= 40 ms every time
    assert statistics.median(times) < 0.03, times


def test_a_burst_of_connections_waits_in_the_backlog_instead_of_being_dropped(xss_wiki):
    """60 clients connecting at once, before the server accepts any: none waits for a SYN retry."""
    server = make_server(xss_wiki, port=0)
    port = server.server_address[1]
    connects: list[float] = []
    socks: list[socket.socket] = []
    lock = threading.Lock()

    def connect() -> None:
        began = time.perf_counter()
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        with lock:
            connects.append(time.perf_counter() - began)
            socks.append(s)

    threads = [threading.Thread(target=connect) for _ in range(60)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        for s in socks:
            s.sendall(b"GET /static/reader.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        for s in socks:
            status = s.makefile("rb").readline()
            assert status.startswith(b"HTTP/1.") and b" 200 " in status, status
            s.close()
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()
    assert len(connects) == 60 and max(connects) < 0.9, sorted(connects)[-5:]  # a dropped SYN waits 1 s


def test_search_connections_are_pooled_not_opened_per_thread(served_xss):
    index = served_xss.server.app.state.index
    for _ in range(15):  # one thread per connection, as ThreadingHTTPServer runs them
        t = threading.Thread(target=index.search, args=("pepper",))
        t.start()
        t.join()
    assert index._pool.qsize() == 1
    barrier = threading.Barrier(8)

    def search() -> None:
        barrier.wait()
        for _ in range(20):
            assert index.search("cast iron")

    threads = [threading.Thread(target=search) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= index._pool.qsize() <= fts.READERS


def test_a_reload_swaps_in_a_state_rendered_whole_and_retires_the_old_one(tmp_path, monkeypatch):
    from vidwiki.pipeline import build
    from vidwiki.web import server as server_module

    from .conftest import Served

    monkeypatch.setattr(server_module, "RETIRE_AFTER", 0.1)
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    wiki = tmp_path / "wiki"
    build([src], wiki)
    served = Served(wiki)
    try:
        app = served.server.app
        old = app.state
        path = "/kitchenphysics/video/kP3vQ7xTn2A.html"
        port = int(served.url.rsplit(":", 1)[1])
        srt = next(src.glob("01*/*.srt"))
        srt.write_text(srt.read_text().replace("Kitchen Physics", "Stove Science"))
        build([src], wiki)
        deadline = time.monotonic() + 20
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            conn.request("GET", path)
            response = conn.getresponse()
            if b"Stove Science" in response.read():
                break
            assert time.monotonic() < deadline, "serve did not pick up the rebuilt store"
            time.sleep(0.2)
        conn.close()
        new = app.state
        assert new is not old and new.reader is not old.reader
        assert set(new.cache) == set(new.routes)  # every page was rendered before the swap
        assert all(getattr(r, "func", r).__self__ is new.reader for r in new.routes.values())
        deadline = time.monotonic() + 10
        while old.index.path.exists():  # the old index is closed and its file removed
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert old.index._pool.qsize() == 0 and new.index.search("stove science")
    finally:
        served.close()
