"""Cross-video merging: the same subject in several videos of a channel becomes one topic.

Two video topics are the same channel topic when they share their main phrase (normalised:
case, accents, plurals and possessives folded), e.g. "Linear transformations" in one video and
"linear transformation" in another. The channel topic's label is the most common spelling, and
every member's own title becomes an alias.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .extract import VideoTopic, sentence_case


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
    groups: dict[str, ChannelTopic] = {}
    for topic in topics:
        key = representative[topic.key]
        group = groups.get(key)
        if group is None:
            group = groups[key] = ChannelTopic(channel=channel, key=key, label="")
        if any(m.video_id == topic.video_id for m in group.members):
            # the same subject twice in one video: keep them apart rather than lose one
            key = f"{key} {topic.video_id.lower()} {topic.position}"
            group = groups[key] = ChannelTopic(channel=channel, key=key, label="")
        group.members.append(topic)
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
