"""``vidwiki build --dry-run``: the calls, tokens and cost of an LLM build, spending nothing.

It runs the cheap stages (captions, sentences, topics) and builds the exact section requests the
writer would send, counting their tokens with the model's tokenizer (local) or an estimate
(endpoints). Requests already answered in the wiki's store cost nothing and are counted apart.
The outline call per article and completions are estimated from their token limits (an upper
bound); rewrites and judge calls depend on the answers and are not counted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...ingest import discover
from ...records import Problem
from ...store import DB_NAME, Store
from ...topics.extract import extract_topics
from ...transcript import build_sentences
from ..base import ArticleJob
from .backends import ChatReply, ChatRequest, LlamaCppBackend, approx_tokens
from .calls import CallCache, Caller
from .factory import make_backend
from .ledger import Ledger
from .prompts import clean_text
from .writer import LLMWriter, citable

OUTLINE_OVERHEAD = 160  # system prompt and instructions of the outline request, in tokens


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
            topics = extract_topics(src.meta.video_id, sents, options.topics_per_video, src.meta.chapters)
            for t in topics:
                job = ArticleJob(video=src.meta, title=t.title, phrases=[], sentences=sents, first=t.first,
                                 last=t.last, sibling_titles=[o.title for o in topics if o.position != t.position])
                usable = citable(sents[t.first : t.last])
                if not usable:
                    continue
                report.articles += 1
                chunks, requests = writer.section_requests(job, usable)
                report.transcript_tokens_sent += sum(counter.count_tokens(clean_text(s.text))
                                                     for c in chunks for s in c)
                for request in requests:
                    if cache.get(caller.key(request)) is not None:
                        report.cached_calls += 1
                        continue
                    report.calls += 1
                    report.prompt_tokens += counter.tokens_of(request)
                    report.completion_tokens_max += request.max_tokens
                written = sum(r.max_tokens for r in requests)
                report.calls += 1  # the outline (intro and headings)
                report.prompt_tokens += OUTLINE_OVERHEAD + written
                report.completion_tokens_max += 80 + 24 * len(requests) + 120
        return report
    finally:
        if store:
            store.close()
