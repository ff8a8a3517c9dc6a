"""The Ask box in chromium: ask on the home page, read the answer, follow a timestamp to the
moment. Network closed; the YouTube embed is a stand-in (see test_browser.py)."""

from __future__ import annotations

import re

import pytest

from .conftest import offline_page
from .test_browser import FAKE_EMBED

pytestmark = [pytest.mark.browser]


def test_asking_from_the_home_page_answers_and_a_timestamp_opens_the_moment(browser, served_xss):
    with offline_page(browser, {"https://www.youtube-nocookie.com/embed/": ("text/html", FAKE_EMBED)}) as page:
        page.goto(f"{served_xss.url}/index.html")
        box = page.locator("form.ask-box input[name=q]")
        box.fill("How does salt make ice cold enough for ice cream? <img src=x onerror=\"window.__xss = 7\">")
        box.press("Enter")
        page.wait_for_selector(".ask-answer a.yt-timestamp")
        assert page.evaluate("() => window.__xss") is None
        assert "onerror" in page.locator("p.meta").first.inner_text()  # the question, shown as text
        stamp = page.locator(".ask-answer a.yt-timestamp").first
        seconds = re.search(r"#t=(\d+)$", stamp.get_attribute("href")).group(1)
        stamp.click()
        page.wait_for_url(re.compile(rf"/video/iC3sAlt-Ic7\.html#t={seconds}$"))
        page.wait_for_selector("li.current")
        assert page.dialogs == []
