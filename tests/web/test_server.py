"""``vidwiki serve`` over real HTTP on 127.0.0.1: status codes, safety headers, escaping,
path traversal, read-only behaviour and the FTS5 search API."""

from __future__ import annotations

import hashlib
import http.client
import json
import sqlite3
import urllib.parse
from pathlib import Path

from vidwiki.web.server import make_server

from .conftest import XSS_TITLE


def get(served, path: str, method: str = "GET", headers: dict | None = None):
    """A raw request (no client-side normalisation of the path)."""
    host, port = served.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def first_page(wiki, kind: str) -> tuple[str, str]:
    with sqlite3.connect(wiki / "vidwiki.db") as db:
        channel, slug = db.execute("SELECT channel, slug FROM pages WHERE kind = ? ORDER BY slug", (kind,)).fetchone()
    return channel, slug


def test_every_kind_of_page_is_served_with_a_content_security_policy(served_xss, xss_wiki):
    channel, article = first_page(xss_wiki, "article")
    _, topic = first_page(xss_wiki, "topic")
    for path in ["/", "/index.html", f"/{channel}/{article}.html", f"/{channel}/{topic}.html",
                 f"/{channel}/{channel}.html", f"/{channel}/video/kP3vQ7xTn2A.html", "/search.html?q=pepper",
                 "/graph.html", "/static/reader.js", "/static/reader.css"]:
        response, body = get(served_xss, path)
        assert response.status == 200, path
        csp = response.getheader("Content-Security-Policy")
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert body


def test_unknown_pages_are_404_and_paths_never_reach_the_file_system(served_xss):
    assert get(served_xss, "/no_such_page.html")[0].status == 404
    assert get(served_xss, "/vidwiki.db")[0].status == 404
    assert get(served_xss, "/vault/kitchenphysics/conduction.md")[0].status == 404
    for path in ["/../vidwiki.db", "/static/../../vidwiki.db", "/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e/x",
                 "/..%5c..%5cetc%5cpasswd", "/a%00b"]:
        response, body = get(served_xss, path)
        assert response.status == 404, path
        assert b"root:" not in body


def test_serve_is_read_only(served_xss, xss_wiki):
    db = xss_wiki / "vidwiki.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for method in ["POST", "PUT", "DELETE", "PATCH"]:
        assert get(served_xss, "/", method)[0].status == 405
    get(served_xss, "/search.html?q=steam")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_serve_binds_loopback_by_default(xss_wiki):
    server = make_server(xss_wiki, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
        server.app.close()


def test_transcript_and_title_html_is_shown_as_text(served_xss):
    _, body = get(served_xss, "/kitchenphysics/video/kP3vQ7xTn2A.html")
    html = body.decode()
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "Cast Iron &lt;script&gt;window.__xss = 3&lt;/script&gt; Stays Hot" in html
    _, hub = get(served_xss, "/kitchenphysics/kitchenphysics.html")
    assert XSS_TITLE not in hub.decode() and "&lt;script&gt;window.__xss = 3" in hub.decode()


def test_search_api_finds_transcript_words_and_links_to_the_moment(served_xss):
    response, body = get(served_xss, "/api/search?q=" + urllib.parse.quote("ground black pepper"))
    hits = json.loads(body)["hits"]
    assert response.status == 200 and hits
    moment = next(h for h in hits if h["kind"] == "transcript")
    assert moment["href"] == f"kitchenphysics/video/sT6pPr_3mYe.html#t={int(moment['seconds'])}"
    assert "<mark>ground black pepper</mark>" in moment["snippet"]


def test_search_input_is_never_fts_syntax(served_xss):
    for query in ['"', "NEAR(", "a OR", "*", "title:x", "')--", "<script>"]:
        response, body = get(served_xss, "/search.html?q=" + urllib.parse.quote(query))
        assert response.status == 200, query
        assert b"<script>window" not in body


def test_media_files_are_served_with_byte_ranges_only_by_video(served_corpus, corpus_wiki):
    with sqlite3.connect(corpus_wiki / "vidwiki.db") as db:
        vid, media = db.execute("SELECT video_id, media_path FROM videos WHERE media_path IS NOT NULL").fetchone()
    size = Path(media).stat().st_size
    response, body = get(served_corpus, f"/media/{vid}.mp4", headers={"Range": "bytes=10-19"})
    assert response.status == 206 and len(body) == 10
    assert response.getheader("Content-Range") == f"bytes 10-19/{size}"
    assert get(served_corpus, f"/media/{vid}.webm")[0].status == 404
