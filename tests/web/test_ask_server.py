"""The Ask box of ``vidwiki serve`` over real HTTP on 127.0.0.1, and of the static export."""

from __future__ import annotations

import hashlib
import json
import urllib.parse

from vidwiki.render.export import export_site

from .test_server import get


def ask_api(served, question: str):
    response, body = get(served, "/api/ask?q=" + urllib.parse.quote(question))
    return response, json.loads(body)


def test_the_api_answers_with_moments_that_open_the_video_at_their_second(served_xss):
    response, answer = ask_api(served_xss, "How does salt make ice cold enough for ice cream?")
    assert response.status == 200 and response.getheader("Content-Type") == "application/json"
    assert answer["covered"] and answer["answer"]
    assert answer["moments"][0]["video_id"] == "iC3sAlt-Ic7"
    _, page = get(served_xss, "/ask.html?q=" + urllib.parse.quote("How does salt make ice cold enough for ice cream?"))
    html = page.decode()
    first = answer["answer"][0]
    assert f'href="kitchenphysics/video/iC3sAlt-Ic7.html#t={int(first["seconds"])}">[{first["timestamp"]}]</a>' in html


def test_an_uncovered_question_gets_the_refusal_and_no_moments(served_xss):
    _, answer = ask_api(served_xss, "Who won the 2018 FIFA World Cup?")
    assert not answer["covered"] and answer["moments"] == []
    _, page = get(served_xss, "/ask.html?q=" + urllib.parse.quote("Who won the 2018 FIFA World Cup?"))
    assert "does not cover this question" in page.decode()


def test_question_and_transcript_html_stay_text_on_the_ask_page(served_xss):
    # the payload line of the demo channel's first transcript is retrieved and shown, escaped
    question = "<script>window.__xss = 9</script> welcome back to kitchen physics script window xss img onerror"
    _, page = get(served_xss, "/ask.html?q=" + urllib.parse.quote(question))
    html = page.decode()
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss = 9&lt;/script&gt;" in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html  # the transcript's payload, as text


def test_bad_questions_are_a_400_with_one_line_and_asking_never_writes_the_store(served_xss, xss_wiki):
    db = xss_wiki / "vidwiki.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for question in ["", "?!", "'; DROP TABLE pages; --"]:
        response, body = get(served_xss, "/api/ask?q=" + urllib.parse.quote(question))
        assert response.status in (200, 400), question
        if response.status == 400:
            assert json.loads(body)["error"]
    assert get(served_xss, "/ask.html?q=%3F")[0].status == 200
    assert get(served_xss, "/ask.html", "POST")[0].status == 405
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_static_site_says_plainly_that_answers_need_the_server(xss_wiki, tmp_path):
    export_site(xss_wiki, tmp_path / "site")
    page = (tmp_path / "site" / "ask.html").read_text(encoding="utf-8")
    assert "Answers need the server" in page and "vidwiki serve" in page
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "ask-box" not in page and "ask-box" not in home  # no box that could not answer
    assert 'href="ask.html"' in home
