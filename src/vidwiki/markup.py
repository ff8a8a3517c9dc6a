"""Markdown escaping and front matter: untrusted transcript text stays data.

Transcript and title text is escaped so it can never open an HTML tag, a wikilink, a code span
or emphasis in the vault, and front matter values are JSON-quoted (valid YAML), so a title like
``foo: bar`` or ``"--- "`` cannot break the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

_INLINE = str.maketrans({"<": "&lt;", ">": "&gt;", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "|": "\\|"})
_AMP = re.compile(r"&(?!lt;|gt;|amp;)")


def escape_inline(text: str) -> str:
    """Plain text for a markdown paragraph: no HTML, no links, no emphasis, no code.

    A backslash is escaped first: left alone, ``\\*`` would turn the escape of ``*`` back into
    emphasis, and ``\\!`` would lose its backslash.
    """
    text = _AMP.sub("&amp;", text.replace("\\", "\\\\"))
    text = text.translate(_INLINE)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = text.replace("$", "\\$").replace("~~", "\\~\\~").replace("==", "\\=\\=").replace("%%", "\\%\\%")
    text = text.replace("^", "\\^")
    return text


def escape_line_start(text: str) -> str:
    """Prevent a paragraph from starting as a heading, list, quote, rule or numbered list.

    Only punctuation can be escaped in markdown: ``\\1. x`` would show its backslash, so a
    numbered start escapes its ``.`` or ``)`` (``1\\. x``). A lone ``-`` is an empty list item and
    ``---`` a rule, so any leading ``-`` or ``+`` is escaped.
    """
    if re.match(r"^[#>+-]", text):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text, count=1)


# Characters YAML may not hold raw (DEL, C1 controls, non-characters) or folds as line breaks
# inside a quoted string (NEL, LS, PS); JSON leaves them raw, YAML reads them as ``\uXXXX``. A
# lone surrogate is no character at all (neither YAML nor a UTF-8 file can hold one): U+FFFD.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _quote(value: object) -> str:
    """A string value as YAML reads it back: JSON-quoted, with YAML's few extra escapes."""
    text = json.dumps(_SURROGATE.sub("\ufffd", str(value)), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(values: Mapping[str, object]) -> str:
    """A YAML front matter block; strings are JSON-quoted, which YAML reads as written."""
    lines = ["---"]
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            if not value:
                continue
            lines.append(f"{key}:")
            lines.extend(f"  - {_quote(v)}" for v in value)
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int | float):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_quote(value)}")
    lines.append("---")
    return "\n".join(lines)


def link_label(label: str) -> str:
    """Text that is safe inside ``[[slug | label]]``."""
    label = label.replace("|", "/").replace("[", "(").replace("]", ")")
    return _AMP.sub("&amp;", label).replace("<", "&lt;").replace(">", "&gt;")
