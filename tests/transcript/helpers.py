"""Build records by hand so transcript tests need no parser."""

from __future__ import annotations

from pathlib import Path

from vidwiki.records import CaptionTrack, Cue, Sentence, VideoMeta, VideoSource, Word


def source(
    cues: list[Cue | tuple[float, float, str]],
    *,
    duration: float | None = None,
    words: list[Word] | None = None,
    sentences: bool = False,
    auto: bool = False,
) -> VideoSource:
    cue_list = [c if isinstance(c, Cue) else Cue(*c) for c in cues]
    track = CaptionTrack(Path("captions.srt"), "srt", cue_list, auto=auto, sentences=sentences)
    return VideoSource(
        VideoMeta("vid", duration=duration), track, [Path("captions.srt")], words=words
    )


def timed_words(
    text: str, start: float = 0.0, step: float = 0.3, pause_after: dict[int, float] | None = None
) -> list[Word]:
    """Words ``step`` seconds apart, with extra silence after the word indices in ``pause_after``."""
    out, t = [], start
    for i, w in enumerate(text.split()):
        out.append(Word(w, t, t + step * 0.9))
        t += step + (pause_after or {}).get(i, 0.0)
    return out


def assert_contract(sentences: list[Sentence], duration: float | None = None) -> None:
    """The promises every caller of build_sentences relies on."""
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for a, b in zip(sentences, sentences[1:], strict=False):
        assert a.start <= b.start, (a, b)
    for s in sentences:
        assert 0.0 <= s.start <= s.end, s
        if duration is not None:
            assert s.start < duration, s
            assert s.end <= duration, s
        assert s.text and s.text == s.text.strip() and "  " not in s.text, s
