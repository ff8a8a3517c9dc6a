"""The answer as plain text for a terminal: no markup language, so no question or transcript
text can style or rewrite the terminal (control characters never reach here)."""

from __future__ import annotations

from .answer import Answer


def answer_text(answer: Answer) -> str:
    lines = [f"Q: {answer.question}", ""]
    if not answer.covered:
        lines.append(answer.message)
    for s in answer.sentences:
        url = next((m.url for m in answer.moments if m.video_id == s.video_id), "")
        lines.append(f"{s.text} [{s.timestamp}]")
        if url:
            lines.append(f"    {_at(url, s.seconds)}")
    if answer.articles:
        lines += ["", "Articles: " + "; ".join(title for _slug, title in answer.articles)]
    if answer.moments:
        lines += ["", "Moments:"]
        for _vid, title, found in answer.by_video():
            lines.append(f"  {title}")
            lines.extend(f"    [{m.timestamp}] {m.url}" for m in found)
    if answer.dropped:
        lines += ["", f"({answer.dropped} sentences the model wrote failed verification and were dropped)"]
    return "\n".join(lines)


def _at(url: str, seconds: float) -> str:
    """The video's link at this sentence's own second (a YouTube link carries &t=)."""
    if "youtube.com/watch" in url and "&t=" in url:
        return url.split("&t=", 1)[0] + f"&t={int(seconds)}s"
    return url
