"""``vidwiki export site`` / ``export quartz`` and ``serve`` following the store after a build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from typer.testing import CliRunner

from vidwiki.cli import app
from vidwiki.pipeline import build
from vidwiki.render.quartz import quartz_pages
from vidwiki.render.wikidata import load
from vidwiki.web.server import make_server

from .conftest import EXAMPLES, Served

runner = CliRunner()


def test_quartz_export_is_the_vault_in_tubegraph_layout_plus_the_channel_list(xss_wiki, tmp_path):
    out = tmp_path / "content"
    result = runner.invoke(app, ["export", "quartz", str(xss_wiki), str(out)])
    assert result.exit_code == 0, result.output
    vault = xss_wiki / "vault"
    pages = sorted(vault.rglob("*.md"))
    # a page with aliases gets them as Quartz paths (next test); every other page is copied as it is
    with_aliases = [p for p in pages if "\naliases:" in p.read_text()]
    assert len(with_aliases) < len(pages)
    for page in pages:
        if page not in with_aliases:
            assert (out / page.relative_to(vault)).read_bytes() == page.read_bytes()
    for name in ("index.md", "directory.md"):  # directory: where TubeGraph's landing page links
        index = (out / name).read_text()
        target = re.search(r"\[\[([^|\]]+) \|", index).group(1).strip()
        assert (out / f"{target}.md").is_file()


def test_quartz_aliases_are_paths_in_the_channel_folder_that_no_page_holds(xss_wiki):
    """Quartz writes an alias's redirect at the alias's path from the site root: a renamed page's old
    slug must redirect from its old address, <channel>/<old slug>, and never replace a page."""
    data = load(xss_wiki)
    page = data.pages["cast_iron"]
    assert 'kind: "topic"' in page.markdown and "aliases:" not in page.markdown
    page.markdown = page.markdown.replace(
        'kind: "topic"\n',
        'aliases:\n  - "Latent heat"\n  - "yolks_of_eggs"\n  - "Yolks of eggs"\n  - "heat"\nkind: "topic"\n', 1)
    exported = quartz_pages(data)[page.path]
    front = yaml.safe_load(exported.split("---")[1])
    # "Latent heat" and "heat" are pages of their own; "Yolks of eggs" is the old slug again
    assert front["aliases"] == ["kitchenphysics/yolks_of_eggs"]
    assert front["title"] == "Cast iron" and front["kind"] == "topic"
    assert exported.split("\n---\n", 1)[1] == page.markdown.split("\n---\n", 1)[1]


def test_an_export_never_overwrites_a_folder_it_did_not_write(xss_wiki, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    for kind in ("site", "quartz"):
        result = runner.invoke(app, ["export", kind, str(xss_wiki), str(foreign)])
        assert result.exit_code == 1
        assert "not an earlier vidwiki export" in result.output
        assert "Traceback" not in result.output
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_a_site_export_replaces_an_earlier_one_whole(xss_wiki, tmp_path):
    out = tmp_path / "site"
    assert runner.invoke(app, ["export", "site", str(xss_wiki), str(out), "--json"]).exit_code == 0
    (out / "stale.html").write_text("from an older export")
    assert runner.invoke(app, ["export", "site", str(xss_wiki), str(out), "-q"]).exit_code == 0
    assert not (out / "stale.html").exists()
    assert (out / "index.html").is_file() and (out / "static" / "search-index.js").is_file()
    assert 'http-equiv="Content-Security-Policy"' in (out / "index.html").read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temp folders left


def test_reading_a_folder_that_is_not_a_wiki_is_one_line(tmp_path):
    for args in (["serve", str(tmp_path)], ["export", "site", str(tmp_path), str(tmp_path / "o")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "not a vidwiki wiki" in result.output and "Traceback" not in result.output


def test_serve_follows_the_store_after_a_rebuild(tmp_path):
    src = tmp_path / "channel"
    shutil.copytree(EXAMPLES, src)
    wiki = tmp_path / "wiki"
    build([src], wiki)
    served = Served(wiki)
    try:
        url = served.url + "/kitchenphysics/video/kP3vQ7xTn2A.html"
        assert "Kitchen Physics" in urllib.request.urlopen(url).read().decode()
        srt = next(src.glob("01*/*.srt"))
        srt.write_text(srt.read_text().replace("Kitchen Physics", "Stove Science"))
        build([src], wiki)
        deadline = time.monotonic() + 20
        while "Stove Science" not in urllib.request.urlopen(url).read().decode():
            if time.monotonic() > deadline:
                pytest.fail("serve did not pick up the rebuilt store")
            time.sleep(0.3)
    finally:
        served.close()


def test_a_port_in_use_is_a_one_line_error(xss_wiki):
    first = make_server(xss_wiki, port=0)
    try:
        result = runner.invoke(app, ["serve", str(xss_wiki), "--port", str(first.server_address[1])])
        assert result.exit_code == 1 and "cannot listen" in result.output
    finally:
        first.server_close()
        first.app.close()


def test_the_serve_command_listens_on_loopback_and_says_where(xss_wiki):
    proc = subprocess.Popen([sys.executable, "-m", "vidwiki.cli", "serve", str(xss_wiki), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert "Channels" in urllib.request.urlopen(url).read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
