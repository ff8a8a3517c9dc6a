"""What ``vidwiki ask`` searches: every transcript sentence and every article sentence, as units
that each point at one real transcript sentence (a video and a sentence id).

Article sentences are searched too because they are the transcript said well: edited to the
third person, under a title that names the topic. A hit on one still answers with the transcript
sentence its timestamp cites, so every moment the answer shows is a sentence the video contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pages.rules import CANONICAL_ANCHOR_RE, hhmmss_to_seconds
from ..render.markdown import body_of
from ..render.wikidata import WikiData

_ANCHOR = r'<a class="yt-timestamp" data-t="\d{2,}:[0-5]\d:[0-5]\d">\[\d{2,}:[0-5]\d:[0-5]\d\]</a>'
_ANCHORS = re.compile(r"((?:\s*,?\s*" + _ANCHOR + r")+)\s*([.!?]?)")
_WIKILINK = re.compile(r"\[\[([^\]|]+?)(?:\s*\|\s*([^\]]+?))?\]\]")
_BULLET = re.compile(r"^\s*(?:[-*]|\d+\.)\s+(?:\*\*[^*]+\*\*:?\s*)?")
RELATED_HEADING = "## Related"


@dataclass(frozen=True, slots=True)
class Unit:
    """One searchable sentence. ``idx`` is the transcript sentence it stands for (for an article
    sentence, the one its first timestamp cites); ``page`` is the article's slug, or None."""

    kind: str  # transcript | article
    video_id: str
    idx: int
    title: str
    text: str
    page: str | None = None


@dataclass(slots=True)
class AskCorpus:
    """The units of a wiki, transcript units first, in video and sentence order."""

    data: WikiData
    units: list[Unit]
    # (video id, sentence id) -> the sentence's row in data.sentences[video id]
    rows: dict[tuple[str, int], int]

    def sentence(self, video_id: str, idx: int) -> tuple[int, float, float, str] | None:
        row = self.rows.get((video_id, idx))
        return None if row is None else self.data.sentences[video_id][row]

    def embed_texts(self, video_id: str, kind: str) -> list[str]:
        """What is embedded for one video's units of one kind: a transcript sentence with its
        neighbours (a moment, not a fragment such as "And that's the key."), an article sentence
        under its article's title."""
        if kind == "transcript":
            rows = self.data.sentences.get(video_id, [])
            texts = [r[3] for r in rows]
            return [" ".join(texts[max(0, i - 1) : i + 2]) for i in range(len(texts))]
        return [f"{u.title}: {u.text}" for u in self.units if u.kind == kind and u.video_id == video_id]


def load_corpus(data: WikiData) -> AskCorpus:
    units: list[Unit] = []
    rows: dict[tuple[str, int], int] = {}
    for vid in sorted(data.sentences):
        video = data.videos.get(vid)
        if video is None:
            continue
        for row, (idx, _start, _end, text) in enumerate(data.sentences[vid]):
            rows[(vid, idx)] = row
            units.append(Unit("transcript", vid, idx, video.title, text))
    for slug in sorted(data.pages):
        page = data.pages[slug]
        if page.kind != "article" or page.video_id not in data.videos:
            continue
        for seconds, text in article_sentences(page.markdown):
            pos = data.sentence_at(page.video_id, seconds)
            if pos is None:
                continue
            idx = data.sentences[page.video_id][pos][0]
            units.append(Unit("article", page.video_id, idx, page.title, text, slug))
    return AskCorpus(data, units, rows)


def article_sentences(markdown: str) -> list[tuple[float, str]]:
    """(first cited time, plain text) of every cited sentence of an article, "Related" left out."""
    body = body_of(markdown).split("\n" + RELATED_HEADING, 1)[0]
    out: list[tuple[float, str]] = []
    for line in body.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("From: "):
            continue
        line = _BULLET.sub("", line)
        pos = 0
        for m in _ANCHORS.finditer(line):
            text = _plain(line[pos : m.start()])
            pos = m.end()
            stamp = CANONICAL_ANCHOR_RE.search(m.group(1))
            seconds = hhmmss_to_seconds(stamp.group(1)) if stamp else None
            if text and seconds is not None:
                out.append((float(seconds), text + (m.group(2) or ".")))
    return out


def _plain(text: str) -> str:
    text = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    text = text.replace("**", "").replace("\\", "")
    return " ".join(text.split()).strip(" ,;")
