"""vidwiki: turn a channel's timed transcripts into an interlinked, timestamp-cited wiki."""

__version__ = "0.1.0"
