"""Wikilinks: mentions of other topics become ``[[slug | label]]``, only to pages that exist.

Targets are built from the pages the build writes, so a link can only point at a real file.
Each page links a target at most once (its first mention), never itself, and at most
``max_links`` targets, so prose stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..topics.phrases import tokenize

MAX_PHRASE_TOKENS = 5


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A page that mentions may link to, and the phrases (display forms) that mention it."""

    slug: str
    phrases: tuple[str, ...]


class Linker:
    """Finds topic mentions in plain text; one instance per channel."""

    def __init__(self, targets: list[LinkTarget]) -> None:
        self._index: dict[tuple[str, ...], str] = {}
        for target in sorted(targets, key=lambda t: t.slug):
            for phrase in target.phrases:
                key = tuple(t.norm for t in tokenize(phrase))
                if not key or len(key) > MAX_PHRASE_TOKENS:
                    continue
                if len(key) == 1 and len(key[0]) < 4:
                    continue
                self._index.setdefault(key, target.slug)
        self._by_word: dict[str, list[tuple[str, ...]]] | None = None

    def candidates(self, words: set[str]) -> list[tuple[tuple[str, ...], str]]:
        """(phrase, slug) of every phrase whose words all occur in ``words``, sorted.

        Only these can ever link on a page with those words, so a page's links change only
        when this slice of the index does (what an update checks before re-linking a page).
        """
        if self._by_word is None:
            self._by_word = {}
            for key in self._index:
                self._by_word.setdefault(key[0], []).append(key)
        found = [k for w in words for k in self._by_word.get(w, ()) if all(x in words for x in k[1:])]
        return sorted((k, self._index[k]) for k in found)

    def for_page(self, own: set[str], max_links: int = 12) -> PageLinker:
        return PageLinker(self._index, own, max_links)


class PageLinker:
    """Linking state of one page: which targets it already links."""

    def __init__(self, index: dict[tuple[str, ...], str], own: set[str], max_links: int) -> None:
        self._index = index
        self._own = own
        self._max = max_links
        self.linked: list[str] = []

    def link(self, text: str) -> str:
        """``text`` with the first mention of each not-yet-linked target wrapped in a wikilink."""
        if len(self.linked) >= self._max or not self._index:
            return text
        tokens = tokenize(text)
        pieces: list[str] = []
        cursor = 0
        i = 0
        while i < len(tokens):
            match = self._match(text, tokens, i)
            if match is None:
                i += 1
                continue
            j, slug = match
            start, end = tokens[i].start, tokens[j].end
            pieces.append(text[cursor:start])
            pieces.append(f"[[{slug} | {text[start:end]}]]")
            cursor = end
            self.linked.append(slug)
            i = j + 1
            if len(self.linked) >= self._max:
                break
        pieces.append(text[cursor:])
        return "".join(pieces)

    def _match(self, text: str, tokens: list, i: int) -> tuple[int, str] | None:
        for size in range(min(MAX_PHRASE_TOKENS, len(tokens) - i), 0, -1):
            j = i + size - 1
            if any(text[tokens[k].end : tokens[k + 1].start].strip() for k in range(i, j)):
                continue  # punctuation between words: not one phrase
            key = tuple(t.norm for t in tokens[i : j + 1])
            slug = self._index.get(key)
            if slug and slug not in self._own and slug not in self.linked:
                if _inside_markup(text, tokens[i].start):
                    return None
                return j, slug
        return None


def _inside_markup(text: str, pos: int) -> bool:
    """True inside an existing [[...]] link or an HTML entity/tag."""
    before = text[:pos]
    if before.rfind("[[") > before.rfind("]]"):
        return True
    return before.rfind("<") > before.rfind(">") or before.rfind("&") > max(before.rfind(";"), before.rfind(" "))
