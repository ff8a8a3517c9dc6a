"""The quality summary that ends ``vidwiki build``: exact on small wikis, a sampled estimate on big ones."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.quality.summary import build_quality

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    wiki = tmp_path_factory.mktemp("summary") / "wiki"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(wiki), "--json"])
    assert result.exit_code == 0, result.output
    return wiki, json.loads(result.stdout)


def test_build_json_carries_the_quality_summary(built):
    _, data = built
    q = data["quality"]
    assert q["pages"] == data["pages"] and q["videos"] == data["videos"]
    assert q["estimated"] is False and q["scored"] == q["claims"] > 0
    assert q["supported_share"] > 0.95 and q["links_resolved"] == 1.0
    assert 0.9 < q["cited_share"] <= 1.0
    assert 0 <= q["speaker_voice"] <= 1 and q["words_per_sentence"] > 6 and q["titles_passing"] is not None


def test_the_table_ends_the_build_unless_switched_off(built):
    wiki, _ = built
    shown = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(wiki)])
    assert shown.exit_code == 0 and "cited share" in shown.stdout and "supported" in shown.stdout
    assert "voice" in shown.stdout and "words per sentence" in shown.stdout and "pass the title rules" in shown.stdout
    hidden = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(wiki), "--no-quality"])
    assert hidden.exit_code == 0 and "cited share" not in hidden.stdout


def test_a_sample_is_deterministic_stratified_and_reports_its_interval(built):
    wiki, data = built
    full = data["quality"]
    first = build_quality(wiki, sample=60)
    again = build_quality(wiki, sample=60)
    assert first.estimated and first.scored < first.claims == full["claims"]
    assert 55 <= first.scored <= 70  # each video's share, at least one each
    assert (first.support_mean, first.supported_share) == (again.support_mean, again.supported_share)
    assert first.support_mean_ci is not None and first.supported_share_ci is not None
    assert abs(first.support_mean - full["support_mean"]) <= max(first.support_mean_ci, 0.01)
    # everything was embedded by the first, full summary: the store's cache answered
    assert again.embedded == 0


def _figures(q) -> dict:
    return {k: v for k, v in q.to_json().items() if k not in ("seconds", "embedded")}


def test_an_unchanged_vault_reuses_its_summary_and_an_edited_one_is_scored_again(built):
    wiki, _ = built
    before = build_quality(wiki)
    saved = sqlite3.connect(wiki / "vidwiki.db").execute(
        "SELECT value FROM meta WHERE key = 'quality_summary'").fetchone()
    assert saved is not None and json.loads(saved[0])["summary"]["claims"] == before.claims
    assert _figures(build_quality(wiki)) == _figures(before)
    page = next(p for p in sorted((wiki / "vault").rglob("*.md")) if "videoId" in p.read_text())
    original = page.read_text()
    try:
        # a hand-added claim that no transcript supports
        page.write_text(original + "\nBananas are an excellent source of potassium for marathon runners "
                        '<a class="yt-timestamp" data-t="00:00:01">[00:00:01]</a>.\n')
        edited = build_quality(wiki)
        assert edited.claims == before.claims + 1
        assert edited.supported_share < before.supported_share
    finally:
        page.write_text(original)
    assert _figures(build_quality(wiki)) == _figures(before)


def test_update_ends_with_the_summary_too(built):
    wiki, data = built
    result = runner.invoke(app, ["update", str(wiki), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["quality"]["claims"] == data["quality"]["claims"]
