"""Audio and video files → a transcript, a sidecar and a link to the media under ``sources/media/``.

For ``talk.mp4`` with content hash H, the folder gets::

    talk [ID].info.json          id, title "talk", duration, media sha256 (the sidecar)
    talk [ID].en.whisper.json    Whisper segment JSON with word timestamps (ASR)
    talk [ID].mp4 -> /abs/talk.mp4   a symlink: the reader plays the local file (never a copy)

``ID`` is 11 characters of H (base64url), so it has the shape of a YouTube id and every name
rule of ``ingest`` applies unchanged; the same bytes always get the same id, whatever the file
is called. A transcript already there for that id is reused: re-running a build never
transcribes the same media twice. Hashes are remembered by (path, size, mtime) in
``.hashes.json`` so a multi-gigabyte file is read once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.fetch.files import write_bytes, write_json
from vidwiki.ingest.names import is_video_id

MEDIA_FOLDER = "media"
HASHES = ".hashes.json"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class MediaResult:
    video_id: str
    transcript: Path
    transcribed: bool  # False when an earlier run's transcript was reused


def media_id(digest: str) -> str:
    """11 characters of the content hash, shaped like a YouTube id (never all lowercase)."""
    text = base64.urlsafe_b64encode(bytes.fromhex(digest)).decode().rstrip("=")
    for k in range(len(text) - 10):
        if is_video_id(text[k : k + 11]):
            return text[k : k + 11]
    return "M" + text[:10]  # unreachable for a real sha256, kept total


def file_sha256(path: Path, cache_dir: Path) -> str:
    """sha256 of ``path``, remembered by absolute path, size and mtime."""
    cache_file = cache_dir / HASHES
    try:
        cache = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        cache = {}
    st = path.stat()
    key = str(path.resolve())
    hit = cache.get(key)
    if isinstance(hit, list) and hit[:2] == [st.st_size, st.st_mtime_ns]:
        return str(hit[2])
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    cache[key] = [st.st_size, st.st_mtime_ns, digest]
    write_bytes(cache_file, json.dumps(cache, indent=1).encode())
    return digest


def safe_title(path: Path) -> str:
    """The file's stem as a title and file-name stem: no brackets (ids live there), bounded."""
    title = path.stem.replace("[", "(").replace("]", ")").strip() or "media"
    return title[:150]


def add_media(path: Path, sources: Path, progress: Progress | None = None) -> MediaResult:
    """Transcribe ``path`` into ``sources/media/`` unless its transcript is already there."""
    from vidwiki.fetch.asr import transcribe

    if not path.is_file():
        raise InputError(path, "no such file")
    folder = sources / MEDIA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    digest = file_sha256(path, folder)
    vid = media_id(digest)
    title = safe_title(path)
    existing = sorted(folder.glob(f"*[[]{vid}[]].en.whisper.json"))
    if existing:
        stem = existing[0].name[: -len(".en.whisper.json")]
        _link(path, folder / f"{stem}{path.suffix.lower()}")
        return MediaResult(vid, existing[0], transcribed=False)
    stem = f"{title} [{vid}]"
    result = transcribe(path, progress)
    transcript = folder / f"{stem}.en.whisper.json"
    write_json(transcript, result)
    _link(path, folder / f"{stem}{path.suffix.lower()}")
    write_json(folder / f"{stem}.info.json", {
        "id": vid,
        "title": title,
        "duration": result["duration"],
        "language": "en",
        "extractor": "vidwiki:media",
        "webpage_url": path.resolve().as_uri(),
        "media_sha256": digest,
        "media_path": str(path.resolve()),
        "automatic_captions": {"en": [{"ext": "json", "name": "Whisper tiny.en"}]},
        "subtitles": {},
    })
    return MediaResult(vid, transcript, transcribed=True)


def _link(target: Path, link: Path) -> None:
    """Point ``link`` at the media (absolute), replacing a stale link; never copy the bytes."""
    target = target.resolve()
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    tmp = link.with_name(f".tmp-{link.name}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)
