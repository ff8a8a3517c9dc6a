"""Path traversal against ``vidwiki serve``: every attempt is a 404, never a file, never a 500.

The requests are written byte for byte on a socket, so no client library tidies the path first
(http.client refuses a NUL, urllib resolves ``..``). Beside the wiki lies ``secret.txt``; the
wiki's own store and vault are inside it; neither may come back, nor /etc/passwd.
"""

from __future__ import annotations

import socket

import pytest

from vidwiki.web.server import split_target

SECRETS = (b"hx-secret", b"root:x:", b"SQLite format", b"videoId:")
CLIMBS = [  # each reaches secret.txt, the store, the vault or /etc/passwd if the path is followed
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/static/../../secret.txt",
    "/..%2fsecret.txt",
    "/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/%2E%2E%2Fsecret.txt",
    "/static/%2e%2e/%2e%2e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/..\\secret.txt",
    "/..%5c..%5csecret.txt",
    "/static\\..\\..\\secret.txt",
    "/.%2e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 dots
    "/..;/secret.txt",
    "/./../secret.txt",
    "/vidwiki.db",
    "/vault/hostilechannel/hostilechannel.md",
    "/etc/passwd",
    "//etc/passwd",
    "///etc/passwd",
    "/%2fetc%2fpasswd",
    "http://127.0.0.1/../secret.txt",
    "http://127.0.0.1/%2e%2e/etc/passwd",
    "file:///etc/passwd",
    "/C:/Windows/win.ini",
    "C:\\Windows\\win.ini",
    "/secret.txt%00.html",
    "/index.html%00",
    "/%00",
    "/index.html\x00",
    "/../secret.txt?q=1",
    "/search.html/../../secret.txt",
    "/" + "../" * 2000 + "etc/passwd",
    "/" + "%2e%2e%2f" * 2000 + "etc/passwd",
    "/" + "a" * 60_000,
]


def raw_request(url: str, target: str | bytes) -> tuple[int, bytes]:
    """Send ``GET <target> HTTP/1.1`` exactly as given; (status, body)."""
    host, port = url.removeprefix("http://").split(":")
    line = target if isinstance(target, bytes) else target.encode("latin-1")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + line + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.mark.parametrize("target", CLIMBS, ids=lambda t: t[:40])
def test_a_path_traversal_attempt_is_404_and_returns_nothing_outside_the_pages(served_hostile, target):
    status, body = raw_request(served_hostile.url, target)
    assert status == 404
    assert not [s for s in SECRETS if s in body]


def test_the_same_server_does_serve_its_pages(served_hostile):
    """The 404s above are refusals, not a server that answers nothing."""
    assert raw_request(served_hostile.url, "/")[0] == 200
    assert raw_request(served_hostile.url, "/hostilechannel/video/hOstileVtt1.html")[0] == 200
    assert raw_request(served_hostile.url, "/static/reader.js")[0] == 200
    assert raw_request(served_hostile.url, "/search.html?q=%2e%2e%2f")[0] == 200


def test_a_request_line_past_http_servers_limit_is_414_and_the_server_goes_on(served_hostile):
    """Past 64 KiB the request line is not read at all (http.server answers 414 URI Too Long)."""
    status, body = raw_request(served_hostile.url, "/" + "../" * 30_000 + "secret.txt")
    assert status == 414
    assert not [s for s in SECRETS if s in body]
    assert raw_request(served_hostile.url, "/")[0] == 200


@pytest.mark.parametrize(("target", "path"), [
    ("/", ""),
    ("/a/b.html?q=1#x", "a/b.html"),
    ("//etc/passwd", "/etc/passwd"),
    ("http://host/a.html?q", "a.html"),
    ("/%2e%2e/x", None),
    ("/%252e%252e/x", "%2e%2e/x"),
    ("/%ff", None),
    ("http://[x/", None),
    ("*", None),
])
def test_a_request_target_is_split_into_a_site_path_or_none(target, path):
    assert split_target(target)[0] == path
