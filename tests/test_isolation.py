"""A native crash in a test of llama.cpp is one failed test with its signal named; the rest run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

CRASHING_SUITE = '''
import os, signal
import pytest

@pytest.mark.llm
def test_native_code_dies():
    os.kill(os.getpid(), signal.SIGSEGV)

@pytest.mark.llm
def test_native_code_works():
    assert 1 + 1 == 2

def test_plain_python_after_the_crash():
    assert True
'''


def test_a_segfaulting_llm_test_fails_alone_and_names_the_signal(tmp_path):
    (tmp_path / "test_suite.py").write_text(CRASHING_SUITE)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    llm: native code\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "isolation", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(TESTS), "PATH": "/usr/bin:/bin"})
    assert "1 failed, 2 passed" in proc.stdout, proc.stdout + proc.stderr
    assert "died of SIGSEGV" in proc.stdout
