"""Voices for the spoken (MP3) editions, and the espeak-ng calls the writer and its checks share.

The voices are data: one entry per BCP 47 primary language subtag. Each names the espeak-ng 1.51
voice, the `xml:lang` its SSML `<voice>` element carries, the ISO 639-2 code for the ID3 TLAN
frame, and whether Latin-script runs in the language's text (acronyms, English names, e-mail
addresses in Chinese and Urdu) are read by the English voice.

How espeak-ng 1.51 picks a voice from SSML (measured for every pair of these voices, with the
phonemes of `-x` compared with the voice's own):
- `<voice xml:lang="pl" name="pl">` works for en-gb, gd, pl and ur; `name` alone does not for
  en-gb (espeak-ng keeps the outer voice and reads the English through it);
- Mandarin is the exception: any `xml:lang` (zh, zh-Hans, cmn, zh-cmn) makes espeak-ng select
  the `cmn` voice whatever the name says, and `cmn` ("latin as English") reads the pinyin of
  many characters with its tone digit in English: 们 comes out as "men five" (`mE44nfaI11v`).
  `cmn-latn-pinyin` reads the same Han characters with tones (`m@44n`), but only when named
  alone: `<voice name="cmn-latn-pinyin">`;
- a nested `<voice>` falls back, when it closes, to the voice selected by language, i.e. `cmn`
  again: the SSML never nests voices (`speech.py` writes them as siblings).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .findings import ContentError, Finding
from .i18n import SOURCE_LANG
from .langdata import known_languages, language_data
from .rules import rule_check

RATE = 160  # words a minute given to espeak-ng: unhurried, for children (A03 measures it)
SAMPLE_RATE = 22050  # espeak-ng's own output rate; the MP3 keeps it (speech needs no more)


@dataclass(frozen=True, slots=True)
class Voice:
    name: str  # espeak-ng voice
    ssml_lang: str  # xml:lang on <voice>; "" = name alone (Mandarin: see above)
    iso639_2: str  # ID3 TLAN
    latin_in_english: bool = False  # Latin-script runs are read by the English voice
    rate: int = RATE  # espeak-ng's -s for a chapter in this language

    @property
    def attrs(self) -> str:
        lang = f'xml:lang="{self.ssml_lang}" ' if self.ssml_lang else ""
        return f'{lang}name="{self.name}"'


def subtag(lang: str) -> str:
    return lang.split("-")[0].lower()


def _voices() -> dict[str, Voice]:
    """A voice per language subtag, from each language's data (translations/<lang>/
    language.yaml `voice:`, after a listening test); a language without one has no audio."""
    out = {}
    for lang in known_languages():
        v = language_data(lang).voice
        if v:
            out[subtag(lang)] = Voice(str(v["espeak"]), str(v.get("ssml_lang", "")),
                                      str(v["iso639_2"]), bool(v.get("latin_in_english")),
                                      int(v.get("rate", RATE)))
    return out


VOICES: dict[str, Voice] = _voices()
# the English voice: Latin-script runs in Urdu or Chinese text (latin_in_english), and the
# layouts' interface strings no catalog translates
ENGLISH = VOICES[subtag(SOURCE_LANG)]


def voice_for(lang: str) -> Voice | None:
    return VOICES.get(subtag(lang))


def by_name(name: str) -> Voice | None:
    return next((v for v in VOICES.values() if v.name == name), None)


# --- the tools ----------------------------------------------------------------------------


def missing_tools(*tools: str) -> list[str]:
    return [t for t in tools if shutil.which(t) is None]


@rule_check("A00")
def tools_finding(missing: list[str], what: str, artifact: str = "") -> Finding:
    """A00: a tool the audio needs is not installed. Never a silent pass: a warning on a
    workstation, an error in CI (as H00 and EP00)."""
    level = "error" if os.environ.get("CI") == "true" else "warning"
    return Finding("A00", level, f"{what}: {', '.join(missing)} not installed",
                   "install them: `apt-get install --no-install-recommends espeak-ng ffmpeg` "
                   "(scripts/setup.sh)", artifact=artifact)


def require(*tools: str, what: str) -> None:
    missing = missing_tools(*tools)
    if missing:
        raise ContentError(tools_finding(missing, what))


def tool_versions() -> list[str]:
    """espeak-ng's and ffmpeg's releases (they shape the MP3: for the build's input stamp)."""
    out = []
    for cmd in (["espeak-ng", "--version"], ["ffmpeg", "-version"]):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
            release = re.search(r"\d+\.\d+\S*", done.stdout)
            out.append(f"{cmd[0]} {release[0] if release else '?'}")
        except OSError:
            out.append(f"no {cmd[0]}")
    return out


def espeak(args: list[str], timeout: float = 300) -> str:
    """Run espeak-ng; its phonemes (stdout) or a clear error with its own message."""
    done = subprocess.run(["espeak-ng", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"espeak-ng {' '.join(args[:4])}… failed: {done.stderr.strip()}")
    return done.stdout


def synth_args(voice: Voice, ssml_file: str, wav_file: str) -> list[str]:
    return ["-v", voice.name, "-s", str(voice.rate), "-m", "-w", wav_file, "-f", ssml_file]


def phoneme_args(voice: Voice, ssml_file: str) -> list[str]:
    """The same reading as `synth_args`, as phoneme mnemonics instead of sound."""
    return ["-v", voice.name, "-s", str(voice.rate), "-m", "-q", "-x", "-f", ssml_file]


# espeak-ng costs as much to print a text's phonemes (-q -x) as to read it into a WAV: the
# phonemes it prints while making a WAV are kept (the last few, by arguments and SSML), and
# `spoken_phonemes` gives them to the check that reads the same SSML with `phoneme_args` in the
# same process (checks/audio.py, A04) instead of reading it again.
_SAID: OrderedDict[str, str] = OrderedDict()
_SAID_KEEP = 64


def _said_key(args: list[str], ssml: str) -> str:
    plain = [a for i, a in enumerate(args) if i == 0 or args[i - 1] not in ("-f", "-w")]
    return hashlib.sha256(json.dumps([plain, ssml]).encode()).hexdigest()


def synthesize(voice: Voice, ssml: str, folder: Path, name: str) -> Path:
    """`folder/name.wav`: the SSML read by the voice (its phonemes kept: `spoken_phonemes`)."""
    src, wav = folder / f"{name}.ssml", folder / f"{name}.wav"
    src.write_text(ssml, encoding="utf-8")
    said = espeak([*synth_args(voice, str(src), str(wav)), "-x"])
    _SAID[_said_key(phoneme_args(voice, str(src)), ssml)] = said
    while len(_SAID) > _SAID_KEEP:
        _SAID.popitem(last=False)
    return wav


def spoken_phonemes(args: list[str], ssml: str, folder: Path, name: str) -> str:
    """espeak-ng's phonemes of the SSML read with `args` (phoneme_args and the like, the file
    in place of `-f`'s value): those `synthesize` heard if it read this SSML alike, else a run."""
    kept = _SAID.get(_said_key(args, ssml))
    if kept is not None:
        return kept
    src = folder / f"{name}.ssml"
    src.write_text(ssml, encoding="utf-8")
    return espeak([str(src) if i and args[i - 1] == "-f" else a for i, a in enumerate(args)])


def phonemes_of(text: str, voice: Voice) -> str:
    """Phonemes of plain text read by a voice (for references and tests)."""
    return espeak(["-v", voice.name, "-q", "-x", text])


# --- reading phoneme output ---------------------------------------------------------------

# stress and length marks, pauses, word and clause separators; the tone numbers of Mandarin
# (two digits 1–5 after a syllable: `w'o21`, `w011n`) — not single digits: `0` is an English
# vowel, `DI2` a stress variant
_MARKS = re.compile(r"[',%=_|!:;\s]+|[1-5]{2}")
_SWITCH = re.compile(r"\((\w[\w-]*)\)")


def normalise(phonemes: str) -> str:
    """Phonemes without stress, tone, pause and word marks, nor language-switch markers:
    what stays the same for a word wherever it stands."""
    return _MARKS.sub("", _SWITCH.sub("", phonemes))


# English digit names as espeak-ng en-gb spells them, normalised: what the `cmn` voice says
# after a pinyin syllable ("men5" → men five). Checked against espeak-ng by the tests.
DIGIT_NAMES = {"one": "w0n", "two": "tu", "three": "Tri", "four": "fo@", "five": "faIv",
               "six": "sIks", "seven": "sEv@n", "eight": "eIt", "nine": "naIn"}
_EN_RUN = re.compile(r"\(en\)(.*?)\((?!en\))[\w-]+\)", re.S)


def english_digits(phonemes: str) -> list[str]:
    """Digit names in the English a voice of another language fell back to (`(en)…(cmn)`):
    a tone digit or a number read aloud in English. The words they were found in."""
    found = []
    for run in _EN_RUN.findall(phonemes):
        for word in run.split():
            flat = normalise(word)
            if any(d in flat for d in DIGIT_NAMES.values()):
                found.append(word)
    return found


@lru_cache(maxsize=512)
def reference(text: str, voice_name: str) -> str:
    """Normalised phonemes of a short text in a voice, cached (acronym references)."""
    voice = by_name(voice_name)
    assert voice is not None
    return normalise(phonemes_of(text, voice))


__all__ = ["DIGIT_NAMES", "ENGLISH", "RATE", "SAMPLE_RATE", "VOICES", "Voice", "by_name",
           "english_digits", "espeak", "missing_tools", "normalise", "phoneme_args",
           "phonemes_of", "reference", "require", "spoken_phonemes", "subtag", "synth_args",
           "synthesize", "tool_versions", "tools_finding", "voice_for"]
