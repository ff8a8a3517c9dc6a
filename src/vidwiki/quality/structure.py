"""The transcript-free metrics: timestamp validity, cited share, links, orphans, topic pages, shape, style.

These need only the pages (and a video's length, when known), so they report for any vault,
including TubeGraph's examples with no transcript at hand. Link resolution follows Quartz: a
``[[target]]`` resolves when the target is exactly some page's file stem or vault path without
``.md``; no slugifying, no case folding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from vidwiki.check import SUSPECT_MIN
from vidwiki.pages import hhmmss_to_seconds

from .style import add_style, add_title, page_names
from .tally import Tally
from .vault import VaultPage, body_sentences, prose_sentences, words

__all__ = ["LinkIndex", "structure_tallies"]


class LinkIndex:
    """Which page(s) a wikilink target leads to, by Quartz's rule."""

    def __init__(self, pages: list[VaultPage]) -> None:
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_path: dict[str, str] = {}
        for p in pages:
            self.by_stem[p.stem].append(p.rel)
            self.by_path[p.rel[: -len(".md")]] = p.rel

    def resolve(self, target: str) -> list[str]:
        key = target.removesuffix(".md")
        if key in self.by_path:
            return [self.by_path[key]]
        return list(self.by_stem.get(key, ()))


def structure_tallies(pages: list[VaultPage], duration_of: Callable[[VaultPage], float | None]) -> dict[str, Tally]:
    """One tally per page (keyed by vault path) with every transcript-free count filled in."""
    index = LinkIndex(pages)
    video_of = {p.rel: p.video_id for p in pages}
    hub_titles = {p.stem: p.page.title for p in pages if p.kind == "hub" and p.page.title}
    linked: set[str] = set()
    out: dict[str, Tally] = {}
    for p in pages:
        t = Tally(pages=1)
        setattr(t, {"article": "articles", "topic": "topic_pages", "hub": "hubs"}[p.kind], 1)
        _timestamps(t, p, duration_of(p))
        _links(t, p, index, linked)
        if p.kind == "article":
            prose = prose_sentences(p.page)
            t.prose = len(prose)
            t.cited = sum(1 for s in prose if s.anchors)
            t.words = sum(words(s.text) for s in body_sentences(p.page))
            t.headings = p.headings
            add_style(t, p, page_names(p, hub_titles))
        if p.kind in ("article", "topic"):
            add_title(t, p)
        if p.kind == "topic":
            _topic(t, p, index, video_of)
        out[p.rel] = t
    for p in pages:
        if p.rel not in linked and p.rel != "index.md":
            out[p.rel].orphans = 1
    return out


def _suspects(p: VaultPage) -> set[int]:
    """Anchors in TubeGraph's MM:SS:00 signature (``vidwiki check``'s rule, for when the video's
    length is unknown): at least SUSPECT_MIN hour-bearing times, every one ending in ``:00``."""
    hour_bearing = [
        k for k, a in enumerate(p.page.anchors)
        if a.data_t is not None and hhmmss_to_seconds(a.data_t) is not None and int(a.data_t.split(":")[0]) > 0
    ]
    if len(hour_bearing) < SUSPECT_MIN or any(not p.page.anchors[k].data_t.endswith(":00") for k in hour_bearing):
        return set()
    return set(hour_bearing)


def _timestamps(t: Tally, p: VaultPage, duration: float | None) -> None:
    suspects = _suspects(p) if duration is None else set()
    t.anchors_suspect += len(suspects)
    for k, a in enumerate(p.page.anchors):
        t.anchors += 1
        label_ok = a.data_t is not None and a.label == f"[{a.data_t}]"
        t.anchors_well_formed += a.well_formed
        t.anchors_label_ok += label_ok
        inside = None
        if duration is not None:
            t.anchors_range_known += 1
            inside = a.seconds is not None and 0 <= a.seconds <= duration
            t.anchors_inside += inside
        strict = a.data_t is not None and hhmmss_to_seconds(a.data_t) is not None
        t.anchors_valid += a.well_formed and label_ok and strict and inside is not False and k not in suspects


def _links(t: Tally, p: VaultPage, index: LinkIndex, linked: set[str]) -> None:
    own = {p.stem, p.rel[: -len(".md")]}
    for link in p.page.links:
        if not link.target:
            continue  # [[#heading]] points inside the page
        t.links += 1
        targets = index.resolve(link.target)
        if targets:
            t.links_resolved += 1
            if link.target.removesuffix(".md") in own:
                t.self_links += 1
        linked.update(rel for rel in targets if rel != p.rel)


def _topic(t: Tally, p: VaultPage, index: LinkIndex, video_of: dict[str, str | None]) -> None:
    """A topic page's videos are the distinct videos of the articles it links to."""
    videos = {video_of[rel] for link in p.page.links if link.target
              for rel in index.resolve(link.target) if video_of.get(rel)}
    t.topic_videos = len(videos)
    t.topic_multi_video = int(len(videos) >= 2)
    claimed = p.page.front_matter.get("videos")
    if isinstance(claimed, int) and not isinstance(claimed, bool):
        t.topic_count_claimed = 1
        t.topic_count_matches = int(claimed == len(videos))
