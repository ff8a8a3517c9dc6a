"""The child process of ``native``: runs llama.cpp where a crash cannot take the build down.

``python -m vidwiki.write.llm.smoke scores LIB...`` prints ggml's score of each CPU variant module
for this CPU (0: it cannot run here). ``python -m vidwiki.write.llm.smoke eval MODEL`` loads the
model (with the variant named by ``GGML_BACKEND_PATH``, if any) and evaluates a 2-token batch and a
16-token batch: the prompt path that crashed on AMX machines while a 1-token prompt worked. Each
prints one JSON line; a crash shows as the child's signal.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from pathlib import Path

from .native import BACKEND_ENV

SMOKE_TEXT = b"The quick brown fox jumps over the lazy dog, and the dog sleeps on under the old oak tree."


def _scores(paths: list[str]) -> dict:
    lib_dir = Path(paths[0]).parent if paths else None
    if lib_dir is not None:
        base = lib_dir / "libggml-base.so"
        if base.is_file():  # the variants link against it; load it first, globally
            ctypes.CDLL(str(base), mode=ctypes.RTLD_GLOBAL)
    scores: dict[str, int] = {}
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            score = lib.ggml_backend_score
        except (OSError, AttributeError):
            scores[path] = 0
            continue
        score.restype = ctypes.c_int
        scores[path] = int(score())
    return {"ok": True, "scores": scores}


def _eval(model: str) -> dict:
    from llama_cpp import Llama, llama_print_system_info

    llm = Llama(model_path=model, n_ctx=128, n_batch=64, n_threads=max(1, (os.cpu_count() or 2) // 2),
                verbose=False)
    tokens = llm.tokenize(SMOKE_TEXT, add_bos=True)
    llm.eval(tokens[:2])  # two tokens: one batch through the matrix kernels
    llm.reset()
    llm.eval(tokens[:16])
    info = llama_print_system_info()
    return {"ok": True, "system_info": info.decode(errors="replace") if isinstance(info, bytes) else str(info),
            "variant": os.environ.get(BACKEND_ENV, "")}


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "scores":
        result = _scores(argv[1:])
    elif len(argv) == 2 and argv[0] == "eval":
        try:
            result = _eval(argv[1])
        except (ImportError, ValueError, RuntimeError, OSError) as exc:
            result = {"ok": False, "error": str(exc)[:200]}
    else:
        print("usage: python -m vidwiki.write.llm.smoke scores LIB... | eval MODEL", file=sys.stderr)
        return 2
    print(json.dumps(result), flush=True)
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
