"""Talking book writer: the EPUB 3 edition with Media Overlays, its text read aloud by espeak-ng
and synchronised block by block (EPUB Media Overlays 3.3, EPUB Accessibility 1.1).

- The book is the EPUB writer's (`epub.compose`: the same documents, nav, pictures,
  stylesheet and package); the narration is read from each content document's XHTML
  (`narration.py`: one block per heading, paragraph, list item, table cell, caption, glossary
  term and definition, picture; an id on each), with speech.py's voices and rules;
- the times come from espeak-ng's SSML marks: each document is read in one synthesis by
  libespeak-ng (`espeak_lib.py`, a `<mark>` before each block), which reports the sample at
  which each mark was reached. A block's clip runs from its mark to the next one (to the end
  for the last), so the clips are contiguous, in order, and add up to the audio exactly; they
  are written in whole milliseconds (SMIL clock values), each boundary rounded once, so the
  last clip ends within half a millisecond of the audio's end. The documents are read in
  parallel only in a build with `--jobs 1`, as writers/mp3.py does;
- one MP3 per content document (`audio/<document>.mp3`, an EPUB core media type), all encoded
  by one ffmpeg run (two or more side by side with `--jobs 1`): mono, 22.05 kHz, 64 kbit/s as writers/mp3.py, no ID3 tag; the Info
  frame ffmpeg writes holds LAME's tag with the encoder's delay and padding, so a player that
  reads it (ffmpeg, browsers, mutagen for the check) plays exactly the samples read. ffmpeg
  names the encoder there "Lavf lame", which players and mutagen do not take for LAME's tag;
  it is named by its release instead ("LAME3.100", asked of libmp3lame). Stored uncompressed
  in the zip;
- one SMIL document per content document (`smil.py`), named by its item's `media-overlay`;
  the package gets `media:duration` per overlay and in total, `media:active-class` (styled in
  layouts/epub/style.css), and the access metadata of a synchronised text and audio book
  (epub_package: accessMode auditory, accessModeSufficient auditory, synchronizedAudioText);
- reproducible: espeak-ng in a fresh process per document, LAME with bitexact flags, the zip
  as the EPUB's: two writes give the same bytes.

Without ffmpeg or libespeak-ng the writer refuses with A00; an edition whose language has no
voice with A05 (speech.no_voice), as the MP3 writer does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import espeak_lib, smil
from ..config import BuildConfig
from ..epub_package import Item, Overlays, zip_package
from ..findings import ContentError, error
from ..narration import Narration, narrate
from ..rules import rule_check
from ..select import EditionDoc
from ..speech import no_voice
from ..voices import require, tools_finding, voice_for
from .epub import Doc, compose, content_items, doc_id
from .mp3 import BITRATE, QUALITY

ACTIVE_CLASS = "-epub-media-overlay-active"
AUDIO = "audio"


@dataclass(slots=True)
class Track:
    """One content document read aloud."""

    doc: Doc
    item_id: str
    narration: Narration
    spoken: espeak_lib.Spoken
    clips: list[tuple[str, int, int]]  # (element id, begin ms, end ms) per block

    @property
    def stem(self) -> str:
        return self.doc.href.rsplit(".", 1)[0]

    @property
    def duration(self) -> int:
        return self.clips[-1][2]


@rule_check("EP05")
def clips(narration: Narration, spoken: espeak_lib.Spoken) -> list[tuple[str, int, int]]:
    """Each block's clip, from its mark to the next (the first from 0, the last to the end)."""
    names = [name for name, _s in spoken.marks]
    if names != [f"m{i}" for i in range(len(narration.blocks))]:
        raise RuntimeError(f"libespeak-ng reported the marks {names[:5]}… for "
                           f"{len(narration.blocks)} blocks")
    starts = [0] + [sample for _n, sample in spoken.marks[1:]]
    ends = [*starts[1:], spoken.frames]
    out = []
    for block, start, end in zip(narration.blocks, starts, ends, strict=True):
        begin, finish = (round(s * 1000 / spoken.rate) for s in (start, end))
        if finish <= begin:
            text = "".join(t for t, _lang in block.runs).strip()[:60]
            raise ContentError(error("EP05", f"the block {text!r} ({block.id}) has no sound",
                                     "give the block words a voice can read"))
        out.append((block.id, begin, finish))
    return out


def lame_release() -> str:
    """The encoder's name in LAME's Info tag: "LAME" and libmp3lame's short version."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("mp3lame") or "libmp3lame.so.0")
        lib.get_lame_short_version.restype = ctypes.c_char_p
        return "LAME" + lib.get_lame_short_version().decode("ascii")[:5]
    except (OSError, AttributeError, UnicodeDecodeError):
        return "LAME3.100"


def encode(folder: Path, tracks: list[Track], workers: int = 1) -> list[bytes]:
    """One MP3 per track: one ffmpeg run for all, or `workers` runs side by side, each
    encoding about as many samples (LAME encodes one file after another on one core)."""
    groups: list[list[int]] = [[] for _ in range(max(1, min(workers, len(tracks))))]
    load = [0] * len(groups)
    for i in sorted(range(len(tracks)), key=lambda i: -tracks[i].spoken.frames):
        g = load.index(min(load))
        groups[g].append(i)
        load[g] += tracks[i].spoken.frames
    out: dict[int, bytes] = {}
    with ThreadPoolExecutor(len(groups)) as pool:
        for found in pool.map(lambda g: _encode(folder, tracks, sorted(g)), groups):
            out.update(found)
    return [out[i] for i in range(len(tracks))]


def _encode(folder: Path, tracks: list[Track], which: list[int]) -> dict[int, bytes]:
    encoder = lame_release()
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    for i in which:
        (folder / f"{i}.raw").write_bytes(tracks[i].spoken.pcm)
        cmd += ["-f", "s16le", "-ar", str(tracks[i].spoken.rate), "-ac", "1", "-i", f"{i}.raw"]
    for n, i in enumerate(which):
        cmd += ["-map", f"{n}:a", "-map_metadata", "-1", "-metadata:s:a:0",
                f"encoder={encoder}", "-c:a", "libmp3lame", "-b:a", BITRATE,
                "-compression_level", QUALITY, "-id3v2_version", "0", "-write_id3v1", "0",
                "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", f"{i}.mp3"]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=900,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr.strip()[-500:]}")
    return {i: (folder / f"{i}.mp3").read_bytes() for i in which}


def read_aloud(ed: EditionDoc, docs: list[Doc], workers: int) -> list[Track]:
    """Narrate every document that has text (ids given to its blocks) and read each aloud,
    `workers` at a time."""
    voice = voice_for(ed.lang)
    if voice is None:
        raise no_voice(ed.lang)
    todo = []
    for i, d in enumerate(docs):
        n = narrate(ed, d.tree, voice)
        if n.blocks:
            todo.append((d, doc_id(i, d), n))
    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        spoken = list(pool.map(lambda job: espeak_lib.speak(job[2].ssml, voice.name,
                                                            voice.rate), todo))
    return [Track(d, ident, n, s, clips(n, s)) for (d, ident, n), s in zip(todo, spoken,
                                                                           strict=True)]


def package_items(cfg: BuildConfig, docs: list[Doc], pictures: list[Item],
                  tracks: list[Track], mp3s: list[bytes]) -> list[Item]:
    """The EPUB's items, each narrated document pointing at its overlay, then the overlays
    and the audio."""
    items = content_items(cfg, docs, pictures)
    by_id = {it.id: it for it in items}
    extra = []
    for t, data in zip(tracks, mp3s, strict=True):
        by_id[t.item_id].media_overlay = f"mo-{t.item_id}"
        audio_href = f"{AUDIO}/{t.stem}.mp3"
        extra.append(Item(f"{t.stem}.smil", smil.MEDIA_TYPE,
                          smil.document(t.doc.href, audio_href, t.clips), f"mo-{t.item_id}"))
        extra.append(Item(audio_href, "audio/mpeg", data, f"audio-{t.item_id}", compress=False))
    return items + extra


class TalkingBookWriter:
    format = "talking-book"
    extension = "talking-book.epub"
    media_type = "application/epub+zip"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        require("ffmpeg", what="no talking book was made")
        if espeak_lib.missing():
            raise ContentError(tools_finding([espeak_lib.missing()],
                                             "no talking book was made"))
        if voice_for(ed.lang) is None:
            raise no_voice(ed.lang)  # A05, before anything else reads the language
        docs, pictures = compose(ed, cfg)
        # in parallel only when the build is not already running one worker per core
        workers = (os.cpu_count() or 1) if cfg.jobs <= 1 else 1
        tracks = read_aloud(ed, docs, workers)
        with tempfile.TemporaryDirectory(prefix="editions-talking-book-") as tmp:
            mp3s = encode(Path(tmp), tracks, workers)
        items = package_items(cfg, docs, pictures, tracks, mp3s)
        overlays = Overlays([(f"mo-{t.item_id}", t.duration) for t in tracks], ACTIVE_CLASS)
        return zip_package(ed, items, figures=bool(pictures), overlays=overlays)


__all__ = ["ACTIVE_CLASS", "TalkingBookWriter", "Track", "clips", "encode"]
