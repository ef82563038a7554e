"""Speaking a classroom dialogue with espeak-ng: one voice per role, one WAV file, and where
each line starts, so the page can follow along and jump between lines.

espeak-ng is a Debian package (`apt-get install espeak-ng`); without it, audio lessons simply
have no recording and the transcript still carries every word.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass

VOICES = {"teacher": "en-us+f3", "student": "en-gb+m3"}
WORDS_PER_MINUTE = 165
PAUSE_SECONDS = 0.45
ESPEAK_TIMEOUT_SECONDS = 60


class SpeechUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Recording:
    wav: bytes
    starts: list[float]  # seconds, one per line
    duration: float


def espeak_path() -> str | None:
    return shutil.which("espeak-ng")


def _speak(text: str, voice: str) -> wave.Wave_read:
    executable = espeak_path()
    if executable is None:
        raise SpeechUnavailable("espeak-ng is not installed (apt-get install espeak-ng)")
    # Text goes in on stdin, never as an argument: a line starting with "-" stays text.
    done = subprocess.run(
        [executable, "-v", voice, "-s", str(WORDS_PER_MINUTE), "--stdin", "--stdout"],
        input=text.encode(),
        capture_output=True,
        timeout=ESPEAK_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        raise SpeechUnavailable(f"espeak-ng failed: {done.stderr.decode(errors='replace')[:200]}")
    # espeak-ng streams, so its WAV header carries placeholder sizes; read the frames leniently.
    return wave.open(io.BytesIO(_fix_wav_sizes(done.stdout)), "rb")


def _fix_wav_sizes(data: bytes) -> bytes:
    """Rewrite the RIFF and data chunk sizes that a streaming writer leaves as 0xFFFFFFFF."""
    data = bytearray(data)
    data[4:8] = (len(data) - 8).to_bytes(4, "little")
    index = data.find(b"data", 12)
    if index != -1:
        data[index + 4 : index + 8] = (len(data) - index - 8).to_bytes(4, "little")
    return bytes(data)


def record_dialogue(
    lines: Sequence[tuple[str, str]], *, on_line: Callable[[int, int], None] | None = None
) -> Recording:
    """`lines` are (role, text) pairs; the result is one WAV with a pause between turns.
    `on_line(done, total)` hears of each line spoken, for a progress bar."""
    if not lines:
        raise SpeechUnavailable("nothing to say: the transcript is empty")
    clips = []
    for done, (role, text) in enumerate(lines, start=1):
        with _speak(text, VOICES.get(role, VOICES["teacher"])) as clip:
            clips.append((clip.getparams(), clip.readframes(clip.getnframes())))
        if on_line is not None:
            on_line(done, len(lines))
    params = clips[0][0]  # espeak-ng speaks every voice at the same rate and width
    width = params.sampwidth * params.nchannels
    silence = b"\0" * (int(params.framerate * PAUSE_SECONDS) * width)
    out = io.BytesIO()
    starts: list[float] = []
    frames_written = 0
    with wave.open(out, "wb") as writer:
        writer.setnchannels(params.nchannels)
        writer.setsampwidth(params.sampwidth)
        writer.setframerate(params.framerate)
        for _, frames in clips:
            starts.append(frames_written / params.framerate)
            writer.writeframes(frames + silence)
            frames_written += (len(frames) + len(silence)) // width
    return Recording(wav=out.getvalue(), starts=starts, duration=frames_written / params.framerate)
