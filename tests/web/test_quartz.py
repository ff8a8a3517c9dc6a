"""The Quartz export built by TubeGraph's own Quartz engine (../shared/quartz) and read in Chromium.

`vidwiki export quartz` is made for one consumer, so the test is that consumer: a copy of the engine,
its npm packages (`npm ci` once per package-lock.json, kept under .cache/quartz/), the export of a
two-channel wiki in `content/`, `npx quartz build`, then `public/` served on 127.0.0.1 and read in
Debian chromium. The browser reaches nothing else: YouTube's iframe API script and its embed page
are answered by stand-ins that speak the API's postMessage protocol (the page's player says
"listening" until the embed answers "onReady", then sends commands), so what the test sees is what
TubeGraph's YoutubePlayer script asks the real player to do.

The wiki holds the demo channel with a video whose title and first caption are HTML/JS payloads,
and, when ../shared/corpus is present, three 3Blue1Brown videos.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.pipeline import build
from vidwiki.render.wikidata import load

from .conftest import CORPUS, CORPUS_VIDEOS, EXAMPLES, REPO, offline_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ENGINE = REPO.parent / "shared" / "quartz"
PACKAGES = REPO / ".cache" / "quartz"  # node_modules per lock file and Node version
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
ATTRIBUTE_PAYLOAD = '"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = f"Cast Iron {SCRIPT_PAYLOAD} {ATTRIBUTE_PAYLOAD} Stays Hot"

IFRAME_API = """// stand-in for https://www.youtube.com/iframe_api: YT.Player and the widget's postMessage protocol
(function () {
  var players = 0;
  function Player(iframe, options) {
    if (typeof iframe === "string") iframe = document.getElementById(iframe);
    var id = ++players, ready = false, self = this;
    function post(message) {
      message.id = id; message.channel = "widget";
      iframe.contentWindow.postMessage(JSON.stringify(message), "https://www.youtube.com");
    }
    window.addEventListener("message", function (e) {
      if (e.source !== iframe.contentWindow || e.origin !== "https://www.youtube.com") return;
      var data = JSON.parse(e.data);
      if (data.id === id && data.event === "onReady" && !ready) {
        ready = true;
        options.events.onReady({target: self});
        window.playersReady = (window.playersReady || 0) + 1;
      }
    });
    var poll = setInterval(function () { if (ready) clearInterval(poll); else post({event: "listening"}); }, 50);
    this.seekTo = function (seconds, allowSeekAhead) {
      post({event: "command", func: "seekTo", args: [seconds, allowSeekAhead]});
    };
  }
  window.YT = {Player: Player, loaded: 1};
  if (typeof window.onYouTubeIframeAPIReady === "function") window.onYouTubeIframeAPIReady();
})();
"""
EMBED = """<!doctype html><title>embed</title><script>
window.currentTime = 0;
window.commands = [];
window.addEventListener("message", function (e) {
  var m = JSON.parse(e.data);
  if (m.event === "listening") {
    e.source.postMessage(JSON.stringify({event: "onReady", id: m.id, channel: "widget"}), e.origin);
  } else if (m.event === "command") {
    window.commands.push([m.func, m.args]);
    if (m.func === "seekTo") window.currentTime = m.args[0];
  }
});
</script>"""
STAND_INS = {"https://www.youtube.com/iframe_api": ("text/javascript", IFRAME_API),
             "https://www.youtube.com/embed/": ("text/html", EMBED)}


# --- the engine, its packages, the wiki, the build -------------------------------------------------

def node_version() -> str:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js >= 20 and npm are needed to build the Quartz site (NodeSource's nodejs)")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.skip(f"Quartz 4.5 needs Node.js >= 20, this machine has {version}")
    return version


def install_packages(site: Path) -> None:
    """``node_modules`` for the engine: ``npm ci`` the first time a lock file is seen (on this Node and
    platform), then a link to that copy, so a re-run does not spend ~25 s and the network on it."""
    lock = site / "package-lock.json"
    key = f"{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}-node{node_version()}-{platform.machine()}"
    cached = PACKAGES / key
    if not (cached / "node_modules").is_dir():
        PACKAGES.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=PACKAGES))
        staging.chmod(0o755)
        shutil.copy(site / "package.json", staging)
        shutil.copy(lock, staging)
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=staging, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
        try:
            staging.rename(cached)  # whole or not at all; a concurrent run may have won the race
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    (site / "node_modules").symlink_to(cached / "node_modules", target_is_directory=True)


def hostile_channel(root: Path) -> list[Path]:
    """The demo channel, its cast-iron video titled with payloads and its first caption opening with
    one; plus three 3Blue1Brown videos when the corpus is there."""
    kitchen = root / "kitchenphysics"
    shutil.copytree(EXAMPLES, kitchen)
    srt = next(kitchen.glob("01*/*.srt"))
    text = srt.read_text(encoding="utf-8")
    first = text.splitlines()[2]
    srt.write_text(text.replace(first, f"{SCRIPT_PAYLOAD} {first} {ATTRIBUTE_PAYLOAD}", 1), encoding="utf-8")
    sidecar = next(kitchen.glob("01*/*.info.json"))
    sidecar.write_text(json.dumps(json.loads(sidecar.read_text(encoding="utf-8")) | {"title": HOSTILE_TITLE}),
                       encoding="utf-8")
    inputs = [kitchen]
    if CORPUS.is_dir():
        for name in CORPUS_VIDEOS:
            shutil.copytree(CORPUS / "3blue1brown" / name, root / "3blue1brown" / name)
        inputs.append(root / "3blue1brown")
    return inputs


@dataclass
class Site:
    wiki: Path
    content: Path
    public: Path
    build_output: str


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    if not ENGINE.is_dir():
        pytest.skip("../shared/quartz is not present")
    work = tmp_path_factory.mktemp("quartz")
    engine = work / "engine"
    shutil.copytree(ENGINE, engine, ignore=shutil.ignore_patterns("node_modules", ".quartz-cache", "public"))
    for path in [engine, *engine.rglob("*")]:  # the shared folder is read-only in CI; its copy is written to
        path.chmod(path.stat().st_mode | 0o200)
    install_packages(engine)
    wiki = work / "wiki"
    build(hostile_channel(work / "sources"), wiki)
    exported = CliRunner().invoke(app, ["export", "quartz", str(wiki), str(engine / "content")])
    assert exported.exit_code == 0, exported.output
    built = subprocess.run(["npx", "--no-install", "quartz", "build"], cwd=engine, capture_output=True,
                           text=True, timeout=600, env=os.environ | {"NO_COLOR": "1"})
    assert built.returncode == 0, f"npx quartz build failed:\n{built.stdout}\n{built.stderr}"
    return Site(wiki, engine / "content", engine / "public", built.stdout + built.stderr)


# --- reading the built HTML ------------------------------------------------------------------------

class Html(HTMLParser):
    """Tags with their attributes, and the text outside scripts and styles, of one built page."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in is None:
            self.text.append(data)

    def refs(self) -> Iterator[str]:
        for _, attrs in self.tags:
            yield from (attrs[k] for k in ("href", "src") if attrs.get(k))

    def players(self) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == "iframe" and "youtube-player" in a.get("class", "").split()]


def resolve(public: Path, page: Path, ref: str) -> Path | None:
    """The file a static host serves for a link of a built page, as Quartz links (no ``.html``)."""
    path = ref.split("#")[0].split("?")[0]
    base = public / path.lstrip("/") if path.startswith("/") else page.parent / path
    for candidate in (base, Path(f"{base}.html"), base / "index.html"):
        if candidate.resolve().is_file() and public.resolve() in candidate.resolve().parents:
            return candidate
    return None


def is_internal(ref: str) -> bool:
    return not (re.match(r"[a-z][a-z0-9+.-]*:", ref, re.I) or ref.startswith(("//", "#")))


def landing_cards() -> set[str]:
    """The channel cards TubeGraph's landing page hard-codes for its own channels (Landing.tsx):
    the engine's content, shown on the home page whatever the export holds."""
    source = (ENGINE / "quartz" / "components" / "Landing.tsx").read_text(encoding="utf-8")
    cards = source.split("CHANNEL_CARDS", 1)[1].split("export default", 1)[0]
    return set(re.findall(r'(?:href|src)=\{?"(/[^"]+)"', cards))


def exported_pages(site: Site) -> list[Path]:
    return sorted(p.relative_to(site.content) for p in site.content.rglob("*.md"))


# --- the build ---------------------------------------------------------------------------------------

def test_quartz_parses_every_exported_page_and_writes_one_html_page_for_each(site):
    pages = exported_pages(site)
    assert len(pages) >= 20
    assert f"Parsed {len(pages)} Markdown files" in site.build_output
    missing = [str(p) for p in pages if not (site.public / p.with_suffix(".html")).is_file()]
    assert missing == []


def test_every_internal_link_of_the_built_site_resolves(site):
    cards = landing_cards()
    assert cards  # the engine still hard-codes them; if not, this exemption must go
    checked = 0
    for html_file in sorted(site.public.rglob("*.html")):
        allowed = cards if html_file == site.public / "index.html" else set()
        for ref in Html(html_file).refs():
            if is_internal(ref) and ref not in allowed:
                assert resolve(site.public, html_file, ref), f"{html_file.relative_to(site.public)} links to {ref}"
                checked += 1
    assert checked > 10 * len(exported_pages(site))  # hubs, breadcrumbs, wikilinks, backlinks, assets


def test_tubegraphs_landing_page_explore_link_opens_the_channel_list(site):
    landing = Html(site.public / "index.html")
    explore = next(a["href"] for t, a in landing.tags if t == "a" and "explore-channels" in a.get("class", ""))
    target = resolve(site.public, site.public / "index.html", explore)
    hubs = {str(p.with_suffix("")) for p in exported_pages(site) if p.parent.name == p.stem}
    assert {a["data-slug"] for t, a in Html(target).tags if t == "a" and "data-slug" in a} >= hubs


def test_every_article_page_carries_tubegraphs_player_for_its_video_and_no_other_page_does(site):
    data = load(site.wiki)
    kinds = {page.kind for page in data.pages.values()}
    assert {"article", "topic", "hub"} <= kinds
    for page in data.pages.values():
        players = Html(site.public / Path(page.path).with_suffix(".html")).players()
        if page.kind == "article":
            assert [p["src"] for p in players] == [f"https://www.youtube.com/embed/{page.video_id}?enablejsapi=1"]
            assert players[0]["id"] == "main-yt"
        else:
            assert players == [], page.path


def test_hostile_titles_and_transcript_text_are_shown_as_text_and_never_become_markup(site):
    shown = ""
    for html_file in sorted(site.public.rglob("*.html")):
        html = Html(html_file)
        where = str(html_file.relative_to(site.public))
        assert not any("alert(1)" in s for s in html.scripts), where
        for tag, attrs in html.tags:
            assert not (tag == "img" and attrs.get("src") == "x"), where
            assert not any(k.startswith("on") for k in attrs), (where, tag, attrs)
        shown += "".join(html.text)
    assert SCRIPT_PAYLOAD in shown
    assert "<img src=x onerror=alert(1)>" in shown  # Quartz curls the payload's leading quote


# --- in the browser ---------------------------------------------------------------------------------

class QuartzHandler(SimpleHTTPRequestHandler):
    """Static files, with Quartz's extensionless links served from ``<page>.html`` as hosts do."""

    def translate_path(self, path: str) -> str:
        local = super().translate_path(path)
        return local + ".html" if not os.path.exists(local) and os.path.isfile(local + ".html") else local

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(site) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuartzHandler, directory=str(site.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def three_articles(site: Site) -> list[tuple[str, str]]:
    """(page path without .md, video id): the article quoting the hostile caption, then articles of
    other videos, another channel's first when there is one."""
    articles = sorted((p for p in load(site.wiki).pages.values() if p.kind == "article"),
                      key=lambda p: (p.channel == "kitchenphysics", p.path))
    hostile = next(p for p in articles if "&lt;script&gt;alert(1)" in p.markdown)
    chosen = [hostile]
    for page in articles:
        if len(chosen) < 3 and page.video_id not in {c.video_id for c in chosen}:
            chosen.append(page)
    return [(p.path.removesuffix(".md"), p.video_id) for p in chosen]


def seconds_of(stamp: str) -> int:
    h, m, s = (int(x) for x in stamp.split(":"))
    return h * 3600 + m * 60 + s


def test_clicking_a_timestamp_seeks_tubegraphs_player_to_that_moment(browser, site, served):
    with offline_page(browser, STAND_INS, width=1600, height=1000) as page:  # Quartz's desktop layout
        for path, video_id in three_articles(site):
            page.goto(f"{served}/{path}")
            page.wait_for_function("() => window.playersReady >= 1", timeout=15000)
            assert page.locator("iframe#main-yt").is_visible()
            embed = next(f for f in page.frames if f.url.startswith(f"https://www.youtube.com/embed/{video_id}?"))
            stamps = page.locator("article a.yt-timestamp")
            assert stamps.count() >= 3, path
            for nth in (stamps.count() - 1, 1):  # forwards, then back
                stamp = stamps.nth(nth)
                seconds = seconds_of(stamp.get_attribute("data-t"))
                stamp.click()
                embed.wait_for_function(f"() => window.currentTime === {seconds}", timeout=5000)
                assert page.url.endswith(path)  # the click seeks; it does not navigate
            commands = embed.evaluate("window.commands")
            assert commands and all(func == "seekTo" and args[1] is True for func, args in commands)
            assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert page.dialogs == []
