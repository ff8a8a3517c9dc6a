"""How encyclopedic the article prose of a built wiki reads: voice, fillers, length, coverage.

    python benchmarks/bench_voice.py WIKI_DIR [--sample N]

Prose sentences are the cited sentences of article pages' body text (pages with a ``videoId``
in their frontmatter; headings, the "From:" line and the "Related" list are left out). Figures:

* voice: share of prose sentences in the speaker's voice (I, we, you, my, our, your, us, me,
  ... outside quotes); bar <= 10 %;
* fillers: share opening with so / okay / now / well / alright, or containing um, uh, "you know",
  "kind of", "sort of", "I mean"; bar <= 1 %;
* words per sentence (mean); bar 12..22;
* coverage: per video, the share of its transcript sentences cited by some page; the share of
  videos at >= 60 %.

``--sample N`` prints N random prose sentences (seeded) to read.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
from pathlib import Path

ANCHOR = re.compile(r'\s*<a class="yt-timestamp" data-t="[^"]*">\[[^\]]*\]</a>')
LINK = re.compile(r"\[\[[^\]|]*\|\s*([^\]]*)\]\]|\[\[([^\]]*)\]\]")
VOICE = re.compile(
    r"\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves|let's|"
    r"i'm|i've|i'll|i'd|we're|we've|we'll|we'd|you're|you've|you'll|you'd)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
FILLER_OPEN = re.compile(r"^(?:so|okay|ok|now|well|alright|all right)\b", re.IGNORECASE)
FILLER_ANY = re.compile(r"\b(?:um|uh|you know|kind of|sort of|i mean)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def prose_sentences(page: str) -> list[str]:
    """The cited sentences of one article page, anchors and wikilink markup removed."""
    if not page.startswith("---"):
        return []
    _, front, body = page.split("---", 2)
    if "videoId:" not in front:
        return []
    body = body.split("\n## Related", 1)[0]
    out = []
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "From:")):
            continue
        line = re.sub(r"^\*\s+(?:\*\*[^*]+\*\*:\s*)?", "", line)
        line = re.sub(r"^\*\*[^*]+\*\*:\s*", "", line)  # a speaker label
        # each cited sentence ends with its anchor(s) and then its terminal mark
        for chunk in re.split(r'(?<=</a>)[.!?…]?\s*', line):
            if "yt-timestamp" not in chunk and chunk.strip():
                continue
            text = ANCHOR.sub("", chunk).strip()
            text = LINK.sub(lambda m: m.group(1) or m.group(2), text).replace("\\", "")
            if text:
                out.append(text)
    return out


def measure(wiki: Path) -> tuple[dict[str, float], list[str]]:
    sentences = []
    for path in sorted((wiki / "vault").rglob("*.md")):
        sentences.extend(prose_sentences(path.read_text(encoding="utf-8")))
    n = len(sentences) or 1
    voice = sum(1 for s in sentences if VOICE.search(QUOTED.sub(" ", s.replace("’", "'"))))
    filler = sum(1 for s in sentences if FILLER_OPEN.match(s) or FILLER_ANY.search(s))
    words = sum(len(WORD.findall(s)) for s in sentences)
    db = sqlite3.connect(wiki / "vidwiki.db")
    totals = dict(db.execute("SELECT video_id, COUNT(*) FROM sentences GROUP BY video_id"))
    cited = dict(db.execute("SELECT video_id, COUNT(DISTINCT idx) FROM citations GROUP BY video_id"))
    shares = [cited.get(v, 0) / t for v, t in totals.items() if t]
    figures = {
        "prose sentences": len(sentences),
        "voice %": 100 * voice / n,
        "fillers %": 100 * filler / n,
        "words per sentence": words / n,
        "videos": len(shares),
        "mean coverage %": 100 * sum(shares) / max(1, len(shares)),
        "min coverage %": 100 * min(shares, default=0),
        "videos >= 60 % covered": 100 * sum(1 for s in shares if s >= 0.6) / max(1, len(shares)),
    }
    return figures, sentences


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wiki", type=Path)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not (args.wiki / "vidwiki.db").is_file():
        print(f"{args.wiki}: not a built wiki (no vidwiki.db)", file=sys.stderr)
        return 2
    figures, sentences = measure(args.wiki)
    for k, v in figures.items():
        print(f"{k:>24}: {v:.1f}" if isinstance(v, float) else f"{k:>24}: {v}")
    if args.sample:
        print()
        for s in random.Random(args.seed).sample(sentences, min(args.sample, len(sentences))):
            print("-", s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
