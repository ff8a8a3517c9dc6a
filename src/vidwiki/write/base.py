"""The writer interface: an article is a structure of claims that cite sentence ids.

A writer never formats a timestamp or a link: it returns a ``Draft`` whose every claim names the
transcript sentences (by index) that support it. ``cite`` turns ids into timestamps from the
real sentence times, and ``link`` adds wikilinks to pages that exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..records import Sentence, VideoMeta


@dataclass(slots=True)
class Claim:
    """One prose sentence of an article and the transcript sentences that support it."""

    text: str
    sentence_ids: list[int]
    # Set by writers that verify their own claims (embedding similarity, 0..1); citation then
    # trusts it instead of the lexical check, which would reject every honest paraphrase.
    support: float | None = None


@dataclass(slots=True)
class Block:
    """A paragraph, or a bulleted list (``labels`` holds each bullet's bold label or None)."""

    kind: Literal["paragraph", "bullets"]
    claims: list[Claim]
    labels: list[str | None] = field(default_factory=list)
    speaker: str | None = None


@dataclass(slots=True)
class Section:
    heading: str
    level: int  # 2 for ##, 3 for ###
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Draft:
    """An article before citation and linking."""

    intro: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def claims(self) -> list[Claim]:
        out = [c for b in self.intro for c in b.claims]
        for section in self.sections:
            out.extend(c for b in section.blocks for c in b.claims)
        return out


@dataclass(slots=True)
class ArticleJob:
    """What a writer gets: the whole transcript, the topic's span, and what siblings cover."""

    video: VideoMeta
    title: str
    phrases: list[str]  # display forms of the topic's key phrases, best first
    sentences: list[Sentence]
    first: int
    last: int
    sibling_titles: list[str] = field(default_factory=list)


class Writer(Protocol):
    """A writer backend: one required method."""

    name: str

    def write(self, job: ArticleJob) -> Draft:
        """Write the article for ``job``; every claim cites sentence ids of ``job.sentences``."""
        ...
