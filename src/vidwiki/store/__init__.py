"""store stage: the SQLite source of truth."""

from .db import DB_NAME, PageRow, Store, build_lock

__all__ = ["DB_NAME", "PageRow", "Store", "build_lock"]
