"""Tables and JSON for ``vidwiki eval`` (one wiki, or two side by side)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from vidwiki.embeddings import Embedder

from .evaluate import EvalReport
from .tally import ratios

__all__ = ["compare_json", "print_compare", "print_report", "report_json"]

# (metric key, label, kind) in the order the tables show them
ROWS = [
    ("timestamps_valid", "timestamps valid", "share"),
    ("timestamps_inside_video", "  inside the video", "share"),
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
    ("words_per_article", "words per article", "int"),
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


def report_json(report: EvalReport) -> dict:
    o = report.overall
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
        "overall": ratios(o),
        "counts": o.to_json(),
        "per_video": [
            {"video_id": vid, "title": report.titles.get(vid, ""), **ratios(t), "counts": t.to_json()}
            for vid, t in report.videos.items()
        ],
        "per_page": [
            {"path": rel, "video_id": report.page_videos.get(rel), **ratios(t), "counts": t.to_json()}
            for rel, t in report.pages.items()
        ],
        "embedded_texts": report.embedded,
        "cached_texts": report.cached,
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
    if report.videos:
        console.print(videos)
    overall = Table(title=f"vidwiki eval: {report.wiki}", show_header=False, box=None)
    overall.add_row("pages", f"{o.pages}: {o.articles} articles, {o.topic_pages} topic pages, {o.hubs} other")
    overall.add_row("videos", f"{len(report.videos)} ({len(report.missing_transcripts)} without transcript)")
    r = ratios(o)
    for key, label, kind in ROWS:
        overall.add_row(label, _fmt(r[key], kind))
    overall.add_row("support threshold", f"{report.threshold} (calibrated, see docs/quality.md)")
    overall.add_row("time", f"{report.timings.get('total', 0):.1f} s ({report.embedded} texts embedded, "
                    f"{report.cached} from cache)")
    console.print(overall)
    if report.missing_transcripts and report.transcripts_from is None:
        console.print("[dim]no transcripts: support, localization and coverage need a vidwiki wiki or "
                      "--transcripts DIR[/dim]")


def compare_json(a: EvalReport, b: EvalReport) -> dict:
    shared = sorted(set(a.videos) & set(b.videos))
    return {
        "wiki": report_json(a)["overall"] | {"path": str(a.wiki)},
        "other": report_json(b)["overall"] | {"path": str(b.wiki)},
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
    ra, rb = ratios(a.overall), ratios(b.overall)
    for key, label, kind in ROWS:
        table.add_row(label, _fmt(ra[key], kind), _fmt(rb[key], kind))
    console.print(table)
    shared = set(a.videos) & set(b.videos)
    console.print(f"{len(shared)} videos in both wikis", highlight=False)
