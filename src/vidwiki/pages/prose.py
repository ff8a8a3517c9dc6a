"""Body prose split into sentences, each with the anchors it carries (for the cited share)."""

from __future__ import annotations

import bisect
import re

from .model import Anchor, FromLine, ProseSentence
from .parse import _ANCHOR_RE, _WIKILINK_RE, _make_anchor, _wikilink

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
