"""``vidwiki export site`` and ``vidwiki export quartz``: a wiki's pages written to a folder.

Both write into a fresh temporary folder beside the target and swap it in at the end, so the
target is either the old export or the new one, never half of each. A target that exists must be
empty or an earlier export of the same kind (marked by a file), so an export never deletes a
folder of someone else's files.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..errors import VidwikiError
from . import urls
from .quartz import quartz_pages
from .reader import STATIC_FILES, Reader
from .search_docs import client_index_js, search_docs
from .wikidata import WikiData, load

SITE_MARK = ".vidwiki-site"
QUARTZ_MARK = ".vidwiki-quartz"


@dataclass(slots=True)
class ExportResult:
    out: Path
    pages: int
    media: int
    search_docs: int = 0

    def to_json(self) -> dict[str, object]:
        return {"out": str(self.out), "pages": self.pages, "media": self.media, "search_docs": self.search_docs}


def export_site(wiki: Path, out: Path, progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Every page of the reader as static HTML, with its search index, assets and media files."""
    data = load(wiki)
    reader = Reader(data, static=True)
    routes = reader.routes()
    with _swap_in(out, SITE_MARK) as tmp:
        for i, (path, render) in enumerate(sorted(routes.items()), 1):
            _write(tmp / path, render())
            if progress:
                progress(i, len(routes))
        package = files("vidwiki.render") / "static"
        for name in STATIC_FILES:
            _write_bytes(tmp / urls.static_path(name), (package / name).read_bytes())
        docs = list(search_docs(data, reader.md))
        _write(tmp / urls.static_path("search-index.js"), client_index_js(docs))
        media = _copy_media(data, tmp)
    return ExportResult(out, len(routes), media, len(docs))


def export_quartz(wiki: Path, out: Path) -> ExportResult:
    """The pages' markdown as a Quartz ``content/`` folder (TubeGraph's layout) plus the channel list.

    What differs from the vault, and why, is in ``quartz.py``."""
    data = load(wiki)
    pages = quartz_pages(data)
    with _swap_in(out, QUARTZ_MARK) as tmp:
        for path, markdown in pages.items():
            _write(tmp / _safe_vault_path(path), markdown)
    return ExportResult(out, len(pages), 0)


def _safe_vault_path(path: str) -> Path:
    parts = path.split("/")
    if not parts or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise VidwikiError(f"store page path {path!r} is not a safe relative path")
    return Path(*parts)


def _copy_media(data: WikiData, tmp: Path) -> int:
    copied = 0
    for video in data.videos.values():
        target = urls.media_path(video)
        if target and video.media_path and Path(video.media_path).is_file():
            dest = tmp / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(video.media_path, dest)
            copied += 1
    return copied


class _swap_in:  # noqa: N801 (used as a context manager)
    """Build into a temp folder beside ``out``; on success, replace ``out`` with it."""

    def __init__(self, out: Path, mark: str) -> None:
        self.out, self.mark = out, mark

    def __enter__(self) -> Path:
        out = self.out
        if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / self.mark).is_file())):
            raise VidwikiError(f"{out}: exists and is not an earlier vidwiki export; choose an empty or new folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        (self.tmp / self.mark).write_text("written by vidwiki export; replaced as a whole on the next export\n")
        return self.tmp

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        self.tmp.chmod(0o755)
        old = None
        if self.out.exists():
            old = self.out.with_name(f".{self.out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            self.out.rename(old)
        self.tmp.rename(self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _write(path: Path, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
