"""``vidwiki eval`` on a real build of the demo channel: JSON, --compare, caching, bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.pipeline import build
from vidwiki.quality import evaluate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TUBEGRAPH = Path(__file__).resolve().parents[3] / "shared" / "format" / "examples"

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_wiki(tmp_path_factory) -> Path:
    wiki = tmp_path_factory.mktemp("eval") / "wiki"
    build([EXAMPLES], wiki)
    return wiki


def test_json_reports_every_metric_overall_per_video_and_per_page(demo_wiki):
    result = runner.invoke(app, ["eval", str(demo_wiki), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    videos = sqlite3.connect(demo_wiki / "vidwiki.db").execute("SELECT COUNT(*) FROM videos").fetchone()[0]
    assert data["videos"] == videos and data["missing_transcripts"] == []
    overall = data["overall"]
    # the embedded writer quotes the transcript at the quoted moment
    assert overall["supported_share"] > 0.95 and overall["localized_20s"] > 0.95
    assert overall["timestamps_valid"] == 1.0 and overall["links_resolved"] == 1.0
    assert {"coverage", "repetition", "cited_share", "orphans", "topic_videos_mean"} <= set(overall)
    assert len(data["per_video"]) == videos
    assert sum(p["counts"]["claims"] for p in data["per_page"]) == data["counts"]["claims"]
    # the style of every page, and why a title fails the rules
    assert {"speaker_voice", "fillers", "meta_narration", "words_per_sentence", "titles_passing"} <= set(overall)
    article = next(p for p in data["per_page"] if p["kind"] == "article")
    assert article["speaker_voice"] is not None and isinstance(article["title_problems"], list)


def test_a_second_evaluation_reads_every_vector_from_the_store(demo_wiki):
    evaluate(demo_wiki)
    again = evaluate(demo_wiki)
    assert again.embedded == 0 and again.cached > 0
    # the vault given directly is still judged against the store beside it
    direct = evaluate(demo_wiki / "vault")
    assert direct.transcripts_from.endswith("vidwiki.db") and direct.overall.claims == again.overall.claims


def test_compare_puts_two_wikis_side_by_side(demo_wiki, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(demo_wiki / "vault", other)
    # the copy loses a page: its links there now dangle
    victim = next(p for p in sorted(other.rglob("*.md")) if "kind: \"topic\"" not in p.read_text())
    victim.unlink()
    result = runner.invoke(app, ["eval", str(demo_wiki), "--compare", str(other), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["wiki"]["links_resolved"] == 1.0
    assert data["other"]["links_resolved"] < 1.0
    assert data["other"]["support_mean"] is None  # a bare vault without --transcripts
    assert len(data["shared_videos"]) >= 7
    table = runner.invoke(app, ["eval", str(demo_wiki), "--compare", str(other)])
    assert table.exit_code == 0 and "links resolved" in table.stdout


def test_a_vault_without_transcripts_still_gets_the_transcript_free_metrics(tmp_path):
    if not TUBEGRAPH.is_dir():
        pytest.skip("../shared/format/examples is not present")
    shutil.copytree(TUBEGRAPH, tmp_path / "tg")
    result = runner.invoke(app, ["eval", str(tmp_path / "tg"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    o = data["overall"]
    assert o["support_mean"] is None and o["coverage"] is None
    assert o["links_resolved"] < 1.0  # TubeGraph links to pages that do not exist
    assert o["timestamps_valid"] < 1.0 and data["counts"]["anchors_suspect"] > 0  # its MM:SS:00 times
    assert o["cited_share"] > 0.5 and o["repetition"] is not None
    assert data["missing_transcripts"] == ["PdiSU9-Fge4"]
    # TubeGraph's prose reads like an encyclopedia and its titles name concepts
    assert o["speaker_voice"] < 0.06 and o["fillers"] < 0.01 and o["meta_narration"] < 0.01
    assert 15 < o["words_per_sentence"] < 22 and o["titles_passing"] == 1.0
    pages = {p["path"]: p for p in data["per_page"]}
    assert pages["serbias_relationship_with_russia.md"]["title_problems"] == []
    assert pages["hub_LEMMiNO.md"]["title_problems"] is None  # a hub is named after its channel


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/nope"], "not a folder"),
        (["{tmp}/empty"], "no .md pages found"),
        (["{tmp}/empty", "--transcripts", "{tmp}/missing"], "no such transcripts folder"),
        (["{tmp}/bad"], "cannot read page"),
    ],
)
def test_bad_input_is_one_line_naming_the_path_and_exit_1(tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a page")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "page.md").write_bytes(b"\xff\xfe not utf-8")
    result = runner.invoke(app, ["eval", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == 1
    assert message in result.stderr and str(tmp_path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_eval_has_help():
    result = runner.invoke(app, ["eval", "--help"])
    assert result.exit_code == 0 and "--compare" in result.output and "--transcripts" in result.output
