"""Web-player scrape CSV: ``video_id,lang,text,timecode`` sampled about twice a second.

One file holds the human track (``lang`` "English") and the ASR track ("English
(auto-generated)"). The human rows win; the ASR rows become an extra track (an alternative in
``discover``). ``timecode`` is the player display ``m:ss / total``, so times have one-second
resolution (a second row within one second is taken as half a second later); the total gives
the duration.

* Human rows: consecutive rows showing the same text are one cue, from the first row's time to the
  time the text changed (an empty row clears the screen).
* ASR rows show a rolling window that slides by a few words; each row adds only the words that
  do not continue the previous window, so every word appears once, timed by the row that first
  showed it. Rows reading ``ERROR IN PARSING`` are scraper noise and are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.clean import plain, strip_non_speech
from vidwiki.ingest.timecode import parse_clock
from vidwiki.ingest.track import finish

_REQUIRED = {"text", "timecode"}
_LANGUAGES = {"english": "en", "spanish": "es", "french": "fr", "german": "de"}
_NORM = re.compile(r"[^\w']+")


def sniff(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return "timecode" in header and "text" in header


def _is_auto(lang: str) -> bool:
    return "auto" in lang.lower()


def _language(lang: str) -> str | None:
    return _LANGUAGES.get(lang.split("(")[0].strip().lower())


def parse(path: Path, text: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(text, newline=""))  # CR, LF and CRLF rows alike
    try:  # reading the header reads the first row, which can be malformed too
        fields = {f.strip().lower() for f in reader.fieldnames or []}
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", reader.line_num) from None
    if not fields >= _REQUIRED:
        raise InputError(path, "CSV without 'text' and 'timecode' columns", 1)
    rows: list[tuple[str, str, float, int]] = []  # lang, text, time, line
    video_id = None
    duration = None
    same_second: dict[str, tuple[float, int]] = {}
    try:
        for row in reader:
            row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
            line = reader.line_num
            try:
                t = parse_clock(row["timecode"])
            except ValueError as exc:
                raise InputError(path, f"bad timecode: {exc}", line) from None
            if duration is None and "/" in row["timecode"]:
                try:
                    duration = parse_clock(row["timecode"].split("/", 1)[1])
                except ValueError:
                    duration = None
            video_id = video_id or row.get("video_id") or None
            lang = row.get("lang", "")
            # the display shows whole seconds and rows come twice a second: the second row
            # within one second is half a second later
            same = same_second.get(lang)
            k = same[1] + 1 if same and same[0] == t else 0
            same_second[lang] = (t, k)
            rows.append((lang, row["text"], t + min(0.5 * k, 0.9), line))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", reader.line_num) from None
    human_langs = [lang for lang, *_ in rows if not _is_auto(lang)]
    chosen = next((x for x in human_langs if x.lower().startswith("english")), None)
    chosen = chosen if chosen is not None else (human_langs[0] if human_langs else None)
    tracks = []
    human = [r for r in rows if r[0] == chosen] if chosen is not None else []
    if any(r[1].strip() for r in human):
        tracks.append(
            finish(
                path,
                "player-csv",
                _human_cues(human, duration),
                auto=False,
                language=_language(chosen or ""),
            )
        )
    auto_rows = [r for r in rows if _is_auto(r[0])]
    if any(r[1].strip() for r in auto_rows):
        lang = auto_rows[0][0]
        tracks.append(
            finish(path, "player-csv", _auto_cues(auto_rows), auto=True, language=_language(lang))
        )
    if not tracks:
        raise InputError(path, "no caption rows with text")
    return Parsed(tracks[0], video_id=video_id, duration=duration, extra=tracks[1:])


def _human_cues(rows: list[tuple[str, str, float, int]], duration: float | None) -> list[RawCue]:
    raws: list[RawCue] = []
    current: RawCue | None = None
    shown = None
    for _, text, t, line in rows:
        if text == shown:
            continue
        if current is not None:
            current.end = t if t > current.start else current.start + 0.5
        shown = text
        current = RawCue(t, t, text.splitlines(), line=line) if text.strip() else None
        if current is not None:
            raws.append(current)
    if current is not None:
        current.end = min(current.start + 1.0, duration) if duration else current.start + 1.0
    return raws


def _tokens(text: str) -> list[str]:
    return strip_non_speech(plain(text)).split()


def _key(token: str) -> str:
    return _NORM.sub("", token.lower())


def _auto_cues(rows: list[tuple[str, str, float, int]]) -> list[RawCue]:
    raws: list[RawCue] = []
    previous: list[str] = []
    for _, text, t, line in rows:
        if "ERROR IN PARSING" in text:
            continue
        tokens = _tokens(text)
        if not tokens:
            previous = []  # the window was cleared: the next row starts afresh
            continue
        new = tokens[_overlap([_key(x) for x in previous], [_key(x) for x in tokens]) :]
        previous = tokens
        if new:
            raws.append(RawCue(t, t, [" ".join(new)], line=line))
    for cur, nxt in zip(raws, raws[1:], strict=False):
        cur.end = nxt.start if nxt.start > cur.start else cur.start + 0.5
    if raws:
        raws[-1].end = raws[-1].start + 1.0
    return raws


def _overlap(previous: list[str], current: list[str]) -> int:
    """How many leading words of ``current`` the previous window already showed."""
    n = len(current)
    for i in range(len(previous) - n + 1):  # the whole row was already on screen
        if previous[i : i + n] == current:
            return n
    for k in range(min(len(previous), n), 0, -1):  # the window slid: suffix == prefix
        if previous[-k:] == current[:k]:
            return k
    return 0
