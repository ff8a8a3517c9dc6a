"""Discovery cached per folder finds exactly what ``discover`` finds, without parsing unchanged folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vidwiki.build.inputs import file_hashes, input_files
from vidwiki.build.sources import discover_inputs, light_to_json
from vidwiki.ingest import discover
from vidwiki.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO_VIDEOS = sum(1 for d in EXAMPLES.iterdir() if d.is_dir())


def found(root: Path, store: Store):
    hashes = file_hashes(store, input_files([root]))
    result = discover_inputs([root], hashes, store)
    return [light_to_json(s) for s in result.sources], [str(p) for p in result.problems], result.light


def expected(root: Path):
    videos, problems = discover(root)
    return [light_to_json(s) for s in videos], [str(p) for p in problems]


def test_cached_discovery_equals_discover_and_skips_unchanged_folders(tmp_path):
    root = tmp_path / "channel"
    shutil.copytree(EXAMPLES, root)
    (root / "09-broken").mkdir()
    (root / "09-broken" / "Broken [AAAAAAAAAAA].en.srt").write_bytes(b"\x00\x01 not a caption")
    store = Store(tmp_path / "vidwiki.db")
    cold = found(root, store)
    assert cold[:2] == expected(root) and cold[2] == {}  # first time: every folder parsed
    warm = found(root, store)
    assert warm[:2] == expected(root)
    assert len(warm[2]) == DEMO_VIDEOS  # second time: every video from the cache, none parsed

    srt = next(root.glob("08*/*.srt"))
    srt.write_text(srt.read_text(encoding="utf-8").replace("ice cream", "gelato"), encoding="utf-8")
    changed = found(root, store)
    assert changed[:2] == expected(root)
    assert len(changed[2]) == DEMO_VIDEOS - 1 and not any(vid == "iC3sAlt-Ic7" for vid in changed[2])


def test_a_video_spread_over_two_folders_is_discovered_as_a_whole(tmp_path):
    """Its sidecar in one folder, its captions in another: per-folder discovery would split it."""
    root = tmp_path / "channel"
    shutil.copytree(EXAMPLES, root)
    sidecar = next(root.glob("01*/*.info.json"))
    (root / "01-sidecar-only").mkdir()
    shutil.move(sidecar, root / "01-sidecar-only" / sidecar.name)
    store = Store(tmp_path / "vidwiki.db")
    for _ in range(2):
        videos, problems, light = found(root, store)
        assert (videos, problems) == expected(root) and light == {}
    assert any(v["meta"]["title"] and "Cast Iron" in v["meta"]["title"] for v in videos)


def test_a_media_file_in_another_folder_than_its_captions_still_finds_its_video(tmp_path):
    root = tmp_path / "channel"
    shutil.copytree(EXAMPLES, root)
    (root / "media").mkdir()
    (root / "media" / "iC3sAlt-Ic7.mp4").write_bytes(b"\0" * 16)
    store = Store(tmp_path / "vidwiki.db")
    for _ in range(2):
        videos, problems, _ = found(root, store)
        assert (videos, problems) == expected(root)
    media = {v["meta"]["video_id"]: v["meta"]["media_path"] for v in videos}
    assert media["iC3sAlt-Ic7"] == str((root / "media" / "iC3sAlt-Ic7.mp4").resolve())


@pytest.mark.corpus
def test_the_3blue1brown_corpus_is_discovered_the_same_from_the_cache(corpus, tmp_path):
    root = corpus / "3blue1brown"
    store = Store(tmp_path / "vidwiki.db")
    want = expected(root)
    assert found(root, store)[:2] == want
    videos, problems, light = found(root, store)
    assert (videos, problems) == want and len(light) == 151
