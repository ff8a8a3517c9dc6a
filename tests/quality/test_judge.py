"""Prove the judge: synthetic pages made from real 3Blue1Brown transcripts, scored as written.

One vault holds every scenario as its own page, so the transcripts are embedded once:
- sentences copied from the transcript with their true times score support near 1 and are
  localized within 10 s;
- the same sentences with timestamps moved minutes away score low localization and support;
- sentences of another video, filed under this video's id, score low support;
- a dead link and a timestamp past the end of the video are flagged on their page.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from vidwiki.quality import evaluate
from vidwiki.quality.tally import ratios
from vidwiki.quality.transcripts import folder_transcripts

from .vaults import cited, write_article, write_hub

pytestmark = pytest.mark.corpus

VIDEO_A = ("2017-limits", "kfF40MiS7zA")  # 125 sentences, 18 min
VIDEO_B = ("2019-clacks-via-light", "brU5yLm9DZM")


def _usable(sentences):
    """Plain sentences: eight words or more, no inner full stop the page parser would split on."""
    return [s for s in sentences if len(s.text.split()) >= 8 and not re.search(r"[.!?]\s", s.text)]


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    root = tmp_path_factory.mktemp("judge")
    captions = root / "captions"
    captions.mkdir()
    for folder, _ in (VIDEO_A, VIDEO_B):
        shutil.copytree(corpus / "3blue1brown" / folder, captions / folder)
    source = folder_transcripts(captions)
    a, b = source.get(VIDEO_A[1]), source.get(VIDEO_B[1])
    vault = root / "vault"
    vault.mkdir()
    rng = random.Random(3)
    copied = rng.sample(_usable(a.sentences), 20)
    copied.sort(key=lambda s: s.index)
    write_article(vault, "copied", a.video_id, a.duration, [cited(s.text, s.start) for s in copied])
    # every time moved at least two minutes away from the sentence's own
    moved = []
    for s in copied:
        far = [o.start for o in a.sentences if abs(o.start - s.start) > 120]
        moved.append(cited(s.text, rng.choice(far)))
    write_article(vault, "shuffled", a.video_id, a.duration, moved)
    foreign = rng.sample(_usable(b.sentences), 15)
    write_article(vault, "other_video", a.video_id, a.duration,
                  [cited(s.text, min(s.start, a.duration - 1)) for s in foreign])
    broken = [cited(copied[0].text, copied[0].start), cited(copied[1].text, a.duration + 100)]
    write_article(vault, "broken", a.video_id, a.duration, broken,
                  extra="See also [[no_such_page]] and [[copied]].")
    write_hub(vault, "channel", ["copied", "shuffled", "other_video", "broken"])
    report = evaluate(vault, captions)
    return report


def page(report, stem: str) -> dict:
    return ratios(report.pages[f"{stem}.md"])


def test_copied_sentences_with_true_times_are_supported_and_localized(judged):
    r = page(judged, "copied")
    assert r["support_mean"] > 0.97
    assert r["supported_share"] == 1.0
    assert r["localized_10s"] >= 0.95
    assert r["timestamps_valid"] == 1.0 and r["cited_share"] == 1.0


def test_shuffled_timestamps_lose_localization_and_support(judged):
    r = page(judged, "shuffled")
    assert r["localized_10s"] <= 0.15
    assert r["localized_60s"] <= 0.15
    assert r["supported_share"] <= 0.3
    # the words are still the video's, so they still validate as timestamps inside it
    assert r["timestamps_valid"] == 1.0


def test_pages_of_another_video_are_not_supported(judged):
    r = page(judged, "other_video")
    assert r["support_mean"] < 0.45
    assert r["supported_share"] <= 0.15


def test_a_dead_link_and_a_timestamp_past_the_end_are_flagged(judged):
    t = judged.pages["broken.md"]
    assert (t.links, t.links_resolved) == (3, 2)  # From: [[channel]], [[no_such_page]], [[copied]]
    assert (t.anchors, t.anchors_inside, t.anchors_valid) == (2, 1, 1)
    # the citation that seeks past the end supports nothing
    assert (t.claims, t.supported) == (2, 1)


def test_the_overall_report_pools_every_page_and_names_the_transcripts(judged):
    o = judged.overall
    assert o.articles == 4 and o.hubs == 1
    assert o.claims == sum(t.claims for t in judged.pages.values())
    assert judged.missing_transcripts == []
    assert set(judged.videos) == {VIDEO_A[1]}
    assert 0 < ratios(judged.videos[VIDEO_A[1]])["coverage"] < 0.5  # 20 of 125 sentences copied
