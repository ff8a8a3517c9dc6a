"""The vault's pages as Quartz reads them: what the real Quartz build of TubeGraph showed must change.

The markdown is the vault's, byte for byte, with two exceptions found by building an export in
TubeGraph's own Quartz engine (``tests/web/test_quartz.py``):

- **Aliases become paths inside the page's channel folder.** Quartz writes a redirect page for each
  alias at the alias's path *from the site root*: a renamed page's old slug ``old_slug`` would
  redirect from ``/old_slug`` instead of its old address ``/<channel>/old_slug``, and the same alias
  in two channels would write one file twice. So an alias is exported as ``<channel>/<slug>``, and
  dropped when that path is a page's own (Quartz would overwrite the page with a redirect) or
  another page's alias already.
- **A ``directory`` page beside ``index``.** TubeGraph's engine replaces the home page with its
  landing page, whose "Explore Channels" link leads to ``/directory``; the export writes the list of
  channels there too, so that link resolves.
"""

from __future__ import annotations

import posixpath
import re

import yaml

from ..markup import front_matter, link_label
from ..pages import slugify
from .wikidata import Page, WikiData

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SLUG = re.compile(r"[a-z0-9_]+")  # an old slug stays as it is; another name becomes one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def quartz_pages(data: WikiData) -> dict[str, str]:
    """Vault path -> markdown for a Quartz ``content/`` folder, the channel list pages included."""
    taken = {page.path.removesuffix(".md") for page in data.pages.values()}
    pages = sorted(data.pages.values(), key=lambda page: page.path)
    out = {page.path: _with_channel_aliases(page, taken) for page in pages}
    channels = _channel_list(data)
    out["index.md"] = channels
    out["directory.md"] = channels
    return out


def _with_channel_aliases(page: Page, taken: set[str]) -> str:
    match = _FRONT_MATTER.match(page.markdown)
    values = yaml.load(match.group(1), Loader=_LOADER) if match else None
    if not isinstance(values, dict) or not values.get("aliases"):
        return page.markdown
    folder = posixpath.dirname(page.path)
    kept = []
    for alias in values["aliases"]:
        name = str(alias)
        target = posixpath.join(folder, name if _SLUG.fullmatch(name) else slugify(name))
        if target not in taken:
            taken.add(target)
            kept.append(target)
    values["aliases"] = kept or None
    return front_matter(values) + "\n" + page.markdown[match.end():]


def _channel_list(data: WikiData) -> str:
    lines = ["---", 'title: "Channels"', "---", ""]
    for channel, title in sorted(data.channels.items(), key=lambda c: c[1].lower()):
        hub = data.hub(channel)
        if hub is not None:
            lines.append(f"- [[{hub.path.removesuffix('.md')} | {link_label(title)}]]")
    return "\n".join(lines) + "\n"
