"""store stage: the SQLite source of truth."""

from .db import DB_NAME, PageRow, Store, build_lock, full_disk_as_error, is_full_disk

__all__ = ["DB_NAME", "PageRow", "Store", "build_lock", "full_disk_as_error", "is_full_disk"]
