"""Could a lexical pre-pass spare ``vidwiki eval`` most of its embedding? Measured, not guessed.

A cold eval of the 151-video 3Blue1Brown build embeds every transcript sentence and every prose
sentence (~25k texts, ~2.5 minutes on 2 cores). This script takes a wiki that has already been
evaluated once (so every vector is in its store's cache and the model is never run), and asks, per
metric, how many embeddings a pre-pass would save and how many of the exact method's decisions it
would get wrong:

- which items are decided exactly by identity (a verbatim copy has the very same vector);
- how the exact decision depends on the TF-IDF cosine of content words (tables by floor): below
  a floor, how many items the exact method still counts as positive; above a ceiling, how many
  it counts as negative;
- for the undecided middle, how many positives a shortlist of the K lexically closest candidates
  finds, and how many distinct texts that shortlist would have to embed.

Run: ``.venv/bin/vidwiki eval WIKI --json >/dev/null`` once, then
``.venv/bin/python benchmarks/eval_prepass.py WIKI``. Figures and the conclusion are in
docs/quality.md ("Speed").
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from vidwiki.quality.calibration import NEAR_DUPLICATE, SUPPORT_THRESHOLD
from vidwiki.quality.scoring import Windows, best_window, distance_to, position_at, support_at
from vidwiki.quality.transcripts import store_transcripts, wiki_store
from vidwiki.quality.vault import MIN_WORDS, find_vault, prose_sentences, read_vault, words
from vidwiki.quality.vectors import VectorBook

RATE = 190.0  # texts per second, Embedder on this 2-core machine (src/vidwiki/embeddings.py)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’]*")
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just let lets
    like me more most my no nor not now of off on once only or other our ours out over own really
    right same she so some such than that thats the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours okay oh um uh yeah well get got going gonna go one thing things kind
    sort actually s t re ve ll d m""".split()
)


def content_words(text: str) -> list[str]:
    tokens = (t.replace("'", "").replace("’", "") for t in _TOKEN.findall(text.lower()))
    return [t for t in tokens if t and t not in STOPWORDS]


def tfidf(texts: list[str]) -> dict[str, np.ndarray]:
    """Unit TF-IDF rows (sublinear tf, idf over these texts) of one video's texts, by text."""
    bags = {t: Counter(content_words(t)) for t in dict.fromkeys(texts)}
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(bag.keys())
    column = {w: i for i, w in enumerate(df)}
    idf = np.array([math.log((1 + len(bags)) / (1 + df[w])) + 1.0 for w in df], dtype=np.float32)
    rows = {}
    for text, bag in bags.items():
        row = np.zeros(len(column), dtype=np.float32)
        for word, count in bag.items():
            row[column[word]] = (1.0 + math.log(count)) * idf[column[word]]
        rows[text] = row / max(float(np.linalg.norm(row)), 1e-12)
    return rows


def band_table(name: str, exact: np.ndarray, lexical: np.ndarray, threshold: float) -> None:
    positive = exact >= threshold
    print(f"{name}: {len(exact)} items not decided by identity, {positive.sum()} positive by the exact method")
    for floor in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        below = lexical < floor
        print(f"  tfidf < {floor:.1f}: {below.sum():6d} items, {(below & positive).sum():5d} exact-positive"
              f"   | >= {floor:.1f}: {(~below).sum():6d} items, {(~below & ~positive).sum():5d} exact-negative")


def main(wiki: Path) -> None:
    vault = find_vault(wiki)
    store = wiki_store(vault.parent)
    if store is None:
        raise SystemExit(f"{wiki}: not a vidwiki wiki folder (no store)")
    source = store_transcripts(store)

    def refuse(texts: list[str]) -> np.ndarray:
        raise SystemExit(f"{wiki}: {len(texts)} texts not in the embedding cache; run `vidwiki eval {wiki}` first")

    book = VectorBook(store.db, embed=refuse)
    by_video = defaultdict(list)
    for p in read_vault(vault):
        if p.kind == "article" and p.video_id:
            by_video[p.video_id].append(p)

    all_tx, all_prose, middle_need = set(), set(), set()
    cov_exact, cov_lex, rep_exact, rep_lex = [], [], [], []
    counts: Counter[str] = Counter()
    shortlist_found: Counter[int] = Counter()
    shortlist_need: dict[int, set[str]] = defaultdict(set)
    support_rows, local_rows = [], []
    for vid, members in sorted(by_video.items()):
        transcript = source.get(vid)
        if transcript is None:
            continue
        prose = {p.rel: prose_sentences(p.page) for p in members}
        pool = list(dict.fromkeys(s.text for p in members for s in prose[p.rel]))
        tx = [s.text for s in transcript.sentences]
        all_tx.update(tx)
        all_prose.update(pool)
        lex = tfidf(tx + pool)
        pool_set = set(pool)

        # coverage: substantive transcript sentences against the video's prose
        substantive = [t for t in tx if words(t) >= MIN_WORDS]
        opened = [t for t in substantive if t not in pool_set]
        counts["substantive"] += len(substantive)
        counts["copied"] += len(substantive) - len(opened)
        if opened and pool:
            sims = book.vectors(opened) @ book.vectors(pool).T
            lsims = np.stack([lex[t] for t in opened]) @ np.stack([lex[t] for t in pool]).T
            for r, text in enumerate(opened):
                cov_exact.append(sims[r].max())
                cov_lex.append(lsims[r].max())
                if 0.1 <= lsims[r].max() < 0.8:
                    middle_need.add(text)
                    middle_need.update(pool)
                    order = np.argsort(-lsims[r])
                    for k in (5, 20):
                        shortlist_need[k].update([text, *(pool[c] for c in order[:k])])
                        shortlist_found[k] += bool(sims[r].max() >= SUPPORT_THRESHOLD
                                                   and sims[r, order[:k]].max() >= SUPPORT_THRESHOLD)
                    counts["middle"] += 1
                    counts["middle_positive"] += bool(sims[r].max() >= SUPPORT_THRESHOLD)

        # repetition: prose sentences against sibling pages' prose
        if len(members) >= 2:
            for p in members:
                mine = [s.text for s in prose[p.rel]]
                siblings = [s.text for q in members if q is not p for s in prose[q.rel]]
                if not mine or not siblings:
                    continue
                sims = book.vectors(mine) @ book.vectors(siblings).T
                lsims = np.stack([lex[t] for t in mine]) @ np.stack([lex[t] for t in siblings]).T
                for r, text in enumerate(mine):
                    if text in set(siblings):
                        counts["repeated_copies"] += 1
                        continue
                    rep_exact.append(sims[r].max())
                    rep_lex.append(lsims[r].max())

        # support and localization of claims that are not a transcript sentence verbatim
        windows = Windows.build(book.vectors(tx), [s.start for s in transcript.sentences],
                                [s.end for s in transcript.sentences])
        tx_set = set(tx)
        tx_rows = np.stack([lex[t] for t in tx])
        for p in members:
            for s in prose[p.rel]:
                anchors = [a.seconds for a in s.anchors if a.seconds is not None]
                if not anchors:
                    continue
                counts["claims"] += 1
                if s.text in tx_set:
                    counts["claims_verbatim"] += 1
                    continue
                j = position_at(windows.starts, anchors[0])
                claim = book.vectors([s.text])
                alone = float(windows.vectors[0, j] @ claim[0])
                support_rows.append((float(support_at(claim, np.array([j]), windows)[0]), alone))
                start, end, _ = best_window(claim, windows)
                top = int(np.argmax(tx_rows @ lex[s.text]))
                local_rows.append((distance_to(anchors[0], start[0], end[0]),
                                   distance_to(anchors[0], windows.starts[top], windows.ends[top])))

    print(f"texts a cold eval embeds: {len(all_tx | all_prose)} "
          f"({len(all_tx)} transcript sentences, {len(all_prose)} distinct prose sentences, "
          f"{len(all_prose - all_tx)} of them not a transcript sentence)")
    print(f"  at {RATE:.0f} texts/s: {len(all_tx | all_prose) / RATE:.0f} s; "
          f"the prose alone (coverage and repetition compare against all of it): {len(all_prose) / RATE:.0f} s")
    print(f"coverage: {counts['substantive']} substantive transcript sentences, {counts['copied']} copied "
          f"verbatim into prose (covered, no model needed)")
    band_table("coverage", np.array(cov_exact), np.array(cov_lex), SUPPORT_THRESHOLD)
    print(f"  middle band 0.1 <= tfidf < 0.8: {counts['middle']} items, {counts['middle_positive']} positive; "
          f"deciding them exactly embeds {len(middle_need)} texts ({len(middle_need) / RATE:.0f} s)")
    for k in (5, 20):
        missed = counts["middle_positive"] - shortlist_found[k]
        print(f"  shortlist of the {k} lexically closest prose sentences: misses {missed} positives "
              f"({100 * missed / counts['substantive']:.2f} pp of coverage), embeds {len(shortlist_need[k])} texts")
    print(f"repetition: {counts['repeated_copies']} sentences copied on a sibling page (repeated, no model needed)")
    band_table("repetition", np.array(rep_exact), np.array(rep_lex), NEAR_DUPLICATE)
    sup = np.array(support_rows)
    loc = np.array(local_rows)
    print(f"claims: {counts['claims']}, {counts['claims_verbatim']} verbatim transcript sentences "
          f"(support 1 and best window = that sentence, no model needed), {len(sup)} not")
    print(f"  support of the others: exact mean {sup[:, 0].mean():.4f}, cited sentence alone {sup[:, 1].mean():.4f}; "
          f"supported {int((sup[:, 0] >= SUPPORT_THRESHOLD).sum())} vs {int((sup[:, 1] >= SUPPORT_THRESHOLD).sum())}")
    for tol in (10, 20, 60):
        exact, lexical = loc[:, 0] <= tol, loc[:, 1] <= tol
        print(f"  localized within {tol} s: exact {int(exact.sum())}, lexically closest sentence "
              f"{int(lexical.sum())}, disagreements {int((exact != lexical).sum())}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: eval_prepass.py WIKI (a wiki already evaluated once)")
    main(Path(sys.argv[1]))
