"""The one-screen quality summary that ends ``vidwiki build``.

A build should show what it produced: pages, videos, cited share, support, links and how the
prose reads (voice, fillers, narration, sentence and page length, titles: ``style.py``). Everything
but support is counted exactly from the vault. Support needs embeddings, and embedding every
cited sentence of a large channel costs minutes on a cold build, so when there are more than
``SAMPLE`` cited sentences a deterministic stratified sample is scored (each video contributes
in proportion to its cited sentences, the ones with the smallest hash first) and the figures are
printed as estimates with a 95 % confidence interval. Vectors go to the store's embedding cache,
so a re-build embeds only the text of changed pages.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from vidwiki.embeddings import Embedder
from vidwiki.render.vault import vault_matches

from ..check import markdown_files
from .calibration import SUPPORT_THRESHOLD, span_support
from .sampling import Z95
from .scoring import WINDOW, position_at
from .structure import structure_tallies
from .style import ARTICLE_WORDS
from .tally import Tally, ratios
from .transcripts import store_transcripts, wiki_store
from .vault import find_vault, prose_sentences, read_vault
from .vectors import VectorBook

__all__ = ["SAMPLE", "BuildQuality", "build_quality", "print_build_quality"]

SAMPLE = 500
"""Cited sentences scored for the build summary. On the 151-video 3Blue1Brown build (16,360 cited
sentences) a cold score of this sample embedded 1,593 texts in 23.8 CPU seconds, about 12 s on two
idle cores, and its 95 % interval for the supported share was ±0.4 points
(``benchmarks/bench_eval.py``, figures in docs/quality.md)."""

STYLE = ("speaker_voice", "fillers", "meta_narration", "words_per_sentence", "words_per_article",
         "articles_in_length_range", "titles_passing")

SUMMARY_VERSION = 2  # bump when the summary's figures change for the same pages


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
    # style of the prose and the titles (style.py), exact: counted from the vault
    speaker_voice: float | None = None
    fillers: float | None = None
    meta_narration: float | None = None
    words_per_sentence: float | None = None
    words_per_article: float | None = None
    articles_in_length_range: float | None = None
    titles_passing: float | None = None

    @property
    def estimated(self) -> bool:
        return self.scored < self.claims

    def to_json(self) -> dict:
        return asdict(self) | {"estimated": self.estimated, "support_threshold": SUPPORT_THRESHOLD}


def build_quality(wiki: Path, sample: int = SAMPLE) -> BuildQuality:
    """Summarise the quality of the wiki a build just wrote (reads the vault and the store)."""
    clock = time.perf_counter()
    wiki = Path(wiki)
    store = wiki_store(wiki)
    vault = find_vault(wiki)
    key = _summary_key(store, vault, sample) if store is not None else None
    if key is not None:
        saved = store.get_meta("quality_summary")
        if saved and json.loads(saved).get("key") == key:
            store.close()
            return BuildQuality(**json.loads(saved)["summary"] | {"embedded": 0,
                                "seconds": round(time.perf_counter() - clock, 2)})
    pages = read_vault(vault)
    try:
        source = store_transcripts(store) if store is not None else None
        durations = store.durations() if store is not None else {}
        tallies = structure_tallies(pages, lambda p: p.page.duration or durations.get(p.video_id or ""))
        total = Tally()
        for t in tallies.values():
            total.add(t)
        claims = []  # (page path, video id, sentence) of every cited prose sentence with a transcript
        for p in pages:
            if p.kind != "article" or not p.video_id or source is None or p.video_id not in (source.available or ()):
                continue
            claims.extend((p.rel, p.video_id, s) for s in prose_sentences(p.page) if s.anchors)
        chosen = _stratified(claims, sample)
        book = VectorBook(store.db if store is not None else None)
        scores = _score(chosen, source, book) if chosen else np.zeros(0)
        n, big_n = len(chosen), len(claims)
        quality = _summarise(total, pages, n, big_n, scores, book.embedded, clock)
        if key is not None:
            fields = {k: v for k, v in asdict(quality).items() if k not in ("embedded", "seconds")}
            store.set_meta("quality_summary", json.dumps({"key": key, "summary": fields}))
    finally:
        if store is not None:
            store.close()
    return quality


def _summary_key(store, vault: Path, sample: int) -> str | None:
    """What the summary depends on: the pages (as the build rendered them), the stored
    transcripts, the model and the threshold. None when the vault is not exactly what the build
    wrote (a page edited, added or removed by hand), so such a vault is always re-scored."""
    rendered = store.rendered()
    pages = set(markdown_files(vault))
    if not rendered or pages != {p for p in rendered if p.endswith(".md")} or not vault_matches(vault, rendered):
        return None
    transcripts = store.db.execute("SELECT video_id, source_hash FROM videos ORDER BY video_id").fetchall()
    digest = hashlib.sha256(json.dumps([sorted(rendered.items()), transcripts, Embedder.MODEL_SHA256,
                                        SUPPORT_THRESHOLD, sample, SUMMARY_VERSION]).encode())
    return digest.hexdigest()


def _summarise(total: Tally, pages: list, n: int, big_n: int, scores: np.ndarray, embedded: int,
               clock: float) -> BuildQuality:
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
        support_mean_ci=round(Z95 * float(scores.std(ddof=1)) / math.sqrt(n) * fpc, 4) if 1 < n < big_n else None,
        supported_share=round(float(supported.mean()), 4) if n else None,
        supported_share_ci=(round(Z95 * math.sqrt(supported.mean() * (1 - supported.mean()) / n) * fpc, 4)
                            if 1 < n < big_n else None),
        embedded=embedded,
        seconds=round(time.perf_counter() - clock, 2),
        **{key: r[key] for key in STYLE},
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


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


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
    table.add_row("style", f"voice {_pct(q.speaker_voice)}, fillers {_pct(q.fillers)}, narration "
                  f"{_pct(q.meta_narration)} of prose sentences")
    low, high = ARTICLE_WORDS
    table.add_row("length", f"{_number(q.words_per_sentence, 1)} words per sentence, {_number(q.words_per_article, 0)} "
                  f"per article ({_pct(q.articles_in_length_range)} of {low:,}–{high:,})")
    table.add_row("titles", f"{_pct(q.titles_passing)} pass the title rules")
    console.print(table)
    console.print(f"[dim]quality summary: {q.seconds:.1f} s; full report: vidwiki eval <wiki>[/dim]", highlight=False)
