"""The searchable text of a wiki: article paragraphs and transcript sentences, each with a moment.

Both searches use these documents: ``serve`` loads them into SQLite FTS5, the static export
writes them into ``static/search-index.js``. A hit links to the moment it comes from: an article
paragraph opens its article at the paragraph's first timestamp, a transcript sentence opens the
video page at the sentence's start.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt

from . import urls
from .markdown import plain_blocks
from .wikidata import WikiData

RELATED = "Related"


@dataclass(frozen=True, slots=True)
class SearchDoc:
    kind: str  # article | transcript
    page_title: str
    heading: str  # the article section the paragraph is in ("" for none)
    path: str  # root-relative page path
    seconds: float | None
    text: str

    @property
    def title(self) -> str:
        return f"{self.page_title} › {self.heading}" if self.heading else self.page_title

    @property
    def href(self) -> str:
        """The page, opened at the doc's moment when it has one."""
        return urls.moment(self.path, self.seconds) if self.seconds is not None else self.path


def search_docs(data: WikiData, md: MarkdownIt) -> Iterator[SearchDoc]:
    for page in data.pages.values():
        if page.kind != "article":
            continue
        path = urls.page_path(page)
        for heading, text, seconds in plain_blocks(md, page.markdown):
            if heading == RELATED:
                continue  # the list of related pages is navigation, not content
            yield SearchDoc("article", page.title, heading, path, seconds, text)
    for vid, video in data.videos.items():
        path = urls.video_path(video)
        for _idx, start, _end, text in data.sentences.get(vid, []):
            yield SearchDoc("transcript", video.title, "", path, start, text)


def client_index_js(docs: list[SearchDoc]) -> str:
    """A script that sets ``window.VIDWIKI_INDEX`` (a script tag loads it, even from file://).

    Each page's title and path are stored once (``pages``); a doc is
    ``[kind, page number, seconds or null, text, heading]``.
    """
    pages: dict[tuple[str, str], int] = {}
    rows = []
    for d in docs:
        number = pages.setdefault((d.page_title, d.path), len(pages))
        rows.append([d.kind[0], number, None if d.seconds is None else int(d.seconds), d.text, d.heading])
    payload = json.dumps({"pages": [list(k) for k in pages], "docs": rows}, ensure_ascii=True, separators=(",", ":"))
    return "window.VIDWIKI_INDEX=" + payload.replace("</", "<\\/") + ";\n"
