"""P13, the text round trip, and E01's text: the PDF's text as pdftotext (poppler) extracts it — an
independent reader, as a person's PDF software would be — compared with the edition's, section
by section (the bookmarks say which pages hold each section). Called by checks/pdf.py."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pikepdf
from pikepdf import Dictionary

from .. import model as m
from ..findings import Finding
from ..pdf.tree import dest_page, name_tree
from ..rules import rule_check
from ..select import EditionDoc

_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


_HYPHEN = re.compile(r"[-\u2010\u2011]\s*")
_NOT_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[a-z0-9]+|[^\W\da-z_]+")


def normalise(text: str, hyphen: str = "") -> str:
    """Case, width, quotes, punctuation, hyphens (poppler joins a word hyphenated at a line
    end) and bidi controls do not decide a match; white space is one space."""
    text = unicodedata.normalize("NFKC", _BIDI.sub(" ", text)).lower().replace("\u00ad", "")
    return " ".join(_NOT_WORD.sub(" ", _HYPHEN.sub(hyphen, text)).split())


def _tokens(text: str, hyphen: str = "") -> list[str]:
    """Words for an order-free comparison, split where poppler may reorder a line of a
    right-to-left page: at every change between ASCII and other letters."""
    return _TOKEN.findall(normalise(text, hyphen))


@functools.lru_cache(maxsize=65536)
def _word_tokens(word: str, hyphen: str = "") -> tuple[str, ...]:
    """A word's tokens: the same words are asked about in many sentences, once each here."""
    return tuple(_tokens(word, hyphen))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:。！？；：۔؟])\s*", text) if s.strip()]


def _block_text(block: m.Block) -> Iterator[str]:
    """The text a block shows (its own inlines; nested blocks are walked by the caller)."""
    if isinstance(block, m.Paragraph | m.Heading):
        yield m.inline_text(block.children)
    elif isinstance(block, m.Quote):
        yield m.inline_text(block.children)
        if block.attribution:
            yield block.attribution
    elif isinstance(block, m.Figure) and block.caption:
        yield block.caption
    elif isinstance(block, m.Table):
        yield m.inline_text(block.caption)
    elif isinstance(block, m.DefList):
        for item in block.items:
            yield m.inline_text(item.term)


def edition_text(sections: list[m.Section]) -> Iterator[tuple[m.Section, str]]:
    """(section, sentence) for the edition's text, from the model, in reading order."""
    for top in sections:
        for s in top.walk():
            yield s, m.inline_text(s.heading.children)
            for block in m.walk_blocks(s.blocks):
                for text in _block_text(block):
                    for sentence in _sentences(text):
                        yield s, sentence


class _Window(NamedTuple):
    flat: str  # normalised, with a space at each end
    han: str  # normalised without spaces (Chinese)
    words: set[str]  # tokens, hyphenated words both joined and split


class TextLayer:
    """The text poppler extracts, page by page, without the running footers, ready for
    matching within a range of pages."""

    def __init__(self, text: str, footers: dict[int, str], rtl: bool):
        self.rtl = rtl
        self.pages = [_cut_footer(page, footers.get(pno, ""))
                      for pno, page in enumerate(text.split("\f"), 1)]
        self._windows: dict[tuple[int, int], _Window] = {}

    def window(self, first: int = 1, last: int = 0) -> _Window:
        key = (first, last or len(self.pages))
        if key not in self._windows:
            # a footer poppler joined to a hyphenated last line: join the next page so too
            joined = "".join(text + ("" if glued else "\n")
                             for text, glued in self.pages[key[0] - 1:key[1]])
            flat = " " + normalise(joined) + " "
            self._windows[key] = _Window(flat, flat.replace(" ", ""),
                                         set(_tokens(joined)) | set(_tokens(joined, " ")))
        return self._windows[key]

    def missing(self, sentence: str, first: int = 1, last: int = 0) -> str:
        """'' when the sentence is in the text of pages first to last, else the first part of
        it that is not."""
        w = self.window(first, last)
        if _HAN.search(sentence):
            if self.rtl:  # poppler may reorder the pieces between punctuation and Latin runs
                pieces = [normalise(p).replace(" ", "")
                          for p in re.split(r"[^\w]+|[a-zA-Z0-9]+", sentence)]
            else:
                pieces = [normalise(sentence).replace(" ", "")]
            return next((p for p in pieces if p and p not in w.han), "")
        if self.rtl or _ARABIC.search(sentence):
            # poppler reorders the runs of a right-to-left line (and left-to-right lines on a
            # right-to-left page): compare words, not their order
            for word in sentence.split():
                joined, split = _word_tokens(word), _word_tokens(word, " ")
                if not all(t in w.words for t in joined) and not all(
                        t in w.words for t in split):
                    return word
            return ""
        probe = normalise(sentence)
        return "" if not probe or f" {probe} " in w.flat else probe


def printed_number(footer: str) -> str:
    """The page number in a running footer's text ("Page 12", "صفحہ 12", "第 12 页")."""
    numbers = re.findall(r"\d+", footer)
    return numbers[-1] if numbers else ""


def _cut_footer(page: str, footer: str) -> tuple[str, bool]:
    """A page of pdftotext output without its running footer (the artifact text), which poppler
    prints last, sometimes joined to the page's last line (when that ends with a hyphen, which
    poppler removes). Returns the text and whether the footer was joined so."""
    if not footer:
        return page, False
    body = page.rstrip()
    pattern = r"\s*".join(re.escape(w) for w in footer.split())
    hits = list(re.finditer(pattern, _BIDI.sub(" ", body)))
    if hits and len(body) - hits[-1].end() <= 5:
        start = hits[-1].start()
        glued = start > 0 and not body[start - 1].isspace()
        return body[:start] + body[hits[-1].end():], glued
    number = printed_number(footer)
    lines = body.splitlines()
    for i in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        if number and len(lines[i]) <= 40 and re.search(rf"(?<!\d){number}(?!\d)", lines[i]):
            del lines[i]
            break
    return "\n".join(lines), False


def outline_pages(pdf: pikepdf.Pdf) -> list[tuple[str, int, int]]:
    """(normalised title, page number, depth from 1) of every bookmark, in document order."""
    root = pdf.Root.get("/Outlines")
    out: list[tuple[str, int, int]] = []
    if root is None:
        return out
    names = None
    stack = [(root.get("/First"), 1)]
    seen: set = set()
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        dest = item.get("/Dest", item.get("/A", Dictionary()).get("/D"))
        if isinstance(dest, pikepdf.String | pikepdf.Name) and names is None:
            dests = pdf.Root.get("/Names", Dictionary()).get("/Dests")
            names = name_tree(dests) if dests is not None else {}
        index = dest_page(pdf, dest, names) if dest is not None else None
        if index is not None:
            out.append((normalise(str(item.get("/Title", ""))), index + 1, depth))
        stack.append((item.get("/Next"), depth))
        stack.append((item.get("/First"), depth + 1))  # children first (popped next)
    return out


P13_MIN_FOUND = 99.0  # % of the edition's sentences; see round_trip


def section_pages(sections: list[m.Section], bookmarks: list[tuple[str, int, int]]
                  ) -> dict[int, tuple[int, int]]:
    """id(section) → (first, last) page of the section's own text: from the page of its
    bookmark (same title, at the depth of its heading, in document order) to the page where
    the next section with a bookmark starts (0: the last page). A section without a bookmark
    of its own (h5 and below) runs from the page of the bookmark before it."""
    marks: list[tuple[int, int, bool]] = []  # (id, page, its own bookmark)
    at, page = 0, 0
    for top in sections:
        for s in top.walk():
            title = normalise(m.inline_text(s.heading.children))
            depth = min(s.level + 1, 6)  # the layouts: a section of level n is h(n+1)
            own = False
            for j in range(at, min(at + 4, len(bookmarks))):
                if bookmarks[j][0] == title and bookmarks[j][2] == depth:
                    at, page, own = j + 1, bookmarks[j][1], True
                    break
            if page:
                marks.append((id(s), page, own))
    out: dict[int, tuple[int, int]] = {}
    end = 0
    for key, first, own in reversed(marks):
        out[key] = (first, end if end >= first else 0)
        if own:
            end = first
    return out


@rule_check("P13")
def round_trip(text: str, footers: dict[int, str], ed: EditionDoc, bookmarks: list,
               artifact: str) -> list[Finding]:
    """P13: every sentence of the edition (from the model) is in pdftotext's output, on the
    pages of its section. Left to right text must appear whole and in order; right-to-left
    text (and anything on a right-to-left page) word by word, because poppler reorders the runs
    of those lines. Fewer than P13_MIN_FOUND % found is an error; fewer missing (poppler's
    reading order in an unusual layout) a warning. Either way each section with missing
    sentences is a finding that quotes them."""
    sections = getattr(ed, "sections", None)
    if not sections:
        return []
    layer = TextLayer(text, footers, getattr(ed, "dir", "ltr") == "rtl")
    pages = section_pages(sections, bookmarks)
    total = 0
    missing: dict[int, tuple[m.Section, list[tuple[str, str]]]] = {}
    for section, sentence in edition_text(sections):
        if not normalise(sentence):
            continue
        total += 1
        part = layer.missing(sentence, *pages.get(id(section), (1, 0)))
        if part:
            missing.setdefault(id(section), (section, []))[1].append((sentence, part))
    if not missing:
        return []
    lost = sum(len(v[1]) for v in missing.values())
    rate = 100 * (total - lost) / total
    level = "error" if rate < P13_MIN_FOUND else "warning"
    out = []
    for key, (section, items) in missing.items():
        title = m.inline_text(section.heading.children)
        quoted = "; ".join(f"“{' '.join(s.split())[:80]}”" for s, _p in items[:3])
        more = f" and {len(items) - 3} more" if len(items) > 3 else ""
        place = f"page {pages[key][0]}, " if key in pages else ""
        out.append(Finding(
            "P13", level,
            f"{len(items)} sentence(s) of the section not found in the PDF text layer "
            f"({rate:.1f} % of {total} found): {quoted}{more}",
            "the text is drawn but cannot be extracted: check the font's ToUnicode map "
            "(P12), or the layout (text in images, reordered boxes)",
            loc=section.loc, artifact=artifact, where=f"{place}section '{title}'"))
    return out


def pdftotext(path: Path) -> str | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
