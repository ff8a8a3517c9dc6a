"""Run the judge over a vault: read pages, find transcripts, embed, score, tally.

Per page, per video and overall. Support and localization need a transcript of the page's
video; coverage needs it too; repetition only needs the pages. Everything else comes from the
markdown alone (``structure.py``), so a vault without transcripts still gets a report.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vidwiki.embeddings import Embedder
from vidwiki.errors import InputError

from .calibration import NEAR_DUPLICATE, SUPPORT_THRESHOLD
from .scoring import Windows, best_window, distance_to, nearest_match, position_at, support_at
from .structure import structure_tallies
from .tally import Tally
from .transcripts import (
    Transcript,
    TranscriptSource,
    folder_transcripts,
    store_transcripts,
    wiki_store,
)
from .vault import MIN_WORDS, VaultPage, find_vault, prose_sentences, read_vault, words
from .vectors import VectorBook

__all__ = ["EvalReport", "evaluate", "LOCALIZATION_TOLERANCES"]

LOCALIZATION_TOLERANCES = (10, 20, 60)
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


def evaluate(wiki: Path, transcripts: Path | None = None, progress: Progress | None = None) -> EvalReport:
    """Score the pages of ``wiki`` (a wiki folder or a bare vault)."""
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
        report = _evaluate(wiki, pages, source, book, progress)
    finally:
        if store is not None:
            store.close()
    report.timings["total"] = round(time.perf_counter() - clock, 2)
    return report


def _evaluate(wiki: Path, pages: list[VaultPage], source: TranscriptSource | None, book: VectorBook,
              progress: Progress) -> EvalReport:
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

    # --- embed everything once: page prose, then the transcripts of videos with pages -------
    clock = time.perf_counter()
    prose = {p.rel: prose_sentences(p.page) for p in articles}
    texts = [s.text for p in articles for s in prose[p.rel]]
    for vid in video_ids:
        if vid in found:
            texts.extend(s.text for s in found[vid].sentences)
    vectors = _vector_lookup(book, texts, progress)
    embed_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    by_video: dict[str, list[VaultPage]] = defaultdict(list)
    for p in articles:
        if p.video_id:
            by_video[p.video_id].append(p)
    video_extra: dict[str, Tally] = {}
    for vid, members in by_video.items():
        page_vecs = {p.rel: vectors([s.text for s in prose[p.rel]]) for p in members}
        _repetition(members, page_vecs, tallies)
        transcript = found.get(vid)
        if transcript is None:
            continue
        sents = transcript.sentences
        windows = Windows.build(vectors([s.text for s in sents]), [s.start for s in sents], [s.end for s in sents])
        for p in members:
            _support(p, prose[p.rel], page_vecs[p.rel], windows, tallies[p.rel])
        video_extra[vid] = _coverage(transcript, page_vecs, vectors)
    score_seconds = time.perf_counter() - clock

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
    )


def _vector_lookup(book: VectorBook, texts: list[str], progress: Progress) -> Callable[[list[str]], np.ndarray]:
    distinct = list(dict.fromkeys(texts))
    matrix = book.vectors(distinct, lambda done, total: progress("embedding", done, total))
    row = {text: i for i, text in enumerate(distinct)}

    def lookup(items: list[str]) -> np.ndarray:
        if not items:
            return np.zeros((0, matrix.shape[1] if matrix.size else 384), dtype=np.float32)
        return matrix[[row[t] for t in items]]

    return lookup


def _support(p: VaultPage, prose: list, vecs: np.ndarray, windows: Windows, t: Tally) -> None:
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


def _coverage(transcript: Transcript, page_vecs: dict[str, np.ndarray], vectors) -> Tally:
    """Substantive transcript sentences that some article of the video expresses."""
    substantive = [s.text for s in transcript.sentences if words(s.text) >= MIN_WORDS]
    pool = np.vstack(list(page_vecs.values())) if page_vecs else np.zeros((0, 384), dtype=np.float32)
    best = nearest_match(vectors(substantive), pool)
    return Tally(transcript_sentences=len(substantive), covered=int((best >= SUPPORT_THRESHOLD).sum()))


def _repetition(members: list[VaultPage], page_vecs: dict[str, np.ndarray], tallies: dict[str, Tally]) -> None:
    """Sentences with a near-duplicate on a sibling page (another article of the same video)."""
    if len(members) < 2:
        return
    for p in members:
        siblings = [page_vecs[q.rel] for q in members if q.rel != p.rel and page_vecs[q.rel].size]
        own = page_vecs[p.rel]
        if not siblings or not own.size:
            continue
        best = nearest_match(own, np.vstack(siblings))
        tallies[p.rel].repetition_sentences += len(best)
        tallies[p.rel].repeated += int((best >= NEAR_DUPLICATE).sum())


def model_sha() -> str:
    return Embedder.MODEL_SHA256
