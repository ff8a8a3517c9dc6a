"""The channel hub: every video of a channel, linked to YouTube, with its articles, and the
topic pages that gather several videos."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..markup import escape_inline, front_matter, link_label


@dataclass(slots=True)
class HubVideo:
    video_id: str
    title: str
    url: str
    published: str | None
    articles: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    removed: bool = False  # gone from the source: still listed (its pages stay), in its own section


def hub_markdown(channel_title: str, videos: list[HubVideo], topics: list[tuple[str, str, int]]) -> str:
    """Markdown of ``<channel>/<channel>.md``; ``topics`` are (slug, label, video count).

    Videos removed from the source come last, under their own heading, so a reader sees at once
    that their pages are kept but no longer match the channel.
    """
    active = [v for v in videos if not v.removed]
    removed = [v for v in videos if v.removed]
    head = {"title": channel_title, "videos": len(active), "removed_videos": len(removed) or None}
    lines = [front_matter(head), ""]
    for video in active:
        lines.extend(_video_lines(video))
    if topics:
        lines.append("## Topics discussed in several videos")
        lines.append("")
        for slug, label, count in topics:
            lines.append(f"- [[{slug} | {link_label(label)}]] ({count} videos)")
        lines.append("")
    if removed:
        lines.append("## Removed from the source")
        lines.append("")
        lines.append("These videos are no longer in the wiki's inputs; their pages are kept until "
                     "`vidwiki update --prune-removed`.")
        lines.append("")
        for video in removed:
            lines.extend(_video_lines(video))
    return "\n".join(lines).rstrip("\n") + "\n"


def _video_lines(video: HubVideo) -> list[str]:
    lines = [f"### [{escape_inline(video.title)}]({video.url})"]
    for slug, article_title in video.articles:
        lines.append(f"- [[{slug} | {link_label(article_title)}]]")
    lines.append("")
    return lines
