"""Chat backends: one in-process llama.cpp model, or any OpenAI-compatible endpoint.

A backend does one thing: send one chat request and return the text and its token counts. It
knows nothing of articles, caching or retries (``calls`` does those), so a test can swap in a
fake backend and exercise everything else for real. ``identity`` names the model exactly (the
weights' sha256 for local files) so cached replies are never reused for another model.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ...errors import BackendError


class TransientError(BackendError):
    """A failure worth retrying: timeout, dropped connection, rate limit, 5xx."""


@dataclass(slots=True)
class ChatRequest:
    messages: list[dict[str, str]]
    max_tokens: int = 400
    temperature: float = 0.2
    schema: dict | None = None  # a JSON schema the reply must follow (grammar / response_format)

    def key_material(self) -> dict:
        return {"messages": self.messages, "max_tokens": self.max_tokens,
                "temperature": self.temperature, "schema": self.schema}


@dataclass(slots=True)
class ChatReply:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    cached: bool = field(default=False, compare=False)


class ChatBackend(Protocol):
    identity: str
    remote: bool

    def chat(self, request: ChatRequest) -> ChatReply: ...

    def count_tokens(self, text: str) -> int: ...


def approx_tokens(text: str) -> int:
    """About one token per four characters of English: for endpoints whose tokenizer we lack."""
    return max(1, (len(text) + 3) // 4) if text else 0


class LlamaCppBackend:
    """A GGUF model run in this process by llama-cpp-python (``pip install 'vidwiki[local]'``).

    The model is loaded on first use; calls are serialised (one model, one context). The context
    keeps the last prompt, so a request sharing its prefix evaluates only what follows it.
    """

    remote = False

    def __init__(self, model_path: Path, sha256: str, n_ctx: int = 4096, threads: int | None = None,
                 seed: int = 0) -> None:
        self.model_path = Path(model_path)
        self.identity = f"llama.cpp:{sha256}"
        self.n_ctx = n_ctx
        self.threads = threads
        self.seed = seed
        self._llm = None
        self._lock = threading.Lock()

    def _model(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise BackendError("the local writer needs llama-cpp-python: pip install 'vidwiki[local]'") from exc
            from .native import prepare_llama_cpp

            prepare_llama_cpp(self.model_path, self.identity)  # cached: a crash here is one line, not a dead build
            try:
                self._llm = Llama(model_path=str(self.model_path), n_ctx=self.n_ctx, n_threads=self.threads,
                                  seed=self.seed, verbose=False)
            except (ValueError, RuntimeError) as exc:
                raise BackendError(f"{self.model_path}: llama.cpp cannot load this model ({exc})") from exc
        return self._llm

    def chat(self, request: ChatRequest) -> ChatReply:
        with self._lock:
            llm = self._model()
            kwargs: dict = {}
            if request.schema is not None:
                kwargs["response_format"] = {"type": "json_object", "schema": request.schema}
            try:
                out = llm.create_chat_completion(messages=request.messages, max_tokens=request.max_tokens,
                                                 temperature=request.temperature, seed=self.seed, **kwargs)
            except ValueError as exc:  # e.g. the prompt exceeds the context window
                raise BackendError(f"llama.cpp: {exc}") from exc
            # no reset: the next prompt's common prefix (an article's system prompt and transcript
            # block) is reused from the context's state and only the new task is evaluated
        usage = out.get("usage") or {}
        return ChatReply(text=out["choices"][0]["message"].get("content") or "",
                         prompt_tokens=usage.get("prompt_tokens", 0),
                         completion_tokens=usage.get("completion_tokens", 0))

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return len(self._model().tokenize(text.encode("utf-8"), add_bos=False, special=False))


class OpenAIBackend:
    """Any OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM, OpenAI) through the
    ``openai`` client (``pip install 'vidwiki[openai]'``). Retries are ours (``calls``), not the
    client's, so the ledger sees every attempt."""

    remote = True

    def __init__(self, base_url: str | None, model: str, api_key: str | None = None, timeout: float = 120.0) -> None:
        try:
            import openai
        except ImportError as exc:
            raise BackendError("the openai writer needs the openai client: pip install 'vidwiki[openai]'") from exc
        self._openai = openai
        self.model = model
        self.base_url = base_url
        self.identity = f"openai:{base_url or 'api.openai.com'}:{model}"
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout,
                                     max_retries=0)
        self._schema_mode = "json_schema"  # downgraded once if the server rejects it
        # llama.cpp's server keeps a slot's last prompt only when asked (older builds); others ignore
        # it. OpenAI caches prefixes by itself and does not know the field.
        self._extra = {"cache_prompt": True} if base_url and "api.openai.com" not in base_url else {}

    def chat(self, request: ChatRequest) -> ChatReply:
        kwargs: dict = {}
        if request.schema is not None:
            if self._schema_mode == "json_schema":
                kwargs["response_format"] = {"type": "json_schema",
                                             "json_schema": {"name": "reply", "schema": request.schema}}
            else:
                kwargs["response_format"] = {"type": "json_object", "schema": request.schema}
        try:
            out = self._client.chat.completions.create(model=self.model, messages=request.messages,
                                                       max_tokens=request.max_tokens,
                                                       temperature=request.temperature,
                                                       extra_body=self._extra or None, **kwargs)
        except self._openai.APIStatusError as exc:
            # llama.cpp's server knows only {"type": "json_object", "schema": ...} and rejects the
            # OpenAI form (with a 400, 422 or even a 500): fall back to its form, once
            if request.schema is not None and self._schema_mode == "json_schema" and "response_format" in str(exc):
                self._schema_mode = "json_object"
                return self.chat(request)
            if self._extra and "cache_prompt" in str(exc):  # a server that rejects unknown fields
                self._extra = {}
                return self.chat(request)
            if isinstance(exc, self._openai.BadRequestError | self._openai.UnprocessableEntityError):
                raise BackendError(f"{self.base_url or 'openai'}: request rejected: {_brief(exc)}") from exc
            if not isinstance(exc, self._openai.RateLimitError | self._openai.InternalServerError):
                raise BackendError(f"{self.base_url or 'openai'}: {_brief(exc)}") from exc
            raise TransientError(f"{self.base_url or 'openai'}: {_brief(exc)}") from exc
        except (self._openai.APITimeoutError, self._openai.APIConnectionError) as exc:
            raise TransientError(f"{self.base_url or 'openai'}: {_brief(exc)}") from exc
        usage = out.usage
        text = out.choices[0].message.content or "" if out.choices else ""
        return ChatReply(text=text, prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                         completion_tokens=getattr(usage, "completion_tokens", 0) or 0)

    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)


def _brief(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
