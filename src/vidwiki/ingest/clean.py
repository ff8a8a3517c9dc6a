"""Clean-ups every caption format shares: markup, entities, whitespace, sound cues, speakers, times.

Parsers produce ``RawCue``s with text as written; ``build_cues`` turns them into ``Cue``s whose
text is plain speech. The rules, and why they look the way they do:

* Only known caption tags are stripped (``<i> <b> <u> <c.colorE5E5E5> <v Name> <font>`` and
  inline ``<00:00:01.120>`` timings), *before* entities are decoded, so ``x &lt; y`` in the source
  stays ``x < y`` in the text instead of being eaten as a tag.
* Entities are decoded up to three times: YouTube double-escapes (``&amp;#39;`` → ``'``). Only
  ``&name;`` forms with the semicolon count, so ``AT&T`` or ``&notes`` survive.
* Sound cues are recognised by shape and vocabulary, not by brackets alone: ``(air whooshing)``,
  ``[Music]``, ``[inaudible 00:13:26]`` and the profanity mask ``[ __ ]`` go; ``(the encoder)``,
  ``loss.backward()`` and ``[CLS]`` are speech and stay.
* Speaker markers (``>>``, a leading ``- ``, ``[Name]``, ``NAME:``, ``SPEAKER_00:``, ``<v Name>``)
  move into ``Cue.speaker``/``speaker_change``. A cue holding two turns becomes two cues that
  share its time span in proportion to their text.
* Times are repaired last (``repair_times``): sorted, no negative/NaN values, no overlaps.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vidwiki.ingest.base import RawCue
from vidwiki.records import Cue, Word

# --- markup and entities ---------------------------------------------------------------------

_TIME_TAG = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_CAPTION_TAG = re.compile(
    r"</?(?:c|i|b|u|v|s|lang|ruby|rt|font|span|em|strong)(?:[.\s][^<>]*)?/?>"
    r"|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>|<br\s*/?>|\{\\an?\d+\}",
    re.IGNORECASE,
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^<>]+?)\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def strip_markup(text: str) -> tuple[str, str | None]:
    """Remove caption tags; return the text and the ``<v Name>`` voice, if any."""
    voice = _VOICE.search(text)
    return _CAPTION_TAG.sub("", text), (voice.group(1).strip() if voice else None)


def decode_entities(text: str) -> str:
    """Decode HTML entities, repeatedly for double-escaped text (``&amp;#39;`` → ``'``)."""
    for _ in range(3):
        if "&" not in text:
            break
        new = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if new == text:
            break
        text = new
    return text


def normalize_space(text: str) -> str:
    """NBSP and friends to spaces, invisible characters (BOM, ZWSP) out, runs collapsed."""
    if text.isascii() and "  " not in text and not any(c in text for c in "\t\r\n\f\v"):
        return text.strip()  # the common case, without the regular expressions
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def plain(text: str) -> str:
    """Markup stripped, entities decoded, whitespace normalised: the comparable form of a line."""
    return normalize_space(decode_entities(strip_markup(text)[0]))


# --- non-speech ------------------------------------------------------------------------------

_SOUND_WORDS = re.compile(
    r"\b(?:music(?:al)?|applau\w*|laugh\w*|chuckl\w*|giggl\w*|sigh(?:s|ing|ed)?|cough\w*|"
    r"cheer(?:s|ing)?|clap\w*|scream\w*|shout\w*|yell\w*|whoosh\w*|swoosh\w*|whoos\w*|whirl\w*|"
    r"ripple\w*|chatter\w*|murmur\w*|indistinct\w*|inaudible|crosstalk|foreign|silence|"
    r"noises?|sound(?:s| effects?)?|beep\w*|bleep\w*|buzz\w*|thud\w*|gasp\w*|groan\w*|sniff\w*|"
    r"sob(?:s|bing)?|static|footsteps?|whistl\w*|snap(?:s|ping)?|click\w*|knock\w*|"
    r"hum(?:s|ming)?|upbeat|guitar|piano|drums?|song|sings?|singing|plays|playing|outro|intro|"
    r"gurgl\w*|coo(?:s|ing)?|throat|breath\w*|exhal\w*|inhal\w*|blank_audio|no audio|"
    r"grunt\w*|rumbl\w*|bells?|ring(?:s|ing)|sirens?|bark(?:s|ing)?|pop(?:s|ping)|"
    r"strik(?:es|ing)|speaking \w+|crying|cries|soft|dramatic|tense|ominous|suspenseful)\b",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_PARENS = re.compile(r"\(([^()]*)\)")
_HAS_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_LETTERS_ONLY = re.compile(r"^[A-Za-z][A-Za-z' -]*$")
_NOTES = re.compile(r"[♪♫♬]+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_HAS_WORD = re.compile(r"\w")


def is_sound_label(content: str, *, bracket: str) -> bool:
    """Whether the text inside ``[...]`` or ``(...)`` is a sound/non-speech label."""
    inner = normalize_space(content)
    if not inner or set(inner) <= set("_ "):  # [ __ ] profanity mask, [] and ()
        return bracket == "["
    words = inner.split()
    if _SOUND_WORDS.search(inner) and len(words) <= 7:
        return True
    if bracket == "[":
        if _HAS_CLOCK.search(inner) or '"' in inner or "“" in inner or "_" in inner:
            return True
        # lowercase descriptions such as [baby giggles] or [clears throat]; not [a, b] or [0, 1]
        return bool(_LETTERS_ONLY.match(inner)) and inner[0].islower()
    # parentheses carry speech too ("(the encoder)"): only short lowercase "-ing" descriptions
    return (
        bool(_LETTERS_ONLY.match(inner))
        and inner[0].islower()
        and len(words) <= 3
        and words[-1].endswith("ing")
    )


def strip_non_speech(text: str) -> str:
    """Drop sound labels, the profanity mask and music notes from ``text``."""
    if not any(c in text for c in "[(♪♫♬"):
        return text
    removed = False

    def drop(match: re.Match[str]) -> str:
        nonlocal removed
        if is_sound_label(match.group(1), bracket=match.group(0)[0]):
            removed = True
            return " "
        return match.group(0)

    out = _PARENS.sub(drop, _BRACKETS.sub(drop, text))
    if _NOTES.search(out):
        out, removed = _NOTES.sub(" ", out), True
    if removed:
        out = _SPACE_BEFORE_PUNCT.sub(r"\1", normalize_space(out))
        out = out.lstrip(",.;:!? ").strip()
    return out


# --- speakers --------------------------------------------------------------------------------

_DASH_TURN = re.compile(r"^[-–—]\s+|^[-–—]$")
_INNER_DASH_TURN = re.compile(r"(?<=[.?!\]\)])\s+[-–]\s+(?=\S)")
_BRACKET_NAME = re.compile(r"^\[([^\[\]]{1,40})\]\s*(.*)$")
_LABEL = re.compile(
    r"^(SPEAKER[ _]?\d{1,2}|Speaker \d{1,2}|[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2}):\s+(\S.*)$"
)
_NOT_NAMES = frozenset(
    {
        "THE",
        "A",
        "AN",
        "AND",
        "OR",
        "BUT",
        "SO",
        "IF",
        "OK",
        "OKAY",
        "NOTE",
        "WARNING",
        "PS",
        "NB",
        "QUESTION",
        "ANSWER",
        "STEP",
        "PART",
        "TIP",
        "EDIT",
        "UPDATE",
        "CHAPTER",
        "NEXT",
        "NOW",
        "HERE",
        "THIS",
        "THAT",
        "IT",
        "IS",
        "WAS",
        "YES",
        "NO",
        "WELL",
    }
)
_NAME = re.compile(r"^[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}$")


def _is_name(text: str) -> bool:
    """``Betsy``, ``Dr. Jane Doe``, ``MATT``; not ``CLS``/``SEP`` tokens or sound labels."""
    if not _NAME.match(text) or _SOUND_WORDS.search(text) or "_" in text:
        return False
    return any(c.islower() for c in text) or (text.isalpha() and len(text) >= 4)


def split_turns(line: str) -> list[tuple[bool, str]]:
    """Split a line at speaker-turn markers; each piece says whether it opens a new turn.

    ``>> a >> b`` and ``- PSH. - YOU WANNA GO?`` hold two turns each; a leading ``- `` opens one.
    """
    if ">>" not in line and line[:1] not in "-–—":
        return [(False, line.strip())]
    pieces: list[tuple[bool, str]] = []
    for i, part in enumerate(re.split(r">>+", line)):
        part = part.strip()
        turn = i > 0
        if _DASH_TURN.match(part):
            turn = True
            part = _DASH_TURN.sub("", part, count=1)
            subparts = _INNER_DASH_TURN.split(part)
        else:
            subparts = [part]
        for j, sub in enumerate(subparts):
            pieces.append((turn or j > 0, sub.strip()))
    return pieces


def extract_label(text: str) -> tuple[str | None, str]:
    """A leading speaker label (``[Betsy] …``, ``NINA TOTENBERG: …``, ``SPEAKER_00: …``)."""
    if not text.startswith("[") and ":" not in text[:40]:
        return None, text
    m = _BRACKET_NAME.match(text)
    if m and _is_name(m.group(1).strip()):
        return m.group(1).strip(), m.group(2)
    m = _LABEL.match(text)
    if m and not (set(m.group(1).split()) & _NOT_NAMES) and not _SOUND_WORDS.search(m.group(1)):
        name = m.group(1)
        if name.isupper() and not name.startswith("SPEAKER"):
            name = name.title()
        return name, m.group(2)
    return None, text


# --- building cues ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Segment:
    speaker: str | None
    change: bool
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass(slots=True)
class _Speakers:
    """Who is speaking, carried from cue to cue: an unmarked cue continues the last turn."""

    current: str | None = None
    pending_change: bool = False
    boundary: bool = False

    def turn(self, name: str | None) -> None:
        self.current = name
        self.pending_change = True
        self.boundary = True


def clean_line(line: str) -> tuple[str, str | None]:
    """One source line to plain text (entities, markup, whitespace); returns the voice too."""
    if "<" not in line and "&" not in line:
        return normalize_space(line), None
    text, voice = strip_markup(line)
    text = decode_entities(text)
    if "<" in text:  # tags that were escaped in the source (&lt;i&gt;); "x < y" is left alone
        text = strip_markup(text)[0]
    return normalize_space(text), voice


def build_cues(raws: Iterable[RawCue], *, speakers: bool = True) -> list[Cue]:
    """Clean raw cues into ``Cue``s, drop the empty ones and repair their times.

    ``speakers=False`` skips marker detection for formats whose text cannot hold markers.
    """
    state = _Speakers()
    cues: list[Cue] = []
    for raw in raws:
        if raw.speaker:
            if raw.speaker != state.current or raw.speaker_change:
                state.turn(raw.speaker)
        elif raw.speaker_change:
            state.turn(None)
        segments: list[_Segment] = []
        for source_line in raw.lines:
            text, voice = clean_line(source_line)
            if not text:
                continue
            pieces = split_turns(text) if speakers else [(False, text)]
            for turn, piece in pieces:
                name, piece = extract_label(piece) if speakers else (None, piece)
                name = name or voice
                if turn or (name and name != state.current):
                    state.turn(name)
                piece = strip_non_speech(piece)
                if not _HAS_WORD.search(piece):
                    continue
                if state.boundary or not segments:
                    segments.append(_Segment(state.current, state.pending_change))
                    state.pending_change = state.boundary = False
                segments[-1].parts.append(piece)
        cues.extend(_emit(raw, segments))
    return repair_times(cues)


def _emit(raw: RawCue, segments: list[_Segment]) -> list[Cue]:
    if not segments:
        return []
    if len(segments) == 1:
        seg = segments[0]
        return [Cue(raw.start, raw.end, seg.text, seg.speaker, seg.change, raw.words, raw.line)]
    # several turns in one cue: share the span in proportion to the text of each turn
    total = sum(len(s.text) for s in segments) or 1
    span = max(raw.end - raw.start, 0.0)
    out, t = [], raw.start
    for seg in segments:
        end = t + span * len(seg.text) / total
        words = [w for w in raw.words if t <= w.start < end] if raw.words else None
        out.append(Cue(t, end, seg.text, seg.speaker, seg.change, words or None, raw.line))
        t = end
    out[-1].end = max(raw.end, out[-1].start)
    return out


# --- times -----------------------------------------------------------------------------------

READING_RATE = 15.0  # characters per second, to give a zero-length cue a plausible end


def repair_times(cues: list[Cue]) -> list[Cue]:
    """Sort by start, forbid negative/NaN times, clip overlaps, give zero-length cues a span.

    A zero-length cue (forced-alignment failure) ends at the next cue's start, but no later than
    its reading time; several cues sharing one timestamp therefore stay at that timestamp.
    """
    good = [c for c in cues if math.isfinite(c.start)]
    for (
        c
    ) in good:  # caption times have millisecond precision; drop float noise (3.2800000000000002)
        c.start = round(max(c.start, 0.0), 3)
        c.end = round(max(c.end, c.start), 3) if math.isfinite(c.end) else c.start
    good.sort(key=lambda c: c.start)  # stable: equal starts keep file order
    for cur, nxt in zip(good, good[1:], strict=False):
        if cur.end > nxt.start:
            cur.end = nxt.start
        elif cur.end == cur.start and nxt.start > cur.start:
            cur.end = min(nxt.start, round(cur.start + len(cur.text) / READING_RATE, 3))
        if cur.words:
            cur.words = repair_words(cur.words, cur.start, cur.end)
    if good and good[-1].end == good[-1].start:
        good[-1].end = round(good[-1].start + len(good[-1].text) / READING_RATE, 3)
    if good and good[-1].words:
        good[-1].words = repair_words(good[-1].words, good[-1].start, good[-1].end)
    return good


def repair_words(words: list[Word], start: float, end: float) -> list[Word]:
    """Keep word times inside their cue, sorted and non-overlapping."""
    prev = start
    for w in words:  # the common case: already sound, keep the list as it is
        if not (prev <= w.start <= w.end <= end):
            break
        prev = w.end
    else:
        return words
    out: list[Word] = []
    for w in sorted(words, key=lambda w: w.start):
        s = round(min(max(w.start, start), end), 3)
        e = round(min(max(w.end, s), end), 3)
        if out and out[-1].end > s:
            out[-1] = Word(out[-1].text, out[-1].start, s)
        out.append(Word(w.text, s, e))
    return out
