"""HTML pages of the reader, shared by ``vidwiki serve`` and ``vidwiki export site``.

:class:`Reader` maps every site path (see :mod:`.urls`) to a function that renders that page
from :class:`~.wikidata.WikiData`. Templates are jinja2 with autoescape on, so every title and
transcript line is text, never markup; page bodies come from :mod:`.markdown` with raw HTML off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..pages import seconds_to_hhmmss
from . import urls
from .graph import Node, place, radial
from .markdown import Moment, RenderEnv, make_renderer, render_body
from .wikidata import Page, Video, WikiData

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; frame-src https://www.youtube-nocookie.com; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'"
)
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"
STATIC_FILES = ("reader.css", "reader.js", "search.js", "graph.js")


@dataclass(slots=True)
class SearchHit:
    kind: str  # article | transcript
    title: str
    href: str  # root-relative
    seconds: float | None
    snippet: Markup


class Reader:
    """Renders the pages of one wiki. ``static`` pages search a prebuilt client-side index."""

    def __init__(self, data: WikiData, static: bool) -> None:
        self.data = data
        self.static = static
        self.md = make_renderer()
        self.env = Environment(
            loader=PackageLoader("vidwiki.render", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["hhmmss"] = lambda s: seconds_to_hhmmss(max(0.0, float(s)))
        self._slug_paths = {slug: urls.page_path(p) for slug, p in data.pages.items()}
        self._video_paths = {vid: urls.video_path(v) for vid, v in data.videos.items()}
        self._graph_svg: Markup | None = None

    # --- the site's pages -----------------------------------------------------------------
    def routes(self) -> dict[str, Callable[[], str]]:
        """Every HTML page of the site: root-relative path -> renderer."""
        out: dict[str, Callable[[], str]] = {urls.HOME: self.home, urls.GRAPH: self.graph}
        if self.static:
            out[urls.SEARCH] = partial(self.search, "", None)
            out[urls.ASK] = partial(self.ask, "", None)
        for slug, page in self.data.pages.items():
            out[self._slug_paths[slug]] = partial(self.page, page)
        for vid, video in self.data.videos.items():
            out[self._video_paths[vid]] = partial(self.video, video)
        return out

    def page(self, page: Page) -> str:
        if page.kind == "article" and page.video_id in self.data.videos:
            return self.article(page)
        if page.kind == "topic":
            return self.topic(page)
        if page.kind == "hub":
            return self.hub(page)
        return self._plain(page)

    def article(self, page: Page) -> str:
        here = self._slug_paths[page.slug]
        video = self.data.videos[page.video_id or ""]
        body = render_body(self.md, page.markdown, self._render_env(here, video, page.slug))
        siblings = [p for p in self.data.articles_of(video.video_id) if p.slug != page.slug]
        return self._render(
            "article.html", here, page=page, video=video, body=Markup(body),
            player=self._player(video, here),
            video_href=self.link(self._video_paths[video.video_id], here),
            topic_page=self._page_link(self.data.topic_page_of(page), here),
            siblings=[self._page_link(p, here) for p in siblings],
            backlinks=self._backlinks(page, here),
            local_graph=self._local_graph(page, here),
        )

    def topic(self, page: Page) -> str:
        here = self._slug_paths[page.slug]
        body = render_body(self.md, page.markdown, self._render_env(here, None, page.slug))
        videos = [(self._video_link(v, here), self._page_link(a, here))
                  for v, a in self.data.videos_of_topic(page.slug)]
        return self._render("topic.html", here, page=page, body=Markup(body), videos=videos,
                            backlinks=self._backlinks(page, here), local_graph=self._local_graph(page, here))

    def hub(self, page: Page) -> str:
        here = self._slug_paths[page.slug]
        videos = []
        for video in self.data.videos_of_channel(page.channel):
            articles = [self._page_link(a, here) for a in self.data.articles_of(video.video_id)]
            videos.append((video, self.link(self._video_paths[video.video_id], here), articles))
        topics = sorted((p for p in self.data.pages.values() if p.kind == "topic" and p.channel == page.channel),
                        key=lambda p: p.title.lower())
        return self._render("hub.html", here, page=page, videos=videos,
                            topics=[self._page_link(p, here) for p in topics])

    def video(self, video: Video) -> str:
        here = self._video_paths[video.video_id]
        lines = [(idx, start, text, self._moment_href(video, start, here))
                 for idx, start, _end, text in self.data.sentences.get(video.video_id, [])]
        return self._render(
            "video.html", here, video=video, player=self._player(video, here), lines=lines,
            articles=[self._page_link(p, here) for p in self.data.articles_of(video.video_id)],
            local_graph=self._video_graph(video, here),
        )

    def home(self) -> str:
        channels = []
        for channel, title in sorted(self.data.channels.items(), key=lambda c: c[1].lower()):
            hub = self.data.hub(channel)
            count = sum(1 for v in self.data.videos.values() if v.channel == channel)
            pages = sum(1 for p in self.data.pages.values() if p.channel == channel and p.kind != "hub")
            channels.append((title, self.link(self._slug_paths[hub.slug], urls.HOME) if hub else None, count, pages))
        return self._render("home.html", urls.HOME, channels=channels)

    def search(self, query: str, hits: list[SearchHit] | None) -> str:
        shown = [(h, self.link(h.href, urls.SEARCH)) for h in hits or []]
        return self._render("search.html", urls.SEARCH, query=query, hits=shown, searched=hits is not None)

    def ask(self, question: str, answer: object | None, error: str | None = None) -> str:
        """The Ask page: the box, and the answer to ``question`` when there is one (an
        :class:`vidwiki.ask.Answer`: its sentences link to their moments on the video pages)."""
        here = urls.ASK
        sentences, moments, articles = [], [], []
        if answer is not None:
            for s in answer.sentences:  # type: ignore[attr-defined]
                sentences.append((s, self._moment_link(s.video_id, s.seconds, here)))
            for vid, title, found in answer.by_video():  # type: ignore[attr-defined]
                links = list(dict.fromkeys(link for m in found for slug, _t in m.articles
                                           if (link := self._slug_link(slug, here))))
                moments.append((title, self._moment_link(vid, found[0].seconds, here),
                                [(m, self._moment_link(vid, m.seconds, here)) for m in found], links))
            articles = [link for slug, _t in answer.articles if (link := self._slug_link(slug, here))]  # type: ignore[attr-defined]
        return self._render("ask.html", here, question=question, answer=answer, sentences=sentences,
                            moments=moments, articles=articles, error=error)

    def _moment_link(self, video_id: str, seconds: float, here: str) -> str:
        path = self._video_paths.get(video_id)
        return self.link(urls.moment(path, seconds), here) if path else "#"

    def _slug_link(self, slug: str, here: str) -> tuple[str, str] | None:
        page = self.data.pages.get(slug)
        return self._page_link(page, here) if page is not None else None

    def graph(self) -> str:
        return self._render("graph.html", urls.GRAPH, svg=self.graph_svg(urls.GRAPH))

    def _plain(self, page: Page) -> str:
        here = self._slug_paths[page.slug]
        body = render_body(self.md, page.markdown, self._render_env(here, None, page.slug))
        return self._render("topic.html", here, page=page, body=Markup(body), videos=[],
                            backlinks=self._backlinks(page, here), local_graph=None)

    # --- pieces ---------------------------------------------------------------------------
    def link(self, target: str, here: str) -> str:
        return urls.relative(target, here)

    def _render(self, template: str, here: str, **values: object) -> str:
        values.update(
            static=lambda name: self.link(urls.static_path(name), here),
            home=self.link(urls.HOME, here), search_href=self.link(urls.SEARCH, here),
            ask_href=self.link(urls.ASK, here),
            graph_href=self.link(urls.GRAPH, here), static_site=self.static, csp=CSP,
            channel_link=self._channel_link(values, here),
        )
        return self.env.get_template(template).render(**values)

    def _channel_link(self, values: dict, here: str) -> tuple[str, str | None] | None:
        item = values.get("page") or values.get("video")
        if item is None:
            return None
        channel = item.channel
        hub = self.data.hub(channel)
        return self.data.channels.get(channel, channel), self.link(self._slug_paths[hub.slug], here) if hub else None

    def _page_link(self, page: Page | None, here: str) -> tuple[str, str] | None:
        if page is None:
            return None
        return page.title, self.link(self._slug_paths[page.slug], here)

    def _video_link(self, video: Video, here: str) -> tuple[str, str]:
        return video.title, self.link(self._video_paths[video.video_id], here)

    def _backlinks(self, page: Page, here: str) -> list[tuple[str, str]]:
        pages = [self.data.pages[s] for s in self.data.backlinks.get(page.slug, [])]
        return [link for p in sorted(pages, key=lambda p: p.title.lower()) if (link := self._page_link(p, here))]

    def _player(self, video: Video, here: str) -> dict[str, str] | None:
        media = urls.media_path(video)
        if media:
            return {"kind": video.media_kind or "video", "src": self.link(media, here), "video": video.key}
        if video.is_youtube:
            return {"kind": "youtube", "src": f"{YOUTUBE_EMBED}{video.video_id}?enablejsapi=1&rel=0",
                    "video": video.key}
        return None

    def _moment_href(self, video: Video, seconds: float, here: str) -> str:
        """Where a timestamp leads without JavaScript: the media file or YouTube at that second."""
        media = urls.media_path(video)
        if media:
            return f"{self.link(media, here)}#t={int(seconds)}"
        if video.is_youtube:
            return f"https://www.youtube.com/watch?v={video.video_id}&t={int(seconds)}s"
        return self.link(urls.moment(self._video_paths[video.video_id], seconds), here)

    def _render_env(self, here: str, video: Video | None, own_slug: str) -> RenderEnv:
        data = self.data

        def timestamp(seconds: float) -> Moment:
            if video is None:
                return Moment("#", "")
            return Moment(self._moment_href(video, seconds, here), data.words_at(video.video_id, seconds))

        def wikilink(slug: str) -> str | None:
            path = self._slug_paths.get(slug)
            return self.link(path, here) if path else None

        def youtube_moment(video_id: str, seconds: float | None) -> tuple[str, str] | None:
            path = self._video_paths.get(video_id)
            if path is None:
                return None
            if seconds is None:
                return self.link(path, here), ""
            return self.link(urls.moment(path, seconds), here), data.words_at(video_id, seconds)

        return RenderEnv(timestamp, wikilink, youtube_moment)

    # --- graphs ---------------------------------------------------------------------------
    def graph_svg(self, here: str) -> Markup:
        """The whole wiki: videos and the topic pages that join them."""
        nodes: list[Node] = []
        index: dict[str, int] = {}
        for vid, video in sorted(self.data.videos.items()):
            index["v:" + vid] = len(nodes)
            nodes.append(Node("v:" + vid, video.title, "video", self.link(self._video_paths[vid], here), r=4))
        edges: list[tuple[int, int]] = []
        for slug, page in sorted(self.data.pages.items()):
            if page.kind != "topic":
                continue
            index["t:" + slug] = len(nodes)
            nodes.append(Node("t:" + slug, page.title, "topic", self.link(self._slug_paths[slug], here), r=5))
        for vid, pairs in sorted(self.data.video_topics.items()):
            for topic, _article in pairs:
                if "t:" + topic in index and "v:" + vid in index:
                    edges.append((index["v:" + vid], index["t:" + topic]))
        for node in nodes:
            if node.kind == "topic":
                node.r = 4 + 1.5 * sum(1 for _a, b in edges if nodes[b] is node) ** 0.5
        size = max(600.0, 60 * len(nodes) ** 0.5)
        place(nodes, edges, size)
        return Markup(self.env.get_template("_graph.svg").render(
            nodes=nodes, edges=[(nodes[a], nodes[b]) for a, b in edges], width=size, height=size, local=False))

    def _video_graph(self, video: Video, here: str) -> Markup:
        """A video's neighbourhood: its articles and the topic pages it shares with other videos."""
        center = Node("v:" + video.video_id, video.title, "video", self.link(self._video_paths[video.video_id], here), r=9)
        around: list[Node] = []
        for topic, article in self.data.video_topics.get(video.video_id, [])[:12]:
            target = self.data.pages.get(topic) if topic != article else None
            target = target if target is not None and target.kind == "topic" else self.data.pages.get(article)
            if target is not None:
                around.append(Node(target.slug, target.title, target.kind, self.link(self._slug_paths[target.slug], here)))
        width, height = 460.0, 300.0
        radial(center, around, width, height)
        return Markup(self.env.get_template("_graph.svg").render(
            nodes=[center, *around], edges=[(center, n) for n in around], width=width, height=height, local=True))

    def _local_graph(self, page: Page, here: str) -> Markup:
        center = Node(page.slug, page.title, page.kind, self.link(self._slug_paths[page.slug], here), r=9)
        around: list[Node] = []
        seen = {page.slug}

        def add(p: Page | None) -> None:
            if p is not None and p.slug not in seen and len(around) < 12:
                seen.add(p.slug)
                around.append(Node(p.slug, p.title, p.kind, self.link(self._slug_paths[p.slug], here)))

        if page.video_id in self.data.videos:
            video = self.data.videos[page.video_id]
            around.append(Node("v:" + video.video_id, video.title, "video",
                               self.link(self._video_paths[video.video_id], here)))
        add(self.data.topic_page_of(page))
        if page.kind == "topic":
            for _video, article in self.data.videos_of_topic(page.slug):
                add(article)
        for slug in self.data.links.get(page.slug, []) + self.data.backlinks.get(page.slug, []):
            add(self.data.pages.get(slug))
        width, height = 460.0, 300.0
        radial(center, around, width, height)
        return Markup(self.env.get_template("_graph.svg").render(
            nodes=[center, *around], edges=[(center, n) for n in around], width=width, height=height, local=True))
