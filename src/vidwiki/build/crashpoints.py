"""Named points in a build where tests interrupt it, as a real crash would.

A test sets ``VIDWIKI_TEST_CRASH_AT=<point>`` (or ``<point>:<n>`` for the n-th time the point
is reached) and the process kills itself with SIGKILL there: no cleanup, no ``finally``, the
same as ``kill -9`` or a power cut. ``VIDWIKI_TEST_PAUSE_AT=<point>:<flag file>`` instead
creates ``<flag file>.reached`` and waits until the flag file exists, so a test can act while a
build holds the wiki (a concurrent second build). Without these variables a point costs one
dictionary look-up. ``VIDWIKI_TEST_FAIL_VIDEO=<video id>`` makes that video's per-video stage
fail with an input error (``failpoint``), wherever it runs, so a test can see that the other
videos go on and that the error reads the same from a worker process.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

from ..errors import InputError

CRASH_ENV = "VIDWIKI_TEST_CRASH_AT"
PAUSE_ENV = "VIDWIKI_TEST_PAUSE_AT"
FAIL_ENV = "VIDWIKI_TEST_FAIL_VIDEO"
POINTS = ("discovered", "processing", "processed", "composed", "stored", "rendering", "rendered", "finished")

_seen: Counter[str] = Counter()


def crashpoint(name: str) -> None:
    crash = os.environ.get(CRASH_ENV)
    pause = os.environ.get(PAUSE_ENV)
    if not crash and not pause:
        return
    _seen[name] += 1
    if crash:
        point, _, nth = crash.partition(":")
        if point == name and _seen[name] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
    if pause:
        point, _, flag = pause.partition(":")
        if point == name and _seen[name] == 1:
            Path(flag + ".reached").touch()
            while not Path(flag).exists():
                time.sleep(0.05)


def failpoint(video_id: str) -> None:
    if os.environ.get(FAIL_ENV) == video_id:
        raise InputError(f"{video_id}.vtt", "test failure of this video's topics", 7)
