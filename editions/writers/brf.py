"""Braille writer: an edition as a BRF file (North American ASCII braille), laid out as UKAAF's
braille presentation guidance sets out, and translated by liblouis (`editions/braille.py`).

Pages are 40 cells by 25 lines (`WIDTH`, `LINES`; a writer takes others). Line 1 of every page
holds only the braille page number, at the right margin (the usual UK place); pages end with a
form feed. In order:
- the title page: title, subtitle, period, publisher, and who transcribed it when, centred;
- the transcriber's note: braille code and liblouis table, liblouis version and the date, and
  how tables, pictures and passages in other languages are shown;
- the contents: each top-level section with its braille page number at the right margin,
  joined by guide dots (dot 5), runovers in cell 3;
- the text: top-level headings centred with a blank line before and after, each on a new page;
  lower headings in cell 5 (level 2), cell 7 (level 3), cell 9 (deeper), after a blank line;
  a heading is never the last line of a page (it moves over with the line after it);
  paragraphs start in cell 3 and run over to cell 1; list items, glossary terms and table
  fields start in cell 1 and run over to cell 3; each level of nesting (lists, definitions,
  quotes) adds two cells; a quote has a blank line before and after it.

Text is translated a whole block at a time (contractions depend on neighbouring words), each run
with the table of its language (`flat.Run.lang`: the multilingual notice, English left in a
translation), then wrapped at blank cells, so lines are measured in cells, never in print
characters. A word longer than a line (a long address) is divided at the margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import braille
from ..braille import BLANK
from ..config import BuildConfig
from ..i18n import SOURCE_LANG
from ..select import EditionDoc
from . import flat
from .html import published_date

WIDTH = 40  # cells per line
LINES = 25  # lines per page, the page-number line included
GUIDE = "⠐"  # guide dot (dot 5) between a contents entry and its page number


# --- translation and wrapping, shared with the checker ------------------------------------


def cells(item: flat.Item) -> str:
    """The item's braille: its runs grouped by language, each group translated whole."""
    groups: list[list[str]] = []
    for r in item.runs:
        lang = r.lang or item.lang
        if groups and groups[-1][0] == lang:
            groups[-1][1] += r.text
        else:
            groups.append([lang, r.text])
    out = ""
    for lang, text in groups:
        if text[:1].isspace():
            out += BLANK
        out += braille.translate(text, lang)
        if text[-1:].isspace():
            out += BLANK
    return re.sub(f"{BLANK}+", BLANK, out).strip(BLANK)


def wrap(text: str, width: int, first: int = 0, rest: int = 0) -> list[str]:
    """Braille text into lines of at most `width` cells (indents included), broken at blank
    cells; a word longer than a line is divided at the margin."""
    lines: list[str] = []
    line, indent = "", first
    for word in (w for w in text.split(BLANK) if w):
        while word:
            room = max(1, width - indent)
            if line and len(line) + 1 + len(word) <= room:
                line += BLANK + word
                word = ""
            elif line:
                lines.append(BLANK * indent + line)
                line, indent = "", rest
            else:
                line, word = word[:room], word[room:]
                if word:
                    lines.append(BLANK * indent + line)
                    line, indent = "", rest
    if line:
        lines.append(BLANK * indent + line)
    return lines


def centre(text: str, width: int) -> list[str]:
    """Centred lines, at least three blank cells either side."""
    return [BLANK * ((width - len(line)) // 2) + line for line in wrap(text, width - 6)]


def heading_indent(level: int) -> int:
    """Blank cells before a heading below the top level: cell 5, 7, then 9."""
    return min(2 * level, 8)


def contents_heading(ed: EditionDoc) -> flat.Item:
    return flat.Item("heading", flat.ui(ed, "Contents"), ed.lang, level=1)


def note_heading(ed: EditionDoc) -> flat.Item:
    return flat.Item("heading", flat.ui(ed, "Transcriber’s note"), ed.lang, level=1)


def _langs(items: list[flat.Item]) -> list[str]:
    return list(dict.fromkeys(r.lang or i.lang for i in items for r in i.runs))


def transcriber_note(ed: EditionDoc, body: list[flat.Item]) -> list[flat.Item]:
    """The note's paragraphs: the code and table, liblouis and the date, and how this
    edition shows what braille cannot show as print does."""
    table, day = braille.table_for(ed.lang), ed.date[:10]
    english = SOURCE_LANG

    def codes(t: braille.BrailleTable) -> dict[str, flat.Run]:
        return {"code": flat.Run(t.code, english),
                "table": flat.Run(", ".join(t.tables), english)}

    notes = [flat.ui(ed, "Braille code: %(code)s (liblouis table %(table)s).", **codes(table)),
             flat.ui(ed, "Transcribed automatically with liblouis %(version)s on %(date)s.",
                     version=braille.version(), date=day)]
    if table.note:
        notes.append(flat.ui(ed, table.note))
    if table.words == "zh":
        notes.append(flat.ui(ed, "Words were divided by the jieba word segmenter.")
                     if braille.segmenter() else
                     flat.ui(ed, "The text was translated without dividing it into words."))
    notes.append(flat.ui(ed, "Braille page numbers are at the top right of each page."))
    if any(i.kind == "field" for i in body):
        notes.append(flat.ui(ed, "Tables are set out row by row: the row’s heading, then "
                                 "each column’s heading and its value."))
    if any(i.kind == "figure" for i in body):
        notes.append(flat.ui(ed, "Pictures are described in square brackets."))
    for lang in _langs(body):
        other = braille.table_for(lang)
        if other != table:
            notes.append(flat.ui(ed, "Passages in %(lang)s: %(code)s (liblouis table "
                                     "%(table)s).", lang=flat.Run(lang, english),
                                 **codes(other)))
    return [flat.Item("para", runs, ed.lang) for runs in notes]


# --- layout -------------------------------------------------------------------------------


@dataclass(slots=True)
class Chunk:
    """Lines that belong together: a heading is kept with the first line after it."""

    lines: list[str]
    before: int = 0  # blank lines before (none at the top of a page)
    keep: bool = False  # keep with the next chunk's first line
    new_page: bool = False
    section: str = ""  # a top-level section's id (for the contents)


def _strip_blank_lines(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
    return lines[:end]


class Pages:
    def __init__(self, lines: int):
        self.size = lines - 1  # line 1 is the page number's
        self.pages: list[list[str]] = [[]]
        self.where: dict[str, int] = {}  # section id -> page index

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])

    def room(self) -> int:
        return self.size - len(self.pages[-1])

    def put(self, chunk: Chunk) -> None:
        if chunk.new_page:
            self.new_page()
        if self.pages[-1] and self.room() <= chunk.before:
            self.new_page()
        page = self.pages[-1]
        if page:
            trailing = len(page) - len(_strip_blank_lines(page))
            page += [""] * max(0, chunk.before - trailing)
        if chunk.section:
            self.where[chunk.section] = len(self.pages) - 1
        for line in chunk.lines:
            if not self.room():
                self.pages.append([])
            if line or self.pages[-1]:  # no blank line at the top of a page
                self.pages[-1].append(line)

    def run(self, chunks: list[Chunk]) -> Pages:
        """Lay the chunks out; kept chunks go to a new page together with the first line of
        the chunk they keep with when they do not fit (B05)."""
        i = 0
        while i < len(chunks):
            j = i
            while chunks[j].keep and j + 1 < len(chunks) and not chunks[j + 1].new_page:
                j += 1
            group = chunks[i:j + 1]
            if group[0].new_page:
                self.new_page()
            last = group[-1]
            need = sum(c.before + len(c.lines) for c in group[:-1]) + last.before + (
                len(last.lines) if last.keep else min(1, len(last.lines)))
            if self.pages[-1] and need > self.room():
                self.new_page()
            for c in group:
                self.put(c)
            i = j + 1
        return self


class _Layout:
    def __init__(self, ed: EditionDoc, width: int, lines: int, new_page_sections: bool):
        self.ed, self.width, self.lines = ed, width, lines
        self.new_page_sections = new_page_sections

    def heading(self, item: flat.Item, top_section: bool = False) -> Chunk:
        text = cells(item)
        if item.level <= 1:
            return Chunk([*centre(text, self.width), ""], before=1, keep=True,
                         new_page=top_section and self.new_page_sections,
                         section=item.section if top_section else "")
        indent = heading_indent(item.level)
        return Chunk(wrap(text, self.width, indent, indent), before=1, keep=True)

    def block(self, item: flat.Item, before: int) -> Chunk:
        base = 2 * (item.depth + item.quote)
        runs = item.runs
        if item.kind == "item" and item.number is not None:
            runs = [flat.Run(f"{item.number}. "), *runs]
        elif item.kind == "attribution":
            runs = [flat.Run("– "), *runs]
        text = cells(flat.Item(item.kind, runs, item.lang))
        if item.kind in ("item", "field", "term"):
            return Chunk(wrap(text, self.width, base, base + 2), before=before)
        return Chunk(wrap(text, self.width, base + 2, base), before=before)

    def body(self, items: list[flat.Item]) -> list[Chunk]:
        out, quote = [], 0
        for item in items:
            if item.kind == "heading":
                out.append(self.heading(item, top_section=item.level == 1 and bool(item.section)))
            else:
                out.append(self.block(item, 1 if item.quote != quote else 0))
            if item.quote < quote and out[-1].before == 0:
                out[-1].before = 1
            quote = item.quote
        return out

    def title_page(self, transcriber: str) -> list[Chunk]:
        ed = self.ed
        front = flat.front(ed, published_date(ed))
        made = flat.Item("title", flat.ui(ed, "Transcribed into braille by %(who)s, %(date)s",
                                          who=transcriber or ed._(ed.meta.publisher),
                                          date=ed.date[:10]), ed.lang)
        out = [Chunk(centre(cells(front[0]), self.width), before=1, new_page=True)]
        for item in [*front[1:], made]:
            if item.kind == "title":
                out.append(Chunk(centre(cells(item), self.width), before=1))
            else:
                out.append(self.block(item, 1))
        return out

    def note(self, body: list[flat.Item]) -> list[Chunk]:
        head = self.heading(note_heading(self.ed))
        head.new_page = True
        return [head, *(self.block(i, 0) for i in transcriber_note(self.ed, body))]

    def contents(self, where: dict[str, int], first: int) -> list[Chunk]:
        head = self.heading(contents_heading(self.ed))
        head.new_page = True
        out = [head]
        for item in flat.body(self.ed):
            if item.kind == "heading" and item.level == 1 and item.section in where:
                num = braille.number(first + where[item.section])
                lines = wrap(cells(item), self.width - len(num) - 4, 0, 2)
                dots = self.width - len(lines[-1]) - len(num) - 2
                lines[-1] += BLANK + GUIDE * dots + BLANK + num
                out.append(Chunk(lines))
        return out


def _render(pages: list[list[str]], width: int) -> bytes:
    out = []
    for n, page in enumerate(pages, 1):
        num = braille.number(n)
        lines = [BLANK * (width - len(num)) + num, *page]
        out.append("".join(braille.to_brf(line.rstrip(BLANK)) + "\n" for line in lines))
    return "\f".join(out).encode("ascii")


class BrfWriter:
    format = "brf"
    extension = "brf"
    media_type = "text/plain"

    def __init__(self, width: int = WIDTH, lines: int = LINES, new_page_sections: bool = True,
                 transcriber: str = ""):
        self.width, self.lines = width, lines
        self.new_page_sections = new_page_sections
        self.transcriber = transcriber  # "": the publisher

    def pages(self, ed: EditionDoc) -> list[list[str]]:
        """The pages' lines as Unicode braille, without their page-number lines."""
        layout = _Layout(ed, self.width, self.lines, self.new_page_sections)
        items = flat.body(ed)
        body = Pages(self.lines).run(layout.body(items))
        front = Pages(self.lines).run([*layout.title_page(self.transcriber),
                                       *layout.note(items)]).pages
        count = 1
        for _ in range(8):  # the contents' length depends on its page numbers' widths
            first = len(front) + count + 1
            contents = Pages(self.lines).run(layout.contents(body.where, first)).pages
            if len(contents) == count:
                break
            count = len(contents)
        return [*front, *contents, *body.pages]

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        return _render(self.pages(ed), self.width)


__all__ = ["LINES", "WIDTH", "BrfWriter", "cells", "centre", "contents_heading",
           "heading_indent", "note_heading", "transcriber_note", "wrap"]
