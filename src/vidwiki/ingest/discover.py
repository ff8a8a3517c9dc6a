"""Walk a folder, group caption files per video, pick the best track, and report what was skipped.

How a file finds its video id, most trusted first:

1. its name: yt-dlp's ``Title [ID].en.vtt``, or a name that *is* the id (``3RPDD6Wmicg.json``,
   ``ID.user.en.vtt``);
2. a yt-dlp sidecar beside it: the one whose name it extends (``Title [ID].info.json``), else the
   only sidecar in that folder;
3. its content (a ``video_id`` column, a ``video_link`` URL);
4. otherwise it is reported as a ``Problem``; an id is never guessed.

ASR or human: the file name decides (``.auto.``, ``.user.``, ``whisper``…); when it says
nothing, the sidecar's ``automatic_captions``/``subtitles`` lists do if they disagree about the
track's language; otherwise the format's own metadata stands (rolling VTT, ``acAsrConf``).

Several files for one id, even in different folders (``3blue1brown/`` and
``3blue1brown-whisper/``), make one ``VideoSource``. The most precise human track wins:
sentence timings > SRT/VTT/json3/XML > other transcript JSON > ASR (YouTube auto, Whisper); ties
go to inline word timings, then to the denser track (shorter cues, so more precise times).
The others become ``alternatives``. ``word_timings.json`` becomes ``VideoSource.words`` rather
than a track when anything else exists.

``meta.duration`` is ``max(sidecar duration, end of the chosen track's last cue)``: yt-dlp
rounds durations to whole seconds and reconstructed sidecars may be short, and a duration that
ends before the last caption would make that caption's timestamp look past the end of the video.
Without a sidecar it is the last cue's end (or the player's total for scrapes, if larger).

One bad file never stops the others: every ``InputError`` becomes one ``Problem``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest.base import Parsed
from vidwiki.ingest.detect import CAPTION_EXTENSIONS, MEDIA_EXTENSIONS, parse_any
from vidwiki.ingest.names import (
    auto_from_name,
    id_from_name,
    is_sidecar,
    sidecar_prefix,
    title_from_name,
)
from vidwiki.ingest.sidecar import Sidecar, read_sidecar
from vidwiki.records import CaptionTrack, Problem, VideoMeta, VideoSource, Word

IGNORED_NAMES = frozenset({"index.json", "package.json", "package-lock.json", "tsconfig.json"})
IGNORED_SUFFIXES = (".live_chat.json", ".comments.json")
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})

# how precise a human track of each format is; ASR tracks always rank below human ones
FORMAT_RANK = {
    "sentence-timings": 6,
    "srt": 5,
    "vtt": 5,
    "vtt-rolling": 5,
    "sbv": 5,
    "json3": 5,
    "timedtext-xml": 5,
    "player-csv": 4,
    "word-timings": 4,
    "transcript-api-json": 4,
    "speaker-json": 4,
    "panel-text": 3,
    "whisper-json": 2,
    "assemblyai-json": 2,
}


@dataclass(slots=True)
class _Found:
    path: Path
    parsed: Parsed


def discover(root: Path | str) -> tuple[list[VideoSource], list[Problem]]:
    """All videos under ``root`` (a folder, walked recursively, or one caption file).

    Returns the videos sorted by ``(upload_date or "", video_id)`` and the skipped files.
    """
    root = Path(root)
    if not root.exists() and not root.is_symlink():
        raise InputError(root, "no such file or folder")
    single = not root.is_dir()  # a dangling link, a loop or a FIFO is a (bad) file, reported as one
    files = [root] if single else _walk(root)
    problems: list[Problem] = []

    sidecar_paths = [p for p in files if is_sidecar(p)]
    if single:  # a lone caption file still takes its id and metadata from sidecars beside it
        sidecar_paths = sorted(p for p in root.parent.iterdir() if is_sidecar(p) and p.is_file())
    metas: dict[Path, Sidecar] = {}
    for path in sidecar_paths:
        try:
            metas[path] = read_sidecar(path)
        except InputError as exc:
            if not single or path == root:
                problems.append(Problem(path, exc.message, exc.line, id_from_name(path)))
    by_dir: dict[Path, list[tuple[str, VideoMeta]]] = defaultdict(list)
    for path, car in metas.items():
        by_dir[path.parent].append((sidecar_prefix(path), car.meta))

    if single and not _is_caption_candidate(root) and not problems:
        reason = "a yt-dlp sidecar, not captions: build its folder or its caption file" if is_sidecar(
            root) else "not a caption file"
        problems.append(Problem(root, reason))
    groups: dict[str, list[_Found]] = defaultdict(list)
    for path in files:
        if not _is_caption_candidate(path):
            continue
        try:
            parsed = parse_any(path)
        except InputError as exc:
            owner = _id_by_name(path, by_dir.get(path.parent, []))
            problems.append(Problem(path, exc.message, exc.line, owner))
            continue
        video_id = _video_id(path, parsed, by_dir.get(path.parent, []))
        if video_id is None:
            problems.append(Problem(path, _no_id_reason(by_dir.get(path.parent, []))))
            continue
        groups[video_id].append(_Found(path, parsed))

    metas_by_id: dict[str, list[tuple[Path, Sidecar]]] = defaultdict(list)
    for path, car in metas.items():
        metas_by_id[car.meta.video_id].append((path, car))
    videos = [
        _assemble(root, single, vid, found, metas_by_id.get(vid, []))
        for vid, found in groups.items()
    ]
    _attach_media(videos, files if not single else sorted(root.parent.iterdir()), metas)
    if not single:
        for vid, entries in metas_by_id.items():
            if vid not in groups:
                problems.append(Problem(entries[0][0], f"no caption file for video {vid}", None, vid))
    problems.extend(_sidecar_warnings(videos, metas))
    videos.sort(key=lambda v: (v.meta.upload_date or "", v.meta.video_id))
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return videos, problems


def _attach_media(videos: list[VideoSource], files: list[Path], metas: dict[Path, Sidecar]) -> None:
    """A media file beside a video's captions, named by its id (``Title [ID].mp4``, ``ID.mp4``) or
    like its ``.info.json``, is that video's local copy: the reader plays it instead of YouTube."""
    by_id = {v.meta.video_id: v for v in videos}
    prefixes = {(path.parent, sidecar_prefix(path)): car.meta.video_id for path, car in metas.items()}
    for path in files:
        if path.suffix.lower() not in MEDIA_EXTENSIONS or not path.is_file():
            continue
        vid = id_from_name(path) or prefixes.get((path.parent, path.name[: -len(path.suffix)]))
        src = by_id.get(vid) if vid else None
        if src is not None and src.meta.media_path is None:
            src.meta.media_path = str(path.resolve())


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        out.extend(Path(dirpath, f) for f in sorted(filenames) if not f.startswith("."))
    return out


def _is_caption_candidate(path: Path) -> bool:
    name = path.name.lower()
    if is_sidecar(path) or name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES):
        return False
    return path.suffix.lower() in CAPTION_EXTENSIONS


def _video_id(path: Path, parsed: Parsed, sidecars: list[tuple[str, VideoMeta]]) -> str | None:
    return _id_by_name(path, sidecars) or parsed.video_id


def _id_by_name(path: Path, sidecars: list[tuple[str, VideoMeta]]) -> str | None:
    """The video id a file's name gives, or the sidecars beside it (steps 1 and 2 above)."""
    named = id_from_name(path)
    if named:
        return named
    for prefix, meta in sidecars:
        if path.name.startswith(prefix + "."):
            return meta.video_id
    ids = {meta.video_id for _, meta in sidecars}
    if len(ids) == 1:
        return ids.pop()
    return None


# A sidecar whose duration falls this far short of its captions describes another cut of the video
# (or another video); yt-dlp's whole-second rounding and reconstructed sidecars stay well inside.
SHORT_DURATION_SLACK = 30.0


def _sidecar_warnings(videos: list[VideoSource], metas: dict[Path, Sidecar]) -> list[Problem]:
    """A sidecar field that was ignored, or a duration the video's captions run well past.

    Only for videos that are built: a sidecar without captions already has its one line.
    """
    out: list[Problem] = []
    built = {v.meta.video_id: v for v in videos}
    for path, car in metas.items():
        src, said = built.get(car.meta.video_id), car.meta.duration
        if src is None:
            continue
        out.extend(Problem(path, warning, None, src.meta.video_id) for warning in car.warnings)
        if not said or not src.track.cues:
            continue
        last = src.track.cues[-1].end
        if last > said + max(SHORT_DURATION_SLACK, 0.1 * said):
            out.append(Problem(path, f"captions run to {last:.0f} s, past its duration of {said:g} s; "
                                     "the captions' end is used", None, src.meta.video_id))
    return out


def _no_id_reason(sidecars: list[tuple[str, VideoMeta]]) -> str:
    if sidecars:
        return "no video id: several .info.json beside it and its name matches none"
    return "no video id: name it 'Title [VIDEOID].ext' or put its .info.json beside it"


def _score(track: CaptionTrack) -> tuple[int, int, int, float]:
    span = track.cues[-1].end - track.cues[0].start if track.cues else 0.0
    density = len(track.cues) / max(span, 1.0)
    has_words = any(c.words for c in track.cues)
    return (0 if track.auto else 1, FORMAT_RANK.get(track.fmt, 1), int(has_words), density)


def rank_tracks(tracks: list[CaptionTrack]) -> list[CaptionTrack]:
    """Best first: human before ASR, then format precision, inline words, cue density."""
    return sorted(tracks, key=lambda t: (tuple(-x for x in _score(t)), str(t.path)))


def _assemble(
    root: Path,
    single: bool,
    video_id: str,
    found: list[_Found],
    sidecars: list[tuple[Path, Sidecar]],
) -> VideoSource:
    tracks = [t for f in found for t in (f.parsed.track, *f.parsed.extra)]
    for track in tracks:
        _label_from_sidecar(
            track, [car for path, car in sidecars if path.parent == track.path.parent]
        )
    word_tracks = [t for t in tracks if t.fmt == "word-timings"]
    others = [t for t in tracks if t.fmt != "word-timings"]
    ranked = rank_tracks(others or word_tracks)
    best, alternatives = ranked[0], ranked[1:]
    if word_tracks and others:
        words: list[Word] | None = _words(rank_tracks(word_tracks)[0])
    else:
        words = _words(best)

    meta = _meta(video_id, best, found, [(path, car.meta) for path, car in sidecars])
    files = sorted({f.path for f in found} | {p for p, _ in sidecars})
    folder = best.path.parent if single else _first_level(root, best.path)
    return VideoSource(meta, best, files, words, alternatives, folder)


def _label_from_sidecar(track: CaptionTrack, sidecars: list[Sidecar]) -> None:
    """A name that says nothing (``Title [ID].en.vtt``) defers to the sidecar's caption lists."""
    if auto_from_name(track.path) is not None or track.fmt == "player-csv":
        return
    for car in sidecars:
        says = car.says_auto(track.language)
        if says is not None:
            track.auto = says
            return


def _words(track: CaptionTrack) -> list[Word] | None:
    words = [w for c in track.cues for w in (c.words or [])]
    return words or None


def _first_level(root: Path, path: Path) -> Path:
    """The subfolder of ``root`` holding ``path`` (``root`` itself for files directly in it)."""
    parts = path.relative_to(root).parts
    return root / parts[0] if len(parts) > 1 else root


def _meta(
    video_id: str,
    best: CaptionTrack,
    found: list[_Found],
    sidecars: list[tuple[Path, VideoMeta]],
) -> VideoMeta:
    """Sidecar fields (the one beside the chosen track first), then what the files say."""
    ordered = sorted(sidecars, key=lambda s: (s[0].parent != best.path.parent, str(s[0])))
    meta = replace(ordered[0][1], chapters=list(ordered[0][1].chapters)) if ordered else None
    meta = meta or VideoMeta(video_id=video_id)
    for _, other in ordered[1:]:
        for name in (
            "title",
            "channel",
            "channel_handle",
            "duration",
            "upload_date",
            "language",
            "webpage_url",
        ):
            if getattr(meta, name) is None:
                setattr(meta, name, getattr(other, name))
        meta.chapters = meta.chapters or list(other.chapters)
    hints = sorted(found, key=lambda f: f.path != best.path)
    if meta.title is None:
        meta.title = next((f.parsed.title for f in hints if f.parsed.title), None) or next(
            (t for f in hints if (t := title_from_name(f.path))), None
        )
    if not meta.chapters:
        meta.chapters = next((list(f.parsed.chapters) for f in hints if f.parsed.chapters), [])
    meta.language = meta.language or best.language
    last_end = max((c.end for c in best.cues), default=0.0)
    hinted = max((f.parsed.duration or 0.0 for f in found), default=0.0)
    meta.duration = round(max(meta.duration or hinted, last_end), 3) or None
    if meta.chapters and meta.chapters[-1].end is None and meta.duration:
        last = meta.chapters[-1]
        meta.chapters[-1] = replace(last, end=max(meta.duration, last.start))
    return meta
