"""The spoken call (语音叫号): which clips a call is read from, the WAV joined from the shipped clips (both
readings, in order, each word audible), and the display route that serves it (bad input refused)."""

from __future__ import annotations

import io
import itertools
import math
import shutil
import subprocess
import sys
import wave
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hallclient.paths import resource_path
from hallclient.server import voice
from hallclient.server.app import create_app
from queue_helpers import configure_hall

VOICE = resource_path("voice")
SPEECH_RMS_FLOOR = 1000  # a spoken clip is far above it (≈ -30 dBFS); silence and hiss are far below


def _frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 16_000), path
        return reader.readframes(reader.getnframes())


def _rms(pcm: bytes) -> float:
    samples = array("h", pcm)
    return math.sqrt(sum(value * value for value in samples) / len(samples)) if samples else 0.0


def _silence(ms: int) -> bytes:
    return bytes(16 * ms * 2)


@pytest.mark.parametrize(
    ("ticket", "window", "ticket_words", "window_words"),
    [
        ("A001", "05", ["A", "0", "0", "1"], ["5"]),
        ("B012", "1", ["B", "0", "1", "2"], ["1"]),
        ("GB123", "10", ["G", "B", "1", "2", "3"], ["ten"]),
        ("C100", "12", ["C", "1", "0", "0"], ["ten", "2"]),
        ("A1000", "20", ["A", "1", "0", "0", "0"], ["2", "ten"]),
        ("Z999", "21", ["Z", "9", "9", "9"], ["2", "ten", "1"]),
        ("A001", "0", ["A", "0", "0", "1"], ["0"]),
        ("A001", "101", ["A", "0", "0", "1"], ["1", "0", "1"]),
        ("A001", "b2", ["A", "0", "0", "1"], ["B", "2"]),
        ("A001", "3-1", ["A", "0", "0", "1"], ["3", "dash", "1"]),
    ],
)
def test_a_call_is_read_ticket_by_character_and_window_as_a_number(
    ticket: str, window: str, ticket_words: list[str], window_words: list[str]
) -> None:
    expected = ["please", *ticket_words, "number_to", *window_words, "window_serve"]
    assert voice.sentence(ticket, window) == expected


@pytest.mark.parametrize(
    ("ticket", "window"),
    [
        *[(ticket, "05") for ticket in ("a001", "A01", "A0000001", "A001;", "ABC001", "")],
        *[("A001", window) for window in ("", "5/6", "x" * 17, "五")],
    ],
)
def test_a_malformed_ticket_or_window_is_refused(ticket: str, window: str) -> None:
    with pytest.raises(voice.VoiceError):
        voice.sentence(ticket, window)


def test_the_call_in_the_url_is_split_at_the_first_dash() -> None:
    assert voice.parse_call("A001-05.wav") == ("A001", "05")
    assert voice.parse_call("A001-3-1.wav") == ("A001", "3-1")
    for bad in ("A001-05.mp3", "A001_05.wav", "A001-.wav", "../A001-05.wav", "A001-05.wav.wav", "A001-05"):
        with pytest.raises(voice.VoiceError):
            voice.parse_call(bad)


def test_every_clip_is_shipped_16khz_mono_and_audible() -> None:
    shipped = {path.stem for path in VOICE.glob("*.wav")}
    assert shipped == set(voice.CLIPS)
    for name in voice.CLIPS:
        assert _rms(_frames(VOICE / f"{name}.wav")) > SPEECH_RMS_FLOOR, name


def test_the_announcement_is_the_sentence_twice_joined_from_the_shipped_clips() -> None:
    words = ["please", "A", "0", "0", "1", "number_to", "5", "window_serve"]
    reading = _silence(voice.CLIP_GAP_MS).join(_frames(VOICE / f"{name}.wav") for name in words)
    edge = _silence(voice.EDGE_MS)
    expected = edge + reading + _silence(voice.REPEAT_GAP_MS) + reading + edge

    data = voice.announcement("A001", "05")
    with wave.open(io.BytesIO(data), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 16_000)
        pcm = reader.readframes(reader.getnframes())
    assert pcm == expected
    assert 5.0 < len(pcm) / 2 / 16_000 < 15.0  # two readings of a ~4 s sentence


def test_each_spoken_segment_is_audible_and_the_gaps_are_silent() -> None:
    clips = voice.shipped_clips()
    pcm, segments = voice.render([voice.sentence("C100", "12")] * 2, clips)
    assert [s.clip for s in segments] == voice.sentence("C100", "12") * 2
    spoken = bytearray(len(pcm))
    for segment in segments:
        part = pcm[segment.start * 2 : (segment.start + segment.frames) * 2]
        assert part == clips[segment.clip]
        assert _rms(part) > SPEECH_RMS_FLOOR, segment
        spoken[segment.start * 2 : (segment.start + segment.frames) * 2] = b"\x01" * len(part)
    assert all(byte == 0 for byte, mark in zip(pcm, spoken, strict=True) if not mark)  # gaps and edges
    assert segments == sorted(segments, key=lambda s: s.start)  # in order, never overlapping
    assert all(a.start + a.frames < b.start for a, b in itertools.pairwise(segments))


def test_a_damaged_clip_makes_the_voice_unavailable_not_wrong(tmp_path: Path) -> None:
    with wave.open(str(tmp_path / "stereo.wav"), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(bytes(400))
    (tmp_path / "truncated.wav").write_bytes(b"RIFF\x00\x00")
    for name in ("stereo.wav", "truncated.wav", "missing.wav"):
        with pytest.raises(voice.VoiceUnavailable):
            voice.read_clip(tmp_path / name)


MADE_WITH = "1.51"  # the espeak-ng that made the shipped clips (resources/voice/README.md)


def test_the_tool_regenerates_the_shipped_clips(tmp_path: Path) -> None:
    """tools/make_voice_clips.py as IT runs it: every clip, in the shipped format; with the espeak-ng that made
    them, byte for byte the shipped ones (so resources/voice/README.md's provenance holds)."""
    espeak = shutil.which("espeak-ng")
    assert espeak, "espeak-ng missing: apt-get install espeak-ng (dev.sh does)"
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": str(Path(espeak).parent), "PYTHONPATH": str(root / "src")}
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "make_voice_clips.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {path.stem for path in tmp_path.glob("*.wav")} == set(voice.CLIPS)
    version = subprocess.run([espeak, "--version"], capture_output=True, text=True, check=True).stdout
    for name in voice.CLIPS:
        made, shipped = _frames(tmp_path / f"{name}.wav"), _frames(VOICE / f"{name}.wav")
        assert _rms(made) > SPEECH_RMS_FLOOR, name
        if f"speak NG text-to-speech: {MADE_WITH} " in version:
            assert made == shipped, name
        else:
            assert 0.75 < len(made) / len(shipped) < 1.33, name


def test_the_tool_says_when_espeak_ng_is_missing(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "make_voice_clips.py"), "--out", str(tmp_path / "voice")],
        capture_output=True, text=True, env={"PATH": str(tmp_path), "PYTHONPATH": str(root / "src")}, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "espeak-ng not found: apt-get install espeak-ng"
    assert not (tmp_path / "voice").exists()


# ---- the route -----------------------------------------------------------------------------------------------


@pytest.fixture
def hall_app(tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    configure_hall(app.state.db, ["01", "3-1"])
    yield app
    app.state.db.dispose()


def test_the_display_serves_the_call_as_wav_from_memory(hall_app: FastAPI) -> None:
    client = TestClient(hall_app)
    before = voice.announcement.cache_info()
    first = client.get("/display/main/voice/A001-01.wav")
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "audio/wav"
    assert first.content == voice.announcement("A001", "01")
    again = client.get("/display/main/voice/A001-01.wav")
    assert again.content == first.content
    assert voice.announcement.cache_info().hits >= before.hits + 2
    assert client.get("/display/main/voice/B123-3-1.wav").status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/display/nohall/voice/A001-01.wav", 404),
        ("/display/MAIN/voice/A001-01.wav", 404),
        ("/display/main/voice/A001-77.wav", 404),  # no such window in the hall
        ("/display/main/voice/Z001-01.wav", 404),  # no such category in the hall
        ("/display/main/voice/A001-01.mp3", 400),
        ("/display/main/voice/A1-01.wav", 400),
        ("/display/main/voice/a001-01.wav", 400),
        ("/display/main/voice/A001-01", 400),
        ("/display/main/voice/%2e%2e", 400),
        ("/display/main/voice/..%2F..%2Fpyproject.toml", 404),
        ("/display/main/voice/..%2F..%2Fresources%2Fvoice%2FA.wav", 404),
    ],
)
def test_bad_voice_urls_are_refused(hall_app: FastAPI, path: str, status: int) -> None:
    response = TestClient(hall_app).get(path)
    assert response.status_code == status, response.text
    assert not response.content.startswith(b"RIFF")


def test_missing_clips_are_a_clear_503(hall_app: FastAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "voice").mkdir(parents=True)
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(tmp_path / "resources"))
    voice.shipped_clips.cache_clear()
    voice.announcement.cache_clear()
    try:
        response = TestClient(hall_app).get("/display/main/voice/A002-01.wav")
    finally:
        monkeypatch.undo()
        voice.shipped_clips.cache_clear()
        voice.announcement.cache_clear()
    assert response.status_code == 503
    assert "语音文件缺失或损坏" in response.text
