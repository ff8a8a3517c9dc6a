"""Clean one spoken sentence into article prose, without ever adding or changing a word.

The embedded writer quotes the speaker; spoken sentences carry fillers ("um", ", you know,"),
stutters ("I- I think", "the the"), and openers ("Okay, so") that read badly in a wiki. Every rule
here only *removes* tokens, moves punctuation or re-capitalises the first letter, so the output's
words are always a subsequence of the input's (a property the tests check on random input).
Rules are conservative: "like" goes only when fenced by commas, "you know" and "I mean" only as
comma-marked asides, and repeated words that can be legitimate ("that that", "had had") stay.

``is_substantive`` tells the writer which sentences are worth citing at all: greetings, sign-offs,
sponsor reads, "Yeah." and laughter carry no content for a wiki.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["is_substantive", "tidy_sentence"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TERMINAL_OR_CLOSE = ".!?…\"'”’)]»"
_SPLIT = re.compile(r"^([\"'“‘(\[«]*)(.*?)([,.;:!?…\"'”’)\]»]*)$", re.DOTALL)

FILLERS = _wordset("um umm ummm uh uhh uhm erm hmm hmmm mm mmm")
_LOWERCASE_FILLERS = frozenset({"er", "err"})  # "ER" is a hospital ward, "Er" a chemical element
# Words that may open a clause: a comma before them survives when an aside is removed
# ("Yesterday, um, we left" -> "Yesterday, we left"), and "So" may be dropped before them.
CLAUSE_START = _wordset(
    """i we you he she it they this these those the a an there here let's it's that's there's
    here's what's i'm we're you're they're he's she's i've we've you've they've i'll we'll you'll
    i'd we'd if when what how why where in at for now then one our my your his her their its each
    every all some notice remember imagine think consider suppose"""
)
COMMA_OPENERS = _wordset("so okay ok alright well now right anyway yeah")
BARE_OPENERS = frozenset({"so"})
PAIR_OPENERS = frozenset(
    {("and", "so"), ("okay", "so"), ("ok", "so"), ("alright", "so"), ("so", "yeah")}
)
# Repeats that are grammatical: "I know that that works", "she had had enough", "what it is is".
KEEP_REPEATS = frozenset({"that", "had", "is", "do"})
MIN_CLAUSE_WORDS = 3


@dataclass(slots=True)
class _Tok:
    lead: str
    core: str
    trail: str

    @property
    def low(self) -> str:
        return self.core.lower()

    def __str__(self) -> str:
        return f"{self.lead}{self.core}{self.trail}"


def _tokens(text: str) -> list[_Tok]:
    out = []
    for raw in text.split():
        m = _SPLIT.match(raw)
        out.append(_Tok(*m.groups()) if m else _Tok("", raw, ""))
    return out


@functools.lru_cache(maxsize=1 << 16)
def tidy_sentence(text: str) -> str:
    """Remove fillers, stutters, repeats and leading openers; fix spacing; re-capitalise.

    Memoised (a pure function of the text): the writer tidies a sentence, then ``is_substantive``
    tidies the result again, which for most sentences is the same text.
    """
    toks = _tokens(text)
    if not toks:
        return ""
    before = -1
    for _ in range(4):  # each pass can expose another ("the um the" -> "the the" -> "the")
        if len(toks) == before:
            break
        before = len(toks)
        _drop_fillers(toks)
        _drop_asides(toks)
        _drop_stutters(toks)
        _drop_repeats(toks)
        _drop_openers(toks)
    first = next((t for t in toks if any(c.isalnum() for c in t.core)), None)
    if first is None:
        return ""
    _capitalise(first)
    return _spacing(" ".join(str(t) for t in toks))


def _remove(toks: list[_Tok], i: int, j: int) -> None:
    """Delete ``toks[i:j]``, keeping the sentence's punctuation sensible.

    Opening quotes move to the next token, terminal marks and closing quotes to the previous
    one; a comma pair around the removed aside collapses to one comma only when a new clause
    follows.
    """
    lead, trail = toks[i].lead, toks[j - 1].trail
    del toks[i:j]
    closing = "".join(ch for ch in trail if ch in _TERMINAL_OR_CLOSE)
    if lead and i < len(toks):
        toks[i].lead = lead + toks[i].lead
    if i == 0:
        return
    prev = toks[i - 1]
    if closing:
        prev.trail = prev.trail.rstrip(",;:") + closing
    elif i == len(toks):
        prev.trail = prev.trail.rstrip(",;:")
    elif (
        prev.trail.endswith(",") and ("," in trail or not trail) and toks[i].low not in CLAUSE_START
    ):
        prev.trail = prev.trail[:-1]


def _drop_fillers(toks: list[_Tok]) -> None:
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.low
        if low in FILLERS or (low in _LOWERCASE_FILLERS and not t.core.isupper()):
            _remove(toks, i, i + 1)
        else:
            i += 1


def _aside_start(toks: list[_Tok], i: int) -> bool:
    """Is position ``i`` the start of a clause (sentence start or right after a comma)?"""
    return i == 0 or toks[i - 1].trail.endswith(",")


def _drop_asides(toks: list[_Tok]) -> None:
    """ ", you know," / "I mean," / "You see," / ", like," used as fillers: only when fenced by punctuation."""
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        fenced = _aside_start(toks, i) and not t.lead
        if (
            fenced
            and nxt is not None
            and not t.trail
            and (t.low, nxt.low) in (("you", "know"), ("i", "mean"), ("you", "see"))
            and nxt.trail[:1] in (",", ".", "!", "?", "…")
            and (nxt.trail[:1] == "," or i + 2 == len(toks))
        ):
            _remove(toks, i, i + 2)
            continue
        if fenced and t.low == "like" and t.trail == "," and i + 1 < len(toks):
            _remove(toks, i, i + 1)
            continue
        i += 1


def _drop_stutters(toks: list[_Tok]) -> None:
    """ "I- I think", "th- the", "we— we": a cut-off fragment the next word starts with."""
    i = 0
    while i + 1 < len(toks):
        t = toks[i]
        frag = t.core.rstrip("-—–")
        if (
            frag != t.core
            and frag
            and frag.replace("'", "").isalpha()
            and not t.trail
            and toks[i + 1].low.startswith(frag.lower())
        ):
            _remove(toks, i, i + 1)
        else:
            i += 1


def _plain_word(t: _Tok) -> bool:
    return bool(t.core) and t.core.replace("'", "").replace("’", "").isalpha()


def _is_name(t: _Tok) -> bool:
    return t.core[:1].isupper() and t.core != "I"


def _drop_repeats(toks: list[_Tok]) -> None:
    """ "the the", "it's, it's", "in the in the": keep the last copy (it carries what follows)."""
    i = 0
    while i < len(toks):
        removed = False
        for n in (1, 2, 3, 4):
            if i + 2 * n > len(toks):
                break
            if toks[i].low != toks[i + n].low:
                continue  # the cheap test first: almost every position fails it
            first, second = toks[i : i + n], toks[i + n : i + 2 * n]
            if not all(_plain_word(t) for t in first + second):
                continue
            if [t.low for t in first] != [t.low for t in second]:
                continue
            if n == 1 and first[0].low in KEEP_REPEATS:
                continue
            allowed_last = ("", ",") if n == 1 else ("",)
            if any(t.trail for t in first[:-1]) or first[-1].trail not in allowed_last:
                continue
            if any(t.trail or t.lead for t in second[:-1]) or second[0].lead:
                continue
            if all(_is_name(a) and _is_name(b) for a, b in zip(first, second, strict=True)):
                continue  # "New York, New York", "Duran Duran"
            _remove(toks, i, i + n)
            removed = True
            break
        if not removed:
            i += 1


def _drop_openers(toks: list[_Tok]) -> None:
    """Drop "So,", "Okay, so", "Alright,", "And so", "Now,", "Well," before a full clause."""
    for _ in range(4):
        if len(toks) < 2 or toks[0].lead:
            return
        a, b = toks[0], toks[1]
        n = 0
        if ((a.low, b.low) in PAIR_OPENERS and not a.trail) or (
            (a.low, b.low) == ("all", "right") and b.trail == ","
        ):
            n = 2
        elif (a.low in COMMA_OPENERS and a.trail == ",") or (a.low in BARE_OPENERS and not a.trail):
            n = 1
        if not n:
            return
        last = toks[n - 1]
        rest = toks[n:]
        if (
            len([t for t in rest if _plain_word(t) or any(c.isalnum() for c in t.core)])
            < MIN_CLAUSE_WORDS
        ):
            return
        if last.trail not in ("", ","):
            return
        if not last.trail and rest[0].low not in CLAUSE_START:
            return  # "So much ...", "So that we ...", "And so on" are not openers
        del toks[:n]


def _capitalise(t: _Tok) -> None:
    """Upper-case a plain lowercase first word; never math ("x", "e^x") or brands ("iPhone")."""
    core = t.core
    if re.fullmatch(r"[a-z][a-z'’-]+|[ai]", core):
        t.core = core[0].upper() + core[1:]


_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…]+)(?=\s|$)")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([)\]])")
_COMMA_THEN_END = re.compile(r"[,;:]+([.!?…])")
_DOUBLE_COMMA = re.compile(r",(?:\s*,)+")


def _spacing(text: str) -> str:
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(",", text)
    text = _COMMA_THEN_END.sub(r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^[,;:]+\s*", "", text)


# --- substance -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = _wordset("""a an the and or but so of to in on at for with from by as is are was were be been am it
    its it's this that these those there here i me my we our you your he she they them their
    his her do does did not no yes yeah okay ok right just really very well oh um uh like know
    mean think going gonna get got what which who how all some any can will would could should""")
LAUGHTER = _wordset("ha haha hahaha hah he hehe heh lol laughs laughter laughing chuckles")
_BOILERPLATE = [
    re.compile(p)
    for p in (
        r"\b(thanks|thank you)( (so|very) much)?( all| guys| everyone| everybody| folks)? for "
        r"(watching|listening|tuning in|joining|being here|having me|coming)\b",
        r"\bsee (you|ya)( all| guys| everyone)? (next time|in the next|soon|later|next week)\b",
        r"\blike and subscribe\b",
        r"\bsubscribe (to (the|my|our|this) channel|for more|if you)\b",
        r"^(please )?subscribe\b",
        r"\b(consider|don't forget|forget to|remember to|make sure to) (like and )?subscrib",
        r"\bhit (that|the) (like|subscribe|bell)",
        r"\bnotification bell\b",
        r"\b(video|episode|podcast|show|channel)('s| is| was) (sponsored|brought to you|supported) by\b",
        r"\bsponsored by\b",
        r"\b(our|today's|this week's) sponsor\b",
        r"\b(promo|discount|coupon) code\b",
        r"\buse (the )?code\b",
        r"\blinks? (is |are )?in the description\b",
        r"\bon patreon\b",
        r"\bpatrons\b",
        r"^welcome (back )?to (the|my|our|this|another)\b.*\b(channel|video|stream|livestream|"
        r"episode|show|podcast|lecture|series)\b",
        r"^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening))\b.{0,30}"
        r"\b(everyone|everybody|guys|folks|all|friends|y'all|there)\b[\s,.!]*$",
        r"^(bye|goodbye|cheers|take care|peace out)\b",
    )
]


def is_substantive(text: str) -> bool:
    """Does this sentence say something a wiki article could cite?

    False for fewer than five words (after tidying) or fewer than two content words, for
    greetings, sign-offs, thanks, subscribe requests, sponsor reads and laughter.
    """
    tidy = tidy_sentence(text)
    low = tidy.lower().replace("’", "'")
    words = _WORD.findall(low)
    if len(words) < 5:
        return False
    if all(w in LAUGHTER for w in words):
        return False
    if sum(1 for w in words if w not in STOPWORDS) < 2:
        return False
    return not any(p.search(low) for p in _BOILERPLATE)
