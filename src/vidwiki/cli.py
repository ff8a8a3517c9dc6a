"""Command line: parse arguments, call one stage function, print the result.

Known failures (``VidwikiError``) print one line and exit non-zero; anything else is a bug and
keeps its traceback (set VIDWIKI_RAISE=1 to see tracebacks for known failures too).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
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
    inputs: Annotated[list[Path], typer.Argument(help="Caption folders (one per channel) or files.", exists=False)],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Wiki folder: vidwiki.db and vault/.")] = Path("wiki"),
    topics_per_video: Annotated[int, typer.Option(min=1, max=20, help="About this many topics per video.")] = 5,
    writer: Annotated[str, typer.Option(help="Article writer: embedded (default), local (llama.cpp), openai.")] = "embedded",
    model: Annotated[str | None, typer.Option(help="local: a .gguf path or packaged model (qwen-0.5b, qwen-1.5b); openai: the model name.")] = None,
    base_url: Annotated[str | None, typer.Option(help="openai: the endpoint, e.g. http://127.0.0.1:11434/v1.")] = None,
    api_key: Annotated[str | None, typer.Option(envvar="OPENAI_API_KEY", show_envvar=True, help="openai: API key.")] = None,
    judge: Annotated[bool, typer.Option(help="Also ask the model a yes/no support question per doubtful sentence.")] = False,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="openai: requests in flight.")] = 4,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count model calls, tokens and cost; write nothing.")] = False,
    price_in: Annotated[float, typer.Option(help="--dry-run: price per million prompt tokens.")] = 0.0,
    price_out: Annotated[float, typer.Option(help="--dry-run: price per million completion tokens.")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    quality: Annotated[bool, typer.Option("--quality/--no-quality", help="End with a quality summary (support is sampled on big wikis).")] = True,
) -> None:
    """Build or update a wiki from caption files. Re-runs skip unchanged work."""
    from .pipeline import BuildOptions
    from .pipeline import build as run_build

    for path in inputs:
        if not path.exists():
            _fail(f"{path}: no such file or folder")
    options = BuildOptions(topics_per_video=topics_per_video, writer=writer, model=model, base_url=base_url,
                           judge=judge, concurrency=concurrency, api_key=api_key)
    if dry_run:
        _dry_run(inputs, out_dir, options, price_in, price_out, as_json)
        return
    show = not (quiet or as_json) and err.is_terminal
    try:
        if show:
            with _progress() as bar:
                tasks: dict[str, int] = {}

                def report(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(stage, total=total)
                    bar.update(tasks[stage], completed=done, total=total)

                result = run_build(inputs, out_dir, options, report)
        else:
            result = run_build(inputs, out_dir, options)
    except VidwikiError as exc:
        _fail(str(exc))
    for note in result.notes:
        err.print(f"[dim]note[/dim] {note} (another transcript of this video was used)", highlight=False, soft_wrap=True)
    for problem in result.problems:
        err.print(f"[yellow]skipped[/yellow] {problem}", highlight=False, soft_wrap=True)
    summary = _build_quality(out_dir) if quality and result.pages else None
    if as_json:
        typer.echo(json.dumps(result.to_json() | ({"quality": summary.to_json()} if summary else {}), indent=2))
    else:
        _print_build(result)
        if result.llm:
            from .write.llm.report import ledger_table

            out.print(ledger_table(result.llm))
        if summary is not None:
            from .quality.summary import print_build_quality

            print_build_quality(out, summary)
    if result.problems:
        raise typer.Exit(2)


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
    table.add_row("skipped files", str(len(result.problems)))
    table.add_row("time", f"{result.seconds:.1f} s")
    out.print(table)
    out.print(f"Open {result.wiki / 'vault'} as an Obsidian vault or copy it into a Quartz content/ folder.",
              highlight=False)


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


def _dry_run(inputs: list[Path], out_dir: Path, options, price_in: float, price_out: float, as_json: bool) -> None:
    """What a build with an LLM writer would send, without calling any model."""
    from .write.llm.dryrun import plan
    from .write.llm.report import plan_table

    if options.writer == "embedded":
        _fail("--dry-run counts model calls: choose --writer local or --writer openai (embedded calls no model)")
    try:
        report = plan(inputs, out_dir, options, price_in, price_out)
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
) -> None:
    """Measure a wiki: timestamps, cited share, support, localization, coverage, repetition, links."""
    from .quality import evaluate
    from .quality.display import compare_json, print_compare, print_report, report_json

    show = not as_json and err.is_terminal
    try:
        reports = []
        for target in [wiki] + ([compare] if compare is not None else []):
            if show:
                with _progress() as bar:
                    reports.append(evaluate(target, transcripts, _bar_reporter(bar)))
            else:
                reports.append(evaluate(target, transcripts))
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


def _bar_reporter(bar: Progress):
    """A ``(stage, done, total)`` callback that keeps one progress bar per stage."""
    tasks: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return report


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:>12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)


def _fail(message: str) -> None:
    if os.environ.get("VIDWIKI_RAISE"):
        raise VidwikiError(message)
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
