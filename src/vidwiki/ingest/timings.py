"""3Blue1Brown's ``sentence_timings.json`` and ``word_timings.json``: ``[[text, start, end], …]``.

Sentence timings are the most precise human track there is (one cue per sentence,
``CaptionTrack.sentences``). Word timings (``[" word", start, end]``, leading space, punctuation
attached) become ``VideoSource.words``; only when a video has nothing better do they make a track
of their own, grouped into sentence-sized cues.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Word

MAX_WORDS_PER_CUE = 40
PAUSE = 2.0  # seconds of silence that end a word-timings cue


def matches(data: object) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(x, list) and len(x) >= 3 and isinstance(x[0], str) for x in data[:20])
    )


def is_word_list(path: Path, data: list[list[object]]) -> bool:
    """``word_timings`` by name, else by shape: single tokens with a leading space."""
    if "word" in path.name.lower():
        return True
    if "sentence" in path.name.lower():
        return False
    sample = [str(x[0]) for x in data[:200]]
    single = sum(1 for s in sample if s.startswith(" ") and " " not in s.strip())
    return single * 10 >= len(sample) * 9


def _rows(path: Path, data: list[list[object]]) -> list[tuple[str, float, float]]:
    rows = []
    for n, item in enumerate(data):
        if not (isinstance(item, list) and len(item) >= 3 and isinstance(item[0], str)):
            raise InputError(path, f"entry {n} is not [text, start, end]")
        try:
            rows.append((item[0], parse_seconds(item[1]), parse_seconds(item[2])))
        except ValueError as exc:
            raise InputError(path, f"entry {n}: {exc}") from None
    return rows


def parse(path: Path, data: list[list[object]]) -> Parsed:
    rows = _rows(path, data)
    if is_word_list(path, data):
        return Parsed(finish(path, "word-timings", _word_cues(rows), auto=False))
    raws = [RawCue(s, e, [text]) for text, s, e in rows]
    return Parsed(finish(path, "sentence-timings", raws, auto=False, sentences=True))


def _word_cues(rows: list[tuple[str, float, float]]) -> list[RawCue]:
    """Group words into cues at sentence ends, long pauses, or every 40 words."""
    raws: list[RawCue] = []
    words: list[Word] = []

    def flush() -> None:
        if words:
            text = " ".join(w.text for w in words)
            raws.append(RawCue(words[0].start, words[-1].end, [text], words=list(words)))
            words.clear()

    for text, start, end in rows:
        token = text.strip()
        if not token:
            continue
        if words and start - words[-1].end > PAUSE:
            flush()
        words.append(Word(token, start, max(end, start)))
        if token[-1] in ".?!" or len(words) >= MAX_WORDS_PER_CUE:
            flush()
    flush()
    return raws
