"""Wikis for the reader's tests, built for real by the pipeline.

``xss_wiki``: the demo channel (examples/) with a transcript line and a video title that are
HTML/JS payloads. ``hostile_wiki``: a channel whose title, channel name, chapters and cues all
carry payloads (tools/make_hostile_corpus.py). ``corpus_wiki``: three 3Blue1Brown videos from ../shared/corpus, one with a
small local video file made by ffmpeg beside its captions (the reader plays it in a <video>),
the others played through the YouTube embed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from repo_scripts import load_script
from vidwiki.pipeline import build
from vidwiki.web.server import make_server

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"

XSS_LINE = "<script>window.__xss = 1</script> and <img src=x onerror=\"window.__xss = 2\">"
XSS_TITLE = "Cast Iron <script>window.__xss = 3</script> Stays Hot"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
CORPUS_VIDEOS = ("2015-eulers-characteristic-formula", "2015-inventing-math", "2015-moser")
LOCAL_VIDEO = "2015-eulers-characteristic-formula"


@pytest.fixture(scope="session")
def xss_wiki(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("xss") / "channel"
    shutil.copytree(EXAMPLES, src)
    srt = next(src.glob("01*/*.srt"))
    text = srt.read_text(encoding="utf-8")
    first_text_line = text.splitlines()[2]
    srt.write_text(text.replace(first_text_line, XSS_LINE + " " + first_text_line, 1), encoding="utf-8")
    sidecar = next(src.glob("01*/*.info.json"))
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["title"] = XSS_TITLE
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    wiki = src.parent / "wiki"
    build([src], wiki)
    return wiki


def sidecar_of(folder: Path) -> dict:
    return json.loads(next(folder.glob("*.info.json")).read_text(encoding="utf-8"))


hostile_corpus = load_script("tools/make_hostile_corpus.py")


@pytest.fixture(scope="session")
def hostile_wiki(tmp_path_factory) -> Path:
    """The hostile channel of tools/make_hostile_corpus.py, built; beside the wiki, a file no
    request may reach (``secret.txt``)."""
    root = tmp_path_factory.mktemp("hostile")
    hostile_corpus.write_corpus(root / "channel")
    (root / "secret.txt").write_text("hx-secret: outside the wiki\n")
    build([root / "channel"], root / "wiki")
    return root / "wiki"


@pytest.fixture(scope="session")
def corpus_wiki(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    src = tmp_path_factory.mktemp("corpus") / "3blue1brown"
    for name in CORPUS_VIDEOS:
        shutil.copytree(CORPUS / "3blue1brown" / name, src / name)
    local = src / LOCAL_VIDEO
    meta = sidecar_of(local)
    seconds = int(meta["duration"]) + 2
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", f"color=c=0x2a62c9:s=160x90:r=2:d={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
         str(local / f"{meta['id']}.mp4")],
        check=True, timeout=120,
    )
    wiki = src.parent / "wiki"
    build([src], wiki)
    return wiki


class Served:
    def __init__(self, wiki: Path) -> None:
        self.server = make_server(wiki, port=0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.app.close()


@pytest.fixture(scope="session")
def served_xss(xss_wiki) -> Iterator[Served]:
    served = Served(xss_wiki)
    yield served
    served.close()


@pytest.fixture(scope="session")
def served_hostile(hostile_wiki) -> Iterator[Served]:
    served = Served(hostile_wiki)
    yield served
    served.close()


@pytest.fixture(scope="session")
def served_corpus(corpus_wiki) -> Iterator[Served]:
    served = Served(corpus_wiki)
    yield served
    served.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian chromium through Playwright (skipped, and so failed in CI, when either is missing)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextmanager
def offline_page(browser, stand_ins: Mapping[str, tuple[str, str]], width: int = 1280,
                 height: int = 900) -> Iterator[object]:
    """A page that reaches only 127.0.0.1 and file://; a URL starting with a key of ``stand_ins``
    is answered with its (content type, body) instead. ``page.dialogs`` collects alert() texts."""
    context = browser.new_context(viewport={"width": width, "height": height})

    def offline(route):
        url = route.request.url
        answer = next((body for prefix, body in stand_ins.items() if url.startswith(prefix)), None)
        if answer is not None:
            route.fulfill(status=200, content_type=answer[0], body=answer[1])
        elif url.startswith("file:") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", offline)
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    try:
        yield pg
    finally:
        context.close()
