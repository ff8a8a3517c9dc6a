"""Hypothesis strategies for the fuzz targets: random bytes, and files that are *almost* valid.

Random bytes alone stop at the first check a parser makes (binary, encoding, no timing line), so
most strategies here build a file the way its format is written (a ``WEBVTT`` header, numbered
SRT cues, json3 events) and then mix garbage into the parts a parser trusts: timecodes with 60
seconds or a letter O, negative and NaN times, cue text full of tags, entities, speaker marks and
``-->``, JSON fields of the wrong type. That is what gets the fuzzer past the front door into
``clean.build_cues``, ``rolling.parse_rolling`` and each JSON shape's field handling.
"""

from __future__ import annotations

import json
import math
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """``one_of`` with weights: ``one_of`` draws its branches about equally, and a branch given
    twice counts once. Shrinks towards the first (the most common) branch."""
    branches = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(0, len(branches) - 1).flatmap(lambda i: branches[i])


# --- pieces shared by every format ---------------------------------------------------------------

# Text fragments that mean something to some layer of the pipeline (markup, entities, speaker
# marks, sound labels, timings, markdown, HTML); cue text is a mix of these and random text.
TRICKY = (
    "<i>", "</i>", "<b>", "<c.colorE5E5E5>", "</c>", "<v Jane Doe>", "<v>", "<00:00:01.120>",
    "<font color=\"red\">", "<br/>", "{\\an8}", "&amp;", "&amp;#39;", "&lt;", "&gt;&gt;", "&#0;",
    "&#xD800;", "&#1114111;", "&nbsp;", "&notes", "AT&T", ">>", ">> ", "- ", "– ", "[Music]",
    "[ __ ]", "(air whooshing)", "[inaudible 00:13:26]", "♪", "[Betsy] ", "NINA TOTENBERG: ",
    "SPEAKER_00: ", " --> ", "-->", "00:00:01.000", "1:02", "\u00a0", "\u200b", "\ufeff",
    "\u2028", "\t", " ", ".", "?", "!", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)", "[[", "]]", "|", "*", "_", "`", "#", "\\", "$", "~~", "==",
    "<a class=\"yt-timestamp\" data-t=\"00:00:01\">[00:00:01]</a>", "---", "\n", "\r\n", "\r",
    "\x0b", "\x85", "\x7f", "\ud800", "😀",
)


# Hypothesis draws low code points most often, and a NUL makes any file binary: most random
# text is printable, so the fragments around it get parsed.
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))


def fragments(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text made of meaningful fragments and random characters."""
    piece = st.one_of(st.sampled_from(TRICKY), st.text(PRINTABLE, max_size=8), st.text(max_size=8))
    return st.lists(piece, max_size=max_size).map("".join)


def words(*, max_size: int = 8) -> st.SearchStrategy[str]:
    """Plausible speech: mostly letters and spaces, sometimes a tricky fragment."""
    letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
    word = weighted((9, letters), (1, st.sampled_from(TRICKY)))
    return st.lists(word, min_size=1, max_size=max_size).map(" ".join)


def seconds() -> st.SearchStrategy[float]:
    """Times as floats: mostly plausible, sometimes past 24 h, negative, NaN or infinite."""
    return st.one_of(
        st.floats(min_value=0, max_value=4000, allow_nan=False),
        st.integers(min_value=0, max_value=90_000).map(float),
        st.floats(),
    )


def _clock_text(t: float, style: int) -> str:
    t = max(t, 0.0)
    h, rest = divmod(int(t), 3600)
    m, s = divmod(rest, 60)
    ms = int(round((t - int(t)) * 1000)) % 1000
    return [
        f"{h:02d}:{m:02d}:{s:02d},{ms:03d}",  # SRT
        f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}",  # VTT
        f"{h * 60 + m:02d}:{s:02d}.{ms:03d}",  # VTT without hours
        f"{h}:{m:02d}:{s:02d}.{ms:03d}",  # SBV, one-digit hour
    ][style]


BAD_CLOCKS = (
    "00:00:60,000", "00:75:00.000", "0O:00:01.000", "-00:00:01.000", "99999:00:00.000",
    "25:00:00.000", "00:00:01", "00:01", "1:2:3", "00:00:01.", ":00:01.000", "00:00:01,0000000",
    "NaN", "", "00:00:01.000.000", "१२:००:००.०००",
)


def clocks(style: int | None = None, *, clean: bool = False) -> st.SearchStrategy[str]:
    """A timecode in one of the caption syntaxes; unless ``clean``, now and then a broken one.

    A file draws ``clean`` once: one broken timecode ends a parse, so most files must have none
    for the fuzzer to reach what comes after the timing lines.
    """
    styles = st.just(style) if style is not None else st.integers(0, 3)
    good = st.builds(_clock_text, st.floats(min_value=0, max_value=90_000, allow_nan=False), styles)
    if clean:
        return good
    return weighted((8, good), (1, st.sampled_from(BAD_CLOCKS)), (1, st.text(max_size=12)))


# Whether a file's timecodes are all well-formed: three files in four, so most get past them.
CLEAN = st.sampled_from([True, True, True, False])


def _with_garbage(lines: list[str], garbage: list[tuple[int, str]]) -> str:
    for position, junk in garbage:
        lines.insert(position % (len(lines) + 1), junk)
    return "\n".join(lines)


def _lines_with_garbage(lines: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    """The lines joined, in half the files with up to three garbage lines put anywhere."""
    junk = st.lists(st.tuples(st.integers(0, 200), fragments(max_size=4)), max_size=3)
    return st.builds(_with_garbage, lines, st.one_of(st.just([]), junk))


# --- text caption formats ----------------------------------------------------------------------


@st.composite
def vtt_files(draw: st.DrawFn) -> str:
    """WebVTT: a header, optional header fields and NOTE blocks, cues with ids and settings."""
    lines = [draw(st.sampled_from(["WEBVTT", "\ufeffWEBVTT", "WEBVTT - title", "WEBVTT\t"]))]
    lines += draw(st.lists(st.sampled_from(["Kind: captions", "Kind: asr", "Language: en",
                                            "Language: ", "Style:", "##"]), max_size=3))
    lines.append("")
    rolling = draw(st.booleans())
    clean = draw(CLEAN)
    previous = ""
    for n in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            lines += draw(st.sampled_from([["NOTE a comment", ""], ["STYLE", "::cue { color: red }", ""],
                                           [str(n + 1)], [f"cue-{n}"]]))
        settings = draw(st.sampled_from(["", " align:start position:0%", " line:78%"]))
        end_style = draw(st.sampled_from([1, 2]))
        lines.append(f"{draw(clocks(1, clean=clean))} --> {draw(clocks(end_style, clean=clean))}{settings}")
        if rolling:  # YouTube's rolling layout: the previous line, then a new line of timed words
            new = draw(words())
            timed = "".join(f"<{draw(clocks(1, clean=clean))}><c> {w}</c>" for w in new.split()[:4])
            first = (new.split() or ["so"])[0]
            lines += [previous, first + timed] if previous else [new + timed]
            previous = new
        else:
            lines += draw(st.lists(words(), max_size=3))
        if draw(st.integers(0, 4)):
            lines.append("")
    return draw(_lines_with_garbage(st.just(lines)))


@st.composite
def srt_files(draw: st.DrawFn) -> str:
    """SubRip: numbered cues, comma or dot milliseconds, blank lines sometimes missing."""
    lines: list[str] = []
    clean = draw(CLEAN)
    for n in range(draw(st.integers(1, 8))):
        if draw(st.integers(0, 5)):
            lines.append(str(n + 1))
        lines.append(f"{draw(clocks(0, clean=clean))} --> {draw(clocks(0, clean=clean))}")
        lines += draw(st.lists(words(), max_size=3))
        if draw(st.integers(0, 4)):
            lines.append("")
    return draw(_lines_with_garbage(st.just(lines)))


@st.composite
def sbv_files(draw: st.DrawFn) -> str:
    """YouTube SBV: ``0:00:01.000,0:00:04.000`` then text lines."""
    lines: list[str] = []
    clean = draw(CLEAN)
    for _ in range(draw(st.integers(1, 6))):
        lines.append(f"{draw(clocks(3, clean=clean))},{draw(clocks(3, clean=clean))}")
        lines += draw(st.lists(words(), max_size=2))
        lines.append("")
    return draw(_lines_with_garbage(st.just(lines)))


@st.composite
def panel_files(draw: st.DrawFn) -> str:
    """The transcript panel pasted: ``m:ss`` on a line (or before the text), then the text."""
    lines: list[str] = []
    for _ in range(draw(st.integers(2, 8))):
        good = st.builds(lambda m, s: f"{m}:{s:02d}", st.integers(0, 200), st.integers(0, 59))
        odd = st.builds(lambda m, s: f"{m}:{s:02d}", st.integers(0, 200), st.integers(0, 99))
        stamp = draw(weighted((8, good), (1, odd), (1, st.sampled_from(BAD_CLOCKS))))
        if draw(st.booleans()):
            lines += [stamp, draw(words())]
        else:
            lines.append(f"{stamp} {draw(words())}")
    return draw(_lines_with_garbage(st.just(lines)))


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    """The web-player scrape: ``video_id,lang,text,timecode``, human and ASR rows mixed."""
    header = draw(st.sampled_from(["video_id,lang,text,timecode", "text,timecode",
                                   "Video_ID , Lang , Text , Timecode", "timecode,text,extra"]))
    columns = [c.strip().lower() for c in header.split(",")]
    lines = [header]
    total = draw(st.integers(0, 5000))
    for _ in range(draw(st.integers(0, 10))):
        t = draw(st.integers(0, 6000))
        values = {
            "video_id": draw(st.sampled_from(["dQw4w9WgXcQ", "", "x"])),
            "lang": draw(st.sampled_from(["English", "English (auto-generated)", "Spanish", "", "auto"])),
            "text": draw(st.one_of(words(), st.just(""), st.just("ERROR IN PARSING"))),
            "timecode": draw(weighted((6, st.just(f"{t // 60}:{t % 60:02d} / {total // 60}:{total % 60:02d}")),
                                      (1, st.just(f"{t // 60}:{t % 60:02d}")), (1, st.sampled_from(BAD_CLOCKS)))),
        }
        lines.append(",".join(_csv_cell(values.get(c, draw(fragments(max_size=2)))) for c in columns))
    return draw(_lines_with_garbage(st.just(lines)))


def _attr(name: str, value: str) -> str:
    return f'{name}="{value}"'


@st.composite
def xml_files(draw: st.DrawFn) -> str:
    """Timed-text XML: legacy ``<text start dur>``, srv3 ``<p t d><s t>``, TTML ``<p begin end>``."""
    good = st.floats(min_value=0, max_value=5000, allow_nan=False).map(str)
    number = good if draw(CLEAN) else weighted((8, good), (1, st.integers(-10, 10**8).map(str)),
                                                (1, st.sampled_from(["nan", "inf", "1e400", "x", ""])))
    shape = draw(st.sampled_from(["legacy", "srv3", "ttml"]))
    body: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        text = draw(words())
        if shape == "legacy":
            body.append(f"<text {_attr('start', draw(number))} {_attr('dur', draw(number))}>{text}</text>")
        elif shape == "srv3":
            segs = "".join(f"<s {_attr('t', draw(number))}>{w}</s>" for w in text.split())
            body.append(f"<p {_attr('t', draw(number))} {_attr('d', draw(number))}>{segs}</p>")
        else:
            begin = draw(st.one_of(clocks(1, clean=True), number.map(lambda n: n + "s"),
                                   number.map(lambda n: n + "ms")))
            end = draw(st.one_of(clocks(1, clean=True), number.map(lambda n: n + "s")))
            body.append(f"<p {_attr('begin', begin)} {_attr('end', end)}>{text}<br/>{draw(words())}</p>")
    root = {"legacy": ("<transcript>", "</transcript>"),
            "srv3": ('<timedtext format="3"><body>', "</body></timedtext>"),
            "ttml": ('<tt xmlns="http://www.w3.org/ns/ttml"><body><div>', "</div></body></tt>")}[shape]
    lines = ['<?xml version="1.0" encoding="utf-8" ?>', root[0], *body, root[1]]
    return draw(_lines_with_garbage(st.just(lines)))


# --- JSON caption shapes -------------------------------------------------------------------------

JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6,
)


def maybe(good: st.SearchStrategy[object], clean: bool = False) -> st.SearchStrategy[object]:
    """Mostly the value the format wants, sometimes anything at all (never when ``clean``)."""
    return good if clean else weighted((8, good), (1, JUNK))


def _number(clean: bool = False) -> st.SearchStrategy[object]:
    plausible = st.floats(min_value=0, max_value=4000, allow_nan=False)
    if clean:
        return st.one_of(plausible, st.integers(0, 4000))
    return weighted((6, plausible), (1, seconds()), (1, st.integers(-10, 10**7)),
                    (1, st.sampled_from(["1.5", "2s", " 3 ", "1e400"])), (1, st.integers(2**60, 2**70)))


def _ms(clean: bool = False) -> st.SearchStrategy[object]:
    return st.one_of(st.integers(0, 10**7), _number(clean))


def _obj(fields: dict[str, st.SearchStrategy[object]], clean: bool = False) -> st.SearchStrategy[dict[str, object]]:
    """An object with each value mostly right; mostly every field, sometimes any of them missing."""
    mostly = {k: maybe(v, clean) for k, v in fields.items()}
    complete = st.fixed_dictionaries(mostly)
    return complete if clean else weighted((3, complete), (1, st.fixed_dictionaries({}, optional=mostly)))


def _timings(clean: bool) -> st.SearchStrategy[object]:
    return st.lists(st.tuples(words(max_size=2), _number(clean), _number(clean)).map(list), min_size=1, max_size=8)


def _transcript_api(clean: bool) -> st.SearchStrategy[object]:
    item = st.fixed_dictionaries({"text": words(), "start": _number(clean), "duration": _number(clean)})
    return st.lists(maybe(item, clean), min_size=1, max_size=8)


def _speaker_json(clean: bool) -> st.SearchStrategy[object]:
    stamp = st.builds(lambda t: f"({_clock_text(t, 1)[:8]})", st.floats(0, 9000))
    time = stamp if clean else st.one_of(stamp, _number(), st.sampled_from(BAD_CLOCKS))
    item = st.fixed_dictionaries({"text": words(), "time": time},
                                 optional={"speaker": st.sampled_from(["Lex Fridman", "", "Guest"])})
    paragraphs = st.lists(maybe(item, clean), min_size=1, max_size=8)
    chapter = _obj({"time": time, "chapter": words()}, clean)
    wrapped = st.fixed_dictionaries({"transcript": paragraphs}, optional={
        "title": maybe(words(), clean), "video_link": st.just("https://youtu.be/dQw4w9WgXcQ"),
        "timestamps": st.lists(chapter, max_size=3)})
    return st.one_of(paragraphs, wrapped)


def _json3(clean: bool) -> st.SearchStrategy[object]:
    seg = _obj({"utf8": words(max_size=2), "tOffsetMs": _ms(clean), "acAsrConf": st.integers(0, 255)}, clean)
    event = _obj({"tStartMs": _ms(clean), "dDurationMs": _ms(clean), "segs": st.lists(seg, max_size=4),
                  "wWinId": st.integers(0, 3)}, clean)
    return st.fixed_dictionaries({"events": st.lists(event, max_size=8)}, optional={"wireMagic": st.just("pb3")})


def _assemblyai(clean: bool) -> st.SearchStrategy[object]:
    word = _obj({"text": words(max_size=1), "start": _ms(clean), "end": _ms(clean),
                 "speaker": st.sampled_from(["A", "B", 1])}, clean)
    utterance = _obj({"text": words(), "start": _ms(clean), "end": _ms(clean), "speaker": st.sampled_from(["A", "B"]),
                      "words": st.lists(word, max_size=4)}, clean)
    return st.one_of(
        st.fixed_dictionaries({"utterances": st.lists(maybe(utterance, clean), max_size=6)}),
        st.fixed_dictionaries({"words": st.lists(maybe(word, clean), max_size=10), "audio_url": st.just("x")}),
    )


def _whisper(clean: bool) -> st.SearchStrategy[object]:
    word = _obj({"word": words(max_size=1), "start": _number(clean), "end": _number(clean)}, clean)
    segment = _obj({"start": _number(clean), "end": _number(clean), "text": words(),
                    "words": st.lists(word, max_size=4), "speaker": st.sampled_from(["SPEAKER_00", ""])}, clean)
    segments = st.lists(maybe(segment, clean), min_size=1, max_size=8)
    plain = st.fixed_dictionaries({"segments": segments}, optional={
        "language": st.sampled_from(["en", "english", "Javanese", ""]), "detected_language": JUNK})
    replicate = st.fixed_dictionaries({"status": st.sampled_from(["succeeded", "failed"]),
                                       "output": st.one_of(st.none(), plain)})
    return st.one_of(plain, segments, replicate)


def _shapes(clean: bool) -> st.SearchStrategy[object]:
    return st.one_of(_timings(clean), _transcript_api(clean), _speaker_json(clean), _json3(clean),
                     _assemblyai(clean), _whisper(clean))


def json_documents() -> st.SearchStrategy[object]:
    """A document of one of the seven JSON caption shapes: in three of four every field is right
    (so the parse reaches the clean-up), else fields go missing or hold anything; or any JSON."""
    return weighted((3, _shapes(True)), (1, _shapes(False)), (1, JUNK))


def _dump(data: object, ascii_only: bool) -> str:
    """JSON text; ``ascii_only`` writes ``\\uXXXX`` escapes (a lone surrogate becomes ``\\ud800``)."""
    return json.dumps(data, indent=1 if ascii_only else None, ensure_ascii=ascii_only, allow_nan=True)


def json_files() -> st.SearchStrategy[str]:
    """JSON text of a caption document, sometimes cut short or with a byte of garbage in it."""
    text = st.builds(_dump, json_documents(), st.booleans())
    return weighted((5, text), (1, st.builds(lambda t, k: t[: k % (len(t) + 1)], text, st.integers(0, 10**4))))


# --- yt-dlp sidecars -----------------------------------------------------------------------------


def info_json() -> st.SearchStrategy[object]:
    """A ``.info.json``: id, title, duration, chapters, dates, handles, caption languages."""
    chapter = _obj({"start_time": _number(), "end_time": _number(), "title": words()})
    langs = st.dictionaries(st.sampled_from(["en", "en-orig", "de", "live_chat"]), st.just([]), max_size=3)
    doc = _obj({
        "id": st.sampled_from(["dQw4w9WgXcQ", "aircAruvnKk", "../etc/pass", "", "x" * 11]),
        "title": words(), "fulltitle": words(), "channel": words(), "uploader_id": st.sampled_from(["@3b1b", "@", "x"]),
        "channel_url": st.sampled_from(["https://www.youtube.com/@3blue1brown", "https://x/@a.b-c", ""]),
        "duration": _number(), "upload_date": st.sampled_from(["20240131", "2024", 20240131, "x"]),
        "chapters": st.lists(chapter, max_size=4), "language": st.sampled_from(["en", ""]),
        "automatic_captions": langs, "subtitles": langs, "extractor": st.sampled_from(["youtube", "generic"]),
        "webpage_url": st.just("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    })
    return weighted((3, doc), (1, JUNK))


# --- whole files: a name and the bytes on disk ----------------------------------------------------

CAPTION_NAMES = (
    "Title [dQw4w9WgXcQ].en.vtt", "Title [dQw4w9WgXcQ].en.srt", "dQw4w9WgXcQ.auto.en.vtt", "x.sbv",
    "Talk [dQw4w9WgXcQ].en.json3", "captions.json", "word_timings.json", "sentence_timings.json",
    "x.auto.en.json", "x.xml", "x.srv3", "x.ttml", "scrape.csv", "panel.txt", "notes.txt", "x.webvtt",
    "x.user.en.vtt", "x.dfxp", "x.srv1",
)

ENCODINGS = ("utf-8",) * 6 + ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252")


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


def _splice(data: bytes, cut: int, junk: bytes) -> bytes:
    at = cut % (len(data) + 1)
    return data[:at] + junk + data[at:]


def caption_texts() -> st.SearchStrategy[str]:
    """Near-valid text of any caption format."""
    return st.one_of(vtt_files(), srt_files(), sbv_files(), panel_files(), csv_files(), xml_files(),
                     json_files())


def file_bytes(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """``texts`` as bytes in some encoding, now and then with random bytes spliced in; or pure noise."""
    encoded = st.builds(_encode, texts, st.sampled_from(ENCODINGS))
    spliced = st.builds(_splice, encoded, st.integers(0, 10**5), st.binary(min_size=1, max_size=8))
    return weighted((6, encoded), (1, spliced), (1, st.binary(max_size=300)))


def caption_files() -> st.SearchStrategy[tuple[str, bytes]]:
    """(file name, content): any caption name with near-valid content of any format, or noise."""
    return st.tuples(st.sampled_from(CAPTION_NAMES), file_bytes(caption_texts()))


def sidecar_files() -> st.SearchStrategy[tuple[str, bytes]]:
    """(file name, content) of a yt-dlp sidecar."""
    names = st.sampled_from(["Title [dQw4w9WgXcQ].info.json", "x.info.json", "Title [aircAruvnKk].info.json"])
    return st.tuples(names, file_bytes(st.builds(_dump, info_json(), st.booleans())))


def is_finite_time(value: float) -> bool:
    """A time a track may hold: a finite, non-negative number of seconds."""
    return isinstance(value, float | int) and math.isfinite(value) and value >= 0


# --- TubeGraph pages ------------------------------------------------------------------------------

ANCHORS = (
    '<a class="yt-timestamp" data-t="{t}">[{t}]</a>',  # canonical
    '<a class="yt-timestamp" data-t="{t}">[00:00:00]</a>',  # label differs
    "<a class='yt-timestamp' data-t='{t}'>[{t}]</a>",
    '<a class="yt-timestamp" data-t={t}>[{t}]</a>',
    '<a class="x yt-timestamp" href="#" data-t="{t}">[{t}]</a>',
    '<a class="yt-timestamp">[{t}]</a>',
    '<A CLASS="yt-timestamp" DATA-T="{t}">{t}</A >',
    '<a class="yt-timestamp" data-t="{t}" onclick="alert(1)">[{t}]</a>',
)
DATA_T = st.one_of(
    st.builds(lambda t: _clock_text(t, 1)[:8], st.floats(0, 90_000)),
    st.sampled_from(["83", "83.5", "07:23", "1:2:3", "99:99:99", "", "x", "9" * 400, "1" + "0" * 320 + ".5",
                     "१२:००:००", "00:00:00\"onmouseover=\"alert(1)"]),
    st.text(max_size=8),
)
FRONT_MATTER = (
    "---\ntitle: {text}\nvideoId: dQw4w9WgXcQ\nduration: {duration}\n---\n",
    '---\ntitle: "{text}"\naliases:\n  - "{text}"\n---\n',
    "---\ntitle: [unclosed\n---\n",
    "---\n- a list\n---\n",
    "---\ntitle: x\n",  # never closed
    "\ufeff---\r\ntitle: x\r\n...\r\n",
    "---\n!!python/object:os.system x\n---\n",
    "---\n---\n",
)
DURATIONS = st.one_of(
    st.sampled_from([".inf", "-.inf", ".nan", "1e999", "9" * 400, "\"9" + "9" * 400 + "\"", "0", "-5",
                     "yes", "01:02:03", "\"01:02:03\"", "[1]", "{a: 1}", "1_000", "0x1F", "\"1e999\""]),
    st.integers(-10, 10**6).map(str),
)
PAGE_LINES = (
    "From: [[hub]] <br/> ", "From: [[ ]]", "## Heading", "# H", "*   bullet", "- item", "1. item", "> quote",
    "```", "~~~", "```python", "````", "---", "| a | b |", "|---|---|", "[[slug | label]]", "[[a#h|b]]",
    "[[a\\|b]]", "![[embed]]", "[[missing_page]]", "[00:01:23]", "[1:02]", "[[00:01:23]]", "> [!note]+ x",
    "[link](javascript:alert(1))", "[l](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=83s)",
    "[l](https://youtube.com/watch?v=x%22onclick%3D%22alert(1)&t=9s)", "![img](data:image/png;base64,AA)",
    "![img](javascript:alert(1))", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<!-- comment -->", "<https://example.com>", "[x]: javascript:alert(1)", "    indented code",
    "Dr. Smith said so. It is true! Really?", "e.g. this _and_ **that** `code`",
)


@st.composite
def page_texts(draw: st.DrawFn) -> str:
    """A page as TubeGraph or vidwiki writes it (front matter, From: line, prose, anchors, links,
    fences), with malformed anchors, YAML, hostile HTML and random text mixed in."""
    parts: list[str] = []
    if draw(st.integers(0, 4)):
        template = draw(st.sampled_from(FRONT_MATTER))
        text = draw(fragments(max_size=3)).replace("\n", " ")
        parts.append(template.format(text=text, duration=draw(DURATIONS)))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(st.sampled_from(PAGE_LINES)))
        elif kind == 1:
            parts.append(draw(st.sampled_from(ANCHORS)).format(t=draw(DATA_T)))
        elif kind == 2:
            parts.append(draw(words()))
        else:
            parts.append(draw(fragments(max_size=4)))
        parts.append(draw(st.sampled_from(["\n", "\n\n", " ", "", ". ", "\r\n"])))
    return "".join(parts)
