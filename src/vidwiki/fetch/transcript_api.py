"""Fallback captions through youtube-transcript-api, when yt-dlp lists none or cannot get them.

YouTube sometimes answers yt-dlp's caption URLs with 403 (they want a PO token) or lists no
tracks to its client while the web player still has them; youtube-transcript-api asks a
different client. It is an optional extra (``vidwiki[transcript-api]``): without it the
fallback is simply not tried. The result is written in the library's own JSON shape
(``[{"text", "start", "duration"}]``), which ``ingest/transcript_api.py`` reads, named
``Title [ID].<lang>.json`` for human captions and ``Title [ID].auto.<lang>.json`` for YouTube's
automatic ones, so the ASR label survives on disk.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from vidwiki.fetch.files import write_json
from vidwiki.fetch.retry import TransientError


def available() -> bool:
    try:
        import youtube_transcript_api  # noqa: F401
    except ImportError:
        return False
    return True


def _session():
    """The HTTP session the library uses (tests swap only its transport)."""
    import requests

    return requests.Session()


def fetch(video_id: str, lang: str, stem: Path, timeout: float) -> Path | None:
    """Write ``stem.<lang>.json`` (or ``stem.auto.<lang>.json``); ``None`` when YouTube has no
    ``lang`` captions for this video; ``TransientError`` for network trouble worth a retry."""
    import requests
    from youtube_transcript_api import (
        IpBlocked,
        NoTranscriptFound,
        TranscriptsDisabled,
        VideoUnavailable,
        YouTubeRequestFailed,
        YouTubeTranscriptApi,
    )

    session = _session()
    session.request = _with_timeout(session.request, timeout)  # the library sets none
    api = YouTubeTranscriptApi(http_client=session)
    try:
        transcript = api.list(video_id).find_transcript([lang])
        fetched = transcript.fetch()
    except (NoTranscriptFound, TranscriptsDisabled, VideoUnavailable):
        return None
    except YouTubeRequestFailed as exc:
        response = getattr(exc.__context__, "response", None)
        status = getattr(response, "status_code", 500)
        if status < 500 and status != 429:  # 403/404: this client gets nothing; not worth a retry
            return None
        raise TransientError(f"youtube-transcript-api: HTTP {status}") from None
    except (IpBlocked, requests.RequestException) as exc:
        raise TransientError(f"youtube-transcript-api: {str(exc).strip().splitlines()[0]}") from None
    except ElementTree.ParseError:
        raise TransientError("youtube-transcript-api: the captions are not XML") from None
    except Exception as exc:  # unparsable pages, blocked requests: the fallback has failed
        if type(exc).__module__.startswith("youtube_transcript_api") or isinstance(exc, ValueError):
            return None
        raise
    snippets = fetched.to_raw_data()
    if not snippets:
        return None
    path = stem.with_name(f"{stem.name}.{'auto.' if transcript.is_generated else ''}{lang}.json")
    write_json(path, snippets)
    return path


def _with_timeout(request, timeout: float):
    def call(method, url, **kwargs):
        kwargs.setdefault("timeout", timeout)
        return request(method, url, **kwargs)

    return call
