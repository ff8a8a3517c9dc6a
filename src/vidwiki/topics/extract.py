"""Per-video topics: contiguous segments of the transcript, each named by its key phrases.

A video's topics depend only on that video (no channel-wide statistics), so they are stable
when other videos are added and can be cached by the video's content hash.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..records import Chapter, Sentence
from ..static import StaticEmbedder
from .concepts import assign_title_concepts, contains, defined_terms, said_enough, title_concepts
from .naming import is_noun_phrase, pick_title, prepare_titles, rejected_by_parser
from .phrases import SurfaceForms, phrase_occurrences
from .segment import segment_sentences
from .titles import passes_title_rules
from .wordlists import OPENERS_TO_SKIP

Phrase = tuple[str, ...]

WORDS_PER_TOPIC = 600  # an article of 300+ words after the writer leaves out what says nothing
MIN_WORDS_PER_TOPIC = 250
MIN_WORDS_PER_CHAPTER = 200  # an author's chapter is a page when it has this much to say
LONG_VIDEO_WORDS = 8000
MIN_CHAPTER_SECONDS = 45.0
LONE_WORD_WEIGHT = 0.45
# A concept the video's own title names ("Eigenvectors and eigenvalues") names the stretch that
# discusses it most, though the word is said all through the video (which the spread statistics
# punish): an editor titles that section with it unless it fails the title rules or the parse.
TITLE_CONCEPT_BOOST = 25.0
# A term the speaker defines ("... is called a diagonal matrix") counts as if said three times as often.
DEFINED_TERM_BOOST = 3.0


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
    # The segment's meaning: unit mean of its sentences' static embeddings (cross-video matching).
    vector: list[float] = field(default_factory=list)


def topic_count(sentences: list[Sentence], topics_per_video: int, named_concepts: int = 0) -> int:
    """How many articles a video gives: one per ``WORDS_PER_TOPIC`` of transcript, so a page has
    enough to say; but a short video whose title names several concepts it discusses ("Broken
    mayo, salty water, cast iron and steam burns") gets a page for each, down to
    ``MIN_WORDS_PER_TOPIC`` words of transcript apiece."""
    words = sum(len(s.text.split()) for s in sentences)
    if words >= LONG_VIDEO_WORDS:
        # A two-hour conversation is not five articles of four thousand words: allow up to twice as many.
        return min(2 * topics_per_video, max(topics_per_video, words // 3000))
    by_length = round(words / WORDS_PER_TOPIC)
    by_title = min(named_concepts, words // MIN_WORDS_PER_TOPIC)
    return max(1, min(topics_per_video, max(by_length, by_title)))


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
    per_sentence: list[Counter[Phrase]], first: int, last: int, video_spread: Counter[Phrase],
    boosted: frozenset[Phrase] = frozenset(), defined: set[Phrase] | frozenset[Phrase] = frozenset(),
) -> list[tuple[float, Phrase]]:
    spread: Counter[Phrase] = Counter()
    for counts in per_sentence[first:last]:
        spread.update(counts.keys())
    min_spread = 2 if last - first >= 6 else 1
    scored: dict[Phrase, float] = {}
    for phrase, n in spread.items():
        if n < min_spread and phrase not in boosted:
            continue
        content_words = len([w for w in phrase if w != "of"])
        length_bonus = 1.0 + 0.8 * (content_words - 1)
        share = n / video_spread[phrase]
        scored[phrase] = (n * length_bonus * share**1.2 * (TITLE_CONCEPT_BOOST if phrase in boosted else 1.0)
                          * (DEFINED_TERM_BOOST if phrase in defined else 1.0))
    # A word that mostly occurs inside a longer scored phrase is represented by that phrase.
    for phrase in list(scored):
        if phrase in boosted:
            continue
        for longer in scored:
            if len(longer) > len(phrase) and contains(longer, phrase) and spread[longer] >= 0.5 * spread[phrase]:
                scored[phrase] = 0.0
                break
    return sorted(((s, p) for p, s in scored.items() if s > 0), key=lambda sp: (-sp[0], sp[1]))


class _Segment:
    """One stretch of the video and what naming it needs: ranked phrases, their display forms,
    the stretch's meaning (unit mean embedding) and the sentences that hold each phrase."""

    def __init__(
        self, first: int, last: int, per_sentence: list[Counter[Phrase]], video_spread: Counter[Phrase],
        forms: SurfaceForms, texts: list[str], embeddings: np.ndarray, boosted: frozenset[Phrase] = frozenset(),
        defined: set[Phrase] | frozenset[Phrase] = frozenset(),
    ) -> None:
        self.first, self.last, self.boosted = first, last, boosted
        self.ranked = _score_phrases(per_sentence, first, last, video_spread, boosted, defined)
        centroid = embeddings[first:last].mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        self.centroid = centroid / norm if norm else centroid
        self.display = {sentence_case(forms.display(p)): p for _, p in reversed(self.ranked)}
        # A lone common noun ("proof", "difference", "window") names a concept less often than a
        # phrase or a name does ("Taylor series", "Galileo"): it must win by a wide margin.
        self.candidates = sorted(
            (
                (sc * (LONE_WORD_WEIGHT if len(p) == 1 and forms.display(p).islower() and p not in boosted else 1.0),
                 sentence_case(forms.display(p)))
                for sc, p in self.ranked
            ),
            key=lambda c: -c[0],
        )
        self._per_sentence, self._texts, self._embeddings = per_sentence, texts, embeddings

    def title_concept(self, taken: set[str]) -> str | None:
        """The concept of the video's title this stretch discusses most, if it passes the title
        rules and the parser reads it as a noun phrase where it is said ("faster" of "How light
        can appear faster than c" is no concept, nor "pasta take" of "Why does pasta take
        longer"), if only as the modifier of another noun ("a change of basis matrix")."""
        for _, display in self.candidates:
            phrase = self.display[display]
            if phrase not in self.boosted or not passes_title_rules(display) or display.lower() in taken:
                continue
            if not is_noun_phrase(display, self.contexts(display), as_modifier=True):
                continue
            return display
        return None

    def contexts(self, title: str) -> list[str]:
        """The stretch's sentences that say ``title``, the most central first."""
        phrase = self.display[title]
        holding = [i for i in range(self.first, self.last) if phrase in self._per_sentence[i]]
        holding.sort(key=lambda i: -float(self._embeddings[i] @ self.centroid))
        return [self._texts[i] for i in holding]


def extract_topics(
    video_id: str,
    sentences: list[Sentence],
    topics_per_video: int = 5,
    chapters: list[Chapter] | None = None,
    video_title: str | None = None,
) -> list[VideoTopic]:
    """About ``topics_per_video`` topics covering the whole video, in order; ``video_title``
    names the concepts the video is about, which then name the stretches that discuss them."""
    if not sentences:
        return []
    texts = [s.text for s in sentences]
    per_sentence, forms = phrase_occurrences(texts)
    video_spread: Counter[Phrase] = Counter()
    for counts in per_sentence:
        video_spread.update(counts.keys())

    concepts = title_concepts(video_title, video_spread)
    k = topic_count(sentences, topics_per_video, sum(video_spread[c] >= said_enough(c) for c in concepts))
    embeddings = StaticEmbedder.load().embed(texts)
    chapter_marks = _chapter_starts(sentences, chapters or [])
    chapter_titles: dict[int, str] = {}
    if len(chapter_marks) >= 2:
        # the author's own division: a page per chapter, as long as each has enough to say
        words = sum(len(t.split()) for t in texts)
        k = min(len(chapter_marks), max(k, words // MIN_WORDS_PER_CHAPTER), max(topics_per_video, k))
        chapter_titles = {idx: ch.title for idx, ch in chapter_marks}
        ranges = segment_sentences(texts, k, chapter_starts=[i for i, _ in chapter_marks], embeddings=embeddings)
    else:
        ranges = segment_sentences(texts, k, embeddings=embeddings)

    boosted = assign_title_concepts(concepts, ranges, per_sentence)
    defined = defined_terms(texts, per_sentence)
    segments = [
        _Segment(first, last, per_sentence, video_spread, forms, texts, embeddings, boost, defined)
        for (first, last), boost in zip(ranges, boosted, strict=True)
    ]
    # Parse, in one batch, every sentence a title check may look at (spaCy's per-call overhead
    # would otherwise cost more than the parsing), and embed every candidate at once.
    prepare_titles(
        [seg.candidates for seg in segments], [seg.contexts for seg in segments], [seg.centroid for seg in segments]
    )

    topics: list[VideoTopic] = []
    taken: set[Phrase] = set()
    used_titles: set[str] = set()
    unnamed: set[int] = set()
    for position, seg in enumerate(segments):
        first, last, centroid, display = seg.first, seg.last, seg.centroid, seg.display
        ranked = [(sc, p) for sc, p in seg.ranked if p not in taken]
        candidates = [(sc, d) for sc, d in seg.candidates if display[d] not in taken]
        title = _chapter_title_for(chapter_titles, first, last)
        if title is not None and (not passes_title_rules(title) or title.lower() in used_titles):
            title = None
        title = title or seg.title_concept(used_titles) or pick_title(candidates, seg.contexts, centroid, used_titles)
        main = display.get(title) if title else None
        if title is None:
            # no candidate parsed as a noun phrase: take one the parser never saw said, never one
            # it read as something else ("Linear" is an adjective, not a concept)
            title = next((d for _, d in candidates if passes_title_rules(d) and d.lower() not in used_titles
                          and not rejected_by_parser(d, seg.contexts(d))), None)
            main = display.get(title) if title else None
        if title is None:
            unnamed.add(position)
            title = f"Part {position + 1}"
        if title.lower() in used_titles:
            title = f"{title} (part {position + 1})"
        used_titles.add(title.lower())
        if main is not None:
            taken.add(main)
        top = ([main] if main is not None else []) + [p for _, p in ranked[:8] if p != main]
        top = top[:8]
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
                vector=[round(float(x), 4) for x in centroid],
            )
        )
    return _fold_unnamed(topics, unnamed)


def _fold_unnamed(topics: list[VideoTopic], unnamed: set[int]) -> list[VideoTopic]:
    """A stretch with no concept to name it ("Part 2") joins the article before it (or after it)."""
    if not unnamed or len(unnamed) == len(topics):
        return topics
    kept = [t for t in topics if t.position not in unnamed]
    for t in topics:
        if t.position in unnamed:
            host = max((k for k in kept if k.first < t.first), key=lambda k: k.first, default=kept[0])
            host.first, host.last = min(host.first, t.first), max(host.last, t.last)
    for position, t in enumerate(kept):
        t.position = position
    return kept


def _chapter_title_for(chapter_titles: dict[int, str], first: int, last: int) -> str | None:
    titles = [t for i, t in sorted(chapter_titles.items()) if first <= i < last]
    titles = [t for t in titles if t.strip().lower() not in OPENERS_TO_SKIP]
    if not titles:
        return None
    if len(titles) == 1:
        return titles[0].strip()
    return f"{titles[0].strip()} and {titles[1].strip()}" if len(titles) == 2 else titles[0].strip()
