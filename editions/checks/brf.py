"""Braille (BRF) checks, on the file read back (ACCESSIBILITY.md B01–B06).

The file is split at its form feeds into pages and each line read back into braille cells
(`braille.from_brf`). What the edition should contain is found by translating the edition's
own text with the same tables (`writers.brf.cells`) and looking for those cells in the pages,
blank cells ignored (so wrapping and centring do not matter); the words are checked the other
way too, by back-translating the text pages with liblouis:

- B01 every line ≤ `WIDTH` cells, every page ≤ `LINES` lines (more means a missing form feed);
- B02 only BRF characters: 0x20–0x5F, newline, form feed;
- B03 each page's first line is its braille page number, at the right margin; page 1 holds the
  title; the transcriber's note is there (code, table, date); the contents list every
  top-level section, and the page each entry gives is the page its heading is on;
- B04 back-translation: the share of the edition's words (lower case, counted with repeats:
  a multiset) found among the back-translated words of the text pages, for the languages
  whose tables back-translate (`BrailleTable.back_translation`): at least 95 %;
- B05 a heading is never the last line of its page; top-level headings are centred, lower ones
  start in the cell for their level;
- B06 the edition's language, and each passage's, has a braille table of its own (else: the
  stand-in used), and every character has a cell in its table (else liblouis writes escape
  codes).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .. import braille
from .. import model as m
from ..braille import BLANK
from ..findings import Finding
from ..rules import rule_check
from ..select import EditionDoc
from ..writers import flat
from ..writers.brf import (
    LINES,
    WIDTH,
    cells,
    contents_heading,
    heading_indent,
    note_heading,
    transcriber_note,
)
from . import published_notes

THRESHOLD = 0.95
_BRF = re.compile(r"[^\x20-\x5f\n\f]")
_ENTRY = re.compile(f"^(.*?){BLANK}⠐{{2,}}{BLANK}(⠼[⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚]+)$")
_WORD = re.compile(r"[^\W_]+")


def _flat(cells_: str) -> str:
    return cells_.replace(BLANK, "")


def pages(text: str) -> list[list[str]]:
    """The file's pages, each a list of lines in Unicode braille (page-number line first)."""
    chunks = text.split("\f")
    return [braille.from_brf(c).split("\n")[:-1] if c.endswith("\n") else
            braille.from_brf(c).split("\n") for c in chunks]


@rule_check("B02")
def _charset(text: str, artifact: str) -> list[Finding]:
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        bad = sorted(set(_BRF.findall(line)))
        if bad:
            out.append(Finding("B02", "error", f"characters outside BRF: {bad[:8]!r}",
                               "report this as a bug in the braille writer",
                               artifact=artifact, where=f"line {n}"))
    return out[:10]


@rule_check("B01")
def _dimensions(book: list[list[str]], artifact: str) -> list[Finding]:
    out = []
    for p, page in enumerate(book, 1):
        if len(page) > LINES:
            out.append(Finding("B01", "error", f"page {p} has {len(page)} lines (at most "
                               f"{LINES}): a form feed is missing", "report this as a bug in "
                               "the braille writer", artifact=artifact, where=f"page {p}"))
        for n, line in enumerate(page, 1):
            if len(line) > WIDTH:
                out.append(Finding("B01", "error", f"line of {len(line)} cells (at most {WIDTH})",
                                   "report this as a bug in the braille writer",
                                   artifact=artifact, where=f"page {p}, line {n}"))
    return out


@rule_check("B03")
def _numbers(book: list[list[str]], artifact: str) -> list[Finding]:
    out = []
    for p, page in enumerate(book, 1):
        top = page[0] if page else ""
        if braille.read_number(top) != p or len(top.rstrip(BLANK)) != WIDTH:
            out.append(Finding("B03", "error", f"page {p} does not start with its braille page "
                               "number at the right margin", "report this as a bug in the "
                               "braille writer", artifact=artifact, where=f"page {p}"))
    return out


@rule_check("B03")
def _contents(book: list[list[str]], ed: EditionDoc, artifact: str) -> tuple[list[Finding], int]:
    """B03: the contents; returns the findings and the index of the first text page."""
    head = _flat(cells(contents_heading(ed)))
    start = next((i for i, page in enumerate(book) if len(page) > 1 and
                  _flat(page[1]) == head), None)
    if start is None:
        return [Finding("B03", "error", "no contents page", "report this as a bug in the "
                        "braille writer", artifact=artifact)], len(book)
    entries: dict[str, int] = {}
    text = ""
    for n, page in enumerate(book[start:]):
        for line in page[2 if n == 0 else 1:]:
            hit = _ENTRY.match(line.strip(BLANK))
            if hit:
                entries[_flat(text + hit[1])] = braille.read_number(hit[2]) or 0
                text = ""
            elif line:
                text += line
        if len(entries) >= len(ed.sections):
            break
    out = []
    for item in (i for i in flat.headings(ed) if i.level == 1):
        want = _flat(cells(item))
        page = entries.get(want)
        if page is None:
            out.append(Finding("B03", "error", f"contents lack {item.text!r}", "report this as "
                               "a bug in the braille writer", artifact=artifact))
        elif not 0 < page <= len(book) or want not in _flat("".join(book[page - 1][1:])):
            out.append(Finding("B03", "error", f"contents give page {page} for {item.text!r}, "
                               "but its heading is not there", "report this as a bug in the "
                               "braille writer", artifact=artifact, where=f"page {page}"))
    first = min(entries.values(), default=len(book) + 1) - 1
    return out, max(first, start + 1)


@rule_check("B03")
def _front(book: list[list[str]], ed: EditionDoc, artifact: str) -> list[Finding]:
    """B03: the title on page 1; the transcriber's note with every sentence the writer
    owes it (code, table, liblouis version, date)."""
    out = []
    title = _flat(cells(flat.Item("title", [flat.Run(ed.title)], ed.lang)))
    if not book or title not in _flat("".join(book[0][1:])):
        out.append(Finding("B03", "error", "page 1 does not hold the title", "report this as a "
                           "bug in the braille writer", artifact=artifact, where="page 1"))
    head = _flat(cells(note_heading(ed)))
    at = next((i for i, page in enumerate(book) if len(page) > 1 and _flat(page[1]) == head),
              None)
    if at is None:
        return [*out, Finding("B03", "error", "no transcriber's note", "report this as a bug "
                              "in the braille writer", artifact=artifact)]
    text = _flat("".join("".join(page[1:]) for page in book[at:at + 4]))
    for item in transcriber_note(ed, flat.body(ed)):
        if _flat(cells(item)) not in text:
            out.append(Finding("B03", "error", f"transcriber's note lacks {item.text!r}",
                               "report this as a bug in the braille writer",
                               artifact=artifact, where=f"page {at + 1}"))
    return out


@rule_check("B05")
def _headings(book: list[list[str]], first: int, ed: EditionDoc,
              artifact: str) -> list[Finding]:
    """B05: where each heading's lines are in the text pages (in reading order, so a heading
    used in several sections is found in each): never last on the page; centred (level 1) or
    in the cell for its level."""
    out = []
    cursor = (first, 1)
    for item in (i for i in flat.body(ed) if i.kind == "heading"):
        place = _find(book, cursor, cells(item))
        if place is None:
            out.append(Finding("B05", "warning", f"heading {item.text!r} not found on lines of "
                               "its own", "report this as a bug in the braille writer",
                               artifact=artifact))
            continue
        p, start, end = place
        cursor = (p, end)
        lines, where = book[p][start:end], f"page {p + 1}, line {start + 1}"
        if not any(line.strip(BLANK) for line in book[p][end:]):
            out.append(Finding("B05", "warning", f"heading {item.text!r} is the last line of "
                               "its page", "report this as a bug in the braille writer",
                               artifact=artifact, where=where))
        if item.level == 1:
            ok = all(abs(2 * (len(line) - len(line.lstrip(BLANK))) + len(line.strip(BLANK))
                         - WIDTH) <= 1 for line in lines)
        else:
            ok = all(len(line) - len(line.lstrip(BLANK)) == heading_indent(item.level)
                     for line in lines)
        if not ok:
            out.append(Finding("B05", "warning", f"heading {item.text!r} (level {item.level}) "
                               "is not " + ("centred" if item.level == 1 else "in its cell"),
                               "report this as a bug in the braille writer",
                               artifact=artifact, where=where))
    return out


def _find(book: list[list[str]], cursor: tuple[int, int],
          want: str) -> tuple[int, int, int] | None:
    """(page, first line, end line) of the lines that hold exactly `want`, from the cursor."""
    for p in range(cursor[0], len(book)):
        page = book[p]
        for start in range(cursor[1] if p == cursor[0] else 1, len(page)):
            if not page[start].strip(BLANK):
                continue
            joined = ""
            for end in range(start, len(page)):
                joined = (joined + BLANK if joined else "") + page[end].strip(BLANK)
                if joined == want:
                    return p, start, end + 1
                if not want.startswith(joined):
                    break
    return None


def edition_words(ed: EditionDoc) -> Counter:
    """The words of the edition's text in its own language (lower case, with repeats)."""
    base = ed.lang.split("-")[0]
    words: Counter = Counter()
    for item in flat.body(ed):
        for r in item.runs:
            if (r.lang or item.lang).split("-")[0] == base:
                words.update(_WORD.findall(r.text.lower()))
    return words


def back_translation(book: list[list[str]], first: int, ed: EditionDoc) -> tuple[float, str]:
    """The share of the edition's words found in the back-translated text pages."""
    text = " ".join(braille.back_translate(BLANK.join(line.strip(BLANK) for line in page[1:]),
                                           ed.lang) for page in book[first:])
    want = edition_words(ed)
    got = Counter(_WORD.findall(text.lower()))
    total = sum(want.values())
    return (sum(min(n, got[w]) for w, n in want.items()) / total if total else 1.0), text


@rule_check("B06")
def _tables(ed: EditionDoc, artifact: str) -> list[Finding]:
    """B06: languages without a table of their own; characters without a cell."""
    out = []
    items = flat.body(ed)
    langs = list(dict.fromkeys([ed.lang, *(r.lang or i.lang for i in items for r in i.runs)]))
    for lang in langs:
        table = braille.table_for(lang)
        if not table.own:
            out.append(Finding("B06", "warning", f"no braille table for {lang!r}"
                               + ("" if lang == ed.lang else " (a passage)")
                               + f": {table.code} ({', '.join(table.tables)}) stands in",
                               "have the text checked by a braille transcriber, or add a table "
                               "for the language to translations/<lang>/language.yaml (braille:)",
                               artifact=artifact))
    missing: dict[str, set[str]] = {}
    for item in items:
        for r in item.runs:
            lang = r.lang or item.lang
            missing.setdefault(lang, set()).update(
                c for c in set(r.text) if braille.undefined(c, lang))
    for lang, chars in missing.items():
        if chars:
            out.append(Finding("B06", "warning", f"{''.join(sorted(chars))!r} have no braille "
                               f"in {', '.join(braille.table_for(lang).tables)} ({lang}): "
                               "written as escape codes", "use other characters, or mark the "
                               "passage's language", artifact=artifact))
    return out


@rule_check("B04")
def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    text = path.read_bytes().decode("ascii", errors="replace")
    found = _charset(text, artifact)
    book = pages(text)
    found += _dimensions(book, artifact)
    found += _numbers(book, artifact)
    found += _front(book, ed, artifact)
    contents, first = _contents(book, ed, artifact)
    found += contents
    found += _headings(book, first, ed, artifact)
    if braille.table_for(ed.lang).back_translation:
        share, back = back_translation(book, first, ed)
        if share < THRESHOLD:
            found.append(Finding("B04", "error", f"back-translation finds {share:.1%} of the "
                                 f"edition's words (at least {THRESHOLD:.0%})", "report this "
                                 "as a bug in the braille writer", artifact=artifact))
        found += published_notes(back, notes, artifact)
    found += _tables(ed, artifact)
    return found


__all__ = ["THRESHOLD", "back_translation", "check", "edition_words", "pages"]
