"""Faults the tests inject into real vidwiki runs, so that production code carries no test hooks.

Two kinds:

- **A process stopped at a named moment of its build.** Run as a script, this module runs the
  command line (``vidwiki.cli``) in its own process after wrapping the pipeline function that ends
  the stage named, so the process kills itself there with SIGKILL (no cleanup, no ``finally``: the
  same as ``kill -9`` or a power cut) or waits there until the test lets it go::

      python tests/inject.py kill POINT[:N] -- ARGS...    # die the N-th time POINT is reached (default 1)
      python tests/inject.py pause POINT FLAG -- ARGS...  # create FLAG.reached, then wait until FLAG exists

  ``command()`` builds these argument lists. The points, in build order, are ``POINTS``.
- **One video whose topics fail** with an input error, in the test's own process and in every
  worker process a build spawns (``fail_video``), so a test sees that the other videos go on.

Random moments chosen from outside (a kill -9 at any time, not at a named point) are in
``tests/test_faults.py``; this module gives the stages a test wants to hit exactly.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial, wraps
from pathlib import Path
from typing import Any

import vidwiki.pipeline as pipeline
import vidwiki.render.vault as vault
import vidwiki.store.migrations as migrations
from vidwiki.build import workers
from vidwiki.errors import InputError

HERE = Path(__file__).resolve()
# point -> the function of vidwiki.pipeline whose return reaches it
AFTER = {"discovered": "previous_build", "processed": "_per_video", "composed": "_compose",
         "stored": "write_build", "rendered": "render_vault", "finished": "_save_summary"}
# besides: "migrating", a migration of a new store ran, not yet recorded; "processing", a video's results
# were stored (each video a worker finished); "writing", a page's temp file was written, not yet renamed
# over the page; "rendering", a page file was written
POINTS = ("migrating", "discovered", "processing", "processed", "composed", "stored", "writing", "rendering", "rendered",
          "finished")


def command(action: str, point: str, *args: str, flag: Path | None = None) -> list[str]:
    """The argument list that runs ``vidwiki ARGS`` stopped at ``point`` (``kill`` or ``pause``)."""
    extra = [str(flag)] if action == "pause" and flag is not None else []
    return [sys.executable, str(HERE), action, point, *extra, "--", *args]


def _arm(point: str, reached: Callable[[], None]) -> None:
    """Call ``reached`` each time the build gets to ``point``."""
    if point in AFTER:
        name = AFTER[point]
        setattr(pipeline, name, _after(getattr(pipeline, name), reached))
    elif point == "migrating":
        migrations.MIGRATIONS[:] = [(name, _after(fn, reached)) for name, fn in migrations.MIGRATIONS]
    elif point == "rendering":
        vault.atomic_write = _after(vault.atomic_write, reached)
    elif point == "writing":
        vault.os = _ReportingRename(reached)  # type: ignore[assignment]
    elif point == "processing":
        run_videos = pipeline.run_videos

        def run_reporting(tasks: Any, count: int, max_words: Any, on_done: Callable[[Any], None]) -> None:
            run_videos(tasks, count, max_words, _after(on_done, reached))

        pipeline.run_videos = run_reporting
    else:
        raise SystemExit(f"unknown point {point!r} (points: {', '.join(POINTS)})")


def _after(func: Callable[..., Any], then: Callable[[], None]) -> Callable[..., Any]:
    @wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        then()
        return result

    return wrapped


class _ReportingRename:
    """The ``os`` module as ``vidwiki.render.vault`` sees it, except that a rename reaches the
    point first: a page's temp file is written, and not yet renamed over the page."""

    def __init__(self, reached: Callable[[], None]) -> None:
        self._reached = reached

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def replace(self, src: Any, dst: Any) -> None:
        self._reached()
        os.replace(src, dst)


def _kill_on(nth: int) -> Callable[[], None]:
    seen: Counter[str] = Counter()

    def reached() -> None:
        seen["n"] += 1
        if seen["n"] == nth:
            os.kill(os.getpid(), signal.SIGKILL)

    return reached


def _pause_once(flag: Path) -> Callable[[], None]:
    def reached() -> None:
        if not Path(f"{flag}.reached").exists():
            Path(f"{flag}.reached").touch()
            while not flag.exists():
                time.sleep(0.05)

    return reached


def fail_video(monkeypatch: Any, video_id: str) -> str:
    """Make the topics of ``video_id`` fail with an input error, here and in every worker of a
    build; returns the error's line. Workers are spawned, so they cannot see a monkeypatch of this
    process: the worker initializer, replaced here, installs the same failure in each of them."""
    monkeypatch.setattr(workers, "extract_topics", partial(_failing_topics, video_id, workers.extract_topics))
    monkeypatch.setattr(workers, "_init_worker", partial(_init_failing_worker, video_id))
    return f"{video_id}.vtt:7: test failure of this video's topics"


def _failing_topics(video_id: str, extract: Callable[..., Any], vid: str, *args: Any) -> Any:
    if vid == video_id:
        raise InputError(f"{video_id}.vtt", "test failure of this video's topics", 7)
    return extract(vid, *args)


def _init_failing_worker(video_id: str, *initargs: Any) -> None:
    """Runs in a spawned worker, where ``workers`` is the unpatched module."""
    workers._init_worker(*initargs)
    workers.extract_topics = partial(_failing_topics, video_id, workers.extract_topics)


def main(argv: list[str]) -> None:
    split = argv.index("--")
    head, args = argv[:split], argv[split + 1:]
    action, where = head[0], head[1]
    point, _, nth = where.partition(":")
    _arm(point, _kill_on(int(nth or 1)) if action == "kill" else _pause_once(Path(head[2])))
    from vidwiki.cli import main as cli_main

    sys.argv = ["vidwiki", *args]
    cli_main()


if __name__ == "__main__":
    main(sys.argv[1:])
