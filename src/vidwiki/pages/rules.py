"""The format's single source of truth: how a time is written and read, and how a slug is made."""

from __future__ import annotations

import re
import unicodedata

# --- the format's single source of truth -------------------------------------------------------

_HHMMSS_RE = re.compile(r"(\d{2,}):([0-5]\d):([0-5]\d)", re.ASCII)  # not "٠١:٠٠:٠٠"


def seconds_to_hhmmss(seconds: float) -> str:
    """Format a time as ``HH:MM:SS``, flooring fractions (a cue at 83.9 s is ``00:01:23``).

    Hours keep at least two digits and are never capped, so ``100:00:00`` is possible.
    """
    if seconds != seconds or seconds < 0 or seconds == float("inf"):
        raise ValueError(f"not a time in seconds: {seconds!r}")
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def hhmmss_to_seconds(text: str) -> int | None:
    """Parse a strict ``HH:MM:SS`` (MM and SS below 60); anything else gives None."""
    match = _HHMMSS_RE.fullmatch(text)
    if match is None:
        return None
    hours, minutes, secs = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def timestamp_anchor(seconds: float) -> str:
    """The citation anchor the reader's player seeks with, exactly as TubeGraph's Quartz expects."""
    stamp = seconds_to_hhmmss(seconds)
    return f'<a class="yt-timestamp" data-t="{stamp}">[{stamp}]</a>'


CANONICAL_ANCHOR_RE = re.compile(
    r'<a class="yt-timestamp" data-t="(\d{2,}:[0-5]\d:[0-5]\d)">\[\1\]</a>', re.ASCII
)
"""Exactly what :func:`timestamp_anchor` writes (group 1: the ``HH:MM:SS``): the checker calls any
other spelling malformed, and the reader's renderer turns only this one into a player timestamp."""


# Letters NFKD does not decompose but that have an obvious ASCII spelling (Đoković, Straße).
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
     "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}
)
_SLUG_DROP_RE = re.compile(r"[^a-z0-9 ]+")
_SLUG_UNDERSCORES_RE = re.compile(r"_+")


def slugify(title: str) -> str:
    """File stem for a title, per FORMAT.md: ``[a-z0-9_]`` only, never empty.

    Accents are transliterated first so "L'Hôpital" becomes ``lhopital`` rather than ``lhpital``;
    other characters (apostrophes, hyphens, punctuation) are dropped as TubeGraph does.
    """
    text = re.sub(r"\s", " ", title.translate(_TRANSLITERATE))
    # NFKD splits "ô" into "o" + a combining accent; the ASCII encode then drops the accent
    # together with everything else the slug rule would drop anyway.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _SLUG_DROP_RE.sub("", text).replace(" ", "_")
    text = _SLUG_UNDERSCORES_RE.sub("_", text).strip("_")
    return text or "untitled"


