"""Command line: parse arguments, call one stage function, print the result.

Known failures (``VidwikiError``) print one line and exit non-zero; anything else is a bug and
keeps its traceback (set VIDWIKI_RAISE=1 to see tracebacks for known failures too).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import VidwikiError

app = typer.Typer(
    help="Turn a channel's timed transcripts into an interlinked, timestamp-cited wiki.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vidwiki {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """vidwiki command line."""


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Caption folders or files, YouTube channel/playlist/video URLs, audio/video files.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Wiki folder: vidwiki.db and vault/.")] = Path("wiki"),
    topics_per_video: Annotated[int, typer.Option(min=1, max=20, help="About this many topics per video.")] = 5,
    writer: Annotated[str, typer.Option(help="Article writer: embedded (default), local (llama.cpp), openai.")] = "embedded",
    model: Annotated[str | None, typer.Option(help="local: a .gguf path or packaged model (qwen-0.5b, qwen-1.5b); openai: the model name.")] = None,
    base_url: Annotated[str | None, typer.Option(help="openai: the endpoint, e.g. http://127.0.0.1:11434/v1.")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="OPENAI_API_KEY", show_envvar=True, help="openai: API key.")] = None,
    judge: Annotated[bool | None, typer.Option("--judge/--no-judge", help="Also ask the model a yes/no support question per doubtful sentence (default: on for --writer local with qwen-1.5b or your own model; the 0.5B cannot judge).", show_default=False)] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="openai: requests in flight.")] = 4,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count model calls, tokens and cost; write nothing.")] = False,
    price_in: Annotated[float, typer.Option(help="--dry-run: price per million prompt tokens.")] = 0.0,
    price_out: Annotated[float, typer.Option(help="--dry-run: price per million completion tokens.")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    top: Annotated[int | None, typer.Option(min=1, help="From a channel or playlist URL: only this many videos.")] = None,
    by: Annotated[str, typer.Option(help="Which videos --top keeps: 'views' (most viewed) or 'date' (newest).")] = "date",
    min_duration: Annotated[float, typer.Option(min=0, help="From a URL: skip videos shorter than this many seconds.")] = 0,
    lang: Annotated[str, typer.Option(help="Caption language to fetch (human captions preferred over automatic).")] = "en",
    quality: Annotated[bool, typer.Option("--quality/--no-quality", help="End with a quality summary (support is sampled on big wikis).")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 when any input file was skipped (by default a build that built something exits 0).")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default=False, help="Worker processes for the per-video stages (default: the CPUs available, up to 8; 1 runs everything in this process). The wiki is the same for any value.")] = None,
) -> None:
    """Build or update a wiki from caption files, YouTube URLs or media files. Re-runs skip unchanged work.

    A file that cannot be read is listed on one line naming it (and its line) and the others are built; the exit code is 0 unless nothing could be built (2), or --strict and a file was skipped (2).

    URLs are fetched into OUT/sources/<channel>/, media files transcribed into OUT/sources/media/; a re-run fetches and transcribes only what is not there yet.
    """
    from .fetch import FetchOptions
    from .fetch.resolve import record_inputs
    from .pipeline import BuildOptions
    from .pipeline import build as run_build
    from .store import Store, full_disk_as_error

    if by not in ("views", "date"):
        _fail(f"--by must be 'views' or 'date', not {by!r}")
    options = BuildOptions(topics_per_video=topics_per_video, writer=writer, model=model, base_url=base_url,
                           judge=judge, concurrency=concurrency, api_key=api_key)
    fetch_options = FetchOptions(top=top, by=by, min_duration=min_duration, lang=lang)  # type: ignore[arg-type]
    if dry_run:
        if writer == "embedded":
            _fail("--dry-run counts model calls: choose --writer local or --writer openai (embedded calls no model)")
        _dry_run(inputs, out_dir, options, fetch_options, price_in, price_out, as_json)
        return
    show = not (quiet or as_json) and err.is_terminal
    try:
        with _progress() if show else _no_progress() as bar:
            report = _reporter(bar) if show else None
            resolved = _fetch(inputs, out_dir, fetch_options, report, as_json)
            result = run_build(resolved.paths, out_dir, options, report, jobs=jobs)
            with full_disk_as_error(out_dir):
                store = Store.in_wiki(out_dir)
                try:
                    record_inputs(store, inputs, fetch_options)  # what `vidwiki update` fetches again
                finally:
                    store.close()
    except VidwikiError as exc:
        _fail(str(exc))
    _report_build(result, resolved, as_json, out_dir if quality else None)
    _exit_for_skipped(result, strict)


@app.command()
def update(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder made by `vidwiki build`.")],
    prune_removed: Annotated[bool, typer.Option("--prune-removed",
                                                help="Delete the pages of videos no longer in the inputs.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    quality: Annotated[bool, typer.Option("--quality/--no-quality", help="End with a quality summary (support is sampled on big wikis).")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 when any input file was skipped.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default=False, help="Worker processes for the per-video stages (default: the CPUs available, up to 8; 1 runs everything in this process). The wiki is the same for any value.")] = None,
) -> None:
    """Bring a wiki up to date with its inputs: new and changed videos, videos removed.

    Re-reads the inputs and options recorded at the last build: channel and playlist URLs are
    listed again and new videos fetched, media files transcribed. Only new or changed videos are
    processed and only pages whose content changes are written. A video gone from the inputs
    keeps its pages, flagged `removed: true` and listed apart on the hub, until --prune-removed.
    """
    from .fetch.resolve import recorded_inputs
    from .pipeline import update as run_update
    from .store import DB_NAME, Store

    if not wiki.is_dir():
        _fail(f"{wiki}: no such folder")
    show = not (quiet or as_json) and err.is_terminal
    resolved = None
    try:
        requested = None
        if (wiki / DB_NAME).is_file():
            store = Store(wiki / DB_NAME)
            try:
                requested = recorded_inputs(store)
            finally:
                store.close()
        with _progress() if show else _no_progress() as bar:
            report = _reporter(bar) if show else None
            if requested is not None:  # list channels again, fetch and transcribe what is new
                inputs, fetch_options = requested
                resolved = _fetch(inputs, wiki, fetch_options, report, as_json)
            result = run_update(wiki, report, prune_removed=prune_removed,
                                inputs=resolved.paths if resolved is not None else None, jobs=jobs)
    except VidwikiError as exc:
        _fail(str(exc))
    _report_build(result, resolved, as_json, wiki if quality else None)
    if result.removed_videos and not result.up_to_date and not as_json:
        out.print(f"{len(result.removed_videos)} videos are no longer in the inputs; their pages are kept "
                  f"and flagged (vidwiki update {wiki} --prune-removed deletes them).", highlight=False)
    _exit_for_skipped(result, strict)


def _exit_for_skipped(result, strict: bool) -> None:
    """Skipped files are listed, not fatal: exit 2 only when they left nothing to build, or with
    --strict (notes count there too: a file was skipped, even if its video was built without it)."""
    if (result.problems and not result.videos) or (strict and (result.problems or result.notes)):
        raise typer.Exit(2)


def _nothing_built(result) -> bool:
    return not result.videos and not result.removed_videos and bool(result.problems)


def _report_build(result, resolved, as_json: bool, quality: Path | None = None) -> None:
    """What a build or update did: fetching, notes, skipped files, then the summary (or JSON),
    ending with the wiki's quality summary when ``quality`` names the wiki."""
    if resolved is not None and resolved.summary() and not as_json:
        err.print(resolved.summary(), highlight=False)
    for note in result.notes:
        err.print(f"[dim]note[/dim] {escape(str(note))}", highlight=False, soft_wrap=True)
    for problem in result.problems:
        err.print(f"[yellow]skipped[/yellow] {escape(str(problem))}", highlight=False, soft_wrap=True)
    summary = _build_quality(quality) if quality is not None and result.pages else None
    if as_json:
        typer.echo(json.dumps(result.to_json() | ({"quality": summary.to_json()} if summary else {}), indent=2))
    elif _nothing_built(result):
        return  # the skipped lines say it all; an empty summary table would only bury them
    else:
        _print_build(result)
        if result.llm:
            from .write.llm.report import ledger_table

            out.print(ledger_table(result.llm))
        if summary is not None:
            from .quality.summary import print_build_quality

            print_build_quality(out, summary)


def _print_build(result) -> None:
    if result.up_to_date:
        out.print(f"Nothing changed: {result.wiki} is up to date ({result.pages} pages, {result.videos} videos). "
                  f"{result.seconds:.2f} s", highlight=False)
        return
    table = Table(title=f"vidwiki build: {result.wiki}", show_header=False, box=None)
    table.add_row("channels", ", ".join(result.channels))
    table.add_row("videos", f"{result.videos} ({result.videos_processed} processed, "
                  f"{result.videos - result.videos_processed} unchanged)")
    table.add_row("pages", f"{result.pages}: {result.articles} articles, {result.topic_pages} topic pages, "
                  f"{len(result.channels)} hubs")
    table.add_row("timestamps", f"{result.anchors} (dropped {result.dropped_citations})")
    table.add_row("links", str(result.links))
    table.add_row("files", f"{result.written} written, {result.unchanged} unchanged, {result.deleted} deleted")
    table.add_row("re-composed", f"{result.composed} pages")
    if result.removed_videos or result.pruned_videos:
        table.add_row("removed videos", f"{len(result.removed_videos)} kept and flagged, "
                      f"{len(result.pruned_videos)} pruned")
    skipped = str(len(result.problems))
    if result.notes:
        skipped += f" (and {len(result.notes)} noted: files of videos built without them)"
    table.add_row("skipped files", skipped)
    table.add_row("time", f"{result.seconds:.1f} s")
    out.print(table)
    out.print(f"Read it: vidwiki serve {result.wiki} (http://127.0.0.1:8000), or open {result.wiki / 'vault'} "
              "as an Obsidian vault, or copy it into a Quartz content/ folder.", highlight=False)


def _build_quality(wiki: Path):
    from .quality.summary import build_quality

    try:
        return build_quality(wiki)
    except VidwikiError as exc:
        _fail(str(exc))

@app.command()
def check(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (with vault/ and vidwiki.db) or any vault folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print defects as JSON.")] = False,
) -> None:
    """Validate a wiki's pages: anchors, timestamps, links, front matter, slugs, orphans."""
    from .check import check_vault
    from .store import DB_NAME, Store

    if not wiki.is_dir():
        _fail(f"{wiki}: no such folder")
    vault = wiki / "vault" if (wiki / "vault").is_dir() else wiki
    durations = None
    if (wiki / DB_NAME).is_file():
        try:
            store = Store(wiki / DB_NAME)
            durations = store.durations()
            store.close()
        except VidwikiError as exc:
            _fail(str(exc))
    defects = check_vault(vault, durations)
    pages = sum(1 for _ in vault.rglob("*.md"))
    if as_json:
        typer.echo(json.dumps({"pages": pages, "defects": [
            {"path": str(d.path), "line": d.line, "kind": d.kind, "message": d.message} for d in defects]}, indent=2))
    else:
        for d in defects:
            typer.echo(str(d))
        status = "[green]no defects[/green]" if not defects else f"[red]{len(defects)} defects[/red]"
        err.print(f"{pages} pages checked: {status}")
    if defects:
        raise typer.Exit(1)


def _dry_run(inputs: list[str], out_dir: Path, options, fetch_options, price_in: float, price_out: float,
             as_json: bool) -> None:
    """What a build with an LLM writer would send, without calling any model or writing a page.
    Caption folders are read where they are; URLs and media must be fetched or transcribed first
    (that costs no model tokens), so only then is anything written, under OUT/sources/."""
    from .fetch.resolve import classify
    from .write.llm.dryrun import plan
    from .write.llm.report import plan_table

    try:
        if all(classify(text) == "local" for text in inputs):
            paths = [Path(text) for text in inputs]
        else:
            paths = _fetch(inputs, out_dir, fetch_options, None, as_json).paths
        report = plan(paths, out_dir, options, price_in, price_out)
    except VidwikiError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        out.print(plan_table(report))


@app.command(name="eval")
def eval_(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (vault/ + vidwiki.db) or any folder of TubeGraph-format pages.")],
    compare: Annotated[Path | None, typer.Option("--compare", help="Another wiki of the same videos, shown side by side.")] = None,
    transcripts: Annotated[Path | None, typer.Option("--transcripts", help="Caption folders to judge against (matched by video id).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    budget: Annotated[float | None, typer.Option("--budget", min=0, show_default=False, help="Seconds of embedding (default 40) before the model-based metrics settle for a random sample of videos; cached videos are free, so each run extends the sample.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Score every video however long embedding takes (minutes for a large channel on a cold cache).")] = False,
) -> None:
    """Measure a wiki: timestamps, cited share, support, localization, coverage, repetition, links.

    The first evaluation of a large wiki embeds tens of thousands of sentences; within --budget it
    scores a random sample of videos and reports intervals, and later runs extend it from the cache.
    """
    from .quality import evaluate
    from .quality.display import compare_json, print_compare, print_report, report_json
    from .quality.evaluate import EMBED_BUDGET

    show = not as_json and err.is_terminal
    cap = None if full else (EMBED_BUDGET if budget is None else budget)
    try:
        reports = []
        for target in [wiki] + ([compare] if compare is not None else []):
            if show:
                with _progress() as bar:
                    reports.append(evaluate(target, transcripts, _reporter(bar), cap))
            else:
                reports.append(evaluate(target, transcripts, budget=cap))
    except VidwikiError as exc:
        _fail(str(exc))
    if compare is not None:
        if as_json:
            typer.echo(json.dumps(compare_json(*reports), indent=2))
        else:
            print_compare(out, *reports)
    elif as_json:
        typer.echo(json.dumps(report_json(reports[0]), indent=2))
    else:
        print_report(out, reports[0])


@app.command()
def ask(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (with vidwiki.db).")],
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    top: Annotated[int, typer.Option(min=1, max=20, help="Moments to return.")] = 5,
    writer: Annotated[str, typer.Option(help="Who words the answer: embedded (default: the speaker's own sentences), local (llama.cpp), openai.")] = "embedded",
    model: Annotated[str | None, typer.Option(help="local: a .gguf path or packaged model (qwen-0.5b, qwen-1.5b); openai: the model name.")] = None,
    base_url: Annotated[str | None, typer.Option(help="openai: the endpoint, e.g. http://127.0.0.1:11434/v1.")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="OPENAI_API_KEY", show_envvar=True, help="openai: API key.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer a question from the wiki's videos: every sentence with the moment that says it.

    When no moment is close enough, it says the channel does not cover the question. The first question embeds the wiki's sentences (a few seconds) and keeps the vectors in its store.
    """
    from .ask import ask_wiki

    if not wiki.is_dir():
        _fail(f"{wiki}: no such folder")
    try:
        answer = ask_wiki(wiki, question, top, writer, model, base_url, api_key)
    except VidwikiError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
        return
    from .ask.display import answer_text

    typer.echo(answer_text(answer))


export_app = typer.Typer(help="Write a wiki out as a static site or a Quartz content folder.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@app.command()
def serve(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (with vidwiki.db).")],
    host: Annotated[str, typer.Option(help="Interface to listen on; 127.0.0.1 keeps it off the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8000,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request.")] = False,
) -> None:
    """Read a wiki in the browser: player, search, backlinks, graph. Read-only."""
    from .web.server import make_server

    try:
        server = make_server(wiki, host, port, quiet=not verbose)
    except VidwikiError as exc:
        _fail(str(exc))
    bound_host, bound_port = server.server_address[:2]
    typer.echo(f"Serving {wiki} at http://{bound_host}:{bound_port}/ (read-only; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        server.server_close()
        server.app.close()


@export_app.command("site")
def export_site_cmd(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (with vidwiki.db).")],
    out_dir: Annotated[Path, typer.Argument(help="Folder for the site (new, empty, or an earlier export).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """A self-contained static site: any static host, or open index.html from disk."""
    import time

    from .render.export import export_site

    started = time.perf_counter()
    show = not (quiet or as_json) and err.is_terminal
    try:
        if show:
            with _progress() as bar:
                task = bar.add_task("pages", total=None)
                result = export_site(wiki, out_dir, lambda done, total: bar.update(task, completed=done, total=total))
        else:
            result = export_site(wiki, out_dir)
    except VidwikiError as exc:
        _fail(str(exc))
    seconds = time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps({**result.to_json(), "seconds": round(seconds, 2)}, indent=2))
    else:
        out.print(f"Wrote {result.pages} pages, {result.search_docs} search entries and {result.media} media files "
                  f"to {result.out} in {seconds:.1f} s. Open {result.out / 'index.html'}.", highlight=False)


@export_app.command("quartz")
def export_quartz_cmd(
    wiki: Annotated[Path, typer.Argument(help="A wiki folder (with vidwiki.db).")],
    out_dir: Annotated[Path, typer.Argument(help="A Quartz content/ folder (new, empty, or an earlier export).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """The pages as a Quartz content/ folder in TubeGraph's layout (<channel>/<slug>.md)."""
    from .render.export import export_quartz

    try:
        result = export_quartz(wiki, out_dir)
    except VidwikiError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        out.print(f"Wrote {result.pages} pages to {result.out}: copy it to a Quartz site's content/ folder.",
                  highlight=False)


def _reporter(bar: Progress):
    """A progress callback (stage, done, total) drawing one bar per stage."""
    tasks: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return report


def _fetch(inputs: list[str], wiki: Path, fetch_options, report, as_json: bool):
    """Fetch URLs and transcribe media into WIKI/sources (under the fetch lock); the folders to build."""
    from .fetch import resolve_inputs
    from .fetch.files import fetch_lock

    def retrying(msg: str) -> None:
        if not as_json:
            err.print(f"[yellow]retry[/yellow] {msg}", highlight=False, soft_wrap=True)

    with fetch_lock(wiki):
        resolved = resolve_inputs(inputs, wiki, fetch_options, report, retrying)
    for note in resolved.notes:
        err.print(f"[yellow]not fetched[/yellow] {note}", highlight=False, soft_wrap=True)
    if not resolved.paths:
        _fail("nothing to build: no input gave a caption file")
    return resolved


class _no_progress:
    """Stands in for the progress bar under --quiet/--json or without a terminal."""

    def __enter__(self) -> _no_progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:>12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)


def _fail(message: str) -> None:
    if os.environ.get("VIDWIKI_RAISE"):
        raise VidwikiError(message)
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except (OSError, sqlite3.Error) as exc:
        # the build maps a full disk to its one line; this catches it after the build too (the
        # recorded inputs, the quality summary), where there is no wiki left to name
        from .store import is_full_disk

        if not is_full_disk(exc) or os.environ.get("VIDWIKI_RAISE"):
            raise
        err.print(f"[red]error:[/red] no space left on the device ({escape(str(exc))}); free some space and run "
                  "the same command again", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
