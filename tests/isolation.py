"""Native code runs in a child process: a crash there is one failed test, never a dead suite.

Tests marked ``llm`` drive llama.cpp, which is native code: a general protection fault in it
(seen with AMX CPUs) used to kill pytest at 77% and hide every later test. Such a test is run
by a fresh ``python -m pytest <node id>`` (not a fork: the parent has onnxruntime thread pools
that a forked child cannot use), and its outcome, read from the child's JUnit XML, is reported
here. A child killed by a signal fails with the signal's name and the end of its output.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _pytest.reports import TestReport

CHILD_ENV = "VIDWIKI_TEST_ISOLATED_CHILD"
MARKERS = ("llm",)
TIMEOUT = 1800


def wants_isolation(item: pytest.Item) -> bool:
    return not os.environ.get(CHILD_ENV) and any(item.get_closest_marker(m) for m in MARKERS)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    if not wants_isolation(item):
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    item.ihook.pytest_runtest_logreport(report=run_isolated(item))
    item.session._setupstate.teardown_exact(nextitem)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def run_isolated(item: pytest.Item) -> TestReport:
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "report.xml"
        cmd = [sys.executable, "-m", "pytest", item.nodeid, "-q", "-p", "no:cacheprovider",
               f"--junitxml={xml}", f"--rootdir={item.config.rootpath}"]
        env = dict(os.environ, **{CHILD_ENV: "1"})
        try:
            proc = subprocess.run(cmd, cwd=item.config.rootpath, env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            return _report(item, "failed", f"timed out after {TIMEOUT} s in its child process\n{_tail(exc.stdout)}",
                           time.monotonic() - started)
        duration = time.monotonic() - started
        output = _tail(proc.stdout + proc.stderr)
        if proc.returncode < 0:
            try:
                name = signal.Signals(-proc.returncode).name
            except ValueError:
                name = f"signal {-proc.returncode}"
            return _report(item, "failed", f"the test's child process died of {name}\n{output}", duration)
        outcome, longrepr = _junit_outcome(xml, item)
        if outcome is None:
            return _report(item, "failed", f"the test's child process exited {proc.returncode} without a report\n{output}",
                           duration)
        return _report(item, outcome, longrepr if outcome != "failed" else f"{longrepr}\n{output}", duration)


def _junit_outcome(xml: Path, item: pytest.Item) -> tuple[str | None, object]:
    try:
        case = ET.parse(xml).getroot().find(".//testcase")
    except (OSError, ET.ParseError):
        return None, None
    if case is None:
        return None, None
    for tag in ("failure", "error"):
        node = case.find(tag)
        if node is not None:
            return "failed", (node.text or node.get("message") or tag)
    skipped = case.find("skipped")
    if skipped is not None:
        path, line, _ = item.location
        return "skipped", (str(path), (line or 0) + 1, skipped.get("message") or "skipped")
    return "passed", None


def _report(item: pytest.Item, outcome: str, longrepr: object, duration: float) -> TestReport:
    return TestReport(item.nodeid, item.location, {k: 1 for k in item.keywords}, outcome, longrepr, "call",
                      duration=duration)


def _tail(text: str | bytes | None, lines: int = 40) -> str:
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return "\n".join((text or "").splitlines()[-lines:])
