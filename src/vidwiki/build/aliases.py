"""Old slugs of pages a re-run renamed, kept as aliases of the page that took their place.

A page's slug is tied to its key (``topic:<channel>:<main phrase>``, ``article:<video>:<main
phrase>``). When changed captions or a new video change a topic's main phrase, the key and so
the slug change, and links from outside the wiki to the old slug would break. The successor of
a vanished page is the page its members (video topics) now belong to: for an article the new
article at the same place in the same video (or, when the video now has fewer topics, the one
that took in its stretch), for a topic page the pages its videos' topics now gather under. A page with no successor (its video was pruned) leaves no alias.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

VideoTopicSlugs = dict[tuple[str, int], tuple[str, str]]  # (video, position) -> (topic slug, article slug)


def carry_aliases(old_pages: set[str], old_topics: VideoTopicSlugs, old_aliases: dict[str, str],
                  new_pages: set[str], new_topics: VideoTopicSlugs) -> dict[str, str]:
    """{old slug: slug of the page it now leads to} after this build."""
    successor: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    for video, position in sorted(new_topics):
        positions.setdefault(video, []).append(position)
    for slug in sorted(old_pages - new_pages):
        votes: Counter[str] = Counter()
        for place, (topic_slug, article_slug) in old_topics.items():
            now = new_topics.get(place) or _absorbing(place, positions, new_topics)
            if now is None:
                continue
            if article_slug == slug:
                votes[now[1]] += 2  # the same place in the same video: the closest successor
            if topic_slug == slug:
                votes[now[0]] += 1
        votes = Counter({s: n for s, n in votes.items() if s in new_pages})
        if votes:
            successor[slug] = min(votes, key=lambda s: (-votes[s], s))
    aliases: dict[str, str] = {}
    for alias, target in old_aliases.items():
        target = successor.get(target, target)
        if target in new_pages and alias not in new_pages:
            aliases[alias] = target
    for slug, target in successor.items():
        aliases.setdefault(slug, target)
    return dict(sorted(aliases.items()))


def _absorbing(place: tuple[str, int], positions: dict[str, list[int]],
               new_topics: VideoTopicSlugs) -> tuple[str, str] | None:
    """When the video now has fewer topics, the one that took in this place's stretch: the last
    topic of the same video at or before its position (topics cover the video in order)."""
    video, position = place
    k = bisect_right(positions.get(video, []), position)
    return new_topics[(video, positions[video][k - 1])] if k else None


def aliases_by_page(aliases: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for alias, slug in sorted(aliases.items()):
        out.setdefault(slug, []).append(alias)
    return out
