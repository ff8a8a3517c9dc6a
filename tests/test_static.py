"""The static embedder: fast, checked, and close enough to MiniLM to compare stretches of text."""

from __future__ import annotations

import numpy as np
import pytest

from vidwiki import static
from vidwiki.embeddings import EmbeddingError
from vidwiki.static import StaticEmbedder


def test_rows_are_unit_vectors_and_empty_text_is_zero() -> None:
    vectors = StaticEmbedder.load().embed(["The derivative of sine is cosine.", "", "?!"])
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
    assert not vectors[1].any() and not vectors[2].any()


def test_texts_on_one_subject_are_closer_than_texts_on_two() -> None:
    emb = StaticEmbedder.load()
    calculus, calculus_too, bread = emb.embed([
        "The derivative gives the slope of the tangent line to the curve.",
        "Taking the limit of the rise over run gives the instantaneous rate of change.",
        "Knead the dough and let the sourdough starter rise overnight before baking.",
    ])
    assert calculus @ calculus_too > calculus @ bread + 0.1


def test_a_swapped_table_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    fake = tmp_path / "minilm-static.npz"
    fake.write_bytes(b"not the table")
    monkeypatch.setattr(static, "TABLE_FILE", fake)
    monkeypatch.setattr(StaticEmbedder, "_instance", None)
    with pytest.raises(EmbeddingError, match="sha256"):
        StaticEmbedder.load()
