"""Reading a caption file into text, refusing binaries and empties with one clear line.

Caption files come in UTF-8 (with or without BOM), sometimes UTF-16 from Windows tools (with or
without its BOM), rarely UTF-32 or cp1252. Everything else (videos, images, archives dropped in the
same folder) is reported as binary instead of being parsed into garbage, and a NUL byte anywhere
in a text file means it is corrupted. Only regular files are opened: a FIFO would block the build
forever and ``/dev/zero`` never ends, and a symlink loop or a dangling link is named as such.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
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


def check_regular(path: Path) -> int:
    """The size of ``path`` if it is a regular file (through symlinks); else one clear ``InputError``."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "cannot read file: symlink loop") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(path, "cannot read file: no such file (a dangling symlink)") from None
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "cannot read file: a folder, not a caption file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "cannot read file: not a regular file (a pipe, socket or device)")
    return st.st_size


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _decode(path: Path, data: bytes) -> str:
    head = data[:8192]
    if head.startswith(_MAGIC) or head[4:8] == b"ftyp":
        raise InputError(path, "binary file, not a caption file")
    if data.startswith(_UTF32_BOMS):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif _utf16_without_bom(head):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    else:
        return _decode_bytes(path, data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(path, "binary file, not a caption file") from None


def _utf16_without_bom(head: bytes) -> bool:
    """ASCII-range text in UTF-16: every other byte NUL, the others printable."""
    if len(head) < 16:
        return False
    for zeros, chars in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) >= len(zeros) * 0.9 and all(c >= 9 for c in chars[:64]):
            return True
    return False


def read_text(path: Path) -> str:
    """The decoded text of ``path``; ``InputError`` if unreadable, empty or binary."""
    if check_regular(path) > MAX_BYTES:
        raise InputError(path, f"too large for a caption file (over {MAX_BYTES >> 20} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    text = _decode(path, data).lstrip("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(path, "NUL byte in the text: a corrupted or binary file", line)
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def _decode_bytes(path: Path, data: bytes) -> str:
    """UTF-8 (BOM or not), else cp1252 for text that is not binary."""
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(path, "binary file, not a caption file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        controls = sum(1 for b in head if b < 9 or 13 < b < 32)
        if controls > len(head) // 100:
            raise InputError(path, "binary file, not a caption file") from None
        return data.decode("cp1252", errors="replace")


def load_json(path: Path, text: str) -> object:
    """Parse JSON text; a syntax error names its line. Lone surrogates become U+FFFD."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise InputError(path, "malformed JSON: nested too deeply") from None
    return _without_surrogates(data) if _SURROGATE_ESCAPE.search(text) else data


# JSON may escape half a UTF-16 pair ("\ud800"); Python then holds a string that no UTF-8 file or
# SQLite row can store, and the build would fail far from the file that caused it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(data: object) -> object:
    """``data`` with every lone surrogate in its strings (keys too) replaced by U+FFFD, in place.

    Iterative, since the JSON may be nested as deeply as the parser allows.
    """

    def clean(value: object) -> object:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value)
        if isinstance(value, list | dict):
            stack.append(value)
        return value

    stack: list[list[object] | dict[object, object]] = []
    top = clean(data)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            item[:] = [clean(v) for v in item]
        else:
            fixed = {clean(k): clean(v) for k, v in item.items()}
            item.clear()
            item.update(fixed)
    return top
