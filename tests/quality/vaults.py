"""Write small TubeGraph-format vaults for the judge's tests."""

from __future__ import annotations

import re
from pathlib import Path

from vidwiki.pages import timestamp_anchor

_END = re.compile(r"[.!?]+$")


def cited(text: str, seconds: float) -> str:
    """A sentence with its anchor before the final punctuation, as TubeGraph and vidwiki write it."""
    match = _END.search(text)
    punct = match.group(0) if match else "."
    body = text[: match.start()] if match else text
    return f"{body} {timestamp_anchor(seconds)}{punct}"


def write_article(vault: Path, stem: str, video_id: str | None, duration: float | None,
                  prose: list[str], extra: str = "", channel: str = "channel") -> Path:
    front = [f'title: "{stem}"']
    if video_id:
        front.append(f'videoId: "{video_id}"')
    if duration:
        front.append(f"duration: {int(duration)}")
    text = "---\n" + "\n".join(front) + "\n---\n\n" + f"From: [[{channel}]] <br/> \n\n" + " ".join(prose)
    if extra:
        text += "\n\n" + extra
    path = vault / f"{stem}.md"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_hub(vault: Path, stem: str, links: list[str]) -> None:
    items = "\n".join(f"- [[{target}]]" for target in links)
    (vault / f"{stem}.md").write_text(f'---\ntitle: "{stem}"\n---\n\n{items}\n', encoding="utf-8")
