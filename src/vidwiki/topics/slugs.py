"""Stable, unique page slugs.

A page is known by a key that does not change when its title is re-worded (``hub:<channel>``,
``topic:<channel>:<topic key>``, ``article:<video id>:<topic key>``). The first time a key is
seen it gets ``slugify(title)``; if another page already holds that slug, a suffix made of the
video's title words (for articles) or a number is added. Assignments are kept in the store, so
re-runs give every page the slug it had, and two pages never share a file.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..pages import slugify


class SlugRegistry:
    """Hands out slugs that are unique across the whole vault."""

    def __init__(self, existing: dict[str, str] | None = None) -> None:
        self.by_key: dict[str, str] = dict(existing or {})
        self._taken: set[str] = set(self.by_key.values())
        self.used: set[str] = set()

    def claim(self, key: str, title: str, hints: Iterable[str] = ()) -> str:
        """The slug for ``key``: its old one, else a fresh one derived from ``title``."""
        slug = self.by_key.get(key)
        if slug is None:
            slug = self._fresh(slugify(title), hints)
            self.by_key[key] = slug
            self._taken.add(slug)
        self.used.add(key)
        return slug

    def _fresh(self, base: str, hints: Iterable[str]) -> str:
        if base not in self._taken:
            return base
        for hint in hints:
            candidate = f"{base}_{slugify(hint)}"
            if candidate not in self._taken:
                return candidate
        n = 2
        while f"{base}_{n}" in self._taken:
            n += 1
        return f"{base}_{n}"

    def release_unused(self, keep: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
        """Forget keys not claimed in this build, except those holding a slug in ``keep`` (old
        slugs kept as aliases: reserved, and given back if their key returns); returns what is kept."""
        self.by_key = {k: v for k, v in self.by_key.items() if k in self.used or v in keep}
        self._taken = set(self.by_key.values())
        return dict(self.by_key)
