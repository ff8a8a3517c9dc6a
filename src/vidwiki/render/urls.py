"""Where each page of the reader lives, as paths relative to the site root.

``serve`` and the static export share this layout, and every link in a page is written relative
to the page itself, so the export works from any static host, from a sub-folder and from file://.
Only slugs and ids that are safe as file names (``[A-Za-z0-9_-]``) ever become path parts.
"""

from __future__ import annotations

import hashlib
import re
from posixpath import relpath

from .wikidata import Page, Video

_SAFE_PART = re.compile(r"[A-Za-z0-9_-]{1,120}")

HOME = "index.html"
SEARCH = "search.html"
ASK = "ask.html"
GRAPH = "graph.html"


def _part(text: str, fallback: str) -> str:
    return text if _SAFE_PART.fullmatch(text) else fallback


def page_path(page: Page) -> str:
    channel = _part(page.channel, "c")
    slug = _part(page.slug, "p" + hashlib.sha1(page.slug.encode()).hexdigest()[:12])
    return f"{channel}/{slug}.html"


def video_path(video: Video) -> str:
    return f"{_part(video.channel, 'c')}/video/{video.key}.html"


def media_path(video: Video) -> str | None:
    name = video.media_name
    return f"media/{name}" if name else None


def static_path(name: str) -> str:
    return f"static/{name}"


def relative(target: str, current: str) -> str:
    """``target`` as seen from the page at ``current`` (both root-relative)."""
    base = current.rsplit("/", 1)[0] if "/" in current else "."
    rel = relpath(target.split("#", 1)[0], base)
    return rel + ("#" + target.split("#", 1)[1] if "#" in target else "")


def moment(path: str, seconds: float) -> str:
    """A link that opens a page with its player at ``seconds``."""
    return f"{path}#t={int(seconds)}"
