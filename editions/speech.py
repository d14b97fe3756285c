"""Speech: an edition prepared for reading aloud by espeak-ng, as SSML, one chapter per
top-level section after a title chapter (title, subtitle, publisher and date, the draft or
summary notice).

Built on `writers/flat.py`, which already lays an edition out as a stream of text blocks with
their languages (tables as "Header: value" lines row by row, glossary terms, lists, quotes,
passages in another language as runs with their `lang`). Three things flat writes for the eye
are changed first, on a copy of the model, so flat never sees them:
- a link is its text only (flat adds the address in brackets);
- an acronym's first use (`Abbr`) is read with its expansion in brackets, as flat does, unless
  the sentence already spells the expansion out ("GIRFEC (…). This stands for …");
- a figure is "Picture: alt text" (interface word), then its caption.
Editor notes never reach a writer (`transforms.collect_notes`); meeting one here is E01.

Then the text of each run is prepared for the voice that reads it:
- the voice of the run's language (`voices.VOICES`); a language with no voice is read by the
  edition's (the check reports it, A05); an edition whose own language has none is refused;
- in Chinese and Urdu text, runs of Latin script (acronyms, English names, e-mail addresses)
  are read by the English voice: that is how they are said, and the Mandarin voice would read
  them as pinyin;
- acronyms (two or more capitals, as `terms._acronym` finds them) are read as letters, written
  "U.N.C.R.C" for espeak-ng: letters joined by dots are the one form every voice here reads as
  letter names (measured: spaced letters make Polish read W and Z as prepositions; the SSML
  `<say-as interpret-as="characters">` of espeak-ng 1.51 drops the second of two acronyms in a
  row and reads a full stop after one as "dot"). The exceptions are the acronyms said as words
  in Scotland, in `WORDS` (GIRFEC "girfec", SHANARRI): they are read as words, by the English
  voice, as the coinages they are. The glossary data has no field for this: a new acronym said
  as a word goes in `WORDS`;
- number ranges "2026–2029", "5-8" are read "2026 to 2029" in the run's language: the
  interface string "%(start)s to %(end)s" from that language's catalog (`ui_text`);
- in Chinese a year is said digit by digit, as Chinese says years: "2026年" is written
  "二〇二六年" for espeak-ng, which would read the number "二千二十六";
- headings are followed by a pause (`<break>`), longer after a top-level one.

The SSML never nests `<voice>` elements: each run is a sibling `<voice>` naming its voice (see
`voices.py` for why the Mandarin voice must be named alone).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from . import model as m
from .findings import ContentError, Finding
from .i18n import SOURCE_LANG
from .interface import _
from .rules import rule_check
from .scripts import script
from .select import EditionDoc, copy_sections
from .terms import _acronym
from .voices import ENGLISH, Voice, subtag, voice_for
from .writers import flat
from .writers.html import published_date

# acronyms said as words (the spelling given to espeak-ng), read by the English voice
WORDS: dict[str, str] = {"GIRFEC": "girfec", "SHANARRI": "shanarri"}


RANGE = _("%(start)s to %(end)s")
PICTURE = _("Picture")
PAUSE_MS = {"heading1": 800, "heading": 500, "title": 500, "block": 250}

_LETTER = r"A-Za-z\u00c0-\u024f"
_LATIN_WORD = rf"[{_LETTER}](?:[{_LETTER}0-9@&'’._%+/:-]*[{_LETTER}0-9])?"
LATIN = re.compile(rf"{_LATIN_WORD}(?:\s+{_LATIN_WORD})*")
ACRONYM = re.compile(r"(?<![A-Za-z0-9&])[A-Z][A-Za-z&]*[A-Z][A-Za-z]*(?![A-Za-z0-9&])")
# "2026–2029", "5-8"; not a date (2026-11-23), a phone number (0800-…) or a decimal (1.5–2)
NUMBER_RANGE = re.compile(r"(?<![\d/–-])(?<!\d[.,:])(0|[1-9]\d{0,3})\s?[–-]\s?(\d{1,4})"
                          r"(?![\d/–-])(?![.,:]\d)")
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# a year in Chinese: before 年, or opening a range of years ("2026至2029年")
_ZH_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?=年|\s?[至到–-]\s?(?:1\d{3}|20\d{2})年)")
CHINESE = frozenset({"Hans", "Hant", "Hani"})  # scripts whose years are read in Chinese numerals
_ZH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


@dataclass(slots=True)
class Piece:
    """Text as one voice reads it (already prepared: letters, ranges), before escaping."""

    voice: Voice
    text: str


@dataclass(slots=True)
class Chapter:
    title: str
    section: str  # the top-level section's id; "" for the title chapter
    ssml: str
    runs: list[tuple[str, str]]  # (text, language) of the edition's text read in it
    words: int  # words of that text (`count_words`)


@dataclass(slots=True)
class Speech:
    lang: str
    voice: Voice
    chapters: list[Chapter]
    stand_ins: dict[str, str] = field(default_factory=dict)  # voiceless language → a passage


def count_words(text: str) -> int:
    """Words for the speaking rate (A03): tokens between spaces holding a letter or digit;
    in Chinese (written without spaces) each character, a syllable, counts as one."""
    han = len(_HAN.findall(text))
    return han + sum(1 for w in _HAN.sub(" ", text).split() if any(c.isalnum() for c in w))


@rule_check("A05")
def no_voice(lang: str) -> ContentError:
    return ContentError(Finding(
        "A05", "error", f"no voice for the edition's language {lang!r}: no MP3 was made",
        f"add a voice for {subtag(lang)!r} to translations/{lang}/language.yaml (voice:) after a listening "
        "test (espeak-ng --voices lists them), or take mp3 out of this edition's formats"))


def ui_text(ed: EditionDoc, msgid: str, lang: str) -> tuple[str, str] | None:
    """An interface string in `lang`: (text, its language), or None when no catalog has it.
    From the edition's catalog in the edition's language, else from `lang`'s own catalog
    (`ed.interface`); the layouts' own language is the msgid itself."""
    if subtag(lang) == subtag(SOURCE_LANG):
        return (ed.gettext.gettext(msgid) if subtag(ed.lang) == subtag(lang) else msgid), lang
    if subtag(lang) == subtag(ed.lang):
        catalog = ed.gettext
    elif ed.interface is not None:
        catalog = ed.interface(lang)
    else:
        return None
    text = catalog.gettext(msgid)
    return (text, lang) if text != msgid else None


def letters(acronym: str) -> str:
    """How an acronym is written for espeak-ng to say its letters: "U.N.C.R.C", "M.H & W",
    "L.O.I.Ps" (plural). A word that is no acronym ("LearnNL") stays as it is."""
    stem = _acronym(acronym)
    if stem is None:
        return acronym
    plural = acronym[len(stem):]
    return " & ".join(".".join(c for c in part) for part in stem.split("&") if part) + plural


# --- the model, made speakable ------------------------------------------------------------


@rule_check("E01")
def _note(node: m.Node) -> ContentError:
    return ContentError(Finding("E01", "error", "an editor note reached the audio writer",
                                "report this as a bug in editions (transforms.collect_notes "
                                "removes every note before writing)", node.loc))


def _inlines(nodes: list[m.Inline], said: str) -> list[m.Inline]:
    """Links as their text; an expansion the sentence (`said`) already has is not repeated."""
    out: list[m.Inline] = []
    for n in nodes:
        if isinstance(n, m.InlineNote):
            raise _note(n)
        if isinstance(n, m.Link):
            out.append(m.Span(children=_inlines(n.children, said), loc=n.loc))
        elif isinstance(n, m.Abbr) and n.title and n.title.casefold() in said.casefold():
            out.append(m.Text(text=n.text, loc=n.loc))
        elif isinstance(n, m.Emph | m.Strong | m.Span):
            n.children = _inlines(n.children, said)
            out.append(n)
        else:
            out.append(n)
    return out


def _figure(ed: EditionDoc, b: m.Figure, lang: str) -> list[m.Block]:
    word = ui_text(ed, PICTURE, b.lang or lang) or (PICTURE, SOURCE_LANG)
    head = m.Text(text=word[0]) if word[1] == (b.lang or lang) else \
        m.Span(children=[m.Text(text=word[0])], lang=word[1])
    out: list[m.Block] = [m.Paragraph(children=[head, m.Text(text=": " + b.alt)], lang=b.lang,
                                      loc=b.loc)]
    if b.caption:
        out.append(m.Paragraph(children=[m.Text(text=b.caption)], lang=b.lang, loc=b.loc))
    return out


def _speakable(ed: EditionDoc, blocks: list[m.Block], lang: str) -> list[m.Block]:
    out: list[m.Block] = []
    for b in blocks:
        if isinstance(b, m.EditorNote):
            raise _note(b)
        here = b.lang or lang
        if isinstance(b, m.Figure):
            out += _figure(ed, b, lang)
            continue
        if isinstance(b, m.Heading | m.Paragraph):
            b.children = _inlines(b.children, m.inline_text(b.children))
        elif isinstance(b, m.Quote):
            b.children = _inlines(b.children, m.inline_text(b.children))
            b.blocks = _speakable(ed, b.blocks, here)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                item.blocks = _speakable(ed, item.blocks, here)
        elif isinstance(b, m.Table):
            b.caption = _inlines(b.caption, m.inline_text(b.caption))
            for cell in [*b.header, *(c for row in b.rows for c in row)]:
                cell.blocks = _speakable(ed, cell.blocks, here)
        elif isinstance(b, m.DefList):
            for d in b.items:
                d.term = _inlines(d.term, m.inline_text(d.term))
                d.definition = _speakable(ed, d.definition, d.lang or here)
        elif isinstance(b, m.Group):
            b.blocks = _speakable(ed, b.blocks, b.lang or here)
        out.append(b)
    return out


def speakable(ed: EditionDoc) -> EditionDoc:
    """A copy of the edition with links, repeated expansions and figures made speakable."""
    sections = copy_sections(ed.sections)
    for top in sections:
        for s in top.walk():
            s.heading.children = _inlines(s.heading.children,
                                          m.inline_text(s.heading.children))
            s.blocks = _speakable(ed, s.blocks, ed.lang)
    return dataclasses.replace(ed, sections=sections)


# --- text for a voice -----------------------------------------------------------------------


def _clean(text: str) -> str:
    """No format characters (direction marks, soft hyphens); white space as single spaces."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text)


def _ranges(ed: EditionDoc, text: str, lang: str) -> str:
    form = ui_text(ed, RANGE, lang)
    if form is None:  # no words for "to" in this language: espeak-ng reads the dash
        return text
    return NUMBER_RANGE.sub(lambda hit: form[0] % {"start": hit[1], "end": hit[2]}, text)


def _words(text: str, voice: Voice) -> list[Piece]:
    """The acronyms said as words (`WORDS`) as English pieces; the rest in `voice`."""
    out: list[Piece] = []
    last = 0
    for hit in ACRONYM.finditer(text):
        said = WORDS.get(hit[0])
        if said is None:
            continue
        out += [Piece(voice, text[last:hit.start()]), Piece(ENGLISH, said)]
        last = hit.end()
    out.append(Piece(voice, text[last:]))
    return out


def pieces(ed: EditionDoc, text: str, voice: Voice, lang: str) -> list[Piece]:
    """One run of the edition's text as the voices read it."""
    text = _clean(text)
    parts: list[tuple[str, Voice, str]] = []
    if voice.latin_in_english:
        last = 0
        for hit in LATIN.finditer(text):
            parts += [(text[last:hit.start()], voice, lang), (hit[0], ENGLISH, SOURCE_LANG)]
            last = hit.end()
        parts.append((text[last:], voice, lang))
    else:
        parts.append((text, voice, lang))
    out: list[Piece] = []
    for chunk, v, chunk_lang in parts:
        for p in _words(chunk, v):
            said = _ranges(ed, p.text, chunk_lang if p.voice is v else SOURCE_LANG)
            said = ACRONYM.sub(lambda hit: letters(hit[0]), said)
            if p.voice is v and script(chunk_lang) in CHINESE:  # years in Chinese numerals
                said = _ZH_YEAR.sub(lambda hit: hit[0].translate(_ZH_DIGITS), said)
            if said:
                out.append(Piece(p.voice, said))
    return out


# --- SSML --------------------------------------------------------------------------------


def ssml(lang: str, tokens: list[Piece | int]) -> str:
    """The chapter's SSML: sibling <voice> elements (never nested) and <break>s (ints, ms)."""
    out = [f'<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
           f'xml:lang="{escape(lang)}">']
    current: Voice | None = None
    for tok in tokens:
        if isinstance(tok, int):
            out.append(f'<break time="{tok}ms"/>\n')
            continue
        if current is not None and not any(c.isalnum() for c in tok.text):
            out.append(escape(tok.text))  # punctuation or a space: no change of voice for it
            continue
        if tok.voice != current:
            if current is not None:
                out.append("</voice>")
            out.append(f"<voice {tok.voice.attrs}>")
            current = tok.voice
        out.append(escape(tok.text))
    if current is not None:
        out.append("</voice>")
    out.append("</speak>\n")
    return "".join(out)


def _pause(item: flat.Item) -> int:
    if item.kind == "heading":
        return PAUSE_MS["heading1" if item.level == 1 else "heading"]
    return PAUSE_MS["title" if item.kind == "title" else "block"]


class VoiceChooser:
    """The voice for each run: its language's, else the edition's (a stand-in, noted for
    the A05 check). Shared by the audio (speech) and the talking book (narration)."""

    def __init__(self, ed: EditionDoc, voice: Voice):
        self.ed, self.voice = ed, voice
        self.stand_ins: dict[str, str] = {}

    def voice_of(self, lang: str, text: str) -> Voice:
        v = voice_for(lang)
        if v is None:  # read by the edition's voice; the check says so (A05)
            self.stand_ins.setdefault(lang, text.strip()[:60])
            return self.voice
        return v


class _Builder(VoiceChooser):

    def chapter(self, title: str, section: str, items: list[flat.Item]) -> Chapter:
        tokens: list[Piece | int] = []
        runs: list[tuple[str, str]] = []
        for item in items:
            item_runs = list(item.runs)
            if item.kind == "item" and item.number is not None:
                item_runs.insert(0, flat.Run(f"{item.number}. "))
            for r in item_runs:
                lang = r.lang or item.lang
                runs.append((r.text, lang))
                tokens += pieces(self.ed, r.text, self.voice_of(lang, r.text), lang)
            tokens.append(_pause(item))
        words = sum(count_words(text) for text, _ in runs)
        return Chapter(_clean(title).strip(), section, ssml(self.ed.lang, tokens), runs, words)


def front(ed: EditionDoc) -> list[flat.Item]:
    """The title chapter: flat's title block (title, subtitle, period, publisher and date, the
    summary and draft notices)."""
    return flat.front(ed, published_date(ed))


def prepare(ed: EditionDoc) -> Speech:
    """The edition as chapters of SSML. Raises A05 when its language has no voice."""
    voice = voice_for(ed.lang)
    if voice is None:
        raise no_voice(ed.lang)
    spoken = speakable(ed)
    b = _Builder(ed, voice)
    chapters = [b.chapter(ed.title, "", front(spoken))]
    for top in spoken.sections:
        items = flat.body(dataclasses.replace(spoken, sections=[top]))
        chapters.append(b.chapter(m.inline_text(top.heading.children), top.id, items))
    return Speech(ed.lang, voice, chapters, b.stand_ins)


__all__ = ["ACRONYM", "Chapter", "LATIN", "Piece", "Speech", "WORDS",
           "count_words", "letters", "no_voice", "pieces", "prepare", "speakable", "ssml",
           "ui_text"]
