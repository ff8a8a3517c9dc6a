"""The embedded default writer: the speaker's own sentences, selected, ordered and cleaned.

No model, no network. It writes nothing the transcript does not say: every claim is one
transcript sentence with fillers, stutters and false starts removed (``tidy``), then edited into
third-person prose on its dependency parse (``voice``: hedges and meta-talk out, generic "you" /
"we" to the passive, run-ons split; a sentence left in the speaker's voice is kept only when it
carries the topic's key phrases); questions and asides are left out, and the sentence that defines
the title leads the page (``lead``). Only sentences a voice rule could change are parsed. Because a
video's topics are disjoint stretches of the transcript, sibling articles repeat each other at most
in a lead borrowed from elsewhere in the video. Long stretches (podcasts) are reduced to the
sentences most central to the topic, kept in spoken order after the lead. Sections follow the sub-topics of the stretch; an enumeration by the speaker
("First, ... Second, ...") becomes a bulleted list.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ..nlp import parse
from ..records import Sentence
from ..topics.extract import sentence_case
from ..topics.naming import first_noun_phrase
from ..topics.phrases import content_terms, phrase_occurrences
from ..topics.segment import segment_sentences
from ..topics.titles import passes_title_rules
from .base import ArticleJob, Block, Claim, Draft, Section
from .lead import defines, definitions_elsewhere, standalone_index, stands_alone
from .tidy import is_substantive, tidy_sentence
from .voice import (
    drop_opener,
    edit,
    fixed_or_nothing,
    hopeless,
    is_meta,
    needs_parse,
    stuck,
    voice_words,
)

ORDINAL_RE = re.compile(
    r"^(?:(?:the\s+)?(first|second|third|fourth|fifth|sixth|last|final)(?:ly)?|finally|lastly|"
    r"number\s+(one|two|three|four|five)|(one|two|three|four|five)\s*[:,])\b[\s,:]*",
    re.IGNORECASE,
)
# a sentence that stays in the speaker's voice is kept only for the topic's content, never with these
SPOKEN_RE = re.compile(
    r"\byou know\b|\bi mean\b|\byou guys\b|(?<!\ba )(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\bsome )(?<!\bany )"
    r"(?<!\bwhat )(?<!\bone )(?<!\bsame )(?<!\bnew )(?<!\bsimplest )(?<!\bsimple )\b(?:kind|sort) of\b"
)
MANY_VOICE_WORDS = 3
PARAGRAPH_SENTENCES = 4
PARAGRAPH_GAP_SECONDS = 4.0
WORDS_PER_SECTION = 170
MAX_SECTIONS = 5
INTRO_SENTENCES = 2
HEADING_CANDIDATES = 6
# A sentence still in the speaker's voice after editing stays only if it names one of the topic's
# top phrases. On the 3Blue1Brown corpus (sampled coverage): 4 phrases kept voice at 15 %
# (coverage 68 %), 2 at 11 % (67 %), 1 at 5 % (66 %) but articles of 275 words; see docs/quality.md
ESSENTIAL_PHRASES = 2


class EmbeddedWriter:
    """Extractive writer; ``max_words`` bounds an article's length on long stretches."""

    name = "embedded"

    def __init__(self, max_words: int = 1100) -> None:
        self.max_words = max_words

    def write(self, job: ArticleJob) -> Draft:
        span = job.sentences[job.first : job.last]
        multi_speaker = len({s.speaker for s in job.sentences if s.speaker}) > 1
        claims = _third_person(span, job.phrases, multi_speaker)
        if not claims:
            # Nothing substantive: keep the longest sentence so the page is never empty.
            longest = max(span, key=lambda s: len(s.text.split()), default=None)
            if longest is None:
                return Draft()
            claims = [Claim(tidy_sentence(longest.text) or longest.text, [longest.index])]
        claims = _lead_first(self._select(claims, job), job, multi_speaker)
        by_index = {s.index: s for s in job.sentences}

        intro_count = min(INTRO_SENTENCES, len(claims))
        if len(claims) <= 4:
            intro_count = len(claims)
        intro = _paragraphs(claims[:intro_count], by_index, multi_speaker)
        rest = claims[intro_count:]
        sections = self._sections(rest, job, by_index, multi_speaker)
        return Draft(intro=intro, sections=sections)

    def _select(self, claims: list[Claim], job: ArticleJob) -> list[Claim]:
        words = sum(len(c.text.split()) for c in claims)
        if words <= self.max_words:
            return claims
        scores = _centrality([c.text for c in claims], job.phrases)
        order = np.argsort(-scores, kind="stable")
        chosen: set[int] = set()
        total = 0
        for i in order:
            n = len(claims[i].text.split())
            if total + n > self.max_words and chosen:
                continue
            chosen.add(int(i))
            total += n
            if total >= self.max_words * 0.95:
                break
        return [c for i, c in enumerate(claims) if i in chosen]

    def _sections(
        self, claims: list[Claim], job: ArticleJob, by_index: dict[int, Sentence], multi_speaker: bool
    ) -> list[Section]:
        if not claims:
            return []
        words = sum(len(c.text.split()) for c in claims)
        k = max(1, min(MAX_SECTIONS, round(words / WORDS_PER_SECTION)))
        texts = [c.text for c in claims]
        ranges = segment_sentences(texts, k) if k > 1 else [(0, len(claims))]
        headings = _headings(texts, ranges, job)
        sections = []
        for (a, b), heading in zip(ranges, headings, strict=True):
            sections.append(Section(heading=heading, level=2, blocks=_blocks(claims[a:b], by_index, multi_speaker)))
        return sections


def _clean(text: str) -> str | None:
    tidy = tidy_sentence(text)
    if not tidy or not is_substantive(tidy):
        return None
    return tidy


def _third_person(span: list[Sentence], phrases: list[str], multi_speaker: bool) -> list[Claim]:
    """The span's substantive sentences, edited into third-person prose (``voice``).

    Only sentences a voice rule could change are parsed, in one batch; the rest pass through.
    Questions and cut-off sentences of a single speaker are left out (``_not_a_statement``).
    A sentence holding a voice word no rule removes is left out without a parse, even when it
    names the topic's key phrases: on the 3Blue1Brown corpus passing those through kept 12 % of
    the prose in the speaker's voice for 3 points of coverage. A run-on sentence may become two
    claims, both citing its transcript sentence.
    """
    key = [p.lower() for p in phrases[:ESSENTIAL_PHRASES] if p]
    plan: list[tuple[Sentence, str, bool | None]] = []  # None: pass through; bool: parse (essential?)
    for s in span:
        text = _clean(s.text)
        if not text or is_meta(text) or (not multi_speaker and _not_a_statement(text)):
            continue
        if not needs_parse(text):
            plan.append((s, drop_opener(text), None))
            continue
        low = text.lower()
        essential = any(p in low for p in key) and not SPOKEN_RE.search(low) and not fixed_or_nothing(text)
        if not multi_speaker:
            # beyond repair: no rule removes a word, or too many voice words to all go (on the 3Blue1Brown corpus 11 % of non-essential sentences with two survive)
            voices = len(voice_words(text))
            if hopeless(text) or stuck(text) or voices >= MANY_VOICE_WORDS:
                continue
            if voices >= 2 and not essential:
                continue
        plan.append((s, text, essential))
    docs = iter(parse([text for _, text, essential in plan if essential is not None]))
    claims: list[Claim] = []
    for s, text, essential in plan:
        if essential is None:
            claims.append(Claim(text, [s.index]))
            continue
        parts = edit(next(docs), essential=essential, keep_voice=multi_speaker)
        claims.extend(Claim(part, [s.index]) for part in parts or ())
    return claims


def _lead_first(claims: list[Claim], job: ArticleJob, multi_speaker: bool) -> list[Claim]:
    """Open with the sentence that defines the title (``lead``): the stretch's own, else the
    video's from elsewhere (edited like the rest), else the first sentence that stands alone."""
    texts = [c.text for c in claims]
    defining = next((i for i, t in enumerate(texts) if _defining_lead(t, job.title)), None)
    if defining is None:
        for sentence in definitions_elsewhere(job.sentences, job.first, job.last, job.title):
            edited = _third_person([sentence], job.phrases, multi_speaker)
            if edited and _defining_lead(edited[0].text, job.title):
                return [edited[0], *claims]
    i = defining if defining is not None else standalone_index(texts)
    if not i:
        return claims
    return [claims[i], *claims[:i], *claims[i + 1 :]]


def _defining_lead(text: str, title: str) -> bool:
    """A definition that can open the page: not leaning back, not in the speaker's voice
    ("As you might have guessed, these are called ...")."""
    return defines(text, title) and stands_alone(text, defining=True) and not voice_words(text)


def _not_a_statement(text: str) -> bool:
    """A question ("Which region corresponds to that fact?") or a sentence cut off ("Use the mug
    handle to be..."): an article states. TubeGraph's pages hold no question; in a conversation a
    question is part of what is said, so this applies to one speaker only."""
    end = text.rstrip().rstrip("\"'”’)")
    return end.endswith(("?", "...", "…"))


def _centrality(texts: list[str], phrases: list[str]) -> np.ndarray:
    """Score sentences by closeness to the stretch's centre and mention of its key phrases."""
    bags = [Counter(content_terms(t)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for b in bags for w in b}))}
    m = np.zeros((len(texts), max(1, len(vocab))))
    for r, bag in enumerate(bags):
        for w, c in bag.items():
            m[r, vocab[w]] = c
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1
    m = m / norms
    centre = m.sum(axis=0)
    centre /= np.linalg.norm(centre) or 1
    scores = m @ centre
    lowered = [p.lower() for p in phrases[:5]]
    for r, t in enumerate(texts):
        low = t.lower()
        scores[r] += 0.15 * sum(1 for p in lowered if p and p in low)
        n = len(t.split())
        if n < 8:
            scores[r] *= 0.7
    return scores


def _headings(texts: list[str], ranges: list[tuple[int, int]], job: ArticleJob) -> list[str]:
    """A heading per section from its most distinctive phrase, never repeating the title."""
    per_text, forms = phrase_occurrences(texts)
    total: Counter[tuple[str, ...]] = Counter()
    for c in per_text:
        total.update(c.keys())
    banned = {job.title.lower()} | {t.lower() for t in job.sibling_titles}
    used: set[str] = set()
    headings = []
    for n, (a, b) in enumerate(ranges):
        spread: Counter[tuple[str, ...]] = Counter()
        for c in per_text[a:b]:
            spread.update(c.keys())
        ranked = sorted(
            spread.items(),
            key=lambda kv: (-(kv[1] * (1 + 0.6 * (len(kv[0]) - 1)) * (kv[1] / total[kv[0]])), kv[0]),
        )
        heading = None
        labels = []
        for phrase, _ in ranked:
            label = sentence_case(forms.display(phrase))
            if label.lower() in banned or label.lower() in used or label.lower() in job.title.lower():
                continue
            if not passes_title_rules(label):
                continue  # a heading is a small title: "Lot of linear algebra" is not one
            labels.append((label, phrase))
            if len(labels) >= HEADING_CANDIDATES:
                break
        # the parser decides which of them are noun phrases where they are said
        contexts = {label: [texts[i] for i in range(a, b) if phrase in per_text[i]] for label, phrase in labels}
        heading = first_noun_phrase((label, contexts[label]) for label, _ in labels)
        if heading is None:
            heading = "Overview" if n == 0 else f"Part {n + 1}"
            if heading.lower() in used:
                heading = f"Part {n + 1}"
        used.add(heading.lower())
        headings.append(heading)
    return headings


def _blocks(claims: list[Claim], by_index: dict[int, Sentence], multi_speaker: bool) -> list[Block]:
    """Paragraphs, with the speaker's enumerations turned into bulleted lists."""
    blocks: list[Block] = []
    i = 0
    pending: list[Claim] = []
    while i < len(claims):
        run = _enumeration_run(claims, i)
        if len(run) >= 2:
            blocks.extend(_paragraphs(pending, by_index, multi_speaker))
            pending = []
            labels = []
            items = []
            for claim in run:
                label, text = _split_ordinal(claim.text)
                labels.append(label)
                items.append(Claim(text, claim.sentence_ids))
            blocks.append(Block(kind="bullets", claims=items, labels=labels))
            i += len(run)
            continue
        pending.append(claims[i])
        i += 1
    blocks.extend(_paragraphs(pending, by_index, multi_speaker))
    return blocks


def _enumeration_run(claims: list[Claim], start: int) -> list[Claim]:
    run = []
    for claim in claims[start:]:
        if ORDINAL_RE.match(claim.text):
            run.append(claim)
        else:
            break
    return run


def _split_ordinal(text: str) -> tuple[str | None, str]:
    m = ORDINAL_RE.match(text)
    if not m:
        return None, text
    label = sentence_case(m.group(0).strip(" ,:").lower())
    rest = text[m.end() :].strip()
    if len(rest.split()) < 3:
        return label, text
    return label, sentence_case(rest)


def _paragraphs(claims: list[Claim], by_index: dict[int, Sentence], multi_speaker: bool) -> list[Block]:
    """Group consecutive claims into paragraphs of a few sentences, one speaker each."""
    blocks: list[Block] = []
    current: list[Claim] = []
    current_speaker: str | None = None
    prev_end: float | None = None
    for claim in claims:
        sentence = by_index[claim.sentence_ids[0]]
        speaker = sentence.speaker if multi_speaker else None
        gap = sentence.start - prev_end if prev_end is not None else 0.0
        if current and (
            len(current) >= PARAGRAPH_SENTENCES or gap > PARAGRAPH_GAP_SECONDS or speaker != current_speaker
        ):
            blocks.append(Block(kind="paragraph", claims=current, speaker=current_speaker))
            current = []
        current.append(claim)
        current_speaker = speaker
        prev_end = sentence.end
    if current:
        blocks.append(Block(kind="paragraph", claims=current, speaker=current_speaker))
    return blocks
