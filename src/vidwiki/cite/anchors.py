"""Timestamps from sentence ids, checked before they are published.

Writers cite transcript sentence indices; this module is the only place that turns them into
``yt-timestamp`` anchors, from the sentences' real start times. A cited id that does not exist,
or a time outside the video, is dropped (and counted) rather than published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..pages import timestamp_anchor
from ..records import Sentence
from ..topics.phrases import content_terms
from ..write.base import Claim


@dataclass(slots=True)
class CiteStats:
    """What citation did to one article: anchors written, citations dropped, support."""

    anchors: int = 0
    dropped: int = 0
    unsupported: int = 0
    support: list[float] = field(default_factory=list)

    @property
    def mean_support(self) -> float:
        return sum(self.support) / len(self.support) if self.support else 0.0


def lexical_support(claim: str, cited: list[str]) -> float:
    """Share of the claim's content words found in the cited sentences (0..1).

    A cheap, deterministic guard: an extractive claim scores 1.0, a claim citing the wrong
    moment scores low. Model-written claims get a semantic check on top (writers issue).
    """
    words = content_terms(claim)
    if not words:
        return 1.0
    source = set(w for text in cited for w in content_terms(text))
    return sum(1 for w in words if w in source) / len(words)


def cite_claim(
    claim: Claim, sentences: list[Sentence], duration: float | None, stats: CiteStats, min_support: float = 0.5
) -> str | None:
    """The claim's anchors joined by ", " (empty string if it cites nothing valid).

    Returns None when the claim must not be published: it cites ids, none of them is valid, or
    its words are not supported by what it cites.
    """
    valid: list[Sentence] = []
    for sid in dict.fromkeys(claim.sentence_ids):
        if 0 <= sid < len(sentences) and _inside(sentences[sid].start, duration):
            valid.append(sentences[sid])
        else:
            stats.dropped += 1
    if claim.sentence_ids and not valid:
        return None
    if claim.support is not None:  # verified by its writer against exactly these sentences
        support = claim.support
        stats.support.append(support)
    else:
        support = lexical_support(claim.text, [s.text for s in valid])
        stats.support.append(support)
    if claim.support is None and support < min_support:
        stats.unsupported += 1
        return None
    stats.anchors += len(valid)
    return ", ".join(timestamp_anchor(s.start) for s in valid)


def _inside(t: float, duration: float | None) -> bool:
    if t < 0:
        return False
    return duration is None or t < duration
