"""Does a page read like an encyclopedia? Voice, fillers, narration, sentence and page length, titles.

Counted over the prose sentences of article pages (``vault.prose_sentences``: body prose of six
words or more; front matter, headings, the From: line, link lists and "Related" / "Sources"
sections excluded), per page, so they add up per video and overall like every other count
(``tally.py``):

- speaker-voice share: sentences in the first or second person outside quotations
  (``pages.voice.voice``; a sentence of a blockquote is a quotation as a whole);
- filler share: sentences opening on "So," / "Okay" / "Now" / "Well," or hedging like speech
  (``pages.voice.fillers``);
- meta-narration share: sentences about the telling, "the speaker explains", "in this video",
  "<channel> argues" (``pages.voice.narration``; the names are the page's ``channel``, the hub its
  From: line links to, that hub's title, and any ``speaker`` / ``speakers`` / ``host`` in front matter);
- words per sentence (mean over prose sentences), words per article page (body prose, link lists
  excluded) and the share of articles of 300 to 1,200 words;
- titles passing the title rules (``topics.titles``), over articles and topic pages (a hub is
  named after its channel, not a concept).

TubeGraph's pages get the same figures: ``benchmarks/bench_pages.py`` prints both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vidwiki.pages import Page
from vidwiki.pages.voice import fillers, narration, voice
from vidwiki.topics.titles import title_problems

from .tally import Tally
from .vault import VaultPage, prose_sentences, words

__all__ = ["ARTICLE_WORDS", "SentenceStyle", "add_style", "add_title", "page_names", "sentence_style",
           "style_sentences"]

ARTICLE_WORDS = (300, 1200)
"""The length of an article page, in words of body prose, that the bars ask for (issue 15)."""

_QUOTE_LINE_RE = re.compile(r"^\s*>(?!\s*\[![\w-]+\])")  # a blockquote line, not a callout's title


@dataclass(frozen=True, slots=True)
class SentenceStyle:
    line: int
    text: str
    words: int
    voice: bool
    fillers: bool
    narration: bool


def sentence_style(text: str, names: Iterable[str] = (), quoted: bool = False, line: int = 0) -> SentenceStyle:
    """How one prose sentence sounds; ``quoted`` marks a sentence of a blockquote (a quotation,
    so never the writer's voice)."""
    return SentenceStyle(line, text, words(text), not quoted and voice(text), fillers(text),
                         narration(text, names))


def page_names(p: VaultPage, hub_titles: Mapping[str, str]) -> tuple[str, ...]:
    """Who might be narrated about on this page: its channel and speakers, as far as it says."""
    front = p.page.front_matter
    found: list[str] = []
    for key in ("channel", "speaker", "speakers", "host"):
        value = front.get(key)
        found.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    if p.page.from_line is not None:
        found.append(p.page.from_line.channel)
        found.append(hub_titles.get(p.page.from_line.channel, ""))
    return tuple(dict.fromkeys(name.strip() for name in found if name and name.strip()))


def _quoted_lines(page: Page) -> frozenset[int]:
    lines = page.text.split("\n")
    return frozenset(n for n in range(page.body_line, len(lines) + 1) if _QUOTE_LINE_RE.match(lines[n - 1]))


def style_sentences(p: VaultPage, names: Iterable[str] = ()) -> list[SentenceStyle]:
    """Every prose sentence of the page with how it sounds."""
    quoted = _quoted_lines(p.page)
    names = tuple(names)
    return [sentence_style(s.text, names, s.line in quoted, s.line) for s in prose_sentences(p.page)]


def add_style(t: Tally, p: VaultPage, names: Iterable[str] = ()) -> None:
    """Count an article's style into its tally (``t.words`` already holds its words)."""
    for s in style_sentences(p, names):
        t.prose_words += s.words
        t.voice += s.voice
        t.fillers += s.fillers
        t.narration += s.narration
    low, high = ARTICLE_WORDS
    t.articles_in_range += int(low <= t.words <= high)


def add_title(t: Tally, p: VaultPage) -> None:
    """Count an article's or topic page's title against the title rules (no title fails)."""
    t.titled += 1
    t.titles_ok += not title_problems(p.page.title or "")
