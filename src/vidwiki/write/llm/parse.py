"""Reading model output: cited prose into claims, JSON into a checked outline.

Models are sloppy, small ones more so. Citations come as ``[S12]``, ``[S12, S13]``,
``[S12-S14]``, ``[s12]``, ``[12]`` or ``(S12)``; all are read. A sentence with no citation is
kept as an uncited claim for the verifier to re-cite or drop, never published as is. JSON may
come fenced, with chatter around it, with trailing commas: it is repaired where that is safe and
otherwise reported, so the caller can retry once.
"""

from __future__ import annotations

import json
import re

from ..base import Claim

CITE = re.compile(
    r"\s*(?:\[\s*(?P<b>S?\s*\d+(?:\s*(?:,|;|-|–|and)\s*S?\s*\d+)*)\s*\]"
    r"|\(\s*(?P<p>S\s*\d+(?:\s*(?:,|;|-|–)\s*S?\s*\d+)*)\s*\))",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(\[])")
HEADING_LINE = re.compile(r"^\s*#{1,6}\s")
MARKUP_LINE = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+|>\s*)")
MAX_RANGE = 12
LEADING_CITES = re.compile(rf"^(?:{CITE.pattern})+", re.IGNORECASE)


def parse_ids(group: str) -> list[int]:
    """``S12, S13`` -> [12, 13]; ``S12-S14`` -> [12, 13, 14] (short ranges only)."""
    ids: list[int] = []
    for piece in re.split(r"\s*(?:,|;|and)\s*", group):
        bounds = [int(n) for n in re.findall(r"\d+", piece)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= MAX_RANGE:
            ids.extend(range(bounds[0], bounds[1] + 1))
        else:
            ids.extend(bounds)
    return list(dict.fromkeys(ids))


def _sentences(text: str) -> list[str]:
    """Prose sentences: fences, headings and list markers gone (the model was asked for prose);
    a line break (a list item) always ends a sentence."""
    text = re.sub(r"```[a-z]*", " ", text)
    out: list[str] = []
    for line in text.splitlines():
        if HEADING_LINE.match(line):
            continue
        line = " ".join(re.sub(r"\*\*|__|`", "", MARKUP_LINE.sub("", line)).split())
        if line:
            out.extend(SENTENCE_END.split(line))
    return out


def parse_cited_prose(text: str) -> list[Claim]:
    """Claims in reading order, each with every id cited inside or at the end of it (or none)."""
    sentences = _sentences(text)
    claims: list[Claim] = []
    for sentence in sentences:
        lead = LEADING_CITES.match(sentence)
        if lead and claims and not claims[-1].sentence_ids:
            # "... scale. [S12] It can ...": the ids belong to the uncited sentence before
            for m in CITE.finditer(lead.group(0)):
                claims[-1].sentence_ids.extend(i for i in parse_ids(m.group("b") or m.group("p"))
                                               if i not in claims[-1].sentence_ids)
            sentence = sentence[lead.end():]
        ids: list[int] = []
        for m in CITE.finditer(sentence):
            ids.extend(i for i in parse_ids(m.group("b") or m.group("p")) if i not in ids)
        body = CITE.sub("", sentence)
        body = re.sub(r"\s+([.!?,;:])", r"\1", body).strip().rstrip(",;:—– ")
        if not body or not re.search(r"[A-Za-z]", body):
            if claims and ids:
                claims[-1].sentence_ids.extend(i for i in ids if i not in claims[-1].sentence_ids)
            continue
        if body[-1] not in ".!?":
            body += "."
        claims.append(Claim(body, ids))
    return claims


class JSONReplyError(ValueError):
    """A reply that is not the JSON object asked for; the message goes back to the model."""


def parse_json_object(text: str) -> dict:
    """The first JSON object in ``text``, repairing fences, chatter and trailing commas."""
    body = re.sub(r"```(?:json)?", "", text).strip()
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise JSONReplyError("no JSON object found")
    body = body[start : end + 1]
    for attempt in (body, re.sub(r",\s*([}\]])", r"\1", body)):
        try:
            value = json.loads(attempt)
        except json.JSONDecodeError as exc:
            error = f"invalid JSON ({exc.msg} at character {exc.pos})"
            continue
        if isinstance(value, dict):
            return value
        error = "the reply is not a JSON object"
    raise JSONReplyError(error)


def parse_plan(text: str, parts: int) -> tuple[str, str, list[str]]:
    """``(title, intro, headings)`` with exactly ``parts`` headings, or JSONReplyError saying what is wrong."""
    data = parse_json_object(text)
    title = data.get("title", "")
    if not isinstance(title, str):
        raise JSONReplyError('"title" must be a string')
    intro, headings = parse_outline(text, parts)
    return title, intro, headings


def parse_outline(text: str, parts: int) -> tuple[str, list[str]]:
    """``(intro, headings)`` with exactly ``parts`` headings, or JSONReplyError saying what is wrong."""
    data = parse_json_object(text)
    intro = data.get("intro", "")
    headings = data.get("headings")
    if not isinstance(intro, str):
        raise JSONReplyError('"intro" must be a string')
    if not isinstance(headings, list) or not all(isinstance(h, str) for h in headings):
        raise JSONReplyError('"headings" must be a list of strings')
    if len(headings) != parts:
        raise JSONReplyError(f'"headings" must have exactly {parts} items, not {len(headings)}')
    return intro, headings


def clean_heading(text: str, max_words: int = 8) -> str:
    """A heading as plain words: no markup, no citations, no trailing punctuation, bounded length."""
    text = CITE.sub(" ", text)
    text = re.sub(r"[#*_`\[\]<>|]", " ", text)
    words = text.split()[:max_words]
    return " ".join(words).strip(" .:;,-–—")
