"""Builds the ``local`` and ``openai`` writers from build options (imported only when chosen)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from ...errors import BackendError
from .backends import ChatBackend, LlamaCppBackend, OpenAIBackend
from .calls import CallCache
from .ledger import Ledger
from .models import judges_by_default, resolve_model
from .native import prepare_llama_cpp
from .writer import LLMWriter

WRITERS = ("local", "openai")


def llm_threads() -> int:
    """$VIDWIKI_LLM_THREADS, else half the cores: llama.cpp threads wait on each other at every
    layer, so on a shared machine two threads were measured 3.4x slower than one (2 cores)."""
    env = os.environ.get("VIDWIKI_LLM_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else max(1, (os.cpu_count() or 2) // 2)


def make_backend(kind: str, model: str | None, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 120.0, n_ctx: int = 4096) -> ChatBackend:
    if kind == "local":
        path, digest = resolve_model(model)
        backend = LlamaCppBackend(path, digest, n_ctx=n_ctx, threads=llm_threads())
        # a native crash must be a one-line error here, before any page relies on the model
        prepare_llama_cpp(path, backend.identity)
        return backend
    if kind == "openai":
        if not model:
            raise BackendError("--writer openai needs --model NAME (as the endpoint calls it)")
        return OpenAIBackend(base_url, model, api_key or os.environ.get("OPENAI_API_KEY"), timeout=timeout)
    raise BackendError(f"unknown writer {kind!r} (available: embedded, {', '.join(WRITERS)})")


def make_llm_writer(kind: str, model: str | None, base_url: str | None, api_key: str | None,
                    db: sqlite3.Connection | None, *, judge: bool | None = None, concurrency: int = 4,
                    timeout: float = 120.0, progress: Callable[[str, int, int], None] | None = None) -> LLMWriter:
    from ...embeddings import Embedder

    if judge is None:  # rechecks (rewrites and judge) stay within 1.5x the transcript's tokens anyway
        judge = kind == "local" and judges_by_default(model)
    backend = make_backend(kind, model, base_url, api_key, timeout)
    return LLMWriter(backend, Embedder.load(), CallCache(db), Ledger(), judge=judge, concurrency=concurrency,
                     progress=progress)
