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
    """Plain text for a markdown paragraph: no HTML, no links, no emphasis, no code."""
    text = _AMP.sub("&amp;", text)
    text = text.translate(_INLINE)
    text = re.sub(r"(?<![\w\\])_|_(?![\w])", r"\\_", text)
    text = text.replace("$", "\\$").replace("~~", "\\~\\~").replace("==", "\\=\\=").replace("%%", "\\%\\%")
    text = text.replace("^", "\\^")
    return text


def escape_line_start(text: str) -> str:
    """Prevent a paragraph from starting as a heading, list, quote or numbered list."""
    if re.match(r"^(#|>|[-+]\s|\d+[.)]\s)", text):
        return "\\" + text
    return text


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
            lines.extend(f"  - {json.dumps(str(v), ensure_ascii=False)}" for v in value)
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int | float):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def link_label(label: str) -> str:
    """Text that is safe inside ``[[slug | label]]``."""
    label = label.replace("|", "/").replace("[", "(").replace("]", ")")
    return _AMP.sub("&amp;", label).replace("<", "&lt;").replace(">", "&gt;")
