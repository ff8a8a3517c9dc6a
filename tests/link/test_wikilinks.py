"""Wikilinks: first mention of another topic, only to pages that exist, never to itself."""

from __future__ import annotations

from vidwiki.link.wikilinks import Linker, LinkTarget
from vidwiki.markup import escape_inline, front_matter


def linker() -> Linker:
    return Linker([
        LinkTarget("maillard_reaction", ("Maillard reaction",)),
        LinkTarget("heat_conduction", ("heat conduction", "Conduction")),
    ])


def test_first_mention_becomes_a_link_with_the_speakers_words_as_label():
    page = linker().for_page(own={"this_page"})
    text = page.link("The Maillard reactions need heat conduction. Maillard reactions again.")
    assert text == (
        "The [[maillard_reaction | Maillard reactions]] need [[heat_conduction | heat conduction]]. "
        "Maillard reactions again."
    )


def test_no_self_links():
    page = linker().for_page(own={"maillard_reaction"})
    assert "[[" not in page.link("The Maillard reaction browns bread.")


def test_words_split_by_punctuation_are_not_one_phrase():
    page = Linker([LinkTarget("heat_conduction", ("heat conduction",))]).for_page(own=set())
    assert "[[" not in page.link("heat, conduction")


def test_escaping_keeps_transcript_text_inert():
    text = escape_inline("<script>alert(1)</script> [[evil]] *bold* `code` $x$")
    assert "<script>" not in text and "[[" not in text
    assert "\\*bold\\*" in text and "\\`code\\`" in text and "\\$x\\$" in text


def test_front_matter_quotes_untrusted_values():
    fm = front_matter({"title": 'a: b "c"\n---', "duration": 12, "aliases": ["x"]})
    import yaml

    lines = fm.splitlines()
    assert lines[0] == lines[-1] == "---"
    data = yaml.safe_load("\n".join(lines[1:-1]))
    assert data["title"] == 'a: b "c"\n---'
    assert data["duration"] == 12 and data["aliases"] == ["x"]
