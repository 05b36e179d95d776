"""Synthesise resources/voice/*.wav, the clips the hall display's spoken calls are joined from.

Offline, with Debian's espeak-ng (``apt-get install espeak-ng``; its Mandarin voice ships in espeak-ng-data).
Which clips exist and what each says is ``hallclient.server.voice.CLIPS``; this script only renders them:
espeak-ng speaks each text to a 22.05 kHz WAV, the silence around it is trimmed, a 5 ms fade stops clicks at
the joins, and it is resampled (windowed sinc, pure Python, 3 dB of headroom) to 16 kHz mono 16-bit. Each
file is written whole or not at all. Rerun after changing CLIPS, the speed or the espeak-ng version:

    PYTHONPATH=src .venv/bin/python tools/make_voice_clips.py [--out resources/voice]
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from hallclient.catalog.atomic import replacing
from hallclient.server.voice import CLIPS, RATE, wav_bytes

ROOT = Path(__file__).resolve().parents[1]
SPEED_WPM = 175  # espeak-ng's default pace: a whole call, read twice, takes about 10 s
GAIN = 0.7  # espeak-ng speaks near full scale: headroom, so the resampling filter's overshoot never clips
TRIM_LEVEL = 400  # |sample| below this (≈ -38 dBFS) counts as silence at the clip's edges
KEEP_MS = 15  # of the trimmed silence, kept on each side
FADE_MS = 5
HALF_TAPS = 16  # of the resampling filter, each side


def speak(espeak: str, voice: str, text: str, folder: Path) -> tuple[array[int], int]:
    """espeak-ng's samples (16-bit mono) and their rate."""
    target = folder / "speech.wav"
    subprocess.run([espeak, "-v", voice, "-s", str(SPEED_WPM), "-w", str(target), text], check=True)
    with wave.open(str(target), "rb") as reader:
        if (reader.getnchannels(), reader.getsampwidth()) != (1, 2):
            raise SystemExit(f"espeak-ng wrote an unexpected format for {text!r}")
        samples = array("h", reader.readframes(reader.getnframes()))
        if sys.byteorder == "big":
            samples.byteswap()
        return samples, reader.getframerate()


def trim(samples: array[int], rate: int) -> array[int]:
    loud = [i for i, value in enumerate(samples) if abs(value) >= TRIM_LEVEL]
    if not loud:
        raise SystemExit("espeak-ng produced silence")
    keep = rate * KEEP_MS // 1000
    return samples[max(0, loud[0] - keep) : loud[-1] + keep + 1]


def fade(samples: array[int], rate: int) -> array[int]:
    length = min(len(samples) // 2, rate * FADE_MS // 1000)
    out = array("h", samples)
    for i in range(length):
        gain = i / length
        out[i] = round(out[i] * gain)
        out[-1 - i] = round(out[-1 - i] * gain)
    return out


def resample(samples: array[int], source: int, target: int) -> array[int]:
    """Hann-windowed sinc interpolation, low-passed below the target's Nyquist frequency, times GAIN."""
    step = source / target
    cutoff = 0.95 * min(1.0, target / source)
    out = array("h")
    for n in range(int(len(samples) / step)):
        position = n * step
        centre = int(position)
        total = 0.0
        for k in range(max(0, centre - HALF_TAPS + 1), min(len(samples), centre + HALF_TAPS + 1)):
            x = position - k
            window = 0.5 + 0.5 * math.cos(math.pi * x / HALF_TAPS)
            argument = math.pi * cutoff * x
            kernel = cutoff if argument == 0 else cutoff * math.sin(argument) / argument
            total += samples[k] * kernel * window
        out.append(max(-32768, min(32767, round(total * GAIN))))
    return out


def render_clip(espeak: str, voice: str, text: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        samples, rate = speak(espeak, voice, text, Path(folder))
    clip = resample(fade(trim(samples, rate), rate), rate, RATE)
    if sys.byteorder == "big":
        clip.byteswap()
    return wav_bytes(clip.tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "voice")
    args = parser.parse_args(argv)
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng not found: apt-get install espeak-ng", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, (voice, text) in CLIPS.items():
        data = render_clip(espeak, voice, text)
        with replacing(args.out / f"{name}.wav") as temp:
            temp.write_bytes(data)
        total += len(data)
    print(f"{len(CLIPS)} clips, {total / 1024:.0f} KiB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
