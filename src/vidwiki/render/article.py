"""Markdown of article and topic pages in the TubeGraph format.

An article body: ``From: [[<channel>]] <br/> ``, an intro, ``##`` sections, each sentence ending
with its ``yt-timestamp`` anchor(s) right before the full stop, ``[[slug | label]]`` links to
other topics, and a short "Related" list (the topic page and sibling articles) so no page is an
orphan. Claims are escaped before linking: transcript text is data, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cite.anchors import CiteStats, cite_claim
from ..link.wikilinks import PageLinker
from ..markup import escape_inline, escape_line_start, front_matter, link_label
from ..pages import seconds_to_hhmmss
from ..records import Sentence
from ..write.base import Block, Claim, Draft

END_PUNCT = re.compile(r"([.?!…]+[\"'”’)]*)$")


@dataclass(slots=True)
class RelatedLink:
    slug: str
    title: str
    note: str = ""


def from_line(channel_slug: str) -> str:
    return f"From: [[{channel_slug}]] <br/> "


def cited_sentence(
    claim: Claim, sentences: list[Sentence], duration: float | None, linker: PageLinker, stats: CiteStats
) -> str | None:
    """One claim as markdown: escaped, linked, anchors before the final punctuation."""
    anchors = cite_claim(claim, sentences, duration, stats)
    if anchors is None:
        return None
    text = linker.link(escape_inline(claim.text.strip().rstrip(",;:—– ")))
    if not anchors:
        return text
    m = END_PUNCT.search(text)
    if m:
        return f"{text[: m.start()]} {anchors}{m.group(1)}"
    return f"{text} {anchors}."


def _block_markdown(
    block: Block,
    sentences: list[Sentence],
    duration: float | None,
    linker: PageLinker,
    stats: CiteStats,
    label_speaker: bool = True,
) -> str | None:
    if block.kind == "bullets":
        items = []
        for claim, label in zip(block.claims, block.labels or [None] * len(block.claims), strict=False):
            text = cited_sentence(claim, sentences, duration, linker, stats)
            if text is None:
                continue
            prefix = f"**{escape_inline(label)}**: " if label else ""
            items.append(f"*   {prefix}{text}")
        return "\n".join(items) if items else None
    parts = [t for c in block.claims if (t := cited_sentence(c, sentences, duration, linker, stats)) is not None]
    if not parts:
        return None
    paragraph = escape_line_start(" ".join(parts))
    if block.speaker and label_speaker:
        paragraph = f"**{escape_inline(block.speaker)}**: {paragraph}"
    return paragraph


def article_body(
    draft: Draft,
    sentences: list[Sentence],
    duration: float | None,
    linker: PageLinker,
    stats: CiteStats,
) -> str:
    """The prose of an article (intro and sections), cited and linked."""
    chunks: list[str] = []
    speaker: list[str | None] = [None]  # who spoke last: name a speaker only when the turn changes

    def render(block: Block) -> str | None:
        md = _block_markdown(block, sentences, duration, linker, stats, block.speaker != speaker[0])
        if md and block.kind == "paragraph":
            speaker[0] = block.speaker
        return md

    for block in draft.intro:
        if md := render(block):
            chunks.append(md)
    for section in draft.sections:
        speaker[0] = None  # a new section names its first speaker again
        rendered = [md for b in section.blocks if (md := render(b))]
        if not rendered:
            continue
        chunks.append(f"{'#' * section.level} {escape_inline(section.heading)}")
        chunks.extend(rendered)
    return "\n\n".join(chunks)


def related_section(links: list[RelatedLink]) -> str:
    if not links:
        return ""
    lines = ["## Related", ""]
    for link in links:
        note = f" ({link.note})" if link.note else ""
        lines.append(f"- [[{link.slug} | {link_label(link.title)}]]{note}")
    return "\n".join(lines)


def page_markdown(meta: dict[str, object], channel_slug: str, body: str, related: str = "") -> str:
    parts = [front_matter(meta), "", from_line(channel_slug), "", body]
    if related:
        parts += ["", related]
    return "\n".join(parts).rstrip("\n") + "\n"


def youtube_url(video_id: str, seconds: float | None = None) -> str:
    base = f"https://www.youtube.com/watch?v={video_id}"
    return f"{base}&t={int(seconds)}s" if seconds is not None else base


def moment_link(video_id: str, seconds: float) -> str:
    """A timestamp on a page without its own player: a link to the moment on YouTube."""
    return f"[▶ {seconds_to_hhmmss(seconds)}]({youtube_url(video_id, seconds)})"
