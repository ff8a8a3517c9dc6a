"""`vidwiki update`: new, changed and removed videos; stable slugs; renamed pages keep old slugs.

The demo channel (examples/, eight videos, one folder each) is copied to a temp dir without its
last video; the wiki is built from that copy, then the copy is changed and the wiki updated.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.check import check_vault
from vidwiki.cli import app
from vidwiki.pages import parse_page
from vidwiki.pipeline import BuildOptions, build, update

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LAST = "08-ice-cream"
LAST_ID = "iC3sAlt-Ic7"
REMOVED = "05-surface-tension"
DEMO_VIDEOS = sum(1 for d in EXAMPLES.iterdir() if d.is_dir())

runner = CliRunner()


@pytest.fixture
def channel(tmp_path) -> Path:
    """The demo channel without its last video."""
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src, ignore=shutil.ignore_patterns(LAST))
    return src


@pytest.fixture
def wiki(channel, tmp_path) -> Path:
    out = tmp_path / "wiki"
    build([channel], out)
    return out


def files(wiki: Path) -> dict[str, tuple[bytes, int]]:
    """Every vault file: its bytes and its mtime (a rewrite with equal bytes still shows)."""
    return {str(p.relative_to(wiki / "vault")): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((wiki / "vault").rglob("*.md"))}


def slug_keys(wiki: Path) -> dict[str, str]:
    return dict(sqlite3.connect(wiki / "vidwiki.db").execute("SELECT key, slug FROM slugs"))


def front(wiki: Path, rel: str) -> dict:
    return parse_page(wiki / "vault" / rel).front_matter


def test_update_with_nothing_changed_touches_nothing(wiki):
    before = files(wiki)
    result = update(wiki)
    assert result.up_to_date and result.written == 0
    assert files(wiki) == before


def test_update_reuses_the_options_of_the_last_build(channel, tmp_path):
    out = tmp_path / "wiki3"
    build([channel], out, BuildOptions(topics_per_video=2))
    shutil.copytree(EXAMPLES / LAST, channel / LAST)
    update(out)
    db = sqlite3.connect(out / "vidwiki.db")
    per_video = dict(db.execute("SELECT video_id, COUNT(*) FROM video_topics GROUP BY video_id"))
    assert per_video[LAST_ID] <= 2 and max(per_video.values()) <= 2


def test_an_added_video_is_processed_alone_and_rewrites_only_affected_pages(wiki, channel):
    before = files(wiki)
    slugs_before = slug_keys(wiki)
    shutil.copytree(EXAMPLES / LAST, channel / LAST)
    result = update(wiki)
    after = files(wiki)

    assert result.videos == DEMO_VIDEOS and result.videos_processed == 1
    # every page keeps its slug, so every old file is still there
    assert set(before) <= set(after)
    assert all(slug_keys(wiki)[k] == s for k, s in slugs_before.items())
    new = set(after) - set(before)
    assert new and all(front(wiki, rel).get("videoId") == LAST_ID for rel in new)
    # a page whose bytes did not change was not rewritten (same mtime)
    rewritten = {rel for rel in before if after[rel][1] != before[rel][1]}
    assert all(after[rel][0] != before[rel][0] for rel in rewritten)
    assert result.written == len(new) + len(rewritten)
    # ...and a rewritten old page is the hub, a topic page, or an article linking to a new page or a topic page
    db = sqlite3.connect(wiki / "vidwiki.db")
    kinds = {f"{c}/{s}.md": k for s, c, k in db.execute("SELECT slug, channel, kind FROM pages")}
    new_slugs = {Path(rel).stem for rel in new}
    topic_slugs = {Path(rel).stem for rel, k in kinds.items() if k == "topic"}
    for rel in rewritten:
        if kinds[rel] == "article":
            targets = {link.target for link in parse_page(wiki / "vault" / rel).links}
            assert targets & (new_slugs | topic_slugs), rel
    assert len(rewritten) < len(before) / 2
    assert check_vault(wiki / "vault") == []


def test_changed_captions_redo_only_that_video_and_keep_every_other_slug(wiki, channel):
    slugs_before = slug_keys(wiki)
    vid = "Mr8bT4wLq0c"
    vtt = next(channel.glob("02*/*.vtt"))
    vtt.write_text(re.sub("(?i)browning", "searing", vtt.read_text(encoding="utf-8")), encoding="utf-8")
    result = update(wiki)
    assert result.videos_processed == 1
    slugs_after = slug_keys(wiki)
    assert all(slugs_after[k] == s for k, s in slugs_before.items() if vid not in k)
    assert check_vault(wiki / "vault") == []
    pages = [p.read_text() for p in (wiki / "vault").rglob("*.md") if parse_page(p).video_id == vid]
    assert any("searing" in text for text in pages)
    assert not any("browning" in text.lower() for text in pages)


def test_a_removed_video_keeps_its_pages_flagged_until_pruned(wiki, channel):
    db = sqlite3.connect(wiki / "vidwiki.db")
    vid = db.execute("SELECT video_id FROM videos WHERE track_path LIKE ?", (f"%{REMOVED}%",)).fetchone()[0]
    articles = sorted(f"{c}/{s}.md" for s, c in db.execute(
        "SELECT slug, channel FROM pages WHERE video_id = ?", (vid,)))
    shutil.rmtree(channel / REMOVED)

    result = update(wiki)
    assert result.removed_videos == [vid] and result.videos == DEMO_VIDEOS - 2
    for rel in articles:
        assert front(wiki, rel)["removed"] is True
    hub = (wiki / "vault" / "kitchenphysics" / "kitchenphysics.md").read_text()
    kept, gone = hub.split("## Removed from the source")
    assert vid in gone and vid not in kept
    assert front(wiki, "kitchenphysics/kitchenphysics.md")["removed_videos"] == 1
    assert db.execute("SELECT status FROM videos WHERE video_id = ?", (vid,)).fetchone()[0] == "removed"
    assert check_vault(wiki / "vault") == []

    cli = runner.invoke(app, ["update", str(wiki), "--prune-removed", "--quiet"])
    assert cli.exit_code == 0, cli.output
    assert not any((wiki / "vault" / rel).exists() for rel in articles)
    assert "Removed from the source" not in (wiki / "vault" / "kitchenphysics" / "kitchenphysics.md").read_text()
    assert db.execute("SELECT COUNT(*) FROM sentences WHERE video_id = ?", (vid,)).fetchone()[0] == 0
    assert check_vault(wiki / "vault") == []


def test_a_video_that_comes_back_gets_its_old_pages_back(wiki, channel, tmp_path):
    before = files(wiki)
    shutil.move(channel / REMOVED, tmp_path / REMOVED)
    update(wiki)
    shutil.move(tmp_path / REMOVED, channel / REMOVED)
    update(wiki)
    assert {rel: data for rel, (data, _) in files(wiki).items()} == {rel: data for rel, (data, _) in before.items()}


def test_a_renamed_page_keeps_its_old_slug_as_an_alias(wiki, channel):
    shutil.copytree(EXAMPLES / LAST, channel / LAST)
    update(wiki)
    before = set(files(wiki))
    srt = next(channel.glob("08*/*.srt"))
    # every "ice cream", "Ice cream" included: the video's title still names it, but a title
    # concept names a page only while the transcript says it
    srt.write_text(re.sub("(?i)ice cream", "gelato", srt.read_text(encoding="utf-8")), encoding="utf-8")
    result = update(wiki)
    gone = before - set(files(wiki))
    assert gone and result.aliases >= len(gone)
    pages = {p.path.stem: p for p in map(parse_page, (wiki / "vault").rglob("*.md"))}
    for rel in gone:
        old = Path(rel).stem
        holders = [stem for stem, page in pages.items() if old in (page.front_matter.get("aliases") or [])]
        assert len(holders) == 1, old
        assert pages[holders[0]].video_id == LAST_ID
    # a note linking the old slug still resolves, for `vidwiki check` as for Quartz
    old = Path(sorted(gone)[0]).stem
    (wiki / "vault" / "notes.md").write_text(f"---\ntitle: notes\n---\n\nSee [[{old}]] and [[kitchenphysics]].\n")
    defects = check_vault(wiki / "vault")
    assert [d for d in defects if d.kind == "unresolved-link"] == []


def test_update_of_a_folder_never_built_is_one_line(tmp_path):
    result = runner.invoke(app, ["update", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a vidwiki wiki" in result.stderr and "Traceback" not in result.output


def test_update_when_an_input_folder_is_gone_is_one_line(wiki, channel):
    shutil.rmtree(channel)
    result = runner.invoke(app, ["update", str(wiki)])
    assert result.exit_code == 1
    assert str(channel) in result.stderr and "no longer exists" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_update_has_help():
    result = runner.invoke(app, ["update", "--help"])
    assert result.exit_code == 0 and "--prune-removed" in result.output


def test_a_video_whose_cached_sentences_are_gone_is_parsed_again(channel, tmp_path):
    """Discovery is cached without cues; when a later stage needs them, the folder is read again."""
    plain, pruned = tmp_path / "plain", tmp_path / "pruned"
    for wiki in (plain, pruned):
        build([channel], wiki)
    db = sqlite3.connect(pruned / "vidwiki.db")
    db.execute("DELETE FROM stage_cache WHERE stage IN ('sentences', 'topics', 'draft', 'compose')")
    db.commit()
    db.close()
    for wiki in (plain, pruned):
        result = build([channel], wiki, BuildOptions(topics_per_video=3))
    assert result.videos_processed == DEMO_VIDEOS - 1
    strip = {rel: data for rel, (data, _) in files(plain).items()}
    assert {rel: data for rel, (data, _) in files(pruned).items()} == strip


def test_an_article_merged_into_its_neighbour_leaves_its_slug_to_it():
    from vidwiki.build.aliases import carry_aliases

    old_topics = {("v", 0): ("salt", "salt"), ("v", 1): ("ice_cream", "ice_cream"), ("w", 0): ("heat", "heat")}
    new_topics = {("v", 0): ("salt", "salt"), ("w", 0): ("heat", "heat")}
    aliases = carry_aliases({"salt", "ice_cream", "heat"}, old_topics, {}, {"salt", "heat"}, new_topics)
    assert aliases == {"ice_cream": "salt"}
