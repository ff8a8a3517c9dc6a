"""``resolve_inputs``: what the user named → folders the build reads, and the record of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from vidwiki.errors import InputError
from vidwiki.fetch import FetchOptions, resolve_inputs
from vidwiki.fetch.resolve import classify, record_inputs, recorded_inputs
from vidwiki.store import Store


def test_inputs_are_classified_as_url_media_or_local(tmp_path: Path) -> None:
    talk = tmp_path / "talk.MP4"
    talk.write_bytes(b"\0")
    assert classify("https://www.youtube.com/@x") == "url"
    assert classify(str(talk)) == "media"
    assert classify(str(EXAMPLES)) == "local"
    with pytest.raises(InputError, match="no such file or folder"):
        classify(str(tmp_path / "missing.mp4"))


def test_caption_folders_are_used_where_they_are(tmp_path: Path) -> None:
    resolved = resolve_inputs([str(EXAMPLES), str(EXAMPLES)], tmp_path / "w")
    assert resolved.paths == [EXAMPLES]
    assert not (tmp_path / "w" / "sources").exists()


def test_media_with_another_language_is_refused_before_any_work(tmp_path: Path) -> None:
    talk = tmp_path / "talk.mp3"
    talk.write_bytes(b"\0")
    with pytest.raises(InputError, match="English-only model"):
        resolve_inputs([str(EXAMPLES), str(talk)], tmp_path / "w", FetchOptions(lang="de"))
    assert not (tmp_path / "w").exists()


def test_the_inputs_are_recorded_for_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "captions").mkdir()
    store = Store.in_wiki(tmp_path / "w")
    try:
        assert recorded_inputs(store) is None
        record_inputs(store, ["https://www.youtube.com/@x", "captions"],
                      FetchOptions(top=10, by="views", min_duration=120, lang="en"))
        inputs, options = recorded_inputs(store)
    finally:
        store.close()
    assert inputs == ["https://www.youtube.com/@x", str(tmp_path / "captions")]
    assert options == FetchOptions(top=10, by="views", min_duration=120, lang="en")
