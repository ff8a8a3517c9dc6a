"""transcript stage: caption cues → clean, timed sentences (the ids that citations point at)."""

from vidwiki.transcript.sentences import build_sentences

__all__ = ["build_sentences"]
