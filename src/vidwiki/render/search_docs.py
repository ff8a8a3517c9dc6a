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
    title: str
    href: str  # root-relative, with #t= when the doc has a moment
    seconds: float | None
    text: str


def search_docs(data: WikiData, md: MarkdownIt) -> Iterator[SearchDoc]:
    for page in data.pages.values():
        if page.kind != "article":
            continue
        path = urls.page_path(page)
        for heading, text, seconds in plain_blocks(md, page.markdown):
            if heading == RELATED:
                continue  # the list of related pages is navigation, not content
            title = f"{page.title} › {heading}" if heading else page.title
            href = urls.moment(path, seconds) if seconds is not None else path
            yield SearchDoc("article", title, href, seconds, text)
    for vid, video in data.videos.items():
        path = urls.video_path(video)
        for _idx, start, _end, text in data.sentences.get(vid, []):
            yield SearchDoc("transcript", video.title, urls.moment(path, start), start, text)


def client_index_js(docs: list[SearchDoc]) -> str:
    """A script that sets ``window.VIDWIKI_INDEX`` (a script tag loads it, even from file://)."""
    rows = [[d.kind, d.title, d.href, None if d.seconds is None else int(d.seconds), d.text] for d in docs]
    payload = json.dumps({"docs": rows}, ensure_ascii=True, separators=(",", ":"))
    return "window.VIDWIKI_INDEX=" + payload.replace("</", "<\\/") + ";\n"
