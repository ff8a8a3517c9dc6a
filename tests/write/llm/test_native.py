"""The guard in front of llama.cpp: a model is evaluated in a child process before a build
relies on it, and a child that dies of a signal becomes one line and exit 1, not a dead build.

The children here really die of SIGSEGV (``crashing_smoke.py`` stands in front of the smoke child
and kills it before it touches llama.cpp), so these tests need no model and no llama.cpp.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from crashing_smoke import cli_command, crash_children

from vidwiki.errors import BackendError
from vidwiki.write.llm import native

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture
def crashing_child(monkeypatch, tmp_path):
    monkeypatch.delenv(native.BACKEND_ENV, raising=False)
    crash_children(monkeypatch, "SIGSEGV")
    monkeypatch.setenv("VIDWIKI_CACHE", str(tmp_path / "cache"))


def test_a_child_that_dies_of_sigsegv_is_a_one_line_error(crashing_child, tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(BackendError) as info:
        native.prepare_llama_cpp(model, "llama.cpp:test")
    message = str(info.value)
    assert message.startswith("llama.cpp crashed on this CPU")
    assert "SIGSEGV" in message and "scripts/install-llama-cpp" in message
    assert "\n" not in message
    assert native.BACKEND_ENV not in os.environ  # no variant was chosen


def test_a_build_with_a_crashing_llama_cpp_exits_1_with_one_line_and_writes_no_page(crashing_child, tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    wiki = tmp_path / "wiki"
    env = dict(os.environ, VIDWIKI_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run(cli_command("SIGSEGV", "build", str(EXAMPLES / "01-cast-iron"), "--out", str(wiki),
                                      "--writer", "local", "--model", str(model), "--no-quality"),
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    assert len(lines) == 1 and "llama.cpp crashed on this CPU" in lines[0], lines
    assert "Traceback" not in proc.stderr
    assert not list(wiki.rglob("*.md"))


def test_variants_are_found_in_the_package_library_folder(tmp_path):
    for name in ("libggml-cpu-haswell.so", "libggml-cpu-x64.so", "libggml-base.so", "libllama.so"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in native.cpu_variants(tmp_path)] == ["libggml-cpu-haswell.so", "libggml-cpu-x64.so"]
    assert native.cpu_variants(tmp_path / "missing") == []
