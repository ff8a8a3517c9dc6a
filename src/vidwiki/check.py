"""Find the defects TubeGraph's pages have (FORMAT.md) in any vault of such pages.

``vidwiki check`` runs this on what vidwiki wrote, to prove none of them are there, and on
TubeGraph's own pages, to count them. A title must also pass the title rules (``topics/titles.py``):
a reader searches for it and every wikilink shows it. Every defect is one occurrence at one place (path and
line), so a fix can be checked off one by one and counts can be compared between runs.

The rules follow what the Quartz site does with a page: a wikilink resolves only when its target
is exactly a page's file stem or vault-relative path (no slugifying, no case folding), and the
player seeks to ``data-t`` read as ``HH:MM:SS``.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vidwiki.errors import InputError
from vidwiki.pages import Page, hhmmss_to_seconds, parse_page, seconds_to_hhmmss, slugify
from vidwiki.topics.titles import title_problems

__all__ = ["KINDS", "RUNAWAY_LIMIT", "SUSPECT_MIN", "Defect", "check_vault", "check_wiki"]

KINDS: dict[str, str] = {
    "unreadable-page": "the file cannot be read as UTF-8 text",
    "bad-front-matter": "front matter is not valid YAML or not a mapping",
    "missing-front-matter": "no title, or timestamps but no videoId for the player",
    "missing-from-line": "an article without the 'From: [[channel]] <br/>' line",
    "bad-title": "an article or topic page whose title fails the title rules (topics/titles.py)",
    "malformed-timestamp": "a yt-timestamp anchor whose data-t or markup is not the strict form",
    "seconds-timestamp": "data-t written in seconds (\"83\") instead of HH:MM:SS",
    "label-mismatch": "the anchor's [label] differs from its data-t",
    "bare-timestamp": "[00:01:23] written as text, not as an anchor",
    "timestamp-outside-video": "a timestamp past the end of the video",
    "suspect-timestamp": "MM:SS written as HH:MM:SS (TubeGraph's MM:SS:00), duration unknown",
    "runaway-anchors": "the same anchor repeated more than RUNAWAY_LIMIT times on a page",
    "unresolved-link": "a wikilink whose target is no page's file stem or path",
    "self-link": "a page linking to itself",
    "duplicate-slug": "two pages share a file stem (also when they differ only in case)",
    "orphan-page": "no other page links to this one",
    "code-fenced-page": "the whole body is wrapped in a fenced code block",
}

RUNAWAY_LIMIT = 50
"""More identical anchors than this on one page is runaway output, not citation."""

SUSPECT_MIN = 3
"""Hour-bearing timestamps needed before "all end in :00" counts as the MM:SS:00 signature;
one or two could be genuine on a long video (1 in 60 each), three by chance is 1 in 216,000."""


@dataclass(frozen=True, slots=True)
class Defect:
    """One defect at one place; ``path`` is vault-relative, POSIX style."""

    path: str
    line: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.kind}: {self.message}"


def check_wiki(path: Path, durations: Mapping[str, float] | None = None) -> list[Defect]:
    """Check a wiki folder (holding ``vault/`` and ``vidwiki.db``) or a bare vault folder.

    The store is not read here: the caller passes video durations it got from the db.
    """
    path = Path(path)
    if not path.is_dir():
        raise InputError(path, "not a folder (expected a vault or a wiki folder holding vault/)")
    vault = path / "vault"
    return check_vault(vault if vault.is_dir() else path, durations)


def check_vault(vault: Path, durations: Mapping[str, float] | None = None) -> list[Defect]:
    """Every defect in every ``*.md`` page under ``vault`` (hidden folders skipped).

    ``durations`` maps videoId to seconds; a page's own front matter ``duration`` wins. Defects
    come sorted by path, then line (page-wide defects, without a line, first).
    """
    vault = Path(vault)
    if not vault.is_dir():
        raise InputError(vault, "not a folder")
    durations = durations or {}
    defects: list[Defect] = []
    pages: dict[str, Page] = {}
    for rel in markdown_files(vault):
        try:
            pages[rel] = parse_page(vault / rel)
        except (OSError, UnicodeDecodeError) as exc:
            defects.append(Defect(rel, None, "unreadable-page", _reason(exc)))

    index = _Index(pages)
    for rel, page in pages.items():
        defects.extend(_check_front_matter(rel, page))
        defects.extend(_check_timestamps(rel, page, durations))
        defects.extend(_check_links(rel, page, index))
        if page.fenced:
            defects.append(
                Defect(rel, page.fence_line, "code-fenced-page",
                       "the body is one fenced code block, so it shows as code, not as a page")
            )
    defects.extend(_check_duplicates(pages))
    defects.extend(_check_orphans(pages, index))
    # stable: defects of one kind on one line stay in the order they appear on it
    defects.sort(key=lambda d: (d.path, d.line or 0, d.kind))
    return defects


# --- collecting pages --------------------------------------------------------------------------


def markdown_files(vault: Path) -> list[str]:
    """Vault-relative POSIX paths of every page, sorted; ``.obsidian`` and the like skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_root = PurePosixPath(Path(root).relative_to(vault).as_posix())
        found.extend(
            str(rel_root / name) if str(rel_root) != "." else name
            for name in files
            if name.endswith(".md") and not name.startswith(".")
        )
    return sorted(found)


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    return exc.strerror or str(exc)


def _stem(rel: str) -> str:
    return PurePosixPath(rel).stem


def _aliases(page: Page) -> list[str]:
    value = page.front_matter.get("aliases")
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _is_hub(rel: str) -> bool:
    """A channel hub is ``<channel>/<channel>.md``."""
    parts = PurePosixPath(rel).parts
    return len(parts) >= 2 and parts[-2] == _stem(rel)


def _is_article(rel: str, page: Page) -> bool:
    """An article cites one video: it has a videoId or timestamps, and is not a hub."""
    return not _is_hub(rel) and (page.video_id is not None or bool(page.anchors))


class _Index:
    """Where each link target leads: by file stem anywhere, or by vault path without ``.md``."""

    def __init__(self, pages: Mapping[str, Page]) -> None:
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_path: dict[str, str] = {}
        self.by_folded_stem: dict[str, str] = {}
        self.by_alias: dict[str, str] = {}
        self._suggestions: dict[str, str | None] = {}
        for rel in pages:
            stem = _stem(rel)
            self.by_stem[stem].append(rel)
            self.by_path[rel[: -len(".md")]] = rel
            self.by_folded_stem.setdefault(stem.lower(), stem)
        # an alias in front matter is a name the page also answers to (Quartz makes a redirect)
        for rel, page in pages.items():
            for alias in _aliases(page):
                if alias not in self.by_stem:
                    self.by_alias.setdefault(alias, rel)

    def resolve(self, target: str) -> list[str]:
        key = target[: -len(".md")] if target.endswith(".md") else target
        if key in self.by_path:
            return [self.by_path[key]]
        if key in self.by_stem:
            return list(self.by_stem[key])
        return [self.by_alias[key]] if key in self.by_alias else []

    def suggest(self, target: str) -> str | None:
        """The existing stem a dead target was probably meant to be."""
        if target not in self._suggestions:
            name = target.rsplit("/", 1)[-1]
            guess = slugify(name)
            self._suggestions[target] = (
                guess if guess in self.by_stem else self.by_folded_stem.get(name.lower())
            )
        return self._suggestions[target]


# --- per-page checks ---------------------------------------------------------------------------


def _check_front_matter(rel: str, page: Page) -> list[Defect]:
    found: list[Defect] = []
    if not page.has_front_matter:
        found.append(Defect(rel, 1, "missing-front-matter", "no front matter; every page needs a title"))
    elif page.front_matter_error is not None:
        found.append(
            Defect(rel, page.front_matter_error_line, "bad-front-matter", page.front_matter_error)
        )
        return found  # keys of a broken block are unknown, not missing
    elif page.title is None:
        found.append(Defect(rel, 1, "missing-front-matter", "front matter has no title"))
    if page.anchors and page.video_id is None:
        found.append(
            Defect(rel, 1, "missing-front-matter",
                   f"{len(page.anchors)} timestamps but no videoId for the player to seek in")
        )
    if _is_article(rel, page) and page.from_line is None:
        found.append(
            Defect(rel, page.body_line, "missing-from-line",
                   "article does not start with 'From: [[<channel>]] <br/>'")
        )
    if page.title is not None and (_is_article(rel, page) or _is_topic(page)):
        problems = title_problems(page.title)
        if problems:
            found.append(Defect(rel, _title_line(page), "bad-title",
                                f"title {page.title!r} fails the title rules: {'; '.join(problems)}"))
    return found


def _is_topic(page: Page) -> bool:
    return str(page.front_matter.get("kind", "")).strip().lower() == "topic"


def _title_line(page: Page) -> int:
    """The front matter line that sets the title (the opening '---' when it cannot be found)."""
    for number, line in enumerate(page.text.split("\n")[: page.body_line - 1], 1):
        if line.startswith("title:"):
            return number
    return 1


def _check_timestamps(rel: str, page: Page, durations: Mapping[str, float]) -> list[Defect]:
    found = [Defect(rel, f.line, f.kind, f.message) for f in page.fragments]
    duration = page.duration
    if duration is None and page.video_id is not None:
        duration = durations.get(page.video_id)
    if duration is not None:
        end = seconds_to_hhmmss(duration)
        for anchor in page.anchors:
            if anchor.seconds is not None and anchor.seconds > duration:
                hint = _mmss_hint(anchor.data_t or "", duration)
                found.append(
                    Defect(rel, anchor.line, "timestamp-outside-video",
                           f"data-t={anchor.data_t} is past the end of the video ({end}){hint}")
                )
    else:
        found.extend(_suspect_timestamps(rel, page))
    counts = Counter(anchor.raw for anchor in page.anchors)
    for raw, count in counts.items():
        if count > RUNAWAY_LIMIT:
            first = next(a for a in page.anchors if a.raw == raw)
            found.append(
                Defect(rel, first.line, "runaway-anchors",
                       f"data-t={first.data_t} appears {count} times (limit {RUNAWAY_LIMIT})")
            )
    return found


def _mmss_hint(data_t: str, duration: float) -> str:
    """Say so when the value reads correctly as TubeGraph's MM:SS:00."""
    parts = data_t.split(":")
    if hhmmss_to_seconds(data_t) is None or parts[2] != "00":
        return ""
    minutes, seconds = int(parts[0]), int(parts[1])
    if minutes * 60 + seconds > duration:
        return ""
    return f"; reads as MM:SS:00, probably {seconds_to_hhmmss(minutes * 60 + seconds)}"


def _suspect_timestamps(rel: str, page: Page) -> list[Defect]:
    """TubeGraph's MM:SS:00 signature, for when the video's length is unknown.

    Real timestamps past the first hour end in ``:00`` one time in sixty; when every one on a
    page does (and there are at least SUSPECT_MIN), they are minutes and seconds shifted left.
    """
    hour_bearing = [
        a for a in page.anchors
        if a.data_t is not None
        and hhmmss_to_seconds(a.data_t) is not None
        and int(a.data_t.split(":")[0]) > 0
    ]
    if len(hour_bearing) < SUSPECT_MIN or any(not a.data_t.endswith(":00") for a in hour_bearing):
        return []
    return [
        Defect(rel, a.line, "suspect-timestamp",
               f"data-t={a.data_t} seeks to {int(a.data_t[:-6])} h {a.data_t[-5:-3]} min; every "
               f"hour-bearing timestamp here ends in :00, so it is probably "
               f"{seconds_to_hhmmss(int(a.data_t[:-6]) * 60 + int(a.data_t[-5:-3]))}")
        for a in hour_bearing
    ]


def _check_links(rel: str, page: Page, index: _Index) -> list[Defect]:
    found: list[Defect] = []
    own = {_stem(rel), rel[: -len(".md")]}
    for link in page.links:
        if not link.target:
            continue  # [[#heading]] points inside this page
        if index.resolve(link.target):
            if link.target.removesuffix(".md") in own:
                found.append(Defect(rel, link.line, "self-link", f"{link.raw} links to this page"))
            continue
        guess = index.suggest(link.target)
        hint = f" (did you mean [[{guess}]]?)" if guess else ""
        found.append(
            Defect(rel, link.line, "unresolved-link",
                   f"[[{link.target}]] matches no page's file name{hint}")
        )
    return found


# --- vault-wide checks -------------------------------------------------------------------------


def _check_duplicates(pages: Mapping[str, Page]) -> list[Defect]:
    """Same stem twice: Quartz and Obsidian resolve [[stem]] to one of them, hiding the other."""
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in pages:
        groups[_stem(rel).lower()].append(rel)
    found: list[Defect] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        for rel in members:
            others = ", ".join(m for m in members if m != rel)
            found.append(
                Defect(rel, None, "duplicate-slug",
                       f"file name '{_stem(rel)}' is also used by {others}")
            )
    return found


def _check_orphans(pages: Mapping[str, Page], index: _Index) -> list[Defect]:
    """A page no other page links to is unreachable in the site except by search.

    Self-links do not count; a hub counts as linked by its articles' From: lines; the vault's
    root ``index.md`` (Quartz's home page) needs no link.
    """
    linked: set[str] = set()
    for rel, page in pages.items():
        for link in page.links:
            if link.target:
                linked.update(t for t in index.resolve(link.target) if t != rel)
    return [
        Defect(rel, None, "orphan-page", "no other page links here")
        for rel in pages
        if rel not in linked and rel != "index.md"
    ]
