"""Hostile text: how many hostile cases were tried, and how many stayed inert.

The corpus is the channel of ``tools/make_hostile_corpus.py``: three videos (VTT, SRT, json3) whose
title, channel name, chapter titles and cues carry ``<script>``, ``javascript:`` links,
``"><img onerror=...>``, ``../../etc``, ``%2e%2e%2f``, wikilinks, a forged ``yt-timestamp``
anchor, front matter and a prompt injection, each tagged ``hx01`` ... ``hx12``. It is built with
the real pipeline, then read in Debian chromium (Playwright, network closed but for 127.0.0.1
and file://; the YouTube embed is a stand-in page) twice over:

* **serve**: every page of ``vidwiki serve`` on 127.0.0.1, plus a search for each payload;
* **site**: every page of ``vidwiki export site`` from file:// URLs, plus a search for each payload.

On every page: no dialog may open, no console error or uncaught exception may happen, and no
element may carry what a payload would inject (an ``on*`` attribute, a ``javascript:``,
``vbscript:`` or ``data:text`` URL, a script other than the site's own files under ``static/``,
an ``img`` with ``src=x``). Then each request target of ``REQUEST_TARGETS`` (path traversal,
plain, encoded, double-encoded, backslashes, NUL, absolute, over-long) is sent byte for byte to
the server: it must answer 404 with nothing from outside the pages.

A *case* is one payload in one field of the corpus seen on one surface, one payload typed as a
search on one surface, or one request target. It is *inert* when nothing above names its tag (a
finding naming no tag spoils every case of its surface) and, for a title, a channel name or a cue,
its text is visible as text on some page of the surface. Chapter titles are not shown by the
reader (they only help name topics, and a hostile one names none), so for them inert means no
finding. A request target is inert when it got a 404 and no secret.

    .venv/bin/python benchmarks/hostile.py
    .venv/bin/python benchmarks/hostile.py --json

Exit code 0 when every case is inert, 1 otherwise. Needs Playwright and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
EMBED = "https://www.youtube-nocookie.com/embed/"
FAKE_EMBED = "<!doctype html><title>embed</title><p>stand-in for the YouTube player</p>"
SECRETS = (b"hx-secret", b"root:x:", b"SQLite format", b"videoId:")
TAG = re.compile(r"hx\d\d")

# Run in each page once it has loaded: what a payload would have injected, and the text shown.
PROBE = r"""() => {
  const own = /\/static\/(reader|search|graph|search-index)\.js$/;
  const bad_url = /^\s*(javascript|vbscript|data:text)/i;
  const found = [];
  const show = el => el.outerHTML.slice(0, 300);
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith("on")) found.push("on* attribute: " + show(el));
      else if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(a.name.toLowerCase())
               && bad_url.test(a.value)) found.push("script URL: " + show(el));
    }
    if (el.tagName === "IMG" && el.getAttribute("src") === "x") found.push("img src=x: " + show(el));
  }
  for (const s of document.scripts) {
    const src = s.getAttribute("src");
    if (!src || !own.test(new URL(src, document.baseURI).pathname)) found.push("script: " + show(s));
  }
  return {found: found, text: document.body ? document.body.innerText.replace(/\s+/g, " ") : ""};
}"""


def _load_corpus():
    """``tools/make_hostile_corpus.py``, which is a script, not part of the package."""
    path = REPO / "tools" / "make_hostile_corpus.py"
    spec = importlib.util.spec_from_file_location("make_hostile_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


# --- in the browser ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Visit:
    url: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    injected: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def findings(self) -> list[str]:
        return [f"dialog: {d}" for d in self.dialogs] + [f"console: {e}" for e in self.errors] + self.injected


@contextmanager
def watched_page(browser) -> Iterator[object]:
    """A page that reaches only 127.0.0.1 and file:// (the YouTube embed gets a stand-in), and
    records every dialog (dismissed), console error and uncaught exception in ``page.seen``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def offline(route):
        url = route.request.url
        if url.startswith(EMBED):
            route.fulfill(status=200, content_type="text/html", body=FAKE_EMBED)
        elif url.startswith("file:") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.seen = Visit("")
    page.on("dialog", lambda d: (page.seen.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: page.seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.seen.errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()


def visit(page, url: str) -> Visit:
    """Open ``url``, let its scripts run, and say what happened."""
    page.seen = Visit(url)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)  # deferred scripts and the search's first render
    probe = page.evaluate(PROBE)
    page.seen.injected, page.seen.text = probe["found"], probe["text"]
    return page.seen


def searches(base: str) -> list[str]:
    """A search for each payload."""
    return [f"{base}search.html?q={quote(p.text)}" for p in corpus.PAYLOADS]


def served_urls(server) -> list[str]:
    """Every page ``vidwiki serve`` has, its empty search and question pages, and the searches."""
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paths = sorted(set(server.app.routes) | {"search.html", "ask.html"})
    return [base + p for p in paths] + searches(base)


def site_urls(site: Path) -> list[str]:
    """Every page of ``vidwiki export site`` as a file:// URL, and the searches."""
    return [p.as_uri() for p in sorted(site.rglob("*.html"))] + searches(site.as_uri() + "/")


# --- over raw HTTP ----------------------------------------------------------------------------------

def raw_request(url: str, target: str | bytes) -> tuple[int, bytes]:
    """Send ``GET <target> HTTP/1.1`` exactly as given (no client tidies the path); (status, body)."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    line = target if isinstance(target, bytes) else target.encode("latin-1")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + line + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def leaked(body: bytes) -> list[bytes]:
    return [s for s in SECRETS if s in body]


# --- the figure -------------------------------------------------------------------------------------

@dataclass(slots=True)
class Figures:
    tried: int = 0
    inert: int = 0
    pages_opened: int = 0
    requests_sent: int = 0
    not_inert: list[str] = field(default_factory=list)
    seconds: float = 0.0


def shown_text(payload, where: str) -> str | None:
    """The text a case must show on some page, or None (chapter titles are not shown)."""
    if where == "title":
        return next(v.title for v in corpus.VIDEOS if payload.text in v.title)
    if where == "channel":
        return corpus.CHANNEL
    if where == "cue":
        return f"{payload.text} and it must stay text"
    return None


def judge(surface: str, visits: list[Visit], figures: Figures) -> None:
    """Count the cases of one surface: the corpus's (payload, field) pairs and the searches."""
    spoiled_all = [f for v in visits for f in v.findings if not TAG.search(f)]
    named = {t for v in visits for f in v.findings for t in TAG.findall(f)}
    text = " ".join(v.text for v in visits)
    search_visits = dict(zip(corpus.PAYLOADS, visits[-len(corpus.PAYLOADS):], strict=True))
    cases = [(p, where) for p, where in corpus.cases()] + [(p, "search") for p in corpus.PAYLOADS]
    for payload, where in cases:
        figures.tried += 1
        shown = shown_text(payload, where)
        problems = []
        if spoiled_all or payload.tag in named:
            problems.append("a finding")
        if shown is not None and shown not in text:
            problems.append("its text is not shown")
        if where == "search" and search_visits[payload].findings:
            problems.append("its search page has findings")
        if problems:
            figures.not_inert.append(f"{surface}: {payload.tag} ({payload.what}) in the {where}: {', '.join(problems)}")
        else:
            figures.inert += 1
    for v in visits:
        for f in v.findings:
            figures.not_inert.append(f"{surface}: {v.url}: {f}")


def measure(browser, workdir: Path) -> Figures:
    from vidwiki.pipeline import build
    from vidwiki.render.export import export_site
    from vidwiki.web.server import make_server

    started = time.monotonic()
    figures = Figures()
    corpus.write_corpus(workdir / "channel")
    (workdir / "secret.txt").write_text("hx-secret: outside the wiki\n")
    wiki = workdir / "wiki"
    build([workdir / "channel"], wiki)
    export_site(wiki, workdir / "site")
    server = make_server(wiki, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with watched_page(browser) as page:
            for surface, urls in (("serve", served_urls(server)), ("site", site_urls(workdir / "site"))):
                visits = [visit(page, url) for url in urls]
                figures.pages_opened += len(visits)
                judge(surface, visits, figures)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        for target in corpus.REQUEST_TARGETS:
            figures.tried += 1
            figures.requests_sent += 1
            status, body = raw_request(url, target)
            if status == 404 and not leaked(body):
                figures.inert += 1
            else:
                figures.not_inert.append(f"request {target[:60]!r}: {status}, {leaked(body) or 'no secret'}")
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()
    figures.seconds = round(time.monotonic() - started, 1)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="vidwiki-hostile-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            figures = measure(browser, Path(tmp))
        finally:
            browser.close()
    if args.json:
        print(json.dumps(asdict(figures), indent=2))
    else:
        print(f"hostile cases tried {figures.tried} / inert {figures.inert}")
        print(f"  pages opened in chromium {figures.pages_opened}, raw requests sent {figures.requests_sent}, "
              f"{figures.seconds} s")
        for line in figures.not_inert:
            print("  not inert:", line)
    return 0 if figures.inert == figures.tried else 1


if __name__ == "__main__":
    sys.exit(main())
