"""A scripted chat backend: the model is the one thing these tests replace.

``ExtractiveModel`` answers like a well-behaved model: a section request gets some of its
part's transcript lines back as sentences with their numbers; a plan, judge or rewrite request
gets valid JSON. Tests wrap it to misbehave in one specific way.

Every request of an article is ``[system, user]`` where the user turn is the article's numbered
transcript block followed by one ``Task: ...``; the kind of request is read from that task.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from vidwiki.write.llm.backends import ChatReply, ChatRequest, approx_tokens
from vidwiki.write.llm.form import form_problem

LINE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
SOURCE = re.compile(r"\[(\d+)\] (.*?)(?= \[\d+\] |$)")
KINDS = {"Task: plan": "plan", "Task: write part": "section", "Task: correct sentences": "rewrite",
         "Task: check facts": "judge"}


def task(request: ChatRequest) -> str:
    user = request.messages[1]["content"]
    return user.split("</transcript>")[-1]


def kind(request: ChatRequest) -> str:
    text = task(request)
    return next((k for marker, k in KINDS.items() if marker in text), "other")


def block_lines(request: ChatRequest) -> list[tuple[int, str]]:
    """Every numbered line of the request's transcript block."""
    user = request.messages[1]["content"]
    block = user.split("<transcript>")[-1].split("</transcript>")[0]
    return [(int(n), text) for n, text in LINE.findall(block)]


def transcript_lines(request: ChatRequest) -> list[tuple[int, str]]:
    """The lines a request is about: a section's own part, else the whole block."""
    lines = block_lines(request)
    m = re.search(r"Task: write part \d+ \(sentences \[(\d+)\] to \[(\d+)\]\)", task(request))
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        return [(n, t) for n, t in lines if first <= n <= last]
    return lines


def items(request: ChatRequest) -> list[tuple[str, list[tuple[int, str]]]]:
    """A judge or rewrite request's claims, each with its numbered sources."""
    out = []
    for m in re.finditer(r"(?:Claim|Sentence) \d+: (.*?)\n(?:Problem: .*?\n)?Sources: (.*)", task(request)):
        out.append((m.group(1), [(int(n), t) for n, t in SOURCE.findall(m.group(2))]))
    return out


def rewrites(request: ChatRequest, fix: Callable[[str, list[tuple[int, str]]], str]) -> str:
    return json.dumps({"sentences": [fix(claim, sources) for claim, sources in items(request)]})


def statements(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines a faithful model could restate as they are: no "I", "we", "you", no filler."""
    return [(n, t) for n, t in lines if form_problem(t) is None] or lines[:1]


def copy_first_source(claim: str, sources: list[tuple[int, str]]) -> str:
    n, text = statements(sources)[0]
    return f"{text.rstrip('.')} [{n}]."


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
    """A faithful 'model': copies every other line of its part that states something, cited;
    plans and verdicts as JSON."""
    what = kind(request)
    if what == "plan":
        parts = int(re.search(r"exactly (\d+) short section headings", task(request)).group(1))
        chunks = re.split(r"^<part \d+>$", request.messages[1]["content"].split("</transcript>")[0], flags=re.M)[1:]
        headings = []
        for chunk in chunks[:parts]:
            words = [w for w in re.sub(r"\[[^\]]*\]", "", chunk).split() if len(w) > 4]
            headings.append(" ".join(words[:3]).strip(".,") or "Part")
        hint = re.search(r"Key phrases \(data\): ([^;\n]*)", task(request))
        n, text = statements(block_lines(request))[0]
        intro = f"{text.rstrip('.?!')} [{n}]."
        return json.dumps({"title": hint.group(1) if hint else "", "intro": intro, "headings": headings})
    if what == "judge":
        return json.dumps({"verdicts": [True] * len(items(request))})
    if what == "rewrite":
        return rewrites(request, copy_first_source)
    return " ".join(f"{text.rstrip('.?!')} [{n}]." for n, text in statements(transcript_lines(request))[::2])
