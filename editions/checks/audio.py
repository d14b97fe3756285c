"""Audio (MP3) checks, on the file read back with mutagen and on espeak-ng's reading of the
speech prepared for it (ACCESSIBILITY.md A01–A05).

- A01 the CTOC (top level, ordered) lists one CHAP per chapter: the title chapter (the
  edition's title), then each top-level section of the edition (its heading), in order, each
  with its TIT2, a duration > 0, starting where the one before ends; the last ends with the
  audio;
- A02 TIT2 is the edition's title, TPE1 or TPUB its publisher, TLAN its language (ISO 639-2);
- A03 words a minute over the whole file, between 120 and 200: the words are those of the
  edition's text as read (the title chapter's lines and every section's, from `flat`), counted
  by `speech.count_words`: tokens between spaces that hold a letter or digit, and each Chinese
  character (a syllable: Chinese rates are counted in characters);
- A04 espeak-ng's phonemes (`-x`, the same voice, rate and SSML the writer used) of each
  chapter: the SSML is well-formed and uses only <speak>, <voice> and <break> (anything else
  could be read out); no tag or attribute name is spoken (the phonemes of "speak", "voice",
  "break", "interpret", "xml" occur no more often than the words occur in the text); no English
  digit names in what a voice of another language hands to English (`(en)…(cmn)`: the tone
  digits of the `cmn` voice); every acronym of the text (but those said as words,
  `speech.WORDS`) is read as its letters, as often as it occurs;
- A05 every passage in another language (a `Group`, `Span` or fallback block with its `lang`)
  is inside a <voice> of that language's voice (found by a stretch of its own words); a
  language with no voice is named, with the voice that stands in (warnings).
"""

from __future__ import annotations

import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..rules import rule_check
from ..select import EditionDoc
from ..speech import ACRONYM, LATIN, NUMBER_RANGE, WORDS, Speech, letters, prepare
from ..voices import (
    ENGLISH,
    Voice,
    english_digits,
    missing_tools,
    normalise,
    phoneme_args,
    reference,
    spoken_phonemes,
    subtag,
    tools_finding,
    voice_for,
)
from . import published_notes

RATE_MIN, RATE_MAX = 120, 200
PROBES = ("speak", "voice", "break", "interpret", "xml")
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"
ALLOWED = {"speak", "voice", "break"}


def _clean(text: str) -> str:
    """White space as single spaces; no format characters (direction marks)."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


@rule_check("A01")
def _chapters(tags, length: float, ed: EditionDoc, artifact: str) -> list[Finding]:
    """A01: chapters read back from CTOC and CHAP."""
    def bad(message: str, fix: str = "report this as a bug in editions") -> Finding:
        return Finding("A01", "error", message, fix, artifact=artifact)

    tocs = [f for f in tags.getall("CTOC") if f.flags & 1]  # TOP_LEVEL
    if not tocs:
        return [bad("no top-level table of contents (CTOC)")]
    if not tocs[0].flags & 2:
        return [bad("the table of contents is not marked ordered")]
    chaps = {f.element_id: f for f in tags.getall("CHAP")}
    got = [chaps.get(i) for i in tocs[0].child_element_ids]
    if None in got:
        return [bad("the table of contents names chapters that are not in the file")]
    expected = [_clean(ed.title)] + [_clean(m.inline_text(s.heading.children))
                                     for s in ed.sections]
    titles = [_clean(str(c.sub_frames.get("TIT2", ""))) for c in got]
    out = []
    if titles != expected:
        out.append(bad(f"the chapters are {titles}; the edition (title, then its top-level "
                       f"sections) is {expected}"))
    end = 0
    for c, title in zip(got, titles):
        where = f"chapter {title!r}"
        if not title:
            out.append(bad(f"{c.element_id} has no title"))
        if c.start_time != end:
            out.append(bad(f"{where} starts at {c.start_time} ms, the one before ends at {end}"))
        if c.end_time <= c.start_time:
            out.append(bad(f"{where} has no duration ({c.start_time}–{c.end_time} ms)"))
        end = c.end_time
    if not length * 1000 - 1000 <= end <= length * 1000 + 100:
        out.append(bad(f"the chapters end at {end} ms, the audio at {length * 1000:.0f} ms"))
    return out


@rule_check("A02")
def _metadata(tags, ed: EditionDoc, artifact: str) -> list[Finding]:
    """A02: title, publisher, language."""
    def text(frame: str) -> str:
        return _clean(str(tags[frame])) if frame in tags else ""

    voice = voice_for(ed.lang)
    lang = voice.iso639_2 if voice else ed.lang
    publisher = _clean(ed._(ed.meta.publisher))
    out = []
    for what, ok, got, want in (
            ("title (TIT2)", text("TIT2") == _clean(ed.title), text("TIT2"), ed.title),
            ("publisher (TPE1/TPUB)", publisher in (text("TPE1"), text("TPUB")),
             text("TPUB") or text("TPE1"), publisher),
            ("language (TLAN)", text("TLAN") == lang, text("TLAN"), lang)):
        if not ok:
            out.append(Finding("A02", "error", f"the {what} is {got!r}, not {want!r}",
                               "report this as a bug in editions", artifact=artifact))
    return out


@rule_check("A03")
def _rate(speech: Speech, length: float, artifact: str) -> list[Finding]:
    """A03: words a minute over the whole file."""
    words = sum(c.words for c in speech.chapters)
    rate = words / (length / 60) if length else 0
    if RATE_MIN <= rate <= RATE_MAX:
        return []
    return [Finding("A03", "error", f"{rate:.0f} words a minute ({words} words in "
                    f"{length / 60:.1f} min); {RATE_MIN}–{RATE_MAX} expected",
                    "set the language's voice rate in translations/<lang>/language.yaml so that "
                    "the measured rate falls in the range",
                    artifact=artifact)]


def phonemes(speech: Speech) -> list[str]:
    """espeak-ng's phonemes of each chapter, read as the writer reads it."""
    with tempfile.TemporaryDirectory(prefix="editions-audio-") as tmp:
        return [spoken_phonemes(phoneme_args(speech.voice, "ch.ssml"), ch.ssml, Path(tmp),
                                 f"ch{i:03d}") for i, ch in enumerate(speech.chapters)]


def _parse(ssml: str) -> tuple[ET.Element | None, str]:
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as exc:
        return None, f"the SSML is not well-formed ({exc}): espeak-ng would read tags aloud"
    odd = {e.tag.removeprefix(SSML_NS) for e in root.iter()} - ALLOWED
    if odd:
        return None, f"the SSML has elements {sorted(odd)} the writer does not use"
    return root, ""


def _acronyms(runs: list[tuple[str, str]], fallback: Voice) -> Counter:
    """(letters, voice name) → how often an acronym of the text is said as letters."""
    found: Counter = Counter()
    for text, lang in runs:
        voice = voice_for(lang) or fallback
        for hit in ACRONYM.finditer(text):
            if hit[0] in WORDS or letters(hit[0]) == hit[0]:
                continue
            reader = ENGLISH if voice.latin_in_english else voice
            found[(letters(hit[0]), reader.name)] += 1
    return found


@rule_check("A04")
def _spoken(speech: Speech, said: list[str], artifact: str) -> list[Finding]:
    """A04 on each chapter's phonemes."""
    out = []

    def bad(chapter: str, message: str, fix: str) -> None:
        out.append(Finding("A04", "error", message, fix, artifact=artifact,
                           where=f"chapter {chapter!r}"))

    for chapter, phon in zip(speech.chapters, said):
        root, problem = _parse(chapter.ssml)
        if root is None:
            bad(chapter.title, problem, "report this as a bug in editions (speech.py)")
            continue
        text = " ".join(root.itertext()).casefold()
        flat = normalise(phon)
        for probe in PROBES:
            ref = reference(probe, speech.voice.name)
            if ref and flat.count(ref) > text.count(probe):
                bad(chapter.title, f"markup read aloud: {probe!r} is spoken "
                    f"{flat.count(ref)} times, the text has it {text.count(probe)} times",
                    "report this as a bug in editions (speech.py, voices.py)")
        digits = english_digits(phon)
        if digits:
            bad(chapter.title, f"English digit names read aloud: {digits[:5]} (tone digits of "
                "the cmn voice?)", "read Chinese with the cmn-latn-pinyin voice, named "
                "alone (voices.py)")
        for (spelled, name), n in sorted(_acronyms(chapter.runs, speech.voice).items()):
            ref = reference(spelled, name)
            if ref and flat.count(ref) < n:
                bad(chapter.title, f"{spelled.replace('.', '')} is read as letters "
                    f"{flat.count(ref)} of {n} times", "report this as a bug in editions "
                    "(speech.py), or add the acronym to speech.WORDS if it is said as a word")
    return out


def _key(text: str, voice: Voice) -> str:
    """A stretch of a passage's own words, as the SSML keeps them: the longest part between
    acronyms, number ranges and (for Chinese and Urdu) Latin runs; letters only."""
    drop = [ACRONYM, NUMBER_RANGE] + ([LATIN] if voice.latin_in_english else [])
    for pattern in drop:
        text = pattern.sub("\0", text)
    part = max(text.split("\0"), key=len)
    return "".join(c for c in part if c.isalpha()).casefold()[:12]


@rule_check("A05")
def _voices(speech: Speech, ed: EditionDoc, artifact: str) -> list[Finding]:
    """A05: passages in another language inside a <voice> of their language's voice."""
    out = [Finding("A05", "warning", f"no voice for {lang!r}: the passage “{sample}” is read "
                   f"by the {speech.voice.name} voice", "add a voice for the language to "
                   "translations/<lang>/language.yaml (voice:), or have the passage recorded",
                   artifact=artifact) for lang, sample in speech.stand_ins.items()]
    for chapter in speech.chapters:
        root, _ = _parse(chapter.ssml)
        if root is None:
            continue  # A04 says so
        spoken = [(e.get("name", ""), "".join(c for c in "".join(e.itertext())
                                               if c.isalpha()).casefold())
                  for e in root.iter(f"{SSML_NS}voice")]
        wrong: dict[tuple[str, str], list[str]] = {}  # (language, heard) → passages
        for text, lang in chapter.runs:
            voice = voice_for(lang)
            if voice is None or subtag(lang) == subtag(ed.lang):
                continue
            key = _key(text, voice)
            names = {name for name, said in spoken if key in said}
            if len(key) >= 4 and voice.name not in names:
                heard = f"read by {', '.join(sorted(names))}" if names else \
                    "not found in the speech"
                wrong.setdefault((lang, heard), []).append(text.strip())
        for (lang, heard), texts in wrong.items():
            out.append(Finding("A05", "warning", f"{len(texts)} passage(s) in {lang!r} "
                               f"(“{texts[0][:40]}…”) {heard}, not the "
                               f"{voice_for(lang).name} voice", "report this as a bug in "
                               "editions (speech.py)", artifact=artifact,
                               where=f"chapter {chapter.title!r}"))
    return out


@rule_check("A02")
def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    try:
        from mutagen.mp3 import MP3
    except ImportError:
        return [tools_finding(["mutagen (Python)"], "audio checks not run", artifact)]
    audio = MP3(path)
    if audio.tags is None:
        return [Finding("A02", "error", "the MP3 has no ID3 tag", "report this as a bug in "
                        "editions", artifact=artifact)]
    length = audio.info.length
    found = _chapters(audio.tags, length, ed, artifact)
    found += _metadata(audio.tags, ed, artifact)
    speech = prepare(ed)
    found += _rate(speech, length, artifact)
    missing = missing_tools("espeak-ng")
    if missing:
        found.append(tools_finding(missing, "A04 not checked", artifact))
    else:
        found += _spoken(speech, phonemes(speech), artifact)
    found += _voices(speech, ed, artifact)
    text = " ".join(t for c in speech.chapters for t, _ in c.runs)
    found += published_notes(text, notes, artifact)
    return found


__all__ = ["PROBES", "RATE_MAX", "RATE_MIN", "check", "phonemes"]
