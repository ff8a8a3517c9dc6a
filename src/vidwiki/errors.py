"""The errors vidwiki shows to users.

Tree::

    VidwikiError            anything the CLI prints as one line and exits non-zero on
    ├── InputError          a caption/metadata file that cannot be read (names file and line)
    ├── StoreError          the SQLite store is unusable or locked by another build, or the disk is full
    └── BackendError        a writer backend failed (model missing, endpoint down)

Anything that is not a VidwikiError is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class VidwikiError(Exception):
    """Base of every error that is the user's to fix, printed as one line."""


class InputError(VidwikiError):
    """A file that cannot be ingested; carries the path and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class StoreError(VidwikiError):
    """The store cannot be opened, migrated or written; or the wiki's disk is full (store or vault)."""


class BackendError(VidwikiError):
    """A writer backend could not do its job."""
