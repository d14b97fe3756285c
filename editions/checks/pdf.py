"""PDF checks with pikepdf and poppler: P02 P04 P05 P06 P07 P08 P09 P10 P11 P12 P13 P14 P15 P16
P17, T08, E01. Every finding about a place in the PDF says which page ("page 12": the printed
number, which is the physical page here)."""

from __future__ import annotations

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
from ..pdf.bidi import logical
from ..pdf.content import Content
from ..pdf.reader import PdfFile
from ..pdf.repair import orphans
from ..pdf.tree import dest_page, elements, is_element, kids, labels, name_tree, number_tree
from ..scripts import east_asian, script
from ..select import EditionDoc
from . import pdf_lang, pdf_tables, published_notes


def struct_elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the tree, in reading order."""
    return elements(root)


def orphan_marked_content(pdf: pikepdf.Pdf, content: Content | None = None
                          ) -> list[tuple[int, int]]:
    """(page, mcid) of marked content whose structure element is not in the tree (P01/P14)."""
    return [(pno, mcid) for pno, _page, _ops, found in orphans(pdf, content)
            for _i, mcid, _m in found]


class Pages:
    """Which page a structure element is on: its /Pg, a descendant's, or the page whose
    marked content it owns (ParentTree)."""

    def __init__(self, pdf: pikepdf.Pdf, tree: pikepdf.Dictionary):
        self.index = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        self.pdf = pdf
        self.tree = tree
        self._owners: dict | None = None

    def of(self, el: pikepdf.Dictionary) -> int | None:
        queue = [el]
        i = 0
        while i < len(queue) and i < 50:  # breadth first: its own /Pg, then its children's
            pg = queue[i].get("/Pg")
            if isinstance(pg, Dictionary) and pg.objgen in self.index:
                return self.index[pg.objgen]
            queue.extend(k for k in kids(queue[i]) if isinstance(k, Dictionary))
            i += 1
        if self._owners is None:
            self._owners = {}
            parents = number_tree(self.tree.ParentTree) if "/ParentTree" in self.tree else {}
            for i, page in enumerate(self.pdf.pages, 1):
                key = page.obj.get("/StructParents")
                for ref in parents.get(int(key), []) if key is not None else []:
                    if isinstance(ref, Dictionary) and ref.is_indirect:
                        self._owners.setdefault(ref.objgen, i)
        return self._owners.get(el.objgen) if el.is_indirect else None

    def where(self, el: pikepdf.Dictionary) -> str:
        n = self.of(el)
        return f"page {n}" if n else ""


def _problems(found: list[tuple[str, str, int | None]], rule: str, fix: str, artifact: str,
              level: str = "error") -> list[Finding]:
    """One finding per kind of problem: where it first occurs, how often and on which pages."""
    groups: dict[str, list[int | None]] = {}
    for message, _detail, page in found:
        groups.setdefault(message, []).append(page)
    out = []
    for message, pages in groups.items():
        known = sorted({p for p in pages if p})
        more = ""
        if len(pages) > 1:
            more = f" ({len(pages)} times" + (f", pages {', '.join(map(str, known[:8]))}"
                                              + ("…" if len(known) > 8 else "") if known else "")
            more += ")"
        first = next((d for msg, d, _p in found if msg == message), "")
        out.append(Finding(rule, level, message + (f": {first}" if first else "") + more, fix,
                           artifact=artifact, where=f"page {known[0]}" if known else ""))
    return out


# --- P09 tables -------------------------------------------------------------------------------


def _table_attrs(el: pikepdf.Dictionary) -> dict:
    """The element's /Table attributes (/A is one dictionary or an array of them)."""
    attrs = el.get("/A")
    items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
    out: dict = {}
    for a in items:
        if isinstance(a, Dictionary) and a.get("/O") == "/Table":
            out.update({str(k): v for k, v in a.items()})
    return out


def _cells(table: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    stack = list(reversed(kids(table)))
    while stack:
        node = stack.pop()
        if not is_element(node) or node.S == "/Table":
            continue
        if node.S in ("/TH", "/TD"):
            yield node
        else:
            stack.extend(reversed(kids(node)))


def tables(elems: list, tree: pikepdf.Dictionary, pages: Pages) -> list[tuple[str, str, int]]:
    """P09: every TD reaches its TH through /Headers (IDs resolved by the /IDTree), or every TH
    has /Scope; no cell spans rows or columns; a table has header cells."""
    ids = name_tree(tree.IDTree) if "/IDTree" in tree else {}
    found = []
    for table in (e for e in elems if e.S == "/Table"):
        cells = list(_cells(table))
        ths = [c for c in cells if c.S == "/TH"]
        tds = [c for c in cells if c.S == "/TD"]
        for c in cells:
            a = _table_attrs(c)
            span = max(int(a.get("/RowSpan", 1)), int(a.get("/ColSpan", 1)))
            if span > 1:
                found.append(("a table cell spans rows or columns", f"{str(c.S)[1:]} spans {span}",
                              pages.of(c)))
        if tds and not ths:
            found.append(("a table has no header cells (TH)", "", pages.of(table)))
            continue
        if all("/Scope" in _table_attrs(th) for th in ths):
            continue
        for td in tds:
            headers = _table_attrs(td).get("/Headers")
            names = [bytes(h) for h in headers] if isinstance(headers, pikepdf.Array) else []
            if not names:
                found.append(("a TD has no /Headers and its table's TH have no /Scope", "",
                              pages.of(td)))
            elif not all(is_element(ids.get(n)) and ids[n].S == "/TH" for n in names):
                found.append(("a TD's /Headers name no TH in the /IDTree and its table's TH have "
                              "no /Scope", "", pages.of(td)))
    return found


# --- P10 lists --------------------------------------------------------------------------------


def lists(elems: list, pages: Pages) -> list[tuple[str, str, int]]:
    """P10: L holds LI (or a nested L, a Caption); LI holds one optional Lbl and one LBody."""
    found = []
    for el in elems:
        tag = str(el.S)
        if tag == "/L":
            for kid in kids(el):
                kind = str(kid.S) if is_element(kid) else "content"
                if kind not in ("/LI", "/L", "/Caption"):
                    found.append(("a list (L) holds something other than LI",
                                  kind.lstrip("/"), pages.of(el)))
        elif tag == "/LI":
            parent = el.get("/P")
            if not (is_element(parent) and parent.S == "/L"):
                found.append(("a list item (LI) is not in a list (L)", "", pages.of(el)))
            parts = [str(k.S) if is_element(k) else "content" for k in kids(el)]
            other = [p for p in parts if p not in ("/Lbl", "/LBody")]
            if other:
                found.append(("a list item (LI) holds something other than Lbl and LBody",
                              other[0].lstrip("/"), pages.of(el)))
            elif not parts or parts.count("/Lbl") > 1 or parts.count("/LBody") > 1:
                found.append(("a list item (LI) does not hold one Lbl and one LBody",
                              " ".join(p.lstrip("/") for p in parts) or "empty", pages.of(el)))
        elif tag in ("/Lbl", "/LBody"):
            parent = el.get("/P")
            if not (is_element(parent) and parent.S == "/LI"):
                found.append((f"a {tag[1:]} is not in a list item (LI)", "", pages.of(el)))
    return found


# --- P11 links --------------------------------------------------------------------------------


def links(pdf: pikepdf.Pdf, elems: list, tree: pikepdf.Dictionary
          ) -> list[tuple[str, str, int]]:
    """P11: every link annotation is in a Link structure element and has /Contents in words."""
    link_elems = {e.objgen for e in elems if e.S == "/Link" and e.is_indirect}
    owned = {k.Obj.objgen for e in elems if e.S == "/Link" for k in kids(e)
             if isinstance(k, Dictionary) and k.get("/Type") == "/OBJR" and "/Obj" in k}
    parents = number_tree(tree.ParentTree) if "/ParentTree" in tree else {}
    found = []
    for pno, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            parent = (parents.get(int(annot.StructParent)) if "/StructParent" in annot
                      else None)
            tagged = (annot.is_indirect and annot.objgen in owned) or (
                is_element(parent) and parent.S == "/Link" and parent.objgen in link_elems)
            if not tagged:
                found.append(("a link annotation is not in a Link structure element", "", pno))
            contents = str(annot.get("/Contents", "")).strip()
            dest = annot.get("/Dest")
            if not contents:
                found.append(("a link has no /Contents", "", pno))
            elif (isinstance(dest, pikepdf.String) and contents == str(dest)
                  and re.fullmatch(r"[\w.:-]+", contents)):
                found.append(("a link's /Contents is its destination id, not words",
                              repr(contents), pno))
    return found


# --- P12 glyphs, P17 printed page numbers -----------------------------------------------------


class PageText(NamedTuple):
    glyphs: list[tuple[str, str, int]]  # P12 problems
    footers: dict[int, str]  # page number → text of its pagination artifacts
    orphans: list[tuple[int, int]]  # (page, mcid) of marked content outside the tree (P14)
    marked: dict[tuple[int, int], str]  # (page index, mcid) → its text in reading order (P06)
    untagged: list[tuple[str, str, int]]  # P01: text drawn outside any marked content


def read_pages(doc: PdfFile) -> PageText:
    """One pass over every page's content: P12 glyph coverage, the text each page prints
    outside the structure (its pagination artifacts: the running footer) and P14 orphaned
    marks.

    P12 reads the codes each text operator draws with its font: a code whose CID/GID is 0 draws
    .notdef (WeasyPrint draws a character no font has with a spare code that its own Encoding
    CMap sends to CID 0; with Identity-H, code 0 is glyph 0), and a code of a composite font
    missing from its ToUnicode map cannot be extracted. Exact, and cheap: the content is
    parsed once for P12, P14 and P17 together."""
    reachable = {e.objgen for e in doc.elements if e.is_indirect}
    found = []
    footers: dict[int, str] = {}
    orphaned = []
    marked: dict[tuple[int, int], str] = {}
    untagged: list[tuple[str, str, int]] = []
    for index in range(len(doc.pdf.pages)):
        pno = index + 1
        footer: list[str] = []
        page = doc.page(index)
        mapping = doc.mapping(index)
        for run in page.runs:
            font = run.font
            if run.artifact:
                footer.append(logical(run.glyphs))
            elif run.mcid is not None:
                key = (index, run.mcid)
                marked[key] = marked.get(key, "") + logical(run.glyphs)
            else:
                untagged.append(("text is neither tagged nor an artifact",
                                 repr(logical(run.glyphs)[:40]), pno))
            if not font.composite:
                continue
            if font.unicode is None:
                found.append(("a font has no ToUnicode map: its text cannot be extracted",
                              font.name, pno))
                continue
            unmapped = set(run.codes) - font.unicode.keys()
            if unmapped:
                found.append(("a glyph has no Unicode mapping (ToUnicode)",
                              f"{font.name} code {min(unmapped):04x}", pno))
            for code in set(run.codes):
                if font.notdef(code):
                    char = font.unicode.get(code)
                    found.append(("a character is drawn as .notdef (the font has no glyph for "
                                  "it)", f"{char!r} U+{ord(char[0]):04X} in {font.name}"
                                  if char else f"code {code:04x} in {font.name}", pno))
        if footer:
            footers[pno] = " ".join(" ".join(footer).split())
        for mcid in page.mcids:
            owner = mapping[mcid] if isinstance(mapping, pikepdf.Array) and mcid < len(
                mapping) else None
            if not isinstance(owner, Dictionary) or owner.objgen not in reachable:
                orphaned.append((pno, mcid))
    return PageText(found, footers, orphaned, marked, untagged)


def printed_number(footer: str) -> str:
    """The page number in a running footer's text ("Page 12", "صفحہ 12", "第 12 页")."""
    numbers = re.findall(r"\d+", footer)
    return numbers[-1] if numbers else ""


def page_numbers(pdf: pikepdf.Pdf, footers: dict[int, str]) -> list[tuple[str, str, int]]:
    """P17: the page label a viewer shows is the number printed on the page."""
    shown = labels(pdf)
    found = []
    for pno, footer in sorted(footers.items()):
        number = printed_number(footer)
        if not number:
            continue
        label = shown[pno - 1]
        same = label == number or (label.isdigit() and int(label) == int(number))
        if not same:
            found.append(("the page label differs from the printed page number",
                          f"label {label!r}, printed {number}", pno))
    return found


# --- P12 fonts, T08 ---------------------------------------------------------------------------

ALLOWED_FONTS = ("Noto",)  # the faces our layouts name; anything else is a fallback


# T05: the Noto CJK face of each East Asian script (the glyph forms differ between them)
CJK_FACES = {"Hans": "SC", "Hani": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR", "Hang": "KR"}


def _fonts(pdf: pikepdf.Pdf, artifact: str, lang: str = "") -> list[Finding]:
    """P12: every font embedded; T08: no text left to a fallback font the layout never named;
    T05: an East Asian edition's text in its script's face (Noto Sans CJK SC for Simplified
    Chinese, not the JP/KR/TC forms fallback picks), no italic faces."""
    out: list[Finding] = []
    seen: set[str] = set()
    form = CJK_FACES.get(script(lang), "") if lang and east_asian(lang) else ""
    want = f"Noto Sans CJK {form}"
    found_form = False
    for pno, page in enumerate(pdf.pages, 1):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            name = str(font.get("/BaseFont", ""))
            if name in seen:
                continue
            seen.add(name)
            desc = font.get("/FontDescriptor")
            for d in font.get("/DescendantFonts", []):
                desc = d.get("/FontDescriptor", desc)
            embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2",
                                                                    "/FontFile3"))
            if not embedded:
                out.append(Finding("P12", "error", f"font {name} is not embedded",
                                   "embed every font", artifact=artifact, where=f"page {pno}"))
            if not any(a in name for a in ALLOWED_FONTS):
                out.append(Finding("T08", "error", f"text set in fallback font {name}",
                                   "a character is missing from the named font: name a face "
                                   "that has it in the layout CSS", artifact=artifact,
                                   where=f"page {pno}"))
            squashed = re.sub(r"[\s_-]", "", name).upper()
            if form and "CJK" in squashed:
                found_form = found_form or f"CJK{form}" in squashed
                if f"CJK{form}" not in squashed:
                    out.append(Finding("T05", "error", f"{lang} text in {name}, not {want}",
                                       f"name {want} under :lang({lang}) in the layout CSS",
                                       artifact=artifact, where=f"page {pno}"))
            if form and re.search(r"Italic|Oblique", name):
                out.append(Finding("T05", "error", f"italic face {name} in a {lang} edition",
                                   "emphasis in East Asian scripts is bold, never italic",
                                   artifact=artifact, where=f"page {pno}"))
    if form and not found_form:
        out.append(Finding("T05", "error", f"no {want} face is embedded",
                           f"name {want} under :lang({lang})", artifact=artifact))
    return out


# --- P13 text round trip ----------------------------------------------------------------------

_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def normalise(text: str, hyphen: str = "") -> str:
    """Case, width, quotes, punctuation, hyphens (poppler joins a word hyphenated at a line
    end) and bidi controls do not decide a match; white space is one space."""
    text = unicodedata.normalize("NFKC", _BIDI.sub(" ", text)).lower().replace("\u00ad", "")
    text = re.sub(r"[-\u2010\u2011]\s*", hyphen, text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _tokens(text: str, hyphen: str = "") -> list[str]:
    """Words for an order-free comparison, split where poppler may reorder a line of a
    right-to-left page: at every change between ASCII and other letters."""
    return re.findall(r"[a-z0-9]+|[^\W\da-z_]+", normalise(text, hyphen))


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
                joined, split = _tokens(word), _tokens(word, " ")
                if not all(t in w.words for t in joined) and not all(
                        t in w.words for t in split):
                    return word
            return ""
        probe = normalise(sentence)
        return "" if not probe or f" {probe} " in w.flat else probe


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


def check(source: Path | PdfFile, artifact: str, ed: EditionDoc,
          notes: list[m.Note]) -> list[Finding]:
    """Every PDF rule on one PDF (`source`: its path, or the PdfFile the build opened for all of
    its checks), then the text round trip through pdftotext."""
    doc = PdfFile.of(source)
    try:
        out, footers, bookmarks = _read_back(doc, artifact, ed)
    finally:
        if doc is not source:
            doc.close()
    if bookmarks is None:  # not a tagged PDF: nothing more to read
        return out
    text = pdftotext(doc.path)
    if text is not None:
        out.extend(published_notes(text, notes, artifact))
        out.extend(round_trip(text, footers, ed, bookmarks, artifact))
    return out


def _read_back(doc: PdfFile, artifact: str, ed: EditionDoc
               ) -> tuple[list[Finding], dict[int, str], list | None]:
    """The rules read from the PDF's objects and content, the running footers' text and the
    bookmarks (None: not a tagged PDF, P02)."""
    out: list[Finding] = []

    def add(rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> None:
        out.append(Finding(rule, level, msg, fix, artifact=artifact, where=where))

    pdf = doc.pdf
    root = pdf.Root
    if pdf.is_encrypted:
        add("P16", "the PDF is encrypted", "write it without encryption")
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)) or "/StructTreeRoot" not in root:
        add("P02", "not a tagged PDF (MarkInfo/StructTreeRoot missing)", "use pdf/ua-1")
        return out, {}, None
    with pdf.open_metadata() as xmp:
        if xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") != "1":
            add("P04", "XMP has no pdfuaid:part 1", "write with pdf_variant='pdf/ua-1'")
        if xmp.get("{http://purl.org/dc/elements/1.1/}title") != ed.title:
            add("P04", "XMP dc:title differs from the edition title", "set <title>")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        add("P05", "DisplayDocTitle is not true", "set /ViewerPreferences /DisplayDocTitle")
    if str(root.get("/Lang", "")) != ed.lang:
        add("P06", f"catalog /Lang is {str(root.get('/Lang', ''))!r}, expected {ed.lang!r}",
            "set <html lang>")
    tree = root.StructTreeRoot
    pages = Pages(pdf, tree)
    elems = doc.elements
    previous = 0
    for el in elems:
        tag = str(el.S)[1:]
        if tag == "Figure" and not str(el.get("/Alt", "")).strip():
            add("P07", "Figure without /Alt", "give the image alt text in the content",
                pages.where(el))
        if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
            level = int(tag[1])
            if level > previous + 1:
                add("P08", f"heading skips from H{previous} to H{level}",
                    "fix the heading levels", pages.where(el))
            previous = level
    out.extend(_problems(tables(elems, tree, pages), "P09",
                         "tables need TH with scope (the layout's <th scope>) and no merged "
                         "cells; pdf/repair.py writes the /IDTree for /Headers",
                         artifact) + pdf_tables.check(doc, ed, artifact))
    out.extend(_problems(lists(elems, pages), "P10",
                         "lists must be L → LI → Lbl/LBody: see pdf/repair.py "
                         "fix_lists for the shapes WeasyPrint gets wrong", artifact))
    out.extend(_problems(links(pdf, elems, tree), "P11",
                         "pdf/repair.py link_contents sets /Contents to the link text; "
                         "links must come from <a href> so WeasyPrint tags them", artifact))
    glyphs, footers, orphaned, marked, untagged = read_pages(doc)
    out.extend(_problems(untagged, "P01", "draw it inside marked content (WeasyPrint does) "
                         "or mark it /Artifact", artifact))
    out.extend(pdf_lang.check(pdf, ed.sections, ed.lang, artifact, marked))  # P06 passages
    if orphaned:
        numbers = sorted({p for p, _ in orphaned})
        add("P14", f"{len(orphaned)} marked-content sequences are outside the structure tree "
            "(running footer not an Artifact?)", "mark them as /Artifact",
            where=f"pages {numbers[:5]}")
    out.extend(_problems(glyphs, "P12", "name a font that has every character (layout CSS) "
                         "and keep WeasyPrint's ToUnicode maps", artifact))
    out.extend(_problems(page_numbers(pdf, footers), "P17",
                         "pdf/repair.py page_labels must number pages like the "
                         "footer's counter(page)", artifact, level="warning"))
    out.extend(_fonts(pdf, artifact, ed.lang))
    npages = len(pdf.pages)
    outlines = root.get("/Outlines")
    if npages >= 10 and (outlines is None or int(outlines.get("/Count", 0)) == 0):
        add("P15", f"{npages} pages but no bookmarks", "headings must produce bookmarks")
    return out, footers, outline_pages(pdf)
