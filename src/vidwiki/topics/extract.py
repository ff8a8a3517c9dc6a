"""Per-video topics: contiguous segments of the transcript, each named by its key phrases.

A video's topics depend only on that video (no channel-wide statistics), so they are stable
when other videos are added and can be cached by the video's content hash.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..records import Chapter, Sentence
from .phrases import SurfaceForms, phrase_occurrences
from .segment import segment_sentences
from .wordlists import OPENERS_TO_SKIP

Phrase = tuple[str, ...]

WORDS_PER_TOPIC = 220
LONG_VIDEO_WORDS = 8000
MIN_CHAPTER_SECONDS = 45.0


@dataclass(slots=True)
class VideoTopic:
    """One topic of one video: a sentence range [first, last) and the phrases that name it."""

    video_id: str
    position: int
    title: str
    key: str  # normalised main phrase, words joined by spaces: what cross-video merging compares
    phrases: list[str] = field(default_factory=list)  # normalised phrases, best first
    labels: dict[str, str] = field(default_factory=dict)  # normalised phrase -> display form
    first: int = 0
    last: int = 0


def topic_count(sentences: list[Sentence], topics_per_video: int) -> int:
    words = sum(len(s.text.split()) for s in sentences)
    if words >= LONG_VIDEO_WORDS:
        # A two-hour conversation is not five articles of four thousand words: allow up to twice as many.
        return min(2 * topics_per_video, max(topics_per_video, words // 3000))
    return max(1, min(topics_per_video, round(words / WORDS_PER_TOPIC)))


def _chapter_starts(sentences: list[Sentence], chapters: list[Chapter]) -> list[tuple[int, Chapter]]:
    """Sentence index where each usable chapter starts (tiny chapters are folded into the previous)."""
    out: list[tuple[int, Chapter]] = []
    starts = [s.start for s in sentences]
    last_start = -1e9
    for ch in sorted(chapters, key=lambda c: c.start):
        if ch.start - last_start < MIN_CHAPTER_SECONDS and out:
            continue
        idx = next((i for i, t in enumerate(starts) if t >= ch.start - 0.5), None)
        if idx is None:
            continue
        if out and out[-1][0] == idx:
            continue
        out.append((idx, ch))
        last_start = ch.start
    return out


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _score_phrases(
    per_sentence: list[Counter[Phrase]], first: int, last: int, video_spread: Counter[Phrase]
) -> list[tuple[float, Phrase]]:
    spread: Counter[Phrase] = Counter()
    for counts in per_sentence[first:last]:
        spread.update(counts.keys())
    min_spread = 2 if last - first >= 6 else 1
    scored: dict[Phrase, float] = {}
    for phrase, n in spread.items():
        if n < min_spread:
            continue
        content_words = len([w for w in phrase if w != "of"])
        length_bonus = 1.0 + 0.8 * (content_words - 1)
        share = n / video_spread[phrase]
        scored[phrase] = n * length_bonus * share**1.2
    # A word that mostly occurs inside a longer scored phrase is represented by that phrase.
    for phrase in list(scored):
        for longer in scored:
            if len(longer) > len(phrase) and _contains(longer, phrase) and spread[longer] >= 0.5 * spread[phrase]:
                scored[phrase] = 0.0
                break
    return sorted(((s, p) for p, s in scored.items() if s > 0), key=lambda sp: (-sp[0], sp[1]))


def _contains(longer: Phrase, shorter: Phrase) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _overlaps(a: Phrase, b: Phrase) -> bool:
    return bool(set(a) & set(b) - {"of"})


def _title_from(ranked: list[tuple[float, Phrase]], forms: SurfaceForms, taken: set[Phrase]) -> tuple[str, Phrase | None]:
    main = next((p for _, p in ranked if p not in taken), None)
    if main is None:
        return "", None
    main_score = next(s for s, p in ranked if p == main)
    title = forms.display(main)
    second = next(
        (p for s, p in ranked if p != main and not _overlaps(p, main) and s >= 0.8 * main_score and len(p) > 1 and p not in taken),
        None,
    )
    if second is not None:
        title = f"{title} and {forms.display(second)}"
    return sentence_case(title), main


def extract_topics(
    video_id: str,
    sentences: list[Sentence],
    topics_per_video: int = 5,
    chapters: list[Chapter] | None = None,
) -> list[VideoTopic]:
    """About ``topics_per_video`` topics covering the whole video, in order."""
    if not sentences:
        return []
    texts = [s.text for s in sentences]
    per_sentence, forms = phrase_occurrences(texts)
    video_spread: Counter[Phrase] = Counter()
    for counts in per_sentence:
        video_spread.update(counts.keys())

    k = topic_count(sentences, topics_per_video)
    chapter_marks = _chapter_starts(sentences, chapters or [])
    chapter_titles: dict[int, str] = {}
    if len(chapter_marks) >= 2:
        k = min(k, len(chapter_marks))
        chapter_titles = {idx: ch.title for idx, ch in chapter_marks}
        ranges = segment_sentences(texts, k, chapter_starts=[i for i, _ in chapter_marks])
    else:
        ranges = segment_sentences(texts, k)

    topics: list[VideoTopic] = []
    taken: set[Phrase] = set()
    used_titles: set[str] = set()
    for position, (first, last) in enumerate(ranges):
        ranked = _score_phrases(per_sentence, first, last, video_spread)
        title, main = _title_from(ranked, forms, taken)
        chapter_title = _chapter_title_for(chapter_titles, first, last)
        if chapter_title:
            title = sentence_case(chapter_title)
        if not title:
            title = f"Part {position + 1}"
        if title.lower() in used_titles:
            title = f"{title} (part {position + 1})"
        used_titles.add(title.lower())
        if main is not None:
            taken.add(main)
        top = [p for _, p in ranked[:8]]
        key = " ".join(main) if main is not None else f"{video_id.lower()} {position}"
        topics.append(
            VideoTopic(
                video_id=video_id,
                position=position,
                title=title,
                key=key,
                phrases=[" ".join(p) for p in top],
                labels={" ".join(p): forms.display(p) for p in top},
                first=first,
                last=last,
            )
        )
    return topics


def _chapter_title_for(chapter_titles: dict[int, str], first: int, last: int) -> str | None:
    titles = [t for i, t in sorted(chapter_titles.items()) if first <= i < last]
    titles = [t for t in titles if t.strip().lower() not in OPENERS_TO_SKIP]
    if not titles:
        return None
    if len(titles) == 1:
        return titles[0].strip()
    return f"{titles[0].strip()} and {titles[1].strip()}" if len(titles) == 2 else titles[0].strip()
