"""What the portable llama.cpp build costs: tokens/s of each CPU variant this CPU can run.

    python benchmarks/bench_llama_variants.py [--model qwen-0.5b --model qwen-1.5b] [--runs 2] [--json]

The portable build (scripts/install-llama-cpp) holds every x86-64 CPU variant of llama.cpp as a
module. On this machine the best variant is what a native build would compile (AVX-512 here),
so the variants side by side, in one run, on the same models, show what portability costs: the
variant vidwiki picks (the best that passes the smoke check) against the AVX2 baseline (haswell)
and plain x86-64. Each variant runs in its own child process (``GGML_BACKEND_PATH``); prompt
processing is timed on a ~500-token prompt, generation on 64 tokens (greedy), best of --runs.
Threads: VIDWIKI_LLM_THREADS, else half the cores, as the writer uses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys, time
from llama_cpp import Llama
model, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
llm = Llama(model_path=model, n_ctx=1024, n_batch=512, n_threads=threads, verbose=False, seed=0)
text = ("A linear transformation keeps grid lines parallel and evenly spaced, and the origin fixed. "
        "Its matrix records where the basis vectors land. ") * 24
tokens = llm.tokenize(text.encode(), add_bos=True)[:500]
best_pp = best_tg = 0.0
for _ in range(runs):
    llm.reset()
    t = time.perf_counter(); llm.eval(tokens); pp = len(tokens) / (time.perf_counter() - t)
    generated = 0
    t = time.perf_counter()
    for tok in llm.generate(tokens[:8], temp=0.0, reset=True):
        generated += 1
        if generated >= 64:
            break
    tg = generated / (time.perf_counter() - t)
    best_pp, best_tg = max(best_pp, pp), max(best_tg, tg)
print(json.dumps({"prompt_tokens": len(tokens), "pp": best_pp, "tg": best_tg}))
"""


def run_variant(model: Path, variant: Path, threads: int, runs: int) -> dict:
    env = dict(os.environ, GGML_BACKEND_PATH=str(variant))
    out = subprocess.run([sys.executable, "-c", CHILD, str(model), str(threads), str(runs)], env=env,
                         capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        return {"error": f"exit {out.returncode}: {out.stderr.strip().splitlines()[-1:] }"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from vidwiki.write.llm.factory import llm_threads
    from vidwiki.write.llm.models import resolve_model
    from vidwiki.write.llm.native import (
        cpu_variants,
        llama_lib_dir,
        prepare_llama_cpp,
        ranked_variants,
    )

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", action="append", help="packaged alias or GGUF path (repeatable)")
    ap.add_argument("--variant", action="append", help="only these variant names, e.g. zen4 haswell x64")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    variants = ranked_variants(cpu_variants(llama_lib_dir()))
    if not variants:
        sys.exit("no CPU variants installed: scripts/install-llama-cpp .venv/bin/python")
    wanted = set(args.variant or ())
    threads = llm_threads()
    rows = []
    for name in args.model or ["qwen-0.5b", "qwen-1.5b"]:
        path, digest = resolve_model(name)
        chosen = prepare_llama_cpp(path, f"llama.cpp:{digest}")
        for variant in variants:
            tag = variant.stem.removeprefix("libggml-cpu-")
            if wanted and tag not in wanted:
                continue
            if not wanted and tag not in {"x64", "haswell", "skylakex", "icelake", "zen4", "sapphirerapids"} and variant != chosen:
                continue
            result = run_variant(path, variant, threads, args.runs)
            rows.append({"model": name, "variant": tag, "chosen": variant == chosen, "threads": threads, **result})
            if not args.json:
                mark = " (chosen)" if variant == chosen else ""
                if "error" in result:
                    print(f"{name:10} {tag + mark:22} {result['error']}", flush=True)
                else:
                    print(f"{name:10} {tag + mark:22} prompt {result['pp']:7.1f} tok/s   generation {result['tg']:6.1f} tok/s",
                          flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
