"""The one-screen quality summary that ends ``vidwiki build``.

A build should show what it produced: pages, videos, cited share, support and links. Everything
but support is counted exactly from the vault. Support needs embeddings, and embedding every
cited sentence of a large channel costs minutes on a cold build, so when there are more than
``SAMPLE`` cited sentences a deterministic stratified sample is scored (each video contributes
in proportion to its cited sentences, the ones with the smallest hash first) and the figures are
printed as estimates with a 95 % confidence interval. Vectors go to the store's embedding cache,
so a re-build embeds only the text of changed pages.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from .calibration import SUPPORT_THRESHOLD, span_support
from .scoring import WINDOW, position_at
from .structure import structure_tallies
from .tally import Tally, ratios
from .transcripts import store_transcripts, wiki_store
from .vault import find_vault, prose_sentences, read_vault
from .vectors import VectorBook

__all__ = ["SAMPLE", "BuildQuality", "build_quality", "print_build_quality"]

SAMPLE = 500
"""Cited sentences scored for the build summary. On the 151-video 3Blue1Brown build (16.5k
cited sentences) a cold score of 500 costs about the 15 s budget on two cores (see
docs/quality.md); the 95 % interval of the supported share is then within about ±2 points."""

_Z95 = 1.96


@dataclass(slots=True)
class BuildQuality:
    pages: int
    articles: int
    videos: int
    cited_share: float | None
    links: int
    links_resolved: float | None
    orphans: int
    claims: int  # cited sentences that have a transcript
    scored: int  # how many of them were scored
    support_mean: float | None
    support_mean_ci: float | None  # half-width of the 95 % interval; None when all were scored
    supported_share: float | None
    supported_share_ci: float | None
    embedded: int
    seconds: float

    @property
    def estimated(self) -> bool:
        return self.scored < self.claims

    def to_json(self) -> dict:
        return asdict(self) | {"estimated": self.estimated, "support_threshold": SUPPORT_THRESHOLD}


def build_quality(wiki: Path, sample: int = SAMPLE) -> BuildQuality:
    """Summarise the quality of the wiki a build just wrote (reads the vault and the store)."""
    clock = time.perf_counter()
    wiki = Path(wiki)
    pages = read_vault(find_vault(wiki))
    store = wiki_store(wiki)
    try:
        source = store_transcripts(store) if store is not None else None
        durations = store.durations() if store is not None else {}
        tallies = structure_tallies(pages, lambda p: p.page.duration or durations.get(p.video_id or ""))
        total = Tally()
        for t in tallies.values():
            total.add(t)
        claims = []  # (video id, sentence) of every cited prose sentence with a transcript
        for p in pages:
            if p.kind != "article" or not p.video_id or source is None or p.video_id not in (source.available or ()):
                continue
            claims.extend((p.rel, p.video_id, s) for s in prose_sentences(p.page) if s.anchors)
        chosen = _stratified(claims, sample)
        book = VectorBook(store.db if store is not None else None)
        scores = _score(chosen, source, book) if chosen else np.zeros(0)
    finally:
        if store is not None:
            store.close()
    n, big_n = len(chosen), len(claims)
    fpc = math.sqrt((big_n - n) / (big_n - 1)) if big_n > 1 else 0.0
    supported = scores >= SUPPORT_THRESHOLD
    r = ratios(total)
    return BuildQuality(
        pages=total.pages,
        articles=total.articles,
        videos=len({p.video_id for p in pages if p.kind == "article" and p.video_id}),
        cited_share=r["cited_share"],
        links=total.links,
        links_resolved=r["links_resolved"],
        orphans=total.orphans,
        claims=big_n,
        scored=n,
        support_mean=round(float(scores.mean()), 4) if n else None,
        support_mean_ci=round(_Z95 * float(scores.std(ddof=1)) / math.sqrt(n) * fpc, 4) if 1 < n < big_n else None,
        supported_share=round(float(supported.mean()), 4) if n else None,
        supported_share_ci=(round(_Z95 * math.sqrt(supported.mean() * (1 - supported.mean()) / n) * fpc, 4)
                            if 1 < n < big_n else None),
        embedded=book.embedded,
        seconds=round(time.perf_counter() - clock, 2),
    )


def _key(rel: str, text: str) -> str:
    return hashlib.sha1(f"{rel}\0{text}".encode()).hexdigest()


def _stratified(claims: list, sample: int) -> list:
    """Everything when it fits; else each video's share of ``sample`` (at least one), smallest
    hashes first, so the same wiki always scores the same sentences."""
    if len(claims) <= sample:
        return claims
    by_video: dict[str, list] = {}
    for claim in claims:
        by_video.setdefault(claim[1], []).append(claim)
    chosen = []
    for members in by_video.values():
        quota = max(1, round(sample * len(members) / len(claims)))
        chosen.extend(sorted(members, key=lambda c: _key(c[0], c[2].text))[:quota])
    return chosen


def _score(chosen: list, source, book: VectorBook) -> np.ndarray:
    """Support of each chosen sentence: its best anchor's window, as ``vidwiki eval`` scores it."""
    spans: list[list[list[str]]] = []
    for _, vid, sentence in chosen:
        transcript = source.get(vid)
        starts = [s.start for s in transcript.sentences]
        last_end = transcript.sentences[-1].end
        spans.append([
            [s.text for s in transcript.sentences[i : i + WINDOW]]
            for a in sentence.anchors
            if a.seconds is not None and 0 <= a.seconds <= last_end + 1
            for i in [position_at(starts, a.seconds)]
        ])
    texts = [c[2].text for c in chosen] + [t for anchors in spans for span in anchors for t in span]
    distinct = list(dict.fromkeys(texts))
    matrix = book.vectors(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    scores = np.zeros(len(chosen), dtype=np.float32)
    for k, ((_, _, sentence), anchors) in enumerate(zip(chosen, spans, strict=True)):
        claim = matrix[row[sentence.text]]
        scores[k] = max((span_support(claim, matrix[[row[t] for t in span]]) for span in anchors), default=0.0)
    return scores


def _pct(value: float | None, ci: float | None = None) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.1f} %" + (f" ± {100 * ci:.1f}" if ci is not None else "")


def print_build_quality(console: Console, q: BuildQuality) -> None:
    table = Table(title="quality", show_header=False, box=None)
    table.add_row("pages", f"{q.pages} ({q.articles} articles) from {q.videos} videos")
    table.add_row("cited share", _pct(q.cited_share) + " of prose sentences carry a timestamp")
    if q.scored:
        how = (f"estimate from {q.scored} of {q.claims} cited sentences, 95 % interval"
               if q.estimated else f"all {q.claims} cited sentences")
        mean = f"{q.support_mean:.3f}" + (f" ± {q.support_mean_ci:.3f}" if q.support_mean_ci is not None else "")
        table.add_row("support", f"{_pct(q.supported_share, q.supported_share_ci)} supported, mean {mean} ({how})")
    else:
        table.add_row("support", "– (no cited sentence with a transcript)")
    table.add_row("links", f"{q.links} wikilinks, {_pct(q.links_resolved)} resolve; {q.orphans} orphan pages")
    console.print(table)
    console.print(f"[dim]quality summary: {q.seconds:.1f} s; full report: vidwiki eval <wiki>[/dim]", highlight=False)
