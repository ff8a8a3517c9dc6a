"""The smoke child of ``vidwiki.write.llm.native``, dying of a real signal when a test says so.

A native crash (llama.cpp's SIGSEGV on a CPU it was not built for) cannot be had on cue, so
tests put this script in front of the real child (``native.SMOKE_CHILD``, by ``crash_children``),
and the guard sees a child really killed by the signal, before it touches llama.cpp::

    python crashing_smoke.py FAULT -- SMOKE-ARGS...         # a child: dies of FAULT, or is the real one
    python crashing_smoke.py FAULT cli -- VIDWIKI-ARGS...   # the command line, with such children

FAULT is a signal name ("SIGSEGV": every child dies of it) or a signal and a word
("SIGSEGV@zen4": only an evaluation with a CPU variant whose path holds the word, as AMX did).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from vidwiki.write.llm import native, smoke

HERE = Path(__file__).resolve()


def child(fault: str) -> tuple[str, ...]:
    return (str(HERE), fault, "--")


def crash_children(monkeypatch: Any, fault: str) -> None:
    """Smoke children of this process die of ``fault``; the variant each process chose is forgotten,
    so the children are asked again."""
    monkeypatch.setattr(native, "SMOKE_CHILD", child(fault))
    monkeypatch.setattr(native, "_prepared", {})


def cli_command(fault: str, *args: str) -> list[str]:
    """``vidwiki ARGS`` as a process whose smoke children die of ``fault``."""
    return [sys.executable, str(HERE), fault, "cli", "--", *args]


def main(argv: list[str]) -> int:
    fault, rest = argv[0], argv[1:]
    if rest[:1] == ["cli"]:
        from vidwiki.cli import main as cli_main

        native.SMOKE_CHILD = child(fault)
        sys.argv = ["vidwiki", *rest[2:]]
        cli_main()
        return 0
    args = rest[1:]
    name, _, only = fault.partition("@")
    if not only or (args[:1] == ["eval"] and only in os.environ.get(native.BACKEND_ENV, "")):
        os.kill(os.getpid(), getattr(signal, name))
    return smoke.main(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
