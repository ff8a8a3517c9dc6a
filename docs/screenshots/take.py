"""Take the reader screenshots in docs/screenshots/ from a served wiki (chromium, network closed).

    .venv/bin/vidwiki build ../shared/corpus/3blue1brown --out /tmp/w5 -q
    .venv/bin/python docs/screenshots/take.py /tmp/w5
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from vidwiki.web.server import make_server

HERE = Path(__file__).resolve().parent
# The network is closed here: the YouTube embed is drawn as a stand-in frame.
EMBED = """<!doctype html><body style="margin:0;background:#111;color:#ddd;font:15px system-ui;display:flex;
align-items:center;justify-content:center;height:100vh"><div style="text-align:center"><div style="font-size:48px">&#9654;</div>
YouTube player (offline when this screenshot was taken)</div></body>"""


def offline(route) -> None:
    url = route.request.url
    if url.startswith("https://www.youtube-nocookie.com/embed/"):
        route.fulfill(status=200, content_type="text/html", body=EMBED)
    elif "127.0.0.1" in url:
        route.continue_()
    else:
        route.abort()


def main(wiki: Path) -> None:
    db = sqlite3.connect(wiki / "vidwiki.db")
    article = db.execute("SELECT channel, slug FROM pages WHERE kind = 'article' AND slug LIKE '%fourier%'"
                         " ORDER BY length(markdown) DESC").fetchone() or \
        db.execute("SELECT channel, slug FROM pages WHERE kind = 'article' ORDER BY slug").fetchone()
    topic = db.execute("SELECT p.channel, p.slug FROM pages p JOIN topics t ON t.slug = p.slug"
                       " WHERE p.kind = 'topic' ORDER BY t.video_count DESC, p.slug").fetchone()
    server = make_server(wiki, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    shots = {
        "article.png": f"/{article[0]}/{article[1]}.html",
        "topic.png": f"/{topic[0]}/{topic[1]}.html",
        "graph.png": "/graph.html",
        "search.png": "/search.html?q=eigenvalue",
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            for name, path in shots.items():
                for width, suffix in ((1280, ""), (390, "-phone")):
                    if suffix and name != "article.png":
                        continue
                    page = browser.new_page(viewport={"width": width, "height": 860})
                    page.route("**/*", offline)
                    page.goto(base + path)
                    if name == "article.png" and not suffix:
                        page.locator("article a.yt-timestamp").first.hover()
                        page.mouse.wheel(0, -2000)
                        page.locator("article a.yt-timestamp").first.hover()
                    page.screenshot(path=str(HERE / name.replace(".png", f"{suffix}.png")))
                    page.close()
            browser.close()
    finally:
        server.shutdown()
        server.app.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
