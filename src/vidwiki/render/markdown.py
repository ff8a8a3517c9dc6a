"""Page markdown (TubeGraph format) to HTML, for the reader.

markdown-it-py with raw HTML switched off, so nothing in a page can open a tag; the two pieces of
markup the format needs are parsed by inline rules of their own instead:

- ``<a class="yt-timestamp" data-t="HH:MM:SS">[HH:MM:SS]</a>`` becomes a player timestamp (a link
  to the moment that works without JavaScript, ``data-t`` for the player, the transcript words
  at that moment for the popover);
- ``[[slug | label]]`` becomes a link to the page, when the page exists (else plain text).

Links to a wiki video on YouTube (``watch?v=ID&t=83s``) become links to the moment in the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

from ..pages import CANONICAL_ANCHOR_RE, hhmmss_to_seconds

_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---[ \t]*\r?\n", re.S)
_FROM_LINE = re.compile(r"^From:\s*\[\[[^\]\n]*\]\][^\n]*\n?", re.M)
_WIKILINK = re.compile(r"\[\[([^\[\]\n|]+?)(?:\s*\|\s*([^\[\]\n]*?))?\s*\]\]")


@dataclass(slots=True)
class Moment:
    """Where a timestamp on a page points: its href and the words spoken then."""

    href: str
    words: str


@dataclass(slots=True)
class RenderEnv:
    """What the inline rules need from the page being rendered."""

    timestamp: Callable[[float], Moment]  # a timestamp of the page's own video
    wikilink: Callable[[str], str | None]  # slug -> href, None when no such page
    youtube_moment: Callable[[str, float | None], tuple[str, str] | None]  # (video, t) -> (href, words)
    timestamps: list[float] = field(default_factory=list)  # every timestamp met, in order


def body_of(markdown: str) -> str:
    """The page body without front matter and without the ``From: [[channel]]`` line."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    return _FROM_LINE.sub("", body, count=1).lstrip("\n")


def _timestamp_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "<":
        return False
    m = CANONICAL_ANCHOR_RE.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("yt_timestamp", "", 0)
        token.meta = {"hhmmss": m.group(1)}
    state.pos = m.end()
    return True


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    m = _WIKILINK.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"slug": m.group(1).strip(), "label": (m.group(2) or m.group(1)).strip()}
    state.pos = m.end()
    return True


def _render_timestamp(self, tokens, idx, options, env: dict) -> str:
    ctx: RenderEnv = env["ctx"]
    stamp = tokens[idx].meta["hhmmss"]
    seconds = float(hhmmss_to_seconds(stamp) or 0)
    ctx.timestamps.append(seconds)
    moment = ctx.timestamp(seconds)
    return (
        f'<a class="yt-timestamp" data-t="{stamp}" data-s="{int(seconds)}" href="{escapeHtml(moment.href)}"'
        f' title="{escapeHtml(moment.words)}">[{stamp}]</a>'
    )


def _render_wikilink(self, tokens, idx, options, env: dict) -> str:
    ctx: RenderEnv = env["ctx"]
    meta = tokens[idx].meta
    label = escapeHtml(_unescape_label(meta["label"]))
    href = ctx.wikilink(meta["slug"])
    if href is None:
        return f'<span class="wikilink missing">{label}</span>'
    return f'<a class="wikilink" href="{escapeHtml(href)}">{label}</a>'


def _unescape_label(label: str) -> str:
    """Labels are written HTML-escaped in the vault (``&lt;``); show them as the text they are."""
    return label.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render_link_open(self, tokens, idx, options, env: dict) -> str:
    ctx: RenderEnv = env["ctx"]
    token = tokens[idx]
    href = token.attrGet("href") or ""
    found = _youtube_watch(href)
    if found is not None:
        target = ctx.youtube_moment(*found)
        if target is not None:
            token.attrSet("href", target[0])
            if found[1] is not None:
                token.attrSet("class", "moment")
                token.attrSet("data-s", str(int(found[1])))
                token.attrSet("title", target[1])
            return self.renderToken(tokens, idx, options, env)
    if href.startswith(("http://", "https://")):
        token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _youtube_watch(href: str) -> tuple[str, float | None] | None:
    parts = urlsplit(href)
    if parts.netloc not in ("www.youtube.com", "youtube.com") or parts.path != "/watch":
        return None
    query = parse_qs(parts.query)
    if "v" not in query:
        return None
    t = query.get("t", [None])[0]
    seconds = float(t.rstrip("s")) if t and t.rstrip("s").isdigit() else None
    return query["v"][0], seconds


def render_body(md: MarkdownIt, markdown: str, ctx: RenderEnv) -> str:
    """The HTML of a page's body."""
    return md.render(body_of(markdown), {"ctx": ctx})


def make_renderer() -> MarkdownIt:
    """One parser for every page (markdown-it is reusable and thread-safe for rendering)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.before("html_inline", "yt_timestamp", _timestamp_rule)
    md.add_render_rule("yt_timestamp", _render_timestamp)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("link_open", _render_link_open)
    return md


def plain_blocks(md: MarkdownIt, markdown: str) -> list[tuple[str, str, float | None]]:
    """(heading, text, first timestamp) of every paragraph and list item, for the search index."""
    heading = ""
    out: list[tuple[str, str, float | None]] = []
    in_heading = False
    for token in md.parse(body_of(markdown)):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline":
            text, first = _inline_text(token.children or [])
            if in_heading:
                heading = text
            elif text:
                out.append((heading, text, first))
    return out


def _inline_text(children) -> tuple[str, float | None]:
    parts: list[str] = []
    first: float | None = None
    for child in children:
        if child.type == "text" or child.type == "code_inline":
            parts.append(child.content)
        elif child.type == "wikilink":
            parts.append(_unescape_label(child.meta["label"]))
        elif child.type == "yt_timestamp" and first is None:
            first = float(hhmmss_to_seconds(child.meta["hhmmss"]) or 0)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    text = re.sub(r"\s+([.,;:?!])", r"\1", text)
    return text, first
