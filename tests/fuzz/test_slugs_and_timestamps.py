"""Slugs are file-safe, unique and stable; timestamps lie inside the video and round-trip."""

from __future__ import annotations

from hypothesis import example

from fuzz import test_captions, test_pages_and_render
from fuzz.targets import (
    FUZZED,
    TARGETS,
    check_citation,
    check_hhmmss,
    check_hhmmss_text,
    check_slug_registry,
    check_slugify,
    fuzzes,
)


@fuzzes("slugify")
def test_slugs_are_file_stems_of_the_format(title):
    check_slugify(title)


@fuzzes("slug_registry")
def test_two_keys_never_share_a_slug_and_a_key_keeps_its_own(claims):
    check_slug_registry(claims)


@fuzzes("hhmmss")
def test_hhmmss_floors_and_reads_back(seconds):
    check_hhmmss(seconds)


@fuzzes("hhmmss_text")
@example("0٠:00:00")  # Arabic-Indic digits were a "strict" HH:MM:SS, and a canonical anchor
def test_only_ascii_hhmmss_is_a_time(text):
    check_hhmmss_text(text)


@fuzzes("cite")
def test_every_published_timestamp_is_a_cited_start_inside_the_video(case):
    check_citation(case)


def test_every_fuzz_target_has_a_test():
    """benchmarks/fuzz.py runs every target long; each must also run on every ``make test``."""
    assert test_captions and test_pages_and_render  # imported: their targets are registered
    assert set(TARGETS) == FUZZED
