"""Tables and JSON for ``vidwiki eval`` (one wiki, or two side by side)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from vidwiki.embeddings import Embedder
from vidwiki.topics.titles import title_problems

from .evaluate import EvalReport
from .sampling import MODEL_METRICS
from .style import ARTICLE_WORDS
from .tally import ratios

__all__ = ["compare_json", "print_compare", "print_report", "report_json"]

# (metric key, label, kind) in the order the tables show them
ROWS = [
    ("timestamps_valid", "timestamps valid", "share"),
    ("timestamps_inside_video", "  inside the video", "share"),
    ("timestamps_suspect", "  MM:SS:00 suspects", "share"),
    ("cited_share", "cited share", "share"),
    ("support_mean", "support (mean cosine)", "number"),
    ("supported_share", "supported share", "share"),
    ("localized_10s", "localized within 10 s", "share"),
    ("localized_20s", "localized within 20 s", "share"),
    ("localized_60s", "localized within 60 s", "share"),
    ("coverage", "coverage", "share"),
    ("repetition", "repetition", "share"),
    ("links_resolved", "links resolved", "share"),
    ("self_links", "self-links", "count"),
    ("orphans", "orphan pages", "count"),
    ("topic_videos_mean", "videos per topic page", "number"),
    ("speaker_voice", "speaker's voice", "share"),
    ("fillers", "fillers", "share"),
    ("meta_narration", "meta-narration", "share"),
    ("words_per_sentence", "words per sentence", "number"),
    ("words_per_article", "words per article", "int"),
    ("articles_in_length_range", f"  articles of {ARTICLE_WORDS[0]:,}–{ARTICLE_WORDS[1]:,} words", "share"),
    ("titles_passing", "titles passing the title rules", "share"),
    ("headings_per_article", "headings per article", "number"),
    ("citations_per_article", "citations per article", "number"),
]


def _fmt(value: float | int | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "share":
        return f"{100 * value:.1f} %"
    if kind == "pct":
        return f"{100 * value:.0f}%"
    if kind == "int":
        return f"{value:.0f}"
    if kind == "number":
        return f"{value:.2f}"
    return str(value)


def _with_interval(value: float | int | None, kind: str, half: float | None, estimated: bool) -> str:
    text = _fmt(value, kind)
    if value is None or not estimated:
        return text
    if half is None:
        return text + " (±?)"
    return text + (f" ± {100 * half:.1f}" if kind == "share" else f" ± {half:.3f}")


def _sample_json(report: EvalReport) -> dict:
    return {
        "complete": report.complete,
        "videos": len(report.videos),
        "videos_scored": len(report.scored_videos),
        "budget_seconds": report.budget,
        "ci95": report.intervals,
    }


def _sample_note(report: EvalReport) -> str:
    unknown = " (±?: too few videos to estimate one)" if None in report.intervals.values() else ""
    return (f"support, localization, coverage and repetition: {len(report.scored_videos)} of "
            f"{len(report.videos)} videos, a random sample (the embedding budget of {report.budget:g} s ran "
            f"out); ± is the 95 % interval{unknown}. " + ("Run again to extend the sample from the cache, or use --full."
            if report.cache_kept else "A bare vault has no store to cache vectors in: use --full for every video."))


def report_json(report: EvalReport) -> dict:
    o = report.overall
    scored = set(report.scored_videos)
    return {
        "wiki": str(report.wiki),
        "pages": o.pages,
        "articles": o.articles,
        "topic_pages": o.topic_pages,
        "videos": len(report.videos),
        "transcripts_from": report.transcripts_from,
        "missing_transcripts": report.missing_transcripts,
        "support_threshold": report.threshold,
        "model_sha256": Embedder.MODEL_SHA256,
        "overall": report.overall_ratios(),
        "sample": _sample_json(report),
        "counts": o.to_json(),
        "per_video": [
            {"video_id": vid, "title": report.titles.get(vid, ""), "scored": vid in scored, **ratios(t),
             "counts": t.to_json()}
            for vid, t in report.videos.items()
        ],
        "per_page": [
            {"path": rel, "video_id": report.page_videos.get(rel), "kind": report.page_kinds.get(rel),
             "title": report.page_titles.get(rel),
             "title_problems": (title_problems(report.page_titles.get(rel) or "")
                                if report.page_kinds.get(rel) in ("article", "topic") else None),
             **ratios(t), "counts": t.to_json()}
            for rel, t in report.pages.items()
        ],
        "embedded_texts": report.embedded,
        "cached_texts": report.cached,
        "forgotten_vectors": report.forgotten,
        "seconds": report.timings,
    }


def print_report(console: Console, report: EvalReport) -> None:
    o = report.overall
    videos = Table(title="per video", show_lines=False, header_style="bold")
    with_title = console.width >= 110
    videos.add_column("video", no_wrap=True, min_width=11)
    if with_title:
        videos.add_column("title", overflow="ellipsis", no_wrap=True, max_width=36)
    for column in ("pages", "cited", "support", "supp.", "≤20 s", "cover", "rep."):
        videos.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    for vid, t in report.videos.items():
        r = ratios(t)
        title = [report.titles.get(vid, "")] if with_title else []
        videos.add_row(vid, *title, str(t.articles), _fmt(r["cited_share"], "pct"),
                       _fmt(r["support_mean"], "number"), _fmt(r["supported_share"], "pct"),
                       _fmt(r["localized_20s"], "pct"), _fmt(r["coverage"], "pct"),
                       _fmt(r["repetition"], "pct"))
    if not report.complete:
        videos.caption = (f"– : not scored this run ({len(report.videos) - len(report.scored_videos)} of "
                          f"{len(report.videos)} videos)")
    if report.videos:
        console.print(videos)
    overall = Table(title=f"vidwiki eval: {report.wiki}", show_header=False, box=None)
    overall.add_row("pages", f"{o.pages}: {o.articles} articles, {o.topic_pages} topic pages, {o.hubs} other")
    overall.add_row("videos", f"{len(report.videos)} ({len(report.missing_transcripts)} without transcript)")
    r = report.overall_ratios()
    estimated = not report.complete
    for key, label, kind in ROWS:
        overall.add_row(label, _with_interval(r[key], kind, report.intervals.get(key), estimated and key in MODEL_METRICS))
    overall.add_row("support threshold", f"{report.threshold} (calibrated, see docs/quality.md)")
    overall.add_row("time", f"{report.timings.get('total', 0):.1f} s ({report.embedded} texts embedded, "
                    f"{report.cached} from cache)")
    console.print(overall)
    if estimated:
        console.print(f"[yellow]{_sample_note(report)}[/yellow]", highlight=False)
    if report.missing_transcripts and report.transcripts_from is None:
        console.print("[dim]no transcripts: support, localization and coverage need a vidwiki wiki or "
                      "--transcripts DIR[/dim]")


def compare_json(a: EvalReport, b: EvalReport) -> dict:
    shared = sorted(set(a.videos) & set(b.videos))
    return {
        "wiki": a.overall_ratios() | {"path": str(a.wiki), "sample": _sample_json(a)},
        "other": b.overall_ratios() | {"path": str(b.wiki), "sample": _sample_json(b)},
        "shared_videos": [
            {"video_id": vid, "wiki": ratios(a.videos[vid]), "other": ratios(b.videos[vid])} for vid in shared
        ],
    }


def print_compare(console: Console, a: EvalReport, b: EvalReport) -> None:
    table = Table(title="vidwiki eval --compare", header_style="bold")
    table.add_column("metric")
    table.add_column(str(a.wiki), justify="right")
    table.add_column(str(b.wiki), justify="right")
    table.add_row("pages", str(a.overall.pages), str(b.overall.pages))
    table.add_row("videos", str(len(a.videos)), str(len(b.videos)))
    ra, rb = a.overall_ratios(), b.overall_ratios()
    for key, label, kind in ROWS:
        model = key in MODEL_METRICS
        table.add_row(label, _with_interval(ra[key], kind, a.intervals.get(key), model and not a.complete),
                      _with_interval(rb[key], kind, b.intervals.get(key), model and not b.complete))
    console.print(table)
    for report in (a, b):
        if not report.complete:
            console.print(f"[yellow]{report.wiki}: {_sample_note(report)}[/yellow]", highlight=False)
    shared = set(a.videos) & set(b.videos)
    console.print(f"{len(shared)} videos in both wikis", highlight=False)
