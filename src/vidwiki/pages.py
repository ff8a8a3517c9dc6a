"""Read and write the pieces of a TubeGraph-format page.

vidwiki writes the page format of TubeGraph (see ``../shared/format/FORMAT.md``) and later reads
pages back: ``vidwiki check`` looks for defects, ``vidwiki eval`` measures them. Both readers and
the renderer go through this module, so the timestamp and slug rules live in exactly one place:
the renderer calls :func:`timestamp_anchor` and :func:`slugify`, the readers call
:func:`parse_page`.

Parsing is deliberately lenient: a page is someone else's output (TubeGraph's, or an old vidwiki
run), so nothing here raises on bad content. Malformed front matter, anchors and timestamps are
reported as data (``Page.front_matter_error``, ``Page.fragments``) for the checker to judge.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Anchor",
    "Fragment",
    "FromLine",
    "Page",
    "ProseSentence",
    "WikiLink",
    "hhmmss_to_seconds",
    "parse_page",
    "seconds_to_hhmmss",
    "slugify",
    "timestamp_anchor",
]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --- the format's single source of truth -------------------------------------------------------

_HHMMSS_RE = re.compile(r"(\d{2,}):([0-5]\d):([0-5]\d)")


def seconds_to_hhmmss(seconds: float) -> str:
    """Format a time as ``HH:MM:SS``, flooring fractions (a cue at 83.9 s is ``00:01:23``).

    Hours keep at least two digits and are never capped, so ``100:00:00`` is possible.
    """
    if seconds != seconds or seconds < 0 or seconds == float("inf"):
        raise ValueError(f"not a time in seconds: {seconds!r}")
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def hhmmss_to_seconds(text: str) -> int | None:
    """Parse a strict ``HH:MM:SS`` (MM and SS below 60); anything else gives None."""
    match = _HHMMSS_RE.fullmatch(text)
    if match is None:
        return None
    hours, minutes, secs = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def timestamp_anchor(seconds: float) -> str:
    """The citation anchor the reader's player seeks with, exactly as TubeGraph's Quartz expects."""
    stamp = seconds_to_hhmmss(seconds)
    return f'<a class="yt-timestamp" data-t="{stamp}">[{stamp}]</a>'


# Letters NFKD does not decompose but that have an obvious ASCII spelling (Đoković, Straße).
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l",
     "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}
)
_SLUG_DROP_RE = re.compile(r"[^a-z0-9 ]+")
_SLUG_UNDERSCORES_RE = re.compile(r"_+")


def slugify(title: str) -> str:
    """File stem for a title, per FORMAT.md: ``[a-z0-9_]`` only, never empty.

    Accents are transliterated first so "L'Hôpital" becomes ``lhopital`` rather than ``lhpital``;
    other characters (apostrophes, hyphens, punctuation) are dropped as TubeGraph does.
    """
    text = re.sub(r"\s", " ", title.translate(_TRANSLITERATE))
    # NFKD splits "ô" into "o" + a combining accent; the ASCII encode then drops the accent
    # together with everything else the slug rule would drop anyway.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _SLUG_DROP_RE.sub("", text).replace(" ", "_")
    text = _SLUG_UNDERSCORES_RE.sub("_", text).strip("_")
    return text or "untitled"


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """One ``yt-timestamp`` anchor as written, well-formed or not.

    ``data_t`` is the raw attribute (None when missing), ``label`` the text between the tags.
    ``seconds`` is where a player would seek: strict ``HH:MM:SS`` is read as such, and the
    lenient forms TubeGraph also wrote (``83``, ``07:23``) are read the way its player would, so
    range checks still apply to them; None when the value is not a time at all.
    ``well_formed`` means the anchor is byte-for-byte what :func:`timestamp_anchor` writes.
    """

    line: int
    raw: str
    data_t: str | None
    label: str
    seconds: float | None
    well_formed: bool


@dataclass(frozen=True, slots=True)
class Fragment:
    """Something that looks like a timestamp but is not a well-formed anchor.

    ``kind`` is one of ``malformed-timestamp`` (bad ``data-t`` or markup), ``seconds-timestamp``
    (``data-t="83"``), ``label-mismatch`` (``[label]`` differs from ``data-t``) or
    ``bare-timestamp`` (``[00:01:23]`` text that no player can seek with).
    """

    line: int
    kind: str
    text: str
    message: str


@dataclass(frozen=True, slots=True)
class WikiLink:
    """``[[target]]``, ``[[target | label]]``, ``[[target#heading|label]]``; target trimmed."""

    line: int
    raw: str
    target: str
    heading: str | None
    label: str | None


@dataclass(frozen=True, slots=True)
class FromLine:
    """The ``From: [[channel]] <br/>`` line that links an article to its channel hub."""

    line: int
    channel: str
    raw: str


@dataclass(frozen=True, slots=True)
class ProseSentence:
    """A sentence of body prose with the anchors it carries (for the cited share).

    ``raw`` is the markdown as written; ``text`` is readable plain text (anchors removed,
    wikilinks replaced by their labels, emphasis markers dropped).
    """

    line: int
    raw: str
    text: str
    anchors: tuple[Anchor, ...]


@dataclass(eq=False)
class Page:
    """Everything the checker and the evaluator read from one page.

    Line numbers are 1-based lines of the whole file, front matter included.
    ``front_matter`` is always a dict; when the YAML is broken it is empty and
    ``front_matter_error`` says why (with ``front_matter_error_line``). ``fenced`` is True when
    the whole body (after the From: line) is one fenced code block opening at ``fence_line``;
    anchors and links inside such a wrapper are still read, those in ordinary code blocks not.
    """

    path: Path
    text: str
    has_front_matter: bool
    front_matter: dict[str, Any]
    front_matter_error: str | None
    front_matter_error_line: int | None
    body: str
    body_line: int
    anchors: list[Anchor]
    fragments: list[Fragment]
    links: list[WikiLink]
    from_line: FromLine | None
    fenced: bool
    fence_line: int | None = None
    _body_lines: list[str] = field(default_factory=list, repr=False)
    _skip_lines: frozenset[int] = field(default_factory=frozenset, repr=False)

    @property
    def title(self) -> str | None:
        return _text_value(self.front_matter.get("title"))

    @property
    def video_id(self) -> str | None:
        return _text_value(self.front_matter.get("videoId"))

    @property
    def duration(self) -> float | None:
        """Video length from front matter ``duration`` (seconds, or ``HH:MM:SS``), if usable."""
        value = self.front_matter.get("duration")
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value) if value > 0 else None
        if isinstance(value, str):
            value = value.strip()
            if re.fullmatch(r"\d+(\.\d+)?", value):
                return float(value) or None
            parsed = hhmmss_to_seconds(value)
            return float(parsed) if parsed else None
        return None

    @cached_property
    def sentences(self) -> list[ProseSentence]:
        """Body prose split into sentences; computed on first use (the checker never needs it)."""
        return _sentences(self._body_lines, self.body_line, self.from_line, self._skip_lines)


def _text_value(value: Any) -> str | None:
    """Front matter scalars as text: YAML turns ``videoId: 12345`` into an int, ``title: yes``
    into True; both are still meant as text. Empty values count as missing."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


# --- parsing -----------------------------------------------------------------------------------

_FM_OPEN_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FM_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)

# Any <a ...> whose class includes yt-timestamp, up to its </a> on the same line.
_ANCHOR_RE = re.compile(
    r"""<a\b[^>\n]*?\bclass\s*=\s*["'][^"'\n]*\byt-timestamp\b[^"'\n]*["'][^>\n]*>(?P<label>.*?)</a\s*>""",
    re.I,
)
_DATA_T_RE = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_STRICT_ANCHOR_RE = re.compile(
    r'<a class="yt-timestamp" data-t="(\d{2,}:[0-5]\d:[0-5]\d)">\[\1\]</a>'
)
_LENIENT_TIME_RE = re.compile(r"\d+(?::\d+){0,2}(?:\.\d+)?")
_SECONDS_ONLY_RE = re.compile(r"\d+(?:\.\d+)?")
_WIKILINK_RE = re.compile(r"!?\[\[(?P<inner>[^\[\]\n]*?)\]\]")
_BARE_RE = re.compile(r"(?<!\[)\[(?:\d{1,3}:)?\d{1,2}:\d{2}(?:\.\d+)?\](?!\])")
_FROM_RE = re.compile(r"^From:\s*\[\[(?P<inner>[^\[\]\n]*)\]\]")
_FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def parse_page(path: Path, text: str | None = None) -> Page:
    """Parse one page; ``text`` overrides reading ``path`` (tests, in-memory renders).

    Never raises on content. A file that cannot be read as UTF-8 raises ``OSError`` or
    ``UnicodeDecodeError`` from the read, which the caller turns into a one-line error.
    """
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    fm_text, body_line, closed = _split_front_matter(text)
    front: dict[str, Any] = {}
    error: str | None = None
    error_line: int | None = None
    if fm_text is not None and not closed:
        error, error_line = "front matter is not closed by a '---' line", 1
    elif fm_text is not None:
        front, error, error_line = _load_front_matter(fm_text)

    lines = text.split("\n")
    body_lines = lines[body_line - 1:]
    body = "\n".join(body_lines)
    line_starts = _line_starts(body)

    def line_of(offset: int) -> int:
        return body_line + bisect.bisect_right(line_starts, offset) - 1

    from_line = _find_from_line(body_lines, body_line)
    wrapper = _whole_body_fence(body_lines, body_line, from_line)
    skip = _code_lines(body_lines, body_line, set(wrapper))
    skip.update(wrapper)
    scan = _blank_lines(body_lines, body_line, skip) if skip else body
    anchor_matches = list(_ANCHOR_RE.finditer(scan))
    link_matches = list(_WIKILINK_RE.finditer(scan))
    anchors, fragments = _scan_anchors(anchor_matches, line_of)
    links = [
        _wikilink(match.group(0), match.group("inner"), line_of(match.start()))
        for match in link_matches
    ]
    fragments.extend(_scan_bare(scan, anchor_matches + link_matches, line_of))
    fragments.sort(key=lambda f: f.line)
    return Page(
        path=Path(path),
        text=text,
        has_front_matter=fm_text is not None,
        front_matter=front,
        front_matter_error=error,
        front_matter_error_line=error_line,
        body=body,
        body_line=body_line,
        anchors=anchors,
        fragments=fragments,
        links=links,
        from_line=from_line,
        fenced=bool(wrapper),
        fence_line=wrapper[0] if wrapper else None,
        _body_lines=body_lines,
        _skip_lines=frozenset(skip),
    )


def _split_front_matter(text: str) -> tuple[str | None, int, bool]:
    """Return (front matter YAML or None, 1-based first body line, closed?)."""
    opening = _FM_OPEN_RE.match(text)
    if opening is None:
        return None, 1, True
    closing = _FM_CLOSE_RE.search(text, opening.end())
    if closing is None:
        return text[opening.end():], 1, False
    fm_text = text[opening.end():closing.start()]
    body_line = text.count("\n", 0, closing.end()) + 2
    return fm_text, body_line, True


def _load_front_matter(fm_text: str) -> tuple[dict[str, Any], str | None, int | None]:
    try:
        data = yaml.load(fm_text, Loader=_YAML_LOADER)  # a safe loader (C-accelerated if built)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the '---'
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, f"front matter is not valid YAML: {problem}", line
    if data is None:
        return {}, None, None
    if not isinstance(data, dict):
        return {}, "front matter is not a mapping of keys to values", 2
    return {str(k): v for k, v in data.items()}, None, None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _seek_seconds(data_t: str) -> float | None:
    """Where a player seeks for a ``data-t`` value, reading ``H:M:S``, ``M:S`` or ``S``."""
    value = data_t.strip()
    if not _LENIENT_TIME_RE.fullmatch(value):
        return None
    total = 0.0
    for part in value.split(":"):
        total = total * 60 + float(part)
    return total


def _scan_anchors(
    matches: list[re.Match[str]], line_of: Callable[[int], int]
) -> tuple[list[Anchor], list[Fragment]]:
    anchors: list[Anchor] = []
    fragments: list[Fragment] = []
    for match in matches:
        anchor = _make_anchor(match, line_of(match.start()))
        anchors.append(anchor)
        if not anchor.well_formed:
            kind, message = _anchor_problem(anchor.data_t, anchor.label)
            fragments.append(Fragment(anchor.line, kind, anchor.raw, message))
    return anchors, fragments


def _make_anchor(match: re.Match[str], line: int) -> Anchor:
    raw = match.group(0)
    attr = _DATA_T_RE.search(raw[: raw.index(">") + 1])
    data_t = None if attr is None else next(g for g in attr.groups() if g is not None)
    return Anchor(
        line=line,
        raw=raw,
        data_t=data_t,
        label=match.group("label"),
        seconds=None if data_t is None else _seek_seconds(data_t),
        well_formed=_STRICT_ANCHOR_RE.fullmatch(raw) is not None,
    )


def _anchor_problem(data_t: str | None, label: str) -> tuple[str, str]:
    """Name what is wrong with an anchor that is not in the strict form (first problem wins)."""
    if data_t is None:
        return "malformed-timestamp", "yt-timestamp anchor has no data-t"
    if _SECONDS_ONLY_RE.fullmatch(data_t.strip()):
        secs = float(data_t)
        return (
            "seconds-timestamp",
            f'data-t="{data_t}" is in seconds; the format wants "{seconds_to_hhmmss(secs)}"',
        )
    if hhmmss_to_seconds(data_t) is None:
        return "malformed-timestamp", f'data-t="{data_t}" is not HH:MM:SS'
    if label != f"[{data_t}]":
        return "label-mismatch", f'label {label!r} differs from data-t="{data_t}"'
    return (
        "malformed-timestamp",
        f"anchor markup differs from the canonical {timestamp_anchor(hhmmss_to_seconds(data_t))}",
    )


def _scan_bare(
    body: str, covered: list[re.Match[str]], line_of: Callable[[int], int]
) -> list[Fragment]:
    """``[00:01:23]`` written as text: outside anchors and wikilinks, no player can seek with it."""
    spans = sorted((m.start(), m.end()) for m in covered)
    span_starts = [start for start, _ in spans]
    found: list[Fragment] = []
    for match in _BARE_RE.finditer(body):
        i = bisect.bisect_right(span_starts, match.start()) - 1
        if i >= 0 and match.start() < spans[i][1]:
            continue  # an anchor's own label, or text inside a wikilink
        found.append(
            Fragment(
                line_of(match.start()),
                "bare-timestamp",
                match.group(0),
                f"{match.group(0)} is plain text, not a yt-timestamp anchor",
            )
        )
    return found


def _wikilink(raw: str, inner: str, line: int) -> WikiLink:
    target, sep, label = inner.partition("|")
    target = target.rstrip("\\")  # "[[a\|b]]" is how a link is written inside a table
    heading = None
    if "#" in target:
        target, _, heading = target.partition("#")
        heading = heading.strip() or None
    return WikiLink(line, raw, target.strip(), heading, label.strip() if sep else None)


def _find_from_line(body_lines: list[str], body_line: int) -> FromLine | None:
    """The From: line is the first non-blank body line (TubeGraph puts it before any fence)."""
    for index, line in enumerate(body_lines):
        if not line.strip():
            continue
        match = _FROM_RE.match(line.strip())
        if match is None:
            return None
        link = _wikilink("", match.group("inner"), 0)
        return FromLine(body_line + index, link.target, line)
    return None


def _whole_body_fence(
    body_lines: list[str], body_line: int, from_line: FromLine | None
) -> tuple[int, ...]:
    """Lines of the opening and closing fence when the body (after From:) is one code block.

    Empty when it is not; only the opening line when the block is never closed (CommonMark
    then runs it to the end of the page).
    """
    content = [
        (body_line + i, line)
        for i, line in enumerate(body_lines)
        if line.strip() and (from_line is None or body_line + i != from_line.line)
    ]
    if not content:
        return ()
    first_line, first = content[0]
    opening = _FENCE_RE.match(first)
    if opening is None:
        return ()
    fence = opening.group("fence")
    for number, line in content[1:]:
        if _closes(line, fence):
            return (first_line, number) if number == content[-1][0] else ()
    return (first_line,)


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _code_lines(body_lines: list[str], body_line: int, wrapper: set[int]) -> set[int]:
    """Line numbers inside fenced code blocks, fences included (a wrapper's fences excluded).

    Quartz renders these as code: no anchors, links or prose in them.
    """
    code: set[int] = set()
    fence: str | None = None
    for index, line in enumerate(body_lines):
        number = body_line + index
        if number in wrapper:
            continue
        if fence is not None:
            code.add(number)
            if _closes(line, fence):
                fence = None
            continue
        opening = _FENCE_RE.match(line)
        if opening is not None:
            fence = opening.group("fence")
            code.add(number)
    return code


def _blank_lines(body_lines: list[str], body_line: int, lines: set[int]) -> str:
    """The body with the given lines blanked out, keeping every offset where it was."""
    return "\n".join(
        " " * len(line) if body_line + index in lines else line
        for index, line in enumerate(body_lines)
    )


# --- prose sentences ---------------------------------------------------------------------------

_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_LIST_RE = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+")
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_CALLOUT_RE = re.compile(r"^\[![\w-]+\][+-]?")
_RULE_RE = re.compile(r"^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ONLY_LINK_RE = re.compile(r"^(?:!?\[\[[^\[\]\n]*\]\]\s*)+$")
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]*_]*(?=\s)")
# Words whose full stop rarely ends a sentence ("Dr. Smith", "U.S. Senate", "e.g. Serbia").
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "e.g", "i.e", "u.s", "u.k", "u.n",
     "gen", "col", "lt", "sgt", "mt", "fig", "approx", "cf"}
)
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w)|`)")


def _sentences(
    body_lines: list[str], body_line: int, from_line: FromLine | None, skip: frozenset[int]
) -> list[ProseSentence]:
    """Split prose into sentences; headings, the From: line and hub bullets are not prose.

    ``skip`` holds code-block lines. A whole-body wrapper fence is in it but not its content:
    that content is the article (TubeGraph's defect), so it is read as prose.
    """
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(current)
        current = []

    for index, line in enumerate(body_lines):
        number = body_line + index
        if number in skip:
            close()
            continue
        if from_line is not None and number == from_line.line:
            continue
        quoted = _QUOTE_RE.match(line)
        content = line[quoted.end():] if quoted else line
        stripped = content.strip()
        if not stripped or _HEADING_RE.match(content) or _RULE_RE.match(stripped):
            close()
            continue
        if _TABLE_RULE_RE.match(stripped) or stripped.startswith("<!--"):
            continue
        if stripped.startswith("|"):
            close()  # a table row stands alone
            current.append((number, stripped.strip("|").strip()))
            close()
            continue
        if quoted and _CALLOUT_RE.match(stripped):
            close()  # a callout's title line is a heading, not prose
            continue
        item = _LIST_RE.match(content)
        if item is not None:
            close()
            stripped = content[item.end():].strip()
            if _ONLY_LINK_RE.match(stripped):
                continue  # hub bullet: a link, not a sentence
        current.append((number, stripped))
    close()

    sentences: list[ProseSentence] = []
    for block in blocks:
        sentences.extend(_split_block(block))
    return sentences


def _split_block(block: list[tuple[int, str]]) -> list[ProseSentence]:
    text = " ".join(part for _, part in block)
    starts: list[int] = []
    offset = 0
    for _, part in block:
        starts.append(offset)
        offset += len(part) + 1
    protected = [(m.start(), m.end()) for m in _ANCHOR_RE.finditer(text)]
    protected += [(m.start(), m.end()) for m in _WIKILINK_RE.finditer(text)]
    protected.sort()
    protected_starts = [start for start, _ in protected]

    def inside_protected(pos: int) -> bool:
        i = bisect.bisect_right(protected_starts, pos) - 1
        return i >= 0 and protected[i][0] <= pos < protected[i][1]

    cuts = [0]
    for match in _BOUNDARY_RE.finditer(text):
        stop = match.start()
        if stop < cuts[-1] or inside_protected(stop) or _abbreviation_before(text, stop):
            continue
        end = _past_trailing_anchors(text, match.end())
        if _can_start_sentence(text[end:end + 8].lstrip()):
            cuts.append(end)
    cuts.append(len(text))

    found = [(m.start(), _anchor_in_block(m, block, starts)) for m in _ANCHOR_RE.finditer(text)]
    found_starts = [pos for pos, _ in found]
    result: list[ProseSentence] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = text[start:end]
        raw = piece.strip()
        if not raw:
            continue
        first = start + len(piece) - len(piece.lstrip())
        line = block[bisect.bisect_right(starts, first) - 1][0]
        lo, hi = bisect.bisect_left(found_starts, start), bisect.bisect_left(found_starts, end)
        plain = _plain_text(raw)
        if plain:
            result.append(ProseSentence(line, raw, plain, tuple(a for _, a in found[lo:hi])))
    return result


def _abbreviation_before(text: str, stop: int) -> bool:
    """A full stop that ends "Dr", "U.S" or an initial ("John F. Kennedy") ends no sentence."""
    if text[stop] != ".":
        return False
    words = text[max(0, stop - 20):stop].split()
    word = words[-1].lstrip("(\"'*_[").lower() if words else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _past_trailing_anchors(text: str, end: int) -> int:
    """Move a cut past anchors written after the full stop ("Claim. <a ...>[..]</a> Next")."""
    pos = end
    while True:
        probe = pos
        while probe < len(text) and text[probe] in " ,":
            probe += 1
        match = _ANCHOR_RE.match(text, probe)
        if match is None:
            break
        pos = match.end()
    while pos != end and pos < len(text) and text[pos] in ".!?":
        pos += 1
    return pos


def _can_start_sentence(rest: str) -> bool:
    """Text after a candidate cut: nothing, or not lower case and not punctuation."""
    return not rest or not (rest[0].islower() or rest[0] in ",;:")


def _anchor_in_block(
    match: re.Match[str], block: list[tuple[int, str]], starts: list[int]
) -> Anchor:
    """Rebuild an anchor found in a joined block, with the file line it sits on."""
    line = block[bisect.bisect_right(starts, match.start()) - 1][0]
    return _make_anchor(match, line)


_ANCHOR_RUN_RE = re.compile(
    rf"(?P<pre>[.!?])?(?:\s*,?\s*{_ANCHOR_RE.pattern.replace('?P<label>', '')})+(?P<post>[.!?])?",
    re.I,
)


def _drop_anchor_run(match: re.Match[str]) -> str:
    """"claim <a>, <a>." -> "claim."; "claim. <a>." -> "claim." (one full stop, not two)."""
    pre, post = match.group("pre") or "", match.group("post") or ""
    return pre if pre and post else pre + post


def _plain_text(raw: str) -> str:
    text = _ANCHOR_RUN_RE.sub(_drop_anchor_run, raw)
    text = _WIKILINK_RE.sub(lambda m: _link_text(m.group("inner")), text)
    text = _EMPHASIS_RE.sub("", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+([.,;:!?])", r"\1", text).strip()


def _link_text(inner: str) -> str:
    link = _wikilink("", inner, 0)
    return link.label or link.target
