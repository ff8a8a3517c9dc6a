"""Reading a caption file into text, refusing binaries and empties with one clear line.

Caption files come in UTF-8 (with or without BOM), sometimes UTF-16 from Windows tools, rarely
cp1252. Everything else (videos, images, archives dropped in the same folder) is reported as
binary instead of being parsed into garbage.
"""

from __future__ import annotations

import json
from pathlib import Path

from vidwiki.errors import InputError

MAX_BYTES = 256 << 20  # the longest livestream's captions are a few MB
_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"GIF8",
    b"\xff\xd8\xff",
    b"RIFF",
    b"ID3",
)


def read_text(path: Path) -> str:
    """The decoded text of ``path``; ``InputError`` if unreadable, empty or binary."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(path, f"too large for a caption file (over {MAX_BYTES >> 20} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "binary file, not a caption file") from None
    else:
        head = data[:8192]
        if b"\x00" in head or head.startswith(_MAGIC) or head[4:8] == b"ftyp":
            raise InputError(path, "binary file, not a caption file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            controls = sum(1 for b in head if b < 9 or 13 < b < 32)
            if controls > len(head) // 100:
                raise InputError(path, "binary file, not a caption file") from None
            text = data.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def load_json(path: Path, text: str) -> object:
    """Parse JSON text; a syntax error names its line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise InputError(path, "malformed JSON: nested too deeply") from None
