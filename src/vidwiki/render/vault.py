"""Render the vault from the store: one markdown file per page, written atomically.

Only files whose bytes change are written (a no-op build leaves every file untouched), each
through a temp file and a rename (a crash never leaves half a page), and only files this
renderer wrote before are ever deleted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..store import PageRow


@dataclass(slots=True)
class RenderStats:
    written: int = 0
    unchanged: int = 0
    deleted: int = 0


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_vault(vault: Path, pages: list[PageRow], previously: dict[str, str]) -> tuple[RenderStats, dict[str, str]]:
    """Bring ``vault`` in line with ``pages``; returns stats and the new {path: sha256} map."""
    _remove_stale_temps(vault, {p.path for p in pages} | set(previously))
    stats = RenderStats()
    now: dict[str, str] = {}
    for page in pages:
        target = vault / page.path
        data = page.markdown.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        now[page.path] = digest
        if previously.get(page.path) == digest and target.is_file() and _file_sha(target) == digest:
            stats.unchanged += 1
            continue
        atomic_write(target, data)
        stats.written += 1
    for old in sorted(set(previously) - set(now)):
        target = vault / old
        if target.is_file() and _file_sha(target) == previously[old]:
            target.unlink()
            stats.deleted += 1
            _remove_empty_dirs(target.parent, vault)
    return stats, now


def _remove_stale_temps(vault: Path, paths: set[str]) -> None:
    """Delete the temp files ``atomic_write`` left beside these pages when a build was killed
    mid-write (``.<page file name>.<random>.tmp``): the page itself is whole, old or new, but the
    temp file would stay in the vault, and in every export of it, for good."""
    names: dict[Path, set[str]] = {}
    for path in paths:
        names.setdefault((vault / path).parent, set()).add(Path(path).name)
    for folder, owned in names.items():
        if not folder.is_dir():
            continue
        for tmp in folder.glob(".*.tmp"):
            page, _, _ = tmp.name[1:-len(".tmp")].rpartition(".")
            if page in owned and tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()


def vault_matches(vault: Path, rendered: dict[str, str]) -> bool:
    """True when every file the last build wrote is still there, byte for byte."""
    return all((vault / p).is_file() and _file_sha(vault / p) == h for p, h in rendered.items())


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _remove_empty_dirs(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
