"""YouTube rolling captions: each word once, timed, with speaker changes; paint-on joined."""

from __future__ import annotations

from vidwiki.ingest import parse_file


def _words(track):
    return [w for c in track.cues for w in (c.words or [])]


def test_snapshot_cues_are_dropped_and_each_word_appears_once(data):
    track = parse_file(data / "Rolling demo [AbCdEfGhIj0].en.vtt")
    assert track.fmt == "vtt-rolling"
    assert track.auto is True  # rolling structure is YouTube's ASR layout
    assert all(c.end - c.start > 0.011 for c in track.cues)
    text = " ".join(c.text for c in track.cues)
    assert (
        text
        == "Welcome to another episode of the show. Thanks for having me. It's great Sure. Bye."
    )


def test_word_times_come_from_inline_tags_and_the_cue_start(data):
    track = parse_file(data / "Rolling demo [AbCdEfGhIj0].en.vtt")
    words = _words(track)
    assert [(w.text, w.start) for w in words[:4]] == [
        ("Welcome", 0.24),  # the first word takes the cue start
        ("to", 0.8),
        ("another", 1.12),
        ("episode", 1.52),
    ]
    assert words[0].end == 0.8  # a word ends where the next begins
    assert words[3].end == 2.79  # the last word of a cue ends with the cue
    assert [w.text for w in words].count("Welcome") == 1
    untimed = next(w for w in words if w.text == "Bye.")  # a one-word line has no tags
    assert untimed.start == 11.679


def test_speaker_changes_and_inline_music_are_handled(data):
    track = parse_file(data / "Rolling demo [AbCdEfGhIj0].en.vtt")
    changes = [c.text for c in track.cues if c.speaker_change]
    assert changes == ["Thanks for having me.", "Sure."]  # &gt;&gt; mid-line splits the cue
    assert "[music]" not in " ".join(c.text for c in track.cues)
    great = next(c for c in track.cues if c.text == "It's great")
    assert great.start == 9.04  # starts at its first word, not at the dropped [music]


def test_paint_on_fragments_are_joined_inside_words(data):
    track = parse_file(data / "PaintOnDemo.user.en.vtt")
    assert track.auto is False  # ".user." says human, whatever the layout
    assert [c.text for c in track.cues] == ["THE CHOICE -- THE", "CHOICE WE MAKE", "THIS NOVEMBER"]
    choice = track.cues[1].words[0]
    assert (choice.text, choice.start, choice.end) == ("CHOICE", 4.336, 4.47)


def test_older_youtube_dl_style_with_colour_classes(write):
    path = write(
        "old.en.vtt",
        "WEBVTT\nKind: captions\nLanguage: en\nStyle:\n"
        "::cue(c.colorCCCCCC) { color: rgb(204,204,204);\n }\n##\n\n\n"
        "00:04:46.070 --> 00:04:46.470 align:start position:0%\nyeah\n\n\n"
        "00:04:46.470 --> 00:05:04.080 align:start position:0%\nyeah\n<c.colorCCCCCC>what</c>\n"
        "00:05:04.080 --> 00:05:05.069 align:start position:0%\n"
        "this<00:05:04.199><c> will</c><c.colorE5E5E5><00:05:04.379><c> happen</c></c>\n\n"
        "00:05:05.069 --> 00:05:05.400 align:start position:0%\n"
        "this will<c.colorE5E5E5> happen</c>\n </c>\n",
    )
    track = parse_file(path)
    assert [c.text for c in track.cues] == ["yeah", "what", "this will happen"]
    assert [w.start for w in track.cues[2].words] == [304.08, 304.199, 304.379]
