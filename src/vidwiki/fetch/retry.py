"""Retries with exponential backoff for the one thing that fails by itself: the network.

A listing or a video that fails with a transient error (5xx, 429, a timeout, a reset, a body
that is not what was asked for) is tried again after 1 s, 2 s, 4 s … A permanent error (a
private or removed video, a 404) is not: retrying cannot fix it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class TransientError(Exception):
    """A failure worth retrying; ``str()`` is the short reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """``attempts`` tries in all, waiting ``first_delay * factor**k`` between them."""

    attempts: int = 4
    first_delay: float = 1.0
    factor: float = 2.0

    def delays(self) -> Iterator[float]:
        for k in range(max(self.attempts, 1) - 1):
            yield self.first_delay * self.factor**k


def with_retries(
    action: Callable[[], T],
    backoff: Backoff,
    on_retry: Callable[[int, float, TransientError], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``action``; on ``TransientError`` wait and retry, re-raising the last one at the end."""
    delays = backoff.delays()
    attempt = 1
    while True:
        try:
            return action()
        except TransientError as exc:
            delay = next(delays, None)
            if delay is None:
                raise
            if on_retry is not None:
                on_retry(attempt, delay, exc)
            sleep(delay)
            attempt += 1
