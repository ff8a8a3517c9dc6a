"""The format registry: which parser reads a file, from its extension and its content.

Content wins over a misleading extension where it is unambiguous (a ``.srt`` that starts with
``WEBVTT``); otherwise the extension picks the parser and, for unknown extensions, each format's
``sniff`` is tried in order. JSON is one container for seven shapes, told apart by their keys.
To add a format: write a module with ``sniff``/``parse`` (or ``matches``/``parse`` for a JSON
shape) and list it here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vidwiki.errors import InputError
from vidwiki.ingest import (
    assemblyai,
    json3,
    panel,
    player_csv,
    sbv,
    speaker_json,
    srt,
    timedtext,
    timings,
    transcript_api,
    vtt,
    whisper,
)
from vidwiki.ingest.base import Format, Parsed
from vidwiki.ingest.textio import load_json, read_text

JsonShape = tuple[str, Callable[[object], bool], Callable[[Path, object], Parsed]]

# order matters: the first shape whose ``matches`` accepts the data parses it
JSON_SHAPES: list[JsonShape] = [
    ("sentence/word timings", timings.matches, timings.parse),  # type: ignore[list-item]
    ("youtube-transcript-api", transcript_api.matches, transcript_api.parse),  # type: ignore[list-item]
    ("speaker paragraphs", speaker_json.matches, speaker_json.parse),
    ("json3", json3.matches, json3.parse),  # type: ignore[list-item]
    ("diarised utterances", assemblyai.matches, assemblyai.parse),  # type: ignore[list-item]
    ("whisper segments", whisper.matches, whisper.parse),
]


def _describe(data: object) -> str:
    if data is None:
        return "JSON null"
    if isinstance(data, dict):
        keys = ", ".join(list(map(str, data))[:6])
        return f"a JSON object with keys {keys}" if keys else "an empty JSON object"
    if isinstance(data, list):
        return "an empty JSON list" if not data else f"a JSON list of {type(data[0]).__name__}"
    return f"a JSON {type(data).__name__}"


def parse_json(path: Path, text: str) -> Parsed:
    data = load_json(path, text)
    if data in ([], {}):
        raise InputError(path, f"no cues: {_describe(data)}")
    for _name, matches, parse in JSON_SHAPES:
        if matches(data):
            return parse(path, data)
    raise InputError(path, f"not a caption format: {_describe(data)}")


def _json_sniff(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


FORMATS: list[Format] = [
    Format("vtt", (".vtt", ".webvtt"), vtt.sniff, vtt.parse),
    Format("srt", (".srt",), srt.sniff, srt.parse),
    Format("sbv", (".sbv",), sbv.sniff, sbv.parse),
    Format("json", (".json", ".json3"), _json_sniff, parse_json),
    Format(
        "timedtext-xml",
        (".xml", ".srv1", ".srv3", ".ttml", ".dfxp"),
        timedtext.sniff,
        timedtext.parse,
    ),
    Format("player-csv", (".csv",), player_csv.sniff, player_csv.parse),
    Format("panel-text", (".txt",), panel.sniff, panel.parse),
]
CAPTION_EXTENSIONS = frozenset(ext for f in FORMATS for ext in f.extensions)
# Audio and video files: a local copy of a video beside its captions, or input for speech recognition.
MEDIA_EXTENSIONS = frozenset({".mp4", ".webm", ".mkv", ".mov", ".m4v", ".mp3", ".m4a", ".ogg", ".opus",
                              ".wav", ".flac", ".aac"})


def detect(path: Path, text: str) -> Format:
    """The format of ``path``: an unambiguous content signature, else extension, else sniffing."""
    by_name = {f.name: f for f in FORMATS}
    if vtt.sniff(text):
        return by_name["vtt"]
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.extensions:
            if fmt.name == "panel-text" and not fmt.sniff(text) and srt.sniff(text):
                return by_name["srt"]  # an SRT saved as .txt
            return fmt
    for fmt in FORMATS:
        if fmt.sniff(text):
            return fmt
    raise InputError(path, "not a recognised caption format")


# Errors a parser may raise on data of an unexpected shape; anything else is a bug.
_SHAPE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


def parse_any(path: Path) -> Parsed:
    """Parse one caption file into its track plus what it says about the video."""
    text = read_text(path)
    fmt = detect(path, text)
    if fmt.name == "panel-text" and not fmt.sniff(text):
        raise InputError(path, "not a caption file: no timestamp lines")
    try:
        return fmt.parse(path, text)
    except InputError:
        raise
    except RecursionError:
        raise InputError(path, f"malformed {fmt.name} file: nested too deeply") from None
    except _SHAPE_ERRORS as exc:
        raise InputError(path, f"malformed {fmt.name} file: {exc}") from None
