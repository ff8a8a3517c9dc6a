"""Write the corpus of broken caption and sidecar files under ``tests/data/broken/``.

Every case below says what is wrong with its file and what vidwiki must do with it:

* ``skip``: the file cannot be read as captions (or metadata). The build lists it once, on one
  line naming the file (and its line where the fault has one), builds every other video, and a
  build of that file alone exits 2 with that line and no traceback.
* ``warn``: a sidecar with one wrong field, or one that belongs to another video: listed once
  like a skipped file, while its video is still built (without the wrong field or sidecar).
* ``read``: the file is odd but meant: a BOM, UTF-16, Latin-1, cues out of order or
  overlapping, a start after its end, no SRT cue numbers. It is read (times repaired, text
  decoded) into a video, silently, as a person reading it would.

A few cases cannot be committed (a 50 MB line, a file nobody may read, a symlink loop, a FIFO, a
folder named ``x.vtt``): ``make_runtime_cases`` makes them in a temporary folder at test time.

Each file is named ``<case> [<id>].<ext>`` with an id of its own (``bk0000000NN``), so a file
that is read makes a video of its own and a file that is skipped cannot be confused with any
other video. Cases whose point is a missing or wrong id say so.

Run from the repository root (the test checks the committed files match this script)::

    .venv/bin/python tools/make_broken_inputs.py            # rewrite tests/data/broken/
    .venv/bin/python tools/make_broken_inputs.py --check    # exit 1 if they differ
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "broken"
MANIFEST = "MANIFEST.json"


@dataclass(frozen=True, slots=True)
class Case:
    """One broken input: its file name, its bytes, what vidwiki must do, and why."""

    name: str
    data: bytes | None  # None: made at run time by make_runtime_cases
    expect: str  # "skip", "warn" (listed, but its video is built) or "read"
    why: str
    reason: str = ""  # for "skip": a fragment the one-line reason must contain
    line: int | None = None  # for "skip": the line the reason must name, where there is one


SENTENCES = [
    "Lighthouses were built on rocks where ships had been lost.",
    "The keeper climbed the tower every evening to light the lamp.",
    "A Fresnel lens bends the light of one small flame into a beam.",
    "That beam could be seen more than twenty miles out at sea.",
    "Each lighthouse flashes in its own pattern so sailors know which one it is.",
    "Today most lighthouses run on their own without a keeper.",
]


def _clock(t: float, sep: str = ",") -> str:
    h, rest = divmod(t, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}".replace(".", sep)


def _cues(times: list[tuple[float, float]] | None = None) -> list[tuple[float, float, str]]:
    times = times or [(2.0 + 5 * k, 6.5 + 5 * k) for k in range(len(SENTENCES))]
    return [(s, e, SENTENCES[k % len(SENTENCES)]) for k, (s, e) in enumerate(times)]


def srt(cues: list[tuple[float, float, str]] | None = None, *, numbers: bool = True) -> str:
    blocks = []
    for n, (s, e, text) in enumerate(cues or _cues(), 1):
        head = f"{n}\n" if numbers else ""
        blocks.append(f"{head}{_clock(s)} --> {_clock(e)}\n{text}\n")
    return "\n".join(blocks)


def vtt(cues: list[tuple[float, float, str]] | None = None) -> str:
    body = "\n".join(f"{_clock(s, '.')} --> {_clock(e, '.')}\n{text}\n" for s, e, text in cues or _cues())
    return "WEBVTT\n\n" + body


def json3() -> dict:
    return {"events": [{"tStartMs": int(s * 1000), "dDurationMs": int((e - s) * 1000),
                        "segs": [{"utf8": text}]} for s, e, text in _cues()]}


def whisper() -> dict:
    return {"segments": [{"id": k, "start": s, "end": e, "text": " " + text}
                         for k, (s, e, text) in enumerate(_cues())]}


def sidecar(video_id: str, **fields: object) -> bytes:
    data = {"id": video_id, "title": "Lighthouses", "channel": "Broken Inputs", "duration": 40,
            "extractor": "youtube"} | fields
    return json.dumps(data, indent=1).encode()


def _truncate(text: str, fraction: float = 0.55) -> bytes:
    return text.encode()[: int(len(text.encode()) * fraction)]


def cases() -> list[Case]:
    """Every committed case, in a fixed order (ids follow it)."""
    out: list[Case] = []

    def add(stem: str, ext: str, data: bytes | str, expect: str, why: str, reason: str = "",
            line: int | None = None, *, vid: str | None = "auto") -> str:
        n = len(out) + 1
        video_id = f"bk{n:09d}" if vid == "auto" else vid
        name = f"{stem} [{video_id}]{ext}" if video_id else f"{stem}{ext}"
        out.append(Case(name, data.encode() if isinstance(data, str) else data, expect, why, reason, line))
        return video_id or ""

    def next_id() -> str:
        return f"bk{len(out) + 1:09d}"

    rng = random.Random(13)
    good_srt, good_vtt = srt(), vtt()

    # --- truncated downloads ------------------------------------------------------------------
    add("vtt-cut-in-timing-line", ".en.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there.\n\n00:00:0",
        "skip", "a VTT download cut off inside a timing line", "malformed timing line", 6)
    add("vtt-cut-after-header", ".en.vtt", "WEBVTT\nKind: captions\nLanguage: en\n",
        "skip", "a VTT download cut off right after its header: no cue at all", "no cues found")
    add("vtt-cut-in-arrow", ".en.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there.\n\n00:00:05.000 --",
        "skip", "cut off inside the ' --> ' arrow: the last line is half a timing line", "malformed timing line", 6)
    add("srt-cut-in-timing-line", ".en.srt", _truncate(good_srt, 0.5).decode().rsplit("\n", 2)[0] + "\n\n4\n00:00:1",
        "skip", "an SRT cut off inside a timing line", "malformed timing line")
    add("srt-cut-after-number", ".en.srt", srt(_cues()[:3]) + "\n4\n",
        "skip", "an SRT cut off after a cue number: the cue's timing line is missing",
        "truncated file", 13)
    add("srt-cut-in-arrow", ".en.srt", srt(_cues()[:2]) + "\n3\n00:00:12,000 -",
        "skip", "an SRT cut off inside the arrow", "malformed timing line", 10)
    add("json3-cut", ".en.json3", _truncate(json.dumps(json3(), indent=1)),
        "skip", "a json3 download cut off mid-object", "malformed JSON")
    add("json3-cut-in-string", ".en.json", json.dumps(json3())[:120],
        "skip", "a json3 file cut off inside a string", "malformed JSON", 1)
    add("whisper-cut", ".json", _truncate(json.dumps(whisper(), indent=2)),
        "skip", "Whisper segment JSON cut off mid-segment", "malformed JSON")
    add("whisper-cut-in-number", ".json", json.dumps(whisper())[:-60].rsplit(".", 1)[0] + ".",
        "skip", "Whisper JSON cut off inside a number", "malformed JSON", 1)
    add("timings-cut", ".json", json.dumps([[t, s, e] for s, e, t in _cues()])[:150],
        "skip", "3b1b sentence timings cut off", "malformed JSON", 1)
    add("xml-cut", ".xml", '<?xml version="1.0"?>\n<transcript><text start="1.0" dur="2',
        "skip", "timedtext XML cut off before its first caption closes", "no <text> or <p>")

    # --- not text at all ----------------------------------------------------------------------
    add("random-bytes", ".en.vtt", bytes(rng.randrange(256) for _ in range(4096)),
        "skip", "random bytes named like a caption file", "binary file")
    add("png-named-srt", ".en.srt", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "skip", "an image saved under a caption name", "binary file")
    add("mp4-named-vtt", ".en.vtt", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64,
        "skip", "the video itself saved as .vtt", "binary file")
    add("gzip-named-vtt", ".en.vtt", gzip.compress(good_vtt.encode(), mtime=0),
        "skip", "a gzip-compressed VTT (an HTTP download saved without decompressing)", "binary file")
    add("zip-named-json", ".json", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(256)),
        "skip", "a zip archive named .json", "binary file")
    add("pdf-named-srt", ".srt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "skip", "a PDF named .srt", "binary file")
    add("nul-bytes-early", ".en.srt", good_srt[:40] + "\x00\x00\x00\x00" + good_srt[40:],
        "skip", "NUL bytes near the start: a binary or corrupted file", "binary file")
    long_srt = srt(_cues([(2.0 + 5 * k, 6.5 + 5 * k) for k in range(200)]))
    cut = long_srt.index("\n", 9000) + 1
    add("nul-bytes-late", ".en.srt", long_srt[:cut] + "\x00" + long_srt[cut:],
        "skip", "one NUL byte past the first 8 KB: a corrupted file", "NUL byte", long_srt.count("\n", 0, cut) + 1)
    add("utf16-no-bom", ".en.srt", good_srt.encode("utf-16-le"),
        "read", "UTF-16 without a byte-order mark (every other byte NUL): still text")
    add("utf32", ".en.srt", good_srt.encode("utf-32"), "read", "UTF-32 with its BOM")

    # --- encodings that are fine -------------------------------------------------------------
    add("utf8-bom", ".en.srt", "\ufeff" + good_srt, "read", "a UTF-8 BOM (Hugging Face's SRTs start with one)")
    add("utf8-double-bom", ".en.vtt", "\ufeff\ufeff" + good_vtt, "read", "two BOMs, from a file converted twice")
    add("utf16-le-bom", ".en.srt", good_srt.encode("utf-16"), "read", "UTF-16 with a BOM, as Windows tools save")
    add("utf16-be-bom", ".en.vtt", b"\xfe\xff" + good_vtt.encode("utf-16-be"), "read", "big-endian UTF-16 with a BOM")
    add("latin1", ".en.srt", srt([(2, 6, "Le café du phare était fermé."), *_cues()[1:]]).encode("latin-1"),
        "read", "Latin-1 (not UTF-8): decoded as cp1252")
    add("crlf", ".en.srt", good_srt.replace("\n", "\r\n"), "read", "Windows line endings")
    add("cr-only", ".en.vtt", good_vtt.replace("\n", "\r"), "read", "old Mac line endings (CR only)")

    # --- empty or nothing to say --------------------------------------------------------------
    add("empty", ".en.vtt", b"", "skip", "an empty file", "empty file")
    add("empty", ".en.srt", b"", "skip", "an empty SRT", "empty file")
    add("empty", ".json", b"", "skip", "an empty JSON file", "empty file")
    add("whitespace-only", ".en.srt", " \n\t\n\r\n  ", "skip", "only whitespace", "empty file")
    add("bom-only", ".en.vtt", "\ufeff", "skip", "a BOM and nothing else", "empty file")
    add("header-only", ".en.vtt", "WEBVTT\n", "skip", "a VTT header and nothing else", "no cues found")
    add("numbers-only", ".en.srt", "1\n\n2\n\n3\n", "skip", "SRT cue numbers without any timing line",
        "no cues found")
    add("prose", ".en.srt", "These are my notes about lighthouses.\nNo timings here.\n",
        "skip", "plain prose saved as .srt", "no cues found")
    add("sounds-only", ".en.srt", srt([(1, 3, "[Music]"), (3, 5, "(waves crashing)"), (5, 9, "[Applause]")]),
        "skip", "every cue is a sound label: nothing to cite", "no caption text", 2)
    add("empty-cues", ".en.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:04.000\n",
        "skip", "timing lines with no text", "no caption text")
    add("notes-only", ".en.vtt", "WEBVTT\n\nNOTE just a comment\n\nSTYLE\n::cue { color: red }\n",
        "skip", "only NOTE and STYLE blocks", "no cues found")

    # --- times --------------------------------------------------------------------------------
    shuffled = _cues()
    shuffled = [shuffled[k] for k in (3, 0, 5, 1, 4, 2)]
    add("cues-out-of-order", ".en.srt", srt(shuffled), "read", "cues out of order (an edited file): sorted by start")
    add("cues-overlapping", ".en.vtt", vtt(_cues([(2 + 3 * k, 9 + 3 * k) for k in range(6)])),
        "read", "each cue overlaps the next (youtube-transcript-api durations do): clipped")
    add("start-after-end", ".en.srt", srt(_cues([(6.5, 2.0), *[(2 + 5 * k, 6.5 + 5 * k) for k in range(1, 6)]])),
        "read", "a cue whose start is after its end: it ends where it starts")
    add("zero-length-cues", ".en.srt", srt(_cues([(4.0, 4.0)] * 6)),
        "read", "every cue at one instant (a forced-alignment failure): given a reading time")
    add("negative-time", ".en.srt", srt().replace("00:00:02,000", "-00:00:02,000", 1),
        "skip", "a negative start time", "bad timestamp", 2)
    add("negative-time", ".en.vtt", vtt().replace("00:00:02.000", "-00:00:02.000", 1),
        "skip", "a negative start time in VTT", "bad timestamp", 3)
    add("past-24h", ".en.srt", srt(_cues([(90000 + 5 * k, 90004 + 5 * k) for k in range(6)])),
        "skip", "times past 24 h: no YouTube video is that long", "past 24 h", 2)
    add("past-24h-json", ".json", json.dumps({"segments": [{"start": 1e9, "end": 1e9 + 3, "text": " Hi."}]}),
        "skip", "Whisper times of a billion seconds", "past 24 h")
    add("seconds-60", ".en.srt", srt().replace("00:00:02,000", "00:00:60,000", 1),
        "skip", "60 seconds in a clock", "bad timestamp", 2)
    add("minutes-75", ".en.vtt", vtt().replace("00:00:02.000", "00:75:02.000", 1),
        "skip", "75 minutes in a clock", "bad timestamp", 3)
    add("letters-in-time", ".en.srt", srt().replace("00:00:07,000", "00:0O:07,000", 1),
        "skip", "a letter O typed for a zero", "bad timestamp", 6)
    add("no-end-time", ".en.srt", srt().replace(" --> 00:00:06,500", " -->", 1),
        "skip", "a timing line without its end", "malformed timing line", 2)
    add("arrow-in-speech", ".en.srt", srt([(2, 6, "Then we went from A --> B."), *_cues()[1:]]),
        "skip", "'-->' inside the spoken text: SRT cannot tell it from a timing line", "malformed timing line", 3)
    add("json-nan-time", ".json", '{"segments": [{"start": NaN, "end": 2, "text": " Hi."}]}',
        "skip", "NaN (JSON's non-standard literal) as a time", "bad time")
    add("json-infinite-time", ".json", '{"segments": [{"start": 0, "end": Infinity, "text": " Hi."}]}',
        "skip", "Infinity as a time", "bad time")
    add("json-huge-number", ".json", '[["Hi there.", 1e400, 2]]', "skip", "1e400 overflows to infinity", "bad time")
    add("json3-negative", ".en.json3", json.dumps({"events": [{"tStartMs": -500, "dDurationMs": 900,
                                                               "segs": [{"utf8": "Hi."}]}]}),
        "skip", "a negative json3 event time", "bad time")
    add("json3-string-time", ".en.json3", json.dumps({"events": [{"tStartMs": "soon", "segs": [{"utf8": "Hi."}]}]}),
        "skip", "a json3 time that is a word", "bad time")
    add("srt-no-numbers", ".en.srt", srt(numbers=False), "read", "SRT without cue numbers")
    add("srt-dot-millis", ".en.srt", good_srt.replace(",", "."), "read", "SRT with VTT-style dot millis")
    add("srt-no-blank-lines", ".en.srt", good_srt.replace("\n\n", "\n"), "read", "SRT with no blank line between cues")
    add("vtt-no-header", ".en.vtt", good_vtt.removeprefix("WEBVTT\n\n"), "read", "VTT cues without the WEBVTT line")

    # --- JSON of the wrong shape --------------------------------------------------------------
    add("json3-events-object", ".en.json3", json.dumps({"events": {"0": {"tStartMs": 0}}}),
        "skip", "json3 whose events is an object, not a list", "not a caption format")
    add("json3-events-strings", ".en.json3", json.dumps({"events": ["hello", "world"]}),
        "skip", "json3 whose events are strings", "no cues found")
    add("json3-no-segs", ".en.json3", json.dumps({"events": [{"tStartMs": 0, "dDurationMs": 1000}]}),
        "skip", "json3 with window events only, no text", "no cues found")
    add("json3-empty-events", ".en.json3", json.dumps({"wireMagic": "pb3", "events": []}),
        "skip", "json3 with an empty events list", "no cues found")
    add("whisper-segments-null", ".json", json.dumps({"text": "hi", "segments": None}),
        "skip", "Whisper JSON whose segments is null", "no segments list")
    add("whisper-failed", ".json", json.dumps({"status": "failed", "output": None, "error": "CUDA OOM"}),
        "skip", "a failed Replicate prediction", "failed prediction")
    add("whisper-text-numbers", ".json", json.dumps({"segments": [{"start": 0, "end": 2, "text": 42}]}),
        "skip", "Whisper segments whose text is a number", "no cues found")
    add("whisper-segment-string", ".json", json.dumps({"segments": ["hello"]}),
        "skip", "a Whisper segment that is a string", "segment 0 is not an object")
    add("timings-short-rows", ".json", json.dumps([["Hi.", 1.0, 2.0], ["There.", 3.0]]),
        "skip", "a sentence-timings row with two fields", "not a caption format")
    add("json-string", ".json", json.dumps("WEBVTT 00:00:01.000 --> 00:00:02.000 hi"),
        "skip", "a JSON string", "not a caption format")
    add("json-number", ".json", "42", "skip", "a JSON number", "not a caption format")
    add("json-null", ".json", "null", "skip", "JSON null", "not a caption format: JSON null")
    add("json-empty-list", ".json", "[]", "skip", "an empty JSON list", "no cues")
    add("json-deep", ".json", "[" * 50000 + "]" * 50000, "skip", "50,000 nested lists", "nested too deeply")
    add("transcript-api-missing-start", ".json", json.dumps([{"text": "Hi.", "duration": 1.0}]),
        "skip", "youtube-transcript-api rows without a start", "not a caption format")
    add("json-trailing-garbage", ".json", json.dumps(whisper()) + "\n}{",
        "skip", "two JSON documents glued together", "malformed JSON", 2)

    # --- other formats ------------------------------------------------------------------------
    add("billion-laughs", ".xml", '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8))
        + ']>\n<transcript><text start="1" dur="2">&i;</text></transcript>\n',
        "read", "entity expansion (billion laughs): entities are not expanded; the text is taken as written")
    add("csv-header-only", ".csv", "video_id,lang,text,timecode\n", "skip", "a scrape CSV with no rows",
        "no caption rows")
    add("csv-bad-timecode", ".csv", "video_id,lang,text,timecode\nbk000000000,English,Hi there.,soon / 4:13\n",
        "skip", "a scrape row whose timecode is a word", "bad timecode", 2)
    add("sbv-bad-time", ".sbv", "0:00:01.000,0:00:xx.000\nHello there.\n", "skip",
        "an SBV timing line with letters: no timing line left", "no cues found")
    add("panel-no-times", ".txt", "just a transcript pasted without times\n", "skip",
        "a transcript-panel paste without any time line", "no timestamp lines")

    # --- sidecars (.info.json) ----------------------------------------------------------------
    vid = add("sidecar-cut", ".info.json", _truncate(sidecar(next_id()).decode()), "skip",
              "a yt-dlp sidecar cut off mid-file", "malformed JSON")
    vid = add("sidecar-a-list", ".info.json", b"[1, 2]", "skip", "a sidecar that is a list", "expected a JSON object")
    vid = add("sidecar-no-id", ".info.json", json.dumps({"title": "Lighthouses"}), "skip",
              "a sidecar without an id", "no video 'id'")
    vid = add("sidecar-path-id", ".info.json", sidecar("../../etc/passwd"), "skip",
              "a sidecar whose id is a path", "is not a YouTube video id")
    vid = add("sidecar-other-id", ".info.json", sidecar("zz000000001"), "warn",
              "a sidecar whose id differs from the id in its name: its metadata belongs to another video",
              "differs from the id in its name")
    add("sidecar-other-id", ".en.srt", good_srt, "read", "the captions beside that sidecar: built, without it",
        vid=vid)
    vid = add("sidecar-negative-duration", ".info.json", sidecar(next_id(), duration=-40), "warn", "a sidecar with a negative duration: that field is ignored",
              "duration")
    add("sidecar-negative-duration", ".en.srt", good_srt, "read", "its captions: built with the captions' end",
        vid=vid)
    vid = add("sidecar-text-duration", ".info.json", sidecar(next_id(), duration="forty"), "warn", "a sidecar whose duration is a word", "duration")
    add("sidecar-text-duration", ".en.srt", good_srt, "read", "its captions", vid=vid)
    vid = add("sidecar-short-duration", ".info.json", sidecar(next_id(), duration=30), "warn",
              "a sidecar saying 30 s for 1000 s of captions: the sidecar of another cut, or another video",
              "captions run to")
    add("sidecar-short-duration", ".en.srt", long_srt, "read", "its captions", vid=vid)
    add("sidecar-binary", ".info.json", b"\x1f\x8b\x08\x00" + bytes(64), "skip", "a gzip file named .info.json",
        "binary file")
    add("sidecar-empty", ".info.json", b"", "skip", "an empty sidecar", "empty file")

    # --- no id, or ids that clash -------------------------------------------------------------
    add("no-id-anywhere", ".en.srt", good_srt, "skip", "captions without an id in the name and no sidecar",
        "no video id", vid=None)
    return out


@dataclass(frozen=True, slots=True)
class RuntimeCase:
    """A case made at test time; ``expect`` as for ``Case``, or ``ignore``: not a file to list at all."""

    name: str
    expect: str
    why: str
    reason: str = ""


RUNTIME_CASES = [
    RuntimeCase("huge-line [bkrun000001].en.vtt", "skip", "one 50 MB line (a corrupted file)", "too large", ),
    RuntimeCase("unreadable [bkrun000002].en.srt", "skip", "a file nobody may read (chmod 000; not as root)",
                "cannot read file"),
    RuntimeCase("unreadable-even-as-root [bkrun000003].en.srt", "skip",
                "a link to a file whose read fails (/proc/self/mem: EIO, even for root)", "cannot read file"),
    RuntimeCase("symlink-loop [bkrun000004].en.vtt", "skip", "a symlink pointing at itself", "symlink loop"),
    RuntimeCase("dangling [bkrun000005].en.srt", "skip", "a symlink to a file that does not exist",
                "dangling symlink"),
    RuntimeCase("fifo [bkrun000006].en.srt", "skip", "a named pipe (reading it would block forever)",
                "not a regular file"),
    RuntimeCase("device [bkrun000007].en.vtt", "skip", "a symlink to /dev/zero (endless)", "not a regular file"),
    RuntimeCase("x.vtt", "ignore", "a folder named like a caption file: a folder, walked like any other"),
    RuntimeCase("loop-dir", "ignore", "a folder symlinked to its parent: not followed, so no loop"),
]
HUGE_LINE_BYTES = 50 << 20


def _unreadable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return True
    return False


def make_runtime_cases(folder: Path) -> list[RuntimeCase]:
    """Make the cases that cannot be committed inside ``folder``; return those that could be made
    (root reads chmod 000 files, and a system may lack FIFOs, /dev/zero or /proc)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for case in RUNTIME_CASES:
        path = folder / case.name
        kind = case.name.split(" [", 1)[0]
        if kind == "huge-line":
            with path.open("wb") as fh:
                fh.write(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n")
                chunk = b"lighthouse " * 100_000
                for _ in range(HUGE_LINE_BYTES // len(chunk) + 1):
                    fh.write(chunk)
                fh.write(b"\n")
        elif kind == "unreadable":
            path.write_text(srt())
            path.chmod(0)
            if not _unreadable(path):  # root: the file is readable after all
                path.chmod(0o644)
                path.unlink()
                continue
        elif kind == "unreadable-even-as-root":
            if not _unreadable(Path("/proc/self/mem")):
                continue
            path.symlink_to("/proc/self/mem")
        elif kind == "symlink-loop":
            path.symlink_to(path.name)
        elif kind == "dangling":
            path.symlink_to("does-not-exist.srt")
        elif kind == "fifo":
            if not hasattr(os, "mkfifo"):
                continue
            os.mkfifo(path)
        elif kind == "device":
            if not Path("/dev/zero").exists():
                continue
            path.symlink_to("/dev/zero")
        elif kind == "x.vtt":
            path.mkdir()
            (path / "notes.md").write_text("not captions\n")
        elif kind == "loop-dir":
            path.symlink_to(".", target_is_directory=True)
        made.append(case)
    return made


def undo_runtime_cases(folder: Path) -> None:
    """Give back read permission so the temporary folder can be deleted."""
    path = folder / RUNTIME_CASES[1].name
    if path.exists() and not path.is_symlink():
        path.chmod(0o644)


def write_cases(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    manifest = []
    for case in cases():
        (out / case.name).write_bytes(case.data or b"")
        manifest.append({"file": case.name, "expect": case.expect, "why": case.why, "reason": case.reason,
                         "line": case.line})
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def differences(out: Path) -> list[str]:
    """Files under ``out`` that differ from what ``cases()`` would write."""
    wanted = {c.name: c.data or b"" for c in cases()}
    found = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != MANIFEST}
    return sorted(n for n in wanted.keys() | found.keys() if wanted.get(n) != found.get(n))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        diff = differences(OUT)
        for name in diff:
            print(f"{OUT / name}: differs from tools/make_broken_inputs.py")
        return 1 if diff else 0
    write_cases(OUT)
    print(f"{len(cases())} cases written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
