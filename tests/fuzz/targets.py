"""The fuzz targets: for each piece of code that reads untrusted input, what must always hold.

Each ``Target`` pairs a strategy (``strategies.py``) with a ``check`` that runs the code on one
drawn input and asserts the property. The tests in this folder run every target under the CI
profile (``tests/conftest.py``); ``benchmarks/fuzz.py`` runs the same targets far longer. Keeping
the properties here, once, means the long run checks exactly what the tests check.

The properties, in short:

* caption parsers and sidecars: any bytes give a result or ``InputError`` (one line), never
  another exception; every cue time is finite, non-negative, ``start <= end``; cues are sorted and
  do not overlap; word times lie inside their cue; all text can be written as UTF-8;
* the page parser never raises on content, and what it reads is in range;
* the markdown renderer emits only the elements and attributes the reader's pages use, and no URL
  that runs script; escaped transcript text renders as exactly that text, with no element at all;
* front matter reads back as the values written;
* slugs match ``[a-z0-9_]+``, are stable and never shared by two keys;
* timestamps lie inside the video and ``HH:MM:SS`` round-trips.
"""

from __future__ import annotations

import atexit
import html
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fuzz import strategies as s
from vidwiki.cite.anchors import CiteStats, cite_claim
from vidwiki.errors import InputError
from vidwiki.ingest.detect import parse_any
from vidwiki.ingest.discover import discover
from vidwiki.ingest.sidecar import read_sidecar
from vidwiki.markup import escape_inline, escape_line_start, front_matter
from vidwiki.pages import (
    CANONICAL_ANCHOR_RE,
    hhmmss_to_seconds,
    parse_page,
    seconds_to_hhmmss,
    slugify,
    timestamp_anchor,
)
from vidwiki.records import CaptionTrack, Chapter, Sentence
from vidwiki.render.markdown import Moment, RenderEnv, make_renderer, render_body
from vidwiki.topics.slugs import SlugRegistry
from vidwiki.write.base import Claim


@dataclass(frozen=True)
class Target:
    """One fuzz target: what it draws, what must hold for each draw, and why it matters."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    doc: str


# --- a scratch folder: the parsers read files, so each example is written to disk ---------------

_SCRATCH: list[Path] = []


def scratch() -> Path:
    """One temporary folder per process, removed at exit (examples overwrite each other's files)."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="vidwiki-fuzz-")))
        atexit.register(shutil.rmtree, _SCRATCH[0], True)
    return _SCRATCH[0]


def _write(name: str, content: bytes, folder: Path | None = None) -> Path:
    path = (folder or scratch()) / name
    path.write_bytes(content)
    return path


# --- captions -----------------------------------------------------------------------------------


def assert_one_line(exc: InputError) -> None:
    """The build lists a skipped file on one line: its reason must not break that line."""
    assert "\n" not in str(exc) and "\r" not in str(exc), repr(str(exc))


def assert_writable(text: str | None) -> None:
    """Text that ends up in SQLite and in the vault must encode as UTF-8 (no lone surrogates)."""
    if text is not None:
        text.encode("utf-8")


def assert_times(start: float, end: float | None) -> None:
    assert s.is_finite_time(start), start
    if end is not None:
        assert s.is_finite_time(end) and start <= end, (start, end)


def check_chapters(chapters: list[Chapter]) -> None:
    for chapter in chapters:
        assert_times(chapter.start, chapter.end)
        assert_writable(chapter.title)


def check_track(track: CaptionTrack) -> None:
    """What every later stage relies on: sound times, sorted, not overlapping, words inside."""
    assert track.cues, "a track is never empty"
    previous_end = 0.0
    for cue in track.cues:
        assert_times(cue.start, cue.end)
        assert cue.start >= previous_end, ("overlap or out of order", previous_end, cue.start)
        previous_end = cue.end
        assert cue.text.strip(), "an empty cue survived"
        assert_writable(cue.text)
        assert_writable(cue.speaker)
        for word in cue.words or []:
            assert_times(word.start, word.end)
            assert cue.start <= word.start and word.end <= cue.end, (cue.start, cue.end, word)
            assert_writable(word.text)


def check_caption_file(case: tuple[str, bytes]) -> None:
    """A caption file gives a cleaned track or ``InputError``, never another exception."""
    name, content = case
    path = _write(name, content)
    try:
        parsed = parse_any(path)
    except InputError as exc:
        assert_one_line(exc)
        return
    check_track(parsed.track)
    for extra in parsed.extra:
        check_track(extra)
    if parsed.duration is not None:
        assert_times(parsed.duration, None)
    check_chapters(parsed.chapters)
    assert_writable(parsed.title)


def check_sidecar(case: tuple[str, bytes]) -> None:
    """A yt-dlp sidecar gives metadata with sound times, or ``InputError``."""
    name, content = case
    path = _write(name, content)
    try:
        car = read_sidecar(path)
    except InputError as exc:
        assert_one_line(exc)
        return
    meta = car.meta
    if meta.duration is not None:
        assert_times(meta.duration, None)
    check_chapters(meta.chapters)
    for text in (meta.video_id, meta.title, meta.channel, meta.channel_handle, meta.upload_date,
                 meta.language, meta.webpage_url):
        assert_writable(text)
    assert all("\n" not in w for w in car.warnings)


def check_folder(files: list[tuple[str, bytes]]) -> None:
    """A folder of captions and sidecars: every video sound, every skipped file on one line."""
    folder = Path(tempfile.mkdtemp(dir=scratch()))
    try:
        for name, content in files:
            _write(name, content, folder)
        videos, problems = discover(folder)
        for video in videos:
            check_track(video.track)
            for alternative in video.alternatives:
                check_track(alternative)
            if video.meta.duration is not None:
                assert_times(video.meta.duration, None)
            check_chapters(video.meta.chapters)
        for problem in problems:
            assert "\n" not in problem.message and "\r" not in problem.message, problem
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _named(names: tuple[str, ...], texts: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, bytes]]:
    return st.tuples(st.sampled_from(names), s.file_bytes(texts))


# --- pages and the renderer ----------------------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HOSTILE_WORDS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


def file_text(text: str) -> str:
    """Text as read from a UTF-8 file, which never holds a lone surrogate."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def check_page(text: str) -> None:
    """The page parser never raises on content, and what it reads is in range."""
    page = parse_page(Path("page.md"), text)
    lines = text.count("\n") + 1
    for anchor in page.anchors:
        assert 1 <= anchor.line <= lines
        assert anchor.seconds is None or s.is_finite_time(anchor.seconds), anchor
    for item in [*page.fragments, *page.links]:
        assert 1 <= item.line <= lines, item
    assert page.duration is None or (math.isfinite(page.duration) and page.duration > 0), page.duration
    for sentence in page.sentences:
        assert 1 <= sentence.line <= lines
    assert page.title is None or page.title.strip()
    assert page.video_id is None or page.video_id.strip()


class _Elements(HTMLParser):
    """Every start tag and attribute in a piece of HTML, plus anything that is not a tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"<?{data}>")


def elements(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


# What the reader's page bodies are made of: markdown-it's CommonMark and tables, plus the two
# inline rules of ``render/markdown.py``. Anything else came from the page's text.
ALLOWED = {
    "p": set(), "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "ul": set(), "ol": {"start"}, "li": set(), "em": set(), "strong": set(), "code": {"class"},
    "pre": set(), "blockquote": set(), "hr": set(), "br": set(), "table": set(), "thead": set(),
    "tbody": set(), "tr": set(), "th": {"style"}, "td": {"style"}, "img": {"src", "alt", "title"},
    "span": {"class"}, "a": {"href", "class", "data-t", "data-s", "title", "rel"},
}
_CLASSES = {"yt-timestamp", "wikilink", "wikilink missing", "moment"}
_SAFE_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);", re.I)
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript|data|file):", re.I)
_HOSTILE_MOMENT = Moment('#t" onclick="alert(1)', _HOSTILE_WORDS)


def _render_env() -> RenderEnv:
    """Callbacks as hostile as the page: hrefs built from the raw slug or video id, hostile words."""
    return RenderEnv(
        timestamp=lambda seconds: _HOSTILE_MOMENT,
        wikilink=lambda slug: None if slug.startswith("missing") else f"/{slug}.html",
        youtube_moment=lambda video, seconds: (f"/{video}.html#t={seconds}", _HOSTILE_WORDS),
    )


_MD = make_renderer()


def check_render(text: str) -> None:
    """Whatever a page says, its HTML holds only the reader's own elements, attributes and URLs."""
    rendered = render_body(_MD, text, _render_env())
    assert not re.search(r"<\s*/?\s*script", rendered, re.I), rendered
    found = elements(rendered)
    assert not found.other, found.other
    for tag, attrs in found.tags:
        assert tag in ALLOWED, (tag, rendered)
        for name, value in attrs:
            assert name in ALLOWED[tag], (tag, name, rendered)
            value = value or ""
            if name in ("href", "src"):
                squeezed = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                assert not _SCRIPT_URL.match(squeezed) or _SAFE_DATA.match(squeezed), (name, value)
            if name == "class" and tag != "code":
                assert value in _CLASSES, value
            if name == "class" and tag == "code":
                assert value.startswith("language-"), value


_WRITER_ENTITIES = re.compile(r"&(lt|gt|amp);")


def check_escaped_text(text: str) -> None:
    """Transcript text, escaped as the article renderer escapes it, renders as that very text.

    ``escape_inline`` leaves ``&lt;``, ``&gt;`` and ``&amp;`` as written (the vault shows them as
    ``<``, ``>``, ``&``), so those three read back decoded.
    """
    rendered = _MD.render(escape_line_start(escape_inline(text)))
    found = elements(rendered)
    assert [tag for tag, _ in found.tags] == (["p"] if text else []), rendered
    expected = _WRITER_ENTITIES.sub(lambda m: {"lt": "<", "gt": ">", "amp": "&"}[m.group(1)], text)
    assert "".join(found.text).strip("\n") == expected, rendered


def _as_read(value: object) -> object:
    """A value as front matter holds it: a lone surrogate, which no file can hold, is U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list | tuple):
        return [_as_read(v) for v in value]
    return value


def check_front_matter(values: dict[str, object]) -> None:
    """Front matter written by vidwiki reads back as exactly the values written."""
    text = front_matter(values)
    text.encode("utf-8")
    page = parse_page(Path("page.md"), text + "\n\nFrom: [[hub]] <br/> \n")
    assert page.front_matter_error is None, page.front_matter_error
    expected = {k: _as_read(v) for k, v in values.items() if v is not None and v != [] and v != ()}
    assert page.front_matter == expected


# --- slugs and timestamps ------------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9_]+")


def check_slugify(title: str) -> None:
    """A slug is a file stem of ``[a-z0-9_]`` only, and for ASCII titles it is FORMAT.md's rule.

    The rule drops every character outside ``[a-z0-9 ]`` before spaces become ``_``, so a slug
    of a slug is not always the same slug (``a_b`` gives ``ab``): the registry never re-slugs.
    """
    slug = slugify(title)
    assert SLUG.fullmatch(slug), slug
    assert not slug.startswith("_") and not slug.endswith("_") and "__" not in slug
    if title.isascii():
        kept = re.sub(r"[^a-z0-9\s]", "", title.lower())
        assert slug == ("_".join(kept.split()) or "untitled"), (title, slug)


def check_slug_registry(claims: list[tuple[str, str, list[str]]]) -> None:
    """Two keys never share a slug; a key keeps its slug, also in a registry rebuilt from the store."""
    registry = SlugRegistry()
    given: dict[str, str] = {}
    for key, title, hints in claims:
        slug = registry.claim(key, title, hints)
        assert SLUG.fullmatch(slug), slug
        assert given.setdefault(key, slug) == slug
    assert len(set(given.values())) == len(given), given
    rebuilt = SlugRegistry(registry.release_unused())
    for key, title, hints in reversed(claims):
        assert rebuilt.claim(key, title + " retitled", hints) == given[key]


_HHMMSS = re.compile(r"\d{2,}:[0-5]\d:[0-5]\d", re.ASCII)


def check_hhmmss(seconds: float) -> None:
    """``HH:MM:SS`` floors the time, is ASCII digits, and reads back; the anchor is canonical."""
    stamp = seconds_to_hhmmss(seconds)
    assert _HHMMSS.fullmatch(stamp), stamp
    assert hhmmss_to_seconds(stamp) == int(seconds)
    anchor = timestamp_anchor(seconds)
    assert CANONICAL_ANCHOR_RE.fullmatch(anchor)
    (read,) = parse_page(Path("page.md"), f"Said here {anchor}.\n").anchors
    assert read.well_formed and read.seconds == int(seconds)


def check_hhmmss_text(text: str) -> None:
    """Any text: not a time, or a strict ASCII ``HH:MM:SS`` that writes back the same."""
    value = hhmmss_to_seconds(text)
    if value is None:
        return
    hours, minutes, secs = text.split(":")
    assert text.isascii(), text
    assert seconds_to_hhmmss(value) == f"{int(hours):02d}:{minutes}:{secs}"


@st.composite
def citations(draw: st.DrawFn) -> tuple[list[Sentence], float | None, Claim]:
    """Sentences as the transcript stage makes them, a duration or none, a claim citing ids."""
    starts = sorted(draw(st.lists(st.floats(0, 90_000), max_size=12)))
    sentences = [Sentence(i, t, t + 1.0, draw(s.words(max_size=4))) for i, t in enumerate(starts)]
    duration = draw(st.one_of(st.none(), st.floats(0, 100_000)))
    n = len(sentences)
    claim = Claim(
        draw(s.words(max_size=6)),
        draw(st.lists(st.integers(-3, n + 3), max_size=5)),
        draw(st.one_of(st.none(), st.floats(0, 1))),
    )
    return sentences, duration, claim


def check_citation(case: tuple[list[Sentence], float | None, Claim]) -> None:
    """Every published timestamp is a cited sentence's start, floored, and lies inside the video."""
    sentences, duration, claim = case
    stats = CiteStats()
    anchors = cite_claim(claim, sentences, duration, stats)
    if anchors is None:
        assert claim.sentence_ids or claim.support is None
        return
    cited = {int(sentences[i].start) for i in claim.sentence_ids if 0 <= i < len(sentences)}
    found = [hhmmss_to_seconds(m.group(1)) for m in CANONICAL_ANCHOR_RE.finditer(anchors)]
    assert len(found) == stats.anchors
    for t in found:
        assert t is not None and t in cited, (t, cited)
        assert t >= 0 and (duration is None or t < duration), (t, duration)


# --- the registry ---------------------------------------------------------------------------------

_VTT = ("Title [dQw4w9WgXcQ].en.vtt", "x.auto.en.vtt", "x.user.en.vtt", "x.webvtt", "x.srt", "x.txt")
_JSON = ("captions.json", "Talk [dQw4w9WgXcQ].en.json3", "word_timings.json", "sentence_timings.json",
         "x.auto.en.json", "x.json")
_PAGE_NAMES = ("title", "videoId", "channel", "video_title", "topic", "aliases", "duration", "published")


def _front_values() -> st.SearchStrategy[dict[str, object]]:
    text = st.one_of(s.fragments(), st.text())
    value = st.one_of(text, st.integers(-10**9, 10**9), st.floats(0.001, 10**6), st.booleans(), st.none(),
                      st.lists(text, max_size=3))
    return st.dictionaries(st.sampled_from(_PAGE_NAMES), value, max_size=6)


def _single_line_text() -> st.SearchStrategy[str]:
    """Transcript text as ingest leaves it: one line, whitespace collapsed, ends trimmed."""
    chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
    raw = st.lists(st.one_of(st.sampled_from(s.TRICKY), st.text(chars, max_size=6)), max_size=10)
    return raw.map("".join).map(lambda t: " ".join(t.split()))


TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target("vtt", _named(_VTT, s.vtt_files()), check_caption_file, "WebVTT, plain and rolling"),
        Target("srt", _named(("x.en.srt", "x.srt", "x.txt", "x.vtt"), s.srt_files()), check_caption_file, "SubRip"),
        Target("sbv", _named(("x.sbv", "x.en.sbv"), s.sbv_files()), check_caption_file, "YouTube SBV"),
        Target("json", _named(_JSON, s.json_files()), check_caption_file,
               "the seven JSON shapes: timings, transcript-api, speaker paragraphs, json3, "
               "diarised utterances, Whisper (plain and Replicate)"),
        Target("timedtext", _named(("x.xml", "x.srv3", "x.ttml", "x.dfxp", "x.srv1"), s.xml_files()),
               check_caption_file, "timed-text XML: legacy, srv3, TTML"),
        Target("player_csv", _named(("scrape.csv", "x.csv"), s.csv_files()), check_caption_file,
               "web-player scrape CSV"),
        Target("panel", _named(("panel.txt", "x.txt"), s.panel_files()), check_caption_file,
               "transcript panel copy-paste"),
        Target("bytes", st.tuples(st.sampled_from(s.CAPTION_NAMES), st.binary(max_size=2000)),
               check_caption_file, "random bytes under every caption name (textio decoding, detect)"),
        Target("any_format", s.caption_files(), check_caption_file,
               "any format's text under any caption name, in any encoding (detect's choices)"),
        Target("sidecar", s.sidecar_files(), check_sidecar, "yt-dlp .info.json sidecars"),
        Target("discover", st.lists(st.one_of(s.caption_files(), s.sidecar_files()), min_size=1, max_size=3),
               check_folder, "a folder of captions and sidecars through discover()"),
        Target("page", st.text(), check_page, "page parser, random text"),
        Target("page_markup", s.page_texts().map(file_text), check_page, "page parser, near-valid TubeGraph pages"),
        Target("render", s.page_texts(), check_render, "markdown renderer on hostile pages"),
        Target("escape", _single_line_text(), check_escaped_text, "escape_inline + markdown = the text"),
        Target("front_matter", _front_values(), check_front_matter, "front matter round trip"),
        Target("slugify", st.one_of(st.text(), s.fragments()), check_slugify, "slugify"),
        Target("slug_registry",
               st.lists(st.tuples(st.sampled_from("abcdefgh"), st.one_of(s.words(max_size=3), st.text(max_size=5)),
                                  st.lists(st.text(max_size=5), max_size=2)), max_size=12),
               check_slug_registry, "unique, stable slugs"),
        Target("hhmmss", st.floats(min_value=0, max_value=10**7, allow_nan=False), check_hhmmss,
               "HH:MM:SS round trip"),
        Target("hhmmss_text", st.one_of(st.text(max_size=12), st.from_regex(r"\d{2,3}:\d{2}:\d{2}", fullmatch=True)),
               check_hhmmss_text, "HH:MM:SS parsing is strict"),
        Target("cite", citations(), check_citation, "timestamps inside the video"),
    ]
}


FUZZED: set[str] = set()


def fuzzes(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``@given`` the target's strategy, and note that the target has a test."""
    FUZZED.add(name)
    return given(TARGETS[name].strategy)
