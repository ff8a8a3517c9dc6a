"""What ``vidwiki check`` reports, on pages vidwiki would write and on TubeGraph's."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from vidwiki.check import RUNAWAY_LIMIT, Defect, check_vault, check_wiki
from vidwiki.errors import InputError
from vidwiki.pages import slugify, timestamp_anchor

DATA = Path(__file__).parent / "data" / "pages"
EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "format" / "examples"
VIDEO = "vid00000001"


def article(title: str, cites: list[float], links: str = "", *, channel: str = "demo",
            video_id: str | None = VIDEO, extra_front: str = "") -> str:
    """An article as vidwiki renders it: front matter, From: line, cited sentences."""
    front = f"title: {title}\n" + (f"videoId: {video_id}\n" if video_id else "") + extra_front
    sentences = " ".join(f"Fact number {i} {timestamp_anchor(t)}." for i, t in enumerate(cites))
    return f"---\n{front}---\n\nFrom: [[{channel}]] <br/> \n\n{sentences}\n\n{links}\n"


def write(vault: Path, rel: str, text: str) -> None:
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A clean channel: a hub listing two articles that cite the video and link each other."""
    root = tmp_path / "vault"
    alpha, beta = slugify("Alpha topic"), slugify("Beta topic")
    write(root, "demo/demo.md", (
        "---\ntitle: demo\n---\n"
        f"### [A video](https://www.youtube.com/watch?v={VIDEO})\n"
        f"- [[{alpha} | Alpha topic]]\n- [[{beta} | Beta topic]]\n"
    ))
    write(root, f"demo/{alpha}.md", article("Alpha topic", [0, 83.4, 599.9],
                                            f"See [[{beta} | Beta topic]]."))
    write(root, f"demo/{beta}.md", article("Beta topic", [12, 61],
                                           f"## Related [[{alpha}#Fact|Alpha]]"))
    return root


def found(vault: Path, **kwargs) -> list[tuple[str, int | None, str]]:
    return [(d.path, d.line, d.kind) for d in check_vault(vault, **kwargs)]


# --- clean pages ------------------------------------------------------------------------------


def test_a_clean_vault_has_no_defects(vault):
    assert check_vault(vault) == []
    assert check_vault(vault, {VIDEO: 600}) == []  # 599.9 s is 00:09:59, inside a 10 min video


def test_a_wiki_folder_is_checked_through_its_vault(vault):
    (vault.parent / "vidwiki.db").write_bytes(b"")
    assert check_wiki(vault.parent) == []
    assert check_wiki(vault) == []


def test_a_missing_folder_is_a_one_line_user_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        check_wiki(tmp_path / "nowhere")


def test_hidden_folders_like_obsidian_settings_are_not_pages(vault):
    write(vault, ".obsidian/notes.md", "no front matter, no links\n")
    assert check_vault(vault) == []


# --- front matter and the From: line ------------------------------------------------------------


def test_every_page_needs_a_title(vault):
    write(vault, "demo/notitle.md", "Plain text, no front matter.\n")
    write(vault, "demo/emptytitle.md", "---\ntitle:\n---\nSee [[notitle]].\n")
    assert found(vault) == [
        ("demo/emptytitle.md", None, "orphan-page"),
        ("demo/emptytitle.md", 1, "missing-front-matter"),
        ("demo/notitle.md", 1, "missing-front-matter"),
    ]


def test_timestamps_need_a_video_id(vault):
    write(vault, "demo/alpha_topic.md", article("Alpha topic", [1], "[[beta_topic]]",
                                                video_id=None))
    defects = check_vault(vault)
    assert [(d.line, d.kind) for d in defects] == [(1, "missing-front-matter")]
    assert defects[0].message == "1 timestamps but no videoId for the player to seek in"


def test_broken_yaml_is_named_with_its_line(vault):
    (vault / "demo" / "broken.md").write_text(
        (DATA / "broken_front_matter.md").read_text().replace("demo_channel", "demo")
    )
    write(vault, "demo/beta_topic.md", article("Beta topic", [12], "[[alpha_topic]] [[broken]]"))
    assert found(vault) == [("demo/broken.md", 2, "bad-front-matter")]


def test_an_article_needs_its_from_line_but_a_hub_does_not(vault):
    text = article("Alpha topic", [1], "[[beta_topic]]").replace("From: [[demo]] <br/> \n", "")
    write(vault, "demo/alpha_topic.md", text)
    assert found(vault) == [("demo/alpha_topic.md", 5, "missing-from-line")]


# --- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "reason"), [
    ("Goal", "a lone generic word"),
    ("Goal bayes theorem the", "ends with the function word 'the'"),
    ("Let me show you", "a pronoun ('me'); starts with the function word 'let'"),
])
def test_an_article_whose_title_fails_the_title_rules_is_one_defect_naming_why(vault, title, reason):
    write(vault, "demo/alpha_topic.md", article(title, [1], "[[beta_topic]]"))
    defects = check_vault(vault)
    assert [(d.path, d.line, d.kind) for d in defects] == [("demo/alpha_topic.md", 2, "bad-title")]
    assert str(defects[0]) == f"demo/alpha_topic.md:2: bad-title: title {title!r} fails the title rules: {reason}"


def test_a_topic_page_title_is_judged_too_but_a_hub_is_named_after_its_channel(vault):
    write(vault, "demo/function.md", '---\ntitle: "Function"\nkind: "topic"\n---\n\nFrom: [[demo]] <br/> \n\n'
          "See [[alpha_topic]].\n")
    write(vault, "demo/alpha_topic.md", article("Alpha topic", [1], "[[beta_topic]] [[function]]"))
    write(vault, "demo/demo.md", "---\ntitle: 3Blue1Brown\n---\n- [[alpha_topic]]\n- [[beta_topic]]\n")
    assert found(vault) == [("demo/function.md", 2, "bad-title")]


def test_concept_titles_pass(vault):
    for title in ("Matrix representation of linear transformations", "Eigenvectors and eigenvalues",
                  "Kosovo issue and its impact on Serbias foreign policy"):
        write(vault, "demo/alpha_topic.md", article(title, [1], "[[beta_topic]]"))
        assert check_vault(vault) == [], title


# --- timestamps ---------------------------------------------------------------------------------


def test_each_malformed_timestamp_is_one_defect(vault):
    text = (DATA / "tubegraph_variants.md").read_text().replace("abcdefghijk", VIDEO)
    write(vault, "demo/variants.md", text)
    write(vault, "demo/beta_topic.md", article("Beta topic", [12], "[[alpha_topic]] [[variants]]"))
    defects = [d for d in check_vault(vault) if d.path == "demo/variants.md"]
    assert [(d.line, d.kind) for d in defects if d.kind != "unresolved-link"] == [
        (8, "seconds-timestamp"),
        (9, "label-mismatch"),
        (9, "malformed-timestamp"),
        (13, "malformed-timestamp"),
        (13, "malformed-timestamp"),
        (14, "bare-timestamp"),
        (14, "bare-timestamp"),
    ]


def test_timestamps_past_the_video_end_use_front_matter_duration_first(vault):
    write(vault, "demo/alpha_topic.md", article(
        "Alpha topic", [30, 100, 100.9, 101], "[[beta_topic]]", extra_front="duration: 100\n"))
    outside = check_vault(vault, {VIDEO: 10_000})  # the page's own duration wins
    assert [(d.line, d.kind) for d in outside] == [(9, "timestamp-outside-video")]
    assert outside[0].message == "data-t=00:01:41 is past the end of the video (00:01:40)"


def test_durations_from_the_caller_are_keyed_by_video_id(vault):
    assert found(vault, durations={VIDEO: 60}) == [
        ("demo/alpha_topic.md", 8, "timestamp-outside-video"),  # 00:01:23
        ("demo/alpha_topic.md", 8, "timestamp-outside-video"),  # 00:09:59
        ("demo/beta_topic.md", 8, "timestamp-outside-video"),  # 00:01:01
    ]
    assert found(vault, durations={"another_id": 60}) == []


def test_minutes_written_as_hours_are_suspect_when_the_duration_is_unknown(vault):
    mmss = [7 * 3600 + 25 * 60, 2 * 3600 + 21 * 60, 13 * 3600 + 11 * 60]  # 07:25:00 ...
    write(vault, "demo/alpha_topic.md", article("Alpha topic", [0, 96, *mmss], "[[beta_topic]]"))
    defects = check_vault(vault)
    assert [(d.line, d.kind) for d in defects] == [(8, "suspect-timestamp")] * 3
    assert defects[0].message == (
        "data-t=07:25:00 seeks to 7 h 25 min; every hour-bearing timestamp here ends in :00, "
        "so it is probably 00:07:25"
    )
    # with the duration known, the same anchors are simply outside the video
    assert {d.kind for d in check_vault(vault, {VIDEO: 820})} == {"timestamp-outside-video"}


@pytest.mark.parametrize(
    "cites",
    [[3600 + 60, 2 * 3600 + 120],  # two round hour-bearing times can be genuine
     [3600 + 60, 2 * 3600 + 120, 2 * 3600 + 121]],  # one real seconds field clears the page
)
def test_genuine_long_video_timestamps_are_not_suspect(vault, cites):
    write(vault, "demo/alpha_topic.md", article("Alpha topic", cites, "[[beta_topic]]"))
    assert check_vault(vault) == []


def test_runaway_output_is_one_defect_per_repeated_anchor(vault):
    write(vault, "demo/alpha_topic.md", article(
        "Alpha topic", [0] * (RUNAWAY_LIMIT + 1) + [5] * RUNAWAY_LIMIT, "[[beta_topic]]"))
    defects = check_vault(vault)
    assert [(d.line, d.kind) for d in defects] == [(8, "runaway-anchors")]
    assert defects[0].message == "data-t=00:00:00 appears 51 times (limit 50)"


# --- links --------------------------------------------------------------------------------------


def test_a_title_with_spaces_is_a_dead_link_with_a_suggestion(vault):
    write(vault, "demo/beta_topic.md", article("Beta topic", [1], "[[Alpha topic | Alpha]]"))
    defects = check_vault(vault)
    assert [(d.path, d.line, d.kind) for d in defects] == [
        ("demo/beta_topic.md", 10, "unresolved-link"),  # alpha_topic is still linked by the hub
    ]
    assert defects[0].message == (
        "[[Alpha topic]] matches no page's file name (did you mean [[alpha_topic]]?)"
    )


@pytest.mark.parametrize("target", ["Alpha_topic", "alpha topic", "gamma_topic", "demo/alpha"])
def test_only_an_exact_stem_or_path_resolves(vault, target):
    write(vault, "demo/beta_topic.md",
          article("Beta topic", [1], f"[[alpha_topic]] [[{target}]]"))
    assert found(vault) == [("demo/beta_topic.md", 10, "unresolved-link")]


@pytest.mark.parametrize("target", ["demo/alpha_topic", "alpha_topic.md", "alpha_topic#Intro"])
def test_paths_extensions_and_headings_resolve(vault, target):
    write(vault, "demo/beta_topic.md", article("Beta topic", [1], f"[[{target} | Alpha]]"))
    assert check_vault(vault) == []


def test_a_page_linking_to_itself(vault):
    write(vault, "demo/beta_topic.md",
          article("Beta topic", [1], "## [[beta_topic | Beta]]\n[[alpha_topic]]"))
    assert found(vault) == [("demo/beta_topic.md", 10, "self-link")]


def test_duplicate_stems_anywhere_in_the_vault_even_by_case(vault):
    write(vault, "other/alpha_topic.md", article("Alpha topic", [1], "[[beta_topic]]",
                                                 channel="demo"))
    write(vault, "third/Alpha_Topic.md", article("Alpha Topic", [1], "[[beta_topic]]",
                                                 channel="demo"))
    defects = [d for d in check_vault(vault) if d.kind == "duplicate-slug"]
    assert [d.path for d in defects] == [
        "demo/alpha_topic.md", "other/alpha_topic.md", "third/Alpha_Topic.md"]
    assert defects[0].message == (
        "file name 'alpha_topic' is also used by other/alpha_topic.md, third/Alpha_Topic.md"
    )


def test_a_page_no_other_page_links_to_is_an_orphan(vault):
    write(vault, "demo/gamma_topic.md", article("Gamma topic", [1], "[[gamma_topic]]"))
    write(vault, "index.md", "---\ntitle: Home\n---\n")  # the site's home page needs no link
    assert found(vault) == [
        ("demo/gamma_topic.md", None, "orphan-page"),  # its self-link does not count
        ("demo/gamma_topic.md", 10, "self-link"),
    ]


def test_a_hub_is_reached_through_the_from_line(vault):
    write(vault, "demo/demo.md", "---\ntitle: demo\n---\n")  # lists no article
    assert check_vault(vault) == []


def test_a_page_wrapped_in_a_code_fence(vault):
    text = (DATA / "fenced_page.md").read_text().replace("demo_channel", "demo")
    write(vault, "demo/fenced.md", text.replace("abcdefghijk", VIDEO))
    write(vault, "demo/beta_topic.md", article("Beta topic", [1], "[[alpha_topic]] [[fenced]]"))
    assert found(vault) == [("demo/fenced.md", 8, "code-fenced-page")]


def test_an_unreadable_file_is_reported_not_raised(vault):
    (vault / "demo" / "binary.md").write_bytes(b"\xff\xfe\x00title")
    assert found(vault) == [("demo/binary.md", None, "unreadable-page")]


# --- reporting ----------------------------------------------------------------------------------


def test_a_defect_prints_as_path_line_kind_message():
    assert str(Defect("demo/a.md", 7, "self-link", "[[a]] links to this page")) == (
        "demo/a.md:7: self-link: [[a]] links to this page"
    )
    assert str(Defect("demo/a.md", None, "orphan-page", "no other page links here")) == (
        "demo/a.md: orphan-page: no other page links here"
    )


def test_defects_come_sorted_by_path_then_line(vault):
    write(vault, "demo/beta_topic.md", article("Beta topic", [1], "[[zeta]] [[Alpha]]\n[[x]]"))
    write(vault, "a_first.md", "no front matter [[y]]\n")
    keys = [(d.path, d.line or 0) for d in check_vault(vault)]
    assert keys == sorted(keys)
    assert keys[0][0] == "a_first.md"


# --- TubeGraph's real pages -----------------------------------------------------------------------


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/format/examples is absent")
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    return copy


SPACED = "[[Serbias relationship with Russia]]"


def test_tubegraph_examples_with_the_video_duration(examples):
    defects = check_vault(examples, {"PdiSU9-Fge4": 13 * 60 + 40})
    assert Counter(d.kind for d in defects) == {
        "timestamp-outside-video": 61, "unresolved-link": 43, "orphan-page": 2, "self-link": 1}
    outside = Counter(d.path for d in defects if d.kind == "timestamp-outside-video")
    # every hour-bearing MM:SS:00 anchor; the two real ones atop serbian_internal... are fine
    assert outside == {"kosovo_issue_and_its_impact_on_serbias_foreign_policy.md": 35,
                       "serbian_internal_politics_and_public_opinion_on_russia.md": 26}
    first = next(d for d in defects if d.kind == "timestamp-outside-video")
    assert str(first) == (
        "kosovo_issue_and_its_impact_on_serbias_foreign_policy.md:8: timestamp-outside-video: "
        "data-t=07:25:00 is past the end of the video (00:13:40); reads as MM:SS:00, "
        "probably 00:07:25"
    )


def test_tubegraph_examples_without_durations_via_the_mmss_signature(examples):
    defects = check_vault(examples)
    assert Counter(d.kind for d in defects) == {
        "suspect-timestamp": 61, "unresolved-link": 43, "orphan-page": 2, "self-link": 1}
    suspect = Counter(d.path for d in defects if d.kind == "suspect-timestamp")
    assert suspect == {"kosovo_issue_and_its_impact_on_serbias_foreign_policy.md": 35,
                       "serbian_internal_politics_and_public_opinion_on_russia.md": 26}


def test_tubegraph_dead_links_by_cause(examples):
    dead = [d for d in check_vault(examples) if d.kind == "unresolved-link"]
    by_page = Counter(d.path for d in dead)
    assert by_page == {
        "historical_ties_between_serbia_and_russia.md": 12,  # 11 titles with spaces + From:
        "hub_LEMMiNO.md": 10,  # all its articles are absent
        "impact_of_the_ukraine_war_on_serbia_russia_relations.md": 4,
        "kosovo_issue_and_its_impact_on_serbias_foreign_policy.md": 11,  # all of them
        "serbian_internal_politics_and_public_opinion_on_russia.md": 4,
        "serbias_relationship_with_russia.md": 2,
    }
    spaced = [d for d in dead if " " in d.message.split("]]")[0]]
    assert len(spaced) == 19
    assert sum(SPACED in d.message for d in dead) == 10
    assert sum("[[jameskerlindsay]]" in d.message for d in dead) == 5  # the hub is not here
    assert all(d.line is not None for d in dead)


def test_tubegraph_orphans_and_self_link(examples):
    defects = check_vault(examples)
    assert [d.path for d in defects if d.kind == "orphan-page"] == [
        "historical_ties_between_serbia_and_russia.md",  # only linked by a title with spaces
        "hub_LEMMiNO.md",
    ]
    (self_link,) = [d for d in defects if d.kind == "self-link"]
    assert (self_link.path, self_link.line) == (
        "impact_of_the_ukraine_war_on_serbia_russia_relations.md", 24)
