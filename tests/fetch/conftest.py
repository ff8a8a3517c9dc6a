"""A local stand-in for YouTube: a real HTTP server on 127.0.0.1 serving yt-dlp-shaped fixtures.

Only the YouTube extractors' web requests are replaced: ``YoutubeIE`` and ``YoutubeTabIE`` ask
this server (through yt-dlp's own networking, ``_download_json``) for the info dict YouTube's
pages would have produced, and the subtitle URLs inside those dicts point at the same server,
so yt-dlp's real URL matching, playlist processing, caption choice, subtitle download and file
naming all run. ``server.fail(path_part, kind, times)`` makes matching requests fail with a 5xx,
hang past the timeout, answer with garbage, or refuse (403, as YouTube does without a PO
token). The same server plays YouTube's web client for youtube-transcript-api (watch page,
innertube player, timedtext XML); ``transcript_api_to(fake)`` routes that library's session here.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

DATA = Path(__file__).parent / "data"
CHANNEL_URL = "https://www.youtube.com/@vidwikidemo"
PLAYLIST_URL = "https://www.youtube.com/playlist?list=PLvidwikiDemoPlaylist000000000001"


@dataclass
class Failure:
    needle: str
    kind: str  # "503" | "timeout" | "garbage" | "403"
    times: int


@dataclass
class FakeYouTube:
    base: str = ""
    failures: list[Failure] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)  # video ids left out of listings (not uploaded yet)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, needle: str, kind: str, times: int = 1_000_000) -> None:
        """The next ``times`` requests whose path contains ``needle`` fail in the given way."""
        with self.lock:
            self.failures.append(Failure(needle, kind, times))

    def heal(self) -> None:
        with self.lock:
            self.failures.clear()

    def hits(self, needle: str) -> int:
        return sum(needle in r for r in self.requests)

    def failure_for(self, path: str) -> str | None:
        with self.lock:
            self.requests.append(path)
            for f in self.failures:
                if f.needle in path and f.times > 0:
                    f.times -= 1
                    return f.kind
        return None


def _handler(fake: FakeYouTube) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        _body: bytes | None = None

        def do_POST(self) -> None:
            self._body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.do_GET()

        def do_GET(self) -> None:
            url = urlparse(self.path)
            path, query = url.path, parse_qs(url.query)
            kind = fake.failure_for(self.path)
            if kind == "403":
                return self._send(403, b"Forbidden", "text/html")
            if kind == "503":
                return self._send(503, b"<html>Service Unavailable</html>", "text/html")
            if kind == "timeout":
                time.sleep(4.0)  # past the client's socket timeout (2 s: a loaded CI machine answers late)
                return self._send(200, b"", "text/plain")
            if kind == "garbage":
                return self._send(200, b"\x00\x17<<garbage>>\xff{{not json", "application/json")
            if path == "/watch":
                path = "/ytapi/watch.html"
            elif path == "/youtubei/v1/player":
                path = f"/ytapi/player-{json.loads(self._body or b'{}').get('videoId')}.json"
            elif path == "/api/timedtext":
                path = f"/ytapi/timedtext-{query['v'][0]}.{query['lang'][0]}.xml"
            file = DATA / path.lstrip("/")
            if not file.resolve().is_relative_to(DATA.resolve()) or not file.is_file():
                return self._send(404, b"not found", "text/plain")
            body = file.read_bytes()
            if file.suffix == ".json":
                body = body.replace(b"{server}", fake.base.encode())
            types = {".json": "application/json", ".html": "text/html", ".xml": "text/xml"}
            self._send(200, body, types.get(file.suffix, "text/vtt"))

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def youtube(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeYouTube]:
    """Start the server and point the YouTube extractors' requests at it."""
    pytest.importorskip("yt_dlp")
    from yt_dlp.extractor.youtube import YoutubeIE, YoutubeTabIE

    fake = FakeYouTube()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def video(self, url: str) -> dict:
        video_id = self._match_id(url)
        return self._download_json(f"{fake.base}/watch/{video_id}.json", video_id)

    def tab(self, url: str) -> dict:
        name = "playlist.flat.json" if "list=" in url else "channel-videos.flat.json"
        if "list=" not in url and not url.rstrip("/").endswith("/videos"):
            raise AssertionError(f"vidwiki should ask for the channel's /videos tab, asked {url}")
        listing = self._download_json(f"{fake.base}/{name}", "listing")
        listing["entries"] = [e for e in listing["entries"] if e["id"] not in fake.hidden]
        return listing

    monkeypatch.setattr(YoutubeIE, "_real_extract", video)
    _route_transcript_api(monkeypatch, fake)
    monkeypatch.setattr(YoutubeIE, "_real_initialize", lambda self: None)
    monkeypatch.setattr(YoutubeTabIE, "_real_extract", tab)
    monkeypatch.setattr(YoutubeTabIE, "_real_initialize", lambda self: None)
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def _route_transcript_api(monkeypatch: pytest.MonkeyPatch, fake: FakeYouTube) -> None:
    """youtube-transcript-api's requests to https://www.youtube.com go to the local server."""
    try:
        import requests
    except ImportError:
        return
    from vidwiki.fetch import transcript_api

    class ToLocal(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            request.url = request.url.replace("https://www.youtube.com", fake.base, 1)
            return super().send(request, **kwargs)

    def session() -> requests.Session:
        s = requests.Session()
        s.mount("https://www.youtube.com", ToLocal())
        return s

    monkeypatch.setattr(transcript_api, "_session", session)


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())
