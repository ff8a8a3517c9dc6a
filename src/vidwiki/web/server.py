"""``vidwiki serve``: the reader over HTTP, read-only, on 127.0.0.1 unless told otherwise.

Every response comes from a lookup table built at start-up (pages rendered from the store on
first request, packaged static files, media files named in the store); a URL path is only ever a
dictionary key, so it can never reach the file system. Only GET and HEAD are answered.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import mimetypes
import re
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import VidwikiError
from ..render import urls
from ..render.reader import CSP, STATIC_FILES, Reader
from ..render.search_docs import search_docs
from ..render.wikidata import WikiData, load, store_signature
from ..store import DB_NAME
from .fts import SearchIndex

if TYPE_CHECKING:  # the question engine (numpy, spaCy, the embedders) loads on the first question
    from ..ask import Answer, Asker

MAX_QUESTION = 500  # characters of a question that are read (vidwiki.ask.MAX_QUESTION)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP + "; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
RETIRE_AFTER = 10.0  # seconds the previous state's search index stays open after a reload


def _retire(index: SearchIndex) -> None:
    """Close a replaced state's index and give its memory back: the state (reader, pages, caches)
    holds reference cycles, and glibc keeps freed memory unless asked to return it, so without
    this every reload would leave the server a few tens of MB bigger."""
    index.close()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


@dataclass(slots=True, frozen=True)
class _State:
    """What the reader answers from, built from one load of the store."""

    reader: Reader
    routes: dict
    index: SearchIndex
    media: dict[str, Path]
    cache: dict[str, bytes]  # rendered pages of this state
    rendering: dict[str, threading.Lock] = field(default_factory=dict)  # one renderer per page at a time

    def body(self, path: str, render: Callable[[], str]) -> bytes:
        """The page rendered once: concurrent requests for a page not yet rendered wait for the
        one rendering it (after a reload, 50 clients must not all lay out the graph at once)."""
        body = self.cache.get(path)
        if body is None:
            with self.rendering.setdefault(path, threading.Lock()):
                body = self.cache.get(path)
                if body is None:
                    body = self.cache[path] = render().encode("utf-8")
        return body

    def render_all(self) -> None:
        for path, render in self.routes.items():
            try:
                self.body(path, render)
            except Exception:  # a bug in one page: it answers 500 when asked, as before
                traceback.print_exc()


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] | None = None


class ReaderApp:
    """The reader as a function of (path, query) -> Response; the HTTP handler is a thin shell."""

    def __init__(self, data: WikiData, wiki: Path | None = None) -> None:
        self.wiki = wiki
        self._load(data)
        self._lock = threading.Lock()
        self._signature = store_signature(wiki) if wiki else ()
        self._checked = time.monotonic()
        self._reloading = False

    def _load(self, data: WikiData) -> None:
        reader = Reader(data, static=False)
        package = files("vidwiki.render") / "static"
        self.static = {urls.static_path(n): (package / n).read_bytes() for n in STATIC_FILES}
        self.state = _State(
            reader, reader.routes(), SearchIndex(list(search_docs(data, reader.md))),
            {p: Path(v.media_path) for v in data.videos.values() if v.media_path and (p := urls.media_path(v))},
            {},
        )
        self._data = data
        self._asker: Asker | None = None  # built on the first question: serve starts as fast as before
        self._asker_lock = threading.Lock()

    # one state of the wiki, swapped whole by a reload: a request reads ``self.state`` once
    reader = property(lambda self: self.state.reader)
    routes = property(lambda self: self.state.routes)
    index = property(lambda self: self.state.index)
    media = property(lambda self: self.state.media)

    def asker(self) -> Asker:
        """The question engine over this state of the wiki (vectors from the store, or embedded
        in memory once when no ``vidwiki ask`` has stored them: serve never writes the store)."""
        from ..ask import Asker

        with self._asker_lock:
            if self._asker is None:
                db = None
                if self.wiki is not None:
                    db = sqlite3.connect(f"{(self.wiki / DB_NAME).resolve().as_uri()}?mode=ro", uri=True)
                try:
                    self._asker = Asker(self._data, db)
                finally:
                    if db is not None:
                        db.close()
            return self._asker

    def answer(self, question: str) -> tuple[Answer | None, str | None]:
        """(answer, None), or (None, a one-line reason) when the question cannot be asked."""
        try:
            return self.asker().ask(question), None
        except VidwikiError as exc:
            return None, str(exc)

    def close(self) -> None:
        self.index.close()
        if self._asker is not None:
            self._asker.close()

    def refresh(self) -> None:
        """After a build commits to the store, reload it in the background (checked once a second);
        requests keep being answered from the previous state until the new one is ready."""
        if self.wiki is None or self._reloading or time.monotonic() - self._checked < 1.0:
            return
        self._checked = time.monotonic()
        signature = store_signature(self.wiki)
        if signature == self._signature:
            return
        self._reloading = True

        def reload() -> None:
            try:
                fresh = ReaderApp(load(self.wiki))
                fresh.state.render_all()  # every page ready before the swap: no burst of renders after it
                with self._lock:
                    old = self.index
                    self.state = fresh.state  # one assignment: no request sees half of each state
                    with self._asker_lock:
                        old_asker, self._data, self._asker = self._asker, fresh._data, None
                    self._signature = signature
                closer = threading.Timer(RETIRE_AFTER, _retire, (old,))  # requests in flight may still use it
                if old_asker is not None:
                    threading.Timer(30, old_asker.close).start()  # a question may take a while
                closer.daemon = True
                closer.start()
            except VidwikiError:
                pass  # a store mid-migration or gone: keep serving what we have, retry later
            finally:
                self._reloading = False

        threading.Thread(target=reload, daemon=True).start()

    def page(self, path: str, query: dict[str, list[str]]) -> Response:
        self.refresh()
        state = self.state  # one state throughout, even if a reload swaps it meanwhile
        reader, routes, index = state.reader, state.routes, state.index
        if path == urls.SEARCH:
            q = (query.get("q") or [""])[0][:200]
            hits = index.search(q) if q.strip() else None
            return self._html(reader.search(q, hits))
        if path == "api/search":
            q = (query.get("q") or [""])[0][:200]
            hits = index.search(q) if q.strip() else []
            body = [{"kind": h.kind, "title": h.title, "href": h.href, "seconds": h.seconds,
                     "snippet": str(h.snippet)} for h in hits]
            return Response(200, json.dumps({"query": q, "hits": body}).encode(), "application/json")
        if path == urls.ASK:
            q = (query.get("q") or [""])[0][:MAX_QUESTION]
            answer, error = self.answer(q) if q.strip() else (None, None)
            return self._html(reader.ask(q, answer, error))
        if path == "api/ask":
            q = (query.get("q") or [""])[0][:MAX_QUESTION]
            answer, error = self.answer(q) if q.strip() else (None, "ask a question: ?q=...")
            if answer is None:
                return Response(400, json.dumps({"query": q, "error": error}).encode(), "application/json")
            return Response(200, json.dumps(answer.to_json()).encode(), "application/json")
        if path in self.static:
            kind = "text/css" if path.endswith(".css") else "text/javascript"
            return Response(200, self.static[path], f"{kind}; charset=utf-8", {"Cache-Control": "max-age=300"})
        render = routes.get(path or urls.HOME)
        if render is None:
            return self.not_found()
        return Response(200, state.body(path, render), "text/html; charset=utf-8")

    def _html(self, text: str, status: int = 200) -> Response:
        return Response(status, text.encode("utf-8"), "text/html; charset=utf-8")

    def not_found(self) -> Response:
        return self._html("<!doctype html><title>Not found</title><h1>Not found</h1>"
                          '<p><a href="/">Home</a></p>', 404)


def split_target(raw: str) -> tuple[str | None, str]:
    """A request target as (root-relative site path, query); the path is None when it names no page
    we could serve: it climbs (``..``, encoded or not), holds a backslash or a NUL, or is no path.

    The origin form (``/a/b?q``) is read as written, so ``//etc/passwd`` is the site path
    ``/etc/passwd`` (which no page has), not a host; the absolute form (``http://host/a``) gives
    its path."""
    target, _, query = raw.partition("#")[0].partition("?")
    if not target.startswith("/"):
        try:
            target = urlsplit(target).path
        except ValueError:  # "http://[x/": not a URL
            return None, query
    try:
        path = unquote(target, errors="strict")
    except UnicodeDecodeError:  # %ff: bytes that are not UTF-8 name no page
        return None, query
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None, query
    if any(p in (".", "..") for p in path[1:].split("/")):
        return None, query
    return path[1:], query


class Handler(BaseHTTPRequestHandler):
    server_version = "vidwiki"
    # keep-alive: a browser (or a load test) reuses its connection, and with it the thread that
    # answers it, instead of a new TCP connection and a new thread for every page, asset and search
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a kept-alive connection may stay idle before its thread lets it go
    # headers and body go out as two writes: with Nagle's algorithm the body would wait for the
    # client's delayed ACK of the headers (40 ms on Linux) on every kept-alive response
    disable_nagle_algorithm = True
    app: ReaderApp
    quiet = True

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _refuse(self) -> None:
        self._send(Response(405, b"read-only\n", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"}), False)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse  # noqa: N815

    def _answer(self, head: bool) -> None:
        path, query_string = split_target(self.path)
        if path is None:  # a path that climbs, or names a file by a name no page has: no such page
            self._send(self.app.not_found(), head)
            return
        if path in self.app.media:
            self._send_media(self.app.media[path], head)
            return
        query = parse_qs(query_string)
        try:
            response = self.app.page(path, query)
        except Exception:  # a bug: log it, answer 500, keep serving
            self.log_error("error rendering %s", path)
            traceback.print_exc()
            response = Response(500, b"internal error\n", "text/plain; charset=utf-8")
        self._send(response, head)

    def _send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in {**SECURITY_HEADERS, **(response.headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _send_media(self, path: Path, head: bool) -> None:
        """A media file, with byte ranges so the browser can seek in it."""
        try:
            size = path.stat().st_size
            fh = path.open("rb")
        except OSError:
            self._send(Response(404, b"media file is gone\n", "text/plain; charset=utf-8"), head)
            return
        with fh:
            start, end, status = 0, size - 1, HTTPStatus.OK
            m = _RANGE.match(self.headers.get("Range", ""))
            if m and (m.group(1) or m.group(2)):
                if m.group(1):
                    start, end = int(m.group(1)), min(int(m.group(2) or size - 1), size - 1)
                else:
                    start = max(0, size - int(m.group(2)))
                if start > end or start >= size:
                    self._send(Response(416, b"", "text/plain", {"Content-Range": f"bytes */{size}"}), head)
                    return
                status = HTTPStatus.PARTIAL_CONTENT
            self.send_response(status)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(end - start + 1))
            if status == HTTPStatus.PARTIAL_CONTENT:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            for key, value in SECURITY_HEADERS.items():
                self.send_header(key, value)
            self.end_headers()
            if head:
                return
            fh.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = fh.read(min(left, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # connections waiting to be accepted: the default of 5 drops the SYNs of a burst of clients,
    # which then wait a whole second (then 3, 7 ...) for the kernel to retry
    request_queue_size = 128


def make_server(wiki: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = True) -> ThreadingHTTPServer:
    """A ready server (not yet serving); ``port=0`` picks a free port (see ``server_address``)."""
    app = ReaderApp(load(wiki), wiki)
    handler = type("ReaderHandler", (Handler,), {"app": app, "quiet": quiet})
    try:
        server = _Server((host, port), handler)
    except OSError as exc:
        app.close()
        raise VidwikiError(f"cannot listen on {host}:{port} ({exc.strerror})") from exc
    server.daemon_threads = True
    server.app = app  # type: ignore[attr-defined]
    return server
