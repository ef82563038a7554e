"""Speaking lesson audio with espeak-ng and encoding it small: a classroom dialogue (one voice
per role) or a narrated audio-book chapter (one voice), as Ogg Opus with an MP3 beside it for
browsers without Opus, and where each line or paragraph starts, so the page can follow along.

espeak-ng is a Debian package (`apt-get install espeak-ng`); without it, lessons simply have no
recording and the text still carries every word. Encoding needs no system package: the
`soundfile` wheels bundle libsndfile, which writes Opus and MP3.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import soundfile

VOICES = {"teacher": "en-us+f3", "student": "en-gb+m3", "narrator": "en-us+m3"}
WORDS_PER_MINUTE = 165
PAUSE_SECONDS = 0.45
ESPEAK_TIMEOUT_SECONDS = 60
# Opus only takes 8, 12, 16, 24 or 48 kHz; espeak-ng speaks at 22.05 kHz, so 24 kHz keeps all
# of it. libsndfile turns a compression level into a bitrate: these give ~24 kbps Opus and
# 32 kbps constant-rate MP3, so three minutes of speech stay well under 1 MB either way.
OPUS_RATE = 24_000
OPUS_COMPRESSION = 0.93
MP3_COMPRESSION = 0.85


class SpeechUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Recording:
    opus: bytes  # Ogg Opus, what the page plays
    mp3: bytes  # the same speech for browsers without Opus
    starts: list[float]  # seconds, one per line or paragraph
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
    """`lines` are (role, text) pairs; the result is one recording with a pause between turns.
    `on_line(done, total)` hears of each line spoken, for a progress bar."""
    if not lines:
        raise SpeechUnavailable("nothing to say: the transcript is empty")
    voiced = [(text, VOICES.get(role, VOICES["teacher"])) for role, text in lines]
    return _record(voiced, on_line=on_line)


def record_narration(
    paragraphs: Sequence[str], *, on_line: Callable[[int, int], None] | None = None
) -> Recording:
    """An audio-book chapter read by one narrator, one start time per paragraph."""
    if not paragraphs:
        raise SpeechUnavailable("nothing to say: the chapter has no text")
    return _record([(text, VOICES["narrator"]) for text in paragraphs], on_line=on_line)


def _record(
    texts: Sequence[tuple[str, str]], *, on_line: Callable[[int, int], None] | None
) -> Recording:
    clips = []
    for done, (text, voice) in enumerate(texts, start=1):
        with _speak(text, voice) as clip:
            if clip.getsampwidth() != 2:
                raise SpeechUnavailable("espeak-ng did not write 16-bit audio")
            frames = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
            clips.append((clip.getframerate(), frames.reshape(-1, clip.getnchannels())[:, 0]))
        if on_line is not None:
            on_line(done, len(texts))
    rate = clips[0][0]  # espeak-ng speaks every voice at the same rate and width
    silence = np.zeros(int(rate * PAUSE_SECONDS), dtype=np.int16)
    starts: list[float] = []
    pieces: list[np.ndarray] = []
    frames_written = 0
    for _, frames in clips:
        starts.append(frames_written / rate)
        pieces += [frames, silence]
        frames_written += len(frames) + len(silence)
    samples = np.concatenate(pieces).astype(np.float32) / 32768
    # The two encoders run side by side: libsndfile's calls let the other thread run.
    with ThreadPoolExecutor(max_workers=2) as pool:
        opus = pool.submit(_encode_opus, samples, rate)
        mp3 = pool.submit(_encode, samples, rate, format="MP3", subtype="MPEG_LAYER_III",
                          compression_level=MP3_COMPRESSION, bitrate_mode="CONSTANT")  # fmt: skip
        return Recording(
            opus=opus.result(), mp3=mp3.result(), starts=starts, duration=frames_written / rate
        )


def _encode_opus(samples: np.ndarray, rate: int) -> bytes:
    # Linear resampling from 22.05 to 24 kHz: an upsample adds no aliasing worth hearing in
    # synthetic speech, and the length in seconds (so every start time) is kept exactly.
    count = round(len(samples) * OPUS_RATE / rate)
    resampled = np.interp(np.arange(count) * rate / OPUS_RATE, np.arange(len(samples)), samples)
    return _encode(resampled.astype(np.float32), OPUS_RATE, format="OGG", subtype="OPUS",
                   compression_level=OPUS_COMPRESSION)  # fmt: skip


def _encode(samples: np.ndarray, rate: int, **options) -> bytes:
    out = io.BytesIO()
    try:
        soundfile.write(out, samples, rate, **options)
    except soundfile.LibsndfileError as error:
        raise SpeechUnavailable(f"could not encode the recording: {error}") from error
    return out.getvalue()


def duration_of(data: bytes) -> float:
    """Seconds of audio in an encoded recording, as a player will count them."""
    return soundfile.info(io.BytesIO(data)).duration
