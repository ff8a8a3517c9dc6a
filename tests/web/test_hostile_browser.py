"""Hostile text in a real browser: nothing a transcript or a title says ever runs or becomes markup.

The wiki is the hostile channel of tools/make_hostile_corpus.py (payloads in the video titles,
the channel name, the chapter titles and the cues: ``<script>``, ``javascript:`` links,
``"><img onerror=...>``, ``../../etc``, ``%2e%2e%2f``, wikilinks, a forged ``yt-timestamp``
anchor, front matter, a prompt injection). Debian chromium opens every page of ``vidwiki serve``
and of ``vidwiki export site`` (from file://), and a search for each payload on both, watching
for dialogs, console errors and injected elements with the probe of benchmarks/hostile.py (whose
figure, hostile cases tried / inert, counts the same way). The real Quartz build of a hostile
video is tests/web/test_quartz.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_scripts import load_script
from vidwiki.render.export import export_site

from .conftest import hostile_corpus

pytestmark = [pytest.mark.browser]
bench = load_script("benchmarks/hostile.py")


@pytest.fixture(scope="module")
def site(hostile_wiki, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    export_site(hostile_wiki, out)
    return out


@pytest.fixture(scope="module")
def visits(browser, served_hostile, site) -> dict[str, list]:
    """surface -> what happened on each page it has: opened once, asserted on by each test."""
    with bench.watched_page(browser) as page:
        return {
            "serve": [bench.visit(page, url) for url in bench.served_urls(served_hostile.server)],
            "site": [bench.visit(page, url) for url in bench.site_urls(site)],
        }


@pytest.mark.parametrize("surface", ["serve", "site"])
def test_every_page_opens_without_a_dialog_a_console_error_or_an_injected_element(visits, surface):
    opened = visits[surface]
    assert len(opened) >= 25  # 16 pages, the search and question pages, a search for each of 12 payloads
    assert any(v.url.endswith("/hostilechannel/video/hOstileVtt1.html") for v in opened)
    assert {v.url: v.findings for v in opened if v.findings} == {}


@pytest.mark.parametrize("surface", ["serve", "site"])
def test_each_payload_in_a_title_a_channel_name_or_a_cue_is_shown_as_text(visits, surface):
    text = " ".join(v.text for v in visits[surface])
    expected = {bench.shown_text(p, where) for p, where in hostile_corpus.cases()} - {None}
    assert len(expected) >= 10
    assert sorted(t for t in expected if t not in text) == []
    assert '<script>alert("hx01")</script> and it must stay text' in text  # the probe read text, not markup


@pytest.mark.parametrize("surface", ["serve", "site"])
def test_every_hostile_case_counts_as_inert(visits, surface):
    figures = bench.Figures()
    bench.judge(surface, visits[surface], figures)
    assert figures.not_inert == []
    assert figures.inert == figures.tried == len(hostile_corpus.cases()) + len(hostile_corpus.PAYLOADS)


UNSAFE_PAGE = """<!doctype html><title>unsafe</title><body>
<p>hx99 shown</p>
<img src=x onerror="alert('hx98')">
<a href="javascript:alert('hx97')">link</a>
<script>alert("hx96"); throw new Error("hx95");</script>
</body>"""


def test_the_probe_sees_each_thing_it_looks_for_on_a_page_that_does_them(browser, tmp_path):
    """The checks above could pass by seeing nothing: on a page without the reader's escaping and
    content security policy, the same probe reports the dialog, the error and each element."""
    unsafe = tmp_path / "unsafe.html"
    unsafe.write_text(UNSAFE_PAGE)
    with bench.watched_page(browser) as page:
        seen = bench.visit(page, unsafe.as_uri())
    assert "hx96" in seen.dialogs and "hx98" in seen.dialogs
    assert any("hx95" in e for e in seen.errors)
    assert [f.split(":")[0] for f in seen.injected] == ["on* attribute", "img src=x", "script URL", "script"]
    assert "hx99 shown" in seen.text
