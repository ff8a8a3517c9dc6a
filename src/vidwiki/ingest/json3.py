"""YouTube ``json3`` (``fmt=json3``): ``{events: [{tStartMs, dDurationMs, segs: [{utf8, tOffsetMs}]}]}``.

Events without ``segs`` are window definitions and newline-only events are appends; both carry no
speech. Segment offsets give word starts (``Cue.words``). ASR tracks mark segments with
``acAsrConf``: that is metadata, so it decides ``auto``.
"""

from __future__ import annotations

from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed, RawCue
from vidwiki.ingest.timecode import parse_seconds
from vidwiki.ingest.track import finish
from vidwiki.records import Word


def matches(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("events"), list)


def parse(path: Path, data: dict[str, object]) -> Parsed:
    events = data["events"]
    assert isinstance(events, list)
    raws: list[RawCue] = []
    asr = False
    for n, ev in enumerate(events):
        if not isinstance(ev, dict) or not isinstance(ev.get("segs"), list):
            continue
        try:
            start = parse_seconds(ev.get("tStartMs", 0), scale=0.001)
            end = start + parse_seconds(ev.get("dDurationMs", 0), scale=0.001)
        except ValueError as exc:
            raise InputError(path, f"event {n}: {exc}") from None
        segs = [s for s in ev["segs"] if isinstance(s, dict)]
        text = "".join(str(s.get("utf8", "")) for s in segs)
        if not text.strip():
            continue
        asr = asr or any("acAsrConf" in s for s in segs)
        words = _words(segs, start, end) if len(segs) > 1 else None
        raws.append(RawCue(start, end, text.splitlines(), words=words))
    return Parsed(finish(path, "json3", raws, auto=asr))


def _words(segs: list[dict[str, object]], start: float, end: float) -> list[Word] | None:
    timed = []
    for s in segs:
        token = str(s.get("utf8", "")).strip()
        if not token:
            continue
        try:
            t = start + parse_seconds(s.get("tOffsetMs", 0), scale=0.001)
        except ValueError:
            return None
        timed.append((token, t))
    return [
        Word(tok, t, timed[k + 1][1] if k + 1 < len(timed) else end)
        for k, (tok, t) in enumerate(timed)
    ] or None
