"""Reading model output: every citation form a small model produces, and JSON it mangles."""

from __future__ import annotations

import pytest

from vidwiki.write.llm.parse import (
    JSONReplyError,
    clean_heading,
    parse_cited_prose,
    parse_ids,
    parse_json_object,
    parse_outline,
)


def test_ids_lists_and_short_ranges():
    assert parse_ids("S12, S13") == [12, 13]
    assert parse_ids("S12-S14") == [12, 13, 14]
    assert parse_ids("s3;S3 and 4") == [3, 4]
    assert parse_ids("S1-S900") == [1, 900]  # a runaway range is two ids, not 900


def test_each_sentence_carries_the_ids_cited_in_it():
    claims = parse_cited_prose(
        "The determinant measures how areas scale [S12, S13]. It can be negative [S14-S16]! "
        "Another point [s20] and more (S21)."
    )
    assert [(c.text, c.sentence_ids) for c in claims] == [
        ("The determinant measures how areas scale.", [12, 13]),
        ("It can be negative!", [14, 15, 16]),
        ("Another point and more.", [20, 21]),
    ]


def test_ids_after_the_full_stop_belong_to_the_sentence_before():
    claims = parse_cited_prose("Areas scale. [S3] Volumes scale too. [S4]")
    assert [(c.text, c.sentence_ids) for c in claims] == [("Areas scale.", [3]), ("Volumes scale too.", [4])]


def test_uncited_sentences_are_kept_without_ids_for_the_verifier():
    claims = parse_cited_prose("A cited one [S1]. An uncited one. Trailing text")
    assert [c.sentence_ids for c in claims] == [[1], [], []]
    assert claims[-1].text == "Trailing text."


def test_headings_are_dropped_and_list_items_are_sentences():
    claims = parse_cited_prose("## Ignore me\n- first item [S1]\n- second item [S2]\n```\n")
    assert [(c.text, c.sentence_ids) for c in claims] == [("first item.", [1]), ("second item.", [2])]


def test_json_is_found_in_fences_and_chatter_and_trailing_commas_repaired():
    text = 'Sure! Here it is:\n```json\n{"intro": "x [S1].", "headings": ["A", "B",],}\n```'
    assert parse_json_object(text) == {"intro": "x [S1].", "headings": ["A", "B"]}


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("no json here", "no JSON object"),
        ('{"intro": "x", "headings": ["only one"]}', "exactly 2 items"),
        ('{"intro": 3, "headings": ["a", "b"]}', '"intro" must be a string'),
        ('{"intro": "x", "headings": "a, b"}', "list of strings"),
        ('{"intro": "x" "headings": []}', "invalid JSON"),
    ],
)
def test_an_outline_that_breaks_the_schema_says_what_is_wrong(reply, message):
    with pytest.raises(JSONReplyError, match=message):
        parse_outline(reply, 2)


def test_headings_lose_markup_citations_and_length():
    assert clean_heading("## **Area [S3] scaling**.") == "Area scaling"
    assert len(clean_heading("one two three four five six seven eight nine ten").split()) == 8


def test_a_model_echoing_numbered_lines_cites_each_line_itself():
    claims = parse_cited_prose("[S0] Hi, and welcome back.\n[S1] I'm Nora.\n[S2] Today: cast iron.")
    assert [(c.text, c.sentence_ids) for c in claims] == [
        ("Hi, and welcome back.", [0]), ("I'm Nora.", [1]), ("Today: cast iron.", [2])]
