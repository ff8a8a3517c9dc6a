"""Property tests (hypothesis): the targets live in ``targets.py``, shared with ``benchmarks/fuzz.py``."""
