"""What a build reads: the input folders, their files and hashes, and how videos group into channels.

The pipeline reads only local files: URLs and media files are turned into folders beforehand by
``vidwiki.fetch.resolve_inputs``. The folders a build read are recorded in the store, so
``vidwiki update`` of a wiki built from folders can read them again (``existing_inputs``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, VidwikiError
from ..ingest import CAPTION_EXTENSIONS
from ..ingest.detect import MEDIA_EXTENSIONS
from ..ingest.discover import SKIPPED_DIRS
from ..pages import slugify
from ..records import Problem, VideoSource
from ..store import Store

# every file discovery may read: caption formats, yt-dlp sidecars (.info.json), local media copies
INPUT_SUFFIXES = frozenset(CAPTION_EXTENSIONS | MEDIA_EXTENSIONS | {".json"})
INPUTS_META = "inputs"


def existing_inputs(specs: list[str], wiki: Path) -> list[Path]:
    """Local folders or files for the inputs a wiki was built from, in the order given.

    ``wiki`` is where fetched inputs would land (``wiki/sources``). A recorded folder that is
    gone is an error rather than "every video removed": the user moved it, and would lose
    nothing by pointing ``vidwiki build`` at its new place.
    """
    paths: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if not path.exists():
            raise InputError(path, "recorded input no longer exists (build again with its new location)")
        paths.append(path)
    return paths


def input_spec(path: Path) -> str:
    """How an input is recorded in the store: an absolute path, so `update` works from anywhere."""
    return resolved(path)


def recorded_inputs(store: Store) -> list[str]:
    """The inputs of the wiki's last complete build."""
    raw = store.get_meta(INPUTS_META)
    if not raw:
        raise VidwikiError(f"{store.path.parent}: no build recorded here (run `vidwiki build INPUT --out WIKI` first)")
    return list(json.loads(raw))


@lru_cache(maxsize=65536)
def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # a symlink loop ("Symlink loop from ..." on Python 3.11)
        return os.path.abspath(path)


def resolved(path: Path | str) -> str:
    """The absolute, symlink-free path input files are keyed by (memoised: each costs syscalls)."""
    return _resolved(str(path))


def input_files(inputs: list[Path]) -> list[Path]:
    """Every regular file under the inputs that discovery may read (hidden files and folders
    skipped), walked as discovery walks: symlinked folders are not followed, so a link to a parent
    cannot loop. What is not a regular file (a dangling link, a FIFO) is left to discovery to report."""
    files: list[Path] = []
    for root in inputs:
        if root.is_file():
            files.append(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
            for name in sorted(filenames):
                path = Path(dirpath, name)
                if not name.startswith(".") and path.suffix.lower() in INPUT_SUFFIXES and path.is_file():
                    files.append(path)
    return sorted(files)


def file_hashes(store: Store, files: list[Path]) -> dict[str, str]:
    """sha256 of every input file, re-reading only files whose size or mtime changed. A file that
    cannot be read has no hash: discovery reports it, in one line, like any other bad file."""
    known = store.source_signatures()
    rows = []
    hashes: dict[str, str] = {}
    for path in files:
        key = resolved(path)
        try:
            st = path.stat()
            old = known.get(key)
            if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                digest = old[2]
            else:
                with path.open("rb") as fh:  # streamed: a linked media file may be gigabytes
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            continue
        hashes[key] = digest
        rows.append((key, st.st_size, st.st_mtime_ns, digest))
    if {r[0]: r[1:] for r in rows} != known:
        store.save_sources(rows)
    return hashes


ANOTHER_TRANSCRIPT = "; another transcript of this video was used"


def split_notes(problems: list[Problem], sources: list[VideoSource]) -> tuple[list[Problem], list[Problem]]:
    """A bad file of a video that was built anyway lost nothing: that is a note, not a problem.

    Which video a bad file belongs to comes from its name or its sidecar (``Problem.video_id``),
    never from the folder it sits in: in a flat folder of a hundred videos, a broken file beside
    them is still a video that was not built. A bad caption file's note says another transcript was
    used; a sidecar's note says what of it was ignored.
    """
    built = {src.meta.video_id for src in sources}
    problems_, notes = [], []
    for p in problems:
        if p.video_id is None or p.video_id not in built:
            problems_.append(p)
        elif p.path.name.lower().endswith(".info.json") or p.message.endswith(ANOTHER_TRANSCRIPT):
            notes.append(p)
        else:
            notes.append(replace(p, message=p.message + ANOTHER_TRANSCRIPT))
    return problems_, notes


def meta_part(src: VideoSource) -> dict:
    """The metadata a video's sentences and pages depend on (part of its content hash)."""
    m = src.meta
    return {"id": m.video_id, "title": m.title, "channel": m.channel, "handle": m.channel_handle,
            "duration": m.duration, "date": m.upload_date}


def order_videos(sources: list[VideoSource]) -> list[VideoSource]:
    """Publication order (then id): the order pages, slugs and hub entries are made in."""
    return sorted(sources, key=lambda s: (s.meta.upload_date or "", s.meta.video_id))


def dedupe_videos(sources: list[VideoSource]) -> list[VideoSource]:
    """One video once, even when two input folders hold it (the first one found wins)."""
    seen: dict[str, VideoSource] = {}
    for src in sources:
        seen.setdefault(src.meta.video_id, src)
    return order_videos(list(seen.values()))


def channels(sources: list[VideoSource]) -> dict[str, tuple[str, list[VideoSource]]]:
    """Channel slug -> (display title, videos): by handle, else channel name, else folder name."""
    out: dict[str, tuple[str, list[VideoSource]]] = {}
    for src in sources:
        m = src.meta
        folder = src.folder.name if src.folder else "channel"
        basis = m.channel_handle or m.channel or folder
        slug = slugify(basis)
        title = m.channel or m.channel_handle or folder
        if slug not in out:
            out[slug] = (title, [])
        out[slug][1].append(src)
    return dict(sorted(out.items()))


def video_title(src: VideoSource) -> str:
    return (src.meta.title or "").strip() or f"Video {src.meta.video_id}"
