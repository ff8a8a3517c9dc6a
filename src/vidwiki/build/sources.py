"""Discovery that skips parsing folders whose files did not change.

Parsing every caption file of a 150-video channel takes seconds, and an update needs the cues
of new or changed videos only: every other video's sentences come from the stage cache. So
each folder holding caption files is discovered on its own and its outcome (videos without
their cues, skipped files) is cached under the hashes of its files. A video taken from this
cache is *light*: metadata, chosen track's name and format, files, but no cues; ``load_full``
parses its folder again when its cues are needed after all (a stage version changed).

The result is the same as ``discover(root)`` or it is ``discover(root)``: when folders nest,
or one video's files, sidecar or media file are spread over two folders, per-folder discovery would group
them differently, so the whole root is discovered at once, uncached.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..ingest import discover
from ..ingest.detect import MEDIA_EXTENSIONS
from ..ingest.discover import SKIPPED_DIRS
from ..ingest.names import id_from_name
from ..records import CaptionTrack, Chapter, Problem, VideoMeta, VideoSource
from ..store import Store
from .hashing import content_hash
from .inputs import INPUT_SUFFIXES, resolved

DISCOVER_VERSION = "3"
NO_CAPTION = "no caption file for video "


@dataclass(slots=True)
class Discovered:
    """Videos and skipped files under the inputs; ``light`` maps a cue-less video to its folder."""

    sources: list[VideoSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    light: dict[str, Path] = field(default_factory=dict)


def discover_inputs(inputs: list[Path], hashes: dict[str, str], store: Store) -> Discovered:
    out = Discovered()
    for root in inputs:
        found = _discover_root(Path(root), hashes, store)
        out.sources.extend(found.sources)
        out.problems.extend(found.problems)
        out.light.update(found.light)
    return out


def load_full(src: VideoSource, folder: Path) -> VideoSource:
    """The same video with its cues, parsed again from its folder."""
    videos, _ = discover(folder)
    full = next(v for v in videos if v.meta.video_id == src.meta.video_id)
    full.folder = src.folder
    return full


def _discover_root(root: Path, hashes: dict[str, str], store: Store) -> Discovered:
    if not root.is_dir():  # one file, or a dangling link, a loop, a FIFO: discover reports those
        videos, problems = discover(root)
        return Discovered(videos, problems)
    folders = _folders(root)
    if _nested(folders):
        return Discovered(*discover(root))
    out = Discovered()
    ids_in: dict[Path, set[str]] = {}
    for folder, files in sorted(folders.items()):
        key = content_hash(DISCOVER_VERSION, str(root), str(folder), [[f.name, _signature(f, hashes)] for f in files])
        cached = store.cached("discover", key)
        if cached is not None:
            for data in cached["videos"]:
                src = light_from_json(data)
                out.sources.append(src)
                out.light[src.meta.video_id] = folder
                ids_in.setdefault(folder, set()).add(src.meta.video_id)
            out.problems.extend(Problem(Path(p), m, n, v) for p, m, n, v in cached["problems"])
            continue
        videos, problems = discover(folder)
        for src in videos:
            src.folder = _first_level(root, src.track.path)
            ids_in.setdefault(folder, set()).add(src.meta.video_id)
        store.put_cache("discover", key, {"videos": [light_to_json(v) for v in videos],
                                          "problems": [[str(p.path), p.message, p.line, p.video_id]
                                                       for p in problems]})
        out.sources.extend(videos)
        out.problems.extend(problems)
    ids = [s.meta.video_id for s in out.sources]
    orphan_sidecar = any(p.message.startswith(NO_CAPTION) and p.message[len(NO_CAPTION):] in ids
                         for p in out.problems)
    stray_media = any(vid in ids and vid not in ids_in.get(folder, set())
                      for folder, files in folders.items() for f in files
                      if f.suffix.lower() in MEDIA_EXTENSIONS and (vid := id_from_name(f)))
    if len(ids) != len(set(ids)) or orphan_sidecar or stray_media:
        return Discovered(*discover(root))
    out.sources.sort(key=lambda v: (v.meta.upload_date or "", v.meta.video_id))
    out.problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return out


def _folders(root: Path) -> dict[Path, list[Path]]:
    """Folders under ``root`` holding files discovery may read, with those files (as discover walks)."""
    out: dict[Path, list[Path]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        files = [Path(dirpath, f) for f in sorted(filenames)
                 if not f.startswith(".") and Path(f).suffix.lower() in INPUT_SUFFIXES]
        if files:
            out[Path(dirpath)] = files
    return out


def _nested(folders: dict[Path, list[Path]]) -> bool:
    return any(parent in folders for folder in folders for parent in folder.parents)


def _signature(path: Path, hashes: dict[str, str]) -> str:
    """The file's hash, else its size and mtime; a file that cannot be stat'ed (a dangling link, a
    symlink loop) is keyed by its link, so the folder is discovered again when that changes."""
    if (digest := hashes.get(resolved(path))) is not None:
        return digest
    try:
        st = path.stat()
    except OSError:
        try:
            st = path.lstat()
        except OSError:
            return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_mode}"


def _first_level(root: Path, path: Path) -> Path:
    parts = path.relative_to(root).parts
    return root / parts[0] if len(parts) > 1 else root


def light_to_json(src: VideoSource) -> dict:
    """A video without its cues: what pages and content hashes need to know about it."""
    t = src.track
    return {
        "meta": asdict(src.meta),
        "track": {"path": str(t.path), "fmt": t.fmt, "auto": t.auto, "sentences": t.sentences, "language": t.language},
        "files": [str(f) for f in src.files],
        "folder": str(src.folder) if src.folder else None,
    }


def light_from_json(data: dict) -> VideoSource:
    meta = dict(data["meta"])
    meta["chapters"] = [Chapter(**c) for c in meta.get("chapters", [])]
    t = data["track"]
    track = CaptionTrack(Path(t["path"]), t["fmt"], [], t["auto"], t["sentences"], t["language"])
    folder = Path(data["folder"]) if data.get("folder") else None
    return VideoSource(VideoMeta(**meta), track, [Path(f) for f in data["files"]], folder=folder)
