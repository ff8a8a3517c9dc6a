"""What a page is made of, as read: anchors, fragments, links, the From: line, prose sentences."""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .rules import hhmmss_to_seconds

# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """One ``yt-timestamp`` anchor as written, well-formed or not.

    ``data_t`` is the raw attribute (None when missing), ``label`` the text between the tags.
    ``seconds`` is where a player would seek: strict ``HH:MM:SS`` is read as such, and the
    lenient forms TubeGraph also wrote (``83``, ``07:23``) are read the way its player would, so
    range checks still apply to them; None when the value is not a time at all.
    ``well_formed`` means the anchor is byte-for-byte what :func:`timestamp_anchor` writes.
    """

    line: int
    raw: str
    data_t: str | None
    label: str
    seconds: float | None
    well_formed: bool


@dataclass(frozen=True, slots=True)
class Fragment:
    """Something that looks like a timestamp but is not a well-formed anchor.

    ``kind`` is one of ``malformed-timestamp`` (bad ``data-t`` or markup), ``seconds-timestamp``
    (``data-t="83"``), ``label-mismatch`` (``[label]`` differs from ``data-t``) or
    ``bare-timestamp`` (``[00:01:23]`` text that no player can seek with).
    """

    line: int
    kind: str
    text: str
    message: str


@dataclass(frozen=True, slots=True)
class WikiLink:
    """``[[target]]``, ``[[target | label]]``, ``[[target#heading|label]]``; target trimmed."""

    line: int
    raw: str
    target: str
    heading: str | None
    label: str | None


@dataclass(frozen=True, slots=True)
class FromLine:
    """The ``From: [[channel]] <br/>`` line that links an article to its channel hub."""

    line: int
    channel: str
    raw: str


@dataclass(frozen=True, slots=True)
class ProseSentence:
    """A sentence of body prose with the anchors it carries (for the cited share).

    ``raw`` is the markdown as written; ``text`` is readable plain text (anchors removed,
    wikilinks replaced by their labels, emphasis markers dropped).
    """

    line: int
    raw: str
    text: str
    anchors: tuple[Anchor, ...]


@dataclass(eq=False)
class Page:
    """Everything the checker and the evaluator read from one page.

    Line numbers are 1-based lines of the whole file, front matter included.
    ``front_matter`` is always a dict; when the YAML is broken it is empty and
    ``front_matter_error`` says why (with ``front_matter_error_line``). ``fenced`` is True when
    the whole body (after the From: line) is one fenced code block opening at ``fence_line``;
    anchors and links inside such a wrapper are still read, those in ordinary code blocks not.
    """

    path: Path
    text: str
    has_front_matter: bool
    front_matter: dict[str, Any]
    front_matter_error: str | None
    front_matter_error_line: int | None
    body: str
    body_line: int
    anchors: list[Anchor]
    fragments: list[Fragment]
    links: list[WikiLink]
    from_line: FromLine | None
    fenced: bool
    fence_line: int | None = None
    _body_lines: list[str] = field(default_factory=list, repr=False)
    _skip_lines: frozenset[int] = field(default_factory=frozenset, repr=False)

    @property
    def title(self) -> str | None:
        return _text_value(self.front_matter.get("title"))

    @property
    def video_id(self) -> str | None:
        return _text_value(self.front_matter.get("videoId"))

    @property
    def duration(self) -> float | None:
        """Video length from front matter ``duration`` (seconds, or ``HH:MM:SS``), if usable."""
        value = self.front_matter.get("duration")
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):  # .inf, 1e999 or 400 digits: no length
            return float(value) if 0 < value <= sys.float_info.max else None
        if isinstance(value, str):
            value = value.strip()
            if re.fullmatch(r"\d+(\.\d+)?", value):
                return float(value) if 0 < float(value) < math.inf else None
            parsed = hhmmss_to_seconds(value)
            return float(parsed) if parsed else None
        return None

    @cached_property
    def sentences(self) -> list[ProseSentence]:
        """Body prose split into sentences; computed on first use (the checker never needs it)."""
        from .prose import _sentences  # prose reads these records: imported late, no cycle

        return _sentences(self._body_lines, self.body_line, self.from_line, self._skip_lines)


def _text_value(value: Any) -> str | None:
    """Front matter scalars as text: YAML turns ``videoId: 12345`` into an int, ``title: yes``
    into True; both are still meant as text. Empty values count as missing."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


