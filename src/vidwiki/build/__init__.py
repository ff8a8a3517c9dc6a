"""How a build runs, stage by stage, behind ``vidwiki.pipeline``: which inputs and files it
reads (``inputs``, ``sources``), the cached per-video stages (``stages``), page composition
(``compose``), renamed pages' old slugs (``aliases``), and content hashes (``hashing``)."""
