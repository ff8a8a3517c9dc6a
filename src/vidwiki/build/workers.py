"""The CPU-heavy per-video stages (topics, embedded drafts) on worker processes.

Why processes: naming topics and the embedded writer's third-person editor spend most of a cold
build in the spaCy parser and in pure-Python sentence rules, one video at a time; on N cores N
videos can go at once (threads would share one interpreter lock). A worker only computes: a
task carries everything its video's topics and drafts depend on, and the result comes back to
the main process, which writes it to the store as each video finishes. So the store keeps one
writer, and a build killed half-way keeps every video that finished.

Results do not depend on which worker ran a video, nor on the order: each task is one video
with all its inputs, and the only state a worker keeps between videos is memos of pure
functions (parses, phrase vectors). ``jobs=1`` runs the same tasks in this process, in order,
without a pool: the reference the parallel build is tested against.

Workers are spawned (not forked): they inherit no open file (the store, the build lock), and
each loads the spaCy model once, on its first parse. They ignore Ctrl-C (the main process
stops the build) and exit on their own when the main process is gone, even after ``kill -9``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from ..errors import VidwikiError
from ..records import Sentence, VideoMeta
from ..topics.extract import VideoTopic, extract_topics
from ..write.base import Draft, Writer
from .stages import draft_key, write_draft

__all__ = ["MAX_JOBS", "VideoDone", "VideoTask", "available_cpus", "run_videos", "workers_for"]

MAX_JOBS = 8  # each worker holds its own parser and memos (~0.5 GB on a large channel)
# Starting a worker (interpreter, spaCy, the model) costs ~3 s of CPU: below this many sentences
# to process (~3 s of work on one core), the automatic choice stays in this process.
AUTO_MIN_SENTENCES = 1000
PARENT_POLL_SECONDS = 0.5


@dataclass(slots=True)
class VideoTask:
    """One video's topics (unless cached) and drafts (unless cached or ``max_words`` is None)."""

    order: int  # the video's place in the build order: errors surface in this order
    meta: VideoMeta
    sentences: list[Sentence]
    sentences_key: str
    per_video: int
    topics: list[VideoTopic] | None = None  # cached topics; None: extract them
    max_words: int | None = None  # the embedded writer's bound; None: drafts are written later
    have_drafts: frozenset[str] = frozenset()  # draft keys already in the store


@dataclass(slots=True)
class VideoDone:
    order: int
    video_id: str
    topics: list[VideoTopic] | None  # extracted now (None: the task's cached topics stand)
    drafts: dict[str, Draft] = field(default_factory=dict)  # draft key -> draft, written now


def run_task(task: VideoTask, writer: Writer | None) -> VideoDone:
    """Compute what the task lacks; touches no store, so it runs anywhere."""
    tops = task.topics
    fresh = tops is None
    if tops is None:
        tops = extract_topics(
            task.meta.video_id, task.sentences, task.per_video, task.meta.chapters, task.meta.title
        )
    drafts: dict[str, Draft] = {}
    if writer is not None and task.max_words is not None:
        for t in tops:
            key = draft_key(writer, task.max_words, task.sentences_key, task.meta, t, tops)
            if key not in task.have_drafts and key not in drafts:
                drafts[key] = write_draft(writer, task.meta, task.sentences, t, tops)
    return VideoDone(task.order, task.meta.video_id, tops if fresh else None, drafts)


def available_cpus() -> int:
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+: honours the affinity mask
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers_for(jobs: int | None, tasks: list[VideoTask]) -> int:
    """How many worker processes to run ``tasks`` on; 1 means in this process.

    ``jobs`` as asked (never more workers than tasks); None: the CPUs this process may use, up
    to ``MAX_JOBS``, and none at all when the work is too small to pay for starting them.
    """
    if jobs is None:
        if sum(len(t.sentences) for t in tasks) < AUTO_MIN_SENTENCES:
            return 1
        jobs = min(available_cpus(), MAX_JOBS)
    return max(1, min(jobs, len(tasks)))


def run_videos(tasks: list[VideoTask], workers: int, max_words: int | None,
               on_done: Callable[[VideoDone], None]) -> None:
    """Run every task, calling ``on_done`` in this process as each video finishes.

    A failing video does not stop the others: once all have run, the error of the earliest
    failed video (in build order) is raised, as the one-process build would have raised it.
    ``max_words`` configures the embedded writer the drafts are written with.
    """
    errors: dict[int, BaseException] = {}
    if workers <= 1:
        writer = _embedded_writer(max_words)
        for task in tasks:
            try:
                done = run_task(task, writer)
            except Exception as exc:  # noqa: BLE001 - re-raised below, after the other videos
                errors[task.order] = exc
                continue
            on_done(done)
    else:
        _run_pool(tasks, workers, max_words, on_done, errors)
    if errors:
        raise errors[min(errors)]


def _run_pool(tasks: list[VideoTask], workers: int, max_words: int | None,
              on_done: Callable[[VideoDone], None], errors: dict[int, BaseException]) -> None:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(max_words, os.getpid()))
    try:
        # longest first, so no long video starts last while the other workers sit idle
        ordered = sorted(tasks, key=lambda t: (-len(t.sentences), t.order))
        futures: dict[Future[VideoDone], VideoTask] = {pool.submit(_work, task): task for task in ordered}
        for future in as_completed(futures):
            task = futures[future]
            try:
                done = future.result()
            except BrokenProcessPool:
                errors[task.order] = VidwikiError(
                    f"video {task.meta.video_id}: a worker process ended abruptly (out of memory?); finished "
                    "videos are kept, run the build again (--jobs 1 runs it in one process)")
                continue
            except Exception as exc:  # noqa: BLE001 - re-raised by run_videos, after the other videos
                errors[task.order] = exc
                continue
            on_done(done)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C, or a store error in on_done
        raise
    pool.shutdown(wait=True)


def _embedded_writer(max_words: int | None) -> Writer | None:
    if max_words is None:
        return None
    from ..write.embedded import EmbeddedWriter

    return EmbeddedWriter(max_words=max_words)


_writer: Writer | None = None


def _init_worker(max_words: int | None, parent: int) -> None:
    global _writer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _writer = _embedded_writer(max_words)


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed has nothing to report to: leave at once."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _work(task: VideoTask) -> VideoDone:
    try:
        return run_task(task, _writer)
    except VidwikiError as exc:
        # the user's error travels back to the main process; one that cannot be pickled
        # (its constructor takes other arguments) travels as its one line
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001
            raise VidwikiError(str(exc)) from None
        raise
