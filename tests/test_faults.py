"""A real ``vidwiki build`` or ``vidwiki update`` killed with SIGKILL at any moment loses nothing.

``benchmarks/faults.py`` does the work: it kills the command line at seeded random moments of a
run (not at the stage boundaries ``tests/update/test_update_crash.py`` names), then checks that
the store left behind passes SQLite's integrity check, and that running the same command again
ends with a wiki byte-identical to an uninterrupted run (vault files, none extra, and the store's
rows) which ``vidwiki check`` finds clean. Here: the demo channel, 10 kills of each command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_scripts import load_script

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
faults = load_script("benchmarks/faults.py")

pytestmark = pytest.mark.slow


def test_a_build_and_an_update_killed_at_20_random_moments_rerun_to_the_uninterrupted_wiki(tmp_path):
    scenario, trials, _ = faults.run(EXAMPLES, kills=10, seed=13, work=tmp_path)

    assert [(t.command, t.moment, t.problems) for t in trials if not t.survived] == []
    for command in ("build", "update"):
        killed = [t for t in trials if t.command == command and t.injected]
        # a kill after the run ended proves nothing: the moments drawn again must fall inside the run
        assert len(killed) >= 8, f"only {len(killed)} of 10 {command} runs were still running when killed"
    assert faults.summary(scenario, trials)["all_trials_survived"]


def test_a_trial_fails_when_the_rerun_leaves_a_file_the_uninterrupted_run_has_not(tmp_path):
    """The comparison is strict: one stray file in the vault is a fault not survived."""
    wiki, reference = tmp_path / "wiki", tmp_path / "reference"
    for folder in (wiki, reference):
        assert faults.vidwiki("build", str(EXAMPLES / "01-cast-iron"), "--out", str(folder), "--quiet",
                              "--no-quality").returncode == 0
    assert faults.snapshot(wiki) == faults.snapshot(reference)
    stray = next((wiki / "vault").rglob("*.md"))
    (stray.parent / f".{stray.name}.abcd1234.tmp").write_text("half a page")
    assert faults.snapshot(wiki) != faults.snapshot(reference)
    said = faults.describe_difference(faults.snapshot(wiki), faults.snapshot(reference))
    assert f".{stray.name}.abcd1234.tmp" in said and "store tables differing []" in said
