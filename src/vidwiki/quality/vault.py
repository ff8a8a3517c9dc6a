"""Read a vault's pages as written and tell articles, topic pages and hubs apart.

The judge reads markdown, not the store, so it scores what a reader gets and can read any
TubeGraph-format vault. Kinds: an *article* cites one video (``videoId`` or timestamps), a *topic*
page says ``kind: topic`` in its front matter (vidwiki's pages gathering a topic across videos),
anything else is a *hub* (channel pages, indexes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vidwiki.check import markdown_files
from vidwiki.errors import InputError
from vidwiki.pages import Page, ProseSentence, parse_page

__all__ = ["MIN_WORDS", "VaultPage", "body_sentences", "find_vault", "link_list_lines", "prose_sentences",
           "read_vault"]

MIN_WORDS = 6
"""Prose sentences shorter than this ("That's why.", "Let's see.") are not claims worth citing."""

_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}\s")
_ITEM_RE = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+")
_LINK_ITEM_RE = re.compile(_ITEM_RE.pattern + r"!?\[")
LINK_SECTIONS = frozenset(
    "related|related articles|related pages|see also|sources|source|references|links|external links|"
    "further reading|videos|source videos".split("|")
)
"""Headings of sections that list pages or sources rather than say anything (vidwiki's "Related")."""


@dataclass(frozen=True, slots=True)
class VaultPage:
    rel: str  # vault-relative POSIX path
    page: Page
    kind: str  # "article" | "topic" | "hub"

    @property
    def stem(self) -> str:
        return PurePosixPath(self.rel).stem

    @property
    def video_id(self) -> str | None:
        return self.page.video_id

    @property
    def headings(self) -> int:
        return sum(1 for line in self.page.body.split("\n") if _HEADING_RE.match(line))


def words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def link_list_lines(page: Page) -> frozenset[int]:
    """Lines of link lists: list items that start with a link ("- [[page | Title]] (same video)",
    "- [Title](url)"), and every list item under a heading such as "Related", "See also" or
    "Sources". A paragraph there is still prose."""
    lines = page.text.split("\n")
    found: set[int] = set()
    listing = False
    for number in range(page.body_line, len(lines) + 1):
        line = lines[number - 1]
        if _HEADING_RE.match(line):
            name = line.strip().lstrip("#").strip().strip("*_:").strip().lower()
            listing = name in LINK_SECTIONS
        elif _LINK_ITEM_RE.match(line) or (listing and _ITEM_RE.match(line)):
            found.add(number)
    return frozenset(found)


def body_sentences(page: Page) -> list[ProseSentence]:
    """The page's body prose (``Page.sentences``) without its link lists: what a reader reads."""
    skip = link_list_lines(page)
    return [s for s in page.sentences if s.line not in skip] if skip else page.sentences


def prose_sentences(page: Page) -> list[ProseSentence]:
    """The page's prose sentences of at least MIN_WORDS words outside link lists (the ones cited
    share counts)."""
    return [s for s in body_sentences(page) if words(s.text) >= MIN_WORDS]


def find_vault(path: Path) -> Path:
    """``wiki/vault`` for a wiki folder, the folder itself for a bare vault."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(path, "not a folder (expected a wiki folder or a vault of .md pages)")
    vault = path / "vault"
    return vault if vault.is_dir() else path


def read_vault(vault: Path) -> list[VaultPage]:
    """Every ``*.md`` page under ``vault`` (hidden folders skipped), sorted by path."""
    pages: list[VaultPage] = []
    for rel in markdown_files(vault):
        try:
            page = parse_page(vault / rel)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(vault / rel, f"cannot read page: {exc}") from exc
        pages.append(VaultPage(rel, page, _kind(rel, page)))
    if not pages:
        raise InputError(vault, "no .md pages found")
    return pages


def _kind(rel: str, page: Page) -> str:
    if str(page.front_matter.get("kind", "")).strip().lower() == "topic":
        return "topic"
    parts = PurePosixPath(rel).parts
    is_hub = len(parts) >= 2 and parts[-2] == PurePosixPath(rel).stem
    if not is_hub and (page.video_id is not None or page.anchors):
        return "article"
    return "hub"
