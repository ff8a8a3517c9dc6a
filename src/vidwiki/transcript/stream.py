"""One token stream for a whole track: every word with its own time, speaker and turn flag.

Cue boundaries rarely coincide with sentence boundaries (README §8), so sentences are cut from a
single stream of words rather than from cues. Each word gets a time: from real word timings when
they exist (``VideoSource.words`` or inline ``Cue.words``), otherwise by linear interpolation on its
character position inside its cue — the "char → time map", kept per word because sentences only
ever start and end at word edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vidwiki.records import Cue
from vidwiki.transcript.text import normalise, strip_non_speech

# YouTube auto-captions mark an anonymous speaker change with ">>" (README §7).
_TURN_MARKS = frozenset({">>", "&gt;&gt;", "»"})


@dataclass(slots=True)
class Token:
    """A whitespace-delimited word with attached punctuation, as it appears in the text."""

    text: str
    start: float
    end: float
    speaker: str | None = None
    turn: bool = False  # first word of a new speaker turn: always starts a sentence
    cue_first: bool = False  # first word of a cue: a weak boundary hint for unpunctuated text


@dataclass(slots=True)
class CleanCue:
    """A cue reduced to what sentence building needs: normalised text and resolved speaker."""

    start: float
    end: float
    text: str
    speaker: str | None
    turn: bool
    cue: Cue


def clean_cues(cues: Sequence[Cue]) -> list[CleanCue]:
    """Normalise text, drop empty cues, order by start and resolve who is speaking.

    A named speaker continues until another name or an anonymous turn (``speaker_change``); an
    anonymous turn makes the speaker unknown. Sorting is stable, so cues sharing a timestamp keep
    their text order (the hanoi alignment failure).
    """
    ordered = sorted(cues, key=lambda c: c.start if c.start == c.start else 0.0)
    out: list[CleanCue] = []
    speaker: str | None = None
    pending_turn = False
    for cue in ordered:
        text = normalise(strip_non_speech(cue.text))
        turn = cue.speaker_change
        if cue.speaker:
            turn = turn or (speaker is not None and cue.speaker != speaker)
            speaker = cue.speaker
        elif cue.speaker_change:
            speaker = None
        if not text or not any(ch.isalnum() for ch in text):
            pending_turn = pending_turn or turn  # a turn on a dropped cue applies to the next one
            continue
        out.append(CleanCue(cue.start, cue.end, text, speaker, turn or pending_turn, cue))
        pending_turn = False
    return out


def tokens_from_cues(
    cues: Sequence[CleanCue], spans: Sequence[tuple[float, float]], keep_whole: int = 0
) -> list[Token]:
    """Split each cue into words and interpolate each word's time on its character offsets.

    With ``keep_whole``, a cue of at most that many words stays one token: sentence tracks only
    need words for the run-ons they split, and this keeps a whole channel well under a second.
    """
    tokens: list[Token] = []
    append = tokens.append
    for cue, (start, end) in zip(cues, spans, strict=True):
        text = cue.text
        if text.count(" ") < keep_whole and ">" not in text and "»" not in text:
            append(Token(text, start, end, cue.speaker, cue.turn, True))
            continue
        size = len(text)
        rate = (end - start) / size if size else 0.0
        turn = cue.turn
        first = True
        offset = 0
        for word in text.split(" "):
            lo = offset
            offset += len(word) + 1
            if word in _TURN_MARKS:
                turn = True
                continue
            append(
                Token(
                    word,
                    start + rate * lo,
                    start + rate * (lo + len(word)),
                    cue.speaker,
                    turn,
                    first,
                )
            )
            turn = False
            first = False
    return tokens
