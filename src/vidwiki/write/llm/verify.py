"""Every generated sentence is checked against the transcript sentences it cites.

Support is the cosine similarity of sentence embeddings (MiniLM) between the claim and what it
cites (each cited sentence alone, and all of them together). A claim below the threshold is
re-cited to the best-supporting sentence of its stretch if one clears the bar; otherwise the
caller asks the model to rewrite it once; what still fails is dropped. Where a yes/no judge is
configured, claims that pass on embeddings but not by a wide margin must also convince the judge.
A sentence that voices the speaker's opinion is attributed to the speaker in code, whatever the
model wrote, so an opinion never reads as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ...records import Sentence
from ..base import Claim
from .prompts import clean_text

VERIFY_VERSION = "2"
SUPPORT_MIN = 0.55  # MiniLM: paraphrases ~0.7, unrelated sentences ~0.05 (offline-models.md §3)
JUDGE_BELOW = 0.8  # claims scoring at least this need no judge
MAX_CITED = 3  # a claim keeps at most this many anchors: its best-matching cited sentences
RELATED = 0.35  # below this a cited sentence is not about the claim at all
NEAR_BEST = 0.15  # ...and one far below the best-matching cited sentence only adds an anchor

OPINION = re.compile(
    r"\b(?:I (?:think|believe|feel|suspect|guess|reckon|love|hate|prefer|find|would argue|'d argue|'d say)"
    r"|I'm (?:convinced|sure)|in my (?:view|opinion|mind)|personally|my favou?rite|to me\b)",
    re.IGNORECASE,
)
ATTRIBUTED = re.compile(
    r"\b(?:argu\w*|think\w*|believ\w*|says?|said|suggest\w*|feel\w*|consider\w*|according to|view\w*|"
    r"opinion|find\w*|prefer\w*|favou?rite|claim\w*|describ\w*|call\w*|notes?|points? out)\b",
    re.IGNORECASE,
)


class Embeds(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


Judge = Callable[[list[tuple[str, list[Sentence]]]], list[bool]]


@dataclass(slots=True)
class Checked:
    """Outcome of one round: claims that stand (with support set) and those needing a rewrite."""

    kept: list[Claim] = field(default_factory=list)
    failed: list[Claim] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.outcomes[what] = self.outcomes.get(what, 0) + 1


class Verifier:
    def __init__(self, embedder: Embeds, threshold: float = SUPPORT_MIN, judge: Judge | None = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.judge = judge

    def check(self, claims: list[Claim], pool: list[Sentence]) -> Checked:
        """Score ``claims`` against their citations within ``pool`` (the citable sentences).

        Returns kept claims in order (re-cited where that helped) and the ones that failed.
        """
        out = Checked()
        if not claims:
            return out
        by_id = {s.index: s for s in pool}
        texts = [c.text for c in claims] + [clean_text(s.text) for s in pool]
        joined = {i: " ".join(clean_text(by_id[s].text) for s in c.sentence_ids if s in by_id)
                  for i, c in enumerate(claims) if sum(1 for s in c.sentence_ids if s in by_id) > 1}
        extra = list(joined.values())
        vectors = self.embedder.embed(texts + extra)
        claim_v = vectors[: len(claims)]
        pool_v = vectors[len(claims) : len(claims) + len(pool)]
        joined_v = dict(zip(joined, vectors[len(claims) + len(pool) :], strict=True))
        row = {s.index: r for r, s in enumerate(pool)}
        sims = claim_v @ pool_v.T if len(pool) else np.zeros((len(claims), 0))
        passed: list[tuple[int, Claim]] = []
        for i, claim in enumerate(claims):
            cited = [s for s in claim.sentence_ids if s in row]
            score = max((float(sims[i, row[s]]) for s in cited), default=0.0)
            if i in joined_v:
                score = max(score, float(claim_v[i] @ joined_v[i]))
            if cited and score >= self.threshold:
                passed.append((i, Claim(claim.text, _trim(cited, sims[i], row), support=round(score, 4))))
                out.count("supported")
                continue
            best = int(np.argmax(sims[i])) if sims.shape[1] else -1
            if best >= 0 and float(sims[i, best]) >= self.threshold:
                passed.append((i, Claim(claim.text, [pool[best].index], support=round(float(sims[i, best]), 4))))
                out.count("re-cited")
                continue
            out.failed.append(Claim(claim.text, cited or ([pool[best].index] if best >= 0 else [])))
        if self.judge is not None:
            doubtful = [(i, c) for i, c in passed if (c.support or 0.0) < JUDGE_BELOW]
            verdicts = self.judge([(c.text, [by_id[s] for s in c.sentence_ids]) for _, c in doubtful])
            rejected = {i for (i, _), ok in zip(doubtful, verdicts, strict=True) if not ok}
            for i, c in passed:
                if i in rejected:
                    out.failed.append(Claim(c.text, c.sentence_ids))
                    out.count("judge-rejected")
            passed = [(i, c) for i, c in passed if i not in rejected]
        out.kept = [c for _, c in sorted(passed, key=lambda x: x[0])]
        return out


def _trim(cited: list[int], sims: np.ndarray, row: dict[int, int]) -> list[int]:
    """The cited sentences that are about the claim (the best one always), at most MAX_CITED,
    in transcript order: a model that cites a whole paragraph does not get a row of anchors."""
    ranked = sorted(cited, key=lambda s: -float(sims[row[s]]))
    floor = max(RELATED, float(sims[row[ranked[0]]]) - NEAR_BEST)
    keep = [s for s in ranked[:MAX_CITED] if float(sims[row[s]]) >= floor] or ranked[:1]
    return sorted(keep)


def attribute(claim: Claim, cited: list[Sentence], speaker: str) -> Claim:
    """``{speaker} argues that ...`` when what it cites is the speaker's opinion and the claim
    does not already say whose view it is."""
    if not any(OPINION.search(s.text) for s in cited):
        return claim
    if ATTRIBUTED.search(claim.text) or (speaker and speaker.lower() in claim.text.lower()):
        return claim
    text = claim.text
    if len(text) > 1 and not (text[:2].isupper() or text.split()[0] in ("I", "I'm")):
        text = text[0].lower() + text[1:]
    return Claim(f"{speaker} argues that {text}", claim.sentence_ids, support=claim.support)
