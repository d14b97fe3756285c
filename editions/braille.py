"""Braille through liblouis: which tables each language uses, translation to braille cells,
back-translation, and BRF (North American ASCII braille) for the files.

liblouis comes from Debian (`liblouis-data`, `python3-louis`: ctypes over liblouis.so.20); the
project's virtual environment sees the `louis` package through a .pth file (scripts/setup.sh).
The PyPI package called "louis" is an unrelated placeholder: never install it.

Braille is handled as Unicode braille cells (U+2800–U+283F, blank cell U+2800) everywhere in
the code: liblouis translates in `ucBrl | dotsIO` mode, which gives cells whatever display
table a translation table happens to include (Polish includes the NABCC one, UEB none), and the
writer wraps lines in cells. Only the file is BRF: `to_brf` maps each cell to its North American
ASCII braille character (the 64 characters 0x20–0x5F). Back-translation goes the other way with
liblouis's dots encoding (0x8000 | dot bits), which every table accepts.

Chinese braille writes words separated by blank cells, and liblouis translates characters, so
Chinese text is first segmented into words (jieba, from Debian's `python3-jieba`); without
jieba the text is translated unsegmented (one long braille word per clause) and `SEGMENTER`
says so.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from functools import cache

import louis

from .interface import _
from .langdata import known_languages, language_data

BLANK = "\u2800"  # the blank braille cell
# North American ASCII braille: the character for each 6-dot cell, in the order of the
# Unicode braille block (dot 1 = bit 0 … dot 6 = bit 5); the same as liblouis's en-us-brf.dis
BRF = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
_FROM_BRF = {c: chr(0x2800 + i) for i, c in enumerate(BRF)}
_DOTS = 0x8000  # liblouis's dotsIO encoding of a cell: 0x8000 | dot bits
_MODE = louis.ucBrl | louis.dotsIO


@dataclass(frozen=True, slots=True)
class BrailleTable:
    """How one language is brailled: the liblouis table list and what to say about it."""

    tables: tuple[str, ...]  # liblouis table list, first the translation table
    code: str  # the braille code, named in the transcriber's note
    own: bool = True  # False: the language has no table of its own; this one stands in (B06)
    back_translation: bool = False  # back-translation recovers the words (B04 applies)
    words: str = ""  # "zh": words must be separated before translation (Chinese)
    note: str = ""  # what the transcriber's note adds (a stand-in: why, and what it does)


def _tables() -> dict[str, BrailleTable]:
    """Each language's tables, from its data (translations/<lang>/language.yaml `braille:`),
    keyed by its tag; a tag with a region (en-GB) also by its language (en). Looked up as the
    whole tag first, then language-script, then the language subtag: `zh-Hant` must not get
    the Simplified table."""
    out = {}
    for lang in known_languages():
        b = language_data(lang).braille
        if not b:
            continue
        table = BrailleTable(tuple(str(t) for t in b["tables"]), str(b["code"]),
                             bool(b.get("own", True)), bool(b.get("back_translation")),
                             "zh" if b.get("segment") else "", str(b.get("note", "")))
        out[lang] = table
        parts = lang.split("-")
        if len(parts) > 1 and len(parts[1]) == 2:  # a region, not a script
            out.setdefault(parts[0], table)
    return out


TABLES: dict[str, BrailleTable] = _tables()
FALLBACK = BrailleTable(("en-ueb-g1.ctb",), "Unified English Braille, grade 1 (uncontracted)",
                        own=False,
                        note=_("There is no braille table for this language: this edition "
                               "uses Unified English Braille, grade 1, letter by letter."))


def table_for(lang: str) -> BrailleTable:
    """The table for a BCP 47 tag; FALLBACK (own=False) when the language has none."""
    parts = lang.split("-")
    for key in (lang, "-".join(parts[:2]), parts[0]):
        if key in TABLES:
            return TABLES[key]
    return FALLBACK


def has_table(lang: str) -> bool:
    return table_for(lang).own


@cache
def _ready() -> None:
    """liblouis logs table warnings on stderr (zhcn-cbs.ctb redefines emphasis classes)."""
    louis.setLogLevel(louis.LOG_ERROR)


def version() -> str:
    return louis.version()


# --- Chinese words ------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDISH = re.compile(r"[\w\u3400-\u9fff]")


@cache
def _jieba():
    try:
        with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
            warnings.simplefilter("ignore")
            import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    return jieba


def segmenter() -> str:
    """What separates Chinese words: "jieba" or "" (none: text translated unsegmented)."""
    return "jieba" if _jieba() is not None else ""


def segment_zh(text: str) -> str:
    """Chinese with words separated by spaces (Chinese braille writes word by word); spaces
    only between two words, never before or after punctuation (the table spaces those)."""
    jieba = _jieba()
    if jieba is None or not _HAN.search(text):
        return text
    out: list[str] = []
    for token in jieba.cut(text):
        if token.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if out and out[-1] != " " and _WORDISH.search(out[-1][-1]) \
                and _WORDISH.match(token[0]):
            out.append(" ")
        out.append(token)
    return "".join(out).strip()


# --- translation --------------------------------------------------------------------------


def _cells(out: str) -> str:
    """liblouis's ucBrl output as 6-dot cells: spaces become blank cells, dots 7 and 8 (which
    BRF cannot hold; the 6-dot literary tables above never set them) are dropped."""
    return "".join(BLANK if c == " " else chr(0x2800 + ((ord(c) - 0x2800) & 0x3F))
                   if 0x2800 <= ord(c) <= 0x28FF else c for c in out)


@cache
def translate(text: str, lang: str) -> str:
    """Text -> Unicode braille cells with the language's tables (whole passages at once:
    contractions depend on the neighbouring words)."""
    _ready()
    t = table_for(lang)
    if t.words == "zh":
        text = segment_zh(text)
    text = " ".join(text.split())  # one passage: line breaks and tabs are spaces
    if not text:
        return ""
    return _cells(louis.translateString(list(t.tables), text, mode=_MODE))


def back_translate(cells: str, lang: str) -> str:
    """Unicode braille cells -> text, with the language's tables."""
    _ready()
    dots = "".join(chr(_DOTS | (ord(c) - 0x2800)) if 0x2800 <= ord(c) <= 0x283F else c
                   for c in cells)
    return louis.backTranslateString(list(table_for(lang).tables), dots, mode=louis.dotsIO)


@cache
def undefined(char: str, lang: str) -> bool:
    """The language's tables have no braille for the character (liblouis would write an
    escape code such as \\x0105/ in its place)."""
    _ready()
    if char.isspace():
        return False
    tables = list(table_for(lang).tables)
    return louis.translateString(tables, char, mode=_MODE | louis.noUndefined) \
        != louis.translateString(tables, char, mode=_MODE)


# --- BRF ----------------------------------------------------------------------------------


def to_brf(cells: str) -> str:
    """Unicode braille cells (and spaces) -> North American ASCII braille."""
    return "".join(BRF[(ord(c) - 0x2800) & 0x3F] if 0x2800 <= ord(c) <= 0x28FF
                   else " " if c == " " else c for c in cells)


def from_brf(text: str) -> str:
    """North American ASCII braille -> Unicode braille cells (lower case read as upper, as
    embossers do); other characters (newline, form feed) are kept."""
    return "".join(_FROM_BRF.get(c.upper(), c) for c in text)


_DIGIT_CELLS = "⠚⠁⠃⠉⠙⠑⠋⠛⠓⠊"  # 0-9: the letters a–j
NUMBER_SIGN = "⠼"


def number(n: int) -> str:
    """A braille page number: numeric indicator and the digits as the letters a–j (the same
    in every 6-dot literary code used here)."""
    return NUMBER_SIGN + "".join(_DIGIT_CELLS[int(d)] for d in str(n))


def read_number(cells: str) -> int | None:
    cells = cells.strip(BLANK + " ")
    if len(cells) < 2 or cells[0] != NUMBER_SIGN or any(c not in _DIGIT_CELLS
                                                         for c in cells[1:]):
        return None
    return int("".join(str(_DIGIT_CELLS.index(c)) for c in cells[1:]))


__all__ = ["BLANK", "FALLBACK", "TABLES", "BrailleTable", "back_translate", "from_brf",
           "has_table", "number", "read_number", "segment_zh", "segmenter", "table_for",
           "to_brf", "translate", "undefined", "version"]
