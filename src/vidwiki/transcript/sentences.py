"""Timed sentences for a video: the unit every wiki citation points at.

``build_sentences`` picks a strategy from what the track is, not from how it looks:

* a sentence track (3b1b ``sentence_timings.json``) is used as is — one cue, one sentence — with
  repaired times and run-ons split;
* otherwise cue texts are joined into one word stream with per-word times (real word timings
  when available, else interpolated inside each cue) and cut at sentence punctuation, or, for
  unpunctuated auto-captions, by pauses and discourse markers.

Whatever the input, the result obeys one contract (checked in tests on the whole corpus):
indices ``0..n-1``, non-decreasing starts, ``0 <= start <= end``, ``start < duration`` when the
duration is known, and non-empty single-spaced text.
"""

from __future__ import annotations

from vidwiki.records import Sentence, VideoSource, Word
from vidwiki.transcript.align import align_words
from vidwiki.transcript.segment import (
    MAX_WORDS,
    Range,
    is_unpunctuated,
    segment_unpunctuated,
    split_long,
    split_punctuated,
)
from vidwiki.transcript.stream import Token, clean_cues, tokens_from_cues
from vidwiki.transcript.text import display_form, has_word, normalise
from vidwiki.transcript.timing import clamp, plausible_span, repair_spans


def build_sentences(source: VideoSource) -> list[Sentence]:
    """Turn ``source.track`` (plus any word timings) into timed, indexed sentences."""
    duration = source.meta.duration
    limit = duration if duration is not None and duration > 0 else None
    cues = clean_cues(source.track.cues)
    if not cues:
        return []
    spans = repair_spans([(c.start, c.end, len(c.text)) for c in cues], limit)
    sentence_track = source.track.sentences
    tokens = tokens_from_cues(cues, spans, keep_whole=MAX_WORDS if sentence_track else 0)
    if not tokens:
        return []
    if sentence_track:
        ranges = _cue_ranges(tokens)
    else:
        words = _word_timings(source)
        if words:
            align_words(tokens, words)
        if is_unpunctuated(tokens):
            ranges = segment_unpunctuated(tokens)
        else:
            ranges = split_punctuated(tokens)
    pieces = [piece for rng in ranges for piece in split_long(tokens, rng)]
    return _assemble(tokens, pieces, limit)


def _word_timings(source: VideoSource) -> list[Word]:
    """Word times from a word-timings file, else the track's inline word times, else none."""
    if source.words:
        return list(source.words)
    words: list[Word] = []
    for cue in source.track.cues:
        if cue.words:
            words.extend(cue.words)
    return words


def _cue_ranges(tokens: list[Token]) -> list[Range]:
    """In a sentence track every cue is one sentence: cut before each cue's first word."""
    out: list[Range] = []
    start = 0
    for k in range(1, len(tokens)):
        if tokens[k].cue_first:
            out.append((start, k, False))
            start = k
    out.append((start, len(tokens), False))
    return out


def _assemble(tokens: list[Token], ranges: list[Range], limit: float | None) -> list[Sentence]:
    """Make ``Sentence`` records: text from the words, times from first and last word, repaired."""
    out: list[Sentence] = []
    prev_start = 0.0
    for lo, hi, unpunctuated in ranges:
        text = normalise(" ".join(t.text for t in tokens[lo:hi]))
        if not has_word(text):
            continue
        if unpunctuated:
            text = display_form(text)
        start = max(tokens[lo].start, prev_start)
        end = min(max(tokens[hi - 1].end, start), start + plausible_span(len(text)))
        start, end = clamp(start, end, limit)
        prev_start = start
        out.append(Sentence(len(out), start, end, text, tokens[lo].speaker))
    return out
