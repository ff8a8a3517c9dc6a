"""Cross-video merging: the same subject in several videos of a channel becomes one topic.

Two video topics are the same channel topic when their titles name the same concept (the same
main phrase, normalised: case, accents, plurals and possessives folded, e.g. "Linear
transformations" in one video and "linear transformation" in another) *and* their segments mean
the same thing: the cosine of their segment embeddings, centred on the channel's mean so that
what all of a channel's videos share does not count, is at least ``SAME_MEANING``. A shared
word alone ("Constant", "Square root" said in passing) never makes a topic page. The channel
topic's label is the most common spelling, and every member's own title becomes an alias.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .extract import VideoTopic, sentence_case
from .titles import passes_title_rules


@dataclass(slots=True)
class ChannelTopic:
    """A subject of a channel, with every video topic that discusses it."""

    channel: str
    key: str
    label: str
    members: list[VideoTopic] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def video_ids(self) -> list[str]:
        return list(dict.fromkeys(m.video_id for m in self.members))

    @property
    def multi_video(self) -> bool:
        return len(self.video_ids) > 1


TOP = 4
# Centred cosine of two segments' embeddings; 95 % of random segment pairs of the 3Blue1Brown
# channel fall below 0.36, 90 % below 0.26, while segments that really share a concept
# ("Basis vectors", "Winding frequency") sit at 0.35-0.75.
SAME_MEANING = 0.33
# Modifiers that make a phrase a description of one moment of one video, not a concept two
# videos could share ("First block", "Resulting vector", "Correct answer").
SITUATIONAL = frozenset(
    """first second third last final next new old original resulting same other another whole
    missing correct right wrong hardest easiest simple simplest basic certain different two three
    four five given particular specific special main big little small large""".split()
)


def _same_subject_keys(topics: list[VideoTopic]) -> dict[str, str]:
    """Map each main phrase to a representative.

    Two main phrases name the same subject when each is among the other's top phrases, in
    different videos ("emulsion" / "egg yolk emulsion"). Merging is a star around one
    representative, never a chain: A~B and B~C does not pull C into A, so one broad phrase
    cannot swallow a channel.
    """
    by_key: dict[str, list[VideoTopic]] = {}
    for t in topics:
        by_key.setdefault(t.key, []).append(t)
    tops = {k: {p for t in ts for p in t.phrases[:TOP]} for k, ts in by_key.items()}
    videos = {k: {t.video_id for t in ts} for k, ts in by_key.items()}
    rep = {k: k for k in by_key}
    members: dict[str, set[str]] = {k: set(v) for k, v in videos.items()}
    keys = sorted(by_key)
    for i, a in enumerate(keys):
        if rep[a] != a or not _specific(a):
            continue
        for b in keys[i + 1 :]:
            if rep[b] != b or not _specific(b):
                continue
            if members[a] & videos[b]:
                continue  # two topics of one video stay two pages
            if a in tops[b] and b in tops[a]:
                rep[b] = a
                members[a] |= videos[b]
    return rep


def _specific(key: str) -> bool:
    return " " in key or len(key) >= 8


def merge_topics(channel: str, topics: list[VideoTopic]) -> list[ChannelTopic]:
    """Group video topics naming the same subject; order follows the first member's position."""
    representative = _same_subject_keys(topics)
    meaning = _centred_vectors(topics)
    row = {id(t): n for n, t in enumerate(topics)}
    groups: dict[str, ChannelTopic] = {}
    clusters: dict[str, list[str]] = {}  # subject key -> keys of its groups
    for n, topic in enumerate(topics):
        subject = representative[topic.key]
        chosen = None
        if _shareable(topic, subject):
            for key in clusters.get(subject, []):
                group = groups[key]
                if any(m.video_id == topic.video_id for m in group.members):
                    continue  # two topics of one video stay two pages
                if all(float(meaning[n] @ meaning[row[id(m)]]) >= SAME_MEANING for m in group.members):
                    chosen = group
                    break
        if chosen is None:
            key = subject if subject not in groups else f"{subject} {topic.video_id.lower()} {topic.position}"
            chosen = groups[key] = ChannelTopic(channel=channel, key=key, label="")
            clusters.setdefault(subject, []).append(key)
        chosen.members.append(topic)
    _one_page_per_subject(groups, clusters)
    for group in groups.values():
        if group.multi_video:
            spellings = Counter(m.labels.get(m.key, m.key) for m in group.members)
            label = max(spellings.items(), key=lambda kv: (kv[1], kv[0] == kv[0].lower()))[0]
            group.label = sentence_case(label)
        else:
            group.label = group.members[0].title
        aliases = dict.fromkeys(m.title for m in group.members if m.title != group.label)
        group.aliases = list(aliases)
    return list(groups.values())


def _centred_vectors(topics: list[VideoTopic]) -> np.ndarray:
    """Unit segment embeddings minus the channel's mean (zeros where a topic has none)."""
    dims = max((len(t.vector) for t in topics), default=0)
    if dims == 0:
        return np.zeros((len(topics), 1))
    vectors = np.array([t.vector if len(t.vector) == dims else [0.0] * dims for t in topics], dtype=np.float64)
    vectors -= vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def _shareable(topic: VideoTopic, subject: str) -> bool:
    """Can this topic join other videos' on a channel page: its title names a concept."""
    words = subject.split()
    return (
        _specific(subject)
        and passes_title_rules(topic.title)
        and not (words and words[0] in SITUATIONAL)
    )


def _one_page_per_subject(groups: dict[str, ChannelTopic], clusters: dict[str, list[str]]) -> None:
    """Two channel pages titled "Natural log" would confuse a reader: a subject keeps its largest
    agreeing group as its page; the members of any other group become single-video topics."""
    for subject, keys in clusters.items():
        multi = [k for k in keys if groups[k].multi_video]
        if len(multi) < 2:
            continue
        keep = max(multi, key=lambda k: (len(groups[k].video_ids), -keys.index(k)))
        for key in multi:
            if key == keep:
                continue
            members = groups.pop(key).members
            for m in members:
                solo = f"{subject} {m.video_id.lower()} {m.position}"
                groups[solo] = ChannelTopic(channel=groups[keep].channel, key=solo, label="", members=[m])
