"""Timestamp syntaxes found in caption files, turned into float seconds.

One tolerant parser serves every format, so ``00:00:04,220`` (SRT), ``00:04.220`` (WebVTT without
hours), ``1:00:02.280`` (one-digit hour), ``(00:03:27)`` (Lex Fridman paragraphs) and
``2:13 / 33:59`` (player display) all mean what they say. Bad values raise ``ValueError``; the
caller turns that into an ``InputError`` naming the line. A time past 24 h is bad too: YouTube
caps uploads and live archives at 12 h, so such a time is a corrupted file (or a pasted
epoch), and one cue at a billion seconds would make every other timestamp meaningless.
"""

from __future__ import annotations

import math
import re

MAX_SECONDS = 24 * 3600.0
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{2})(?:[.,](\d+))?$")


def parse_clock(text: str) -> float:
    """``[H:]MM:SS[.mmm|,mmm]`` (also bracketed ``(HH:MM:SS)`` and ``m:ss / total``) → seconds."""
    s = text.strip().strip("()[]").strip()
    if "/" in s:  # player display "2:13 / 33:59": the position is the left part
        s = s.split("/", 1)[0].strip()
    m = _CLOCK.match(s)
    if not m:
        raise ValueError(f"bad timestamp {text.strip()!r}")
    hours, minutes, seconds, frac = m.groups()
    h = int(hours) if hours is not None else 0
    mi, se = int(minutes), int(seconds)
    if se >= 60 or (hours is not None and mi >= 60):
        raise ValueError(f"bad timestamp {text.strip()!r}")
    value = h * 3600 + mi * 60 + se
    if value > MAX_SECONDS:
        raise ValueError(f"time {text.strip()!r} is past 24 h")
    if frac:  # rounded so 00:00:03.280 is 3.28, not 3.2800000000000002
        return round(value + int(frac) / 10 ** len(frac), max(3, len(frac)))
    return float(value)


def parse_seconds(value: object, *, scale: float = 1.0) -> float:
    """A JSON/XML number (or numeric string) of seconds, or of ms with ``scale=0.001``.

    Rejects booleans, NaN, infinities and negatives so no track ever carries an impossible time.
    """
    if type(value) is float or (type(value) is int and abs(value) < 1 << 60):  # the common case
        number = value * scale
        if 0 <= number <= MAX_SECONDS:  # NaN fails both
            return float(number)
        if number > MAX_SECONDS and number != math.inf:
            raise ValueError(f"time {value!r} is past 24 h")
        raise ValueError(f"bad time {value!r}")
    if isinstance(value, bool) or value is None:
        raise ValueError(f"bad time {value!r}")
    if isinstance(value, str):
        value = value.strip().rstrip("s")
    try:
        number = float(value) * scale  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"bad time {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"bad time {value!r}")
    if number > MAX_SECONDS:
        raise ValueError(f"time {value!r} is past 24 h")
    return number


def looks_like_clock(text: str) -> bool:
    """True for a line holding only a timestamp (the transcript-panel copy-paste)."""
    return bool(_CLOCK.match(text.strip()))
