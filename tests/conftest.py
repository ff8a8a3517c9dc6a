"""Shared fixtures: where the shared corpus lives, and a marker to skip without it.

Tests that need an optional component (an extra such as llama.cpp, a Debian program such as
chromium) skip when it is missing on a developer's machine. In CI (``VIDWIKI_CI=1``, set by
``.ci/run``, which installs every component) such a skip is a failure, so a broken install can
never turn the suite green by skipping. Only the shared corpus (and the right to mount a tmpfs) may
be absent in CI.

Property tests (``tests/fuzz/``) run under the hypothesis profile ``ci`` unless
``HYPOTHESIS_PROFILE`` names another: 100 examples per test, no deadline (two cores shared by
several builds make per-example timings meaningless) and a derandomized, fixed sequence, so the
whole fuzz suite stays around 20 s and a red run is the same on every machine. ``dev`` draws
fresh examples each run; ``benchmarks/fuzz.py`` is the long run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from isolation import pytest_runtest_protocol  # noqa: F401  (tests of native code run in a child)

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the test extra is not installed: only tests/fuzz/ needs it, and says so
    settings = None
if settings is not None:
    settings.register_profile(
        "ci",
        max_examples=100,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    settings.register_profile("dev", max_examples=300, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = REPO / "examples"
CORPUS_MISSING = "../shared/corpus is not present"
# What CI cannot install: a machine's right to mount a tmpfs (the full-disk tests, issue 13 §3:
# "mounted by the test as root, skipped elsewhere").
SKIPS_ALLOWED_IN_CI = ("mounting a tmpfs needs root", "cannot mount a tmpfs here")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    return CORPUS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (os.environ.get("VIDWIKI_CI") and report.skipped) or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if "../shared" not in reason and not any(allowed in reason for allowed in SKIPS_ALLOWED_IN_CI):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every component is installed: {reason}"

