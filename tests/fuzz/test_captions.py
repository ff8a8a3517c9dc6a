"""Any caption file, however broken, gives a sound track or one ``InputError`` line.

Each test draws files of one format (near-valid, with garbage mixed in, in any encoding) and
checks ``targets.check_caption_file``: no exception but ``InputError``, every cue time finite,
non-negative, ``start <= end``, cues sorted and not overlapping, words inside their cue, all text
storable as UTF-8. The ``@example``s are inputs the fuzzer once broke the code with.
"""

from __future__ import annotations

from hypothesis import example

from fuzz.targets import check_caption_file, check_folder, check_sidecar, fuzzes
from vidwiki.ingest import parse_file


@fuzzes("vtt")
def test_webvtt_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("srt")
def test_srt_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("sbv")
def test_sbv_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("json")
# JSON may escape half a surrogate pair: the cue text could then be stored nowhere (the build
# failed in SQLite with a UnicodeEncodeError).
@example(("captions.json", b'{"segments": [{"start": 0, "end": 1, "text": "hello \\ud800 there"}]}'))
@example(("word_timings.json", b'[["\\udc00 word", 0, 1], [" \\ud83d\\ude00", 1, 2]]'))
def test_json_caption_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("timedtext")
def test_timedtext_xml_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("player_csv")
# a CR before the header was a csv.Error escaping the parser (read while getting the header)
@example(("scrape.csv", b"\r\x01"))
def test_player_csv_files_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("panel")
def test_transcript_panel_pastes_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("bytes")
def test_random_bytes_under_any_caption_name_parse_or_raise_input_error(case):
    check_caption_file(case)


@fuzzes("any_format")
def test_any_format_under_any_name_and_encoding_parses_or_raises_input_error(case):
    check_caption_file(case)


@fuzzes("sidecar")
# a chapter whose end (here the video's duration) comes before its start ended before it began
@example(("Title [dQw4w9WgXcQ].info.json",
          b'{"id": "dQw4w9WgXcQ", "duration": 0.0, "chapters": [{"start_time": 1.0, "title": "a"}]}'))
@example(("Title [dQw4w9WgXcQ].info.json",
          b'{"id": "dQw4w9WgXcQ", "chapters": [{"start_time": 9, "end_time": 2, "title": "a"}]}'))
@example(("Title [dQw4w9WgXcQ].info.json", b'{"id": "dQw4w9WgXcQ", "title": "\\ud800"}'))
def test_sidecars_give_sound_metadata_or_raise_input_error(case):
    check_sidecar(case)


@fuzzes("discover")
def test_a_folder_of_broken_files_gives_sound_videos_and_one_line_problems(files):
    check_folder(files)


def test_a_player_csv_with_cr_line_ends_is_read_like_any_other(tmp_path):
    """Old Mac line ends: the csv module reads them once it is given the text unsplit."""
    rows = ["video_id,lang,text,timecode", "x,English,hello there,0:01 / 1:00", "x,English,and more,0:03 / 1:00"]
    path = tmp_path / "scrape.csv"
    path.write_text("\r".join(rows) + "\r", newline="")
    track = parse_file(path)
    assert [c.text for c in track.cues] == ["hello there", "and more"]


def test_a_lone_surrogate_in_json_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "captions.json"
    path.write_text('{"segments": [{"start": 0, "end": 1, "text": "a \\ud800 b"}]}')
    track = parse_file(path)
    assert track.cues[0].text == "a \ufffd b"
