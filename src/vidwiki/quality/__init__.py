"""The judge: ``vidwiki eval`` and the quality summary at the end of a build.

One job per module: ``vault`` reads pages, ``transcripts`` finds the videos' sentences,
``vectors`` embeds (with a cache in the store), ``scoring`` is the arithmetic, ``structure`` the
transcript-free metrics, ``tally`` the counts and ratios, ``evaluate`` runs it all,
``calibration`` holds the support threshold, ``sampling`` which videos a time-boxed evaluation
scores and its estimates, ``summary`` the build's sampled estimate and ``display`` the tables. Metric definitions: ``docs/quality.md``.
"""

from .evaluate import EvalReport, evaluate

__all__ = ["EvalReport", "evaluate"]
