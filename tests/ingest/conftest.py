"""Shared fixtures for the ingest tests: our own tiny files and the real corpus (when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
CORPUS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus").resolve()


@pytest.fixture
def data() -> Path:
    """``tests/data/ingest``: caption files we wrote, one per format."""
    return DATA


@pytest.fixture(scope="session")
def corpus() -> Path:
    """``../shared/corpus`` (real transcripts); the test is skipped when it is absent."""
    if not (CORPUS / "index.json").is_file():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture
def write(tmp_path: Path):
    """Write ``text`` (or bytes) to ``tmp_path/name`` and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
