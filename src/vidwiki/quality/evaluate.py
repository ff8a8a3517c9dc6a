"""Run the judge over a vault: read pages, find transcripts, embed, score, tally.

Per page, per video and overall. Support and localization need a transcript of the page's
video; coverage needs it too; repetition only needs the pages. Everything else comes from the
markdown alone (``structure.py``), so a vault without transcripts still gets a report.

The model-based metrics are computed video by video in a fixed random order, under a budget of
embedding seconds: a cold evaluation of a large channel scores a random sample of its videos and
reports intervals, and each run caches its vectors so the next one extends the sample
(``sampling.py`` says why).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from vidwiki.errors import InputError
from vidwiki.pages import ProseSentence

from .calibration import NEAR_DUPLICATE, SUPPORT_THRESHOLD
from .sampling import MODEL_METRICS, sample_estimates, video_order
from .scoring import Windows, best_window, distance_to, nearest_match, position_at, support_at
from .structure import structure_tallies
from .tally import Tally, ratios
from .transcripts import (
    Transcript,
    TranscriptSource,
    folder_transcripts,
    store_transcripts,
    wiki_store,
)
from .vault import MIN_WORDS, VaultPage, find_vault, prose_sentences, read_vault, words
from .vectors import VectorBook

__all__ = ["EMBED_BUDGET", "EvalReport", "evaluate", "LOCALIZATION_TOLERANCES"]

LOCALIZATION_TOLERANCES = (10, 20, 60)
EMBED_BUDGET = 40.0
"""Seconds of embedding a ``vidwiki eval`` spends before it stops adding uncached videos. With
reading and scoring, a cold evaluation of the 151-video 3Blue1Brown build stays under a minute
after the model loads; ``--full`` lifts the cap (docs/quality.md has the figures)."""
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class EvalReport:
    wiki: Path
    pages: dict[str, Tally]
    page_videos: dict[str, str | None]
    videos: dict[str, Tally]
    titles: dict[str, str]
    overall: Tally
    transcripts_from: str | None
    missing_transcripts: list[str]
    threshold: float = SUPPORT_THRESHOLD
    timings: dict[str, float] = field(default_factory=dict)
    embedded: int = 0
    cached: int = 0
    scored_videos: list[str] = field(default_factory=list)
    """Videos whose model-based metrics were computed (all of them unless the budget ran out)."""
    estimates: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """(value, 95 % half-width) of each overall model-based metric; the half-width is 0 when
    every video was scored (sampling.py)."""
    budget: float | None = None
    forgotten: int = 0
    """Cached vectors dropped because no page or transcript of the wiki has their text any more."""
    cache_kept: bool = False
    """Vectors outlive the run (a wiki with a store), so the next run extends a sample."""
    page_titles: dict[str, str | None] = field(default_factory=dict)
    page_kinds: dict[str, str] = field(default_factory=dict)

    @property
    def intervals(self) -> dict[str, float | None]:
        return {metric: half for metric, (_, half) in self.estimates.items()}

    def overall_ratios(self) -> dict[str, float | None]:
        """The overall figures: exact counts, or, for the model-based metrics of a sampled run,
        the estimates."""
        figures = ratios(self.overall)
        if not self.complete:
            figures.update({metric: value for metric, (value, _) in self.estimates.items()})
        return figures

    @property
    def complete(self) -> bool:
        """Every video was scored, so every figure is exact."""
        return len(self.scored_videos) == len(self.videos)


def evaluate(wiki: Path, transcripts: Path | None = None, progress: Progress | None = None,
             budget: float | None = EMBED_BUDGET) -> EvalReport:
    """Score the pages of ``wiki`` (a wiki folder or a bare vault).

    ``budget`` caps the seconds spent running the embedding model (None: no cap). Videos whose
    vectors are cached cost nothing against it; when it runs out, the model-based metrics cover
    a random sample of videos and the report says so, with intervals (``sampling.py``).
    """
    progress = progress or (lambda *_: None)
    clock = time.perf_counter()
    wiki = Path(wiki)
    if transcripts is not None and not Path(transcripts).exists():
        raise InputError(transcripts, "no such transcripts folder")
    vault = find_vault(wiki)
    pages = read_vault(vault)
    # a wiki folder, or its vault/ given directly: either way the store beside the vault
    store = wiki_store(vault.parent) if vault.name == "vault" else None
    try:
        source: TranscriptSource | None = None
        if transcripts is not None:
            source = folder_transcripts(transcripts)
        elif store is not None:
            source = store_transcripts(store)
        book = VectorBook(store.db if store is not None else None)
        # Many small matrix products: BLAS worker threads only wait on each other, and on a busy
        # 2-core machine that made scoring 3x slower (measured on the 151-video build).
        with threadpool_limits(1, user_api="blas"):
            report = _evaluate(wiki, pages, source, book, progress, budget)
        report.cache_kept = store is not None
        if report.complete and store is not None and transcripts is None:
            # every text of the wiki was asked for: the rest of the cache is stale
            report.forgotten = book.forget_others()
    finally:
        if store is not None:
            store.close()
    report.timings["total"] = round(time.perf_counter() - clock, 2)
    return report


def _evaluate(wiki: Path, pages: list[VaultPage], source: TranscriptSource | None, book: VectorBook,
              progress: Progress, budget: float | None) -> EvalReport:
    clock = time.perf_counter()
    articles = [p for p in pages if p.kind == "article"]
    video_ids = sorted({p.video_id for p in articles if p.video_id})
    found: dict[str, Transcript] = {}
    if source is not None:
        for n, vid in enumerate(video_ids, 1):
            progress("transcripts", n, len(video_ids))
            transcript = source.get(vid)
            if transcript is not None:
                found[vid] = transcript
    read_seconds = time.perf_counter() - clock

    def duration_of(p: VaultPage) -> float | None:
        if p.page.duration is not None:
            return p.page.duration
        t = found.get(p.video_id) if p.video_id else None
        return t.duration if t else None

    tallies = structure_tallies(pages, duration_of)

    # --- the model-based metrics, video by video, until the embedding budget is spent -------
    prose = {p.rel: prose_sentences(p.page) for p in articles}
    by_video: dict[str, list[VaultPage]] = defaultdict(list)
    for p in articles:
        if p.video_id:
            by_video[p.video_id].append(p)
    clock = time.perf_counter()
    embed_seconds = 0.0
    scored: set[str] = set()
    fresh = 0  # videos this run had to run the model for
    video_extra: dict[str, Tally] = {}
    order = video_order(by_video)
    for n, vid in enumerate(order, 1):
        members = by_video[vid]
        transcript = found.get(vid)
        texts = [s.text for p in members for s in prose[p.rel]]
        if transcript is not None:
            texts.extend(s.text for s in transcript.sentences)
        if book.uncached(texts):
            if budget is not None and fresh and embed_seconds >= budget:
                break  # a prefix of the fixed order: a random sample of videos (sampling.py)
            fresh += 1
        progress("scoring videos", n, len(order))
        started = time.perf_counter()
        vectors = _vector_lookup(book, texts)
        embed_seconds += time.perf_counter() - started
        page_vecs = {p.rel: vectors([s.text for s in prose[p.rel]]) for p in members}
        _repetition(members, page_vecs, tallies)
        scored.add(vid)
        if transcript is None:
            continue
        sents = transcript.sentences
        windows = Windows.build(vectors([s.text for s in sents]), [s.start for s in sents], [s.end for s in sents])
        for p in members:
            _support(p, prose[p.rel], page_vecs[p.rel], windows, tallies[p.rel])
        video_extra[vid] = _coverage(transcript, page_vecs, vectors)
    score_seconds = time.perf_counter() - clock - embed_seconds

    videos: dict[str, Tally] = {}
    for vid, members in by_video.items():
        total = Tally()
        for p in members:
            total.add(tallies[p.rel])
        if vid in video_extra:
            total.add(video_extra[vid])
        videos[vid] = total
    overall = Tally()
    for t in tallies.values():
        overall.add(t)
    for extra in video_extra.values():
        overall.add(extra)
    titles = {vid: (found[vid].title if vid in found and found[vid].title else
                    str(by_video[vid][0].page.front_matter.get("video_title") or "")) for vid in by_video}
    return EvalReport(
        wiki=wiki,
        pages=tallies,
        page_videos={p.rel: p.video_id for p in pages},
        videos=dict(sorted(videos.items())),
        titles=titles,
        overall=overall,
        transcripts_from=source.origin if source else None,
        missing_transcripts=[vid for vid in video_ids if vid not in found],
        timings={"read": round(read_seconds, 2), "embed": round(embed_seconds, 2), "score": round(score_seconds, 2)},
        embedded=book.embedded,
        cached=book.cached,
        scored_videos=sorted(scored),
        estimates=_estimates(overall, videos, by_video, prose, found, scored),
        budget=budget,
        page_titles={p.rel: p.page.title for p in pages},
        page_kinds={p.rel: p.kind for p in pages},
    )


def _vector_lookup(book: VectorBook, texts: list[str]) -> Callable[[list[str]], np.ndarray]:
    distinct = list(dict.fromkeys(texts))
    matrix = book.vectors(distinct)
    row = {text: i for i, text in enumerate(distinct)}

    def lookup(items: list[str]) -> np.ndarray:
        if not items:
            return np.zeros((0, matrix.shape[1] if matrix.size else 384), dtype=np.float32)
        return matrix[[row[t] for t in items]]

    return lookup


def _estimates(overall: Tally, videos: dict[str, Tally], by_video: dict[str, list[VaultPage]],
               prose: dict[str, list[ProseSentence]], found: dict[str, Transcript],
               scored: set[str]) -> dict[str, tuple[float | None, float | None]]:
    """The overall model-based figures with their 95 % half-widths: exact (half-width 0) when every
    video was scored, else estimated from the sample with the model-free counts of every video."""
    if len(scored) == len(videos):
        exact = ratios(overall)
        return {metric: (exact[metric], None if exact[metric] is None else 0.0) for metric in MODEL_METRICS}
    counted = {vid: _identity_counts(members, prose, found.get(vid)) for vid, members in by_video.items()}
    return sample_estimates(videos, counted, scored, set(found))


def _identity_counts(members: list[VaultPage], prose: dict[str, list[ProseSentence]],
                     transcript: Transcript | None) -> Tally:
    """What the model-based metrics of one video count, as far as it is known without the model.

    The denominators exactly (cited sentences, substantive transcript sentences, sentences with
    sibling pages: the same rules as ``_support``, ``_coverage`` and ``_repetition``), and as
    numerators the items decided by identity: a prose sentence that is a transcript sentence
    verbatim has the very same vector. A sampled run extrapolates only the rest (``sampling.py``).
    """
    t = Tally()
    texts = {p.rel: [s.text for s in prose[p.rel]] for p in members}
    if len(members) >= 2:
        for p in members:
            others = {text for q in members if q.rel != p.rel for text in texts[q.rel]}
            if texts[p.rel] and others:
                t.repetition_sentences += len(texts[p.rel])
                t.repeated += sum(text in others for text in texts[p.rel])
    if transcript is None or not transcript.sentences:
        return t
    sents = transcript.sentences
    starts = np.asarray([s.start for s in sents])
    last_end = sents[-1].end
    for p in members:
        for s in prose[p.rel]:
            if not s.anchors:
                continue
            t.claims += 1
            if any(a.seconds is not None and 0 <= a.seconds <= last_end + 1
                   and sents[position_at(starts, a.seconds)].text == s.text for a in s.anchors):
                t.support_sum += 1.0
                t.supported += 1
                for tol in LOCALIZATION_TOLERANCES:
                    setattr(t, f"localized_{tol}", getattr(t, f"localized_{tol}") + 1)
    written = {text for rel in texts for text in texts[rel]}
    substantive = [s.text for s in sents if words(s.text) >= MIN_WORDS]
    t.transcript_sentences = len(substantive)
    t.covered = sum(text in written for text in substantive)
    return t


def _support(p: VaultPage, prose: list[ProseSentence], vecs: np.ndarray, windows: Windows, t: Tally) -> None:
    """Support and localization of every cited prose sentence of one page.

    A sentence with several anchors is as supported as its best-supported anchor, and as well
    localized as its anchor closest to the best-matching window. An anchor that seeks past the
    end of the transcript supports nothing.
    """
    cited = [(i, s) for i, s in enumerate(prose) if s.anchors]
    if not cited or len(windows) == 0:
        return
    last_end = float(windows.ends[-1])
    claim_rows, positions, owners = [], [], []
    for row, (i, s) in enumerate(cited):
        for a in s.anchors:
            if a.seconds is not None and 0 <= a.seconds <= last_end + 1:
                claim_rows.append(i)
                positions.append(position_at(windows.starts, a.seconds))
                owners.append(row)
    claims = vecs[[i for i, _ in cited]]
    best = np.zeros(len(cited), dtype=np.float32)
    if positions:
        scores = support_at(vecs[claim_rows], np.asarray(positions), windows)
        np.maximum.at(best, np.asarray(owners), scores)
    starts, ends, _ = best_window(claims, windows)
    for row, (_, s) in enumerate(cited):
        times = [a.seconds for a in s.anchors if a.seconds is not None]
        gap = min((distance_to(x, starts[row], ends[row]) for x in times), default=float("inf"))
        t.claims += 1
        t.support_sum += float(best[row])
        t.supported += bool(best[row] >= SUPPORT_THRESHOLD)
        for tol in LOCALIZATION_TOLERANCES:
            setattr(t, f"localized_{tol}", getattr(t, f"localized_{tol}") + int(gap <= tol))


def _coverage(transcript: Transcript, page_vecs: dict[str, np.ndarray],
              vectors: Callable[[list[str]], np.ndarray]) -> Tally:
    """Substantive transcript sentences that some article of the video expresses."""
    substantive = [s.text for s in transcript.sentences if words(s.text) >= MIN_WORDS]
    pool = np.vstack(list(page_vecs.values())) if page_vecs else np.zeros((0, 384), dtype=np.float32)
    best = nearest_match(vectors(substantive), pool)
    return Tally(transcript_sentences=len(substantive), covered=int((best >= SUPPORT_THRESHOLD).sum()))


def _repetition(members: list[VaultPage], page_vecs: dict[str, np.ndarray], tallies: dict[str, Tally]) -> None:
    """Sentences with a near-duplicate on a sibling page (another article of the same video).

    One similarity matrix per video, with each page's own block masked out.
    """
    if len(members) < 2:
        return
    owner = np.concatenate([np.full(len(page_vecs[p.rel]), k) for k, p in enumerate(members)])
    if owner.size == 0:
        return
    allv = np.vstack([page_vecs[p.rel] for p in members])
    sims = allv @ allv.T
    sims[owner[:, None] == owner[None, :]] = -1.0
    best = sims.max(axis=1)
    for k, p in enumerate(members):
        mine = best[owner == k]
        if mine.size and (owner != k).any():
            tallies[p.rel].repetition_sentences += int(mine.size)
            tallies[p.rel].repeated += int((mine >= NEAR_DUPLICATE).sum())

