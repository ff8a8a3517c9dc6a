"""The LLM writer: map over a topic's own stretch in chunks, reduce to an outline, verify.

Map: the topic's sentences (a contiguous stretch, never the whole transcript) are cut into
chunks of about ``chunk_tokens`` at topical boundaries; each chunk becomes one section, written
from that chunk alone. Nothing is truncated, and every transcript sentence is sent about once,
so a video costs about its own transcript in prompt tokens however long it is. Reduce: the
chunks' cited summaries (not the transcript) go back to the model for an intro and headings, as
JSON constrained by a schema, repaired or retried once, else derived in code. Every sentence is
then verified against what it cites (``verify``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ...records import Sentence
from ...topics.phrases import content_terms
from ...topics.segment import segment_sentences
from ..base import ArticleJob, Block, Claim, Draft, Section
from ..embedded import _headings
from .backends import ChatBackend, ChatRequest
from .calls import CallCache, Caller
from .form import form_problem
from .ledger import Ledger
from .parse import JSONReplyError, clean_heading, parse_cited_prose, parse_outline
from .prompts import (
    JUDGE_SCHEMA,
    PROMPT_VERSION,
    clean_text,
    is_instruction_like,
    judge_messages,
    outline_messages,
    outline_schema,
    repair_messages,
    rewrite_messages,
    section_messages,
)
from .verify import VERIFY_VERSION, Embeds, Verifier, attribute

CHUNK_TOKENS = 700
RECHECK_BUDGET = 0.5  # transcript tokens re-sent for rewrites and the judge, per token of the stretch
PARAGRAPH_CLAIMS = 4
MAX_HEADING_WORDS = 8  # a longer "heading" is a sentence: use the heading from code instead
WORDS_PER_SUMMARY_SENTENCE = 70


class LLMWriter:
    """Writes articles with a chat model; ``name`` pins the model, prompts and judge setting."""

    def __init__(self, backend: ChatBackend, embedder: Embeds, cache: CallCache, ledger: Ledger, *,
                 judge: bool = False, concurrency: int = 4, chunk_tokens: int = CHUNK_TOKENS,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
        self.backend = backend
        self.caller = Caller(backend, cache, ledger, concurrency=concurrency)
        self.ledger = ledger
        self.chunk_tokens = chunk_tokens
        self.verifier = Verifier(embedder, judge=self._judge if judge else None)
        self.name = (f"llm:{backend.identity}:prompts{PROMPT_VERSION}:verify{VERIFY_VERSION}:chunk{chunk_tokens}"
                     f":recheck{RECHECK_BUDGET}"
                     + (":judge" if judge else ""))
        ledger.writer = self.name
        self._progress = progress or (lambda *_: None)
        self._calls_done = 0
        self.caller.tick = self._tick
        self._tokens: dict[str, int] = {}
        self._video_id = ""
        self._budget = 0

    # --- the Writer interface ---------------------------------------------------------------
    def write(self, job: ArticleJob) -> Draft:
        span = job.sentences[job.first : job.last]
        usable = citable(span)
        if not usable:
            return Draft()
        self._video_id = job.video.video_id
        video = self.ledger.video(job.video.video_id)
        if not video.transcript:
            video.transcript = sum(self._count(clean_text(s.text)) for s in job.sentences)
        speaker = _speaker(job)
        chunks, requests = self.section_requests(job, usable)
        stretch = sum(self._count(clean_text(s.text)) for chunk in chunks for s in chunk)
        video.sent += stretch
        self._budget = int(RECHECK_BUDGET * stretch)
        replies = self.caller.run("write.sections", requests)
        parts = [self._verified(parse_cited_prose(r.text), chunk, speaker) for r, chunk in zip(replies, chunks, strict=True)]
        keep = [(chunk, claims) for chunk, claims in zip(chunks, parts, strict=True) if claims]
        if not keep:
            return Draft()
        intro, headings = self._outline(job, keep, usable, speaker)
        sections = [Section(heading=h, level=2, blocks=_paragraphs(claims))
                    for h, (_, claims) in zip(headings, keep, strict=True)]
        said = {_norm(c.text) for s in sections for b in s.blocks for c in b.claims}
        intro = [c for c in intro if _norm(c.text) not in said]
        if not intro:  # the first section's opening sentence introduces the article
            intro = sections[0].blocks[0].claims[:1]
            sections[0].blocks[0].claims = sections[0].blocks[0].claims[1:]
            sections[0].blocks = [b for b in sections[0].blocks if b.claims]
            sections = [s for s in sections if s.blocks]
        return Draft(intro=_paragraphs(intro), sections=sections)

    # --- map ------------------------------------------------------------------------------------
    def section_requests(self, job: ArticleJob, usable: list[Sentence]) -> tuple[list[list[Sentence]], list[ChatRequest]]:
        """The chunks of the topic's stretch and the request that writes each (also for --dry-run)."""
        speaker = _speaker(job)
        chunks = self.chunks(usable)
        requests = [ChatRequest(section_messages(job.video.title or "", job.title, speaker, chunk,
                                                 _summary_length(chunk)),
                                max_tokens=60 * _summary_length(chunk)[1] + 60)
                    for chunk in chunks]
        return chunks, requests

    def chunks(self, sentences: list[Sentence]) -> list[list[Sentence]]:
        """Contiguous chunks of about ``chunk_tokens``, cut at topical boundaries."""
        tokens = [self._count(clean_text(s.text)) for s in sentences]
        k = max(1, math.ceil(sum(tokens) / self.chunk_tokens))
        if k == 1 or len(sentences) < 2 * k:
            ranges = [(0, len(sentences))]
        else:
            ranges = segment_sentences([clean_text(s.text) for s in sentences], k)
        out: list[list[Sentence]] = []
        for a, b in ranges:  # a topical cut may leave a long chunk: split it evenly by size
            size = sum(tokens[a:b])
            pieces = max(1, math.ceil(size / (1.5 * self.chunk_tokens)))
            step = math.ceil((b - a) / pieces)
            out.extend(sentences[i : min(b, i + step)] for i in range(a, b, step))
        return [c for c in out if c]

    def _verified(self, claims: list[Claim], pool: list[Sentence], speaker: str) -> list[Claim]:
        """Verify, re-cite, rewrite once, drop; attribute opinions."""
        # form first: a narrating or unfinished sentence goes back with its reason, whatever its support
        problems = {i: p for i, c in enumerate(claims) if (p := form_problem(c.text, speaker))}
        checked = self.verifier.check([c for i, c in enumerate(claims) if i not in problems], pool)
        outcomes = dict(checked.outcomes)
        if problems:
            outcomes["bad-form"] = len(problems)
        kept = list(checked.kept)
        failed = [(claims[i], p) for i, p in problems.items()] + [(c, None) for c in checked.failed]
        if failed:
            by_id = {s.index: s for s in pool}
            requests = []
            for claim, problem in failed:
                sources = [by_id[i] for i in claim.sentence_ids if i in by_id] or pool[:3]
                if not self._spend(sources):  # over budget: drop rather than resend the transcript
                    outcomes["dropped-over-budget"] = outcomes.get("dropped-over-budget", 0) + 1
                    continue
                requests.append(ChatRequest(rewrite_messages(claim.text, sources, problem), max_tokens=120,
                                            temperature=0.0))
            replies = self.caller.run("verify.rewrite", requests)
            rewritten = [c for r in replies for c in parse_cited_prose(r.text)[:1]]
            still_bad = [c for c in rewritten if form_problem(c.text, speaker)]
            if still_bad:
                outcomes["dropped-bad-form"] = len(still_bad)
            second = self.verifier.check([c for c in rewritten if c not in still_bad], pool)
            outcomes["rewritten"] = len(second.kept)
            outcomes["dropped"] = len(requests) - len(second.kept)
            # rewritten claims go back to where their source sits in the stretch
            kept.extend(second.kept)
            order = {s.index: n for n, s in enumerate(pool)}
            kept.sort(key=lambda c: min((order.get(i, 0) for i in c.sentence_ids), default=0))
        for what, n in outcomes.items():
            self.ledger.claims[what] = self.ledger.claims.get(what, 0) + n
        by_id = {s.index: s for s in pool}
        return [attribute(c, [by_id[i] for i in c.sentence_ids if i in by_id], speaker) for c in kept]

    # --- reduce ---------------------------------------------------------------------------------
    def _outline(self, job: ArticleJob, parts: list[tuple[list[Sentence], list[Claim]]], usable: list[Sentence],
                 speaker: str) -> tuple[list[Claim], list[str]]:
        texts = [" ".join(f"{c.text[:-1]} [{', '.join(f'S{i}' for i in c.sentence_ids)}]{c.text[-1]}"
                          for c in claims) for _, claims in parts]
        messages = outline_messages(job.title, texts)
        request = ChatRequest(messages, max_tokens=80 + 24 * len(parts) + 120, schema=outline_schema(len(parts)))
        reply = self.caller.run("write.outline", [request])[0]
        try:
            intro_text, headings = parse_outline(reply.text, len(parts))
        except JSONReplyError as exc:
            retry = ChatRequest(repair_messages(messages, reply.text, str(exc)), max_tokens=request.max_tokens,
                                schema=request.schema)
            reply = self.caller.run("write.outline", [retry])[0]
            try:
                intro_text, headings = parse_outline(reply.text, len(parts))
            except JSONReplyError:
                self.ledger.claims["outline-fallback"] = self.ledger.claims.get("outline-fallback", 0) + 1
                intro_text, headings = "", [""] * len(parts)
        intro = self._verified(parse_cited_prose(intro_text), usable, speaker)[:2] if intro_text else []
        return intro, self._headings(job, parts, headings)

    def _headings(self, job: ArticleJob, parts: list[tuple[list[Sentence], list[Claim]]],
                  proposed: list[str]) -> list[str]:
        """The model's headings where they name something their part says; else headings from code."""
        texts = [c.text for _, claims in parts for c in claims]
        ranges, start = [], 0
        for _, claims in parts:
            ranges.append((start, start + len(claims)))
            start += len(claims)
        fallback = _headings(texts, ranges, job)
        banned = {job.title.lower(), *(t.lower() for t in job.sibling_titles)}
        out: list[str] = []
        for n, ((chunk, _claims), heading) in enumerate(zip(parts, proposed, strict=True)):
            heading = clean_heading(heading) if len(heading.split()) <= MAX_HEADING_WORDS else ""
            source = set(content_terms(" ".join(clean_text(s.text) for s in chunk) + " " + job.title))
            terms = content_terms(heading)
            grounded = terms and sum(t in source for t in terms) * 2 >= len(terms)
            if not grounded or heading.lower() in banned or heading.lower() in {h.lower() for h in out}:
                heading = fallback[n]
            out.append(heading[:1].upper() + heading[1:])
        return out

    # --- helpers --------------------------------------------------------------------------------
    def _judge(self, items: list[tuple[str, list[Sentence]]]) -> list[bool]:
        """The judge's verdicts; a claim the budget cannot pay for keeps its embedding verdict."""
        asked = [n for n, (_, sources) in enumerate(items) if self._spend(sources)]
        requests = [ChatRequest(judge_messages(items[n][0], items[n][1]), max_tokens=12, temperature=0.0,
                                schema=JUDGE_SCHEMA) for n in asked]
        replies = self.caller.run("verify.judge", requests)
        verdicts = [True] * len(items)
        for n, reply in zip(asked, replies, strict=True):
            verdicts[n] = "true" in reply.text.lower()
        return verdicts

    def _spend(self, sources: list[Sentence]) -> bool:
        """Charge transcript tokens re-sent for checking to this article's budget, if it allows.

        Sections send each sentence of the stretch once; checks may re-send at most
        ``RECHECK_BUDGET`` of the stretch, so a video never costs more than 1.5x its transcript.
        """
        tokens = sum(self._count(clean_text(s.text)) for s in sources)
        if tokens > self._budget:
            return False
        self._budget -= tokens
        self.ledger.video(self._video_id).sent += tokens
        return True

    def _count(self, text: str) -> int:
        if text not in self._tokens:
            self._tokens[text] = self.backend.count_tokens(text)
        return self._tokens[text]

    def _tick(self, n: int) -> None:
        self._calls_done += n
        self._progress("model calls", self._calls_done, self._calls_done)


def citable(span: list[Sentence]) -> list[Sentence]:
    """The sentences a model may see and cite: not empty, not phrased as orders to a model."""
    return [s for s in span if clean_text(s.text) and not is_instruction_like(s.text)]


def _speaker(job: ArticleJob) -> str:
    names = [s.speaker for s in job.sentences[job.first : job.last] if s.speaker]
    if names and len(set(names)) == 1:
        return names[0]
    return job.video.channel or "the speaker"


def _summary_length(chunk: list[Sentence]) -> tuple[int, int]:
    words = sum(len(s.text.split()) for s in chunk)
    high = max(2, min(8, round(words / WORDS_PER_SUMMARY_SENTENCE)))
    return max(1, high // 2), high


def _norm(text: str) -> str:
    return " ".join(content_terms(text))


def _paragraphs(claims: list[Claim]) -> list[Block]:
    return [Block(kind="paragraph", claims=claims[i : i + PARAGRAPH_CLAIMS])
            for i in range(0, len(claims), PARAGRAPH_CLAIMS)]
