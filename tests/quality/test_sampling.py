"""A time-boxed ``vidwiki eval``: which videos it scores, and how its overall figures are estimated.

A cold evaluation of a large channel cannot embed every sentence within its budget, so it scores
videos in one fixed random order and estimates the rest (``vidwiki/quality/sampling.py``).
"""

from __future__ import annotations

import importlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.embeddings import Embedder
from vidwiki.pipeline import build
from vidwiki.quality import evaluate
from vidwiki.quality.sampling import MODEL_METRICS, estimate_rate, video_order
from vidwiki.quality.tally import ratios

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
evaluate_module = importlib.import_module("vidwiki.quality.evaluate")
runner = CliRunner()


# --- the order and the estimator ----------------------------------------------------------------

def test_the_order_of_videos_is_fixed_whatever_the_wiki_lists():
    ids = [f"video{i:03d}xyz" for i in range(40)]
    order = video_order(ids)
    assert sorted(order) == sorted(ids)
    assert video_order(reversed(ids)) == order  # the same prefix however they were found
    assert order != sorted(ids)  # pseudo-random, not alphabetical (which would not be a sample)
    assert video_order(ids[:20]) == [v for v in order if v in set(ids[:20])]


def test_every_video_measured_gives_the_exact_rate_and_a_zero_interval():
    rows = [(8.0, 5.0, 10.0), (3.0, 3.0, 4.0), (0.0, 0.0, 2.0)]
    assert estimate_rate(rows, known_z=8.0, known_x=16.0, population=3) == (11 / 16, 0.0)


def test_a_proxy_that_decides_every_item_makes_the_estimate_exact():
    # y == z in every video: identity decided everything, so nothing is left to extrapolate
    population = [(float(k % 7), float(k % 7), 10.0) for k in range(30)]
    sample = population[::3]
    rate, half = estimate_rate(sample, sum(z for _, z, _ in population), 300.0, len(population))
    assert rate == pytest.approx(sum(y for y, _, _ in population) / 300.0)
    assert half == pytest.approx(0.0, abs=1e-9)


def test_too_few_videos_give_an_estimate_but_no_interval():
    rate, half = estimate_rate([(5.0, 1.0, 10.0), (6.0, 2.0, 10.0)], 30.0, 200.0, 20)
    assert rate is not None and half is None
    assert estimate_rate([], 0.0, 100.0, 10) == (None, None)
    assert estimate_rate([(0.0, 0.0, 0.0)], 0.0, 0.0, 10) == (None, None)  # nothing to measure


def test_the_interval_holds_about_95_percent_of_the_time_on_a_synthetic_channel():
    rng = random.Random(7)
    population = []
    for _ in range(150):
        size = rng.randint(40, 400)
        rate = rng.uniform(0.6, 0.95)
        covered = sum(rng.random() < rate for _ in range(size))
        verbatim = sum(rng.random() < 0.8 for _ in range(covered))  # a proxy: a part of y
        population.append((float(covered), float(verbatim), float(size)))
    truth = sum(y for y, _, _ in population) / sum(x for _, _, x in population)
    known_z = sum(z for _, z, _ in population)
    known_x = sum(x for _, _, x in population)
    draws, held = 300, 0
    for _ in range(draws):
        sample = rng.sample(population, 40)
        rate, half = estimate_rate(sample, known_z, known_x, len(population))
        held += abs(rate - truth) <= half
    assert 0.88 <= held / draws <= 0.995


# --- a time-boxed evaluation of a real build ---------------------------------------------------

@pytest.fixture(scope="module")
def demo_wiki(tmp_path_factory) -> Path:
    wiki = tmp_path_factory.mktemp("sampling") / "wiki"
    build([EXAMPLES], wiki)
    return wiki


@pytest.fixture
def cold_wiki(demo_wiki, tmp_path) -> Path:
    """The demo build with an empty embedding cache (as after `vidwiki build --no-quality`)."""
    wiki = tmp_path / "cold"
    shutil.copytree(demo_wiki, wiki)
    db = sqlite3.connect(wiki / "vidwiki.db")
    db.execute("DELETE FROM eval_embeddings")
    db.commit()
    db.close()
    return wiki


def test_a_spent_budget_scores_a_prefix_of_the_order_and_each_run_extends_it(cold_wiki):
    first = evaluate(cold_wiki, budget=0)
    order = video_order(first.videos)
    # a zero budget still runs the model for one video per run, so each run makes progress
    assert first.scored_videos == sorted(order[:1]) and not first.complete
    second = evaluate(cold_wiki, budget=0)
    assert second.scored_videos == sorted(order[:2])
    full = evaluate(cold_wiki, budget=None)
    assert full.complete and full.scored_videos == sorted(order)
    # a complete run from the cache equals a cold full run
    assert ratios(full.overall) == ratios(evaluate(cold_wiki, budget=0).overall)


def test_unscored_videos_show_no_model_figures_and_the_overall_figures_are_estimates(cold_wiki):
    report = evaluate(cold_wiki, budget=0)
    unscored = [vid for vid in report.videos if vid not in report.scored_videos]
    assert unscored
    for vid in unscored:
        figures = ratios(report.videos[vid])
        assert figures["supported_share"] is None and figures["coverage"] is None
        assert figures["cited_share"] is not None  # the model-free metrics are there for every video
    overall = report.overall_ratios()
    for metric in MODEL_METRICS:
        value, half = report.estimates[metric]
        assert overall[metric] == value and half is None  # one video: no spread to estimate


def test_identity_counts_use_the_same_denominators_as_the_judge(demo_wiki):
    """The estimator extrapolates from counts taken without the model; they must count the same
    sentences as the model-based scoring does, or the estimates would be of something else."""
    report = evaluate(demo_wiki, budget=None)
    vault = evaluate_module.find_vault(demo_wiki)
    pages = [p for p in evaluate_module.read_vault(vault) if p.kind == "article" and p.video_id]
    store = evaluate_module.wiki_store(demo_wiki)
    try:
        source = evaluate_module.store_transcripts(store)
        prose = {p.rel: evaluate_module.prose_sentences(p.page) for p in pages}
        for vid, measured in report.videos.items():
            members = [p for p in pages if p.video_id == vid]
            counted = evaluate_module._identity_counts(members, prose, source.get(vid))
            for num, den in MODEL_METRICS.values():
                assert getattr(counted, den) == getattr(measured, den), (vid, den)
                if num != "support_sum":  # (1.0 per verbatim sentence against a cosine of 0.9999)
                    # identity decides a subset: a verbatim sentence is supported, localized, covering,
                    # repeated
                    assert getattr(counted, num) <= getattr(measured, num), (vid, num)
    finally:
        store.close()


def test_the_cli_says_when_figures_come_from_a_sample(cold_wiki):
    result = runner.invoke(app, ["eval", str(cold_wiki), "--budget", "0", "--json"])
    assert result.exit_code == 0, result.output
    sample = json.loads(result.stdout)["sample"]
    assert sample["complete"] is False and sample["videos_scored"] < sample["videos"]
    assert sample["budget_seconds"] == 0
    table = runner.invoke(app, ["eval", str(cold_wiki), "--budget", "0"])
    said = " ".join(table.stdout.split())  # rich wraps lines at the terminal width
    assert "random sample" in said and "Run again to extend the sample" in said and "--full" in said
    full = runner.invoke(app, ["eval", str(cold_wiki), "--full", "--json"])
    data = json.loads(full.stdout)
    assert data["sample"]["complete"] is True and all(v == 0.0 for v in data["sample"]["ci95"].values()
                                                      if v is not None)
    assert all(video["scored"] for video in data["per_video"])


def test_a_complete_evaluation_forgets_vectors_the_wiki_no_longer_needs(cold_wiki):
    db = sqlite3.connect(cold_wiki / "vidwiki.db")
    stale = [("0" * 64, b"\x01" * 16, b"\x00" * 768), (Embedder.MODEL_SHA256, b"\x02" * 16, b"\x00" * 768)]
    db.executemany("INSERT INTO eval_embeddings VALUES (?, ?, ?)", stale)  # another model's, a vanished text's
    db.commit()
    sampled = evaluate(cold_wiki, budget=0)
    assert sampled.forgotten == 0  # a partial run has not asked for everything: it keeps the cache
    assert db.execute("SELECT COUNT(*) FROM eval_embeddings WHERE text_sha IN (?, ?)",
                      (b"\x01" * 16, b"\x02" * 16)).fetchone()[0] == 2
    full = evaluate(cold_wiki, budget=None)
    assert full.forgotten == 2
    kept = db.execute("SELECT COUNT(*) FROM eval_embeddings").fetchone()[0]
    assert kept == full.embedded + full.cached  # exactly the texts this evaluation used
    again = evaluate(cold_wiki, budget=None)
    assert again.embedded == 0 and again.forgotten == 0
    db.close()


def test_a_bare_vault_cannot_grow_its_sample_so_the_cli_points_to_full(demo_wiki, tmp_path):
    shutil.copytree(demo_wiki / "vault", tmp_path / "vault-copy")
    result = runner.invoke(app, ["eval", str(tmp_path / "vault-copy"), "--transcripts", str(EXAMPLES), "--budget", "0"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())  # rich wraps lines at the terminal width
    assert "no store to cache vectors in" in said and "Run again" not in said
