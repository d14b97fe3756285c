"""MP3 writer: the edition read aloud by espeak-ng, one chapter per top-level section after a
title chapter, with ID3v2.4 metadata and chapters.

- `speech.prepare` makes the SSML of each chapter; espeak-ng reads each into a WAV in a
  temporary folder (`-m` SSML, `-s` the voice's rate in words a minute); the chapters in
  parallel (a thread pool over the subprocesses, os.cpu_count() of them) only in a build with
  `--jobs 1`: a parallel build already runs one worker per core, and on the 2 shared cores
  measured the pool gained nothing there (young zh-Hans, median of 5: 2.4 s alone, 2.6 s
  with 2 threads);
- ffmpeg joins the WAVs (concat demuxer: PCM joins sample-exactly) and encodes one MP3: mono,
  22.05 kHz, 64 kbit/s CBR (libmp3lame, plenty for speech);
- the metadata and the chapters go in through an FFMETADATA file (`;FFMETADATA1`, one
  `[CHAPTER]` per chapter with TIMEBASE 1/22050 and the WAVs' sample counts, so chapters are
  contiguous): ffmpeg writes TIT2 (title), TPE1 (artist = publisher), TPUB, TALB (album = the
  publication's title), TLAN (ISO 639-2), TCON "Speech", TDRC, and a CTOC (top level,
  ordered) with one CHAP per chapter holding its TIT2. The tag is never re-saved with mutagen
  (which reorders the frames);
- ffmpeg 5.1 writes a "comment" as TXXX, not COMM, and the sizes of CHAP and CTOC frames as
  plain integers, not syncsafe ones (wrong past 127 bytes: mutagen and players lose the
  chapters after it): `fix_tag` writes ffmpeg's frames again in their order with syncsafe
  sizes, and appends the COMM frame with the cover text (the title chapter's lines);
- reproducible: `-fflags +bitexact -flags:a +bitexact` (no encoder version tags), no dates
  but the content's, espeak-ng and LAME are deterministic; the same input gives the same bytes.

Without espeak-ng or ffmpeg the writer refuses with A00 (the other formats are still written);
an edition whose language has no voice is refused with A05 (`speech.no_voice`).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..config import BuildConfig
from ..findings import ContentError, error
from ..rules import rule_check
from ..select import EditionDoc
from ..speech import Speech, front, prepare, speakable
from ..voices import SAMPLE_RATE, require, synthesize, voice_for

BITRATE = "64k"
QUALITY = "7"  # LAME -q: 40 % less CPU than -q 5 on this speech, its waveform no further off (SNR)
GENRE = "Speech"


def _synthesize(speech: Speech, folder: Path, workers: int = 1) -> list[Path]:
    """One WAV per chapter, `workers` at a time."""
    def one(i: int) -> Path:
        return synthesize(speech.voice, speech.chapters[i].ssml, folder, f"ch{i:03d}")

    with ThreadPoolExecutor(max(1, min(workers, len(speech.chapters)))) as pool:
        return list(pool.map(one, range(len(speech.chapters))))


def _frames(wavs: list[Path]) -> list[int]:
    """Sample counts of the chapter WAVs (all mono 16-bit at SAMPLE_RATE, as espeak-ng
    writes them)."""
    out = []
    for path in wavs:
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, SAMPLE_RATE):
                raise RuntimeError(f"espeak-ng wrote {path.name} as {w.getnchannels()} "
                                   f"channel(s), {w.getsampwidth() * 8} bit, "
                                   f"{w.getframerate()} Hz; expected mono 16 bit {SAMPLE_RATE}")
            out.append(w.getnframes())
    return out


def _meta_value(text: str) -> str:
    """FFMETADATA escaping: '=', ';', '#', '\\' and newlines take a backslash."""
    for ch in ("\\", "=", ";", "#", "\n"):
        text = text.replace(ch, "\\" + ch)
    return text


def ffmetadata(tags: dict[str, str], chapters: list[tuple[str, int]]) -> str:
    """The FFMETADATA file: global tags, then one [CHAPTER] per (title, sample count)."""
    lines = [";FFMETADATA1"]
    lines += [f"{k}={_meta_value(v)}" for k, v in tags.items() if v]
    start = 0
    for title, frames in chapters:
        lines += ["[CHAPTER]", f"TIMEBASE=1/{SAMPLE_RATE}", f"START={start}",
                  f"END={start + frames}", f"title={_meta_value(title)}"]
        start += frames
    return "\n".join(lines) + "\n"


def tags_for(ed: EditionDoc) -> dict[str, str]:
    voice = voice_for(ed.lang)
    publisher = ed._(ed.meta.publisher)
    return {"title": ed.title, "artist": publisher, "publisher": publisher,
            "album": ed._(ed.meta.title), "language": voice.iso639_2 if voice else ed.lang,
            "genre": GENRE, "date": ed.meta.date[:4]}


def cover_text(ed: EditionDoc) -> str:
    """The cover's words: the title chapter's lines (title, subtitle, publisher and date, the
    draft or summary notice)."""
    return "\n".join(item.text.strip() for item in front(speakable(ed)))


def _encode(folder: Path, wavs: list[Path], meta: str) -> bytes:
    (folder / "list.txt").write_text("".join(f"file '{w.name}'\n" for w in wavs))
    (folder / "meta.txt").write_text(meta, encoding="utf-8")
    out = folder / "out.mp3"
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
           "-f", "concat", "-safe", "0", "-i", "list.txt",
           "-f", "ffmetadata", "-i", "meta.txt",
           "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1",
           "-c:a", "libmp3lame", "-b:a", BITRATE, "-ac", "1", "-ar", str(SAMPLE_RATE),
           "-compression_level", QUALITY, "-id3v2_version", "4", "-write_id3v1", "0",
           "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", out.name]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr.strip()[-500:]}")
    return out.read_bytes()


# --- ID3: repairs to the tag ffmpeg writes --------------------------------------------------

_FRAME_ID = re.compile(rb"[A-Z0-9]{4}")


def _syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def _unsyncsafe(b: bytes) -> int:
    return ((b[0] & 0x7F) << 21) | ((b[1] & 0x7F) << 14) | ((b[2] & 0x7F) << 7) | (b[3] & 0x7F)


def _lands(tag: bytes, pos: int) -> bool:
    """A frame may end here: at the end of the tag, in its padding or before a frame ID."""
    head = tag[pos:pos + 4]
    return pos == len(tag) or (pos < len(tag) and (not head.strip(b"\0")
                                                   or bool(_FRAME_ID.fullmatch(head))))


def tag_frames(tag: bytes) -> tuple[list[tuple[bytes, bytes, bytes]], bytes]:
    """(ID, flags, body) of each frame of an ID3v2.4 tag body, and the padding after them.
    ffmpeg 5.1 writes the size of CHAP and CTOC frames as a plain integer where ID3v2.4 wants
    a syncsafe one (the two differ once a frame passes 127 bytes: a long chapter title, an
    Urdu one, a table of contents of many chapters), and mutagen then loses every frame after
    it. Each size is read both ways; the one that lands on the next frame is taken."""
    frames, pos = [], 0
    while pos + 10 <= len(tag) and tag[pos:pos + 4].strip(b"\0"):
        raw = tag[pos + 4:pos + 8]
        sizes = dict.fromkeys([_unsyncsafe(raw), int.from_bytes(raw, "big")])
        size = next((n for n in sizes if _lands(tag, pos + 10 + n)), None)
        if size is None:
            raise RuntimeError(f"cannot read the ID3 frame {tag[pos:pos + 4]!r} ffmpeg wrote")
        frames.append((tag[pos:pos + 4], tag[pos + 8:pos + 10], tag[pos + 10:pos + 10 + size]))
        pos += 10 + size
    return frames, tag[pos:]


def fix_tag(mp3: bytes, lang3: str, comment: str) -> bytes:
    """The ID3v2.4 tag at the start of `mp3` written again frame by frame, in ffmpeg's order,
    every size syncsafe, with a COMM frame (UTF-8, the cover text) added at the end."""
    if mp3[:3] != b"ID3" or mp3[3] != 4 or mp3[5] & 0xD0:  # v2.4, no unsync/ext/footer
        raise RuntimeError("ffmpeg did not write a plain ID3v2.4 tag")
    end = 10 + _unsyncsafe(mp3[6:10])
    frames, padding = tag_frames(mp3[10:end])
    body = b"\x03" + lang3.encode("ascii")[:3].ljust(3, b" ") + b"\0" + comment.encode("utf-8")
    frames.append((b"COMM", b"\0\0", body))
    tag = b"".join(fid + _syncsafe(len(data)) + flags + data for fid, flags, data in frames)
    tag += padding
    return mp3[:6] + _syncsafe(len(tag)) + tag + mp3[end:]


class Mp3Writer:
    format = "mp3"
    extension = "mp3"
    media_type = "audio/mpeg"

    @rule_check("A01")
    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        require("espeak-ng", "ffmpeg", what="no MP3 was made")
        speech = prepare(ed)  # A05 when the edition's language has no voice
        with tempfile.TemporaryDirectory(prefix="editions-mp3-") as tmp:
            folder = Path(tmp)
            # the chapters in parallel only when the build is not already running one
            # worker process per core (measured: no gain then, on 2 shared cores)
            workers = (os.cpu_count() or 1) if cfg.jobs <= 1 else 1
            wavs = _synthesize(speech, folder, workers)
            frames = _frames(wavs)
            empty = [c.title for c, n in zip(speech.chapters, frames) if n == 0]
            if empty:
                raise ContentError(error("A01", f"chapters with no sound: {empty}",
                                         "give each section some text"))
            meta = ffmetadata(tags_for(ed), [(c.title, n)
                                             for c, n in zip(speech.chapters, frames)])
            data = _encode(folder, wavs, meta)
        return fix_tag(data, speech.voice.iso639_2, cover_text(ed))


__all__ = ["Mp3Writer", "cover_text", "ffmetadata", "fix_tag", "tag_frames", "tags_for"]
