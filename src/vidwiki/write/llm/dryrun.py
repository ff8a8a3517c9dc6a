"""``vidwiki build --dry-run``: the calls, tokens and cost of an LLM build, spending nothing.

It runs the cheap stages (captions, sentences, topics) and builds the exact plan and section
requests the writer would send, counting their tokens with the model's tokenizer (local) or an
estimate (endpoints); an article's transcript block is counted once, as a prefix-caching server
reads it. Requests already answered in the wiki's store cost nothing and are counted apart.
Completions are estimated from their token limits (an upper bound); rewrites and judge calls
depend on the answers and are not counted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...ingest import discover
from ...records import Problem
from ...store import DB_NAME, Store
from ...topics.extract import extract_topics
from ...transcript import build_sentences
from .backends import ChatReply, ChatRequest, LlamaCppBackend, approx_tokens
from .calls import CallCache, Caller
from .factory import make_backend
from .ledger import Ledger
from .prompts import clean_text
from .writer import LLMWriter, article_job, citable


@dataclass(slots=True)
class Plan:
    writer: str
    model: str
    videos: int = 0
    articles: int = 0
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens_max: int = 0
    transcript_tokens: int = 0
    transcript_tokens_sent: int = 0
    price_in: float = 0.0
    price_out: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def cost(self) -> float:
        return (self.prompt_tokens * self.price_in + self.completion_tokens_max * self.price_out) / 1e6

    def to_json(self) -> dict:
        data = asdict(self)
        data["estimated_cost"] = round(self.cost, 4)
        return data


class _Counter:
    """Counts tokens like the backend would; never generates."""

    def __init__(self, backend) -> None:
        self.identity = backend.identity
        self.remote = backend.remote
        self._count = approx_tokens
        if isinstance(backend, LlamaCppBackend):
            from llama_cpp import Llama

            vocab = Llama(model_path=str(backend.model_path), vocab_only=True, verbose=False)
            self._count = lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def count_tokens(self, text: str) -> int:
        return self._count(text)

    def chat(self, request: ChatRequest) -> ChatReply:  # pragma: no cover - a dry run never calls
        raise AssertionError("a dry run sends nothing")

    def tokens_of(self, request: ChatRequest) -> int:
        return sum(self._count(m["content"]) + 4 for m in request.messages)


def plan(inputs: list[Path], wiki: Path, options, price_in: float = 0.0, price_out: float = 0.0) -> Plan:
    backend = make_backend(options.writer, options.model, options.base_url, options.api_key)
    counter = _Counter(backend)
    db_path = Path(wiki) / DB_NAME
    store = Store(db_path) if db_path.is_file() else None
    try:
        cache = CallCache(store.db if store else None)
        writer = LLMWriter(counter, None, cache, Ledger())  # type: ignore[arg-type]  # never verifies
        caller = Caller(counter, cache, Ledger())
        report = Plan(writer=options.writer, model=backend.identity, price_in=price_in, price_out=price_out)
        problems: list[Problem] = []
        sources = []
        for root in inputs:
            found, bad = discover(root)
            sources.extend(found)
            problems.extend(bad)
        report.problems = [str(p) for p in problems]
        seen: set[str] = set()
        for src in sources:
            if src.meta.video_id in seen:
                continue
            seen.add(src.meta.video_id)
            sents = build_sentences(src)
            if not sents:
                continue
            report.videos += 1
            report.transcript_tokens += sum(counter.count_tokens(clean_text(s.text)) for s in sents)
            topics = extract_topics(src.meta.video_id, sents, options.topics_per_video, src.meta.chapters, src.meta.title)
            for t in topics:
                job = article_job(src.meta, sents, t, topics)
                usable = citable(sents[t.first : t.last])
                if not usable:
                    continue
                report.articles += 1
                blocks = writer.blocks(usable)
                stretch = sum(counter.count_tokens(clean_text(s.text)) for s in usable)
                report.transcript_tokens_sent += stretch
                for block in blocks:
                    plan_request, part_requests = writer.requests(job, block)
                    block_tokens = counter.count_tokens(block.text)
                    for n, request in enumerate([plan_request, *part_requests]):
                        if cache.get(caller.key(request)) is not None:
                            report.cached_calls += 1
                            continue
                        report.calls += 1
                        # the block is the shared prefix: a prefix-caching server reads it once
                        report.prompt_tokens += counter.tokens_of(request) - (block_tokens if n else 0)
                        report.completion_tokens_max += request.max_tokens
        return report
    finally:
        if store:
            store.close()
