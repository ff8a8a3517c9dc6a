"""Transcript-free metrics read from the markdown alone: timestamps, citation, links, topics, shape."""

from __future__ import annotations

from pathlib import Path

from vidwiki.quality.structure import structure_tallies
from vidwiki.quality.tally import ratios
from vidwiki.quality.vault import read_vault

from .vaults import cited, write_article, write_hub

SENTENCE = "The derivative measures how fast a function changes at a single point"


def tallies(vault: Path, duration: float | None = 600):
    pages = read_vault(vault)
    return structure_tallies(pages, lambda p: duration), {p.rel: p.kind for p in pages}


def test_anchor_validity_checks_form_label_and_range(tmp_path):
    good = cited(SENTENCE + ".", 61)
    mismatch = SENTENCE + ' <a class="yt-timestamp" data-t="00:01:02">[00:01:03]</a>.'
    seconds = SENTENCE + ' <a class="yt-timestamp" data-t="62">[62]</a>.'
    late = cited(SENTENCE + ".", 4000)
    write_article(tmp_path, "a", "vid", None, [good, mismatch, seconds, late])
    write_hub(tmp_path, "channel", ["a"])
    t = tallies(tmp_path)[0]["a.md"]
    assert t.anchors == 4
    assert t.anchors_well_formed == 2  # good and late
    assert t.anchors_label_ok == 3  # all but the mismatch
    assert (t.anchors_range_known, t.anchors_inside) == (4, 3)  # "62" reads as 62 s, inside
    assert t.anchors_valid == 1


def test_without_a_known_duration_range_is_not_judged(tmp_path):
    write_article(tmp_path, "a", "vid", None, [cited(SENTENCE + ".", 4000)])
    t = tallies(tmp_path, duration=None)[0]["a.md"]
    assert (t.anchors_range_known, t.anchors_valid) == (0, 1)
    assert ratios(t)["timestamps_inside_video"] is None


def test_cited_share_counts_prose_of_six_words_or_more(tmp_path):
    prose = [cited(SENTENCE + ".", 10), SENTENCE + " without any citation.", "Short one here.",
             cited("Too short to count.", 20)]
    write_article(tmp_path, "a", "vid", 600, prose)
    t = tallies(tmp_path)[0]["a.md"]
    assert (t.prose, t.cited) == (2, 1)
    assert ratios(t)["cited_share"] == 0.5


def test_links_resolve_by_exact_file_stem_and_self_links_and_orphans_are_counted(tmp_path):
    extra = "[[b]] [[B]] [[b.md]] [[Some Title]] [[a]] [[#Heading]] [[sub/c]]"
    write_article(tmp_path, "a", "vid", 600, [cited(SENTENCE + ".", 1)], extra=extra)
    write_article(tmp_path, "b", "vid", 600, [cited(SENTENCE + ".", 2)])
    (tmp_path / "sub").mkdir()
    write_article(tmp_path / "sub", "c", "vid", 600, [cited(SENTENCE + ".", 3)])
    write_article(tmp_path, "lonely", "vid", 600, [cited(SENTENCE + ".", 4)])
    write_hub(tmp_path, "channel", ["a"])
    found = tallies(tmp_path)[0]
    a = found["a.md"]
    # From: [[channel]], b, b.md, a (self), sub/c resolve; "B" (case) and "Some Title" do not
    assert (a.links, a.links_resolved, a.self_links) == (7, 5, 1)
    orphans = {rel for rel, t in found.items() if t.orphans}
    assert orphans == {"lonely.md"}  # channel is linked by From: lines, b and sub/c by a


def test_topic_pages_count_the_distinct_videos_of_the_articles_they_link(tmp_path):
    write_article(tmp_path, "x1", "video1", 600, [cited(SENTENCE + ".", 1)])
    write_article(tmp_path, "x2", "video1", 600, [cited(SENTENCE + ".", 2)])
    write_article(tmp_path, "y1", "video2", 600, [cited(SENTENCE + ".", 3)])
    (tmp_path / "topic.md").write_text(
        '---\ntitle: "Topic"\nvideos: 3\nkind: "topic"\n---\n\n- [[x1]]\n- [[x2]]\n- [[y1]]\n', encoding="utf-8"
    )
    found, kinds = tallies(tmp_path)
    assert kinds["topic.md"] == "topic"
    t = found["topic.md"]
    assert (t.topic_pages, t.topic_videos, t.topic_multi_video) == (1, 2, 1)
    assert (t.topic_count_claimed, t.topic_count_matches) == (1, 0)  # it claims 3, links 2


def test_shape_counts_words_and_headings_of_articles(tmp_path):
    write_article(tmp_path, "a", "vid", 600, [cited(SENTENCE + ".", 1)],
                  extra="## First\n\nMore prose in a second paragraph here.\n\n### Second")
    t = tallies(tmp_path)[0]["a.md"]
    assert t.headings == 2
    assert t.words == len(SENTENCE.split()) + 7
