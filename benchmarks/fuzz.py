"""Long fuzz run: every target of ``tests/fuzz/targets.py``, far past the CI profile's examples.

The tests in ``tests/fuzz/`` run each target with a few hundred examples on every ``make test``;
this runs the same strategies and the same properties with many more (100,000 per target by
default), and prints per target the examples run, the failures found (must be 0) and the seconds
taken. A failure prints the smallest input hypothesis found, ready for an ``@example`` in the
target's test.

    .venv/bin/python benchmarks/fuzz.py                      # 100,000 examples per target
    .venv/bin/python benchmarks/fuzz.py --examples 5000      # a shorter run
    .venv/bin/python benchmarks/fuzz.py --target vtt --target json --seed 1
    .venv/bin/python benchmarks/fuzz.py --list

Exit code: 0 when no target failed, 1 otherwise. Needs the ``test`` extra (hypothesis).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the targets live with the tests that run them

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz.targets import TARGETS, Target  # noqa: E402


@dataclass(slots=True)
class Result:
    target: str
    examples: int
    failures: int
    seconds: float
    smallest: str = ""


def run(target: Target, examples: int, run_seed: int) -> Result:
    """Run one target for ``examples`` examples; a failure is shrunk and reported, not raised."""
    calls = 0

    def counted(value: object) -> None:
        nonlocal calls
        calls += 1
        target.check(value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        report_multiple_bugs=True,
    )(seed(run_seed)(given(target.strategy)(counted)))
    start = time.process_time()
    failures, smallest = 0, ""
    try:
        test()
    except Exception as exc:  # a property failed: count it, keep the minimal input
        found = exc.exceptions if isinstance(exc, ExceptionGroup) else [exc]
        failures = len(found)
        smallest = "\n".join(
            f"{type(e).__name__}: {str(e)[:300]}\n" + "\n".join(getattr(e, "__notes__", []))
            for e in found
        )
    return Result(target.name, calls, failures, round(time.process_time() - start, 1), smallest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="examples per target")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="only these (repeatable)")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (the run is reproducible)")
    parser.add_argument("--json", action="store_true", help="one JSON object per target")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    args = parser.parse_args()
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name:14} {target.doc}")
        return 0
    names = args.target or list(TARGETS)
    results = []
    if not args.json:
        print(f"{'target':14} {'examples':>9} {'failures':>8} {'CPU s':>7}")
    for name in names:
        result = run(TARGETS[name], args.examples, args.seed)
        results.append(result)
        if args.json:
            print(json.dumps(asdict(result)), flush=True)
        else:
            print(f"{result.target:14} {result.examples:9d} {result.failures:8d} {result.seconds:7.1f}", flush=True)
            if result.smallest:
                print("    " + result.smallest.replace("\n", "\n    "), flush=True)
    if not args.json:
        total = sum(r.seconds for r in results)
        print(f"{'total':14} {sum(r.examples for r in results):9d} {sum(r.failures for r in results):8d} "
              f"{total:7.1f}")
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
