"""Content hashes that key cached work: the same inputs always give the same key."""

from __future__ import annotations

import hashlib
import json


def content_hash(*parts: object) -> str:
    """sha256 over the JSON of each part (sorted keys), so equal data hashes equally."""
    h = hashlib.sha256()
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()
