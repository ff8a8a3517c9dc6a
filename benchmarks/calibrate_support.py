"""Calibrate the support threshold on the hand-labelled pairs and print its figures.

Scores every pair of ``benchmarks/calibration/support_pairs.jsonl`` (a sentence written by hand
and a span of a 3Blue1Brown transcript in ``../shared/corpus``) exactly as ``vidwiki eval``
scores a cited sentence, then prints the threshold with the best accuracy, its accuracy,
precision and recall, and the score distribution of each class and kind of pair.
``vidwiki.quality.calibration.SUPPORT_THRESHOLD`` quotes this output.

Run: ``.venv/bin/python benchmarks/calibrate_support.py [corpus/3blue1brown]``.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from vidwiki.embeddings import Embedder
from vidwiki.quality.calibration import SUPPORT_THRESHOLD, best_threshold, load_pairs, score_pairs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "3blue1brown"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not corpus.is_dir():
        sys.exit(f"{corpus}: corpus folder not found")
    pairs = load_pairs()
    scores = score_pairs(pairs, corpus, Embedder.load().embed)
    labels = [p.supported for p in pairs]
    best = best_threshold(scores, labels)
    groups: dict[str, list[float]] = defaultdict(list)
    for pair, score in zip(pairs, scores, strict=True):
        groups[f"{'supported' if pair.supported else 'unsupported'}/{pair.note}"].append(score)
    current = sum((s >= SUPPORT_THRESHOLD) == y for s, y in zip(scores, labels, strict=True)) / len(pairs)
    print(f"pairs: {len(pairs)} ({sum(labels)} supported, {len(pairs) - sum(labels)} not), "
          f"videos: {len({p.folder for p in pairs})}")
    for name, values in sorted(groups.items()):
        print(f"  {name:<26} n={len(values):<3} mean={statistics.mean(values):.3f} "
              f"min={min(values):.3f} max={max(values):.3f}")
    print("best threshold: " + json.dumps(best))
    print(f"committed SUPPORT_THRESHOLD={SUPPORT_THRESHOLD}: accuracy {current:.4f}")


if __name__ == "__main__":
    main()
