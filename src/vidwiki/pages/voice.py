"""How a prose sentence sounds: in the speaker's voice, with spoken fillers, narrating the telling.

An encyclopedia states what is so in the third person. A transcript cut into pages does not: it
says "we", "you" and "I", opens on "So," and "Now", hedges with "kind of", and talks about the
video ("In this video...", "3Blue1Brown explains..."). The writers must not produce such
sentences (``write/llm/form.py`` sends them back) and the judge counts them
(``quality/style.py``), both with the rules below, which are lexical so they run on any vault,
TubeGraph's included, in milliseconds.

Decisions, each with tests in ``tests/quality/test_style.py``:

- *Voice* is a first- or second-person pronoun (I, me, my, mine, myself, we, us, our, ours,
  ourselves, you, your, yours, yourself, yourselves, y'all) or a contraction of one (I'm, we're,
  you'll, ...) outside quotation marks; "let's" is the presenter's "let us" and counts. "I" counts
  only as a capital letter not joined by a hyphen, since a lower-case "i" is the imaginary unit and
  "i-hat" a basis vector; "US" in capitals is the country. The generic "you" ("you can think of a
  vector as an arrow") counts: a wiki says "a vector can be thought of as an arrow".
- *Fillers* are a discourse opener ("So," "So the answer is...", "Okay", "Alright", "All right",
  "Now", "Well," "Well, we...") or, anywhere, "um", "uh", "erm", "kinda", "sorta", the hedge "kind
  of" / "sort of", and "you know" / "I mean" used as a marker. Not fillers: "So far", "so many",
  "so-called", "Well over half", "well-known", "Now-famous", "by X I mean Y" and "if you know the
  area" (the last two are voice, not filler), and "kind of" / "sort of" after a determiner or
  adjective ("a kind of function", "this sort of argument", "a new kind of number"), which
  classifies rather than hedges. Fillers count inside quotations too: a quote worth keeping is
  worth cleaning.
- *Narration* is a sentence about the telling rather than the subject: the speaker, narrator,
  host, presenter or lecturer (or a named channel or speaker) doing a reporting verb ("The speaker
  explains", "3Blue1Brown argues", "the host then walks through"); "in this video", "according to
  the lecturer"; "this article"; and any mention of this, the next or the last video, lecture,
  episode, chapter, article, podcast or series ("In the last video...", "the next few videos").
  An attributed opinion ("3Blue1Brown argues that...") is narration for the judge but allowed to a
  writer (``narrates`` is the writer's rule, ``narration`` the judge's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from vidwiki.topics.titles import FILLER_PAIRS, VOICE_PRONOUNS

__all__ = ["NARRATION", "NARRATORS", "REPORTING", "fillers", "narrates", "narration", "unquoted", "voice", "voice_words"]

# --- voice ---------------------------------------------------------------------------------------

_QUOTED_RE = re.compile(
    r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’(?!\w)|(?<![\w'])'(?=\S)[^'\n]*?(?<=\S)'(?!\w)|«[^»\n]*»"
)
_EDGE = r"(?<![\w'’-])"  # a whole word: not inside one, not joined by a hyphen ("i-hat", "you-know-what")
_VOICE_RE = re.compile(
    _EDGE + r"(?:"
    r"(?P<i>I)(?:['’](?i:m|ve|d|ll))?"                     # "I", "I'm"; never the imaginary unit "i"
    r"|[uU]s"                                              # "us", not "US"
    r"|(?i:(?:we|you)(?:['’](?:re|ve|d|ll))?|let['’]s|y['’]all|"
    + "|".join(sorted(VOICE_PRONOUNS - {"i", "us"}, key=len, reverse=True)) +
    r"))(?![\w'’-])"
)


def unquoted(text: str) -> str:
    """The text with quotations ("...", “...”, ‘...’, '...') blanked out: reported words are not
    the writer's voice."""
    return _QUOTED_RE.sub(lambda m: " " * len(m.group(0)), text) if any(q in text for q in "\"“‘'«") else text


def voice_words(text: str) -> list[str]:
    """The words that speak as "I", "we" or "you" outside quotation marks, in order."""
    plain = unquoted(text)
    return [m.group(0) for m in _VOICE_RE.finditer(plain) if m.group("i") is None or not _roman(plain, m.start())]


def voice(text: str) -> bool:
    """True when the sentence speaks as "I", "we" or "you" outside quotation marks."""
    return bool(voice_words(text))


_PREVIOUS_RE = re.compile(r"(?P<word>[^\W_]+)[ \t]+$")


def _roman(text: str, start: int) -> bool:
    """"World War I", "Type I error", "Henry I": a capital I right after a capitalised word that
    does not open the sentence is a numeral."""
    match = _PREVIOUS_RE.search(text, 0, start)
    return (match is not None and match.group("word")[0].isupper()
            and bool(text[: match.start()].strip(" \"'“‘(*_[")))


# --- fillers ---------------------------------------------------------------------------------------

_LEAD = r"^[\s\"'“‘(\[*_]*"
_OPENER_RE = re.compile(
    _LEAD + r"(?:"
    r"(?:okay|ok|alright|all right)\b(?!-)"                       # always a discourse opener
    r"|now\b(?![-'’])"                                         # "Now", "Now that we have seen"
    r"|so\b(?![-'’])(?!\s+(?:much|many|far|few|little|long|called|as|that)\b)"  # not "So far", "so many"
    r"|well\b(?![-'’])(?=\s*[,;:—–]|\s+(?:i|we|you|it's|that's|there's|let's|then|now|so|okay)\b)"
    r")",
    re.IGNORECASE,
)
_ANYWHERE_RE = re.compile(r"\b(?:u+m+|u+h+|e+rm+|uhm|kinda|sorta)\b(?!-)", re.IGNORECASE)
_CLASSIFIERS = frozenset(
    """a an the this that these those what which whatever each every any one some no another other same
    different new particular certain special specific similar whole entire first second last only this
    odd strange weird interesting simple general own every""".split()
)
_HEDGE_RE = re.compile(r"\b(?P<noun>kind|sort)\s+of\b", re.IGNORECASE)
_PAIRS = tuple(pair for pair in FILLER_PAIRS if pair not in ("kind of", "sort of"))  # "you know", "i mean"


def _marker(text: str) -> bool:
    for pair in _PAIRS:
        for match in re.finditer(rf"\b{re.escape(pair)}\b", text, re.IGNORECASE):
            before, after = text[: match.start()], text[match.end():]
            if re.fullmatch(r"[\s\"'“‘(\[*_]*", before):
                return True  # "You know, ...", "I mean it's ..."
            if re.match(r"\s*(?:[,;:.!?—–…]|-\s|$)", after):
                return True  # "..., you know, ...", "... right, I mean."
            if re.search(r"[,;—–]\s*$", before) and re.match(
                    r"\s+(?:it|it's|that's|there's|you|we|i|i'm|like|the|this|they|he|she)\b", after, re.I):
                return True  # "It's, I mean it's a strange thing"
    return False


def _hedge(text: str) -> bool:
    for match in _HEDGE_RE.finditer(text):
        before = re.findall(r"[^\W_]+", text[: match.start()].lower())
        if not before or before[-1] not in _CLASSIFIERS:
            return True  # "it's kind of like", "sort of spirals"; not "a kind of function"
    return False


def fillers(text: str) -> bool:
    """True when the sentence opens on a spoken discourse marker or hedges like speech."""
    if _OPENER_RE.match(text) or _ANYWHERE_RE.search(text):
        return True
    low = text.lower()
    return (" of" in low and _hedge(text)) or (("know" in low or "mean" in low) and _marker(text))


# --- narration ---------------------------------------------------------------------------------------

NARRATORS = (r"(?:the|this|that|our|his|her|their)\s+(?:speaker|narrator|host|presenter|lecturer|author|"
             r"article|video|lecture|talk|episode|transcript|clip|section|passage|text|podcast|channel)s?")
REPORTING = (r"(?:explain|describe|discuss|show|demonstrate|illustrate|introduce|present|mention|note|"
             r"argue|say|state|tell|talk|walk|cover|highlight|emphasi[sz]e|focus|point|begin|start|"
             r"conclude|continue|go|move|delve|explore|examine|outline|suggest|claim|ask|answer)\w*")
NARRATION = re.compile(
    rf"\b{NARRATORS}\b(?:\s+\w+){{0,3}}?\s+{REPORTING}\b"   # "the speaker then explains", "this video shows"
    rf"|\b(?:in|throughout|as shown in|according to)\s+{NARRATORS}\b"  # "in this video", "according to the speaker"
    r"|\b(?:this|the)\s+(?:article|section|summary)\b",
    re.IGNORECASE,
)
# The judge also counts any pointer to the medium: "In the last video", "the next few videos",
# "this series", "the narrator" (a wiki page is not one of a sequence of videos).
_MEDIUM = re.compile(
    r"\b(?:this|these|next|last|previous|earlier|later|upcoming|following|coming|prior|preceding|today's)"
    r"\s+(?:(?:few|couple|two|three|several|main|whole|entire|short|long|full|original|first|second|final)"
    r"\s+(?:of\s+)?)?(?:video|lecture|episode|chapter|article|podcast|series|lesson|livestream|stream)s?\b"
    r"|\bthe\s+(?:narrator|presenter|lecturer)s?\b"
    # "a footnote to the main video", "my last few videos"; not "a video card" or "video games"
    r"|\b(?:the|this|that|a|an|another|my|our|his|her|their|its|each|every|one)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:video|lecture|episode|podcast)s?\b(?!\s+(?:card|game|codec|compression|frame|signal|camera|file|format|"
    r"stream|player|memory|display|editing|processing)s?\b)",
    re.IGNORECASE,
)


def narrates(text: str, speaker: str = "") -> bool:
    """True for a sentence about the telling ("The speaker explains", "In this video",
    "3Blue1Brown discusses") rather than about the subject. The writers' rule: an attributed
    opinion ("3Blue1Brown argues that ...") is allowed."""
    if NARRATION.search(text):
        return True
    if speaker:
        name = re.escape(speaker.strip())
        return bool(re.search(rf"\b{name}\s+(?:\w+ly\s+)?{REPORTING}\b", text, re.IGNORECASE)) and not re.search(
            rf"\b{name}\s+(?:argu|think|believ|feel|suggest|claim)\w*\s+that\b", text, re.IGNORECASE)
    return False


_HINTS = ("speaker", "narrator", "host", "presenter", "lecturer", "author", "article", "video", "lecture", "talk",
          "episode", "transcript", "clip", "section", "passage", "text", "podcast", "channel", "summary",
          "chapter", "series", "lesson", "stream")  # a sentence without any of them narrates nothing


@lru_cache(maxsize=256)
def _named(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """"3Blue1Brown explains", "Grant's argument goes": any of the names doing a reporting verb."""
    names = tuple(n.strip() for n in names if n.strip())
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:['’]s)?\s+(?:\w+ly\s+)?{REPORTING}\b", re.IGNORECASE)


def narration(text: str, names: Iterable[str] = ()) -> bool:
    """The judge's rule: ``narrates``, any pointer to the medium ("in the last video", "this
    series"), and a named channel or speaker doing any reporting verb, opinions included."""
    low = text.lower()
    if any(hint in low for hint in _HINTS) and (NARRATION.search(text) or _MEDIUM.search(text)):
        return True
    named = _named(tuple(names))
    return bool(named and named.search(text))
