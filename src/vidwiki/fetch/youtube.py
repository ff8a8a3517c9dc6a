"""Channels, playlists and videos from YouTube with yt-dlp's Python API, written as files.

What lands in ``<wiki>/sources/<channel>/`` is what ``yt-dlp --skip-download --write-subs
--write-auto-subs --write-info-json`` would write (``Title [ID].en.vtt``, ``Title [ID].info.json``),
so the rest of vidwiki reads a fetched channel exactly like a folder a user downloaded by hand.

- Listing: one flat request (``extract_flat``) for a channel's ``/videos`` tab or a playlist;
  ``select.choose`` applies ``--top/--by/--min-duration`` to it.
- Captions: human captions in the asked language win over YouTube's automatic ones; among
  automatic ones the original-language track (``en-orig``) wins over a translated ``en``.
  yt-dlp picks and downloads the track itself (``subtitleslangs``); we only name the language.
- The ``.info.json`` is written last, by rename, with the bulky fields (formats, thumbnails,
  signed caption URLs) trimmed: its presence means "this video is complete", so a run that
  stopped half-way is continued by the next one and finished videos are not fetched again.
- Network errors are retried with backoff (``retry.Backoff``); when they persist the run stops
  with one line naming the URL, keeping everything fetched so far. A video that cannot be
  fetched for a reason of its own (private, no captions) is skipped with a note instead, so one
  bad video never blocks a channel.
- When yt-dlp lists no captions in the language, or YouTube refuses its caption URL (403), the
  optional youtube-transcript-api is asked instead (``transcript_api.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vidwiki.errors import InputError, VidwikiError
from vidwiki.fetch.files import fetched, remove_partials, write_json
from vidwiki.fetch.retry import Backoff, TransientError, with_retries
from vidwiki.fetch.select import Order, choose, entries_from_listing
from vidwiki.ingest.detect import parse_any
from vidwiki.ingest.names import id_from_url
from vidwiki.pages import slugify

Progress = Callable[[str, int, int], None]

_CHANNEL_ROOT = re.compile(
    r"^(https?://(?:www\.|m\.)?youtube\.com/(?:@[^/?#]+|channel/[^/?#]+|c/[^/?#]+|user/[^/?#]+))/?(?:[?#].*)?$"
)
_YOUTUBE = re.compile(r"^https?://(?:[\w-]+\.)?(?:youtube\.com|youtube-nocookie\.com|youtu\.be)/", re.I)
# info.json fields that are large, expire, or say nothing about the video's content
_DROP = ("formats", "requested_formats", "thumbnails", "heatmap", "requested_downloads",
         "http_headers", "storyboards", "_format_sort_fields", "url", "manifest_url", "fragments")
SUB_FORMATS = "vtt/srt/json3/best"


class FetchError(VidwikiError):
    """The network kept failing; what was fetched before stays on disk."""


class UrlError(VidwikiError):
    """A URL that is not YouTube's, or that YouTube answers with nothing usable (404, private).

    Not an ``InputError``: that one holds a ``Path``, which would fold ``https://`` to ``https:/``.
    """


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to pick and fetch videos from a URL (``vidwiki build URL --top … --by … --lang …``)."""

    top: int | None = None
    by: Order = "date"
    min_duration: float = 0.0
    lang: str = "en"
    backoff: Backoff = field(default_factory=Backoff)
    timeout: float = 20.0


@dataclass(slots=True)
class FetchReport:
    """What one URL gave: the folders holding its videos, counts, and per-video notes."""

    folders: list[Path] = field(default_factory=list)
    listed: int = 0
    chosen: int = 0
    fetched: int = 0
    already: int = 0
    notes: list[str] = field(default_factory=list)
    notify: Callable[[str], None] | None = None  # told about each retry as it happens


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def is_youtube_url(text: str) -> bool:
    return bool(_YOUTUBE.match(text))


def fetch_url(url: str, sources: Path, options: FetchOptions, progress: Progress | None = None,
              notify: Callable[[str], None] | None = None) -> FetchReport:
    """Fetch the captions and metadata of a channel, playlist or video URL into ``sources``."""
    if not is_youtube_url(url):
        raise UrlError(f"{url}: not a YouTube URL (channel, playlist or video)")
    progress = progress or (lambda *_: None)
    report = FetchReport(notify=notify)
    have = fetched(sources)
    video_id = id_from_url(url)
    if video_id and "/playlist" not in url:
        report.listed = report.chosen = 1
        if video_id in have:
            report.already = 1
        else:
            try:
                raw = _retrying(url, options, lambda: _extract(url, options, flat=False), report)
            except _Skip as exc:
                raise UrlError(f"{url}: {exc}") from None
            folder = sources / _folder_name(raw)
            _fetch_video(raw, folder, options, report)
            have = fetched(sources)
        if video_id in have:
            report.folders.append(have[video_id].parent)
        return report

    listing_url = _listing_url(url)
    try:
        listing = _retrying(url, options, lambda: _extract(listing_url, options, flat=True), report)
    except _Skip as exc:
        raise UrlError(f"{url}: {exc}") from None
    entries = entries_from_listing(listing)
    chosen = choose(entries, options.top, options.by, options.min_duration)
    report.listed, report.chosen = len(entries), len(chosen)
    folder = sources / _folder_name(listing)
    remove_partials(folder)
    for n, entry in enumerate(chosen, 1):
        progress("fetch", n - 1, len(chosen))
        if entry.video_id in have:
            report.already += 1
            continue
        watch = f"https://www.youtube.com/watch?v={entry.video_id}"
        try:
            raw = _retrying(watch, options, lambda w=watch: _extract(w, options, flat=False), report, folder)
        except _Skip as exc:
            report.notes.append(f"{watch}: {exc}")
            continue
        _fetch_video(raw, folder, options, report)
    progress("fetch", len(chosen), len(chosen))
    have = fetched(sources)
    report.folders = sorted({have[e.video_id].parent for e in chosen if e.video_id in have})
    return report


def _listing_url(url: str) -> str:
    """A channel's root URL lists its tabs, not its videos: ask for the ``/videos`` tab."""
    m = _CHANNEL_ROOT.match(url)
    return f"{m.group(1)}/videos" if m else url


def _folder_name(info: dict) -> str:
    """``sources/<channel>``: the handle (``@3blue1brown`` → ``3blue1brown``), else a slug."""
    for key in ("uploader_id", "channel", "uploader", "channel_id", "id"):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            return slugify(value.strip().removeprefix("@"))
    return "youtube"


class _Skip(Exception):
    """This one video cannot be fetched (private, removed, no captions): skip it, go on."""


class _Log:
    """yt-dlp's messages go nowhere; vidwiki reports in its own words."""

    def debug(self, msg: str) -> None:
        pass

    info = warning = debug

    def error(self, msg: str) -> None:
        pass


def _ydl(options: FetchOptions, **params: object):
    from yt_dlp import YoutubeDL

    base: dict[str, object] = {
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "logger": _Log(),
        "socket_timeout": options.timeout,
        "retries": 0,  # retries happen here, with visible backoff, not inside yt-dlp
        "extractor_retries": 0,
        "fragment_retries": 0,
        "skip_download": True,
        "ignore_no_formats_error": True,
        "noplaylist": True,
        "color": "no_color",
    }
    base.update(params)
    return YoutubeDL(base)


def _extract(url: str, options: FetchOptions, flat: bool) -> dict:
    """The extractor's answer for ``url``: a flat listing, or a video's unprocessed info dict."""
    with _ydl(options, extract_flat="in_playlist" if flat else False) as ydl:
        try:
            info = ydl.extract_info(url, download=False, process=flat)
        except Exception as exc:  # yt-dlp raises DownloadError/ExtractorError for everything
            raise _classify(exc) from exc
    if not isinstance(info, dict):
        raise _Skip("yt-dlp returned nothing for this URL")
    return info


def _classify(exc: BaseException) -> Exception:
    """Transient (retry) or a per-video skip, with a short reason."""
    from yt_dlp.networking.exceptions import HTTPError, TransportError

    chain = _chain(exc)
    reason = _reason(exc)
    if any(isinstance(e, TimeoutError) for e in chain) or re.search(r"timed? ?out", reason, re.I):
        return TransientError("no answer: timed out")
    for err in chain:
        if isinstance(err, HTTPError):
            if err.status >= 500 or err.status == 429:
                return TransientError(f"HTTP {err.status} {err.reason or ''}".strip())
            return _Skip(f"HTTP {err.status} {err.reason or ''}".strip())
        if isinstance(err, TransportError | TimeoutError | ConnectionError):
            return TransientError(reason)
        if isinstance(err, json.JSONDecodeError | UnicodeDecodeError):
            return TransientError("the server answered with something that is not JSON")
    if re.search(r"timed? ?out|HTTP Error 5\d\d|Connection (?:refused|reset)|Failed to parse JSON|"
                 r"Unable to download (?:JSON|webpage|API)", reason, re.I):
        return TransientError(reason)
    return _Skip(reason)


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or any(err is seen for seen in out):
            continue
        out.append(err)
        exc_info = getattr(err, "exc_info", None)
        todo.extend([err.__cause__, err.__context__, getattr(err, "cause", None) if isinstance(
            getattr(err, "cause", None), BaseException) else None,
            exc_info[1] if isinstance(exc_info, tuple) and len(exc_info) > 1 else None])
    return out


def _reason(exc: BaseException) -> str:
    """yt-dlp's message without its ``ERROR: [youtube] ID:`` prefix and bug-report footer."""
    text = re.sub(r"(?:ERROR:\s*)|\r|\[download\] Got error:\s*", "", str(exc))
    text = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    text = re.sub(r"^(?:\[[\w:]+\]\s*)?(?:[\w-]{11}:\s*)?", "", text)
    return re.sub(r";\s*please report this issue.*$", "", text).strip() or type(exc).__name__


def _retrying(url: str, options: FetchOptions, action: Callable[[], dict], report: FetchReport,
              folder: Path | None = None) -> dict:
    def on_retry(attempt: int, delay: float, exc: TransientError) -> None:
        if report.notify is not None:
            report.notify(f"{url}: {exc}; retrying in {delay:g} s ({attempt}/{options.backoff.attempts - 1})")

    done = report.fetched
    try:
        return with_retries(action, options.backoff, on_retry)
    except TransientError as exc:
        kept = (f"; {done} video{'s' if done != 1 else ''} fetched by this run kept in {folder}"
                if folder and done else "")
        raise FetchError(f"{url}: network error after {options.backoff.attempts} attempts ({exc}){kept}; "
                         "run the same command again to continue") from None


def pick_language(info: dict, lang: str) -> tuple[str, bool] | None:
    """The caption track to fetch: ``(key, automatic)``; human captions first.

    Human: ``lang`` itself, then its regional variants (``en-US``, ``en-GB``). Automatic: the
    original-language ASR track (``en-orig``), then ``en`` (which may be a machine translation).
    """
    human = [k for k in (info.get("subtitles") or {}) if isinstance(k, str) and k != "live_chat"]
    for key in [lang, *sorted(k for k in human if k.startswith(lang + "-"))]:
        if key in human:
            return key, False
    auto = info.get("automatic_captions") or {}
    for key in (f"{lang}-orig", lang):
        if key in auto:
            return key, True
    return None


def _fetch_video(raw: dict, folder: Path, options: FetchOptions, report: FetchReport) -> None:
    """Captions then the trimmed ``.info.json`` of one video into ``folder``."""
    vid = raw.get("id")
    watch = f"https://www.youtube.com/watch?v={vid}"
    folder.mkdir(parents=True, exist_ok=True)
    template = str(folder / "%(title).180B [%(id)s].%(ext)s")
    choice = pick_language(raw, options.lang)
    got, reason = None, f"no {options.lang} captions (human or automatic)"
    if choice is not None:
        key, auto = choice
        try:
            got = _retrying(watch, options,
                            lambda: _download_captions(raw, template, key, auto, options, folder), report, folder)
        except _Skip as exc:
            reason = str(exc)
    if got is None:  # no captions in the language, or YouTube refused them: the transcript API
        got = _fallback(raw, template, options, watch, report, folder)
        if got is None:
            report.notes.append(f"{watch}: {reason}; skipped")
            return
    write_json(Path(got["infojson"]), trim_info(got["info"]))
    report.fetched += 1


def _download_captions(raw: dict, template: str, key: str, auto: bool, options: FetchOptions,
                       folder: Path) -> dict:
    """One attempt: yt-dlp writes the chosen caption track, which must parse; its info for the sidecar."""
    params = {"outtmpl": {"default": template}, "writesubtitles": not auto,
              "writeautomaticsub": auto, "subtitleslangs": [key], "subtitlesformat": SUB_FORMATS}
    with _ydl(options, **params) as ydl:
        try:
            info = ydl.process_ie_result(dict(raw), download=True)
        except Exception as exc:
            remove_partials(folder)
            raise _classify(exc) from exc
        sub = (info.get("requested_subtitles") or {}).get(key) or {}
        path = Path(sub["filepath"]) if sub.get("filepath") else None
        if path is None or not path.is_file():
            raise _Skip(f"yt-dlp wrote no {key} caption file")
        try:
            parse_any(path)
        except InputError as exc:
            path.unlink(missing_ok=True)
            raise TransientError(f"the {key} captions are not a caption file ({exc.message})") from None
        return {"info": ydl.sanitize_info(info), "infojson": ydl.prepare_filename(info, "infojson")}


def _fallback(raw: dict, template: str, options: FetchOptions, watch: str, report: FetchReport,
              folder: Path) -> dict | None:
    """youtube-transcript-api's captions when yt-dlp had none (``None`` if it has none either)."""
    from vidwiki.fetch import transcript_api

    if not transcript_api.available():
        return None
    with _ydl(options, outtmpl={"default": template}) as ydl:
        info = ydl.process_ie_result(dict(raw), download=False)
        infojson = ydl.prepare_filename(info, "infojson")
        clean = ydl.sanitize_info(info)
    stem = Path(infojson[: -len(".info.json")])

    def fetch() -> dict:
        path = transcript_api.fetch(str(raw.get("id")), options.lang, stem, options.timeout)
        return {"path": path}

    if _retrying(watch, options, fetch, report, folder)["path"] is None:
        return None
    return {"info": clean, "infojson": infojson}


def trim_info(info: dict) -> dict:
    """The ``.info.json`` without what is large or expires; caption lists keep their languages
    (the sidecar reader labels ASR vs human tracks by them) but lose their signed URLs."""
    out = {k: v for k, v in info.items() if k not in _DROP}
    for key in ("subtitles", "automatic_captions", "requested_subtitles"):
        value = info.get(key)
        if isinstance(value, dict):
            out[key] = {lang: _trim_tracks(tracks) for lang, tracks in value.items()}
    return out


def _trim_tracks(tracks: object) -> object:
    if isinstance(tracks, list):
        return [{k: t[k] for k in ("ext", "name") if k in t} for t in tracks if isinstance(t, dict)]
    if isinstance(tracks, dict):
        return {k: tracks[k] for k in ("ext", "name") if k in tracks}
    return tracks
