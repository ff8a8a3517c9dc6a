"""Read and write the pieces of a TubeGraph-format page.

vidwiki writes the page format of TubeGraph (see ``../shared/format/FORMAT.md``) and later reads
pages back: ``vidwiki check`` looks for defects, ``vidwiki eval`` measures them. Both readers and
the renderer go through this module, so the timestamp and slug rules live in exactly one place:
the renderer calls :func:`timestamp_anchor` and :func:`slugify`, the readers call
:func:`parse_page`.

Parsing is deliberately lenient: a page is someone else's output (TubeGraph's, or an old vidwiki
run), so nothing here raises on bad content. Malformed front matter, anchors and timestamps are
reported as data (``Page.front_matter_error``, ``Page.fragments``) for the checker to judge.
"""

from __future__ import annotations

from .model import Anchor, Fragment, FromLine, Page, ProseSentence, WikiLink
from .parse import parse_page
from .rules import (
    CANONICAL_ANCHOR_RE,
    hhmmss_to_seconds,
    seconds_to_hhmmss,
    slugify,
    timestamp_anchor,
)

__all__ = [
    "CANONICAL_ANCHOR_RE",
    "Anchor",
    "Fragment",
    "FromLine",
    "Page",
    "ProseSentence",
    "WikiLink",
    "hhmmss_to_seconds",
    "parse_page",
    "seconds_to_hhmmss",
    "slugify",
    "timestamp_anchor",
]
