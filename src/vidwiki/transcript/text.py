"""Text clean-up shared by the sentence builders.

Ingest already strips markup and non-speech cues; this module is the last line of defence so that
whatever reaches a ``Sentence`` is plain, single-spaced text a reader (and a writer model) can use.
It never rewrites words: it only normalises whitespace, drops bracketed sound labels that slipped
through, and offers the display touch-up used for unpunctuated auto-captions.
"""

from __future__ import annotations

import re

# NBSP, narrow NBSP, BOM and zero-width characters show up in real YouTube tracks (README §5).
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\ufeff": "", "\u200b": "", "\u200c": ""})
# "[Music]", "[applause]", "[foreign language 00:07:38]", "[ __ ]" (YouTube's profanity mask).
# At least two letters, so math such as "[x]" or "[a, b]" is left alone.
_NON_SPEECH = re.compile(r"\[\s*(?:[A-Za-z][A-Za-z' -]+?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|_+)\s*\]")
TERMINAL = ".?!…"
# Characters that may close a sentence after its terminal mark: `he said "no."` or `(see above.)`.
CLOSERS = "\"'”’)]»"
OPENERS = "\"'“‘([«¿¡"
_TERMINAL_SET = frozenset(TERMINAL)
_CLOSER_SET = frozenset(CLOSERS)


def normalise(text: str) -> str:
    """Single-space, strip and drop invisible characters, keeping every visible character."""
    if "\ufeff" in text or "\u200b" in text or "\u200c" in text:
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())  # str.split knows NBSP and the other Unicode spaces


def strip_non_speech(text: str) -> str:
    """Remove inline sound labels that ingest left in the text (README §6: keep times, drop text)."""
    if "[" not in text:
        return text
    return _NON_SPEECH.sub(" ", text)


def has_word(text: str) -> bool:
    """True when ``text`` holds at least one letter or digit (pure punctuation is not a sentence)."""
    return any(ch.isalnum() for ch in text)


def ends_with_terminal(token: str) -> bool:
    """True for ``end.``, ``why?``, ``"no!"``, ``so…`` — a terminal mark, maybe inside closers."""
    last = token[-1:]
    if last in _TERMINAL_SET:
        return True
    if last not in _CLOSER_SET:
        return False  # the common case, decided without building a new string
    core = token.rstrip(CLOSERS)
    return bool(core) and core[-1] in TERMINAL


def display_form(text: str) -> str:
    """Capitalise the first letter and end with a period, for sentences cut from unpunctuated text.

    The words are untouched; only a dangling comma/colon is replaced by the final period so the
    sentence reads as one in the wiki. Mixed-case first words ("iPhone") are left alone.
    """
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0]
    for i, ch in enumerate(text):
        if ch.isalpha():
            if ch.islower() and not any(c.isupper() for c in first[i + 1 :]):
                text = text[:i] + ch.upper() + text[i + 1 :]
            break
        if ch.isdigit():
            break
    if not ends_with_terminal(text):
        text = text.rstrip(",;:–—- ") + "."
    return text


def wordset(words: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated word list (keeps long lists readable)."""
    return frozenset(words.split())
