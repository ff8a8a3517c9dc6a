"""Keeps a llama.cpp crash on this CPU out of the build: check in a child process first.

llama.cpp is native code compiled for some set of CPU instructions. A build compiled for the
machine that built it (``GGML_NATIVE``) can die of a general protection fault on another CPU, or
even on the same one: on Xeons with AMX inside a VM, every prompt of two or more tokens crashed
the whole Python process, taking a build (or the test suite) with it. So before a build relies on
an in-process model, a child process loads it and evaluates a 2-token and a longer batch; a child
that dies of a signal becomes a one-line ``BackendError`` instead of a dead build.

The portable build (``scripts/install-llama-cpp``) has llama.cpp's CPU variants as loadable
modules (``libggml-cpu-<cpu>.so``: x64 ... haswell ... zen4, sapphirerapids). Nothing loads them
from a Python process by itself, so this module picks one: variants are ranked by ggml's own score
for this CPU (a child asks each), and the best one that survives the smoke evaluation is loaded
through ``GGML_BACKEND_PATH``, which llama.cpp reads when its backends initialise (before the first
model). A variant that crashes (AMX where the hypervisor forbids it) is passed over for the next.
The outcome is cached per CPU, llama.cpp build and model, so the check costs once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import BackendError
from .models import cache_dir

BACKEND_ENV = "GGML_BACKEND_PATH"
SMOKE_CHILD = ("-m", "vidwiki.write.llm.smoke")  # what the child runs, after the interpreter
SMOKE_TIMEOUT = 600.0
REBUILD_HINT = "rebuild it portably: scripts/install-llama-cpp PYTHON (see docs/writers.md)"


@dataclass(slots=True)
class SmokeOutcome:
    """What one child process said (or how it died)."""

    ok: bool
    signal_name: str | None = None
    detail: str = ""
    info: dict = field(default_factory=dict)


def llama_lib_dir() -> Path | None:
    """The installed llama_cpp package's native library folder (None when not installed)."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def cpu_variants(lib_dir: Path | None) -> list[Path]:
    """The CPU variant modules of a runtime-dispatch build (none in a single-CPU build)."""
    if lib_dir is None or not lib_dir.is_dir():
        return []
    return sorted(p for p in lib_dir.glob("libggml-cpu-*.so") if p.is_file())


def _cpu_flags() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return ""
    return next((line for line in text.splitlines() if line.startswith(("flags", "Features"))), "")


def _fingerprint(lib_dir: Path | None, model_identity: str) -> str:
    files = []
    if lib_dir is not None and lib_dir.is_dir():
        for p in sorted(lib_dir.iterdir()):
            st = p.stat()
            files.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    material = json.dumps([files, _cpu_flags(), model_identity, sys.version_info[:2]])
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def _cache_file() -> Path:
    return cache_dir().parent / "llama-cpu.json"


def _read_cache() -> dict:
    try:
        data = json.loads(_cache_file().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(key: str, entry: dict) -> None:
    path = _cache_file()
    data = _read_cache()
    data[key] = entry
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1))
        tmp.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs the check again next time


def _run_child(args: list[str], env: dict[str, str], timeout: float = SMOKE_TIMEOUT) -> SmokeOutcome:
    try:
        proc = subprocess.run([sys.executable, *SMOKE_CHILD, *args], env=env,
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return SmokeOutcome(False, detail=f"no answer within {timeout:.0f} s")
    if proc.returncode < 0:
        try:
            name = signal.Signals(-proc.returncode).name
        except ValueError:
            name = f"signal {-proc.returncode}"
        return SmokeOutcome(False, signal_name=name, detail=_last_line(proc.stderr))
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    try:
        info = json.loads(lines[-1]) if lines else {}
    except ValueError:
        info = {}
    if proc.returncode != 0 or not info.get("ok"):
        return SmokeOutcome(False, detail=info.get("error") or _last_line(proc.stderr) or f"exit {proc.returncode}")
    return SmokeOutcome(True, info=info)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def _child_env(variant: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(BACKEND_ENV, None)
    if variant is not None:
        env[BACKEND_ENV] = str(variant)
    return env


# ggml's x86 variants from the least to the most capable (its CMake list): the order to try them in
# when the score probe itself fails
CAPABILITY = ("x64", "sse42", "sandybridge", "ivybridge", "piledriver", "haswell", "alderlake", "skylakex",
              "cannonlake", "cascadelake", "icelake", "cooperlake", "zen4", "sapphirerapids")


def _tag(variant: Path) -> str:
    return variant.stem.removeprefix("libggml-cpu-")


def ranked_variants(variants: list[Path]) -> list[Path]:
    """Variants this CPU can run, best first, by ggml's own score (asked in a child process)."""
    if not variants:
        return []
    outcome = _run_child(["scores", *map(str, variants)], _child_env(None), timeout=120)
    scores = outcome.info.get("scores") if outcome.ok else None
    if not isinstance(scores, dict):  # the probe died: let the smoke check sort them out, best first
        return sorted(variants, key=lambda v: -CAPABILITY.index(_tag(v)) if _tag(v) in CAPABILITY else 1)
    usable = [v for v in variants if int(scores.get(str(v), 0)) > 0]
    return sorted(usable, key=lambda v: -int(scores[str(v)]))


def smoke(model_path: Path, variant: Path | None) -> SmokeOutcome:
    """Load the model in a child process with this CPU variant and evaluate 2 tokens, then 16."""
    return _run_child(["eval", str(model_path)], _child_env(variant))


def _crash_error(outcome: SmokeOutcome, what: str) -> BackendError:
    how = f"died of {outcome.signal_name}" if outcome.signal_name else f"failed ({outcome.detail})"
    return BackendError(f"llama.cpp crashed on this CPU: a 2-token evaluation of {what} {how}; {REBUILD_HINT}")


def _choose(model_path: Path, variants: list[Path]) -> dict:
    """The cache entry for the first variant (or the single build) that survives the smoke check."""
    if not variants:
        outcome = smoke(model_path, None)
        if not outcome.ok:
            raise _crash_error(outcome, "the model")
        return {"ok": True, "variant": None, "info": outcome.info}
    passed_over: list[str] = []
    last = SmokeOutcome(False, detail="no CPU variant of llama.cpp supports this CPU")
    for variant in ranked_variants(variants):
        last = smoke(model_path, variant)
        if last.ok:
            return {"ok": True, "variant": str(variant), "passed_over": passed_over, "info": last.info}
        passed_over.append(f"{variant.name}: {last.signal_name or last.detail}")
    raise _crash_error(last, "every CPU variant")


_prepared: dict[str, Path | None] = {}  # this process: model identity -> variant in use


def prepare_llama_cpp(model_path: Path, model_identity: str) -> Path | None:
    """Make this process's llama.cpp safe to load ``model_path``; return the CPU variant chosen.

    Raises ``BackendError`` (one line) when llama.cpp cannot evaluate a prompt on this CPU.
    Must run before the first model is loaded in this process (backends initialise once). The
    answer is kept for the process and, across processes, in the cache file.
    """
    if model_identity in _prepared:
        return _prepared[model_identity]
    lib_dir = llama_lib_dir()
    key = _fingerprint(lib_dir, model_identity)
    entry = _read_cache().get(key)
    chosen = Path(entry["variant"]) if isinstance(entry, dict) and entry.get("ok") and entry.get("variant") else None
    if not (isinstance(entry, dict) and entry.get("ok") and (chosen is None or chosen.is_file())):
        entry = _choose(model_path, cpu_variants(lib_dir))
        _write_cache(key, entry)
        chosen = Path(entry["variant"]) if entry["variant"] else None
    if chosen is not None:
        os.environ[BACKEND_ENV] = str(chosen)
    _prepared[model_identity] = chosen
    return chosen


def backend_env(model_path: Path, model_identity: str) -> dict[str, str]:
    """The environment a separate llama.cpp process (e.g. ``python -m llama_cpp.server``) needs."""
    return _child_env(prepare_llama_cpp(model_path, model_identity))
