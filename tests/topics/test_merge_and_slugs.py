"""Cross-video merging and stable, unique slugs."""

from __future__ import annotations

from vidwiki.topics.extract import VideoTopic
from vidwiki.topics.merge import merge_topics
from vidwiki.topics.slugs import SlugRegistry


def topic(vid: str, pos: int, title: str, key: str) -> VideoTopic:
    return VideoTopic(vid, pos, title, key, [key], {key: title.lower()}, 0, 1)


def test_same_main_phrase_in_two_videos_is_one_channel_topic():
    groups = merge_topics("ch", [
        topic("a", 0, "Linear transformations", "linear transformation"),
        topic("b", 0, "Linear transformation and matrices", "linear transformation"),
        topic("b", 1, "Determinant", "determinant"),
    ])
    by_key = {g.key: g for g in groups}
    merged = by_key["linear transformation"]
    assert merged.multi_video and merged.video_ids == ["a", "b"]
    assert "Linear transformation and matrices" in merged.aliases
    assert not by_key["determinant"].multi_video


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
