"""A model's title for an article, kept only when it passes the rules the parser's titles pass.

The model reads the whole stretch and can name its concept ("Matrix representation of linear
transformations") where the phrase statistics found a fragment ("Linear"). But a small model
also proposes sentences, the video's title, "The speaker's explanation" or a name for something
the stretch never mentions. So a proposal becomes the title only when it

- passes the title rules (``topics.titles``: no pronoun, filler, lone generic word, edge function word);
- is a noun phrase for the parser: a lone word must be read as a noun where the transcript says
  it (``topics.naming``, which refuses "Linear"); a longer title parsed alone must be headed by a
  noun (or a gerund: "Computing determinants") and hold no clause: no finite verb, no pronoun;
- is grounded: at least half of its content words occur in the stretch;
- is not the title of another article of the same video.

Otherwise the parser's phrase (the embedded stage's title) stays. Only ``title`` changes: the
topic's key, the phrases cross-video merging compares and its stable slug key stay the parser's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...nlp import parse
from ...topics.extract import VideoTopic
from ...topics.naming import NOUN_TAGS, is_noun_phrase
from ...topics.phrases import content_terms
from ...topics.titles import MAX_WORDS, title_problems
from .parse import clean_heading

LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def normalise(proposal: str, texts: list[str]) -> str:
    """Plain words, no leading article, sentence case (names the transcript capitalises stay)."""
    title = clean_heading(" ".join(proposal.split()), MAX_WORDS + 1)
    title = LEADING_ARTICLE.sub("", title).strip()
    if not title:
        return ""
    names = {w for text in texts for w in _WORD.findall(text)[1:] if w[:1].isupper()}
    words = title.split()
    out = [words[0][:1].upper() + words[0][1:]]
    for word in words[1:]:
        bare = word.strip(",:;()")
        if bare[:1].isupper() and not bare.isupper() and bare not in names:
            word = word.replace(bare, bare[:1].lower() + bare[1:], 1)
        out.append(word)
    return " ".join(out)


def title_problem(title: str, texts: list[str]) -> str | None:
    """Why ``title`` cannot name an article about ``texts`` (None when it can)."""
    if not title:
        return "empty"
    problems = title_problems(title)
    if problems:
        return problems[0]
    source = set(content_terms(" ".join(texts)))
    terms = content_terms(title)
    if not terms or sum(t in source for t in terms) * 2 < len(terms):
        return "not about this stretch"
    if not noun_phrase(title, texts):
        return "not a noun phrase"
    return None


def noun_phrase(title: str, texts: list[str]) -> bool:
    if " " not in title:
        # where the speaker says it, as the parser's own candidates are judged (never said: refused)
        return is_noun_phrase(title, [t for t in texts if title.lower() in t.lower()])
    doc = parse([title])[0]
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if len(roots) != 1 or not (roots[0].pos_ in NOUN_TAGS or roots[0].tag_ == "VBG"):
        return False
    return not any(t.pos_ in ("AUX", "PRON") or (t.pos_ == "VERB" and t.tag_ not in ("VBG", "VBN")) for t in doc)


def retitle(topics: list[VideoTopic], proposals: list[str], stretches: list[list[str]]) -> list[VideoTopic]:
    """``topics`` with each accepted proposal as its title; titles stay distinct within the video.

    ``stretches`` holds each topic's sentences the model was shown (never one it was not)."""
    candidates = []
    for proposal, texts in zip(proposals, stretches, strict=True):
        title = normalise(proposal or "", texts)
        candidates.append(title if title_problem(title, texts) is None else None)
    # a parser title that stays (its topic's proposal failed) cannot be taken by another topic
    kept_parser = {t.title.lower() for t, c in zip(topics, candidates, strict=True) if c is None}
    used: set[str] = set()
    out = []
    for t, title in zip(topics, candidates, strict=True):
        if title is None or title.lower() in used or title.lower() in kept_parser - {t.title.lower()}:
            title = t.title
        if title.lower() in used:
            title = f"{title} (part {t.position + 1})"
        used.add(title.lower())
        out.append(replace(t, title=title) if title != t.title else t)
    return out
