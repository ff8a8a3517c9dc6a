"""Runs the stages in order for a build or an update, skipping work whose inputs have not changed.

ingest → transcript → topics → write → cite/link/compose → store → render. Per-video stages
(``stages``) and page composition (``compose``) are cached in the store under hashes of what
they depend on, so a re-run redoes only what changed and a crashed build resumes; the store
is written as a difference in one transaction and the vault only where bytes change. When no
input, option or vault file changed at all, the build stops after hashing and says so.

``update`` re-runs the build with the inputs and options recorded at the last build. A video
gone from the inputs is kept and marked removed (its pages stay, flagged) until an update with
``prune_removed``; a page whose slug a re-run changed keeps its old slug as an alias.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .build.aliases import aliases_by_page, carry_aliases
from .build.compose import (
    ArticleSpec,
    Composed,
    compose_article,
    compose_hub,
    compose_topic_page,
    link_targets,
    related_links,
)
from .build.hashing import content_hash
from .build.inputs import (
    channels,
    dedupe_videos,
    existing_inputs,
    file_hashes,
    input_files,
    input_spec,
    order_videos,
    recorded_inputs,
    split_notes,
    video_title,
)
from .build.sources import discover_inputs, light_from_json, light_to_json, load_full
from .build.stages import (
    STAGE_VERSIONS,
    cached_topics,
    draft_key,
    put_draft,
    put_topics,
    sentences_key,
    source_hash,
    topics_key,
    video_draft,
    video_sentences,
)
from .build.workers import VideoDone, VideoTask, run_videos, workers_for
from .errors import VidwikiError
from .link.hubs import HubVideo
from .link.wikilinks import Linker
from .records import Problem, Sentence, VideoSource
from .render.article import youtube_url
from .render.vault import render_vault, vault_matches
from .store import Store, build_lock, full_disk_as_error
from .store.incremental import BuildRows, PreviousBuild, previous_build, write_build
from .topics.extract import VideoTopic
from .topics.merge import ChannelTopic, merge_topics
from .topics.slugs import SlugRegistry
from .write.base import Draft, Writer
from .write.embedded import EmbeddedWriter

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class BuildOptions:
    topics_per_video: int = 5
    writer: str = "embedded"
    max_article_words: int = 1100
    # LLM writers (write/llm): model file/name, endpoint, yes/no judge, requests in flight
    model: str | None = None
    base_url: str | None = None
    judge: bool | None = None  # None: on for --writer local with a model that judges well
    concurrency: int = 4
    api_key: str | None = field(default=None, repr=False)  # never stored, never fingerprinted

    def fingerprint(self) -> str:
        data = asdict(self)
        data.pop("api_key", None)
        return json.dumps(data, sort_keys=True)


@dataclass(slots=True)
class BuildResult:
    wiki: Path
    up_to_date: bool = False
    videos: int = 0
    videos_processed: int = 0
    channels: list[str] = field(default_factory=list)
    pages: int = 0
    articles: int = 0
    topic_pages: int = 0
    anchors: int = 0
    links: int = 0
    dropped_citations: int = 0
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    composed: int = 0  # pages composed anew (the rest came from the compose cache)
    pages_changed: int = 0  # page rows the store wrote or deleted
    removed_videos: list[str] = field(default_factory=list)  # gone from the inputs, pages kept
    pruned_videos: list[str] = field(default_factory=list)
    aliases: int = 0
    llm: dict | None = None  # the LLM writers' token/time ledger of this build

    def to_json(self) -> dict:
        data = asdict(self)
        data["wiki"] = str(self.wiki)
        data["problems"] = [str(p) for p in self.problems]
        data["notes"] = [str(p) for p in self.notes]
        return data


def make_writer(options: BuildOptions, store: Store | None = None, progress: Progress | None = None) -> Writer:
    if options.writer == "embedded":
        return EmbeddedWriter(max_words=options.max_article_words)
    if options.writer in ("local", "openai"):
        from .write.llm.factory import make_llm_writer

        return make_llm_writer(options.writer, options.model, options.base_url, options.api_key,
                               store.db if store else None, judge=options.judge,
                               concurrency=options.concurrency, progress=progress)
    raise VidwikiError(f"unknown writer {options.writer!r} (available: embedded, local, openai)")


def build(inputs: list[Path], wiki: Path, options: BuildOptions | None = None, progress: Progress | None = None,
          prune_removed: bool = False, jobs: int | None = 1) -> BuildResult:
    """Build (or bring up to date) the wiki at ``wiki`` from caption folders ``inputs``.

    ``jobs`` worker processes run the per-video stages (None: as many as there are CPUs when
    the work is worth it; 1: this process only, the default of this function); the wiki is the
    same whatever it is. Workers are spawned, so a script that asks for them must call this
    under ``if __name__ == "__main__":`` (as for any ``multiprocessing`` program).
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    wiki = Path(wiki)
    with full_disk_as_error(wiki), build_lock(wiki):
        store = Store.in_wiki(wiki)
        try:
            result = _build(inputs, wiki, options, store, progress or (lambda *_: None), prune_removed, jobs)
        finally:
            store.close()
    result.seconds = time.perf_counter() - started
    return result


def update(wiki: Path, progress: Progress | None = None, prune_removed: bool = False,
           inputs: list[Path] | None = None, jobs: int | None = 1) -> BuildResult:
    """Re-run the last build of ``wiki`` with the options it recorded, on ``inputs`` (the folders
    the caller fetched again) or else on the input folders it recorded. ``jobs`` as for ``build``."""
    started = time.perf_counter()
    wiki = Path(wiki)
    if not (wiki / "vidwiki.db").is_file():
        raise VidwikiError(f"{wiki}: not a vidwiki wiki (no vidwiki.db; run `vidwiki build INPUT --out {wiki}`)")
    with full_disk_as_error(wiki), build_lock(wiki):
        store = Store.in_wiki(wiki)
        try:
            inputs = inputs if inputs is not None else existing_inputs(recorded_inputs(store), wiki)
            options = BuildOptions(**json.loads(store.get_meta("options") or "{}"))
            result = _build(inputs, wiki, options, store, progress or (lambda *_: None), prune_removed, jobs)
        finally:
            store.close()
    result.seconds = time.perf_counter() - started
    return result


@dataclass(slots=True)
class _Video:
    """One video during a build: where it came from and what the per-video stages made of it."""

    src: VideoSource
    source_hash: str
    sentences_key: str
    sentences: list[Sentence]
    topics: list[VideoTopic] = field(default_factory=list)
    removed: bool = False
    topics_key: str = ""


def _build(inputs: list[Path], wiki: Path, options: BuildOptions, store: Store, progress: Progress,
           prune_removed: bool, jobs: int | None) -> BuildResult:
    result = BuildResult(wiki=wiki)
    vault = wiki / "vault"
    specs = [input_spec(p) for p in inputs]
    hashes = file_hashes(store, input_files(inputs))
    fingerprint = content_hash(__version__, STAGE_VERSIONS, options.fingerprint(), sorted(hashes.items()),
                               specs, prune_removed)
    if store.get_meta("fingerprint") == fingerprint and vault_matches(vault, store.rendered()):
        return _up_to_date(result, store)

    found = discover_inputs(inputs, hashes, store)
    sources = dedupe_videos(found.sources)
    result.problems, result.notes = split_notes(found.problems, sources)
    prev = previous_build(store)

    videos, fresh, drafts = _per_video(store, options, sources, found.light, hashes, prev, prune_removed, result,
                                       progress, jobs)
    result.removed_videos = [v for v, w in videos.items() if w.removed]
    result.pruned_videos = sorted(set(prev.videos) - set(videos) - {s.meta.video_id for s in sources})
    result.videos = len(videos) - len(result.removed_videos)
    result.videos_processed = len(fresh)

    writer = make_writer(options, store, progress)
    _propose_titles(writer, videos, progress)
    rows = _compose(store, writer, options.max_article_words, videos, drafts, prev, result, progress)
    rows.sentences, stored_keys = _sentences_to_store(store, videos, fresh, prev)
    rows.meta = {"inputs": json.dumps(specs), "options": options.fingerprint(), SENTENCES_KEYS: stored_keys}

    progress("store", 1, 1)
    result.pages_changed = write_build(store, rows)
    progress("render", 1, 1)
    pages, previously = store.pages(), store.rendered()
    # files about to be written count as ours before they exist: a crash mid-render leaves none
    # that a later build would not recognise (and delete when its page is gone)
    store.set_rendered({**previously, **{p.path: p.sha256 for p in pages}})
    stats, rendered = render_vault(vault, pages, previously)
    store.set_rendered(rendered)
    store.prune_untouched()
    result.written, result.unchanged, result.deleted = stats.written, stats.unchanged, stats.deleted
    ledger = getattr(writer, "ledger", None)
    if ledger is not None:  # the LLM writers' tokens and seconds of this build
        ledger.save(store.db)
        result.llm = ledger.to_json()
    _save_summary(store, result, fingerprint)
    return result


def _per_video(store: Store, options: BuildOptions, sources: list[VideoSource], light: dict[str, Path],
               hashes: dict[str, str], prev: PreviousBuild, prune_removed: bool, result: BuildResult,
               progress: Progress, jobs: int | None) -> tuple[dict[str, _Video], set[str], dict[str, Draft]]:
    """Sentences, topics and drafts of every video (cached by content hash): the videos, which
    had their sentences computed now, and the drafts written now (by draft key).

    Sentences come first, here; then what is missing of each video's topics and embedded drafts
    is computed on ``jobs`` worker processes (``build.workers``) and stored as each video ends.
    Drafts of the other writers are written later, when their page is composed. A video of the
    last build that the inputs no longer hold comes back from the store, marked removed, unless
    removed videos are being pruned.
    """
    found = {s.meta.video_id for s in sources}
    ghosts = [] if prune_removed else [light_from_json(prev.sources[vid]) for vid in prev.videos
                                       if vid not in found and vid in prev.sources]
    videos: dict[str, _Video] = {}
    fresh: set[str] = set()
    drafting = options.writer == "embedded"  # drafts go with the topics, on the workers
    writer = make_writer(options) if drafting else None
    have = store.cache_keys("draft") if drafting else set()
    tasks: list[VideoTask] = []
    everything = order_videos(sources + ghosts)
    for n, src in enumerate(everything, 1):
        vid = src.meta.video_id
        progress("transcripts", n, len(everything))
        if vid in found:
            shash = source_hash(src, hashes)
            skey = sentences_key(shash)
            folder = light.get(vid)
            sents, computed = video_sentences(store, src, skey, lambda s=src, f=folder: load_full(s, f))
            if computed:
                fresh.add(vid)
            work = _Video(src, shash, skey, sents)
        else:
            shash = prev.source_hash[vid]
            work = _Video(src, shash, content_hash("stored sentences", shash), store.sentences(vid), removed=True)
        if not work.sentences:
            result.problems.append(Problem(src.track.path, "no speech found in captions; video skipped"))
            continue
        work.topics_key = topics_key(work.sentences_key, options.topics_per_video, src)
        videos[vid] = work
        tops = cached_topics(store, work.topics_key)
        task = VideoTask(n, src.meta, work.sentences, work.sentences_key, options.topics_per_video, tops,
                         options.max_article_words if drafting else None, frozenset(have))
        if tops is not None:
            work.topics = tops
            if writer is None:
                continue
            keys = {draft_key(writer, options.max_article_words, work.sentences_key, src.meta, t, tops)
                    for t in tops}
            if keys <= have:
                continue
            task.have_drafts = frozenset(keys & have)
        tasks.append(task)

    drafts: dict[str, Draft] = {}
    done_count = 0

    def finished(done: VideoDone) -> None:
        nonlocal done_count
        work = videos[done.video_id]
        if done.topics is not None:
            work.topics = done.topics
            put_topics(store, work.topics_key, done.topics)
        for key, draft in done.drafts.items():
            put_draft(store, key, draft)
            drafts[key] = draft
        done_count += 1
        progress("videos", done_count, len(tasks))

    if tasks:
        run_videos(tasks, workers_for(jobs, tasks), options.max_article_words if drafting else None, finished)
    return videos, fresh, drafts


SENTENCES_KEYS = "sentences_keys"  # meta: {video id: sentences key} of the rows in the sentences table


def _sentences_to_store(store: Store, videos: dict[str, _Video], fresh: set[str],
                        prev: PreviousBuild) -> tuple[dict[str, list[Sentence]], str]:
    """The videos whose sentences the store must (re)write, and the keys it will then hold.

    Not "the videos whose sentences were computed now": the sentence cache is written as each
    video is read, the sentences table only with the build's results, so a build killed in
    between leaves the new sentences cached and the old ones in the table; the re-run finds them
    cached and would keep the stale rows. The keys recorded with the table say what it holds.
    A removed video keeps the rows it has.
    """
    raw = store.get_meta(SENTENCES_KEYS)
    held: dict[str, str] = json.loads(raw) if raw else {}
    keys = {vid: (held.get(vid, w.sentences_key) if w.removed else w.sentences_key) for vid, w in videos.items()}
    if raw:
        rewrite = {vid for vid, w in videos.items() if not w.removed and held.get(vid) != w.sentences_key}
    else:  # a wiki built before the keys were recorded: what this build computed, and new videos
        rewrite = fresh | (set(videos) - set(prev.videos))
    return {vid: videos[vid].sentences for vid in sorted(rewrite)}, json.dumps(keys, sort_keys=True)


def _propose_titles(writer: Writer, videos: dict[str, _Video], progress: Progress) -> None:
    """A writer that names its own articles (the LLM writers) retitles each video's topics here,
    before slugs, hubs and links are derived from the titles, so all of them use its titles."""
    propose = getattr(writer, "propose_titles", None)
    if propose is None:
        return
    for n, work in enumerate(videos.values(), 1):
        progress("titles and drafts", n, len(videos))
        work.topics = propose(work.src.meta, work.sentences, work.topics)


def _compose(store: Store, writer: Writer, max_words: int, videos: dict[str, _Video], drafts: dict[str, Draft],
             prev: PreviousBuild, result: BuildResult, progress: Progress) -> BuildRows:
    """Merge topics per channel, give every page its slug, and compose the pages (``drafts``:
    those the per-video stage wrote now; the others come from the store or the writer)."""
    sources = [w.src for w in videos.values()]
    by_channel = channels(sources)
    registry = SlugRegistry(store.slugs())
    channel_topics: dict[str, list[ChannelTopic]] = {}
    for ch_slug, (_, ch_sources) in by_channel.items():
        registry.claim(f"hub:{ch_slug}", ch_slug.replace("_", " "))
        tops = [t for s in ch_sources for t in videos[s.meta.video_id].topics]
        channel_topics[ch_slug] = merge_topics(ch_slug, tops)
    titles = {s.meta.video_id: video_title(s) for s in sources}
    topic_slug: dict[tuple[str, str], str] = {}
    article_slug: dict[tuple[str, int], str] = {}
    for ch_slug, groups in channel_topics.items():
        for group in groups:
            if group.multi_video:
                topic_slug[(ch_slug, group.key)] = registry.claim(f"topic:{ch_slug}:{group.key}", group.label)
    for _, ch_sources in by_channel.values():
        for src in ch_sources:
            vid = src.meta.video_id
            for t in videos[vid].topics:
                hints = [" ".join(titles[vid].split()[:k]) for k in (3, 5)] + [vid.lower()]
                article_slug[(vid, t.position)] = registry.claim(f"article:{vid}:{t.key}", t.title, hints)
    for ch_slug, groups in channel_topics.items():
        for group in groups:
            if not group.multi_video:
                only = group.members[0]
                topic_slug[(ch_slug, group.key)] = article_slug[(only.video_id, only.position)]

    # old slugs of pages this build renamed lead to their successors
    places = {(m.video_id, m.position): (topic_slug[(ch, g.key)], article_slug[(m.video_id, m.position)])
              for ch, groups in channel_topics.items() for g in groups for m in g.members}
    new_pages = set(article_slug.values()) | {registry.by_key[f"hub:{ch}"] for ch in by_channel}
    new_pages |= {topic_slug[(ch, g.key)] for ch, groups in channel_topics.items() for g in groups if g.multi_video}
    aliases = carry_aliases(prev.pages, prev.topics, prev.aliases, new_pages, places)
    old_slugs = aliases_by_page(aliases)
    result.aliases = len(aliases)

    rows = BuildRows(videos=[], sources={}, sentences={}, topics=[], video_topics=[], pages=[], citations=[],
                     links=[], slugs={}, aliases=aliases, meta={})
    removed = {vid for vid, w in videos.items() if w.removed}
    total_articles = sum(len(w.topics) for w in videos.values())
    done = 0
    for ch_slug, (ch_title, ch_sources) in by_channel.items():
        groups = channel_topics[ch_slug]
        slug_of = {g.key: topic_slug[(ch_slug, g.key)] for g in groups}
        group_of = {(m.video_id, m.position): g for g in groups for m in g.members}
        linker = Linker(link_targets(groups, slug_of))
        hub_videos: list[HubVideo] = []
        intros: dict[tuple[str, int], list[tuple[str, float]]] = {}
        for src in ch_sources:
            vid = src.meta.video_id
            work = videos[vid]
            duration = _duration(src, work.sentences)
            hub = HubVideo(vid, titles[vid], src.meta.webpage_url or youtube_url(vid), src.meta.upload_date,
                           removed=work.removed)
            for t in work.topics:
                done += 1
                progress("articles", done, total_articles)
                slug = article_slug[(vid, t.position)]
                group = group_of[(vid, t.position)]
                tslug = slug_of[group.key]
                dkey = draft_key(writer, max_words, work.sentences_key, src.meta, t, work.topics)
                store.touch("draft", dkey)
                spec = ArticleSpec(
                    slug=slug, channel=ch_slug, video_id=vid, draft_key=dkey, duration=duration,
                    meta=_article_meta(t, vid, ch_title, titles[vid], src, duration, group, tslug,
                                       old_slugs.get(slug, []), work.removed),
                    related=related_links(t, work.topics, article_slug, vid, group, tslug),
                    own={slug, tslug} if group.multi_video else {slug}, topic_key=group.key,
                )
                page = compose_article(
                    store, spec, linker,
                    lambda w=work, s=src, t=t, k=dkey: drafts.pop(k) if k in drafts else
                    video_draft(store, writer, k, s, w.sentences, t, w.topics),
                    lambda w=work: w.sentences,
                )
                _add_page(rows, result, page)
                result.anchors += page.anchors
                result.dropped_citations += page.dropped
                rows.citations.extend((slug, vid, sid, start) for sid, start in page.citations)
                intros[(vid, t.position)] = page.intros
                hub.articles.append((slug, t.title))
                rows.video_topics.append({"video_id": vid, "position": t.position, "title": t.title, "key": t.key,
                                          "first_idx": t.first, "last_idx": t.last, "topic_slug": tslug,
                                          "article_slug": slug})
            hub_videos.append(hub)
            rows.videos.append(_video_row(src, ch_slug, ch_title, titles[vid], duration, work.source_hash,
                                          work.removed))
            rows.sources[vid] = light_to_json(src)

        multi = [g for g in groups if g.multi_video]
        for g in multi:
            tslug = slug_of[g.key]
            page = compose_topic_page(store, g, tslug, ch_slug, ch_title, titles, article_slug, intros,
                                      old_slugs.get(tslug, []), removed)
            _add_page(rows, result, page)
        for g in groups:
            rows.topics.append({"slug": slug_of[g.key], "channel": ch_slug, "key": g.key, "label": g.label,
                                "aliases_json": json.dumps(g.aliases, ensure_ascii=False),
                                "video_count": len(g.video_ids)})
        hub_slug = registry.by_key[f"hub:{ch_slug}"]
        hub_topics = sorted(((slug_of[g.key], g.label, len(g.video_ids)) for g in multi),
                            key=lambda x: (-x[2], x[1].lower()))
        _add_page(rows, result, compose_hub(store, hub_slug, ch_slug, ch_title, hub_videos, hub_topics))
        result.topic_pages += len(multi)
        result.channels.append(ch_slug)

    rows.slugs = registry.release_unused(keep=set(aliases))
    result.articles = sum(1 for p in rows.pages if p.kind == "article")
    result.pages = len(rows.pages)
    result.links = len(rows.links)
    return rows


def _add_page(rows: BuildRows, result: BuildResult, page: Composed) -> None:
    rows.pages.append(page.page)
    rows.links.extend((page.page.slug, target) for target in page.links)
    result.composed += page.fresh


def _article_meta(t: VideoTopic, vid: str, ch_title: str, title: str, src: VideoSource, duration: float,
                  group: ChannelTopic, tslug: str, old_slugs: list[str], removed: bool) -> dict:
    return {
        "title": t.title,
        "videoId": vid,
        "channel": ch_title,
        "video_title": title,
        "published": src.meta.upload_date,
        "duration": int(duration) if duration == int(duration) else round(duration, 3),
        "topic": tslug if group.multi_video else None,
        "aliases": ([] if group.multi_video else list(group.aliases)) + old_slugs,
        "removed": True if removed else None,
    }


def _up_to_date(result: BuildResult, store: Store) -> BuildResult:
    summary = store.get_meta("summary")
    if summary:
        saved = json.loads(summary)
        for key in ("videos", "pages", "articles", "topic_pages", "anchors", "links", "channels",
                    "removed_videos", "aliases"):
            setattr(result, key, saved.get(key, getattr(result, key)))
        result.problems = [Problem(Path(p), m, n) for p, m, n in saved.get("problems", [])]
        result.notes = [Problem(Path(p), m, n) for p, m, n in saved.get("notes", [])]
    result.up_to_date = True
    result.unchanged = result.pages
    return result


def _save_summary(store: Store, result: BuildResult, fingerprint: str) -> None:
    """Last write of a build: until it lands, the next run re-checks everything."""
    summary = json.dumps({
        "videos": result.videos, "pages": result.pages, "articles": result.articles,
        "topic_pages": result.topic_pages, "anchors": result.anchors, "links": result.links,
        "channels": result.channels, "removed_videos": result.removed_videos, "aliases": result.aliases,
        "problems": [[str(p.path), p.message, p.line] for p in result.problems],
        "notes": [[str(p.path), p.message, p.line] for p in result.notes],
    })
    with store.transaction() as db:
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("summary", summary), ("fingerprint", fingerprint)])


def _duration(src: VideoSource, sents: list[Sentence]) -> float:
    last = max((s.end for s in sents), default=0.0)
    return float(src.meta.duration) if src.meta.duration else last


def _video_row(src: VideoSource, ch_slug: str, ch_title: str, title: str, duration: float, shash: str,
               removed: bool) -> dict:
    return {
        "video_id": src.meta.video_id, "channel": ch_slug, "channel_title": ch_title, "title": title,
        "duration": duration, "upload_date": src.meta.upload_date,
        "url": src.meta.webpage_url or youtube_url(src.meta.video_id), "auto_captions": int(src.track.auto),
        "track_path": str(src.track.path), "track_format": src.track.fmt, "source_hash": shash,
        "chapters_json": json.dumps([asdict(c) for c in src.meta.chapters]),
        "status": "removed" if removed else "active",
        "media_path": src.meta.media_path,
    }


__all__ = ["STAGE_VERSIONS", "BuildOptions", "BuildResult", "build", "make_writer", "update"]
