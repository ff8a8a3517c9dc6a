"""What the user named → local folders the build reads: the one place inputs are resolved.

``vidwiki build`` calls ``resolve_inputs`` before ``pipeline.build``; ``vidwiki update`` calls it
again with the inputs recorded in the store (``record_inputs``/``recorded_inputs``), so an update
re-lists a channel and fetches what is new.

- a YouTube URL (channel, playlist, video) → fetched into ``<wiki>/sources/<channel>/``;
- an audio/video file → transcribed into ``<wiki>/sources/media/``;
- a caption folder or file → used where it is (not copied).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.fetch.files import sources_dir
from vidwiki.fetch.youtube import FetchOptions, fetch_url, is_url
from vidwiki.ingest.detect import MEDIA_EXTENSIONS

Progress = Callable[[str, int, int], None]
# what the user named (URLs as given); the pipeline records the local folders it read apart
INPUTS_KEY = "requested_inputs"


@dataclass(slots=True)
class Resolved:
    """Folders (and caption files) to build from, plus what fetching and transcription did."""

    paths: list[Path] = field(default_factory=list)
    fetched: int = 0
    already: int = 0
    transcribed: int = 0
    reused_transcripts: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.fetched or self.already:
            parts.append(f"{self.fetched} videos fetched, {self.already} already in sources")
        if self.transcribed or self.reused_transcripts:
            parts.append(f"{self.transcribed} media files transcribed, {self.reused_transcripts} reused")
        return "; ".join(parts)


def classify(text: str) -> str:
    """``url``, ``media`` or ``local`` (a caption folder or file); ``InputError`` if none."""
    if is_url(text):
        return "url"
    path = Path(text)
    if not path.exists() and not path.is_symlink():  # a dangling link is a bad file, reported later
        raise InputError(path, "no such file or folder")
    if path.is_file() and path.suffix.lower() in MEDIA_EXTENSIONS:
        return "media"
    return "local"


def resolve_inputs(inputs: list[str], wiki: Path, options: FetchOptions | None = None,
                   progress: Progress | None = None, notify: Callable[[str], None] | None = None) -> Resolved:
    """Fetch URLs and transcribe media into ``<wiki>/sources/``; return the folders to build."""
    from vidwiki.fetch.media import MEDIA_FOLDER, add_media

    options = options or FetchOptions()
    kinds = [(text, classify(text)) for text in inputs]  # every input checked before any work
    if options.lang != "en" and any(kind == "media" for _, kind in kinds):
        raise InputError(next(t for t, k in kinds if k == "media"),
                         "speech recognition ships an English-only model (Whisper tiny.en): use --lang en")
    sources = sources_dir(wiki)
    out = Resolved()
    media = [Path(t) for t, k in kinds if k == "media"]
    for text, kind in kinds:
        if kind == "url":
            report = fetch_url(text, sources, options, progress, notify)
            out.fetched += report.fetched
            out.already += report.already
            out.notes.extend(report.notes)
            _extend(out.paths, report.folders)
        elif kind == "local":
            _extend(out.paths, [Path(text)])
    for n, path in enumerate(media, 1):
        if progress is not None:
            progress("media", n - 1, len(media))
        result = add_media(path, sources, progress)
        out.transcribed += result.transcribed
        out.reused_transcripts += not result.transcribed
    if media:
        if progress is not None:
            progress("media", len(media), len(media))
        _extend(out.paths, [sources / MEDIA_FOLDER])
    return out


def _extend(paths: list[Path], more: list[Path]) -> None:
    for path in more:
        if all(_absolute(path) != _absolute(p) for p in paths):
            paths.append(path)


def _absolute(path: Path) -> str:
    """The resolved path; for a symlink loop (RuntimeError on Python 3.11) just the absolute one."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def record_inputs(store, inputs: list[str], options: FetchOptions) -> None:
    """Remember what the user named (URLs as given, paths made absolute) and how to fetch it."""
    saved = [text if is_url(text) else _absolute(Path(text)) for text in inputs]
    opts = asdict(options)
    opts.pop("backoff", None)
    store.set_meta(INPUTS_KEY, json.dumps({"inputs": saved, "fetch": opts}))


def recorded_inputs(store) -> tuple[list[str], FetchOptions] | None:
    """What ``record_inputs`` saved, for ``vidwiki update``; ``None`` for a wiki built before."""
    raw = store.get_meta(INPUTS_KEY)
    if not raw:
        return None
    data = json.loads(raw)
    fields = {k: v for k, v in data.get("fetch", {}).items() if k in FetchOptions.__dataclass_fields__}
    return list(data.get("inputs", [])), FetchOptions(**fields)
