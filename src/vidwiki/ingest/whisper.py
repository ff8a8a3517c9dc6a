"""Whisper segment JSON: ``{segments: […]}``, a bare segment list, and Replicate's wrapper.

Replicate wraps the result as ``{status, output: {detected_language, segments, …}}``; a failed
prediction has ``output: null`` and is an error ("failed prediction, no segments"), not an empty
track. Whisper is ASR, so these tracks are always ``auto``. Segment ``words`` (``word_timestamps``
or WhisperX) become ``Cue.words``. ``detected_language`` is kept as a hint only: Whisper labels
some English videos Javanese or Welsh, so the sidecar's language wins in ``discover``. A segment
that is only "music" (Whisper's way of writing a music bed) is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Word

_LANGUAGES = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "japanese": "ja",
    "chinese": "zh",
    "russian": "ru",
}


# Whisper writes music and silence as a bare word in an otherwise empty segment
_BARE_SOUND = re.compile(
    r"^\W*(?:music|applause|laughter|silence|no speech|blank audio)\W*$", re.IGNORECASE
)


def matches(data: object) -> bool:
    if isinstance(data, dict):
        return "segments" in data or ("output" in data and ("status" in data or "version" in data))
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and {"start", "end", "text"} <= data[0].keys()
    )


def language_code(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    return _LANGUAGES.get(name.lower(), name if len(name) <= 3 else None)


def parse(path: Path, data: object) -> Parsed:
    language = None
    if isinstance(data, dict) and "output" in data and "segments" not in data:
        output = data.get("output")
        if not isinstance(output, dict):
            status = data.get("status") or "unknown"
            raise InputError(path, f"failed prediction, no segments (status: {status})")
        data = output
    if isinstance(data, dict):
        language = language_code(data.get("detected_language") or data.get("language"))
        segments = data.get("segments")
    else:
        segments = data
    if not isinstance(segments, list):
        raise InputError(path, "no segments list")
    raws = [_segment(path, n, seg) for n, seg in enumerate(segments)]
    raws = [r for r in raws if _BARE_SOUND.sub("", " ".join(r.lines)).strip()]
    return Parsed(finish(path, "whisper-json", raws, auto=True, language=language))


def _segment(path: Path, n: int, seg: object) -> RawCue:
    if not isinstance(seg, dict):
        raise InputError(path, f"segment {n} is not an object")
    try:
        start, end = parse_seconds(seg.get("start")), parse_seconds(seg.get("end"))
    except ValueError as exc:
        raise InputError(path, f"segment {n}: {exc}") from None
    text = seg.get("text")
    words = []
    for w in seg.get("words") or []:
        if isinstance(w, dict):
            try:
                token = str(w.get("word", w.get("text", ""))).strip()
                ws, we = parse_seconds(w.get("start")), parse_seconds(w.get("end"))
            except ValueError:
                continue  # WhisperX leaves numbers unaligned: keep the word in the text only
            if token:
                words.append(Word(token, ws, we))
    speaker = seg.get("speaker")  # WhisperX diarisation: "SPEAKER_00"
    return RawCue(
        start,
        end,
        [text if isinstance(text, str) else ""],
        speaker=speaker if isinstance(speaker, str) and speaker else None,
        words=words or None,
    )
