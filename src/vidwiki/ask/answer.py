"""Answers: the best moments, a few of their sentences in the articles' voice, or a refusal.

The embedded answer is extractive for the same reason the embedded writer is: it can only say
what the video says. Each answer sentence is one transcript sentence of a retrieved moment,
tidied (fillers, stutters) and edited to the third person by the articles' own editor
(``write.voice``); its timestamp is that sentence's real start, made here by code, and is
checked to lie inside the video. When the best moment's relevance is below ``REFUSE_BELOW``
the answer says the channel does not cover the question and shows no sentence at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..nlp import parse
from ..pages import seconds_to_hhmmss
from ..render.wikidata import WikiData
from ..write.tidy import is_substantive, tidy_sentence
from ..write.voice import drop_opener, edit, is_meta, needs_parse
from .corpus import AskCorpus
from .retrieve import Moment, Retriever

# Calibrated on benchmarks/ask_questions.json (bench_ask.py prints the spread): the best moment of
# every covered question scored 0.79 or more, of every uncovered one 0.59 or less: about halfway.
REFUSE_BELOW = 0.70
ANSWER_MOMENTS = 3  # moments the answer quotes from
MAX_SENTENCES = 4
ALSO_RELEVANT = 0.85
NEIGHBOUR_SHARE = 0.75  # of the best sentence's similarity to the question, for a second sentence  # a later moment is quoted only when this close to the best one's relevance


@dataclass(slots=True)
class Cited:
    """One sentence of an answer and the transcript sentences it stands on."""

    text: str
    video_id: str
    sentence_ids: list[int]
    seconds: float

    @property
    def timestamp(self) -> str:
        return seconds_to_hhmmss(self.seconds)


@dataclass(slots=True)
class Found:
    """A retrieved moment as shown to the reader."""

    video_id: str
    video_title: str
    sentence_id: int
    seconds: float
    url: str
    text: str  # the transcript sentence there, as spoken
    relevance: float
    articles: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)

    @property
    def timestamp(self) -> str:
        return seconds_to_hhmmss(self.seconds)


@dataclass(slots=True)
class Answer:
    question: str
    covered: bool
    sentences: list[Cited] = field(default_factory=list)
    moments: list[Found] = field(default_factory=list)
    articles: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) covering the answer
    writer: str = "embedded"
    dropped: int = 0  # sentences a model wrote that failed verification (never shown)
    relevance: float = 0.0  # of the best moment; below REFUSE_BELOW the question is refused
    seconds: float = 0.0

    def by_video(self) -> list[tuple[str, str, list[Found]]]:
        """The moments grouped by video: (video id, title, its moments), best video first."""
        groups: dict[str, list[Found]] = {}
        for m in self.moments:
            groups.setdefault(m.video_id, []).append(m)
        return [(vid, found[0].video_title, found) for vid, found in groups.items()]

    @property
    def message(self) -> str:
        if self.covered:
            return ""
        if self.moments:  # close moments, but no sentence of an answer survived verification
            return "No answer could be verified against the videos; these are the closest moments."
        return "The channel does not cover this question: no moment in its videos is close enough to answer it."

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "covered": self.covered,
            "message": self.message,
            "writer": self.writer,
            "answer": [{"text": s.text, "video_id": s.video_id, "sentence_ids": s.sentence_ids,
                        "seconds": s.seconds, "timestamp": s.timestamp} for s in self.sentences],
            "moments": [{"video_id": m.video_id, "video_title": m.video_title, "sentence_id": m.sentence_id,
                         "seconds": m.seconds, "timestamp": m.timestamp, "url": m.url, "text": m.text,
                         "relevance": round(m.relevance, 4),
                         "articles": [{"slug": s, "title": t} for s, t in m.articles]} for m in self.moments],
            "videos": [{"video_id": vid, "video_title": title, "moments": [m.timestamp for m in found]}
                       for vid, title, found in self.by_video()],
            "articles": [{"slug": s, "title": t} for s, t in self.articles],
            "dropped": self.dropped,
            "relevance": round(self.relevance, 4),
            "refuse_below": REFUSE_BELOW,
            "seconds": round(self.seconds, 3),
        }


def moment_url(data: WikiData, video_id: str, seconds: float) -> str:
    """Where the moment plays: YouTube at that second, or the video's own URL."""
    video = data.videos[video_id]
    if video.is_youtube:
        return f"https://www.youtube.com/watch?v={video.video_id}&t={int(seconds)}s"
    return video.url


def covering_articles(data: WikiData, video_id: str, idx: int) -> list[tuple[str, str]]:
    """Articles of the video whose cited stretch holds the sentence (nearest first when none does)."""
    spans = []
    for page in data.articles_of(video_id):
        cited = [c.idx for c in data.citations.get(page.slug, []) if c.video_id == video_id]
        if cited:
            lo, hi = min(cited), max(cited)
            spans.append((0 if lo <= idx <= hi else min(abs(idx - lo), abs(idx - hi)), page.slug, page.title))
    spans.sort()
    inside = [(s, t) for d, s, t in spans if d == 0]
    return inside or [(s, t) for _d, s, t in spans[:1]]


def found(corpus: AskCorpus, moment: Moment) -> Found | None:
    data = corpus.data
    row = corpus.sentence(moment.video_id, moment.idx)
    video = data.videos.get(moment.video_id)
    if row is None or video is None or not inside(row[1], video.duration):
        return None
    return Found(moment.video_id, video.title, moment.idx, row[1], moment_url(data, moment.video_id, row[1]),
                 row[3], moment.relevance, covering_articles(data, moment.video_id, moment.idx))


def inside(seconds: float, duration: float | None) -> bool:
    """A timestamp is published only when it lies inside the video."""
    return seconds >= 0 and (not duration or seconds < duration)


def extractive(corpus: AskCorpus, retriever: Retriever, question: str, moments: list[Moment]) -> list[Cited]:
    """The answer's sentences: from each quoted moment, its transcript sentences closest to the
    question, edited to the third person; in the order of the moments, spoken order within one."""
    if not moments:
        return []
    best = max(m.relevance for m in moments)
    quoted = [m for m in moments[:ANSWER_MOMENTS] if m.relevance >= ALSO_RELEVANT * best]
    query = retriever.embedder.embed([question])[0]
    picks: list[tuple[Moment, list[tuple[int, float, str]]]] = []
    for moment in quoted:
        rows = corpus.data.sentences.get(moment.video_id, [])
        centre = corpus.rows.get((moment.video_id, moment.idx))
        if centre is None:
            continue
        near = rows[max(0, centre - 2) : centre + 3]
        texts = [r[3] for r in near]
        sims = retriever.embedder.embed(texts) @ query if texts else np.zeros(0)
        score = [float(sims[i]) + (0.05 if near[i][0] == moment.idx else 0.0) for i in range(len(near))]
        top = max(score, default=0.0)
        # a neighbour far less about the question than the best sentence only pads the answer
        order = sorted((i for i in range(len(near)) if score[i] >= NEIGHBOUR_SHARE * top), key=lambda i: (-score[i], i))
        picks.append((moment, [(near[i][0], near[i][1], near[i][3]) for i in order]))
    out: list[Cited] = []
    per_moment = max(1, MAX_SENTENCES // max(1, len(picks)))
    for moment, candidates in picks:
        duration = corpus.data.videos[moment.video_id].duration
        chosen: list[Cited] = []
        for strict in (True, False):  # sentences in the speaker's voice only when no other will do
            for idx, start, text in candidates:
                if chosen or len(out) >= MAX_SENTENCES:
                    break
                if inside(start, duration) and (edited := third_person(text, strict)):
                    chosen.append(Cited(edited, moment.video_id, [idx], start))
        for idx, start, text in candidates:
            if len(chosen) >= per_moment or len(out) + len(chosen) >= MAX_SENTENCES:
                break
            if any(idx in c.sentence_ids for c in chosen) or not inside(start, duration):
                continue
            if edited := third_person(text, True):
                chosen.append(Cited(edited, moment.video_id, [idx], start))
        out.extend(sorted(chosen, key=lambda c: c.seconds))
    if not out:  # every quoted sentence was housekeeping or voice: the next moments may say it plainly
        for moment in moments[len(quoted):]:
            rows = corpus.data.sentences.get(moment.video_id, [])
            row = corpus.rows.get((moment.video_id, moment.idx))
            if row is None or not inside(rows[row][1], corpus.data.videos[moment.video_id].duration):
                continue
            if edited := third_person(rows[row][3], strict=False):
                return [Cited(edited, moment.video_id, [moment.idx], rows[row][1])]
    return out


def third_person(text: str, strict: bool = True) -> str | None:
    """A transcript sentence as the articles would print it, or None when it has no place there
    (``strict``: also when it stays in the speaker's voice, as the articles leave out)."""
    tidy = tidy_sentence(text)
    if not tidy or tidy.endswith("?") or not is_substantive(tidy) or is_meta(tidy):
        return None
    if not needs_parse(tidy):
        return drop_opener(tidy)
    parts = edit(parse([tidy])[0], essential=not strict)
    return " ".join(parts) if parts else None
