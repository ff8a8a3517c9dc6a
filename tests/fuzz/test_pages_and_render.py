"""Pages: the parser never raises, the renderer never lets page text become markup.

``check_page`` reads any text as a page (the checker and the evaluator read other tools' pages);
``check_render`` renders hostile pages and allows only the reader's own elements, attributes and
URLs in the HTML; ``check_escaped_text`` says transcript text, escaped as articles escape it,
renders as exactly that text; ``check_front_matter`` says front matter reads back as written.
"""

from __future__ import annotations

from hypothesis import example

from fuzz.targets import check_escaped_text, check_front_matter, check_page, check_render, fuzzes

HUGE = "9" * 400  # YAML and float() read it as infinity, or as an int no float can hold


@fuzzes("page")
def test_any_text_reads_as_a_page_without_raising(text):
    check_page(text)


@fuzzes("page_markup")
# a duration of infinity was a usable length, and 400 digits raised OverflowError
@example("---\ntitle: x\nduration: .inf\n---\n")
@example(f"---\nduration: {HUGE}\n---\n")
# data-t of 400 digits: "is in seconds, the format wants ..." raised on the infinite time
@example(f'Said here <a class="yt-timestamp" data-t="{HUGE}">[x]</a>.')
def test_near_valid_pages_read_without_raising_and_in_range(text):
    check_page(text)


@fuzzes("render")
def test_rendered_pages_hold_only_the_readers_own_markup(text):
    check_render(text)


@fuzzes("escape")
@example("-")  # an empty list item
@example("---")  # a rule
@example("1. x")  # rendered "\1. x": a backslash before a digit is shown, not an escape
@example("\\*x\\*")  # the escape of * undone by the text's own backslash: emphasis
@example("a\\!")  # the backslash lost
def test_escaped_transcript_text_renders_as_that_text(text):
    check_escaped_text(text)


@fuzzes("front_matter")
@example({"title": "\x7f"})  # YAML refuses DEL raw: the page's front matter was unreadable
@example({"title": "a\x85b"})  # NEL is a line break to YAML: read back as "a b"
@example({"title": "[Betsy] \u2028"})  # so is LS: a trailing one was read back as a space
@example({"title": "\ud800"})  # a lone surrogate cannot be written to the page at all
def test_front_matter_reads_back_as_written(values):
    check_front_matter(values)
