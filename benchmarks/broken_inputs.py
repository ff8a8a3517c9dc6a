"""Broken inputs: how many were tried, how many were handled with a clear line, how many tracebacks.

The corpus is ``tests/data/broken/`` (written and explained by ``tools/make_broken_inputs.py``)
plus the cases that can only be made at run time (a 50 MB line, an unreadable file, a symlink
loop, a FIFO, ...). They are put in one folder beside good videos (by default the demo channel in
``examples/``) and built with the real command line, then each broken caption file is built alone.

A case is *handled* when vidwiki does what the case says (``tools/make_broken_inputs.py``):

* ``skip``: the mixed build lists the file exactly once, on one line naming it (and the line the
  case names), with a reason containing the case's fragment, and builds it into no video; built
  alone (caption files), it exits 2 with that one line on stderr and nothing on stdout;
* ``warn``: listed exactly once like that, while its video is built;
* ``read``: its video is built and the file is not listed;
* ``ignore``: nothing is listed for it and nothing is built from it.

Besides, the mixed build must exit 0 (2 with ``--strict``) and every good video's pages must be
byte-identical to a build of the good videos alone. A *traceback* is any exception other than
the clean exit the command line makes, in any of these runs: it must be 0.

    .venv/bin/python benchmarks/broken_inputs.py            # the demo channel + every broken case
    .venv/bin/python benchmarks/broken_inputs.py --json
    .venv/bin/python benchmarks/broken_inputs.py --good examples/01-cast-iron
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.ingest.names import id_from_name

REPO = Path(__file__).resolve().parents[1]
BROKEN = REPO / "tests" / "data" / "broken"
EXAMPLES = REPO / "examples"


def _load_maker():
    """``tools/make_broken_inputs.py``, which is a script, not part of the package."""
    spec = importlib.util.spec_from_file_location("make_broken_inputs", REPO / "tools" / "make_broken_inputs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


maker = _load_maker()


@dataclass(slots=True)
class Figures:
    tried: int = 0
    handled: int = 0
    tracebacks: int = 0
    good_videos: int = 0
    good_pages_identical: bool = False
    exit_code: int | None = None
    strict_exit_code: int | None = None
    seconds: float = 0.0
    unhandled: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.handled == self.tried and self.tracebacks == 0 and self.good_pages_identical
                and self.exit_code == 0 and self.strict_exit_code == 2)


@dataclass(frozen=True, slots=True)
class _Case:
    name: str
    expect: str
    reason: str
    line: int | None


def _cases(folder: Path) -> list[_Case]:
    """Copy the committed cases into ``folder`` and make the run-time ones there."""
    folder.mkdir(parents=True)
    manifest = json.loads((BROKEN / maker.MANIFEST).read_text(encoding="utf-8"))
    cases = []
    for item in manifest:
        shutil.copyfile(BROKEN / item["file"], folder / item["file"])
        cases.append(_Case(item["file"], item["expect"], item["reason"], item["line"]))
    cases += [_Case(c.name, c.expect, c.reason, None) for c in maker.make_runtime_cases(folder)]
    return cases


class _Runs:
    """The command line, in-process, counting every exception that is not its clean exit."""

    def __init__(self) -> None:
        self.runner = CliRunner()
        self.tracebacks = 0

    def build(self, *args: str):
        result = self.runner.invoke(app, ["build", *args, "--quiet", "--no-quality"])
        escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
        if escaped or "Traceback" in result.output:
            self.tracebacks += 1
        return result


def _vault(wiki: Path, channels: set[str]) -> dict[str, bytes]:
    vault = wiki / "vault"
    return {str(p.relative_to(vault)): p.read_bytes() for p in sorted(vault.rglob("*.md"))
            if p.relative_to(vault).parts[0] in channels}


def _videos(wiki: Path) -> set[str]:
    db = sqlite3.connect(wiki / "vidwiki.db")
    try:
        return {row[0] for row in db.execute("SELECT video_id FROM videos")}
    finally:
        db.close()


def _listed(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if f"/{name}:" in line or line.endswith(f"/{name}")]


def _line_ok(line: str, case: _Case) -> bool:
    where = f"/{case.name}:{case.line}:" if case.line else f"/{case.name}"
    return where in line and case.reason in line and "\n" not in line


def measure(good: list[Path], work: Path) -> Figures:
    """Build ``good`` (caption folders) alone, then beside every broken case, under ``work``."""
    started = time.perf_counter()
    figures = Figures()
    runs = _Runs()
    good_in = work / "good"
    for folder in good:
        shutil.copytree(folder, good_in / folder.name, symlinks=True)
    clean = runs.build(str(good_in), "--out", str(work / "clean"))
    if clean.exit_code != 0:
        raise SystemExit(f"the good videos alone do not build: {clean.output}")
    good_ids = _videos(work / "clean")
    channels = {p.name for p in (work / "clean" / "vault").iterdir() if p.is_dir()}
    figures.good_videos = len(good_ids)

    mixed_in = work / "mixed"
    shutil.copytree(good_in, mixed_in / "good", symlinks=True)
    broken = mixed_in / "broken"
    cases = _cases(broken)
    try:
        mixed = runs.build(str(mixed_in), "--out", str(work / "mixed-wiki"))
        strict = runs.build(str(mixed_in), "--out", str(work / "mixed-wiki"), "--strict")
        figures.exit_code, figures.strict_exit_code = mixed.exit_code, strict.exit_code
        lines = [line for line in mixed.stderr.splitlines() if line.startswith(("skipped ", "note "))]
        built = _videos(work / "mixed-wiki") if (work / "mixed-wiki" / "vidwiki.db").is_file() else set()
        figures.good_pages_identical = good_ids <= built and (
            _vault(work / "clean", channels) == _vault(work / "mixed-wiki", channels))
        for case in cases:
            figures.tried += 1
            problem = _judge(case, _listed(lines, case.name), built, runs, broken, work)
            if problem:
                figures.unhandled.append(f"{case.name}: {problem}")
            else:
                figures.handled += 1
    finally:
        maker.undo_runtime_cases(broken)
    figures.tracebacks = runs.tracebacks
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


def _judge(case: _Case, listed: list[str], built: set[str], runs: _Runs, folder: Path, work: Path) -> str | None:
    """Why ``case`` was not handled as it says, or None."""
    vid = id_from_name(Path(case.name))
    if case.expect in ("read", "ignore"):
        if listed:
            return f"listed although it should be {case.expect}: {listed[0]}"
        if case.expect == "read" and vid not in built:
            return "its video was not built"
        return None
    if len(listed) != 1:
        return f"listed {len(listed)} times"
    if not _line_ok(listed[0], case):
        return f"unclear line: {listed[0]}"
    if case.expect == "warn":
        return None if vid in built else "its video was not built"
    if vid is not None and vid in built:
        return "built into a video although it is broken"
    if case.name.endswith(".info.json"):
        return None
    alone = runs.build(str(folder / case.name), "--out", str(work / "alone" / case.name))
    stderr = alone.stderr.strip().splitlines()
    if alone.exit_code != 2 or len(stderr) != 1 or alone.stdout.strip() or not _line_ok(stderr[0], case):
        return f"alone: exit {alone.exit_code}, stderr {stderr!r}, stdout {alone.stdout.strip()[:80]!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--good", type=Path, nargs="*", help="good caption folders (default: examples/*)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    good = args.good or sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="vidwiki-broken-") as tmp:
        figures = measure([p.resolve() for p in good], Path(tmp))
    if args.json:
        print(json.dumps(asdict(figures), indent=2))
    else:
        print(f"broken inputs tried            {figures.tried}")
        print(f"handled with a clear line      {figures.handled}")
        print(f"tracebacks                     {figures.tracebacks}")
        print(f"good videos built, identical   {figures.good_videos}, "
              f"{'yes' if figures.good_pages_identical else 'NO'}")
        print(f"exit code (--strict)           {figures.exit_code} ({figures.strict_exit_code})")
        print(f"time                           {figures.seconds} s")
        for line in figures.unhandled:
            print(f"  not handled: {line}")
    return 0 if figures.ok else 1


if __name__ == "__main__":
    sys.exit(main())
