"""The title rules: what a topic title must be for a reader to search for it and link to it.

A title names a concept ("Matrix representation of linear transformations"), not a fragment of
speech ("Goal bayes theorem the", "Individual word and large, tall"). The rules are lexical so
``vidwiki check`` and ``vidwiki eval`` can apply them to any vault quickly, TubeGraph's included;
the topic stage applies them to its candidates before it names a topic, and to an LLM's proposal
before it accepts one.
"""

from __future__ import annotations

import re

from .wordlists import GENERIC, STOPWORDS

MAX_WORDS = 9
MAX_CHARS = 80

# Broad nouns that name a field or a role, not a concept a page could be about: alone they are
# never a title ("Goal", "Math", "Computer", "Sender"), inside a phrase they are fine.
LONE_GENERIC = GENERIC | frozenset(
    """
goal goals function functions math maths mathematics computer computers sender receiver lambda
concept concepts formula formulas equation equations graph graphs shape shapes object objects
machine machines system systems model models method methods theory theories data information input
inputs output outputs letter letters image images picture pictures thing stuff idea approach
operation operations quantity quantities element elements property properties structure
structures pattern patterns relationship relationships individual large tall small short
matrix vector vectors space spaces angle angles circle circles curve curves square squares
field fields analysis science physics history nature energy power force speed distance size
length area volume surface tool tools technique techniques definition definitions rule rules
notion notions mechanism mechanisms framework frameworks application applications
constant constants intuition intuitions block blocks slice slices subject subjects answer answers
problem problems example examples phenomenon phenomena window windows difference differences
proof proofs mess principle principles exercise exercises entry entries respect respects playlist
product products multiple multiples limit limits number numbers point points line lines
transformation transformations average averages dynamics student students score scores
expression expressions term terms variable variables value values factor factors rectangle rectangles
triangle triangles
""".split()
)

# "Lot of students", "Bunch of numbers": a quantity in front says how much, not what.
QUANTITY_WORDS = frozenset("lot lots bunch couple plenty handful ton tons kind sort type".split())

# The speaker's and the listener's pronouns never belong in a title; a third-person one may sit
# inside ("Kosovo issue and its impact on ...") but a title is never one, nor starts or ends on one.
VOICE_PRONOUNS = frozenset("i me my mine myself we us our ours ourselves you your yours yourself yourselves".split())
PRONOUNS = VOICE_PRONOUNS | frozenset(
    "he him his himself she her hers herself it its itself they them their theirs themselves this that these those".split()
)

FILLERS = frozenset("um uh erm hmm okay ok alright yeah gonna wanna gotta kinda sorta basically literally".split())
FILLER_PAIRS = ("you know", "kind of", "sort of", "i mean")

# A title may join two concepts ("Sine and cosine") but never start or end on a function word.
# Hyphenated words are one word: "i-hat" is a basis vector, not the pronoun "I".
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Function words in speech, but a mathematical term's proper end ("Derivative of x squared").
MATH_ENDINGS = frozenset({"squared", "cubed"})
# Markup, code and URLs: brackets and quotes, a call ("alert(", "f(x" stays math), a dotted name
# ("document.cookie"), a scheme ("javascript:", "https:"), a file ending (".exe"). A transcript
# quoting HTML or code is data: none of it may become a page title.
_MARKUP_RE = re.compile(
    r"[\[\]{}<>|#*_`=\\/\"“”@]|https?:|[A-Za-z]{2,}\(|[A-Za-z]{2,}\.[A-Za-z]{2,}|\b[A-Za-z]{2,}:\S|\.\w{2,4}$"
)


def _words(title: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD_RE.findall(title)]


def title_problems(title: str) -> list[str]:
    """Why a title fails the rules (empty when it passes), each reason a short phrase."""
    text = title.strip()
    words = _words(text)
    if not words:
        return ["empty"]
    problems: list[str] = []
    if _MARKUP_RE.search(text) or text.count("(") != text.count(")"):
        problems.append("markup or code characters")
    if len(words) > MAX_WORDS or len(text) > MAX_CHARS:
        problems.append(f"too long ({len(words)} words)")
    pronouns = [w for w in words if w in VOICE_PRONOUNS] + [w for w in (words[0], words[-1]) if w in PRONOUNS]
    if pronouns:
        problems.append(f"a pronoun ({pronouns[0]!r})")
    joined = " ".join(words)
    fillers = [w for w in words if w in FILLERS] + [p for p in FILLER_PAIRS if f" {p} " in f" {joined} "]
    if fillers:
        problems.append(f"a filler ({fillers[0]!r})")
    if words[0] in STOPWORDS and words[0] not in PRONOUNS:
        problems.append(f"starts with the function word {words[0]!r}")
    if words[-1] in STOPWORDS and words[-1] not in PRONOUNS | MATH_ENDINGS and len(words) > 1:
        problems.append(f"ends with the function word {words[-1]!r}")
    if words[0] in QUANTITY_WORDS and len(words) > 1:
        problems.append(f"starts with the quantity word {words[0]!r}")
    if len(words) == 1 and (words[0] in LONE_GENERIC or words[0] in STOPWORDS):
        problems.append("a lone generic word")
    if any(ch.isdigit() for ch in text) and len(words) == 1:
        problems.append("a lone number")
    return problems


def passes_title_rules(title: str) -> bool:
    return not title_problems(title)
