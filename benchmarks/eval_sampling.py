"""How good are a time-boxed ``vidwiki eval``'s estimates? Simulated on a fully evaluated wiki.

A cold ``vidwiki eval`` scores a random sample of videos when its embedding budget runs out and
estimates the overall model-based figures from it (``vidwiki/quality/sampling.py``). This script
takes a wiki whose every vector is cached (run ``vidwiki eval WIKI --full`` once), computes the
exact figures, then draws many random samples of N videos and compares each sample's estimate
and 95 % interval with the exact figure: typical and worst errors, mean interval half-width, and
how often the interval holds the exact figure. It also shows the plain ratio estimator (no
model-free proxy) for comparison. Nothing is embedded; it runs in seconds.

Run: ``.venv/bin/python benchmarks/eval_sampling.py WIKI [N ...]`` (default N: 20 40 80).
"""

from __future__ import annotations

import copy
import importlib
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from vidwiki.quality.sampling import MODEL_METRICS, sample_estimates
from vidwiki.quality.tally import ratios

evaluate_module = importlib.import_module("vidwiki.quality.evaluate")
DRAWS = 400


def main(wiki: Path, sizes: list[int]) -> None:
    report = evaluate_module.evaluate(wiki, budget=None)
    if report.embedded:
        print(f"note: {report.embedded} texts were not cached and had to be embedded first")
    pages = [p for p in evaluate_module.read_vault(evaluate_module.find_vault(wiki))
             if p.kind == "article" and p.video_id]
    store = evaluate_module.wiki_store(wiki)
    source = evaluate_module.store_transcripts(store)
    prose = {p.rel: evaluate_module.prose_sentences(p.page) for p in pages}
    by_video: dict[str, list] = defaultdict(list)
    for p in pages:
        by_video[p.video_id].append(p)
    found = {vid for vid in by_video if source.get(vid) is not None}
    proxies = {vid: evaluate_module._identity_counts(members, prose, source.get(vid))
               for vid, members in by_video.items()}
    store.close()
    no_proxy = {}
    for vid, counted in proxies.items():
        blank = copy.copy(counted)
        for num, _ in MODEL_METRICS.values():
            setattr(blank, num, 0)
        no_proxy[vid] = blank
    exact = ratios(report.overall)
    videos = sorted(by_video)
    print(f"{wiki}: {len(videos)} videos, {report.overall.claims} cited sentences, "
          f"{report.overall.transcript_sentences} substantive transcript sentences; {DRAWS} draws per size")
    for n in sizes:
        rng = random.Random(n)
        errors, halves, held = defaultdict(list), defaultdict(list), defaultdict(int)
        plain_errors, plain_held = defaultdict(list), defaultdict(int)
        for _ in range(DRAWS):
            sample = set(rng.sample(videos, n))
            for label, table, errs, hits in (("proxy", proxies, errors, held), ("plain", no_proxy, plain_errors, plain_held)):
                for metric, (value, half) in sample_estimates(report.videos, table, sample, found).items():
                    errs[metric].append(abs(value - exact[metric]))
                    hits[metric] += half is not None and abs(value - exact[metric]) <= half + 1e-9
                    if label == "proxy":
                        halves[metric].append(half or 0.0)
        print(f"\nsample of {n} videos ({n / len(videos):.0%})")
        print(f"  {'metric':16} {'exact':>7} {'|err| p50':>9} {'p95':>7} {'max':>7} {'± mean':>7} {'holds':>6}"
              f"   plain: {'p95':>7} {'holds':>6}")
        for metric in MODEL_METRICS:
            e, pe = np.array(errors[metric]), np.array(plain_errors[metric])
            print(f"  {metric:16} {exact[metric]:7.4f} {np.percentile(e, 50):9.4f} {np.percentile(e, 95):7.4f} "
                  f"{e.max():7.4f} {np.mean(halves[metric]):7.4f} {held[metric] / DRAWS:6.1%}"
                  f"   plain: {np.percentile(pe, 95):7.4f} {plain_held[metric] / DRAWS:6.1%}")


if __name__ == "__main__":
    if len(sys.argv) < 2 or not (Path(sys.argv[1]) / "vidwiki.db").is_file():
        sys.exit("usage: eval_sampling.py WIKI [N ...]  (a wiki evaluated once with vidwiki eval --full)")
    main(Path(sys.argv[1]), [int(a) for a in sys.argv[2:]] or [20, 40, 80])
