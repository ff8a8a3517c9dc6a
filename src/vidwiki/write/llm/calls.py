"""Model calls with a content-hash cache in the store, retries with backoff, and a ledger.

Every reply is committed to ``llm_calls`` as soon as it arrives, keyed by a hash of the model
identity and the exact request: a re-run costs nothing and a crashed run resumes where it
stopped. Remote endpoints get several requests in flight (a bounded pool); the store is only
touched from the calling thread (SQLite connections are not shared across threads).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

from ...errors import BackendError
from .backends import ChatBackend, ChatReply, ChatRequest, TransientError
from .ledger import Ledger

Tick = Callable[[int], None]


class CallCache:
    """The ``llm_calls`` table (created by the store's ``m004_llm_calls`` migration)."""

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self.db = db

    def get(self, key: str) -> ChatReply | None:
        if self.db is None:
            return None
        row = self.db.execute("SELECT reply, prompt_tokens, completion_tokens, seconds FROM llm_calls WHERE key = ?",
                              (key,)).fetchone()
        return ChatReply(row[0], row[1], row[2], row[3], cached=True) if row else None

    def put(self, key: str, model: str, reply: ChatReply) -> None:
        if self.db is None:
            return
        self.db.execute("INSERT OR REPLACE INTO llm_calls VALUES (?, ?, ?, ?, ?, ?, datetime('now'))",
                        (key, model, reply.text, reply.prompt_tokens, reply.completion_tokens, reply.seconds))


class Caller:
    """Runs batches of chat requests for one stage: cache first, then the backend."""

    def __init__(self, backend: ChatBackend, cache: CallCache, ledger: Ledger, concurrency: int = 4,
                 attempts: int = 4, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> None:
        self.backend = backend
        self.cache = cache
        self.ledger = ledger
        self.concurrency = max(1, concurrency) if backend.remote else 1
        self.attempts = attempts
        self.backoff = backoff
        self.sleep = sleep
        self.tick: Tick = lambda n: None

    def key(self, request: ChatRequest) -> str:
        material = {"model": self.backend.identity, **request.key_material()}
        return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def peek(self, request: ChatRequest) -> ChatReply | None:
        """The stored answer to ``request``, if any; never calls the model."""
        return self.cache.get(self.key(request))

    def run(self, stage: str, requests: list[ChatRequest]) -> list[ChatReply]:
        """Replies in request order; cached ones cost nothing and are counted as cached."""
        cost = self.ledger.stage(stage)
        replies: list[ChatReply | None] = [None] * len(requests)
        keys = [self.key(r) for r in requests]
        missing: list[int] = []
        for i, key in enumerate(keys):
            hit = self.cache.get(key)
            if hit is not None:
                replies[i] = hit
                cost.cached += 1
                self.tick(1)
            else:
                missing.append(i)
        if missing:
            unique: dict[str, list[int]] = {}  # the same request twice in a batch is sent once
            for i in missing:
                unique.setdefault(keys[i], []).append(i)
            with ThreadPoolExecutor(max_workers=min(self.concurrency, len(unique))) as pool:
                futures = {pool.submit(self._attempt, requests[idx[0]]): idx for idx in unique.values()}
                for fut in as_completed(futures):
                    idx = futures[fut]
                    reply, retries = fut.result()
                    self.cache.put(keys[idx[0]], self.backend.identity, reply)
                    for i in idx:
                        replies[i] = reply
                    cost.calls += 1
                    cost.retries += retries
                    cost.prompt_tokens += reply.prompt_tokens
                    cost.completion_tokens += reply.completion_tokens
                    cost.seconds += reply.seconds
                    self.tick(1)
        return [r for r in replies if r is not None]

    def _attempt(self, request: ChatRequest) -> tuple[ChatReply, int]:
        for attempt in range(self.attempts):
            started = time.perf_counter()
            try:
                reply = self.backend.chat(request)
            except TransientError as exc:
                if attempt == self.attempts - 1:
                    raise BackendError(f"{exc} (gave up after {self.attempts} attempts)") from exc
                self.sleep(self.backoff * 2**attempt)
                continue
            reply.seconds = time.perf_counter() - started
            return reply, attempt
        raise AssertionError("unreachable")
