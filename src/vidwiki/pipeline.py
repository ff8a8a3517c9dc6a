"""Runs the stages in order for a build, skipping work whose inputs have not changed.

ingest → transcript → topics → write → cite/link/compose → store → render. Each per-video
stage result is cached in the store under a hash of everything it depends on (the video's
files, the options, the stage's version), so a re-run redoes only what changed and a crashed
build resumes. When no input, option or vault file changed at all, the build stops after
hashing and says so.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .cite.anchors import CiteStats
from .errors import VidwikiError
from .ingest import discover
from .link.hubs import HubVideo, hub_markdown
from .link.wikilinks import Linker, LinkTarget
from .markup import escape_inline, link_label
from .pages import slugify
from .records import Problem, Sentence, VideoSource
from .render.article import (
    RelatedLink,
    article_body,
    moment_link,
    page_markdown,
    related_section,
    youtube_url,
)
from .render.vault import render_vault, sha256_text, vault_matches
from .store import PageRow, Store, build_lock
from .topics.extract import VideoTopic, extract_topics
from .topics.merge import ChannelTopic, merge_topics
from .topics.phrases import tokenize
from .topics.slugs import SlugRegistry
from .transcript import build_sentences
from .write.base import ArticleJob, Block, Claim, Draft, Section, Writer
from .write.embedded import EmbeddedWriter

# Bump a stage's version when its output for the same input changes.
STAGE_VERSIONS = {"sentences": "1", "topics": "2", "merge": "2", "draft": "1", "compose": "3"}
CAPTION_SUFFIXES = {".srt", ".vtt", ".json", ".xml", ".csv", ".json3", ".srv3", ".ttml", ".txt"}

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class BuildOptions:
    topics_per_video: int = 5
    writer: str = "embedded"
    max_article_words: int = 1100
    # LLM writers (write/llm): model file/name, endpoint, yes/no judge, requests in flight
    model: str | None = None
    base_url: str | None = None
    judge: bool = False
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
    llm: dict | None = None  # the LLM writers' token/time ledger of this build

    def to_json(self) -> dict:
        data = asdict(self)
        data["wiki"] = str(self.wiki)
        data["problems"] = [str(p) for p in self.problems]
        data["notes"] = [str(p) for p in self.notes]
        return data


def _hash(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


def _input_files(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for root in inputs:
        if root.is_file():
            files.append(root)
            continue
        for path in sorted(root.rglob("*")):
            hidden = any(p.startswith(".") for p in path.relative_to(root).parts)
            if path.is_file() and not hidden and path.suffix.lower() in CAPTION_SUFFIXES:
                files.append(path)
    return files


def _file_hashes(store: Store, files: list[Path]) -> dict[str, str]:
    """sha256 of every input file, re-reading only files whose size or mtime changed."""
    known = store.source_signatures()
    rows = []
    hashes: dict[str, str] = {}
    for path in files:
        key = str(path.resolve())
        st = path.stat()
        old = known.get(key)
        if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            digest = old[2]
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        hashes[key] = digest
        rows.append((key, st.st_size, st.st_mtime_ns, digest))
    store.save_sources(rows)
    return hashes


def make_writer(options: BuildOptions, store: Store | None = None, progress: Progress | None = None) -> Writer:
    if options.writer == "embedded":
        return EmbeddedWriter(max_words=options.max_article_words)
    if options.writer in ("local", "openai"):
        from .write.llm.factory import make_llm_writer

        return make_llm_writer(options.writer, options.model, options.base_url, options.api_key,
                               store.db if store else None, judge=options.judge,
                               concurrency=options.concurrency, progress=progress)
    raise VidwikiError(f"unknown writer {options.writer!r} (available: embedded, local, openai)")


def build(inputs: list[Path], wiki: Path, options: BuildOptions | None = None, progress: Progress | None = None) -> BuildResult:
    """Build (or update) the wiki at ``wiki`` from caption folders ``inputs``."""
    options = options or BuildOptions()
    started = time.perf_counter()
    wiki = Path(wiki)
    with build_lock(wiki):
        store = Store.in_wiki(wiki)
        try:
            result = _build(inputs, wiki, options, store, progress or (lambda *_: None))
        finally:
            store.close()
    result.seconds = time.perf_counter() - started
    return result


def _build(inputs: list[Path], wiki: Path, options: BuildOptions, store: Store, progress: Progress) -> BuildResult:
    result = BuildResult(wiki=wiki)
    vault = wiki / "vault"
    files = _input_files(inputs)
    hashes = _file_hashes(store, files)
    fingerprint = _hash(__version__, STAGE_VERSIONS, options.fingerprint(), sorted(hashes.items()),
                        [str(p.resolve()) for p in inputs])
    if store.get_meta("fingerprint") == fingerprint and vault_matches(vault, store.rendered()):
        summary = store.get_meta("summary")
        if summary:
            saved = json.loads(summary)
            for key in ("videos", "pages", "articles", "topic_pages", "anchors", "links", "channels"):
                setattr(result, key, saved.get(key, getattr(result, key)))
            result.problems = [Problem(Path(p), m, n) for p, m, n in saved.get("problems", [])]
            result.notes = [Problem(Path(p), m, n) for p, m, n in saved.get("notes", [])]
        result.up_to_date = True
        result.unchanged = result.pages
        return result

    sources: list[VideoSource] = []
    problems: list[Problem] = []
    for root in inputs:
        found, bad = discover(root)
        sources.extend(found)
        problems.extend(bad)
    sources = _dedupe_videos(sources)
    problems, result.notes = _split_notes(problems, sources)
    result.problems = problems
    writer = make_writer(options, store, progress)

    # --- per video: sentences and topics (cached by content hash) ------------------------
    sentences: dict[str, list[Sentence]] = {}
    video_topics: dict[str, list[VideoTopic]] = {}
    source_hash: dict[str, str] = {}
    changed: set[str] = set()
    for n, src in enumerate(sources, 1):
        vid = src.meta.video_id
        progress("transcripts", n, len(sources))
        file_part = sorted(hashes.get(str(Path(f).resolve()), str(f)) for f in src.files)
        source_hash[vid] = _hash(file_part, src.track.path.name, _meta_part(src))
        skey = _hash(STAGE_VERSIONS["sentences"], source_hash[vid])
        cached = store.cached("sentences", skey)
        if cached is None:
            sents = build_sentences(src)
            store.put_cache("sentences", skey, [[s.index, s.start, s.end, s.text, s.speaker] for s in sents])
            changed.add(vid)
        else:
            sents = [Sentence(*row) for row in cached]
        if not sents:
            problems.append(Problem(src.track.path, "no speech found in captions; video skipped"))
            continue
        sentences[vid] = sents
        tkey = _hash(STAGE_VERSIONS["topics"], skey, options.topics_per_video, [asdict(c) for c in src.meta.chapters])
        cached_topics = store.cached("topics", tkey)
        if cached_topics is None:
            tops = extract_topics(vid, sents, options.topics_per_video, src.meta.chapters)
            store.put_cache("topics", tkey, [asdict(t) for t in tops])
        else:
            tops = [VideoTopic(**t) for t in cached_topics]
        video_topics[vid] = tops
    sources = [s for s in sources if s.meta.video_id in sentences]
    result.videos = len(sources)
    result.videos_processed = len(changed)

    # --- channels, merged topics, slugs --------------------------------------------------
    channels = _channels(sources)
    registry = SlugRegistry(store.slugs())
    channel_topics: dict[str, list[ChannelTopic]] = {}
    for ch_slug, (_, ch_sources) in channels.items():
        registry.claim(f"hub:{ch_slug}", ch_slug.replace("_", " "))
        tops = [t for s in ch_sources for t in video_topics[s.meta.video_id]]
        channel_topics[ch_slug] = merge_topics(ch_slug, tops)
    topic_slug: dict[tuple[str, str], str] = {}
    article_slug: dict[tuple[str, int], str] = {}
    titles = {s.meta.video_id: _video_title(s) for s in sources}
    for ch_slug, groups in channel_topics.items():
        for group in groups:
            if group.multi_video:
                topic_slug[(ch_slug, group.key)] = registry.claim(f"topic:{ch_slug}:{group.key}", group.label)
    for _, ch_sources in channels.values():
        for src in ch_sources:
            vid = src.meta.video_id
            for t in video_topics[vid]:
                hints = [" ".join(titles[vid].split()[:k]) for k in (3, 5)] + [vid.lower()]
                article_slug[(vid, t.position)] = registry.claim(f"article:{vid}:{t.key}", t.title, hints)

    for ch_slug, groups in channel_topics.items():
        for group in groups:
            if not group.multi_video:
                only = group.members[0]
                topic_slug[(ch_slug, group.key)] = article_slug[(only.video_id, only.position)]

    # --- write, cite, link, compose -------------------------------------------------------
    pages: list[PageRow] = []
    citations: list[tuple[str, str, int, float]] = []
    links: list[tuple[str, str]] = []
    topic_rows: list[dict] = []
    vt_rows: list[dict] = []
    video_rows: list[dict] = []
    total_articles = sum(len(video_topics[s.meta.video_id]) for s in sources)
    done = 0
    for ch_slug, (ch_title, ch_sources) in channels.items():
        groups = channel_topics[ch_slug]
        group_of = {(m.video_id, m.position): g for g in groups for m in g.members}
        targets = [
            LinkTarget(topic_slug[(ch_slug, g.key)], tuple(dict.fromkeys(_phrases_of(g)))) for g in groups
        ]
        linker = Linker(targets)
        hub_videos: list[HubVideo] = []
        intros: dict[tuple[str, int], list[tuple[str, float]]] = {}
        for src in ch_sources:
            vid = src.meta.video_id
            sents = sentences[vid]
            duration = _duration(src, sents)
            tops = video_topics[vid]
            hub = HubVideo(vid, titles[vid], src.meta.webpage_url or youtube_url(vid), src.meta.upload_date)
            for t in tops:
                done += 1
                progress("articles", done, total_articles)
                slug = article_slug[(vid, t.position)]
                group = group_of[(vid, t.position)]
                tslug = topic_slug[(ch_slug, group.key)]
                draft = _draft(store, writer, options, src, sents, t, tops)
                stats = CiteStats()
                page_linker = linker.for_page({slug, tslug} if group.multi_video else {slug}, max_links=8)
                body = article_body(draft, sents, duration, page_linker, stats)
                related = _related(t, tops, article_slug, vid, group, tslug, titles)
                meta = {
                    "title": t.title,
                    "videoId": vid,
                    "channel": ch_title,
                    "video_title": titles[vid],
                    "published": src.meta.upload_date,
                    "duration": int(duration) if duration == int(duration) else round(duration, 3),
                    "topic": tslug if group.multi_video else None,
                    "aliases": group.aliases if not group.multi_video else None,
                }
                markdown = page_markdown(meta, ch_slug, body, related_section(related))
                pages.append(_page(slug, ch_slug, "article", vid, t.title, markdown, stats.mean_support))
                result.anchors += stats.anchors
                result.dropped_citations += stats.dropped
                for claim in draft.claims():
                    for sid in claim.sentence_ids:
                        if 0 <= sid < len(sents):
                            citations.append((slug, vid, sid, sents[sid].start))
                links.extend((slug, target) for target in page_linker.linked)
                links.extend((slug, r.slug) for r in related)
                intros[(vid, t.position)] = _on_topic(draft.claims(), group.key, sents)
                hub.articles.append((slug, t.title))
                vt_rows.append({"video_id": vid, "position": t.position, "title": t.title, "key": t.key,
                                "first_idx": t.first, "last_idx": t.last, "topic_slug": tslug, "article_slug": slug})
            hub_videos.append(hub)
            video_rows.append(_video_row(src, ch_slug, ch_title, titles[vid], duration, source_hash[vid]))

        multi = [g for g in groups if g.multi_video]
        for g in multi:
            tslug = topic_slug[(ch_slug, g.key)]
            markdown, page_links = _topic_page(g, ch_slug, ch_title, titles, article_slug, intros, tslug)
            pages.append(_page(tslug, ch_slug, "topic", None, g.label, markdown, None))
            links.extend((tslug, target) for target in page_links)
        for g in groups:
            topic_rows.append({"slug": topic_slug[(ch_slug, g.key)], "channel": ch_slug, "key": g.key,
                               "label": g.label, "aliases_json": json.dumps(g.aliases, ensure_ascii=False),
                               "video_count": len(g.video_ids)})
        hub_slug = registry.by_key[f"hub:{ch_slug}"]
        hub_topics = sorted(((topic_slug[(ch_slug, g.key)], g.label, len(g.video_ids)) for g in multi),
                            key=lambda x: (-x[2], x[1].lower()))
        pages.append(_page(hub_slug, ch_slug, "hub", None, ch_title, hub_markdown(ch_title, hub_videos, hub_topics), None))
        links.extend((hub_slug, slug) for v in hub_videos for slug, _ in v.articles)
        result.topic_pages += len(multi)
        result.channels.append(ch_slug)

    result.articles = sum(1 for p in pages if p.kind == "article")
    result.pages = len(pages)
    result.links = len(links)
    progress("store", 1, 1)
    store.replace_build(video_rows, sentences, topic_rows, vt_rows, pages, citations, links,
                        registry.release_unused(), changed | (set(sentences) - _stored_videos(store)))
    progress("render", 1, 1)
    stats, rendered = render_vault(vault, store.pages(), store.rendered())
    store.set_rendered(rendered)
    store.prune_untouched()
    result.written, result.unchanged, result.deleted = stats.written, stats.unchanged, stats.deleted
    ledger = getattr(writer, "ledger", None)
    if ledger is not None:
        ledger.save(store.db)
        result.llm = ledger.to_json()
    store.set_meta("fingerprint", fingerprint)
    store.set_meta("summary", json.dumps({
        "videos": result.videos, "pages": result.pages, "articles": result.articles,
        "topic_pages": result.topic_pages, "anchors": result.anchors, "links": result.links,
        "channels": result.channels, "problems": [[str(p.path), p.message, p.line] for p in problems],
        "notes": [[str(p.path), p.message, p.line] for p in result.notes],
    }))
    return result


def _split_notes(problems: list[Problem], sources: list[VideoSource]) -> tuple[list[Problem], list[Problem]]:
    """A bad file beside a good transcript of the same video lost nothing: that is a note."""
    covered = {Path(f).resolve().parent for src in sources for f in src.files}
    notes = [p for p in problems if p.path.resolve().parent in covered]
    return [p for p in problems if p not in notes], notes


def _on_topic(claims: list[Claim], key: str, sents: list[Sentence], limit: int = 3) -> list[tuple[str, float]]:
    """The claims that name the topic (its main phrase), for the topic page; else the first two."""
    wanted = tuple(key.split())
    n = len(wanted)

    def names(text: str) -> bool:
        norms = [t.norm for t in tokenize(text)]
        return any(tuple(norms[i : i + n]) == wanted for i in range(len(norms) - n + 1))

    cited = [c for c in claims if c.sentence_ids]
    chosen = [c for c in cited if names(c.text)][:limit] or cited[:2]
    return [(c.text, sents[c.sentence_ids[0]].start) for c in chosen]


def _stored_videos(store: Store) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT DISTINCT video_id FROM sentences")}


def _meta_part(src: VideoSource) -> dict:
    m = src.meta
    return {"id": m.video_id, "title": m.title, "channel": m.channel, "handle": m.channel_handle,
            "duration": m.duration, "date": m.upload_date}


def _dedupe_videos(sources: list[VideoSource]) -> list[VideoSource]:
    """One video once, even when two input folders hold it (the first one found wins)."""
    seen: dict[str, VideoSource] = {}
    for src in sources:
        seen.setdefault(src.meta.video_id, src)
    return sorted(seen.values(), key=lambda s: (s.meta.upload_date or "", s.meta.video_id))


def _channels(sources: list[VideoSource]) -> dict[str, tuple[str, list[VideoSource]]]:
    """Channel slug -> (display title, videos): by handle, else channel name, else folder name."""
    out: dict[str, tuple[str, list[VideoSource]]] = {}
    for src in sources:
        m = src.meta
        folder = src.folder.name if src.folder else "channel"
        basis = m.channel_handle or m.channel or folder
        slug = slugify(basis)
        title = m.channel or m.channel_handle or folder
        if slug not in out:
            out[slug] = (title, [])
        out[slug][1].append(src)
    return dict(sorted(out.items()))


def _video_title(src: VideoSource) -> str:
    return (src.meta.title or "").strip() or f"Video {src.meta.video_id}"


def _duration(src: VideoSource, sents: list[Sentence]) -> float:
    last = max((s.end for s in sents), default=0.0)
    return float(src.meta.duration) if src.meta.duration else last


def _phrases_of(group: ChannelTopic) -> list[str]:
    """Phrases whose mention links to the topic: its label, and its main phrase when that is
    specific (several words). A single everyday word ("blue", "plug") never becomes a link."""
    out = [group.label] if _specific(group.label, group) else []
    for m in group.members:
        label = m.labels.get(m.key)
        if label and _specific(label, group):
            out.append(label)
    return out


def _specific(phrase: str, group: ChannelTopic) -> bool:
    """Several words, or one word that several videos are about."""
    return len(phrase.split()) >= 2 or (group.multi_video and len(phrase) >= 5)


def _draft(store: Store, writer: Writer, options: BuildOptions, src: VideoSource, sents: list[Sentence],
           t: VideoTopic, tops: list[VideoTopic]) -> Draft:
    siblings = [o.title for o in tops if o.position != t.position]
    key = _hash(STAGE_VERSIONS["draft"], writer.name, options.max_article_words,
                [[s.index, s.start, s.end, s.text, s.speaker] for s in sents[t.first:t.last]],
                t.title, t.phrases, siblings, src.meta.title)
    cached = store.cached("draft", key)
    if cached is not None:
        return _draft_from_json(cached)
    job = ArticleJob(video=src.meta, title=t.title, phrases=[t.labels.get(p, p) for p in t.phrases],
                     sentences=sents, first=t.first, last=t.last, sibling_titles=siblings)
    draft = writer.write(job)
    store.put_cache("draft", key, asdict(draft))
    return draft


def _draft_from_json(data: dict) -> Draft:
    def block(b: dict) -> Block:
        return Block(kind=b["kind"], claims=[Claim(**c) for c in b["claims"]], labels=b["labels"], speaker=b["speaker"])

    return Draft(
        intro=[block(b) for b in data["intro"]],
        sections=[Section(s["heading"], s["level"], [block(b) for b in s["blocks"]]) for s in data["sections"]],
    )


def _related(t: VideoTopic, tops: list[VideoTopic], article_slug: dict, vid: str, group: ChannelTopic,
             tslug: str, titles: dict[str, str]) -> list[RelatedLink]:
    related: list[RelatedLink] = []
    if group.multi_video:
        related.append(RelatedLink(tslug, group.label, f"topic page: {len(group.video_ids)} videos"))
    for other in tops:
        if other.position != t.position:
            related.append(RelatedLink(article_slug[(vid, other.position)], other.title, "same video"))
    return related


def _topic_page(group: ChannelTopic, ch_slug: str, ch_title: str, titles: dict[str, str],
                article_slug: dict, intros: dict, tslug: str) -> tuple[str, list[str]]:
    lines: list[str] = []
    linked: list[str] = []
    by_video: dict[str, list[VideoTopic]] = {}
    for m in group.members:
        by_video.setdefault(m.video_id, []).append(m)
    for vid, members in by_video.items():
        lines.append(f"## {escape_inline(titles[vid])}")
        lines.append("")
        for m in members:
            slug = article_slug[(vid, m.position)]
            linked.append(slug)
            lines.append(f"From the article [[{slug} | {link_label(m.title)}]]:")
            lines.append("")
            for text, start in intros.get((vid, m.position), []):
                lines.append(f"- {escape_inline(text)} {moment_link(vid, start)}")
            lines.append("")
    meta = {"title": group.label, "channel": ch_title, "videos": len(by_video),
            "aliases": group.aliases or None, "kind": "topic"}
    return page_markdown(meta, ch_slug, "\n".join(lines).rstrip()), linked


def _page(slug: str, ch_slug: str, kind: str, vid: str | None, title: str, markdown: str, support: float | None) -> PageRow:
    return PageRow(slug=slug, path=f"{ch_slug}/{slug}.md", kind=kind, channel=ch_slug, video_id=vid,
                   title=title, markdown=markdown, sha256=sha256_text(markdown), support=support)


def _video_row(src: VideoSource, ch_slug: str, ch_title: str, title: str, duration: float, shash: str) -> dict:
    return {
        "video_id": src.meta.video_id, "channel": ch_slug, "channel_title": ch_title, "title": title,
        "duration": duration, "upload_date": src.meta.upload_date,
        "url": src.meta.webpage_url or youtube_url(src.meta.video_id), "auto_captions": int(src.track.auto),
        "track_path": str(src.track.path), "track_format": src.track.fmt, "source_hash": shash,
        "chapters_json": json.dumps([asdict(c) for c in src.meta.chapters]),
    }


__all__ = ["BuildOptions", "BuildResult", "build"]
