"""The wiki's ``sources/`` folder: where fetched files land, and what is already there.

A video counts as fetched when its ``Title [ID].info.json`` exists: the fetcher writes it last,
after the captions, and by rename, so a run killed half-way leaves either a complete video or
one that the next run fetches again (stray ``.part`` files are removed then).
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

from vidwiki.ingest.names import SIDECAR_SUFFIX, id_from_name, is_sidecar
from vidwiki.store.db import wiki_lock

SOURCES = "sources"


def sources_dir(wiki: Path) -> Path:
    return wiki / SOURCES


def fetched(sources: Path) -> dict[str, Path]:
    """Video id -> its ``.info.json`` for every video already under ``sources``."""
    found: dict[str, Path] = {}
    if not sources.is_dir():
        return found
    for path in sorted(sources.rglob(f"*{SIDECAR_SUFFIX}")):
        vid = id_from_name(path)
        if vid and is_sidecar(path) and not any(p.startswith(".") for p in path.parts[-2:]):
            found.setdefault(vid, path)
    return found


def write_json(path: Path, data: object) -> None:
    """Write JSON by temp file + rename: readers see the old file or the whole new one."""
    write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode())


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644 & ~_umask())  # mkstemp makes 0600; sources are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_partials(folder: Path) -> None:
    """Drop what an interrupted run left: yt-dlp ``.part`` files and our ``.tmp-`` files."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.endswith((".part", ".ytdl")) or path.name.startswith(".tmp-"):
            path.unlink(missing_ok=True)


def fetch_lock(wiki: Path) -> AbstractContextManager[None]:
    """One fetch per wiki at a time: two would write the same ``sources/`` files at once."""
    return wiki_lock(wiki, ".vidwiki-fetch.lock", "another vidwiki build is fetching into this wiki")
