"""libespeak-ng (Debian's libespeak-ng1, the library the espeak-ng program is built on) through
ctypes: SSML read into 16-bit mono samples, with the sample at which each `<mark name="…"/>`
was reached (espeakEVENT_MARK).

Why the library and not the program: the talking book needs the time of every block it
reads, and the program reports none. The library calls back with the samples and, among them,
an event for each SSML mark carrying `sample`, the mark's position counted in samples from the
start of the text (`audio_position` is the same in whole milliseconds). The event comes in the
call that delivers the samples up to the mark, so the count of samples received so far is the
same number: both are compared, and a difference is an error, never a silent shift. Marks put
between blocks cut the audio exactly where one block's sound (and its pause) ends and the
next one's begins, from one synthesis, with no estimate.

The reading is the program's: the voice is chosen as `espeak-ng -v NAME` chooses it (by name,
else by language), the rate is `-s`, the flags are those of `espeak-ng -m`; the samples are
byte for byte those of `espeak-ng -m -w` on the same SSML (tested).

One process per synthesis. The library keeps state between two syntheses in one process
(measured with 1.51: the second reading of the same SSML starts with 286 to 926 samples left
from the one before and differs in length by up to 1,000 samples; espeak_Terminate and a new
espeak_Initialize do not clear it), so the same text would not give the same sound. Each
reading therefore runs this file as a short-lived child (`python -I -S`, standard library
only: about 20 ms of start-up), which gives the same bytes as a fresh espeak-ng every time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
# the flags of `espeak-ng -m`: espeakCHARS_AUTO | espeakSSML | espeakPHONEMES | espeakENDPAUSE
SYNTH_FLAGS = 0x0 | 0x10 | 0x100 | 0x1000
PARAM_RATE = 1
EVENT_END_OF_LIST, EVENT_MARK = 0, 3
NAMES = ("libespeak-ng.so.1", "libespeak-ng.so")
TIMEOUT = 600


@dataclass(slots=True)
class Spoken:
    """One SSML document read aloud: its samples (16-bit little-endian mono at `rate`) and
    the sample index of each mark, in the order reached."""

    pcm: bytes
    marks: list[tuple[str, int]]
    rate: int

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2


def library() -> ctypes.CDLL | None:
    for name in (*NAMES, ctypes.util.find_library("espeak-ng")):
        if name:
            try:
                return ctypes.CDLL(name)
            except OSError:
                continue
    return None


def missing() -> str | None:
    """What is not installed for `speak`, or None."""
    return None if library() is not None else "libespeak-ng1 (the espeak-ng library)"


def speak(ssml: str, voice_name: str, rate: int) -> Spoken:
    """Read an SSML document (with `<mark>`s) in a voice at a rate (words a minute), in a
    child process of its own (see above)."""
    done = subprocess.run([sys.executable, "-I", "-S", str(Path(__file__).resolve()),
                           voice_name, str(rate)], input=ssml.encode("utf-8"),
                          capture_output=True, timeout=TIMEOUT, check=False)
    head, _, pcm = done.stdout.partition(b"\n")
    if done.returncode != 0 or not head.startswith(b"{"):
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError("libespeak-ng could not read the text"
                           + (f": {err[-1][:300]}" if err else ""))
    info = json.loads(head)
    return Spoken(pcm, [(str(n), int(s)) for n, s in info["marks"]], int(info["rate"]))


# --- the child ------------------------------------------------------------------------------


class _Id(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p),
                ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):  # espeak_EVENT (speak_lib.h)
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _Id)]


class _VoiceSpec(ctypes.Structure):  # espeak_VOICE
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p),
                ("identifier", ctypes.c_char_p), ("gender", ctypes.c_ubyte),
                ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
                ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


def _read(lib: ctypes.CDLL, ssml: bytes, voice: str, rate: int) -> tuple[bytearray, dict]:
    buf = bytearray()
    marks: list[tuple[str, int]] = []
    errors: list[str] = []

    def receive(wav, count: int, events) -> int:
        i = 0
        while events[i].type != EVENT_END_OF_LIST:
            ev = events[i]
            if ev.type == EVENT_MARK:
                name = (ev.id.name or b"").decode("utf-8", "replace")
                if ev.sample != len(buf) // 2:
                    errors.append(f"mark {name!r} at sample {ev.sample}, after "
                                  f"{len(buf) // 2} samples")
                marks.append((name, ev.sample))
            i += 1
        if count > 0 and wav:
            buf.extend(ctypes.string_at(wav, count * 2))
        return 0

    callback = _CALLBACK(receive)  # kept alive for the library's pointer to it
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint,
                                 ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                 ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_VoiceSpec)]
    sample_rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None,
                                        INITIALIZE_DONT_EXIT)
    if sample_rate <= 0:
        raise RuntimeError("libespeak-ng did not start: is espeak-ng-data installed?")
    lib.espeak_SetSynthCallback(callback)
    if lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:  # as `espeak-ng -v`
        spec = _VoiceSpec(languages=voice.encode("utf-8"))
        if lib.espeak_SetVoiceByProperties(ctypes.byref(spec)) != 0:
            raise RuntimeError(f"libespeak-ng has no voice {voice!r}")
    lib.espeak_SetParameter(PARAM_RATE, rate, 0)
    status = lib.espeak_Synth(ssml, len(ssml) + 1, 0, POS_CHARACTER, 0, SYNTH_FLAGS, None,
                              None)
    if status != 0:
        raise RuntimeError(f"espeak_Synth failed (status {status})")
    if errors:
        raise RuntimeError("marks away from the samples: " + "; ".join(errors[:3]))
    return buf, {"rate": sample_rate, "marks": marks}


def main(argv: list[str]) -> int:
    lib = library()
    if lib is None:
        print("libespeak-ng is not installed", file=sys.stderr)
        return 2
    try:
        pcm, info = _read(lib, sys.stdin.buffer.read(), argv[0], int(argv[1]))
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = sys.stdout.buffer
    out.write(json.dumps(info).encode("utf-8") + b"\n")
    out.write(pcm)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["Spoken", "missing", "speak"]
