"""YouTube rolling captions (auto-generated ASR and paint-on broadcast tracks) to words, once each.

A rolling track shows a two-line window. Every cue repeats the line shown before it and adds one
new line, whose words carry inline timings (``Welcome<00:00:00.800><c> to</c>…``); a 10 ms
"snapshot" cue then repeats the window without timings. Read naively, every phrase appears twice
or three times. Here:

* 10 ms snapshot cues are dropped;
* of each remaining cue only the *new* lines count: a line with inline timings, or one that the
  previous cue did not show (the carried-over first line is skipped);
* fragments become words: a fragment starting with a space starts a word, one without continues
  it, so paint-on captions (``C`` + ``HO`` + ``IC`` + ``E `` → ``CHOICE``) join inside words and
  word-timed ASR splits between them; the first word takes the cue start;
* ``>>`` (``&gt;&gt;``) starts a new cue with ``speaker_change``; ``[music]`` and the ``[ __ ]``
  profanity mask are dropped from the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidwiki.ingest.base import RawCue
from vidwiki.ingest.clean import decode_entities, is_sound_label, plain, strip_markup
from vidwiki.ingest.timecode import parse_clock
from vidwiki.records import Word

if TYPE_CHECKING:
    from vidwiki.ingest.vtt import VttCue

SNAPSHOT = 0.011  # seconds: YouTube's repeat-the-window cues last 10 ms
_TIME_SPLIT = re.compile(r"<(\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3})>")
_INLINE_TIME = _TIME_SPLIT
_SPACE_CHARS = re.compile(r"[\u00a0\u202f\u2007\t]")
_OPEN, _CLOSE = "[(", "])"


@dataclass(slots=True)
class _Token:
    text: str
    start: float
    turn: bool = False


def parse_rolling(cues: Sequence[VttCue]) -> list[RawCue]:
    """Raw cues holding each spoken word once, with ``Cue.words`` from the inline timings."""
    raws: list[RawCue] = []
    seen: set[str] = set()
    for cue in cues:
        cleaned = [plain(line) for line in cue.lines]
        previous, seen = seen, {c for c in cleaned if c}
        if cue.end - cue.start <= SNAPSHOT:
            continue
        tokens: list[_Token] = []
        for line, text in zip(cue.lines, cleaned, strict=True):
            if text and (_INLINE_TIME.search(line) or text not in previous):
                tokens.extend(_line_tokens(line, cue.start))
        raws.extend(_group(_drop_sounds(tokens), cue))
    return raws


def _line_tokens(line: str, cue_start: float) -> list[_Token]:
    """Split a line at its inline timings into word tokens; fragments join inside words."""
    parts = _TIME_SPLIT.split(line)
    fragments = [(parts[0], cue_start)]
    for k in range(1, len(parts) - 1, 2):
        try:
            fragments.append((parts[k + 1], parse_clock(parts[k])))
        except ValueError:
            fragments.append((parts[k + 1], fragments[-1][1]))
    tokens: list[_Token] = []
    new_word = True  # a new line always starts a new word
    for raw, start in fragments:
        text = _SPACE_CHARS.sub(" ", decode_entities(strip_markup(raw)[0]))
        if not text:
            continue
        pieces = text.split()
        if not pieces:
            new_word = True
            continue
        if new_word or text[0].isspace() or not tokens:
            tokens.append(_Token(pieces[0], start))
        else:
            tokens[-1].text += pieces[0]
        tokens.extend(_Token(p, start) for p in pieces[1:])
        new_word = text[-1].isspace()
    if tokens and tokens[0].text in {"-", "–"}:  # "- " opens a turn in human captions
        tokens = tokens[1:]
        if tokens:
            tokens[0].turn = True
    return tokens


def _drop_sounds(tokens: list[_Token]) -> list[_Token]:
    """Remove ``>>`` markers (flagging the next word) and bracketed sound labels."""
    out: list[_Token] = []
    turn = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text.startswith(">>"):
            turn = True
            rest = tok.text.lstrip(">")
            if not rest:
                i += 1
                continue
            tok = _Token(rest, tok.start)
        if tok.text[0] in _OPEN:
            j = _closing(tokens, i, tok.text[0])
            if j is not None:
                rest = [tok.text] + [t.text for t in tokens[i + 1 : j + 1]]
                group = " ".join(rest).rstrip(".,!?;:")
                if is_sound_label(group[1:-1], bracket=tok.text[0]):
                    turn = turn or tok.turn
                    i = j + 1
                    continue
        if all(c in "♪♫♬" for c in tok.text):
            i += 1
            continue
        out.append(_Token(tok.text, tok.start, tok.turn or turn))
        turn = False
        i += 1
    return out


def _closing(tokens: list[_Token], i: int, opener: str) -> int | None:
    """Index of the token closing the bracket opened at ``tokens[i]`` (within ten words)."""
    close = _CLOSE[_OPEN.index(opener)]
    for j in range(i, min(i + 10, len(tokens))):
        if tokens[j].text.rstrip(".,!?;:").endswith(close):
            return j
    return None


def _group(tokens: list[_Token], cue: VttCue) -> list[RawCue]:
    """One raw cue per run of words between speaker changes; word ends are the next start."""
    if not tokens:
        return []
    runs: list[list[_Token]] = [[]]
    for tok in tokens:
        if tok.turn and runs[-1]:
            runs.append([])
        runs[-1].append(tok)
    raws: list[RawCue] = []
    for n, run in enumerate(runs):
        start = run[0].start  # the cue start, unless a leading [music] was dropped
        end = runs[n + 1][0].start if n + 1 < len(runs) else cue.end
        words = [
            Word(t.text, t.start, run[k + 1].start if k + 1 < len(run) else end)
            for k, t in enumerate(run)
        ]
        text = " ".join(t.text for t in run)
        line = (">> " if run[0].turn else "") + text
        raws.append(RawCue(start, end, [line], line=cue.line, words=words))
    return raws
