"""web stage: ``vidwiki serve``, a read-only HTTP reader over a wiki's store."""
