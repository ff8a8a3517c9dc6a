"""Path traversal against ``vidwiki serve``: every attempt is a 404, never a file, never a 500.

The requests are written byte for byte on a socket, so no client library tidies the path first
(http.client refuses a NUL, urllib resolves ``..``). The targets are ``REQUEST_TARGETS`` of
tools/make_hostile_corpus.py, which benchmarks/hostile.py counts too. Beside the wiki lies
``secret.txt``; the wiki's own store and vault are inside it; none may come back, nor /etc/passwd.
"""

from __future__ import annotations

import pytest

from repo_scripts import load_script
from vidwiki.web.server import split_target

from .conftest import hostile_corpus

bench = load_script("benchmarks/hostile.py")  # raw_request, leaked: the figure counts the same way
raw_request = bench.raw_request


@pytest.mark.parametrize("target", hostile_corpus.REQUEST_TARGETS, ids=lambda t: t[:40])
def test_a_path_traversal_attempt_is_404_and_returns_nothing_outside_the_pages(served_hostile, target):
    status, body = raw_request(served_hostile.url, target)
    assert status == 404
    assert bench.leaked(body) == []


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
    assert bench.leaked(body) == []
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
