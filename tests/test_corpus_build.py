"""The whole shared corpus (3Blue1Brown's 151 videos and every other format) builds into a valid wiki.

Skipped when ../shared/corpus is absent. One build serves every test here, on as many worker
processes as there are CPUs (``jobs=None``, what the command line does).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from vidwiki.check import check_vault
from vidwiki.pages import parse_page
from vidwiki.pipeline import build

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def wiki(tmp_path_factory) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    out = tmp_path_factory.mktemp("corpus") / "wiki"
    result = build([CORPUS], out, jobs=None)
    assert result.problems == []  # the two empty sentence files are notes: their SRT was used
    return out


@pytest.fixture(scope="module")
def pages(wiki: Path):
    return [parse_page(p) for p in sorted((wiki / "vault").rglob("*.md"))]


def test_check_finds_no_defect(wiki):
    db = sqlite3.connect(wiki / "vidwiki.db")
    defects = check_vault(wiki / "vault", dict(db.execute("SELECT video_id, duration FROM videos")))
    assert defects == []


def test_every_title_passes_the_title_rules(wiki):
    assert [d.message for d in check_vault(wiki / "vault") if d.kind == "bad-title"] == []


def test_all_3blue1brown_videos_and_every_channel_are_there(wiki):
    db = sqlite3.connect(wiki / "vidwiki.db")
    per_channel = dict(db.execute("SELECT channel, COUNT(*) FROM videos GROUP BY channel"))
    assert per_channel["3blue1brown"] == 151
    assert per_channel["lexfridman"] == 5 and per_channel["huggingface"] == 12
    assert sum(per_channel.values()) == 181  # 236 folders, 55 of them other tracks of the same videos


def test_every_timestamp_lies_inside_its_video(wiki, pages):
    db = sqlite3.connect(wiki / "vidwiki.db")
    durations = dict(db.execute("SELECT video_id, duration FROM videos"))
    anchors = [(p.video_id, a) for p in pages for a in p.anchors]
    assert len(anchors) > 10000  # 11,928 on 2026-12-04: voiced sentences no rule fixes and questions are left out
    assert all(a.well_formed and 0 <= a.seconds < durations[vid] for vid, a in anchors)


def test_every_link_resolves_and_no_two_topics_share_a_file(pages):
    stems = Counter(p.path.stem for p in pages)
    assert max(stems.values()) == 1
    links = [link.target for p in pages for link in p.links]
    assert len(links) > 4500  # 4,788 on 2026-12-04 (575 articles: a topic per 600 words of transcript)
    assert all(target in stems for target in links)


def test_nine_in_ten_prose_sentences_are_cited(pages):
    prose = [s for p in pages if p.video_id for s in p.sentences if len(s.text.split()) >= 6]
    cited = sum(1 for s in prose if s.anchors)
    assert cited / len(prose) >= 0.9


def test_topic_pages_gather_several_videos(wiki):
    db = sqlite3.connect(wiki / "vidwiki.db")
    multi = db.execute("SELECT COUNT(*) FROM topics WHERE video_count > 1").fetchone()[0]
    pages = db.execute("SELECT COUNT(*) FROM pages WHERE kind = 'topic'").fetchone()[0]
    assert multi == pages > 20
