"""How vidwiki reads (and writes the pieces of) a TubeGraph-format page."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidwiki.pages import (
    hhmmss_to_seconds,
    parse_page,
    seconds_to_hhmmss,
    slugify,
    timestamp_anchor,
)

DATA = Path(__file__).parent / "data" / "pages"
EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "format" / "examples"


def page(text: str):
    return parse_page(Path("demo/page.md"), text)


# --- the format's single source of truth ---------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "00:00:00"), (83.9, "00:01:23"), (3599.999, "00:59:59"), (3600, "01:00:00"),
     (100 * 3600 + 61, "100:01:01")],
)
def test_seconds_format_floors_and_never_caps_hours(seconds, expected):
    assert seconds_to_hhmmss(seconds) == expected


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_seconds_format_rejects_non_times(bad):
    with pytest.raises(ValueError):
        seconds_to_hhmmss(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("00:01:23", 83), ("13:40:00", 49200), ("100:00:00", 360000), ("00:60:00", None),
     ("00:00:60", None), ("1:23", None), ("01:23", None), ("83", None), (" 00:01:23", None),
     ("00:01:23.5", None)],
)
def test_hhmmss_parsing_is_strict(text, expected):
    assert hhmmss_to_seconds(text) == expected


def test_timestamp_anchor_is_the_exact_tubegraph_markup():
    assert timestamp_anchor(83.9) == (
        '<a class="yt-timestamp" data-t="00:01:23">[00:01:23]</a>'
    )


def test_a_rendered_anchor_reads_back_well_formed():
    parsed = page(f"---\ntitle: T\n---\nA fact {timestamp_anchor(4000.5)}.\n")
    (anchor,) = parsed.anchors
    assert (anchor.line, anchor.data_t, anchor.seconds, anchor.well_formed) == (
        4, "01:06:40", 4000, True
    )
    assert parsed.fragments == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Serbias relationship with Russia", "serbias_relationship_with_russia"),
     ("L'Hôpital's rule", "lhopitals_rule"),
     ("Slobodan Milošević", "slobodan_milosevic"),
     ("Novak Đoković", "novak_dokovic"),
     ("Serbia-Russia  relations", "serbiarussia_relations"),
     ("  C++ & Python _ tips  ", "c_python_tips"),
     ("Zürich\tcity", "zurich_city"),
     ("!!!", "untitled"),
     ("東京", "untitled")],
)
def test_slugify_follows_format_md_after_transliterating(title, slug):
    assert slugify(title) == slug


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_is_read_and_body_starts_after_it():
    parsed = page("---\ntitle: A topic\nvideoId: 12345\nduration: 820\n---\n\nFrom: [[ch]] <br/> \n")
    assert parsed.front_matter == {"title": "A topic", "videoId": 12345, "duration": 820}
    assert (parsed.title, parsed.video_id, parsed.duration) == ("A topic", "12345", 820.0)
    assert parsed.body_line == 6
    assert parsed.from_line is not None and parsed.from_line.line == 7


def test_a_page_without_front_matter_is_all_body():
    parsed = page("Just text.\n")
    assert (parsed.has_front_matter, parsed.front_matter, parsed.body_line) == (False, {}, 1)


def test_broken_yaml_is_reported_not_raised():
    parsed = parse_page(DATA / "broken_front_matter.md")
    assert parsed.has_front_matter
    assert parsed.front_matter == {}
    assert parsed.front_matter_error.startswith("front matter is not valid YAML")
    assert parsed.front_matter_error_line == 2  # "title: Kosovo: a special case"
    assert len(parsed.anchors) == 1  # the body is still read


@pytest.mark.parametrize(
    ("text", "error"),
    [("---\n- a\n- b\n---\nbody\n", "front matter is not a mapping of keys to values"),
     ("---\ntitle: never closed\nbody\n", "front matter is not closed by a '---' line")],
)
def test_front_matter_that_is_not_a_closed_mapping_is_an_error(text, error):
    assert page(text).front_matter_error == error


def test_duration_accepts_seconds_or_hhmmss_and_ignores_nonsense():
    durations = [page(f"---\nduration: {value}\n---\n").duration
                 for value in ("820", "'820.5'", "00:13:40", "yes", "-3", "soon")]
    assert durations == [820.0, 820.5, 820.0, None, None, None]


# --- anchors and timestamp fragments ---------------------------------------------------------


def test_every_anchor_is_found_and_each_bad_one_named_once():
    parsed = parse_page(DATA / "tubegraph_variants.md")
    assert [(a.line, a.data_t, a.seconds, a.well_formed) for a in parsed.anchors] == [
        (8, "00:01:23", 83, True),
        (8, "83", 83, False),  # a player reads seconds-valued data-t as seconds
        (9, "00:02:00", 120, False),
        (9, "7:23", 443, False),
        (13, "00:03:00", 180, False),
        (13, None, None, False),
        (18, "00:05:00", 300, True),
        (25, "00:06:00", 360, True),
        (25, "00:06:10", 370, True),
    ]
    assert [(f.line, f.kind, f.text if f.kind == "bare-timestamp" else "") for f in
            parsed.fragments] == [
        (8, "seconds-timestamp", ""),
        (9, "label-mismatch", ""),
        (9, "malformed-timestamp", ""),  # 7:23
        (13, "malformed-timestamp", ""),  # single-quoted markup
        (13, "malformed-timestamp", ""),  # no data-t
        (14, "bare-timestamp", "[00:04:00]"),
        (14, "bare-timestamp", "[00:04:30]"),  # a markdown link does not drive the player
    ]  # the [00:07:00] inside the python code block is code, not a timestamp


def test_anchor_messages_say_what_the_format_wants():
    parsed = parse_page(DATA / "tubegraph_variants.md")
    assert parsed.fragments[0].message == 'data-t="83" is in seconds; the format wants "00:01:23"'
    assert parsed.fragments[1].message == "label '[00:02:01]' differs from data-t=\"00:02:00\""


# --- wikilinks and the From: line ------------------------------------------------------------


def test_wikilinks_in_every_spelling_with_trimmed_targets():
    parsed = parse_page(DATA / "tubegraph_variants.md")
    assert [(link.line, link.target, link.heading, link.label) for link in parsed.links] == [
        (6, "demo_channel", None, None),  # the From: line
        (11, "other_page", "Some heading", "variants"),  # inside a heading
        (15, "plain_target", None, None),
        (15, "spaced target", None, "spaced label"),
        (15, "tight", None, "label"),
        (15, "Title With Spaces", None, None),
        (22, "table_target", None, "in a table"),  # [[a\|b]] inside a table
        (24, "hub_bullet", None, "Hub bullet"),
    ]


def test_from_line_names_the_channel_only_as_the_first_body_line():
    assert page("---\ntitle: T\n---\n\nFrom: [[ch_a]] <br/> \n").from_line.channel == "ch_a"
    assert page("---\ntitle: T\n---\nIntro.\n\nFrom: [[ch_a]] <br/>\n").from_line is None


# --- code fences ----------------------------------------------------------------------------


def test_a_body_wrapped_in_one_fence_is_flagged_and_still_read():
    parsed = parse_page(DATA / "fenced_page.md")
    assert (parsed.fenced, parsed.fence_line) == (True, 8)
    assert [a.data_t for a in parsed.anchors] == ["00:00:05", "00:00:09"]
    assert [s.text for s in parsed.sentences] == [
        "The whole article came back from the model inside a code block.",
        "Quartz shows all of this as code, links like demo_channel included.",
    ]


@pytest.mark.parametrize(
    "body",
    ["Intro.\n\n```\ncode\n```\n", "```\ncode\n```\nText after.\n",
     "```\none\n```\n\n```\ntwo\n```\n"],
)
def test_a_code_block_that_is_only_part_of_the_body_is_not_a_wrapper(body):
    assert not page(f"---\ntitle: T\n---\n{body}").fenced


def test_an_unclosed_fence_wraps_the_rest_of_the_page():
    parsed = page("---\ntitle: T\n---\nFrom: [[ch]] <br/>\n```markdown\nText.\n")
    assert (parsed.fenced, parsed.fence_line) == (True, 5)


# --- prose sentences ----------------------------------------------------------------------------


def test_sentences_carry_their_anchors_and_skip_non_prose():
    parsed = parse_page(DATA / "tubegraph_variants.md")
    sentences = [(s.line, [a.data_t for a in s.anchors], s.text) for s in parsed.sentences]
    assert sentences == [
        (8, ["00:01:23"], "A well-formed citation sits before the full stop."),
        (8, ["83"], "A seconds-valued one."),
        (9, ["00:02:00"], "A label that disagrees."),
        (9, ["7:23"], "A short form."),
        (13, ["00:03:00"], "Single quotes."),
        (13, [None], "No data-t at all."),
        (14, [], "Bare text [00:04:00] and a plain link [00:04:30]"
                 "(https://www.youtube.com/watch?v=abcdefghijk&t=270) are not anchors."),
        (15, [], "Links: plain_target, spaced label, label and Title With Spaces."),
        (18, ["00:05:00"], "Dr. Smith said the U.S. plan failed."),  # not split at Dr. or U.S.
        (18, [], "It did not last."),
        (20, [], "topic | link"),
        (22, [], "a row | in a table"),
        (25, ["00:06:00", "00:06:10"], "Bold label: a bullet sentence, with two citations."),
    ]  # no heading, From: line, callout title, hub bullet or code in the list


def test_an_anchor_after_the_full_stop_stays_with_its_sentence():
    cite = timestamp_anchor(5)
    parsed = page(f"---\ntitle: T\n---\nFirst claim. {cite} Second claim {cite}.\n")
    assert [(s.text, len(s.anchors)) for s in parsed.sentences] == [
        ("First claim.", 1), ("Second claim.", 1)
    ]


def test_a_paragraph_wrapped_over_lines_is_one_block_with_anchor_lines_kept():
    cite = timestamp_anchor(7)
    parsed = page(f"---\ntitle: T\n---\nOne sentence that\nwraps here {cite}. Next one.\n")
    first, second = parsed.sentences
    assert (first.line, first.text, first.anchors[0].line) == (
        4, "One sentence that wraps here.", 5
    )
    assert (second.line, second.text) == (5, "Next one.")


def test_hub_bullets_are_links_not_sentences():
    hub = "---\ntitle: ch\n---\n### [Video](https://www.youtube.com/watch?v=x)\n- [[a | A]]\n"
    parsed = page(hub)
    assert parsed.sentences == []
    assert [link.target for link in parsed.links] == ["a"]


# --- TubeGraph's real pages ---------------------------------------------------------------------


@pytest.fixture
def examples() -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/format/examples is absent")
    return EXAMPLES


def test_the_tubegraph_examples_parse_completely(examples):
    pages = {p.stem: parse_page(p) for p in sorted(examples.glob("*.md"))}
    assert {stem: len(p.anchors) for stem, p in pages.items()} == {
        "historical_ties_between_serbia_and_russia": 53,
        "hub_LEMMiNO": 0,
        "impact_of_the_ukraine_war_on_serbia_russia_relations": 46,
        "kosovo_issue_and_its_impact_on_serbias_foreign_policy": 35,
        "serbian_internal_politics_and_public_opinion_on_russia": 28,
        "serbias_relationship_with_russia": 59,
    }
    for stem, parsed in pages.items():
        assert all(a.well_formed for a in parsed.anchors), stem  # wrong values, right markup
        assert parsed.fragments == [], stem
        # every anchor belongs to exactly one sentence, so the cited share can be computed
        assert [a for s in parsed.sentences for a in s.anchors] == parsed.anchors, stem
        if stem != "hub_LEMMiNO":
            assert parsed.from_line.channel == "jameskerlindsay"
            assert parsed.video_id == "PdiSU9-Fge4"


def test_cited_share_of_a_tubegraph_article(examples):
    parsed = parse_page(examples / "historical_ties_between_serbia_and_russia.md")
    uncited = [s.text for s in parsed.sentences if not s.anchors]
    assert uncited == [
        "This alliance had global implications when, in 1914, a Serb nationalist assassinated "
        "Archduke Franz Ferdinand.",
        "However, the end of WWI saw a radical shift.",
        "The Second World War again changed dynamics.",
        "The 1990s brought significant changes.",
        "Serbia sought to balance its stance:",
    ]
    assert len(parsed.sentences) == 56
