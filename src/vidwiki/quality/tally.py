"""Counts that add up across pages and videos, and the ratios reported from them.

Ratios are pooled (total supported claims over total claims), not averages of per-page ratios,
so a two-sentence page weighs what its two sentences weigh.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

__all__ = ["Tally", "ratios"]


@dataclass(slots=True)
class Tally:
    pages: int = 0
    articles: int = 0
    topic_pages: int = 0
    hubs: int = 0
    # shape
    words: int = 0
    headings: int = 0
    # timestamps
    anchors: int = 0
    anchors_well_formed: int = 0
    anchors_label_ok: int = 0
    anchors_range_known: int = 0
    anchors_inside: int = 0
    anchors_suspect: int = 0  # MM:SS written as HH:MM:SS (length unknown)
    anchors_valid: int = 0
    # citation
    prose: int = 0
    # style (prose sentences of articles; style.py)
    prose_words: int = 0
    voice: int = 0
    fillers: int = 0
    narration: int = 0
    articles_in_range: int = 0  # articles of ARTICLE_WORDS words
    titled: int = 0  # articles and topic pages, whose titles must pass the title rules
    titles_ok: int = 0
    cited: int = 0
    # support and localization (cited prose with a transcript)
    claims: int = 0
    support_sum: float = 0.0
    supported: int = 0
    localized_10: int = 0
    localized_20: int = 0
    localized_60: int = 0
    # coverage (substantive transcript sentences of videos with articles)
    transcript_sentences: int = 0
    covered: int = 0
    # repetition (prose of articles that have sibling pages of the same video)
    repetition_sentences: int = 0
    repeated: int = 0
    # links
    links: int = 0
    links_resolved: int = 0
    self_links: int = 0
    orphans: int = 0
    # topic pages
    topic_videos: int = 0
    topic_multi_video: int = 0
    topic_count_claimed: int = 0
    topic_count_matches: int = 0

    def add(self, other: Tally) -> Tally:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def to_json(self) -> dict:
        return asdict(self)


def _share(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def ratios(t: Tally) -> dict[str, float | None]:
    """The reported metrics; None where nothing was there to measure."""
    return {
        "timestamps_valid": _share(t.anchors_valid, t.anchors),
        "timestamps_well_formed": _share(t.anchors_well_formed, t.anchors),
        "timestamps_label_matches": _share(t.anchors_label_ok, t.anchors),
        "timestamps_inside_video": _share(t.anchors_inside, t.anchors_range_known),
        "timestamps_suspect": _share(t.anchors_suspect, t.anchors),
        "cited_share": _share(t.cited, t.prose),
        "support_mean": _share(t.support_sum, t.claims),
        "supported_share": _share(t.supported, t.claims),
        "localized_10s": _share(t.localized_10, t.claims),
        "localized_20s": _share(t.localized_20, t.claims),
        "localized_60s": _share(t.localized_60, t.claims),
        "coverage": _share(t.covered, t.transcript_sentences),
        "repetition": _share(t.repeated, t.repetition_sentences),
        "links_resolved": _share(t.links_resolved, t.links),
        "self_links": t.self_links if t.links else None,
        "orphans": t.orphans,
        "speaker_voice": _share(t.voice, t.prose),
        "fillers": _share(t.fillers, t.prose),
        "meta_narration": _share(t.narration, t.prose),
        "words_per_sentence": _share(t.prose_words, t.prose),
        "words_per_article": _share(t.words, t.articles),
        "articles_in_length_range": _share(t.articles_in_range, t.articles),
        "titles_passing": _share(t.titles_ok, t.titled),
        "headings_per_article": _share(t.headings, t.articles),
        "citations_per_article": _share(t.anchors, t.articles),
        "topic_videos_mean": _share(t.topic_videos, t.topic_pages),
        "topic_pages_multi_video": _share(t.topic_multi_video, t.topic_pages),
        "topic_counts_match": _share(t.topic_count_matches, t.topic_count_claimed),
    }
