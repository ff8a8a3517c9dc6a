"""Reading a page: front matter, anchors, bare timestamps, wikilinks, code fences."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .model import Anchor, Fragment, FromLine, Page, WikiLink
from .rules import CANONICAL_ANCHOR_RE, hhmmss_to_seconds, seconds_to_hhmmss, timestamp_anchor

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --- parsing -----------------------------------------------------------------------------------

_FM_OPEN_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FM_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)

# Any <a ...> whose class includes yt-timestamp, up to its </a> on the same line.
_ANCHOR_RE = re.compile(
    r"""<a\b[^>\n]*?\bclass\s*=\s*["'][^"'\n]*\byt-timestamp\b[^"'\n]*["'][^>\n]*>(?P<label>.*?)</a\s*>""",
    re.I,
)
_DATA_T_RE = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
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
    return total if math.isfinite(total) else None  # 400 digits: no player can seek there


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
        well_formed=CANONICAL_ANCHOR_RE.fullmatch(raw) is not None,
    )


def _anchor_problem(data_t: str | None, label: str) -> tuple[str, str]:
    """Name what is wrong with an anchor that is not in the strict form (first problem wins)."""
    if data_t is None:
        return "malformed-timestamp", "yt-timestamp anchor has no data-t"
    if _SECONDS_ONLY_RE.fullmatch(data_t.strip()) and math.isfinite(float(data_t)):
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


