"""LLM writers: a local GGUF model in-process (llama.cpp) or any OpenAI-compatible endpoint.

Modules, one job each: ``models`` (packaged GGUF files, joined and sha256-verified),
``backends`` (one chat call), ``calls`` (cache in the store, retries, concurrency), ``prompts``
(transcript as data), ``parse`` (``[S12]`` citations, JSON outlines), ``verify`` (support by
embeddings, re-cite / rewrite / drop, attribution), ``writer`` (map-reduce over a topic's
stretch), ``ledger`` (tokens and time per stage), ``dryrun`` and ``report``. Nothing here is
imported unless ``--writer local`` or ``--writer openai`` is chosen.
"""
