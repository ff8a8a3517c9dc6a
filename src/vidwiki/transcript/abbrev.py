"""When a period ends a sentence, and when it belongs to an abbreviation, initial or number.

Spoken-caption text is full of "Mr.", "e.g.", "U.S.", "3.14" and initials; splitting there would cut
a timed sentence in two and misplace every later citation. Abbreviations come in three kinds:

* ``NEVER_END`` — titles and Latin shorthands that are always followed by more of the same
  sentence ("Dr. Smith", "e.g. this").
* ``BEFORE_NUMBER`` — "No. 5", "Fig. 3", "Eq. 2": an abbreviation only when a number follows,
  otherwise an ordinary word ("The answer is no. Then …").
* ``MAY_END`` — "etc.", "U.S.", "a.m.", initials: they often do end a sentence, so we split only when
  the next word is a typical sentence opener ("… and so on, etc. Well, after that …").
"""

from __future__ import annotations

import re

from vidwiki.transcript.text import CLOSERS, OPENERS, TERMINAL, wordset

NEVER_END = wordset(
    "mr mrs ms messrs dr prof st mt vs e.g eg i.e ie cf viz approx ca gen col lt sgt "
    "capt cmdr adm rev gov sen pres supt mme mlle"
)
BEFORE_NUMBER = wordset("no nos fig figs eq eqs vol ch sec secs pg p pp art op ex thm")
MAY_END = wordset("etc u.s u.k u.n e.u a.m p.m inc ltd co corp jr sr bros al esp ft rep hon")

# Words that commonly open a sentence: after a MAY_END abbreviation they tip the balance to "split".
STARTERS = wordset(
    """the a an i we you he she it they this that these those there here so but and or now then
    well if when what why how which who let's it's that's there's here's what's i'm we're you're
    i've we've in on at for as my our your his her their its okay ok alright yes no also because
    after before once since one some all each every anyway actually basically first next finally
    however instead still yet just maybe perhaps notice remember imagine consider think look
    suppose take"""
)

_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]$")  # "u.s", "p.h.d" (final period already removed)


def _bare(word: str) -> str:
    return word.strip(OPENERS + CLOSERS + ",;:").lower()


def ends_sentence(token: str, following: str | None, cased: bool = True) -> bool:
    """Does ``token`` end a sentence, given the ``following`` token (None at the end of text)?

    ``cased`` says whether the track capitalises sentence starts; when it does not (all-lowercase
    human tracks exist, README §10), a lowercase next word does not veto the split.
    """
    core = token.rstrip(CLOSERS)
    if not core or core[-1] not in TERMINAL:
        return False
    if following is None:
        return True
    nxt = following.lstrip(OPENERS)
    if not nxt:
        return False
    first = nxt[0]
    capital = first.isupper() or first.isdigit() or following[0] in OPENERS
    if not capital and (cased or not first.isalpha()):
        return False
    if core[-1] != "." or core.endswith(".."):
        return True  # ? ! … and "..." are never abbreviations
    word = core[:-1].lstrip(OPENERS).lower()
    if not word:
        return True
    if word[-1].isdigit() and first.isdigit():
        return False  # "3. 14" is one number broken by a space, never a boundary
    if word in NEVER_END:
        return False
    if word in BEFORE_NUMBER and first.isdigit():
        return False
    if word in MAY_END or _DOTTED.match(word) or (len(word) == 1 and word.isalpha()):
        return _bare(following) in STARTERS
    return True
