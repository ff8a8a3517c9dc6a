"""Distil the bundled MiniLM into a static token-embedding table (model2vec's recipe).

Why: MiniLM through onnxruntime embeds ~200 sentences/s here, too slow to compare every
segment of a 150-video channel during a build. A static table (one vector per word piece,
averaged over a sentence's pieces) embeds tens of thousands of sentences per second and
keeps most of MiniLM's sense of meaning, which is all topic segmentation and cross-video
matching need. Each vocabulary piece is run through the packaged, sha256-checked model alone
(``[CLS] piece [SEP]``, mean-pooled, as a sentence would be), the table is reduced to
``DIMS`` dimensions by PCA, and stored as int8 rows with one float scale per row.

Run from the repository root; it rewrites ``src/vidwiki/data/minilm-static.npz`` and prints
the sha256 to pin in ``vidwiki/static.py``::

    .venv/bin/python tools/distill_static.py
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np

from vidwiki.embeddings import (
    MODEL_SHA256,
    TOKENIZER_FILE,
    TOKENIZER_SHA256,
    _model_file,
    _verified,
)

DIMS = 256
OUT = Path("src/vidwiki/data/minilm-static.npz")


def main() -> int:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model = _verified(_model_file(), MODEL_SHA256, "the embedding model")
    tok = Tokenizer.from_file(str(_verified(TOKENIZER_FILE, TOKENIZER_SHA256, "the MiniLM tokenizer")))
    vocab = tok.get_vocab()
    size = max(vocab.values()) + 1
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}
    table = np.zeros((size, 384), dtype=np.float32)
    started = time.time()
    batch = 1024
    for lo in range(0, size, batch):
        ids_1d = np.arange(lo, min(size, lo + batch), dtype=np.int64)
        ids = np.stack([np.full_like(ids_1d, cls_id), ids_1d, np.full_like(ids_1d, sep_id)], axis=1)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        (hidden,) = session.run(["last_hidden_state"], feeds)
        table[lo : lo + len(ids_1d)] = hidden.mean(axis=1)
    centred = table - table.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[:: 3], full_matrices=False)
    reduced = centred @ vt[:DIMS].T
    scale = np.abs(reduced).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(reduced / scale).astype(np.int8)
    np.savez_compressed(OUT, vectors=q, scales=scale.astype(np.float32).ravel())
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"{OUT}: {size} pieces x {DIMS} dims in {time.time() - started:.1f} s, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
