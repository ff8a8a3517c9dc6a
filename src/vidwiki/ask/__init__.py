"""``vidwiki ask``: questions answered from the videos, every sentence a timestamp.

One engine serves the CLI, ``serve``'s Ask box and the benchmark: :class:`Asker` loads the
wiki's units (``corpus``), their vectors (``vectors``: from the store, embedded on first use),
and answers with :meth:`Asker.ask`: hybrid retrieval (``retrieve``), then either the extractive
answer (``answer``, the default: the speaker's own sentences in the articles' voice) or a model's
answer from the retrieved sentences only, verified sentence by sentence (``llm``). The question is
data: it is searched for, quoted into a prompt as data, escaped wherever it is shown.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Protocol

from ..errors import VidwikiError
from ..render.wikidata import WikiData, load
from ..store import DB_NAME
from .answer import REFUSE_BELOW, Answer, Cited, covering_articles, extractive, found
from .corpus import AskCorpus, load_corpus
from .retrieve import CONFIRM_MOMENTS, Moment, Retriever
from .vectors import unit_vectors

__all__ = ["MAX_QUESTION", "REFUSE_BELOW", "Answer", "Asker", "ask_wiki"]

MAX_QUESTION = 500  # characters of a question that are read


class AnswerWriter(Protocol):
    """Words an answer from retrieved moments (``llm.LLMAnswerer``); every sentence it returns
    cites real sentences of one video and has been verified."""

    name: str

    def answer(self, corpus: AskCorpus, question: str, moments: list[Moment]) -> tuple[list[Cited], int]: ...


class Asker:
    """Answers questions about one wiki. Loading costs ~1 s for 151 videos once vectors are
    stored; every question after that is answered in tens of milliseconds."""

    def __init__(self, data: WikiData, db: sqlite3.Connection | None = None) -> None:
        self.data = data
        self.corpus: AskCorpus = load_corpus(data)
        vectors, self.embedded = unit_vectors(self.corpus, db)
        self.retriever = Retriever(self.corpus, vectors)

    @classmethod
    def open(cls, wiki: Path) -> Asker:
        """The wiki's engine for a server: the store is read, never written (vectors no
        ``vidwiki ask`` has stored yet are embedded in memory)."""
        data = load(wiki)
        db_path = _db_path(wiki)
        try:
            db = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return cls(data, db)
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise VidwikiError(f"{db_path}: not a usable vidwiki store ({exc})") from exc

    def ask(self, question: str, top: int = 5, writer: AnswerWriter | None = None) -> Answer:
        """Answer ``question`` with up to ``top`` moments. ``writer`` is an
        :class:`~vidwiki.ask.llm.LLMAnswerer` for a model-written answer, else it is extractive."""
        started = time.perf_counter()
        question = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())[:MAX_QUESTION]
        if not any(ch.isalnum() for ch in question):
            raise VidwikiError("ask a question: the text holds no word to search for")
        moments = self.retriever.moments(question, limit=top)
        # the moments MiniLM confirmed lead, best first; the rest keep their fused order
        moments[:CONFIRM_MOMENTS] = sorted(moments[:CONFIRM_MOMENTS], key=lambda m: -m.relevance)
        best = max((m.relevance for m in moments), default=0.0)
        covered = best >= REFUSE_BELOW
        shown = [f for m in moments if (f := found(self.corpus, m)) is not None] if covered else []
        answer = Answer(question, covered, moments=shown, relevance=best)
        if covered:
            if writer is not None:
                answer.sentences, answer.dropped = writer.answer(self.corpus, question, moments)
                answer.writer = writer.name
            else:
                answer.sentences = extractive(self.corpus, self.retriever, question, moments)
            seen: dict[str, str] = {}
            for s in answer.sentences:
                for slug, title in covering_articles(self.data, s.video_id, s.sentence_ids[0]):
                    seen.setdefault(slug, title)
            answer.articles = list(seen.items())
            answer.covered = bool(answer.sentences)
        answer.seconds = time.perf_counter() - started
        return answer

    def close(self) -> None:
        self.retriever.close()


def _db_path(wiki: Path) -> Path:
    return wiki / DB_NAME if wiki.is_dir() else wiki


def ask_wiki(wiki: Path, question: str, top: int = 5, writer: str = "embedded", model: str | None = None,
             base_url: str | None = None, api_key: str | None = None) -> Answer:
    """One question from the command line: vectors and model replies are kept in the store, so
    the next question (or ``serve``) embeds nothing again."""
    from ..store import Store

    data = load(wiki)  # a clear one-line error when WIKI is not a wiki
    store = Store(_db_path(wiki))  # applies the ask_vectors migration to an older store
    try:
        asker = Asker(data, store.db)
        try:
            answerer = None
            if writer != "embedded":
                from .llm import make_answerer

                answerer = make_answerer(writer, model, base_url, api_key, store.db)
            return asker.ask(question, top, answerer)
        finally:
            asker.close()
    finally:
        store.close()
