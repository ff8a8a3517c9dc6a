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


def hub_markdown(channel_title: str, videos: list[HubVideo], topics: list[tuple[str, str, int]]) -> str:
    """Markdown of ``<channel>/<channel>.md``; ``topics`` are (slug, label, video count)."""
    lines = [front_matter({"title": channel_title, "videos": len(videos)}), ""]
    for video in videos:
        lines.append(f"### [{escape_inline(video.title)}]({video.url})")
        for slug, article_title in video.articles:
            lines.append(f"- [[{slug} | {link_label(article_title)}]]")
        lines.append("")
    if topics:
        lines.append("## Topics discussed in several videos")
        lines.append("")
        for slug, label, count in topics:
            lines.append(f"- [[{slug} | {link_label(label)}]] ({count} videos)")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
