"""The spoken call of the hall display (语音叫号): "请 A001 号到 5 号窗口办理", read twice.

No speech engine runs on the server or on the display PC: the sentence is a concatenation of short clips
shipped in ``resources/voice/`` (synthesised offline once by ``tools/make_voice_clips.py``), joined with the
stdlib ``wave`` module, so any ticket and window can be read without a network or a TTS install.

How it is read: a ticket number character by character (A001 → A 零 零 一, as halls read them); a window
of digits only as a number without its leading zeros (05 → 五, 12 → 十二, 20 → 二十) up to 99, longer ones
digit by digit (101 → 一 零 一); any other window character by character, ``-`` and ``_`` as 杠.
"""

from __future__ import annotations

import functools
import io
import re
import string
import wave
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hallclient.paths import resource_path

RATE = 16_000  # Hz, mono, 16-bit: every clip and the announcement
SAMPLE_WIDTH = 2
CLIP_GAP_MS = 60  # between two clips of one sentence
REPEAT_GAP_MS = 700  # between the two readings
EDGE_MS = 250  # silence before and after, so a player that wakes up late loses no word
REPEATS = 2

PINYIN_VOICE = "cmn-latn-pinyin"  # espeak-ng's Mandarin voice that reads Hanzi (the plain cmn reads some as English)
LETTER_VOICE = "en-us"  # letter names as halls say them (A "ei", G "dʒi", Z "zi")
DIGITS = "零一二三四五六七八九"

# Clip name → (espeak-ng voice, text): what tools/make_voice_clips.py synthesises into resources/voice/NAME.wav.
CLIPS: dict[str, tuple[str, str]] = {
    **{str(n): (PINYIN_VOICE, DIGITS[n]) for n in range(10)},
    "ten": (PINYIN_VOICE, "十"),
    "dash": (PINYIN_VOICE, "杠"),
    **{letter: (LETTER_VOICE, letter) for letter in string.ascii_uppercase},
    "please": (PINYIN_VOICE, "请"),
    "number_to": (PINYIN_VOICE, "号到"),
    "window_serve": (PINYIN_VOICE, "号窗口办理"),
}

CALL = re.compile(r"^(?P<ticket>[A-Z]{1,2}[0-9]{3,6})-(?P<window>[0-9A-Za-z_-]{1,16})\.wav$")
_WINDOW_CHARS = re.compile(r"^[0-9A-Za-z_-]{1,16}$")


class VoiceError(ValueError):
    """A call that cannot be read: a malformed ticket number or window."""


class VoiceUnavailable(RuntimeError):
    """A shipped clip is missing or not 16 kHz mono 16-bit: the install is damaged."""


@dataclass(frozen=True)
class Segment:
    """Where one clip lies in the announcement, in frames (samples)."""

    clip: str
    start: int
    frames: int


def parse_call(text: str) -> tuple[str, str]:
    """``A001-05.wav`` → ``("A001", "05")``; anything else is a VoiceError."""
    match = CALL.match(text)
    if match is None:
        raise VoiceError(f"语音地址格式应为 号码-窗口.wav（如 A001-05.wav），收到「{text[:40]}」")
    return match["ticket"], match["window"]


def _number_clips(value: int) -> list[str]:
    """0–99 as spoken Chinese (十二, 二十, 二十一); the caller reads larger numbers digit by digit."""
    tens, units = divmod(value, 10)
    if tens == 0:
        return [str(units)]
    spoken = ([] if tens == 1 else [str(tens)]) + ["ten"]
    return spoken + ([str(units)] if units else [])


def _characters(text: str) -> list[str]:
    return ["dash" if char in "-_" else char.upper() for char in text]


def window_clips(window: str) -> list[str]:
    if not _WINDOW_CHARS.match(window):
        raise VoiceError(f"窗口号「{window[:20]}」只能由字母、数字、- 和 _ 组成")
    if window.isdigit() and int(window) < 100:
        return _number_clips(int(window))
    return _characters(window)


def sentence(ticket: str, window: str) -> list[str]:
    """The clips of one reading of 请 {ticket} 号到 {window} 号窗口办理."""
    if not re.fullmatch(r"[A-Z]{1,2}[0-9]{3,6}", ticket):
        raise VoiceError(f"号码「{ticket[:20]}」应为 1–2 个大写字母加 3–6 位数字（如 A001）")
    return ["please", *_characters(ticket), "number_to", *window_clips(window), "window_serve"]


def _silence(ms: int) -> bytes:
    return bytes(RATE * ms // 1000 * SAMPLE_WIDTH)


def render(readings: Sequence[Sequence[str]], clips: Mapping[str, bytes]) -> tuple[bytes, list[Segment]]:
    """Join the readings' clips (PCM frames) with the fixed gaps; also say where each clip landed."""
    pcm = bytearray(_silence(EDGE_MS))
    segments: list[Segment] = []
    for number, reading in enumerate(readings):
        if number:
            pcm += _silence(REPEAT_GAP_MS)
        for position, name in enumerate(reading):
            if position:
                pcm += _silence(CLIP_GAP_MS)
            frames = clips[name]
            segments.append(Segment(name, len(pcm) // SAMPLE_WIDTH, len(frames) // SAMPLE_WIDTH))
            pcm += frames
    pcm += _silence(EDGE_MS)
    return bytes(pcm), segments


def wav_bytes(pcm: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(RATE)
        writer.writeframes(pcm)
    return out.getvalue()


def read_clip(path: Path) -> bytes:
    """The PCM frames of one shipped clip, refusing anything but 16 kHz mono 16-bit."""
    try:
        with wave.open(str(path), "rb") as reader:
            shape = (reader.getnchannels(), reader.getsampwidth(), reader.getframerate())
            frames = reader.readframes(reader.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise VoiceUnavailable(f"语音文件缺失或损坏：{path}（请重新安装，或运行 tools/make_voice_clips.py）") from exc
    if shape != (1, SAMPLE_WIDTH, RATE) or not frames:
        raise VoiceUnavailable(f"语音文件 {path} 不是 16 kHz 单声道 16 位 WAV（请运行 tools/make_voice_clips.py）")
    return frames


@functools.lru_cache(maxsize=1)
def shipped_clips() -> dict[str, bytes]:
    """Every clip of resources/voice/, read once per process."""
    folder = resource_path("voice")
    return {name: read_clip(folder / f"{name}.wav") for name in CLIPS}


@functools.lru_cache(maxsize=64)  # ≈ 320 KB each (10 s): the last calls of a hall, fetched by every screen
def announcement(ticket: str, window: str) -> bytes:
    """The WAV of the whole call, read ``REPEATS`` times."""
    reading = sentence(ticket, window)
    pcm, _segments = render([reading] * REPEATS, shipped_clips())
    return wav_bytes(pcm)
