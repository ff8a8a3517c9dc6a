"""How close is the wiki built from raw Whisper captions to the one from the human captions?

Builds ``3blue1brown-whisper/`` and the same 43 videos of ``3blue1brown/`` and prints, per video
and overall: topic counts, how many human topic boundaries have a Whisper boundary within 30 s,
how many topic titles are shared, and the share of the human articles' words that the Whisper
articles also use. Run: ``.venv/bin/python benchmarks/compare_whisper.py``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

from vidwiki.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WORD = re.compile(r"[a-z0-9']+")


def topics(wiki: Path) -> dict[str, list[tuple[float, str]]]:
    db = sqlite3.connect(wiki / "vidwiki.db")
    rows = db.execute(
        "SELECT vt.video_id, s.start, lower(vt.title) FROM video_topics vt JOIN sentences s"
        " ON s.video_id = vt.video_id AND s.idx = vt.first_idx ORDER BY vt.video_id, vt.position"
    )
    out: dict[str, list[tuple[float, str]]] = {}
    for vid, start, title in rows:
        out.setdefault(vid, []).append((start, title))
    return out


def words(wiki: Path) -> dict[str, Counter[str]]:
    db = sqlite3.connect(wiki / "vidwiki.db")
    out: dict[str, Counter[str]] = {}
    for vid, md in db.execute("SELECT video_id, markdown FROM pages WHERE kind = 'article'"):
        text = re.sub(r"<a class=\"yt-timestamp\"[^>]*>[^<]*</a>", "", md.split("\n---\n", 1)[-1])
        out.setdefault(vid, Counter()).update(WORD.findall(text.lower()))
    return out


def main() -> None:
    whisper_root = CORPUS / "3blue1brown-whisper"
    if not whisper_root.is_dir():
        sys.exit("../shared/corpus is not present")
    index = json.loads((CORPUS / "index.json").read_text())["videos"]
    ids = {v["youtube_id"] for v in index if v["folder"].startswith("3blue1brown-whisper/")}
    human_folders = [CORPUS / v["folder"] for v in index
                     if v["folder"].startswith("3blue1brown/") and v["youtube_id"] in ids]
    with tempfile.TemporaryDirectory() as tmp:
        hw, ww = Path(tmp) / "human", Path(tmp) / "whisper"
        build(human_folders, hw)
        build([whisper_root], ww)
        ht, wt = topics(hw), topics(ww)
        hwords, wwords = words(hw), words(ww)
    near = total = same_title = titles = 0
    overlap = []
    for vid in sorted(set(ht) & set(wt)):
        h_starts = [s for s, _ in ht[vid][1:]]
        w_starts = [s for s, _ in wt[vid][1:]]
        total += len(h_starts)
        near += sum(1 for s in h_starts if any(abs(s - w) <= 30 for w in w_starts))
        titles += len(ht[vid])
        same_title += len({t for _, t in ht[vid]} & {t for _, t in wt[vid]})
        h, w = hwords.get(vid, Counter()), wwords.get(vid, Counter())
        overlap.append(sum((h & w).values()) / max(1, sum(h.values())))
    n = len(set(ht) & set(wt))
    print(f"videos compared            {n}")
    print(f"topics per video           human {sum(len(ht[v]) for v in ht) / len(ht):.2f}, whisper {sum(len(wt[v]) for v in wt) / len(wt):.2f}")
    print(f"boundaries within 30 s     {near}/{total} ({near / max(1, total):.0%})")
    print(f"identical topic titles     {same_title}/{titles} ({same_title / max(1, titles):.0%})")
    print(f"article word overlap       {sum(overlap) / max(1, len(overlap)):.0%} of the human articles' words")


if __name__ == "__main__":
    main()
