"""The LLM writer: one shared transcript block per article, short tasks after it, verify.

An article's stretch (never the whole transcript) is cut into parts of about ``chunk_tokens`` at
topical boundaries; the parts go into one numbered block (``prompts.Block``; a stretch longer
than ``window_tokens`` gets several). Every call about the article starts with that block and
differs only in its task, so a model that keeps its last prompt's state (llama.cpp) reads the
block once and then only the tasks: the plan (the title it proposes, an intro, one heading per
part), one call per part writing it as cited prose, one batched yes/no judge over the doubtful
sentences and one batched rewrite of the failed ones. Every sentence is verified against what it
cites (``verify``); what still fails after one rewrite is dropped, never published.

The title comes first: ``propose_titles`` runs before slugs and links are assigned, so the
model's title (checked by ``titling``) is the page's title, slug, hub entry and link label.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...nlp import parse
from ...records import Sentence, VideoMeta
from ...topics.extract import VideoTopic
from ...topics.phrases import content_terms
from ...topics.segment import segment_sentences
from ..base import ArticleJob, Block, Claim, Draft, Section
from ..embedded import _headings
from ..voice import drop_opener, edit
from .backends import ChatBackend, ChatRequest
from .calls import CallCache, Caller
from .form import form_problem, incomplete, narrates
from .ledger import Ledger
from .parse import JSONReplyError, clean_heading, parse_cited_prose, parse_json_object, parse_plan
from .prompts import (
    PROMPT_VERSION,
    clean_text,
    is_instruction_like,
    judge_messages,
    list_schema,
    part_messages,
    plan_messages,
    plan_schema,
    repair_messages,
    rewrite_messages,
)
from .prompts import Block as TranscriptBlock
from .titling import retitle
from .verify import JUDGE_BELOW, VERIFY_VERSION, Embeds, Verifier, attribute

CHUNK_TOKENS = 350  # one section per ~260 transcript words
WINDOW_TOKENS = 2000  # the shared block: with the system prompt, a task and a reply it fits 4,096
RECHECK_BUDGET = 0.5  # transcript tokens re-sent for rewrites and the judge, per token of the stretch
PARAGRAPH_CLAIMS = 4
MAX_HEADING_WORDS = 8  # a longer "heading" is a sentence: use the heading from code instead
WORDS_PER_SENTENCE = 25  # a part restated about sentence by sentence: articles of article length
MAX_PART_SENTENCES = 12
BATCH = 8  # claims per judge or rewrite call: more and a small model loses count


@dataclass(slots=True)
class Plan:
    title: str = ""
    intro: str = ""
    headings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Work:
    """An article's model output, verified, before it has its final title."""

    proposal: str = ""
    intro: list[Claim] = field(default_factory=list)
    parts: list[tuple[list[Sentence], list[Claim]]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


class LLMWriter:
    """Writes articles with a chat model; ``name`` pins the model, prompts and judge setting."""

    def __init__(self, backend: ChatBackend, embedder: Embeds, cache: CallCache, ledger: Ledger, *,
                 judge: bool = False, concurrency: int = 4, chunk_tokens: int = CHUNK_TOKENS,
                 window_tokens: int = WINDOW_TOKENS,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
        self.backend = backend
        self.caller = Caller(backend, cache, ledger, concurrency=concurrency)
        self.ledger = ledger
        self.chunk_tokens = chunk_tokens
        self.window_tokens = max(window_tokens, 2 * chunk_tokens)
        self.verifier = Verifier(embedder)
        self.judging = judge
        self.name = (f"llm:{backend.identity}:prompts{PROMPT_VERSION}:verify{VERIFY_VERSION}:chunk{chunk_tokens}"
                     f":window{self.window_tokens}:recheck{RECHECK_BUDGET}"
                     + (":judge" if judge else ""))
        ledger.writer = self.name
        self._progress = progress or (lambda *_: None)
        self._calls_done = 0
        self.caller.tick = self._tick
        self._tokens: dict[str, int] = {}
        self._video_id = ""
        self._budget = 0
        self._work: dict[tuple, Work | None] = {}

    # --- titles (before slugs and links) ----------------------------------------------------
    def propose_titles(self, video: VideoMeta, sentences: list[Sentence],
                       topics: list[VideoTopic]) -> list[VideoTopic]:
        """The video's topics titled by the model where its title passes the title rules.

        An article whose plan is already answered (a re-run) costs a cache look-up; a fresh one is
        written now, in one pass over its block, and ``write`` later assembles it.
        """
        proposals = []
        for t in topics:
            job = article_job(video, sentences, t, topics)
            plan = self._cached_plan(job)
            proposals.append(plan.title if plan is not None else (w.proposal if (w := self.work(job)) else ""))
        titled = retitle(topics, proposals, [[s.text for s in citable(sentences[t.first : t.last])] for t in topics])
        for t, new in zip(topics, titled, strict=True):
            if new.title != t.title:
                self.ledger.claims["titles-proposed"] = self.ledger.claims.get("titles-proposed", 0) + 1
            else:
                self.ledger.claims["titles-fallback"] = self.ledger.claims.get("titles-fallback", 0) + 1
        return titled

    # --- the Writer interface ---------------------------------------------------------------
    def write(self, job: ArticleJob) -> Draft:
        work = self.work(job)
        if work is None:
            return Draft()
        keep = [(chunk, claims, h) for (chunk, claims), h in zip(work.parts, work.headings, strict=True) if claims]
        if not keep:
            return Draft()
        headings = self._headings(job, [(c, cl) for c, cl, _ in keep], [h for _, _, h in keep])
        sections = [Section(heading=h, level=2, blocks=_paragraphs(claims))
                    for h, (_, claims, _) in zip(headings, keep, strict=True)]
        said = {_norm(c.text) for s in sections for b in s.blocks for c in b.claims}
        intro = [c for c in work.intro if _norm(c.text) not in said]
        if not intro:  # the first section's opening sentence introduces the article
            intro = sections[0].blocks[0].claims[:1]
            sections[0].blocks[0].claims = sections[0].blocks[0].claims[1:]
            sections[0].blocks = [b for b in sections[0].blocks if b.claims]
            sections = [s for s in sections if s.blocks]
        return Draft(intro=_paragraphs(intro), sections=sections)

    def work(self, job: ArticleJob) -> Work | None:
        """The article's calls, in prefix order per block; memoised for this process."""
        key = _job_key(job)
        if key not in self._work:
            self._work[key] = self._write_work(job)
        return self._work[key]

    # --- requests (also for --dry-run) ------------------------------------------------------
    def blocks(self, usable: list[Sentence]) -> list[TranscriptBlock]:
        """The stretch's parts grouped into blocks of at most ``window_tokens``."""
        blocks: list[list[list[Sentence]]] = [[]]
        size = 0
        for chunk in self.chunks(usable):
            tokens = sum(self._count(clean_text(s.text)) for s in chunk)
            if blocks[-1] and size + tokens > self.window_tokens:
                blocks.append([])
                size = 0
            blocks[-1].append(chunk)
            size += tokens
        return [TranscriptBlock(parts) for parts in blocks if parts]

    def requests(self, job: ArticleJob, block: TranscriptBlock) -> tuple[ChatRequest, list[ChatRequest]]:
        """The plan request and one request per part of ``block``."""
        speaker = _speaker(job)
        plan = ChatRequest(plan_messages(block, speaker, job.phrases), max_tokens=100 + 16 * len(block.parts) + 140,
                           temperature=0.0, schema=plan_schema(len(block.parts)))
        parts = [ChatRequest(part_messages(block, speaker, k, _part_length(part)),
                             max_tokens=48 * _part_length(part)[1] + 40)
                 for k, part in enumerate(block.parts)]
        return plan, parts

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

    # --- one article ------------------------------------------------------------------------
    def _write_work(self, job: ArticleJob) -> Work | None:
        usable = citable(job.sentences[job.first : job.last])
        if not usable:
            return None
        self._video_id = job.video.video_id
        video = self.ledger.video(job.video.video_id)
        if not video.transcript:
            video.transcript = sum(self._count(clean_text(s.text)) for s in job.sentences)
        speaker = _speaker(job)
        blocks = self.blocks(usable)
        stretch = sum(self._count(clean_text(s.text)) for s in usable)
        video.sent += stretch  # each block once: the calls after the first reuse it (prefix cache)
        self._budget = int(RECHECK_BUDGET * stretch)
        work = Work()
        for n, block in enumerate(blocks):
            plan_request, part_requests = self.requests(job, block)
            plan = self._plan(plan_request, len(block.parts))
            replies = self.caller.run("write.sections", part_requests)
            groups = [_local(parse_cited_prose(plan.intro), block) if n == 0 and plan.intro else []]
            groups += [_local(parse_cited_prose(r.text), block) for r in replies]
            pools = [[s for part in block.parts for s in part], *block.parts]
            verified = self._verified(block, speaker, groups, pools)
            if n == 0:
                work.proposal, work.intro = plan.title, verified[0][:2]
            work.parts.extend(zip(block.parts, verified[1:], strict=True))
            work.headings.extend(plan.headings)
        return work

    def _plan(self, request: ChatRequest, parts: int) -> Plan:
        reply = self.caller.run("write.plan", [request])[0]
        try:
            return Plan(*parse_plan(reply.text, parts))
        except JSONReplyError as exc:
            retry = replace(request, messages=repair_messages(request.messages, reply.text, str(exc)))
            reply = self.caller.run("write.plan", [retry])[0]
            try:
                return Plan(*parse_plan(reply.text, parts))
            except JSONReplyError:
                self._count_outcome("outline-fallback")
                return Plan(headings=[""] * parts)

    def _cached_plan(self, job: ArticleJob) -> Plan | None:
        """The plan of ``job``'s first block when the store already holds its answer."""
        usable = citable(job.sentences[job.first : job.last])
        if not usable:
            return Plan()
        block = self.blocks(usable)[0]
        request, _ = self.requests(job, block)
        reply = self.caller.peek(request)
        if reply is None:
            return None
        try:
            return Plan(*parse_plan(reply.text, len(block.parts)))
        except JSONReplyError:
            return None  # the repaired answer, if any, is found by writing it

    # --- verification -----------------------------------------------------------------------
    def _verified(self, block: TranscriptBlock, speaker: str, groups: list[list[Claim]],
                  pools: list[list[Sentence]]) -> list[list[Claim]]:
        """Each group of claims checked against its pool: form, support, judge; one batched
        rewrite of what failed, checked the same way; the rest dropped; opinions attributed."""
        kept, failed = self._check(block, speaker, groups, pools)
        by_id = {s.index: s for pool in pools for s in pool}
        items: list[tuple[int, Claim, str | None]] = []
        for g, claim, problem in failed:
            sources = [by_id[i] for i in claim.sentence_ids if i in by_id] or pools[g][:3]
            if not self._spend(sources):  # over budget: drop rather than resend the transcript
                self._count_outcome("dropped-over-budget")
                continue
            items.append((g, Claim(claim.text, [s.index for s in sources]), problem))
        if items:
            rewritten: list[list[Claim]] = [[] for _ in groups]
            for start in range(0, len(items), BATCH):
                batch = items[start : start + BATCH]
                for (g, _, _), text in zip(batch, self._rewrite(block, speaker, batch, by_id), strict=True):
                    rewritten[g].extend(_local(parse_cited_prose(text), block)[:1] if text else [])
            bad_form = [[c for c in claims if form_problem(c.text, speaker)] for claims in rewritten]
            self._count_outcome("dropped-bad-form", sum(map(len, bad_form)))
            second, _ = self._check(block, speaker, [[c for c in claims if c not in bad] for claims, bad in
                                            zip(rewritten, bad_form, strict=True)], pools, first_round=False)
            self._count_outcome("rewritten", sum(map(len, second)))
            self._count_outcome("dropped", len(items) - sum(map(len, second)))
            for g, claims in enumerate(second):
                order = {s.index: n for n, s in enumerate(pools[g])}
                kept[g] = sorted(kept[g] + claims,
                                 key=lambda c, o=order: min((o.get(i, 0) for i in c.sentence_ids), default=0))
        return [[attribute(c, [by_id[i] for i in c.sentence_ids if i in by_id], speaker) for c in claims]
                for claims in kept]

    def _check(self, block: TranscriptBlock, speaker: str, groups: list[list[Claim]], pools: list[list[Sentence]],
               first_round: bool = True) -> tuple[list[list[Claim]], list[tuple[int, Claim, str | None]]]:
        """Form (first round only: rewrites are form-checked by the caller), embedding support,
        then one judge call per batch of doubtful claims across all groups."""
        kept: list[list[Claim]] = []
        failed: list[tuple[int, Claim, str | None]] = []
        for g, (claims, pool) in enumerate(zip(groups, pools, strict=True)):
            ok = []
            for claim in claims:
                problem = form_problem(claim.text, speaker) if first_round else None
                if problem and (edited := _edited(claim.text, speaker)):
                    self._count_outcome("edited-in-code")
                    ok.extend(Claim(text, claim.sentence_ids) for text in edited)
                    continue
                if problem:
                    failed.append((g, claim, problem))
                    self._count_outcome("bad-form")
                else:
                    ok.append(claim)
            checked = self.verifier.check(ok, pool)
            for what, n in checked.outcomes.items():
                self._count_outcome(what, n)
            kept.append(list(checked.kept))
            failed.extend((g, c, None) for c in checked.failed)
        if self.judging:
            by_id = {s.index: s for pool in pools for s in pool}
            doubtful = [(g, c) for g, claims in enumerate(kept) for c in claims if (c.support or 0.0) < JUDGE_BELOW]
            verdicts = self._judge(block, speaker, [(c.text, [by_id[i] for i in c.sentence_ids]) for _, c in doubtful])
            rejected = {id(c) for (_, c), ok in zip(doubtful, verdicts, strict=True) if not ok}
            for g, claims in enumerate(kept):
                for c in claims:
                    if id(c) in rejected:
                        failed.append((g, Claim(c.text, c.sentence_ids), None))
                        self._count_outcome("judge-rejected")
                kept[g] = [c for c in claims if id(c) not in rejected]
        return kept, failed

    def _judge(self, block: TranscriptBlock, speaker: str, items: list[tuple[str, list[Sentence]]]) -> list[bool]:
        """The judge's verdicts, several claims per call; a claim the budget cannot pay for (or
        an answer that cannot be read) keeps its embedding verdict."""
        verdicts = [True] * len(items)
        asked = [n for n, (_, sources) in enumerate(items) if self._spend(sources)]
        batches = [asked[i : i + BATCH] for i in range(0, len(asked), BATCH)]
        requests = [ChatRequest(judge_messages(block, speaker, [items[n] for n in batch]), max_tokens=12 + 4 * len(batch),
                                temperature=0.0, schema=list_schema("verdicts", len(batch), {"type": "boolean"}))
                    for batch in batches]
        for batch, reply in zip(batches, self.caller.run("verify.judge", requests), strict=True):
            answer = _json_list(reply.text, "verdicts", len(batch))
            if answer is None or not all(isinstance(v, bool) for v in answer):
                self._count_outcome("judge-unreadable", len(batch))
                continue
            for n, ok in zip(batch, answer, strict=True):
                verdicts[n] = ok
        return verdicts

    def _rewrite(self, block: TranscriptBlock, speaker: str, batch: list[tuple[int, Claim, str | None]],
                 by_id: dict[int, Sentence]) -> list[str]:
        """One call correcting up to ``BATCH`` sentences; '' for each it did not answer."""
        items = [(c.text, [by_id[i] for i in c.sentence_ids if i in by_id], p) for _, c, p in batch]
        request = ChatRequest(rewrite_messages(block, speaker, items), max_tokens=30 + 60 * len(items),
                              temperature=0.0,
                              schema=list_schema("sentences", len(items), {"type": "string", "maxLength": 300}))
        reply = self.caller.run("verify.rewrite", [request])[0]
        answer = _json_list(reply.text, "sentences", len(items))
        if answer is None:
            return [""] * len(items)
        return [a if isinstance(a, str) else "" for a in answer]

    # --- headings -----------------------------------------------------------------------------
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
    def _spend(self, sources: list[Sentence]) -> bool:
        """Charge transcript tokens re-sent for checking to this article's budget, if it allows.

        Each article's block is sent once (later calls reuse it); checks may re-send at most
        ``RECHECK_BUDGET`` of the stretch, so a video never costs more than 1.5x its transcript.
        """
        tokens = sum(self._count(clean_text(s.text)) for s in sources)
        if tokens > self._budget:
            return False
        self._budget -= tokens
        self.ledger.video(self._video_id).sent += tokens
        return True

    def _count_outcome(self, what: str, n: int = 1) -> None:
        if n:
            self.ledger.claims[what] = self.ledger.claims.get(what, 0) + n

    def _count(self, text: str) -> int:
        if text not in self._tokens:
            self._tokens[text] = self.backend.count_tokens(text)
        return self._tokens[text]

    def _tick(self, n: int) -> None:
        self._calls_done += n
        self._progress("model calls", self._calls_done, self._calls_done)


def article_job(video: VideoMeta, sentences: list[Sentence], t: VideoTopic, topics: list[VideoTopic]) -> ArticleJob:
    """The job ``build.stages.video_draft`` gives the writer for ``t`` (titles aside)."""
    return ArticleJob(video=video, title=t.title, phrases=[t.labels.get(p, p) for p in t.phrases],
                      sentences=sentences, first=t.first, last=t.last,
                      sibling_titles=[o.title for o in topics if o.position != t.position])


def citable(span: list[Sentence]) -> list[Sentence]:
    """The sentences a model may see and cite: not empty, not phrased as orders to a model."""
    return [s for s in span if clean_text(s.text) and not is_instruction_like(s.text)]


def _job_key(job: ArticleJob) -> tuple:
    span = job.sentences[job.first : job.last]
    digest = hashlib.sha256("\n".join(s.text for s in span).encode()).hexdigest()
    return (job.video.video_id, job.first, job.last, tuple(job.phrases), job.video.channel, digest)


def _edited(text: str, speaker: str) -> list[str] | None:
    """A copied line in the speaker's voice or with a filler, made impersonal by the embedded
    writer's editor on its parse (``write.voice``: "you can think of a vector as an arrow" -> "A
    vector can be thought of as an arrow"); None when the editor cannot make it publishable."""
    if incomplete(text) or narrates(text, speaker):
        return None
    parts = edit(parse([drop_opener(text)])[0], essential=True)
    if not parts or any(form_problem(p, speaker) for p in parts):
        return None
    return parts


def _local(claims: list[Claim], block: TranscriptBlock) -> list[Claim]:
    """Claims citing the block's numbers turned into claims citing sentence ids."""
    return [Claim(c.text, [block.ids[i] for i in c.sentence_ids if i in block.ids]) for c in claims]


def _json_list(text: str, key: str, n: int) -> list | None:
    try:
        value = parse_json_object(text).get(key)
    except JSONReplyError:
        return None
    return value if isinstance(value, list) and len(value) == n else None


def _speaker(job: ArticleJob) -> str:
    names = [s.speaker for s in job.sentences[job.first : job.last] if s.speaker]
    if names and len(set(names)) == 1:
        return names[0]
    return job.video.channel or "the speaker"


def _part_length(chunk: list[Sentence]) -> tuple[int, int]:
    words = sum(len(s.text.split()) for s in chunk)
    high = max(2, min(MAX_PART_SENTENCES, round(words / WORDS_PER_SENTENCE)))
    return max(1, (high + 1) // 2), high


def _norm(text: str) -> str:
    return " ".join(content_terms(text))


def _paragraphs(claims: list[Claim]) -> list[Block]:
    return [Block(kind="paragraph", claims=claims[i : i + PARAGRAPH_CLAIMS])
            for i in range(0, len(claims), PARAGRAPH_CLAIMS)]
