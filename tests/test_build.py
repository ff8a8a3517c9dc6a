"""End to end: the demo channel becomes a valid wiki, re-runs do no work, changes stay local."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.check import check_vault
from vidwiki.cli import app
from vidwiki.pages import parse_page
from vidwiki.pipeline import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEMO_VIDEOS = sum(1 for d in EXAMPLES.iterdir() if d.is_dir())

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_wiki(tmp_path_factory) -> Path:
    wiki = tmp_path_factory.mktemp("demo") / "wiki"
    result = build([EXAMPLES], wiki)
    assert not result.problems
    return wiki


def vault_pages(wiki: Path) -> dict[str, bytes]:
    return {str(p.relative_to(wiki)): p.read_bytes() for p in sorted((wiki / "vault").rglob("*.md"))}


def test_demo_channel_builds_into_a_wiki_without_defects(demo_wiki):
    db = sqlite3.connect(demo_wiki / "vidwiki.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT COUNT(*) FROM videos").fetchone()[0] == DEMO_VIDEOS
    durations = dict(db.execute("SELECT video_id, duration FROM videos"))
    assert check_vault(demo_wiki / "vault", durations) == []


def test_demo_titles_pass_the_title_rules(demo_wiki):
    assert [d.message for d in check_vault(demo_wiki / "vault") if d.kind == "bad-title"] == []


def test_hub_lists_every_video_and_its_articles(demo_wiki):
    hub = (demo_wiki / "vault" / "kitchenphysics" / "kitchenphysics.md").read_text()
    assert hub.count("### [") == DEMO_VIDEOS
    assert "https://www.youtube.com/watch?v=Mr8bT4wLq0c" in hub
    articles = [p for p in (demo_wiki / "vault" / "kitchenphysics").glob("*.md") if "videoId" in p.read_text()]
    for article in articles:
        assert f"[[{article.stem} |" in hub


def test_topic_pages_gather_what_several_videos_say(demo_wiki):
    folder = demo_wiki / "vault" / "kitchenphysics"
    topics = {p.stem: p.read_text() for p in folder.glob("*.md") if 'kind: "topic"' in p.read_text()}
    assert {"cast_iron", "latent_heat", "mayonnaise", "boiling_point"} <= set(topics)
    # three videos say "water", about three different things: that is no topic page
    assert "water" not in topics
    for stem, text in topics.items():
        page = parse_page(folder / f"{stem}.md", text)
        video_sections = re.findall(r"^## ", page.body, re.M)
        assert len(video_sections) == page.front_matter["videos"] >= 2, stem
        moments = set(re.findall(r"watch\?v=([\w-]{11})&t=\d+s", page.body))
        assert len(moments) == len(video_sections), stem  # a moment of every video it gathers
        assert all((folder / f"{link.target}.md").exists() for link in page.links), stem


def test_every_timestamp_is_the_start_of_a_real_sentence(demo_wiki):
    db = sqlite3.connect(demo_wiki / "vidwiki.db")
    starts: dict[str, set[int]] = {}
    for vid, start in db.execute("SELECT video_id, start FROM sentences"):
        starts.setdefault(vid, set()).add(int(start))
    checked = 0
    for path in (demo_wiki / "vault").rglob("*.md"):
        page = parse_page(path)
        for anchor in page.anchors:
            assert anchor.well_formed
            assert int(anchor.seconds) in starts[page.video_id], (path.name, anchor.data_t)
            checked += 1
    assert checked > 100


def test_most_prose_sentences_are_cited(demo_wiki):
    total = cited = 0
    for path in (demo_wiki / "vault").rglob("*.md"):
        page = parse_page(path)
        if not page.video_id:
            continue
        for sentence in page.sentences:
            if len(sentence.text.split()) >= 6:
                total += 1
                cited += bool(sentence.anchors)
    assert total > 100 and cited / total >= 0.9


def test_rerun_on_unchanged_input_does_nothing(demo_wiki):
    before = vault_pages(demo_wiki)
    mtimes = {p: p.stat().st_mtime_ns for p in (demo_wiki / "vault").rglob("*.md")}
    result = build([EXAMPLES], demo_wiki)
    assert result.up_to_date and result.written == 0
    assert vault_pages(demo_wiki) == before
    assert {p: p.stat().st_mtime_ns for p in (demo_wiki / "vault").rglob("*.md")} == mtimes


def test_a_changed_caption_file_redoes_only_its_video(tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    wiki = tmp_path / "wiki"
    build([src], wiki)
    before = vault_pages(wiki)
    srt = next(src.glob("08*/*.srt"))
    srt.write_text(srt.read_text().replace("ice cream", "gelato"))
    result = build([src], wiki)
    assert result.videos_processed == 1
    after = vault_pages(wiki)
    changed = {p for p in after if before.get(p) != after[p]} | (set(before) - set(after))
    assert changed, "the edited video's pages must change"
    vid = "iC3sAlt-Ic7"
    for path in changed:
        text = after.get(path, before.get(path)).decode()
        # only the edited video's pages, the hub and pages that link to them may change
        assert vid in text or "gelato" in text or path.endswith("kitchenphysics.md") or "ice" in text.lower()
    assert check_vault(wiki / "vault") == []


def test_bad_files_are_reported_one_line_each_and_the_rest_builds(tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    (src / "Broken [AAAAAAAAAAA].en.srt").write_bytes(b"\x00\x01\x02 not a caption \xff")
    (src / "Empty [BBBBBBBBBBB].en.vtt").write_text("")
    (src / "Bad [CCCCCCCCCCC].en.json").write_text('{"events": [')
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "wiki"), "--quiet"])
    assert result.exit_code == 0  # skipped files are listed, not fatal: every other video was built
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert len(lines) == 3
    for name in ("Broken [AAAAAAAAAAA].en.srt", "Empty [BBBBBBBBBBB].en.vtt", "Bad [CCCCCCCCCCC].en.json"):
        assert any(name in line for line in lines)
    assert "Traceback" not in result.output
    assert re.search(r"skipped files\s+3\b", result.stdout)
    assert len(list((tmp_path / "wiki" / "vault").rglob("*.md"))) > 8
    strict = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "wiki"), "--quiet", "--strict"])
    assert strict.exit_code == 2


def test_missing_input_is_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "w")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def _commands(group=None, prefix=()):
    """Every command path of the CLI, sub-commands included, read from the app itself."""
    import typer.main

    group = group or typer.main.get_command(app)
    yield list(prefix)
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):  # a group of sub-commands
            yield from _commands(command, (*prefix, name))
        else:
            yield [*prefix, name]


@pytest.mark.parametrize("command", list(_commands()), ids=lambda c: " ".join(c) or "vidwiki")
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_check_command_passes_on_the_demo_and_fails_on_tubegraph(demo_wiki, tmp_path):
    demo = runner.invoke(app, ["check", str(demo_wiki), "--json"])
    assert json.loads(demo.stdout)["defects"] == []
    assert demo.exit_code == 0
    examples = EXAMPLES.parent.parent / "shared" / "format" / "examples"
    if not examples.is_dir():
        pytest.skip("../shared/format/examples is not present")
    shutil.copytree(examples, tmp_path / "tg")
    result = runner.invoke(app, ["check", str(tmp_path / "tg")])
    assert result.exit_code == 1
    assert "unresolved-link" in result.output and "suspect-timestamp" in result.output


def test_the_stage_cache_keeps_only_what_the_last_build_used(tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    wiki = tmp_path / "wiki"
    build([src], wiki)
    db = sqlite3.connect(wiki / "vidwiki.db")
    before = db.execute("SELECT COUNT(*) FROM stage_cache WHERE stage = 'sentences'").fetchone()[0]
    srt = next(src.glob("08*/*.srt"))
    srt.write_text(srt.read_text().replace("ice cream", "gelato"))
    build([src], wiki)
    assert db.execute("SELECT COUNT(*) FROM stage_cache WHERE stage = 'sentences'").fetchone()[0] == before == DEMO_VIDEOS


def test_a_local_media_file_beside_the_captions_is_recorded_for_the_reader(tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    srt = next(src.glob("08*/*.srt"))
    media = srt.parent / "iC3sAlt-Ic7.mp4"
    media.write_bytes(b"\0" * 16)
    wiki = tmp_path / "wiki"
    build([src], wiki)
    with sqlite3.connect(wiki / "vidwiki.db") as db:
        rows = dict(db.execute("SELECT video_id, media_path FROM videos"))
    assert rows.pop("iC3sAlt-Ic7") == str(media.resolve())
    assert set(rows.values()) == {None}


def test_a_topic_page_quotes_what_a_video_states_before_what_its_speaker_says_to_the_listener():
    from vidwiki.build.compose import on_topic
    from vidwiki.records import Sentence
    from vidwiki.write.base import Claim

    sents = [Sentence(i, i * 5.0, i * 5.0 + 4.0, f"s{i}") for i in range(4)]
    claims = [Claim("You could even say this follows from the central limit theorem.", [0]),
              Claim("The central limit theorem says sums tend to a bell curve.", [1]),
              Claim("A bell curve is also called a normal distribution.", [2])]
    assert on_topic(claims, "central limit theorem", sents) == [
        ("The central limit theorem says sums tend to a bell curve.", 5.0)]
    # when every claim that names it speaks as "you", the page still quotes one
    assert on_topic(claims[:1], "central limit theorem", sents) == [(claims[0].text, 0.0)]
