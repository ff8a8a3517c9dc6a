"""A scripted chat backend: the model is the one thing these tests replace.

``ExtractiveModel`` answers like a well-behaved model: a section request gets some of its
transcript lines back as sentences with their ids; an outline request gets valid JSON. Tests
subclass or wrap it to misbehave in one specific way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from vidwiki.write.llm.backends import ChatReply, ChatRequest, approx_tokens

LINE = re.compile(r"^\[S(\d+)\] (.*)$", re.MULTILINE)


def transcript_lines(request: ChatRequest) -> list[tuple[int, str]]:
    user = request.messages[-1]["content"]
    block = user.split("<transcript>")[-1].split("</transcript>")[0] if "<transcript>" in user else user
    return [(int(n), text) for n, text in LINE.findall(block)]


def kind(request: ChatRequest) -> str:
    system = request.messages[0]["content"]
    if "organise an encyclopedia article" in system:
        return "outline"
    if "correct one sentence" in system:
        return "rewrite"
    if "check facts" in system:
        return "judge"
    return "section"


class FakeBackend:
    """Answers with ``handler(request)``; records every request it was sent."""

    remote = False

    def __init__(self, handler: Callable[[ChatRequest], str], identity: str = "fake:1", remote: bool = False) -> None:
        self.handler = handler
        self.identity = identity
        self.remote = remote
        self.requests: list[ChatRequest] = []

    def chat(self, request: ChatRequest) -> ChatReply:
        self.requests.append(request)
        text = self.handler(request)
        prompt = sum(approx_tokens(m["content"]) for m in request.messages)
        return ChatReply(text=text, prompt_tokens=prompt, completion_tokens=approx_tokens(text))

    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)

    def of_kind(self, what: str) -> list[ChatRequest]:
        return [r for r in self.requests if kind(r) == what]


def extractive(request: ChatRequest) -> str:
    """A faithful 'model': copies every other transcript line, cited; outlines as JSON."""
    what = kind(request)
    if what == "outline":
        parts = re.findall(r"<part n=\"\d+\">\n(.*?)\n</part>", request.messages[-1]["content"], re.DOTALL)
        first = parts[0] if parts else ""
        headings = []
        for p in parts:
            words = [w for w in re.sub(r"\[[^\]]*\]", "", p).split() if len(w) > 4]
            headings.append(" ".join(words[:3]).strip(".,") or "Part")
        intro = re.split(r"(?<=[.!?])\s", first)[0]
        return json.dumps({"intro": intro, "headings": headings})
    if what == "judge":
        return json.dumps({"supported": True})
    lines = transcript_lines(request)
    if what == "rewrite":
        n, text = lines[0]
        return f"{text.rstrip('.')} [S{n}]."
    return " ".join(f"{text.rstrip('.?!')} [S{n}]." for n, text in lines[::2])
