"""Packaged GGUF models: chunks joined in order once, and nothing loads unless its sha256 matches."""

from __future__ import annotations

import hashlib
import sys

import pytest

from vidwiki.errors import BackendError
from vidwiki.write.llm import models
from vidwiki.write.llm.models import PackagedModel, resolve_model

CHUNKS = [b"GGUF" + b"a" * 1000, b"b" * 1000, b"c" * 17]


@pytest.fixture
def chunked(tmp_path, monkeypatch):
    """Three installed 'packages', each holding one chunk as data/partNN.bin (like the real wheels)."""
    site = tmp_path / "site"
    for n, chunk in enumerate(CHUNKS, 1):
        pkg = site / f"fake_model_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("raise ImportError('never imported')\n")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("VIDWIKI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(models, "_verified", {})
    whole = b"".join(CHUNKS)

    def register(sha256: str) -> PackagedModel:
        model = PackagedModel("fake-model", tuple(f"fake_model_part{n}" for n in range(1, 4)), "data/part{n:02d}.bin",
                              len(whole), sha256, "pip install fake-model-part1..3")
        monkeypatch.setitem(models.PACKAGED, model.name, model)
        return model

    return register, whole


def test_chunks_are_joined_in_order_into_the_cache_and_verified(chunked, tmp_path):
    register, whole = chunked
    register(hashlib.sha256(whole).hexdigest())
    path, digest = resolve_model("fake-model")
    assert path == tmp_path / "cache" / "models" / "fake-model.gguf"
    assert path.read_bytes() == whole and digest == hashlib.sha256(whole).hexdigest()
    assert not any("tmp" in p.name for p in path.parent.iterdir())  # no half-written file left
    assert "fake_model_part1" not in sys.modules  # found, never imported


def test_a_file_whose_sha256_differs_is_refused(chunked):
    register, _ = chunked
    register("0" * 64)
    with pytest.raises(BackendError, match=r"fake-model.gguf: sha256 .* does not match the pinned 0000"):
        resolve_model("fake-model")


def test_a_missing_package_names_the_install_line(chunked, monkeypatch):
    register, whole = chunked
    model = register(hashlib.sha256(whole).hexdigest())
    monkeypatch.setitem(models.PACKAGED, model.name,
                        PackagedModel(model.name, (*model.packages, "fake_model_part9"), model.filename, model.size,
                                      model.sha256, model.install))
    with pytest.raises(BackendError, match="is not installed: pip install fake-model-part1..3"):
        resolve_model("fake-model")


def test_a_missing_model_file_is_a_one_line_error(tmp_path):
    with pytest.raises(BackendError, match=r"nope.gguf: no such model file \(packaged models: qwen-0.5b"):
        resolve_model(str(tmp_path / "nope.gguf"))


def test_the_judge_is_on_by_default_only_for_models_that_judge_well():
    from vidwiki.write.llm.models import judges_by_default

    assert judges_by_default("qwen-1.5b")
    assert judges_by_default("/models/my-own-7b.gguf")
    assert not judges_by_default("qwen-0.5b") and not judges_by_default(None)  # the default model
    assert not judges_by_default("smollm2")
