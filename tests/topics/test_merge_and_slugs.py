"""Cross-video merging and stable, unique slugs."""

from __future__ import annotations

from vidwiki.topics.extract import VideoTopic
from vidwiki.topics.merge import merge_topics
from vidwiki.topics.slugs import SlugRegistry

# Segment meanings, as unit vectors: two stretches about matrices, one about cooking, one about
# music. Merging centres them on the channel's mean, so a realistic channel has several kinds.
MATRICES = [1.0, 0.1, 0.0, 0.0]
MATRICES_TOO = [0.95, 0.2, 0.05, 0.0]
COOKING = [0.0, 0.0, 1.0, 0.0]
MUSIC = [0.0, 0.0, 0.0, 1.0]


def topic(vid: str, pos: int, title: str, key: str, vector: list[float] = MATRICES) -> VideoTopic:
    return VideoTopic(vid, pos, title, key, [key], {key: title.lower()}, 0, 1, vector=vector)


def test_same_main_phrase_in_two_videos_is_one_channel_topic():
    groups = merge_topics("ch", [
        topic("a", 0, "Linear transformations", "linear transformation"),
        topic("b", 0, "Linear transformation and matrices", "linear transformation", MATRICES_TOO),
        topic("b", 1, "Determinant", "determinant", COOKING),
        topic("c", 0, "Scales", "scale", MUSIC),
    ])
    by_key = {g.key: g for g in groups}
    merged = by_key["linear transformation"]
    assert merged.multi_video and merged.video_ids == ["a", "b"]
    assert "Linear transformation and matrices" in merged.aliases
    assert not by_key["determinant"].multi_video


def test_a_shared_phrase_whose_segments_mean_different_things_stays_apart():
    """ "Square root" said in a video on music and in one on cooking is no topic page."""
    groups = merge_topics("ch", [
        topic("a", 0, "Square root", "square root", MUSIC),
        topic("b", 0, "Square root", "square root", COOKING),
        topic("c", 0, "Linear transformations", "linear transformation", MATRICES),
    ])
    assert not any(g.multi_video for g in groups)
    assert sorted(g.label for g in groups) == ["Linear transformations", "Square root", "Square root"]


def test_a_situational_phrase_is_never_a_channel_topic():
    groups = merge_topics("ch", [
        topic("a", 0, "Resulting vector", "resulting vector"),
        topic("b", 0, "Resulting vector", "resulting vector", MATRICES_TOO),
        topic("c", 0, "Scales", "scale", MUSIC),
    ])
    assert not any(g.multi_video for g in groups)


def test_one_concept_gets_one_channel_page_even_when_its_videos_split_in_meaning():
    groups = merge_topics("ch", [
        topic("a", 0, "Natural log", "natural log", MATRICES),
        topic("b", 0, "Natural log", "natural log", MATRICES_TOO),
        topic("c", 0, "Natural log", "natural log", MUSIC),
        topic("d", 0, "Natural log", "natural log", [0.0, 0.0, 0.1, 0.99]),
        topic("e", 0, "Natural log", "natural log", [0.0, 0.0, 0.1, 0.98]),
        topic("f", 0, "Bread", "bread", COOKING),
    ])
    multi = [g for g in groups if g.multi_video]
    assert len(multi) == 1 and len(multi[0].members) == 3


def test_slugs_follow_the_format_and_never_collide():
    reg = SlugRegistry()
    a = reg.claim("article:a:x", "Serbia's relationship with Russia")
    b = reg.claim("article:b:x", "Serbia's relationship with Russia", hints=["Why Serbia matters"])
    c = reg.claim("article:c:x", "Serbia's relationship with Russia")
    assert a == "serbias_relationship_with_russia"
    assert b == "serbias_relationship_with_russia_why_serbia_matters"
    assert c == "serbias_relationship_with_russia_2"
    assert len({a, b, c}) == 3


def test_a_key_keeps_its_slug_across_runs_even_if_retitled():
    first = SlugRegistry()
    slug = first.claim("article:a:x", "Heat conduction")
    second = SlugRegistry(first.release_unused())
    assert second.claim("article:a:x", "Conduction of heat in pans") == slug


def test_unused_keys_are_released():
    reg = SlugRegistry({"article:gone:x": "old_page"})
    reg.claim("article:a:x", "New page")
    assert "article:gone:x" not in reg.release_unused()
