"""The form of a generated sentence: whole, and stating what the video says, not narrating it.

Embedding support cannot see form: "The speaker explains that the determinant scales areas" is
as close to its source as "The determinant scales areas", and a sentence cut off mid-phrase
("...and how the transformation's") still scores well. An encyclopedia states; it does not tell
the reader that a speaker spoke or that an article discusses. A sentence that fails here is sent
back to the model once with the reason, and dropped if the rewrite still fails: never published.
A sentence in the speaker's voice ("you look at where each basis vector lands") or with a spoken
filler is a copied transcript line, not an article's sentence: it goes back the same way. What
narrating, voice and fillers are is shared with the metrics that count them: ``pages/voice.py``.
"""

from __future__ import annotations

import re

from vidwiki.pages.voice import fillers, narrates, voice

__all__ = ["form_problem", "incomplete", "narrates"]

TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_WORD = re.compile(r"\w[\w'’-]*")
# words a finished English sentence does not end on (particles such as "in", "along" or "back" can)
CANNOT_END = frozenset(
    "a an the and or but nor of with from by as than because whether if its their my your our whose versus vs "
    "via into onto per".split()
)


def incomplete(text: str) -> bool:
    """True for a sentence cut off or left unfinished: no closing punctuation, a last word that
    cannot end a sentence ("the", "of", "transformation's"), unbalanced brackets or quotes, or
    fewer than three words."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    if len(words) < 3 or not TERMINAL.search(stripped):
        return True
    last = words[-1].lower().replace("’", "'")
    if last in CANNOT_END:
        return True
    if last.endswith("'s") or last.endswith("s'"):
        return True
    if stripped.count("(") != stripped.count(")") or stripped.count('"') % 2:
        return True
    return not (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "\"'“‘(")


def form_problem(text: str, speaker: str = "") -> str | None:
    """Why a generated sentence cannot be published as it stands (None when it can)."""
    if incomplete(text):
        return "it is incomplete: write one whole sentence"
    if narrates(text, speaker):
        return ("it talks about the speaker, the video or the article: state what is said as a plain fact, "
                "without mentioning who says it")
    if voice(text):  # a line copied from the transcript, in the speaker's words
        return "it is in the speaker's voice (I, we, you): state it impersonally, in the third person"
    if fillers(text):
        return "it keeps a spoken filler (so, okay, um, kind of): leave it out"
    return None
