"""Ask's sentence vectors are kept in the store per video: a re-run embeds only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from vidwiki.ask.corpus import load_corpus
from vidwiki.ask.vectors import unit_vectors
from vidwiki.pipeline import build
from vidwiki.render.wikidata import load
from vidwiki.store import Store

REPO = Path(__file__).resolve().parents[2]


def test_only_a_changed_video_is_embedded_again(tmp_path):
    src = tmp_path / "kitchen"
    shutil.copytree(REPO / "examples", src)
    build([src], tmp_path / "wiki")
    data = load(tmp_path / "wiki")
    store = Store(tmp_path / "wiki" / "vidwiki.db")
    try:
        corpus = load_corpus(data)
        first, embedded = unit_vectors(corpus, store.db)
        assert embedded == len(corpus.units) and first.shape[0] == len(corpus.units)
        again, embedded = unit_vectors(load_corpus(data), store.db)
        assert embedded == 0 and abs(again - first).max() < 1e-2  # float16 in the store
        video = sorted(data.sentences)[0]
        idx, start, end, text = data.sentences[video][0]
        data.sentences[video][0] = (idx, start, end, text + " Changed.")
        changed = load_corpus(data)
        _, embedded = unit_vectors(changed, store.db)
        assert embedded == len(data.sentences[video])  # that video's transcript units, nothing else
    finally:
        store.close()
