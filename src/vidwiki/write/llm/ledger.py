"""A token and time ledger per stage, and per video the transcript tokens sent vs its own.

Printed at the end of a build and kept in the store (``llm_ledger``), so the cost of a wiki and
the promise "transcript tokens sent per video <= 1.5x the transcript" are measured, not assumed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class StageCost:
    calls: int = 0
    cached: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class VideoTokens:
    transcript: int = 0  # the whole transcript's tokens, counted once
    sent: int = 0  # transcript tokens placed in prompts (cached calls included: they were sent once)


@dataclass(slots=True)
class Ledger:
    writer: str = ""
    stages: dict[str, StageCost] = field(default_factory=dict)
    videos: dict[str, VideoTokens] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)  # verification outcomes

    def stage(self, name: str) -> StageCost:
        return self.stages.setdefault(name, StageCost())

    def video(self, video_id: str) -> VideoTokens:
        return self.videos.setdefault(video_id, VideoTokens())

    @property
    def max_sent_ratio(self) -> float:
        ratios = [v.sent / v.transcript for v in self.videos.values() if v.transcript]
        return max(ratios, default=0.0)

    def total(self) -> StageCost:
        out = StageCost()
        for s in self.stages.values():
            for key in ("calls", "cached", "retries", "prompt_tokens", "completion_tokens"):
                setattr(out, key, getattr(out, key) + getattr(s, key))
            out.seconds += s.seconds
        return out

    def to_json(self) -> dict:
        data = asdict(self)
        data["total"] = asdict(self.total())
        data["max_sent_ratio"] = round(self.max_sent_ratio, 3)
        return data

    def save(self, db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO llm_ledger (created_at, writer, ledger_json) VALUES (datetime('now'), ?, ?)",
                   (self.writer, json.dumps(self.to_json())))


def last_ledger(db: sqlite3.Connection) -> dict | None:
    row = db.execute("SELECT ledger_json FROM llm_ledger ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0]) if row else None
