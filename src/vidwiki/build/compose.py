"""Pages from drafts: articles (cited and linked), topic pages and channel hubs.

Each page is composed from a small set of inputs and cached under their hash, so an update
re-composes only pages whose inputs changed. An article's links depend on the channel's link
targets, which change whenever a topic appears anywhere; only the targets whose words occur in
the article can affect it, so the cache entry records that slice ("basis") and stays valid
while the slice is the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..cite.anchors import CiteStats
from ..link.hubs import HubVideo, hub_markdown
from ..link.wikilinks import Linker, LinkTarget
from ..markup import escape_inline, link_label
from ..pages.voice import voice_words as speaker_voice_words
from ..records import Sentence
from ..render.article import RelatedLink, article_body, moment_link, page_markdown, related_section
from ..render.vault import sha256_text
from ..store import PageRow, Store
from ..topics.extract import VideoTopic
from ..topics.merge import ChannelTopic
from ..topics.phrases import tokenize
from ..write.base import Claim, Draft
from .hashing import content_hash
from .stages import STAGE_VERSIONS

MAX_LINKS = 8


@dataclass(slots=True)
class Composed:
    """A page and what the store keeps about it besides its markdown."""

    page: PageRow
    links: list[str] = field(default_factory=list)
    citations: list[tuple[int, float]] = field(default_factory=list)  # (sentence id, start)
    intros: list[tuple[str, float]] = field(default_factory=list)  # on-topic claims, for topic pages
    anchors: int = 0
    dropped: int = 0
    fresh: bool = False  # composed now rather than taken from the cache


@dataclass(slots=True)
class ArticleSpec:
    """Everything an article page depends on, except its draft and the channel's link targets."""

    slug: str
    channel: str
    video_id: str
    draft_key: str
    duration: float
    meta: dict
    related: list[RelatedLink]
    own: set[str]
    topic_key: str

    def cache_key(self) -> str:
        return content_hash(STAGE_VERSIONS["compose"], "article", self.slug, self.channel, self.video_id,
                            self.draft_key, self.duration, self.meta,
                            [[r.slug, r.title, r.note] for r in self.related], sorted(self.own), self.topic_key)


def link_targets(groups: list[ChannelTopic], topic_slug: dict[str, str]) -> list[LinkTarget]:
    return [LinkTarget(topic_slug[g.key], tuple(dict.fromkeys(phrases_of(g)))) for g in groups]


def compose_article(store: Store, spec: ArticleSpec, linker: Linker, draft: Callable[[], Draft],
                    sents: Callable[[], list[Sentence]]) -> Composed:
    """The article page; ``draft()`` and ``sents()`` are only called when it must be composed."""
    key = spec.cache_key()
    cached = store.cached("compose", key)
    if cached is not None and cached["basis"] == _basis(linker, spec.own, cached["terms"], cached["pairs"]):
        return _article_from_cache(spec, cached)
    d = draft()
    sentences = sents()
    stats = CiteStats()
    page_linker = linker.for_page(spec.own, max_links=MAX_LINKS)
    body = article_body(d, sentences, spec.duration, page_linker, stats)
    markdown = page_markdown(spec.meta, spec.channel, body, related_section(spec.related))
    citations = [(sid, sentences[sid].start) for claim in d.claims() for sid in claim.sentence_ids
                 if 0 <= sid < len(sentences)]
    terms, pairs = _terms(d)
    value = {
        "terms": terms, "pairs": pairs, "basis": _basis(linker, spec.own, terms, pairs), "markdown": markdown,
        "support": stats.mean_support, "anchors": stats.anchors, "dropped": stats.dropped,
        "linked": list(page_linker.linked), "citations": citations,
        "intros": on_topic(d.claims(), spec.topic_key, sentences),
    }
    store.put_cache("compose", key, value)
    out = _article_from_cache(spec, value)
    out.fresh = True
    return out


def _article_from_cache(spec: ArticleSpec, v: dict) -> Composed:
    page = make_page(spec.slug, spec.channel, "article", spec.video_id, spec.meta["title"], v["markdown"], v["support"])
    links = list(v["linked"]) + [r.slug for r in spec.related]
    return Composed(page, links, [tuple(c) for c in v["citations"]], [tuple(i) for i in v["intros"]],
                    v["anchors"], v["dropped"])


def _terms(draft: Draft) -> tuple[list[str], list[str]]:
    """Every word (normalised) the linker will see on this page, and every pair of neighbours."""
    words: set[str] = set()
    pairs: set[str] = set()
    for claim in draft.claims():
        norms = [t.norm for t in tokenize(escape_inline(claim.text.strip().rstrip(",;:—– ")))]
        words.update(norms)
        pairs.update(f"{a} {b}" for a, b in zip(norms, norms[1:], strict=False))
    return sorted(words), sorted(pairs)


def _basis(linker: Linker, own: set[str], words: list[str], pairs: list[str]) -> list[list]:
    """The link targets that could match on a page with these words (its own pages excluded):
    every word of the phrase occurs, and so does each pair of neighbouring words."""
    near = set(pairs)
    return [[list(k), s] for k, s in linker.candidates(set(words))
            if s not in own and all(f"{a} {b}" in near for a, b in zip(k, k[1:], strict=False))]


def compose_topic_page(store: Store, group: ChannelTopic, tslug: str, ch_slug: str, ch_title: str,
                       titles: dict[str, str], article_slug: dict[tuple[str, int], str],
                       intros: dict[tuple[str, int], list[tuple[str, float]]], aliases: list[str],
                       removed: set[str]) -> Composed:
    """A page gathering what each video says about a topic discussed in several videos."""
    members = [(m.video_id, m.position, m.title, article_slug[(m.video_id, m.position)],
                intros.get((m.video_id, m.position), [])) for m in group.members]
    vids = list(dict.fromkeys(m[0] for m in members))
    key = content_hash(STAGE_VERSIONS["compose"], "topic", tslug, ch_slug, ch_title, group.label, group.aliases,
                       aliases, members, [[v, titles[v], v in removed] for v in vids])
    cached = store.cached("compose", key)
    fresh = cached is None
    if fresh:
        markdown, linked = _topic_markdown(group, ch_slug, ch_title, titles, members, aliases, removed)
        cached = {"markdown": markdown, "linked": linked}
        store.put_cache("compose", key, cached)
    page = make_page(tslug, ch_slug, "topic", None, group.label, cached["markdown"], None)
    return Composed(page, list(cached["linked"]), fresh=fresh)


def _topic_markdown(group: ChannelTopic, ch_slug: str, ch_title: str, titles: dict[str, str],
                    members: list[tuple], aliases: list[str], removed: set[str]) -> tuple[str, list[str]]:
    lines: list[str] = []
    linked: list[str] = []
    by_video: dict[str, list[tuple]] = {}
    for m in members:
        by_video.setdefault(m[0], []).append(m)
    for vid, ms in by_video.items():
        gone = " (removed from the source)" if vid in removed else ""
        lines.append(f"## {escape_inline(titles[vid])}{gone}")
        lines.append("")
        for _, _, title, slug, intro in ms:
            linked.append(slug)
            lines.append(f"From the article [[{slug} | {link_label(title)}]]:")
            lines.append("")
            for text, start in intro:
                lines.append(f"- {escape_inline(text)} {moment_link(vid, start)}")
            lines.append("")
    meta = {"title": group.label, "channel": ch_title, "videos": len(by_video),
            "aliases": (group.aliases + aliases) or None, "kind": "topic"}
    return page_markdown(meta, ch_slug, "\n".join(lines).rstrip()), linked


def compose_hub(store: Store, hub_slug: str, ch_slug: str, ch_title: str, videos: list[HubVideo],
                topics: list[tuple[str, str, int]]) -> Composed:
    """The channel's hub page: every video with its articles, then the shared topics."""
    key = content_hash(STAGE_VERSIONS["compose"], "hub", hub_slug, ch_slug, ch_title,
                       [[v.video_id, v.title, v.url, v.published, v.articles, v.removed] for v in videos], topics)
    cached = store.cached("compose", key)
    fresh = cached is None
    if fresh:
        cached = {"markdown": hub_markdown(ch_title, videos, topics)}
        store.put_cache("compose", key, cached)
    page = make_page(hub_slug, ch_slug, "hub", None, ch_title, cached["markdown"], None)
    return Composed(page, [slug for v in videos for slug, _ in v.articles], fresh=fresh)


def related_links(t: VideoTopic, tops: list[VideoTopic], article_slug: dict[tuple[str, int], str], vid: str,
                  group: ChannelTopic, tslug: str) -> list[RelatedLink]:
    """The topic page (when shared) and the sibling articles of the same video."""
    related: list[RelatedLink] = []
    if group.multi_video:
        related.append(RelatedLink(tslug, group.label, f"topic page: {len(group.video_ids)} videos"))
    for other in tops:
        if other.position != t.position:
            related.append(RelatedLink(article_slug[(vid, other.position)], other.title, "same video"))
    return related


def on_topic(claims: list[Claim], key: str, sents: list[Sentence], limit: int = 3) -> list[tuple[str, float]]:
    """The claims that name the topic (its main phrase), for the topic page, those in the third
    person first; else the first two."""
    wanted = tuple(key.split())
    n = len(wanted)

    def names(text: str) -> bool:
        norms = [t.norm for t in tokenize(text)]
        return any(tuple(norms[i : i + n]) == wanted for i in range(len(norms) - n + 1))

    cited = [c for c in claims if c.sentence_ids]
    naming = [c for c in cited if names(c.text)]
    # what a page quotes to say what a video contributes is a statement, not the speaker talking
    # to the listener ("You could even say that this should follow from ...") when it has one
    plain = [c for c in naming if not speaker_voice_words(c.text)]
    chosen = (plain or naming)[:limit] or cited[:2]
    return [(c.text, sents[c.sentence_ids[0]].start) for c in chosen]


def phrases_of(group: ChannelTopic) -> list[str]:
    """Phrases whose mention links to the topic: its label, and its main phrase when that is
    specific (several words). A single everyday word ("blue", "plug") never becomes a link."""
    out = [group.label] if _specific(group.label, group) else []
    for m in group.members:
        label = m.labels.get(m.key)
        if label and _specific(label, group):
            out.append(label)
    return out


def _specific(phrase: str, group: ChannelTopic) -> bool:
    """Several words, or one word that several videos are about."""
    return len(phrase.split()) >= 2 or (group.multi_video and len(phrase) >= 5)


def make_page(slug: str, ch_slug: str, kind: str, vid: str | None, title: str, markdown: str,
              support: float | None) -> PageRow:
    return PageRow(slug=slug, path=f"{ch_slug}/{slug}.md", kind=kind, channel=ch_slug, video_id=vid,
                   title=title, markdown=markdown, sha256=sha256_text(markdown), support=support)
