"""The model proposes each article's title; only one that passes the title rules is kept.

These tests pin the checks (``titling``) on real transcript sentences, and the fallback end to
end: a model whose proposals all fail leaves the parser's titles, slugs and links in place.
(The model's good proposals are exercised by the real model in ``test_llm_real``.)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from llm_fakes import extractive, kind

from vidwiki.check import check_vault
from vidwiki.pipeline import BuildOptions, build
from vidwiki.topics.extract import VideoTopic
from vidwiki.topics.titles import passes_title_rules
from vidwiki.write.llm import factory
from vidwiki.write.llm.titling import normalise, retitle, title_problem

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
OPTIONS = BuildOptions(writer="openai", model="fake", base_url="http://127.0.0.1:9/v1")
STRETCH = [
    "So a three by two matrix has three rows and two columns.",
    "The two columns tell you where the two basis vectors of the input space land.",
    "A nonsquare matrix is a transformation between dimensions, from two dimensions to three.",
    "Euler showed that this holds in every case.",
    "These transformations are linear, so grid lines remain parallel and evenly spaced.",
    "A linear transformation keeps the origin fixed.",
]


@pytest.mark.parametrize(("proposal", "title"), [
    ("Nonsquare Matrices As Transformations", "Nonsquare matrices as transformations"),
    ("The basis vectors of the input space", "Basis vectors of the input space"),
    ("**Transformations between dimensions**.", "Transformations between dimensions"),
    ("Euler's Proof", "Euler's proof"),  # a name the transcript capitalises stays capitalised
])
def test_a_proposal_is_normalised_to_a_sentence_case_title(proposal, title):
    assert normalise(proposal, STRETCH) == title
    assert title_problem(title, STRETCH) is None


@pytest.mark.parametrize(("proposal", "why"), [
    ("Linear", "not a noun phrase"),  # one of the titles: an adjective where it is said
    ("Transformation", "a lone generic word"),
    ("Nonsquare matrices transform dimensions", "not a noun phrase"),
    ("Matrices we use", "a pronoun ('we')"),
    ("Quantum entanglement", "not about this stretch"),  # a concept the stretch never mentions
    ("Columns of a", "ends with the function word 'a'"),
    ("", "empty"),
])
def test_a_proposal_that_fails_the_rules_is_refused_with_its_reason(proposal, why):
    assert title_problem(normalise(proposal, STRETCH), STRETCH) == why


def _topic(position: int, title: str) -> VideoTopic:
    return VideoTopic(video_id="v", position=position, title=title, key=title.lower(), first=0, last=4)


def test_titles_stay_distinct_within_a_video_and_only_the_title_changes():
    topics = [_topic(0, "Columns"), _topic(1, "Basis vectors"), _topic(2, "Input space")]
    proposals = ["Nonsquare matrices", "Nonsquare matrices", "Linear"]
    out = retitle(topics, proposals, [STRETCH] * 3)
    assert [t.title for t in out] == ["Nonsquare matrices", "Basis vectors", "Input space"]
    assert [t.key for t in out] == [t.key for t in topics]  # slug keys and merging stay the parser's
    # a proposal may not take the title another article keeps
    out = retitle(topics, ["Basis vectors", "", ""], [STRETCH] * 3)
    assert [t.title for t in out] == ["Columns", "Basis vectors", "Input space"]
    assert out[1] == replace(topics[1])


def test_a_model_whose_titles_all_fail_leaves_the_parsers_titles_slugs_and_links(tmp_path, monkeypatch):
    root = tmp_path / "captions"
    for name in ("01-cast-iron", "03-mayonnaise"):
        shutil.copytree(EXAMPLES / name, root / name)

    def bad_titles(request):
        reply = extractive(request)
        if kind(request) == "plan":  # a recorded kind of failure: narration and a lone adjective
            data = json.loads(reply)
            data["title"] = "The speaker explains why it works" if "iron" in reply.lower() else "Linear"
            return json.dumps(data)
        return reply

    from llm_fakes import FakeBackend

    monkeypatch.setattr(factory, "make_backend", lambda *a, **k: FakeBackend(bad_titles))
    result = build([root], tmp_path / "llm", OPTIONS)
    build([root], tmp_path / "embedded", BuildOptions())
    titles = lambda wiki: sorted(sqlite3.connect(wiki / "vidwiki.db").execute(  # noqa: E731
        "SELECT title, article_slug FROM video_topics"))
    assert titles(tmp_path / "llm") == titles(tmp_path / "embedded")
    assert result.llm["claims"]["titles-fallback"] == result.articles
    db = sqlite3.connect(tmp_path / "llm" / "vidwiki.db")
    assert check_vault(tmp_path / "llm" / "vault", dict(db.execute("SELECT video_id, duration FROM videos"))) == []
    assert all(passes_title_rules(t) for t, _ in titles(tmp_path / "llm"))
