"""Where sentences begin and end in a token stream.

Three strategies, chosen by ``sentences.build_sentences``:

* ``split_punctuated`` — cut after terminal punctuation (see ``abbrev``) and at speaker turns.
* ``split_long`` — run-on "sentences" (> ``MAX_WORDS``, common in transcripts and in some
  sentence_timings files that are one 756-word sentence) are cut recursively at the strongest
  clause boundary near the middle; text with hardly any punctuation goes to ``segment_unpunctuated``.
* ``segment_unpunctuated`` — auto-captions without punctuation: a small dynamic programme picks
  boundaries at pauses and before discourse markers, with a length target of 8–30 words and a
  hard maximum of 40, so we get neither one sentence per cue nor one per video.

Ranges are ``(lo, hi, unpunctuated)`` token slices; the flag asks for ``text.display_form``.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import sub

from vidwiki.transcript.abbrev import ends_sentence
from vidwiki.transcript.align import key
from vidwiki.transcript.stream import Token
from vidwiki.transcript.text import ends_with_terminal, wordset

Range = tuple[int, int, bool]

MAX_WORDS = 60  # punctuated sentences longer than this are run-ons and get split
UNPUNCT_MIN, UNPUNCT_MAX, UNPUNCT_HARD = 8, 30, 40
MIN_PIECE = 4  # never split a run-on into a piece shorter than this
PAUSE = 0.5  # seconds of silence that suggest a boundary (README: ~0.5–0.7 s)
COARSE_PAUSE = 1.5  # the same, when times are rounded to half or whole seconds

# Words that open a new thought in speech; a boundary right before them is likely.
MARKERS = wordset("so now okay ok alright but well anyway actually then also")
# Words that often start a sentence (pronouns, determiners): a weak hint.
OPENING = wordset(
    "i we you he she they it this that's it's there's here's let's what how why when if there"
)
# Words a sentence almost never ends on.
NO_END = wordset(
    """the a an of to and or but in on at for with from by into onto is are was were be been my
    your our their his its very than as because if whether i we you they he she not just really
    going gonna wanna can will would should could might must do does did has have had"""
)
# Words (or clitics) a sentence almost never starts with.
NO_START = wordset("'s n't 're 've 'll 'd of to than")
_MAYBE_END = frozenset(".?!…\"'”’)]»")  # last characters worth a full ends_sentence check
_DASHES = frozenset({"—", "–", "--", "-"})


def cased_text(tokens: Sequence[Token]) -> bool:
    """Does this track capitalise after sentence ends? (All-lowercase human tracks exist.)"""
    after = upper = 0
    for a, b in zip(tokens, tokens[1:], strict=False):
        if ends_with_terminal(a.text):
            after += 1
            ch = b.text.lstrip("\"'“‘(")[:1]
            upper += ch.isupper() or ch.isdigit()
    return after == 0 or upper * 3 >= after


def is_unpunctuated(tokens: Sequence[Token]) -> bool:
    """Less than one sentence-ending mark per 40 words: segment by timing and content instead.

    Deliberately not based on casing (README §10): modern ASR is cased, some human tracks are not.
    """
    ends = sum(1 for t in tokens if ends_with_terminal(t.text))
    return ends * 40 < len(tokens)


def split_punctuated(tokens: Sequence[Token], lo: int = 0, hi: int | None = None) -> list[Range]:
    """Cut after sentence-ending punctuation (abbreviation-aware) and before speaker turns."""
    hi = len(tokens) if hi is None else hi
    cased = cased_text(tokens[lo:hi])
    out: list[Range] = []
    start = lo
    for k in range(lo + 1, hi):
        prev = tokens[k - 1].text
        if tokens[k].turn or (
            prev[-1:] in _MAYBE_END and ends_sentence(prev, tokens[k].text, cased)
        ):
            out.append((start, k, False))
            start = k
    if start < hi:
        out.append((start, hi, False))
    return out


def split_long(tokens: Sequence[Token], rng: Range, limit: int = MAX_WORDS) -> list[Range]:
    """Split a run-on recursively at the clause boundary that is strongest and nearest the middle.

    A run-on with hardly any clause punctuation (fewer than one mark per 40 words and no strong
    mark near the middle) is really unpunctuated speech and is segmented like auto-captions.
    """
    lo, hi, flag = rng
    n = hi - lo
    if n <= limit:
        return [rng]
    best, best_score, best_strength = -1, float("-inf"), 0.0
    mid = (lo + hi) / 2
    marks = 0
    for k in range(lo + 1, hi):
        strength = _clause_strength(tokens, k)
        if strength <= 0:
            continue
        marks += 1
        if not lo + MIN_PIECE <= k <= hi - MIN_PIECE:
            continue
        score = strength - 5.0 * abs(k - mid) / n
        if score > best_score:
            best, best_score, best_strength = k, score, strength
    central = best >= 0 and best_strength >= 2.5 and abs(best - mid) <= n / 4
    if not central and marks * 40 < n:
        return segment_unpunctuated(tokens, lo, hi)
    if best < 0:
        best = int(mid)
    return split_long(tokens, (lo, best, flag), limit) + split_long(tokens, (best, hi, flag), limit)


def _clause_strength(tokens: Sequence[Token], k: int) -> float:
    """How good a clause boundary lies before token ``k`` in punctuated text (0 = none)."""
    prev, cur = tokens[k - 1].text, tokens[k].text
    if cur in _DASHES:
        return 0.0  # cut after the dash, not before it
    if prev in _DASHES or prev[-1:] in ";:—–" or prev.endswith("--"):
        return 3.0
    if prev.endswith(","):
        word = key(cur)
        if word in ("and", "but", "so"):
            return 2.5
        if word in MARKERS or word in ("which", "because", "where", "while", "whereas"):
            return 1.5
        return 1.0
    return 0.0


def segment_unpunctuated(
    tokens: Sequence[Token], lo: int = 0, hi: int | None = None
) -> list[Range]:
    """Segment ``tokens[lo:hi]`` by pauses and content, respecting speaker turns."""
    hi = len(tokens) if hi is None else hi
    pause = _pause_threshold(tokens, lo, hi)
    out: list[Range] = []
    start = lo
    for k in range(lo + 1, hi + 1):
        if k == hi or tokens[k].turn:
            out.extend(_segment_turn(tokens, start, k, pause))
            start = k
    return out


def _pause_threshold(tokens: Sequence[Token], lo: int, hi: int) -> float:
    """The silence that counts as a pause: longer when times are rounded to half seconds.

    Player scrapes time each word by the second it first appeared on screen, so a one-second
    "gap" is rounding, not a pause; trusting it cuts sentences one word too early or late.
    """
    firsts = [t.start for t in tokens[lo:hi] if t.cue_first]
    whole = sum(1 for t in firsts if t * 2 == int(t * 2))
    return COARSE_PAUSE if firsts and whole >= 0.6 * len(firsts) else PAUSE


def _segment_turn(tokens: Sequence[Token], lo: int, hi: int, pause: float = PAUSE) -> list[Range]:
    """Best segmentation of one speaker turn by dynamic programming over boundary positions.

    score(segmentation) = sum of boundary scores − sum of length penalties; each boundary costs
    a little, so only real cues (a pause, a discourse marker, a capitalised function word in
    cased text, stray punctuation) earn one, and the length penalty forces cuts in long
    stretches of even speech.
    """
    n = hi - lo
    if n <= UNPUNCT_MIN:
        return [(lo, hi, True)]
    bonus = [0.0] * (n + 1)
    for k in range(1, n):
        bonus[k] = _boundary_score(tokens, lo + k, pause)
    # opened[s] = best score of tokens[:s] plus the boundary at s: a sentence may start at s.
    opened = [0.0] * (n + 1)
    back = [0] * (n + 1)
    for e in range(1, n + 1):
        s0 = max(0, e - UNPUNCT_HARD)
        scores = list(map(sub, opened[s0:e], _REVERSED_COST[UNPUNCT_HARD - (e - s0) :]))
        top = max(scores)
        back[e] = s0 + scores.index(top)  # the earliest start wins ties: longer sentences
        opened[e] = top + bonus[e] if e < n else top
    cuts = []
    e = n
    while e > 0:
        cuts.append(e)
        e = back[e]
    cuts.append(0)
    cuts.reverse()
    return [(lo + a, lo + b, True) for a, b in zip(cuts, cuts[1:], strict=False)]


def _length_cost(words: int) -> float:
    """Penalty for a sentence of ``words`` words: none inside the 8–30 target, steep below 3."""
    if words < 3:
        return 8.0
    if words < UNPUNCT_MIN:
        return 0.7 * (UNPUNCT_MIN - words)
    if words <= UNPUNCT_MAX:
        return 0.0
    return 0.35 * (words - UNPUNCT_MAX)


# _REVERSED_COST[i] is the cost of a sentence of UNPUNCT_HARD - i words.
_REVERSED_COST = [_length_cost(n) for n in range(UNPUNCT_HARD, 0, -1)]


def _boundary_score(tokens: Sequence[Token], k: int, pause: float = PAUSE) -> float:
    """Evidence for a sentence boundary before token ``k`` (negative = evidence against)."""
    prev, cur = tokens[k - 1], tokens[k]
    score = -1.5  # every sentence must earn its boundary
    gap = cur.start - prev.end
    if gap >= pause * 0.6:
        score += 2.5 * min(gap - pause * 0.6 + 0.3, 2.0)
    p, c = key(prev.text), key(cur.text)
    follower = key(tokens[k + 1].text) if k + 1 < len(tokens) else ""
    if c in MARKERS or (c == "and" and follower in ("then", "so", "now")):
        score += 1.5
    elif c == "because" or c in OPENING:
        score += 0.5
    if p in NO_END:
        score -= 3.0
    if cur.text.lower() in NO_START:
        score -= 3.0
    if ends_with_terminal(prev.text):
        score += 3.0
    elif prev.text[-1:] in ",;:":
        score += 1.0
    word = cur.text
    if len(word) > 1 and word[0].isupper() and word[1:].islower() and c in _FUNCTION_WORDS:
        score += 2.0  # "… the scene We will get back …": a capital where a sentence once began
    if cur.cue_first:
        score += 0.3
    return score


_FUNCTION_WORDS = (
    MARKERS
    | OPENING
    | wordset(
        "and but or the a an which who that these those my our your in on at for to after before"
    )
)
