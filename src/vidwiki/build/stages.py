"""The per-video stages, each cached in the store under a hash of everything it depends on.

sentences (from the video's files) → topics (from its sentences, options and chapters) →
one article draft per topic (from the topic's sentences, title and phrases). A video whose files
did not change costs three cache look-ups; a crashed build resumes from what it had cached.
Computing a stage (``extract_topics``, ``write_draft``) is kept apart from its cache look-up so
that ``workers`` can run it in another process while the store is written here only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from ..records import Sentence, VideoMeta, VideoSource
from ..store import Store
from ..topics.extract import VideoTopic, extract_topics
from ..transcript import build_sentences
from ..write.base import ArticleJob, Block, Claim, Draft, Section, Writer
from .hashing import content_hash
from .inputs import meta_part, resolved

# Bump a stage's version when its output for the same input changes.
STAGE_VERSIONS = {"sentences": "1", "topics": "6", "merge": "3", "draft": "7", "compose": "7"}


def source_hash(src: VideoSource, hashes: dict[str, str]) -> str:
    """What a video's sentences depend on: its files' bytes, the chosen track and its metadata."""
    file_part = sorted(hashes.get(resolved(f), str(f)) for f in src.files)
    return content_hash(file_part, src.track.path.name, meta_part(src))


def sentences_key(shash: str) -> str:
    return content_hash(STAGE_VERSIONS["sentences"], shash)


def video_sentences(store: Store, src: VideoSource, skey: str,
                    full: Callable[[], VideoSource]) -> tuple[list[Sentence], bool]:
    """The video's timed sentences and whether they were computed now (not cached).

    ``full`` gives the video with its cues when ``src`` came from the discovery cache without them.
    """
    cached = store.cached("sentences", skey)
    if cached is not None:
        return [Sentence(*row) for row in cached], False
    sents = build_sentences(src if src.track.cues else full())
    store.put_cache("sentences", skey, [[s.index, s.start, s.end, s.text, s.speaker] for s in sents])
    return sents, True


def topics_key(skey: str, per_video: int, src: VideoSource) -> str:
    """Everything a video's topics depend on; ``skey`` stands for its sentences."""
    return content_hash(
        STAGE_VERSIONS["topics"], skey, per_video, [asdict(c) for c in src.meta.chapters], src.meta.title or ""
    )


def cached_topics(store: Store, key: str) -> list[VideoTopic] | None:
    cached = store.cached("topics", key)
    return None if cached is None else [VideoTopic(**t) for t in cached]


def put_topics(store: Store, key: str, tops: list[VideoTopic]) -> None:
    store.put_cache("topics", key, [asdict(t) for t in tops])


def video_topics(store: Store, src: VideoSource, sents: list[Sentence], skey: str, per_video: int) -> list[VideoTopic]:
    key = topics_key(skey, per_video, src)
    tops = cached_topics(store, key)
    if tops is None:
        tops = extract_topics(src.meta.video_id, sents, per_video, src.meta.chapters, src.meta.title)
        put_topics(store, key, tops)
    return tops


def draft_key(writer: Writer, max_words: int, skey: str, meta: VideoMeta, t: VideoTopic,
              tops: list[VideoTopic]) -> str:
    """Everything a draft depends on; ``skey`` stands for the video's sentences."""
    siblings = [o.title for o in tops if o.position != t.position]
    return content_hash(STAGE_VERSIONS["draft"], writer.name, max_words, skey, t.first, t.last,
                        t.title, t.phrases, siblings, meta.title)


def video_draft(store: Store, writer: Writer, key: str, src: VideoSource, sents: list[Sentence],
                t: VideoTopic, tops: list[VideoTopic]) -> Draft:
    cached = store.cached("draft", key)
    if cached is not None:
        return draft_from_json(cached)
    draft = write_draft(writer, src.meta, sents, t, tops)
    put_draft(store, key, draft)
    return draft


def write_draft(writer: Writer, meta: VideoMeta, sents: list[Sentence], t: VideoTopic,
                tops: list[VideoTopic]) -> Draft:
    """The writer's draft of topic ``t``: no store, so it can run in a worker process."""
    siblings = [o.title for o in tops if o.position != t.position]
    job = ArticleJob(video=meta, title=t.title, phrases=[t.labels.get(p, p) for p in t.phrases],
                     sentences=sents, first=t.first, last=t.last, sibling_titles=siblings)
    return writer.write(job)


def put_draft(store: Store, key: str, draft: Draft) -> None:
    store.put_cache("draft", key, asdict(draft))


def draft_from_json(data: dict) -> Draft:
    def block(b: dict) -> Block:
        return Block(kind=b["kind"], claims=[Claim(**c) for c in b["claims"]], labels=b["labels"], speaker=b["speaker"])

    return Draft(
        intro=[block(b) for b in data["intro"]],
        sections=[Section(s["heading"], s["level"], [block(b) for b in s["blocks"]]) for s in data["sections"]],
    )
