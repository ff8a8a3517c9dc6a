"""A third-person editor: a spoken sentence, as its dependency parse, into encyclopedic prose.

Every rule works on the parse (never on pronouns as strings) and only fires when its
preconditions are certain; otherwise the sentence stays as it is, or is left out. Rules:

* meta-talk and housekeeping ("in the next video", "let me show you", sponsors) are left out;
* a hedging or pointing main clause is dropped when a full clause follows it: "I think (that) X",
  "you can see that X", "it turns out that X", "notice that X" -> "X";
* "let's say / suppose / assume / imagine X" -> "Suppose X"; pure narration ("let's look at ...")
  is left out;
* generic "you" / presenter "we" + modal + verb + object becomes passive ("we can write this as a
  sum" -> "This can be written as a sum"; "we call this the determinant" -> "This is called the
  determinant"), with the object's whole subtree moved intact;
* "your" / "our" as a determiner -> "the"; adverbial "kind of" / "sort of" -> removed;
* a fronted condition on the listener's wish or possession: "if you want to V X, ..." -> "To V X,
  ..."; "if you have X, ..." -> "Given X, ...";
* "X tells us that Y" -> "X shows that Y", "X tells us to V" -> "X says to V", "X gets us Y" -> "X
  gives Y" (a non-personal subject only);
* an opener ("So", "Now", "And", "Okay") before a fronted adverbial or a question is dropped;
* a run-on sentence is split where two independent clauses are coordinated (", and" / ", but");
* a sentence still in the speaker's voice afterwards is left out unless it is essential; a
  question put to the listener is always left out; of a sentence made of two coordinated clauses
  only one of which speaks as "you" / "we", the other clause stands alone.

The output uses only the input's words plus a small fixed set (``INTRODUCED``): "be", "is",
"are", "has", "needs", "the", "they", "Suppose", "However", "given", the verbs "show", "say" and
"give" standing for "tell us" and "get us", and past participles of the input's verbs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..pages.voice import unquoted
from ..pages.voice import voice_words as speaker_voice_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["INTRODUCED", "edit", "is_meta", "needs_parse", "voice_words"]

INTRODUCED = frozenset(
    {"be", "is", "are", "was", "were", "has", "have", "need", "needs", "to", "the", "they", "it", "suppose", "however", "will", "would", "obtained", "there",
     "given", "show", "shows", "showed", "say", "says", "said", "give", "gives", "gave"}
)

# --- meta-talk -------------------------------------------------------------------------------

_META = re.compile(
    r"\b(?:"
    r"in (?:this|today's|the (?:next|last|previous|following|final|first|second|coming)) "
    r"(?:video|chapter|lesson|episode|part|installment|one)|"
    r"(?:this|the|a|next|last|previous|upcoming) (?:video|videos)\b|"
    r"(?:in|of) this series|this series|the series|"
    r"(?:let me|i'll|i will|i'm going to|i'm gonna|i want to|i'd like to|i wanna) (?:show|tell|talk|walk|"
    r"explain|give|remind|share|introduce)|"
    r"let me (?:just|first|quickly|also)? ?(?:say|mention|point out|add|be clear)|"
    r"as i (?:said|mentioned|noted|promised)|like i (?:said|mentioned)|as (?:we|you) (?:saw|'ve seen|have seen)|"
    r"let's (?:get (?:started|into it)|dive|jump|begin|start|kick things off|go ahead|wrap up|recap)|"
    r"stay tuned|sponsor|patreon|subscrib|(?:looking|want|wants) to hire|hiring|job openings?|careers? page|"
    r"thanks?\b|thank you|grateful|"
    r"see you|i hope you (?:enjoyed|liked)|hope you enjoyed|"
    r"the description|link below|links below|animation|animations|"
    r"pause (?:and|the video|to)|"
    r"(?:at|by) the end of (?:the|this) (?:video|lesson)"
    r")|"
    # an aside to the listener that says nothing about the subject: "Really, try it for a moment.",
    # "Take a moment to think about what happened here."
    r"^(?:(?:really|now|so|just|again|okay|and|but),? )*(?:"
    r"take a (?:moment|second|minute|beat)|(?:go ahead and )?try it(?: yourself| out)?(?: for a (?:moment|second|bit)| now)?[.!]|"
    r"(?:stop|pause) (?:and|here|for a)|think about (?:that|it|this) for a (?:moment|second)|"
    r"give it a (?:try|go|shot)"
    r")",
    re.IGNORECASE,
)


def is_meta(text: str) -> bool:
    """Housekeeping about the video, the channel or the talk itself, not about the subject."""
    return bool(_META.search(text.replace("’", "'")))


# --- which sentences need the parse ----------------------------------------------------------

_TRIGGER = re.compile(r"\b(?:kind of|sort of|it turns out|notice|remember|worth noting)\b", re.IGNORECASE)
_RUN_ON = re.compile(r", (?:and|but) ")
_OPENER = re.compile(
    r"^(?:(?:And|Now|Well|So|Okay|OK|Alright|Again),? )+(?=(?:the|this|these|those|it|it's|there|there's|here|"
    r"they|he|she|if|when|once|in|at|for|each|every|all|some|one|a|an|again|then)\b)"
)
LONG_SENTENCE = 26


def voice_words(text: str) -> list[str]:
    """The speaker's-voice words (I, we, you, my, our, your, us, me, ...) outside quotes, by the
    same rule the style metric counts them with (``pages.voice``)."""
    return speaker_voice_words(_plain(text))


def _plain(text: str) -> str:
    return unquoted(text.replace("’", "'"))


# voice words some rule may remove, with what must be present for it to (a cheap over-estimate)
_FIXABLE_I = re.compile(
    r"^(?:(?:and|so|now|well|okay|also),? )*I (?:think|guess|mean|believe|suspect|claim|promise|would|'d|should|"
    r"'m saying|can tell|'ll tell)\b|, I (?:think|believe|guess|suppose)[,.]|\bI (?:'ll |will |would |'d )?"
    r"(?:call|write|denote|label|name|define)\b",
)
_NEVER_FIXED = re.compile(r"\b(?:I'm|I've|I'd|(?i:me|my|mine|myself|ours|ourselves|yours|yourself|yourselves))\b")


def hopeless(text: str) -> bool:
    """Will the sentence certainly stay in the speaker's own voice (first person singular)?"""
    t = _plain(text)
    if _NEVER_FIXED.search(t) and not _FIXABLE_I.search(t):
        return True
    return bool(re.search(r"\bI\b", t)) and not _FIXABLE_I.search(t)


_STUCK = re.compile(
    # perfect and progressive ("we've", "you're"), "you" / "us" after a preposition, "let's" inside a
    # sentence: no rule removes these (a hedge prefix aside, which ``_HEDGE_START`` lets through)
    r"\b(?i:we're|you're|we 're|you 're)\b(?! \w+ing\b)|\b(?i:we've|you've|yourself|yourselves|ourselves|ours|yours)\b|"
    r"\b(?i:of|for|to|with|at|on|from|about|by|around|among|like|than|behind|toward|towards|into) (?i:you|us)\b|"
    r"\b(?i:let|lets|help|make|makes|take|takes|took|bring|brings|get|gets|keep|keeps) (?i:you|us)\b|"
    r"(?<!^)(?<!, )\b(?i:let's)\b|\b(?i:you|we) (?i:guys|all|folks)\b|"
    # a subject "you" / "we" whose verb no rule turns passive (do-support, be, narration verbs)
    r"\b(?i:you|we) (?i:do|don't|did|didn't|does|were|was|are|want|wanna|gotta|like|love|just|really|go|went|"
    r"come|came|look|looked|start|started|end|ended|think|thought|knew|tried|try|feel|felt|mean|say|said|"
    r"had|got|kind|sort|hope|never)\b"
)
_PROGRESSIVE_VOICE = re.compile(r"\b(?i:we're|you're|we 're|you 're) \w+ing\b")


def fixed_or_nothing(text: str) -> bool:
    """Does the sentence speak as "we're / you're V-ing"? Only the passive removes that voice
    ("we're multiplying the two matrices" -> "the two matrices are multiplied"), so such a
    sentence stays only if the passive applies, even when it names the topic."""
    return bool(_PROGRESSIVE_VOICE.search(_plain(text)))


_HEDGE_START = re.compile(
    r"^(?:(?:And|So|Now|Well|Okay|Also),? )*(?i:as )?(?:I|you|we|You|We|It) (?:think|guess|mean|believe|would say|"
    r"could say|can see|'ll see|will see|see|saw|'ve seen|have seen|know|'ll notice|will notice|might notice|"
    r"turns out|'s worth)\b|^(?:Notice|Remember|Recall|Note|Keep in mind)\b"
)


def stuck(text: str) -> bool:
    """Does the sentence hold a speaker's-voice word that no rule removes (a cheap, safe test)?

    Used to leave such sentences out (or, when essential, pass them through) without parsing.
    A sentence opening with a hedge ("I think ...") is never stuck: the hedge may go.
    """
    t = _plain(text)
    if _HEDGE_START.match(t):
        return False
    return bool(_STUCK.search(t))


def needs_parse(text: str) -> bool:
    """Could any rule change this sentence? Sentences without voice, hedge or run-on pass."""
    t = text.replace("’", "'")
    if voice_words(t) or _TRIGGER.search(t):
        return True
    return len(t.split()) > LONG_SENTENCE and bool(_RUN_ON.search(t))


_SO_NOW = re.compile(
    r"^(?:So|Now),? (?!(?:that|much|many|far|long|few|little|does|do|did|is|are|was|were|can|will|"
    r"on|to be)\b)(?=[\w(])"
)


def drop_opener(text: str) -> str:
    """ "And the sum ..." -> "The sum ...": a leading "And" / "Now" / "So" before a plain clause.

    For sentences that are not parsed; the parse-based editor does the same on its own. "So that",
    "So much", "Now that" stay (conjunctions and degree words, not openers).
    """
    m = _OPENER.match(text) or _SO_NOW.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    if len(rest.split()) < 3:
        return text
    if re.match(r"[a-z][a-z'’-]+\b", rest):  # never "V cross w" from "v cross w"
        rest = rest[:1].upper() + rest[1:]
    return rest


# --- edits ------------------------------------------------------------------------------------

Item = int | str  # a token index of the doc, or a word the rules introduce


@dataclass(slots=True)
class _Clause:
    items: list[Item]
    head: int  # the clause's main verb (token index)
    extra: list[int] = field(default_factory=list)  # other clause heads (conjuncts) in items


HEDGES = {
    tuple(p.split())
    for p in (
        "i think", "i guess", "i mean", "i believe", "i suspect", "i would say", "i 'd say", "i would argue",
        "you could say", "you can say", "you might say", "one could say", "it turns out", "turns out",
        "you can see", "you could see", "you 'll see", "you will see", "you see", "we can see", "we see",
        "we 'll see", "you 'll notice", "you will notice", "you might notice", "you may notice",
        "you can notice", "notice", "note", "remember", "recall", "you 'll find", "we find",
        "it 's worth noting", "it is worth noting", "it 's worth pointing out", "it 's worth mentioning",
        "keep in mind", "bear in mind", "you can imagine", "you 'll realize", "you might realize",
        "it seems", "it seems like", "i feel like",
        "we saw", "we 've seen", "we have seen", "we 've found", "we found", "we know", "you know",
        "we learned", "we 've learned", "as we saw", "as you saw", "as we 've seen", "as you 've seen",
        "as you can see", "as we can see", "as you might expect", "as you might guess", "as you can imagine",
        "as you know", "as you may know", "as you might know", "i claim", "i 'd argue", "i 'm saying",
        "i should say", "i should mention", "you might remember", "you may remember", "you might recall",
        "you may recall", "you 'll recall", "you can check", "you can verify", "you could check",
        "we can show", "i can tell you", "i 'll tell you", "i promise", "i promise you", "trust me",
        "you might guess", "you might expect", "you can probably guess", "you probably know",
        "you might have guessed", "you may have noticed", "you might have noticed", "you 'll find that",
        "as you might have guessed", "as you may have guessed", "as you might have noticed",
        "as you may have noticed", "as you might have guessed by now", "as you may have guessed by now",
        "you might have guessed by now", "as you 've probably guessed", "as you probably guessed",
    )
}
SUPPOSE = {("let", "'s", v) for v in ("say", "suppose", "assume", "imagine", "pretend")} | {
    ("let", "us", v) for v in ("say", "suppose", "assume", "imagine")
}
NARRATION = frozenset(
    """look take start begin go see dig walk move turn zoom focus talk think get try jump step come
    recap review check pause do make return head switch bring spend play revisit break back finish
    continue work compute""".split()
)
OPENERS = frozenset({"and", "so", "now", "well", "okay", "ok", "alright", "also", "again"})
NOT_AFTER_OPENER = frozenset("that much many far long few little to on called as".split())
GENERIC_SUBJECTS = frozenset({"you", "we"})
MODALS = frozenset({"can", "could", "should", "must", "will", "would", "might", "may", "'ll", "ca", "wo"})
# verbs whose simple present with "we"/"you" reads as a convention: "we call this X"
PRESENT_PASSIVE = frozenset(
    "call write denote define represent label name express interpret describe use draw plot".split()
)
FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'll i'd".split())
CONTRACTED = {"'ll": "will", "'d": "would"}
BE_PRESENT = frozenset({"'re", "are", "'m", "am"})
VOICE_TOKENS = frozenset("i me my we us our you your".split())
NO_PASSIVE = frozenset(
    """be have get do go want need like let say tell ask mean try feel love hope bet guess think
    know see seem look come keep end start begin stop continue help put wanna gon gotta own enjoy
    appreciate hate prefer wonder expect imagine remember learn forgive pick play pay""".split()
)
# "your attention", "your head": idioms and the listener's own things keep their "your"
OWN_NOUNS = frozenset(
    """attention head mind eye eyes belt fingers fingertips hand hands friend friends students notes life
    time thoughts brain brains minds senses own screen way gut heart face back feet shoes seat favorite
    favourite eyes ears bodies""".split()
)
NO_PASSIVE_MODAL = NO_PASSIVE - {"see", "know", "keep", "put", "start", "think"}
NO_PASSIVE_PAST = frozenset(
    """was were had got did went wanted needed liked let said told asked meant tried felt loved hoped
    thought knew saw seemed looked came kept ended started began stopped continued helped put""".split()
)
PAST = {
    "found": "found", "made": "made", "saw": "seen", "chose": "chosen", "drew": "drawn",
    "wrote": "written", "took": "taken", "gave": "given", "built": "built", "showed": "shown",
    "broke": "broken", "set": "set", "cut": "cut", "split": "split", "brought": "brought",
    "taught": "taught", "held": "held", "left": "left", "lost": "lost", "sent": "sent", "read": "read",
    "hid": "hidden", "threw": "thrown", "spent": "spent", "led": "led", "fed": "fed", "laid": "laid",
    "understood": "understood", "rewrote": "rewritten", "redrew": "redrawn", "shook": "shaken",
}
IRREGULAR = {
    "write": "written", "think": "thought", "see": "seen", "take": "taken", "give": "given",
    "sit": "sat", "fight": "fought", "stand": "stood",
    "find": "found", "make": "made", "break": "broken", "choose": "chosen", "draw": "drawn",
    "know": "known", "show": "shown", "build": "built", "buy": "bought", "bring": "brought",
    "catch": "caught", "teach": "taught", "seek": "sought", "hold": "held", "keep": "kept",
    "leave": "left", "lose": "lost", "mean": "meant", "meet": "met", "pay": "paid", "read": "read",
    "say": "said", "sell": "sold", "send": "sent", "set": "set", "put": "put", "cut": "cut",
    "hit": "hit", "split": "split", "spread": "spread", "shut": "shut", "let": "let", "hear": "heard",
    "tell": "told", "understand": "understood", "feed": "fed", "lay": "laid", "lead": "led",
    "spend": "spent", "bend": "bent", "bind": "bound", "wind": "wound", "grind": "ground",
    "hide": "hidden", "ride": "ridden", "drive": "driven", "forget": "forgotten", "freeze": "frozen",
    "speak": "spoken", "steal": "stolen", "wake": "woken", "wear": "worn", "tear": "torn",
    "throw": "thrown", "grow": "grown", "blow": "blown", "fly": "flown", "sing": "sung",
    "begin": "begun", "run": "run", "swing": "swung", "stick": "stuck", "strike": "struck",
    "hang": "hung", "dig": "dug", "shoot": "shot", "light": "lit", "fit": "fitted", "sweep": "swept",
    "deal": "dealt", "feel": "felt", "rewrite": "rewritten", "undo": "undone", "redo": "redone",
    "redraw": "redrawn", "overlook": "overlooked", "rebuild": "rebuilt", "mistake": "mistaken",
    "forgive": "forgiven", "withdraw": "withdrawn", "arise": "arisen", "shake": "shaken",
    "plot": "plotted", "stop": "stopped", "drop": "dropped", "map": "mapped", "flip": "flipped",
    "swap": "swapped", "plan": "planned", "pin": "pinned", "admit": "admitted", "omit": "omitted",
    "permit": "permitted", "submit": "submitted", "commit": "committed", "grab": "grabbed",
    "wrap": "wrapped", "trap": "trapped", "chop": "chopped", "skip": "skipped", "step": "stepped",
    "zip": "zipped", "refer": "referred", "prefer": "preferred", "rub": "rubbed", "tap": "tapped",
    "scan": "scanned", "trim": "trimmed", "snap": "snapped", "strip": "stripped", "ship": "shipped",
    "shift": "shifted", "label": "labeled", "model": "modeled", "travel": "traveled", "cancel": "canceled",
    "control": "controlled", "compel": "compelled", "propel": "propelled", "transfer": "transferred",
    "format": "formatted", "shrink": "shrunk", "sink": "sunk", "drink": "drunk", "swim": "swum",
    "spin": "spun", "win": "won", "ring": "rung", "spring": "sprung", "sting": "stung", "cling": "clung",
    "fling": "flung", "bite": "bitten", "beat": "beaten", "bear": "borne", "swear": "sworn",
    "weave": "woven", "go": "gone", "lend": "lent", "sleep": "slept", "weep": "wept", "creep": "crept",
    "flee": "fled", "slide": "slid", "stride": "stridden",
    "rise": "risen", "shine": "shone", "tread": "trodden", "undergo": "undergone", "overcome": "overcome",
    "become": "become", "come": "come", "slit": "slit", "quit": "quit", "bet": "bet", "burst": "burst",
    "cast": "cast", "forecast": "forecast", "broadcast": "broadcast", "thrust": "thrust", "upset": "upset",
    "wed": "wed", "sew": "sewn", "sow": "sown", "mow": "mown", "saw": "sawn", "hew": "hewn",
    "strew": "strewn", "dive": "dived", "rid": "rid",
}
_VOWELS = set("aeiou")
WH = frozenset("how what why where whether if when which who whom whose".split())
INDEFINITE = frozenset(
    "something anything everything nothing someone anyone everyone nobody somebody anybody one what".split()
)


def participle(verb: str) -> str | None:
    """The past participle of a base-form verb, or None when the spelling is uncertain."""
    v = verb.lower()
    if v == "get":  # "you get a bell curve" -> "a bell curve is obtained" ("gotten" reads badly)
        return "obtained"
    if v in IRREGULAR:
        return IRREGULAR[v]
    if not v.isalpha() or len(v) < 2:
        return None
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y"):
        return v[:-1] + "ied" if v[-2] not in _VOWELS else v + "ed"
    if v.endswith(("c",)):
        return None
    # consonant-vowel-consonant endings may double ("plot" -> "plotted"): only the table is sure
    if len(v) >= 3 and v[-1] not in _VOWELS | {"w", "x", "y"} and v[-2] in _VOWELS and v[-3] not in _VOWELS:
        syllables = sum(1 for i, ch in enumerate(v) if ch in _VOWELS and (i == 0 or v[i - 1] not in _VOWELS))
        if syllables == 1:
            return None
        if v.endswith(("en", "er", "on", "it", "et", "ol", "al", "el", "or", "om", "ip", "op", "ap")):
            return v + "ed"  # unstressed last syllable: "open"->"opened", "visit"->"visited"
        return None
    return v + "ed"


def irregular_base(ing: str) -> str | None:
    """The base form of an "-ing" verb when it is one the irregular table (or NO_PASSIVE) knows:
    "taking" -> "take", "getting" -> "get", "going" -> "go"."""
    stem = ing.lower().removesuffix("ing")
    for base in (stem, stem + "e", stem[:-1]):
        if base in IRREGULAR or base in NO_PASSIVE or base == "get":
            return base
    return None


def ing_participle(ing: str) -> str | None:
    """The past participle of a regular verb from its "-ing" form, which keeps the spelling that
    decides it: "multiplying" -> "multiplied", "computing" -> "computed", "plugging" -> "plugged"."""
    v = ing.lower()
    if not v.endswith("ing") or len(v) < 6 or not v.isalpha():
        return None
    stem = v[:-3]
    if stem.endswith("y"):
        return stem[:-1] + "ied" if stem[-2] not in _VOWELS else stem + "ed"
    if stem.endswith("e"):  # "seeing", "agreeing"
        return None
    return stem + "ed"


def past_participle(past: str) -> str | None:
    """The past participle from a simple-past form ("found", "computed"), or None if unsure."""
    v = past.lower()
    if v in PAST:
        return PAST[v]
    if v.endswith("ed") and len(v) > 4 and v.isalpha():
        return v
    return None


def _low(t: Token) -> str:
    return t.text.lower().replace("’", "'")


def _subtree(t: Token) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _contiguous(t: Token) -> bool:
    a, b = _subtree(t)
    return sum(1 for _ in t.subtree) == b - a


def _has_subject(t: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in t.children)


def _is_clause_verb(t: Token) -> bool:
    return (t.tag_.startswith("VB") or t.tag_ == "MD") and _has_subject(t)


def _rooted_at(doc: Doc, idx: set[int], c: Token) -> bool:
    """Do the tokens ``idx`` form a tree rooted at ``c`` (every path up stays inside ``idx``)?"""
    for i in idx:
        t = doc[i]
        seen = 0
        while t.i != c.i:
            if t.i not in idx or t.head.i == t.i or seen > len(doc):
                return False
            t = t.head
            seen += 1
    return True


def _plural(t: Token) -> bool:
    if t.tag_ in ("NNS", "NNPS") or _low(t) in ("these", "those", "them", "they", "both"):
        return True
    return any(c.dep_ == "conj" for c in t.children) and any(c.dep_ == "cc" and _low(c) == "and" for c in t.children)


class _Editor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sub: dict[int, str] = {}
        self.deleted: set[int] = set()
        self.opens: set[int] = set()

    # token-level rules ------------------------------------------------------------------------
    def hedges_kind_of(self) -> None:
        doc = self.doc
        for t in doc:
            if _low(t) in ("kind", "sort") and t.dep_ == "advmod" and t.i + 1 < len(doc):
                nxt = doc[t.i + 1]
                if _low(nxt) == "of" and nxt.dep_ in ("advmod", "prep") and not any(
                    c.dep_ == "pobj" for c in nxt.children
                ):
                    prev = doc[t.i - 1] if t.i else None
                    if prev is not None and _low(prev) in ("a", "the", "this", "that", "some", "what"):
                        continue
                    self.deleted.update((t.i, nxt.i))

    def generic_possessives(self) -> None:
        doc = self.doc
        if doc.text.rstrip().endswith("?"):
            return  # "What is your favorite Palomino?" addresses the listener
        for t in doc:
            if _low(t) in ("your", "our") and t.dep_ == "poss" and t.head.tag_[:2] in ("NN", "JJ", "CD"):
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                if nxt is None or _low(nxt) in ("own", "'s") or _low(t.head) in OWN_NOUNS:
                    continue
                if t.head.i < t.i:
                    continue
                self.sub[t.i] = "The" if t.text[0].isupper() else "the"

    def parenthetical_say(self) -> None:
        """ "at some angle, let's say theta, ..." -> "at some angle, say theta, ..."."""
        doc = self.doc
        for t in doc[1 : len(doc) - 3]:
            i = t.i
            if _low(t) != "let" or _low(doc[i + 1]) != "'s" or _low(doc[i + 2]) != "say" or doc[i - 1].text != ",":
                continue
            nxt = doc[i + 3]
            if (
                nxt.tag_ in ("CD", "NN", "NNS", "NNP", "DT", "JJ")
                and _low(nxt) not in INDEFINITE
                and nxt.dep_ not in ("nsubj", "nsubjpass", "expl")  # not ", let's say we have ..."
            ):
                self.deleted.update((i, i + 1))

    def datives(self) -> None:
        """ "This gives us a nice example" -> "This gives a nice example" (the verb keeps an object)."""
        doc = self.doc
        for t in doc:
            if _low(t) not in ("you", "us") or t.dep_ not in ("dative", "dobj"):
                continue
            v = t.head
            if _low(v)[:4] not in ("give", "gave", "show", "offe") or v.i != t.i - 1:
                continue
            objs = [c for c in v.children if c.i > t.i and c.dep_ in ("dobj", "ccomp")]
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "csubj")), None)
            if not objs or subj is None or subj.tag_ in ("NNP", "NNPS") or _low(subj) in ("he", "she", "they"):
                continue
            if _low(v)[:4] in ("tell", "told", "show") and not (
                objs[0].dep_ == "ccomp" and _low(objs[0].left_edge) in WH or _low(v)[:4] == "show" and objs[0].dep_ == "dobj"
            ):
                continue
            self.deleted.add(t.i)

    def listener_conditions(self) -> None:
        """ "If you want to V X, ..." -> "To V X, ..."; "If you have X, ..." -> "Given X, ...".

        Only a fronted condition (before its main clause, closed by a comma) whose subject is the
        generic "you" / "we" and whose verb has nothing else attached: "if you want to see why"
        states a purpose, "if you have two vectors" what is given.
        """
        doc = self.doc
        for t in doc:
            if t.dep_ != "advcl" or t.i < 2 or t.head.i <= t.i:
                continue
            mark, subj = doc[t.i - 2], doc[t.i - 1]
            if _low(mark) not in ("if", "when") or mark.dep_ != "mark" or mark.head.i != t.i:
                continue
            if _low(subj) not in GENERIC_SUBJECTS or subj.dep_ != "nsubj" or subj.head.i != t.i:
                continue
            end = t.right_edge.i + 1
            if end >= len(doc) or doc[end].text != "," or t.head.i <= end:
                continue
            others = [c for c in t.children if c.i not in (mark.i, subj.i) and c.dep_ != "punct"]
            low = _low(t)
            if low in ("want", "wanted") and t.tag_ in ("VBP", "VBD"):
                if len(others) != 1 or others[0].dep_ != "xcomp" or others[0].i != t.i + 2:
                    continue
                if _low(doc[t.i + 1]) != "to" or others[0].tag_ != "VB":
                    continue
                self.deleted.update((mark.i, subj.i, t.i))
            elif low == "have" and t.tag_ == "VBP" and _low(mark) == "if":
                if len(others) != 1 or others[0].dep_ != "dobj" or others[0].left_edge.i != t.i + 1:
                    continue
                if _low(others[0].left_edge) in INDEFINITE or others[0].tag_ == "PRP":
                    continue  # "if you have something like this": nothing is given
                self.sub[mark.i] = "Given" if mark.text[0].isupper() else "given"
                self.deleted.update((subj.i, t.i))

    def reporting_us(self) -> None:
        """ "This tells us that Y" -> "This shows that Y"; "tells us to V" -> "says to V";
        "gets us Y" -> "gives Y". The subject must be a thing (a rule, a formula, this), not a
        person, whose telling would be a story."""
        doc = self.doc
        forms = {
            "show": {"tell": "show", "tells": "shows", "told": "showed"},
            "say": {"tell": "say", "tells": "says", "told": "said"},
            "give": {"get": "give", "gets": "gives", "got": "gave"},
        }
        for t in doc:
            if _low(t) not in ("us", "you") or t.dep_ not in ("dobj", "dative") or t.head.i != t.i - 1:
                continue
            v = t.head
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "csubj")), None)
            if subj is None or subj.tag_ in ("NNP", "NNPS") or _low(subj) in (
                    "he", "she", "they", "i", "you", "we", "who", "someone", "people"):
                continue
            after = [c for c in v.children if c.i > t.i and c.dep_ != "punct"]
            verb = _low(v)
            if verb in forms["show"] and after:
                first = after[0]
                if first.dep_ == "ccomp" and (_low(first.left_edge) == "that" or _low(first.left_edge) in WH):
                    self.sub[v.i] = forms["show"][verb]
                elif first.dep_ == "xcomp" and _low(doc[t.i + 1]) == "to":
                    self.sub[v.i] = forms["say"][verb]
                else:
                    continue
            elif verb in forms["give"] and after and after[0].dep_ == "dobj" and after[0].left_edge.i == t.i + 1:
                self.sub[v.i] = forms["give"][verb]
            else:
                continue
            self.deleted.add(t.i)

    def reduced_relatives(self) -> None:
        """ "the highest derivative (that) you find in this expression" -> "the highest derivative
        found in this expression": a relative clause whose subject is the generic "you" / "we" and
        whose object is the noun it describes becomes a participle phrase. Only a simple present or
        past verb with nothing but particles, prepositions and adverbs attached."""
        doc = self.doc
        for v in doc:
            if v.dep_ != "relcl" or v.tag_ not in ("VBP", "VBD") or v.i < 2:
                continue
            subj = doc[v.i - 1]
            if _low(subj) not in GENERIC_SUBJECTS or subj.dep_ != "nsubj" or subj.head.i != v.i:
                continue
            low = _low(v)
            if v.tag_ == "VBP" and (low in NO_PASSIVE and low != "get"):
                continue
            if v.tag_ == "VBD" and low in NO_PASSIVE_PAST:
                continue
            pp = participle(low) if v.tag_ == "VBP" else past_participle(low)
            if pp is None:
                continue
            rel = doc[v.i - 2]
            relativizer = _low(rel) in ("that", "which") and rel.dep_ in ("dobj", "pobj", "nsubj") and rel.head.i == v.i
            if not relativizer and not (rel.i == v.head.right_edge.i or rel.i == v.head.i) :
                continue  # the noun must come right before: "the number [that] you get"
            if v.head.i >= v.i or v.head.tag_ not in ("NN", "NNS", "NNP", "NNPS", "CD", "JJ"):
                continue
            kids = [c for c in v.children if c.i not in (subj.i, rel.i) and c.dep_ != "punct"]
            if any(c.dep_ not in ("prt", "prep", "advmod", "npadvmod", "agent") for c in kids):
                continue
            if any(c.dep_ == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children) for c in kids):
                continue  # a stranded preposition ("the thing you point at") needs the relative
            self.sub[v.i] = pp
            self.deleted.add(subj.i)
            if relativizer:
                self.deleted.add(rel.i)

    def parenthetical_hedges(self) -> None:
        """ "X, I believe, is Y" / "X, I think." -> drop the two-word aside and its commas."""
        doc = self.doc
        for t in doc:
            if _low(t) not in ("think", "believe", "guess", "suppose") or t.dep_ not in ("parataxis", "ccomp"):
                continue
            kids = [c for c in t.children if c.dep_ != "punct"]
            if len(kids) != 1 or _low(kids[0]) != "i" or kids[0].i != t.i - 1:
                continue
            if t.dep_ == "ccomp" and t.head.i > t.i:
                continue
            before = doc[t.i - 2] if t.i >= 2 else None
            after = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if before is None or before.text != "," or after is None or after.text not in (",", ".", "?", "!"):
                continue
            self.deleted.update((t.i - 1, t.i))
            self.deleted.add(before.i)
            if after.text == ",":
                self.deleted.add(after.i)

    # clause-level rules -------------------------------------------------------------------------
    def main_clause(self) -> _Clause | None:
        """The sentence's main clause, after dropping openers and hedging/pointing prefixes."""
        doc = self.doc
        end = len(doc)
        while end and doc[end - 1].is_punct:
            end -= 1
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        if root is None or end < 3:
            return None
        start = 0
        # openers ("And", "Now", "So") only before a subject: "And so on", "Now that ..." stay
        while start < end and _low(doc[start]) in OPENERS and doc[start].dep_ in ("cc", "advmod", "intj"):
            nxt = start + 1
            while nxt < end and doc[nxt].text == ",":
                nxt += 1
            if nxt >= end:
                break
            n = doc[nxt]
            opens_subject = any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.left_edge.i == nxt for t in doc)
            if not (opens_subject or _low(n) in OPENERS or _low(n) in ("let", "notice") or self._fronted(nxt, end)):
                break
            start = nxt
        head = root
        suppose = False
        for _ in range(3):  # "And I think you can see that X" -> "X"
            found = self._hedge(start, end)
            if found is None:
                break
            if found is False:
                return None
            start, head, is_suppose = found
            suppose = suppose or is_suppose
            if suppose:
                break
        fronted: list[int] = []
        if head is root:  # no hedge at the start: "In fact, I think X" -> "In fact, X"
            comma = next((i for i in range(start + 1, min(end, start + 9)) if doc[i].text == ","), None)
            if comma is not None and self._adverbial(start, comma):
                found = self._hedge(comma + 1, end)
                if isinstance(found, tuple) and not found[2]:
                    fronted = list(range(start, comma + 1))
                    start, head, _ = found
        if head is root and (head.i < start or not (start <= head.left_edge.i or _has_subject(head))):
            return None
        items: list[Item] = ["Suppose"] if suppose else []
        items += [i for i in fronted + list(range(start, end)) if i not in self.deleted]
        return _Clause(items, head.i)

    def _fronted(self, i: int, end: int) -> bool:
        """Does a fronted adverbial or a question start at ``i`` ("So after some time step, X",
        "Now what function has this as a derivative?")? Then an opener before it is a filler;
        "So that", "So much", "Now that" are not openers."""
        doc = self.doc
        t = doc[i]
        if _low(t) in NOT_AFTER_OPENER or end - i < 3:
            return False
        if t.tag_ in ("WP", "WRB", "WDT") and doc[-1].text == "?":
            return True
        top = t  # the largest phrase that starts at i, below the main verb
        while top.head.i != top.i and top.head.dep_ != "ROOT" and top.head.left_edge.i == i:
            top = top.head
        if top.dep_ not in ("prep", "advmod", "advcl", "npadvmod") or top.head.i < top.right_edge.i:
            return False
        k = top.right_edge.i + 1
        return k < end and doc[k].text == ","

    def _adverbial(self, lo: int, hi: int) -> bool:
        """Is ``doc[lo:hi]`` one fronted adverbial ("In fact", "As a first step for intuition")?"""
        doc = self.doc
        tops = [t for t in doc[lo:hi] if not (lo <= t.head.i < hi) or t.head.i == t.i]
        return len(tops) == 1 and tops[0].dep_ in ("prep", "advmod", "npadvmod", "advcl") and tops[0].head.i >= hi

    def _hedge(self, start: int, end: int) -> tuple[int, Token, bool] | bool | None:
        """A hedging prefix at ``start``: (where the clause starts, its verb, is "suppose"), None
        when there is none, False when there is one but no full clause follows (leave as is)."""
        doc = self.doc
        words = [(_low(doc[i]), i) for i in range(start, end) if doc[i].text != ","]
        for n in (7, 6, 5, 4, 3, 2, 1):
            prefix = tuple(w for w, _ in words[:n])
            if len(words) <= n or (prefix not in HEDGES and prefix not in SUPPOSE):
                continue
            rest_start = words[n][1]
            if prefix == ("i", "mean") and _low(doc[rest_start]) in ("that", "this", "it"):
                return False  # "I mean that" / "I mean this specific one": not a hedge
            if _low(doc[rest_start]) in WH:
                return False  # "you can see how X" is not the claim X
            if _low(doc[rest_start]) == "that" and doc[rest_start].dep_ == "mark" and prefix not in SUPPOSE:
                rest_start += 1
            if any(_low(doc[i]) in ("not", "n't", "never") for i in range(start, rest_start)):
                return False  # "I don't think X" is not X
            idx = {i for i in range(rest_start, end) if not doc[i].is_punct or doc[i].text in ("-", "'")}
            clause = next(
                (doc[i] for i in range(rest_start, end) if _is_clause_verb(doc[i]) and _rooted_at(doc, idx, doc[i])),
                None,
            )
            if clause is None:
                return False  # not a full clause after the hedge: leave the sentence as it is
            return rest_start, clause, prefix in SUPPOSE
        return None

    def passive(self, clause: _Clause, head: int, lo: int = 0, hi: int | None = None) -> bool:
        """Rewrite ``you/we [modal] V obj rest`` inside ``items[lo:hi]`` as ``obj [modal] be V-en rest``.

        Also ``what/which/that we call X`` -> ``what/which/that is called X``.
        """
        doc = self.doc
        items = clause.items
        hi = len(items) if hi is None else hi
        h = doc[head]
        subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
        if subj is None or any(True for _ in subj.children):
            return False
        if _low(subj) not in GENERIC_SUBJECTS and _low(subj) != "i":
            return False
        verb = h
        # "we need to / have to V obj"
        if _low(h) in ("need", "have") and h.tag_ == "VBP":
            x = next((c for c in h.children if c.dep_ == "xcomp"), None)
            if x is None or x.i != h.i + 2 or _low(doc[h.i + 1]) != "to" or subj.i != h.i - 1:
                return False
            verb = x
            mid = [h.i, h.i + 1]
        else:
            mid = list(range(subj.i + 1, h.i))
        verb_low = _low(verb)
        # not in a simile: "It's like we're taking a moving average" is no step of a procedure
        progressive = verb is h and verb.tag_ == "VBG" and any(
            doc[i].dep_ == "aux" and _low(doc[i]) in BE_PRESENT for i in mid
        ) and not (subj.i and _low(doc[subj.i - 1]) in ("like", "as", "though"))
        for i in mid:
            t = doc[i]
            if i in (h.i, h.i + 1) and verb is not h:
                continue
            if progressive and t.dep_ == "aux" and _low(t) in BE_PRESENT:
                continue  # "we're multiplying X": the narrating present progressive
            if t.dep_ not in ("aux", "neg", "advmod") or (t.dep_ == "aux" and _low(t) not in MODALS):
                return False
            if t.dep_ == "advmod" and _low(t) in ("just", "then", "now"):
                return False  # "we just found", "we then take": narration; the passive reads worse
        modal = [i for i in mid if doc[i].dep_ == "aux" and _low(doc[i]) not in BE_PRESENT] if verb is h else []
        if progressive:
            # "we're multiplying the two matrices" -> "the two matrices are multiplied"
            base = irregular_base(verb_low)
            if base in NO_PASSIVE and base != "get":
                return False
            pp = participle(base) if base else ing_participle(verb_low)
        elif verb is not h or modal:
            if verb.tag_ != "VB" or verb_low in NO_PASSIVE_MODAL and verb_low != "get":
                return False
            pp = participle(verb_low)
        elif verb.tag_ == "VBP" and (verb_low not in NO_PASSIVE or verb_low == "get"):
            pp = participle(verb_low)
        elif verb.tag_ == "VBD" and verb_low not in NO_PASSIVE_PAST:
            pp = past_participle(verb_low)
        else:
            return False
        if pp is None or (_low(subj) == "i" and verb_low not in PRESENT_PASSIVE and not modal):
            return False
        if _low(subj) == "i" and not any(verb_low.startswith(v[:4]) for v in PRESENT_PASSIVE):
            return False
        if any(c.dep_ in ("dative", "ccomp", "iobj", "xcomp", "nsubjpass") for c in verb.children):
            return False
        # a conjoined verb or a participle clause shares the subject: "if you take X and form Y",
        # "if you bend it, first rolling it ..." would lose it (a dangling participle)
        if any(
            c.dep_ == "conj" and c.tag_.startswith("VB") and not _has_subject(c)
            or c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN", "VB") and not _has_subject(c)
            for c in verb.children
        ):
            return False
        span = items[lo:hi]
        # "what we call X", "which we'll write as X": the relativizer is the object
        rel = doc[subj.i - 1] if subj.i else None
        if (
            rel is not None
            and rel.dep_ == "dobj"
            and rel.head.i == verb.i
            and _low(rel) in ("what", "which", "that")
            and verb is h
            and (verb.tag_ != "VBD" or pp)
        ):
            need = [subj.i, *mid, verb.i]
            if subj.i not in span:
                return False
            if verb.i + 1 < len(doc) and doc[verb.i + 1].tag_ in ("IN", "RP") and _low(doc[verb.i + 1]) != "as":
                return False  # "ways that you can deal with that": the relativizer is not its object
            pos = span.index(subj.i)
            if span[pos : pos + len(need)] != [i for i in need if i not in self.deleted]:
                return False
            antecedent = verb.head if verb.dep_ == "relcl" else rel
            plural = _low(rel) != "what" and _plural(antecedent)
            new: list[Item] = self._passive_aux(h, verb, modal, mid, plural, pp)
            items[lo + pos : lo + pos + len(need)] = new
            return True
        # the object, right after the verb (or after "think of")
        after = verb.i + 1
        prt: list[int] = []
        if verb_low == "think":
            if after >= len(doc) or _low(doc[after]) != "of" or doc[after].head.i != verb.i or not modal:
                return False
            obj = next((c for c in doc[after].children if c.dep_ == "pobj"), None)
            prt = [after]
        else:
            if after < len(doc) and doc[after].dep_ == "prt":
                prt = [after]
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return False
        o_lo, o_hi = _subtree(obj)
        tail = [c for c in obj.children if c.dep_ == "prep" and _low(c) == "as" and c.right_edge.i + 1 == o_hi]
        if tail:  # "think of [a vector] as an arrow": the "as" phrase stays with the verb
            o_hi = tail[0].i
        if o_lo != verb.i + 1 + len(prt) or not _contiguous(obj) or o_hi <= o_lo:
            return False
        if sum(1 for c in verb.children if c.dep_ == "dobj") > 1 or (
            o_hi < len(doc) and not doc[o_hi - 1].whitespace_ and (not doc[o_hi].is_punct or doc[o_hi].text in "-–")
        ):
            return False  # the object ends inside a word ("mini-curves" split by the tokenizer)
        k = verb.right_edge.i + 1
        while k < len(doc) and (doc[k].text == "," or doc[k].tag_ == "RB"):
            k += 1
        if k < len(doc) and doc[k].tag_ in ("VB", "VBP") and doc[k].dep_ != "aux" and not _has_subject(doc[k]):
            return False  # "if you take two adders, successively apply them": a bare verb shares the subject
        low = _low(obj)
        if obj.tag_ == "PRP":
            if low not in ("it", "them"):
                return False
        elif obj.tag_ == "DT":
            if low not in ("this", "that", "these", "those") or o_hi - o_lo != 1:
                return False
        elif obj.tag_ not in ("NN", "NNS", "NNP", "NNPS") or low in INDEFINITE:
            return False
        if any(
            doc[i].tag_ in ("WDT", "WP", "PRP$") and doc[i].dep_ != "nsubj" and i not in self.sub for i in range(o_lo, o_hi)
        ):
            return False
        inner = [doc[i] for i in range(o_lo, o_hi)]
        if o_hi - o_lo > 10 or any(t.is_punct and t.text not in ("-", "'") for t in inner):
            return False  # a long or comma-laden object: its parse is not certain enough to move
        if any(t.dep_ == "conj" and any(c.dep_ in ("dobj", "prt") for c in t.children) for t in inner):
            return False  # "subtract off that side and factor out the v": a verb the parser took for a noun
        if any(t.dep_ in ("acl", "relcl", "appos") for t in inner):
            return False
        # a trailing prepositional phrase may belong to the verb ("represent those things with dots")
        if any(t.dep_ == "prep" and t.head.i == obj.i and _low(t) != "of" for t in inner):
            return False
        if verb_low == "get" and prt:
            return False  # "you get out a number" is not "a number is obtained out"
        if verb_low == "get" and o_hi < len(doc) and not (
            doc[o_hi].is_punct or doc[o_hi].tag_ == "CC" or _low(doc[o_hi]) in ("when", "if", "by", "from", "for")
        ):
            return False  # "you get this view into his mind" is not "this view is obtained into ..."
        if obj.tag_ == "DT" and o_hi < len(doc) and doc[o_hi].tag_ not in ("IN", "TO", "RP", "CC", "WDT", ".", ",", ":"):
            return False  # "this hypersphere" mis-parsed as the object "this"
        if any(_low(doc[i]) in VOICE_TOKENS and i not in self.sub for i in range(o_lo, o_hi)):
            return False
        need = [subj.i, *mid, verb.i, *prt, *range(o_lo, o_hi)]
        pos = span.index(subj.i) if subj.i in span else -1
        if pos < 0 or span[pos : pos + len(need)] != [i for i in need if i not in self.deleted]:
            return False
        plural = _plural(obj)
        obj_items: list[Item] = [i for i in range(o_lo, o_hi) if i not in self.deleted]
        if obj.tag_ == "PRP":
            self.sub[obj.i] = "they" if low == "them" else "it"
        new = obj_items + self._passive_aux(h, verb, modal, mid, plural, pp)
        if prt:
            new.append(prt[0])
        items[lo + pos : lo + pos + len(need)] = new
        return True

    def all_passives(self, clause: _Clause) -> None:
        """Try the passive on every clause of ``clause`` whose subject is generic you/we."""
        self.there_is(clause)
        heads = [
            t.head.i for t in self.doc
            if t.dep_ == "nsubj" and _low(t) in (*GENERIC_SUBJECTS, "i") and t.i in clause.items
        ]
        for h in heads:
            self.passive(clause, h)

    def there_is(self, clause: _Clause) -> bool:
        """ "So we have a vector with two coordinates" -> "There is a vector with two coordinates"."""
        doc = self.doc
        items = clause.items
        p = 1 if items[:1] == ["Suppose"] else 0
        if len(items) < p + 3 or not all(isinstance(x, int) for x in items[p : p + 3]):
            return False
        subj, have, first = (doc[x] for x in items[p : p + 3])
        if _low(subj) not in GENERIC_SUBJECTS or subj.dep_ != "nsubj" or subj.head.i != have.i:
            return False
        if _low(have) != "have" or have.tag_ != "VBP" or have.i != subj.i + 1:
            return False
        obj = next((c for c in have.children if c.dep_ == "dobj"), None)
        if obj is None or obj.left_edge.i != first.i or first.i != have.i + 1:
            return False
        if not (_low(first) in ("a", "an", "some", "another") or first.tag_ == "CD"):
            return False
        if any(c.dep_ in ("xcomp", "ccomp", "conj", "advcl", "dative") for c in have.children):
            return False
        items[p : p + 2] = ["there", "are" if _plural(obj) else "is"]
        return True

    def _passive_aux(self, h: Token, verb: Token, modal: list[int], mid: list[int], plural: bool, pp: str) -> list[Item]:
        if verb is not h:  # "need to" / "have to"
            word = ("need" if plural else "needs") if _low(h) == "need" else ("have" if plural else "has")
            return [word, "to", "be", pp]
        if modal:
            for i in mid:  # "I'll call this v" -> "this will be called v", not "this'll"
                if _low(self.doc[i]) in CONTRACTED:
                    self.sub[i] = CONTRACTED[_low(self.doc[i])]
            return [*(i for i in mid if i not in self.deleted), "be", pp]
        adverbs: list[Item] = [i for i in mid if i not in self.deleted and _low(self.doc[i]) not in BE_PRESENT]
        if verb.tag_ == "VBD":
            return ["were" if plural else "was", *adverbs, pp]
        return ["are" if plural else "is", *adverbs, pp]

    def split_point(self, clause: _Clause) -> tuple[int, int, str] | None:
        """Where a run-on sentence splits: ``(comma, conj_start, word)`` positions in ``items``."""
        doc = self.doc
        h = doc[clause.head]
        n_words = sum(1 for x in clause.items if isinstance(x, str) or not doc[x].is_punct)
        long = n_words > LONG_SENTENCE
        if not long and not voice_words(doc.text):
            return None
        best = None
        for c in h.children:
            if c.dep_ != "conj" or not _is_clause_verb(c) or c.i < h.i:
                continue
            cc = c.left_edge.i - 1
            if cc < 2 or doc[cc].dep_ != "cc" or _low(doc[cc]) not in ("and", "but") or doc[cc - 1].text != ",":
                continue
            if cc - 1 not in clause.items or cc not in clause.items:
                continue
            p = clause.items.index(cc - 1)
            left = sum(1 for x in clause.items[:p] if isinstance(x, str) or not doc[x].is_punct)
            right = n_words - left - 1
            if long and (left < 8 or right < 8):
                continue
            if not long:  # a short sentence splits only to free one clause from the speaker's voice
                conj_pos = clause.items.index(c.left_edge.i) if c.left_edge.i in clause.items else None
                if conj_pos is None or left < 6 or right < 6:
                    continue
                if bool(self._voiced(clause.items[:p])) == bool(self._voiced(clause.items[conj_pos:])):
                    continue
            score = abs(left - right)
            if best is None or score < best[0]:
                best = (score, p, c.i, _low(doc[cc]))
        if best is None:
            return None
        return best[1], best[2], best[3]

    def _voiced(self, items: list[Item]) -> list[str]:
        return voice_words(" ".join(x if isinstance(x, str) else self.doc[x].text for x in items))

    def render(self, items: Iterable[Item]) -> str:
        doc = self.doc
        parts: list[str] = []
        first = True
        items = list(items)
        for k, x in enumerate(items):
            nxt = items[k + 1] if k + 1 < len(items) else None
            if isinstance(x, str):
                text, ws = x, " "
            else:
                t = doc[x]
                text = self.sub.get(x, t.text)
                # keep the original spacing between neighbours; a moved token gets one space
                ws = t.whitespace_ if nxt == x + 1 or nxt is None else " "
                if nxt != x + 1 and isinstance(nxt, int) and _ATTACHED.match(self.sub.get(nxt, doc[nxt].text)):
                    ws = ""
                if first is False and x == 0 and t.tag_ not in ("NNP", "NNPS") and text != "I" and text[1:].islower():
                    text = text[0].lower() + text[1:]
            if first and text[:1].isalpha():
                if re.fullmatch(r"[a-z][a-z'’-]+|a", text) and not (isinstance(x, int) and _math_like(doc[x])):
                    text = text[0].upper() + text[1:]
                first = False
            elif first and any(ch.isalnum() for ch in text):
                first = False
            parts.append(text + ws)
        out = "".join(parts)
        out = re.sub(r"\s+([,.;:!?])", r"\1", out)
        out = re.sub(r",(\s*,)+", ",", out)
        out = re.sub(r"^[,;:\s]+", "", out)
        return re.sub(r"\s+", " ", out).strip()


_ATTACHED = re.compile(r"^(?:'s|n't|'re|'ll|'ve|'d|'m|[,.;:!?)\]])$", re.IGNORECASE)


def _math_like(t: Token) -> bool:
    return (len(t.text) == 1 and t.tag_ != "DT") or any(ch.isdigit() for ch in t.text)


def _finish(text: str, end: str) -> str:
    text = text.rstrip(",;: ")
    if text and text[-1] not in ".!?…":
        text += end
    return text


def edit(doc: Doc, essential: bool = False, keep_voice: bool = False) -> list[str] | None:
    """The edited sentence (two when a run-on is split), or None when it should be left out.

    ``essential``: the sentence carries the topic's content, so it is kept even if it stays in the
    speaker's voice. ``keep_voice``: multi-speaker transcripts, where the renderer names the
    speaker of every paragraph, keep first-person sentences (only the neutral rules apply).
    """
    text = doc.text
    if is_meta(text):
        return None
    ed = _Editor(doc)
    tokens = [_low(t) for t in doc]
    # narration: "let's look at ...", "let me take a moment ..."
    if len(tokens) >= 3 and tokens[0] == "let" and tokens[1] in ("'s", "me", "us") and tokens[2] in NARRATION:
        return None
    if any(  # "In fact, let's see how vector addition looks numerically."
        t.dep_ == "ROOT" and tokens[t.i] == "let" and t.i + 2 < len(doc) and tokens[t.i + 1] in ("'s", "me", "us")
        and tokens[t.i + 2] in NARRATION for t in doc
    ):
        return None
    ed.hedges_kind_of()
    ed.parenthetical_hedges()
    ed.generic_possessives()
    ed.datives()
    ed.reporting_us()
    ed.listener_conditions()
    ed.reduced_relatives()
    ed.parenthetical_say()
    clause = ed.main_clause()
    end = "." if not doc[-1].is_punct or doc[-1].text not in "?!" else doc[-1].text
    if clause is None:
        items: list[Item] = [i for i in range(len(doc)) if i not in ed.deleted]
        parts = [ed.render(items)]
    else:
        split = ed.split_point(clause)
        if split is None:
            ed.all_passives(clause)
            parts = [ed.render(clause.items)]
        else:
            comma, conj, word = split
            conj_pos = clause.items.index(doc[conj].left_edge.i) if doc[conj].left_edge.i in clause.items else None
            if conj_pos is None:
                parts = [ed.render(clause.items)]
            else:
                left = _Clause(clause.items[:comma], clause.head)
                right_items: list[Item] = (["However,"] if word == "but" else []) + clause.items[conj_pos:]
                right = _Clause(right_items, conj)
                ed.all_passives(left)
                ed.all_passives(right)
                if word == "but":
                    first = right.items[1] if len(right.items) > 1 else None
                    if isinstance(first, int) and doc[first].tag_ not in ("NNP", "NNPS") and doc[first].text != "I":
                        ed.sub[first] = ed.sub.get(first, doc[first].text)
                        ed.sub[first] = ed.sub[first][:1].lower() + ed.sub[first][1:]
                parts = [ed.render(left.items), ed.render(right.items)]
    parts = [_finish(drop_opener(p), end if k == len(parts) - 1 else ".") for k, p in enumerate(parts) if p]
    if not keep_voice:
        parts = _without_voice(parts, essential)
    return parts or None


# "What do you think ...?", "how should you color ...?", "Can we do better?": a question put to
# the listener (a subject "you" / "we" after its auxiliary), not a puzzle stated with a generic "you"
_ASKS_LISTENER = re.compile(
    r"\b(?i:do|does|did|would|could|can|should|will|are|were|have|had|shall)\s+(?i:you|we)\b[^.!]*\?\s*$"
)


def _without_voice(parts: list[str], essential: bool) -> list[str]:
    """The parts that may stand in an article: a part left in the speaker's voice goes unless
    essential and down to one generic "you" / "we"; the presenter's own story ("I", "me", "my") and a question put to the listener
    never are. A "However," that contrasted with a part gone goes with it."""
    kept: list[str] = []
    for k, part in enumerate(parts):
        words = voice_words(part)
        left = {w.lower() for w in words}
        if left and (not essential or len(words) > 1 or left & FIRST_SINGULAR or _ASKS_LISTENER.search(part)):
            continue
        if k and part.startswith("However, ") and len(kept) < k:
            part = part[len("However, "):]
            part = part[:1].upper() + part[1:] if re.match(r"[a-z][a-z'’-]+\b", part) else part
        kept.append(part)
    return kept
