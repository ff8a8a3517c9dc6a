"""Diarised JSON in AssemblyAI's shape: ``{utterances: [{speaker, start, end, text, words}]}``.

Times are milliseconds. Speakers are letters (``"A"``), kept as ``"Speaker A"``. A transcript
with only a ``words`` list is grouped into cues at speaker changes and sentence ends. ASR output,
so ``auto``.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Word


def matches(data: object) -> bool:
    return isinstance(data, dict) and (
        isinstance(data.get("utterances"), list)
        or (isinstance(data.get("words"), list) and "audio_url" in data)
    )


def _speaker(value: object) -> str | None:
    if not isinstance(value, str | int) or value == "":
        return None
    value = str(value)
    return f"Speaker {value}" if len(value) <= 2 else value


def _words(path: Path, items: object) -> list[tuple[Word, str | None]]:
    out = []
    for n, w in enumerate(items if isinstance(items, list) else []):
        if not isinstance(w, dict):
            continue
        try:
            s = parse_seconds(w.get("start"), scale=0.001)
            e = parse_seconds(w.get("end"), scale=0.001)
        except ValueError as exc:
            raise InputError(path, f"word {n}: {exc}") from None
        out.append((Word(str(w.get("text", "")).strip(), s, e), _speaker(w.get("speaker"))))
    return out


def parse(path: Path, data: dict[str, object]) -> Parsed:
    raws: list[RawCue] = []
    utterances = data.get("utterances")
    if isinstance(utterances, list) and utterances:
        for n, u in enumerate(utterances):
            if not isinstance(u, dict):
                raise InputError(path, f"utterance {n} is not an object")
            try:
                s = parse_seconds(u.get("start"), scale=0.001)
                e = parse_seconds(u.get("end"), scale=0.001)
            except ValueError as exc:
                raise InputError(path, f"utterance {n}: {exc}") from None
            words = [w for w, _ in _words(path, u.get("words"))]
            raws.append(
                RawCue(
                    s,
                    e,
                    [str(u.get("text") or "")],
                    speaker=_speaker(u.get("speaker")),
                    words=words or None,
                )
            )
    else:
        raws = _group(_words(path, data.get("words")))
    return Parsed(finish(path, "assemblyai-json", raws, auto=True))


def _group(words: list[tuple[Word, str | None]]) -> list[RawCue]:
    """Cues from a bare word list: a new cue at each speaker change and after each sentence."""
    raws: list[RawCue] = []
    run: list[Word] = []
    speaker: str | None = None

    def flush() -> None:
        if run:
            text = " ".join(w.text for w in run)
            raws.append(RawCue(run[0].start, run[-1].end, [text], speaker=speaker, words=list(run)))
            run.clear()

    for word, who in words:
        if not word.text:
            continue
        if run and who != speaker:
            flush()
        speaker = who
        run.append(word)
        if word.text[-1] in ".?!":
            flush()
    flush()
    return raws
