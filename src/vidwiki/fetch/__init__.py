"""Getting sources onto disk: YouTube URLs and media files become files under ``<wiki>/sources/``.

Fetching is separate from processing: ``resolve_inputs`` turns what the user named (URLs,
media files, caption folders) into local folders, and the build reads only those files.
"""

from vidwiki.fetch.resolve import Resolved, resolve_inputs
from vidwiki.fetch.youtube import FetchError, FetchOptions

__all__ = ["FetchError", "FetchOptions", "Resolved", "resolve_inputs"]
