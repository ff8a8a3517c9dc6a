"""The reader in a real browser: Debian chromium driven by Playwright, network closed.

Only 127.0.0.1 and file:// are reachable; the YouTube embed is answered by a stand-in page that
records the iframe-API commands it receives, which is what the real player would act on.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from vidwiki.render.export import export_site

from .conftest import LOCAL_VIDEO, offline_page, sidecar_of

pytestmark = [pytest.mark.browser]
FAKE_EMBED = """<!doctype html><title>embed</title><script>
window.received = [];
window.addEventListener("message", function (e) { window.received.push(e.data); });
</script>"""


@pytest.fixture
def page(browser):
    with offline_page(browser, {"https://www.youtube-nocookie.com/embed/": ("text/html", FAKE_EMBED)}) as pg:
        yield pg


def store_rows(wiki: Path, sql: str, *args):
    with sqlite3.connect(wiki / "vidwiki.db") as db:
        return db.execute(sql, args).fetchall()


def local_video(wiki: Path, corpus_root: Path | None = None) -> tuple[str, str]:
    vid, slug = store_rows(
        wiki, "SELECT v.video_id, p.slug FROM videos v JOIN pages p ON p.video_id = v.video_id"
        " WHERE v.media_path IS NOT NULL AND p.kind = 'article' ORDER BY p.slug")[0]
    return vid, slug


def youtube_article(wiki: Path) -> tuple[str, str]:
    return store_rows(
        wiki, "SELECT v.video_id, p.slug FROM videos v JOIN pages p ON p.video_id = v.video_id"
        " WHERE v.media_path IS NULL AND p.kind = 'article' ORDER BY p.slug")[0]


def wait_for_media(page) -> None:
    page.wait_for_function("() => document.getElementById('player').readyState >= 1", timeout=15000)


def test_clicking_a_timestamp_seeks_and_plays_the_local_video(page, served_corpus, corpus_wiki):
    vid, slug = local_video(corpus_wiki)
    assert sidecar_of(corpus_wiki.parent / "3blue1brown" / LOCAL_VIDEO)["id"] == vid
    page.goto(f"{served_corpus.url}/3blue1brown/{slug}.html")
    wait_for_media(page)
    stamp = page.locator("article a.yt-timestamp").nth(3)
    seconds = int(stamp.get_attribute("data-s"))
    assert seconds > 0
    stamp.click()
    current = page.evaluate("document.getElementById('player').currentTime")
    assert seconds <= current < seconds + 2
    assert page.evaluate("!document.getElementById('player').paused")
    assert page.url.endswith(f"#t={seconds}")


def test_on_youtube_pages_a_timestamp_sends_seek_to_the_iframe_api(page, served_corpus, corpus_wiki):
    vid, slug = youtube_article(corpus_wiki)
    page.goto(f"{served_corpus.url}/3blue1brown/{slug}.html")
    frame = page.frame_locator("#player")
    frame.locator("title").wait_for(state="attached")
    stamp = page.locator("article a.yt-timestamp").nth(2)
    seconds = int(stamp.get_attribute("data-s"))
    stamp.click()
    embed = next(f for f in page.frames if "youtube-nocookie.com/embed/" + vid in f.url)
    embed.wait_for_function("() => window.received.length >= 2")
    received = embed.evaluate("window.received.map(m => JSON.parse(m))")
    assert received[0] == {"event": "command", "func": "seekTo", "args": [seconds, True], "id": "player"}
    assert received[1]["func"] == "playVideo"


def test_hovering_a_timestamp_shows_the_words_spoken_then(page, served_corpus, corpus_wiki):
    vid, slug = local_video(corpus_wiki)
    page.goto(f"{served_corpus.url}/3blue1brown/{slug}.html")
    stamp = page.locator("article a.yt-timestamp").nth(4)
    seconds = int(stamp.get_attribute("data-s"))
    spoken = store_rows(corpus_wiki, "SELECT text FROM sentences WHERE video_id = ? AND start >= ? AND start < ?"
                        " ORDER BY idx", vid, seconds, seconds + 1)
    assert spoken
    stamp.hover()
    popover = page.locator(".popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert f"at {stamp.get_attribute('data-t')}" in text
    assert " ".join(spoken[0][0].split()[:8]) in text


def distinctive_sentence(wiki: Path, vid: str) -> tuple[str, float]:
    rows = store_rows(wiki, "SELECT text, start FROM sentences WHERE video_id = ? ORDER BY idx", vid)
    text, start = next(r for r in rows[len(rows) // 2:] if len(r[0].split()) >= 8 and start_ok(r[1]))
    words = re.findall(r"[A-Za-z']+", text)[1:6]
    return " ".join(words), start


def start_ok(seconds: float) -> bool:
    return seconds - int(seconds) < 0.9  # the moment's second is unambiguous


def test_search_finds_a_phrase_and_its_link_lands_on_the_moment(page, served_corpus, corpus_wiki):
    vid, _ = local_video(corpus_wiki)
    phrase, start = distinctive_sentence(corpus_wiki, vid)
    page.goto(f"{served_corpus.url}/search.html?q={phrase}")
    hit = page.locator(f"li.hit.transcript a[href$='#t={int(start)}']").first
    hit.click()
    page.wait_for_url(re.compile(rf"/video/{re.escape(vid)}\.html#t={int(start)}$"))
    wait_for_media(page)
    page.wait_for_function(f"() => document.getElementById('player').currentTime >= {int(start)}")
    assert page.locator("li.current").inner_text().find(phrase.split()[0]) >= 0


@pytest.fixture(scope="module")
def exported(corpus_wiki, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    export_site(corpus_wiki, out)
    return out


def test_the_static_export_searches_and_seeks_from_file_urls(page, exported, corpus_wiki):
    vid, _ = local_video(corpus_wiki)
    phrase, start = distinctive_sentence(corpus_wiki, vid)
    page.goto((exported / "search.html").as_uri() + f"?q={phrase}")
    hit = page.locator(f"li.hit.transcript a[href$='#t={int(start)}']").first
    hit.click()
    wait_for_media(page)
    page.wait_for_function(f"() => document.getElementById('player').currentTime >= {int(start)}")
    assert page.dialogs == []


def test_a_crawl_of_the_static_export_finds_no_dead_internal_link(exported):
    pages = sorted(exported.rglob("*.html"))
    assert len(pages) > 10
    checked = 0
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+)"', html):
            if re.match(r"[a-z]+:", ref) or ref.startswith("#"):
                continue
            target = (html_file.parent / ref.split("#")[0].split("?")[0]).resolve()
            assert target.is_file(), f"{html_file.relative_to(exported)} links to missing {ref}"
            assert exported.resolve() in target.parents
            checked += 1
    assert checked > 100


def test_an_xss_transcript_and_title_stay_inert(page, served_xss):
    for path in ["/kitchenphysics/video/kP3vQ7xTn2A.html", "/kitchenphysics/kitchenphysics.html",
                 "/kitchenphysics/conduction.html", "/search.html?q=xss"]:
        page.goto(served_xss.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss === undefined"), path
    page.goto(served_xss.url + "/kitchenphysics/video/kP3vQ7xTn2A.html")
    assert "<script>window.__xss = 1</script>" in page.locator(".transcript").inner_text()
    assert "<script>window.__xss = 3</script>" in page.locator("h1").inner_text()
    assert page.dialogs == []


def test_a_topic_page_moment_shows_its_words_and_opens_the_video_there(page, served_xss, xss_wiki):
    (slug,) = store_rows(xss_wiki, "SELECT slug FROM pages WHERE kind = 'topic' ORDER BY slug")[0]
    page.goto(f"{served_xss.url}/kitchenphysics/{slug}.html")
    moment = page.locator("article a.moment").first
    seconds = int(moment.get_attribute("data-s"))
    moment.hover()
    assert page.locator(".popover").inner_text().strip()
    moment.click()
    page.wait_for_url(re.compile(rf"/video/[\w-]+\.html#t={seconds}$"))
    vid = re.search(r"/video/([\w-]+)\.html", page.url).group(1)
    embed = next(f for f in page.frames if "youtube-nocookie.com/embed/" + vid in f.url)
    embed.wait_for_function("() => window.received.length >= 1")
    assert embed.evaluate("JSON.parse(window.received[0])")["args"] == [seconds, True]
    assert page.locator("li.current a.yt-timestamp").get_attribute("data-s") == str(seconds)


def test_a_video_transcript_can_be_searched_in_page(page, served_corpus, corpus_wiki):
    vid, _ = local_video(corpus_wiki)
    phrase, start = distinctive_sentence(corpus_wiki, vid)
    page.goto(f"{served_corpus.url}/3blue1brown/video/{vid}.html")
    total = page.locator(".transcript li").count()
    page.fill("#transcript-filter", phrase)
    visible = page.locator(".transcript li:not(.hidden)")
    assert 1 <= visible.count() < total
    assert f" {phrase.lower()} " in " " + " ".join(re.findall(r"[\w']+", visible.first.inner_text().lower())) + " "
    assert page.locator("#filter-count").inner_text() == f"{visible.count()} of {total} lines"


def test_pages_read_without_javascript(browser, served_corpus, corpus_wiki):
    vid, slug = youtube_article(corpus_wiki)
    context = browser.new_context(java_script_enabled=False)
    context.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page = context.new_page()
    try:
        page.goto(f"{served_corpus.url}/3blue1brown/{slug}.html")
        stamp = page.locator("article a.yt-timestamp").first
        seconds = stamp.get_attribute("data-s")
        assert stamp.get_attribute("href") == f"https://www.youtube.com/watch?v={vid}&t={seconds}s"
        assert stamp.get_attribute("title")  # the words spoken then, as the browser's tooltip
        assert page.locator("article .body p").count() > 0
        page.goto(f"{served_corpus.url}/search.html?q=graph")
        assert page.locator("li.hit").count() > 0  # serve answers searches server-side
    finally:
        context.close()
