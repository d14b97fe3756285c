"""PDF checks with pikepdf and poppler: P02 P04 P05 P06 P07 P08 P09 P10 P11 P12 P13 P14 P15 P16
P17, T08, E01 (P13, the text round trip, in pdf_text.py). Every finding about a place in the PDF says which page ("page 12": the printed
number, which is the physical page here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pikepdf
from pikepdf import Dictionary

from .. import model as m
from ..findings import Finding
from ..pdf.bidi import logical
from ..pdf.reader import PdfFile
from ..pdf.repair import orphans
from ..pdf.tree import elements, labels
from ..rules import rule_check
from ..scripts import east_asian, script
from ..select import EditionDoc
from . import pdf_lang, pdf_tables, published_notes
from .pdf_structure import Pages, links, lists, tables
from .pdf_text import outline_pages, pdftotext, printed_number, round_trip


def struct_elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the tree, in reading order."""
    return elements(root)


def orphan_marked_content(doc: PdfFile) -> list[tuple[int, int]]:
    """(page, mcid) of marked content whose structure element is not in the tree (P01/P14)."""
    return [(index + 1, mcid) for index, found in orphans(doc) for _at, mcid, _m in found]


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
        for mcid, parts in doc.marked_text(index).items():  # read once (the repair's)
            marked[(index, mcid)] = "".join(text for _line, text in parts)
        for run in page.runs:
            font = run.font
            if run.artifact:
                footer.append(logical(run.glyphs))
            elif run.mcid is None:
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


@rule_check("P12", "T05", "T08")
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
    """The rules read from the PDF's objects and content, group by group, the running footers'
    text and the bookmarks (None: not a tagged PDF, P02)."""
    out = _catalog(doc.pdf, artifact, ed)
    if not _tagged(doc.pdf.Root):  # nothing more to read
        return out, {}, None
    pages = Pages(doc.pdf, doc.pdf.Root.StructTreeRoot)
    out += _elements(doc, pages, artifact)
    out += _structures(doc, pages, artifact, ed)
    found, footers = _content(doc, artifact, ed)
    out += found + _fonts(doc.pdf, artifact, ed.lang) + _bookmarks(doc.pdf, artifact)
    return out, footers, outline_pages(doc.pdf)


def _finding(artifact: str) -> Callable[..., Finding]:
    def make(rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> Finding:
        return Finding(rule, level, msg, fix, artifact=artifact, where=where)
    return make


@rule_check("P16", "P02", "P04", "P05", "P06")
def _catalog(pdf: pikepdf.Pdf, artifact: str, ed: EditionDoc) -> list[Finding]:
    """The document catalog and its metadata: not encrypted (P16), tagged (P02), PDF/UA and the
    title in the XMP (P04), DisplayDocTitle (P05), the catalog's /Lang (P06)."""
    f = _finding(artifact)
    root = pdf.Root
    out = [f("P16", "the PDF is encrypted", "write it without encryption")] \
        if pdf.is_encrypted else []
    if not _tagged(root):
        return out + [f("P02", "not a tagged PDF (MarkInfo/StructTreeRoot missing)",
                        "use pdf/ua-1")]
    with pdf.open_metadata() as xmp:
        if xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") != "1":
            out.append(f("P04", "XMP has no pdfuaid:part 1", "write with pdf_variant='pdf/ua-1'"))
        if xmp.get("{http://purl.org/dc/elements/1.1/}title") != ed.title:
            out.append(f("P04", "XMP dc:title differs from the edition title", "set <title>"))
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        out.append(f("P05", "DisplayDocTitle is not true",
                     "set /ViewerPreferences /DisplayDocTitle"))
    if str(root.get("/Lang", "")) != ed.lang:
        out.append(f("P06", f"catalog /Lang is {str(root.get('/Lang', ''))!r}, expected "
                     f"{ed.lang!r}", "set <html lang>"))
    return out


def _tagged(root: pikepdf.Dictionary) -> bool:
    mark = root.get("/MarkInfo")
    return mark is not None and bool(mark.get("/Marked", False)) and "/StructTreeRoot" in root


@rule_check("P07", "P08")
def _elements(doc: PdfFile, pages: Pages, artifact: str) -> list[Finding]:
    """Every Figure has /Alt (P07); heading levels do not skip going down (P08)."""
    f = _finding(artifact)
    out = []
    previous = 0
    for el in doc.elements:
        tag = str(el.S)[1:]
        if tag == "Figure" and not str(el.get("/Alt", "")).strip():
            out.append(f("P07", "Figure without /Alt", "give the image alt text in the content",
                         pages.where(el)))
        if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
            level = int(tag[1])
            if level > previous + 1:
                out.append(f("P08", f"heading skips from H{previous} to H{level}",
                             "fix the heading levels", pages.where(el)))
            previous = level
    return out


@rule_check("P09", "P10", "P11")
def _structures(doc: PdfFile, pages: Pages, artifact: str, ed: EditionDoc) -> list[Finding]:
    """Tables (P09), lists (P10) and links (P11) in the structure tree."""
    elems, tree = doc.elements, doc.pdf.Root.StructTreeRoot
    return (_problems(tables(elems, tree, pages), "P09",
                      "tables need TH with scope (the layout's <th scope>) and no merged "
                      "cells; pdf/repair.py writes the /IDTree for /Headers",
                      artifact) + pdf_tables.check(doc, ed, artifact)
            + _problems(lists(elems, pages), "P10",
                        "lists must be L → LI → Lbl/LBody: see pdf/repair.py "
                        "fix_lists for the shapes WeasyPrint gets wrong", artifact)
            + _problems(links(doc.pdf, elems, tree), "P11",
                        "pdf/repair.py link_contents sets /Contents to the link text; "
                        "links must come from <a href> so WeasyPrint tags them", artifact))


@rule_check("P01", "P06", "P14", "P12", "P17")
def _content(doc: PdfFile, artifact: str, ed: EditionDoc
             ) -> tuple[list[Finding], dict[int, str]]:
    """The pages' content: text outside marked content (P01), other-language passages (P06),
    marked content outside the tree (P14), glyphs with no character (P12), printed page
    numbers (P17); and the running footers' text, page by page."""
    glyphs, footers, orphaned, marked, untagged = read_pages(doc)
    out = _problems(untagged, "P01", "draw it inside marked content (WeasyPrint does) "
                    "or mark it /Artifact", artifact)
    out += pdf_lang.check(doc.pdf, ed.sections, ed.lang, artifact, marked)  # P06 passages
    if orphaned:
        numbers = sorted({p for p, _ in orphaned})
        out.append(Finding(
            "P14", "error", f"{len(orphaned)} marked-content sequences are outside the structure "
            "tree (running footer not an Artifact?)", "mark them as /Artifact",
            artifact=artifact, where=f"pages {numbers[:5]}"))
    out += _problems(glyphs, "P12", "name a font that has every character (layout CSS) "
                     "and keep WeasyPrint's ToUnicode maps", artifact)
    out += _problems(page_numbers(doc.pdf, footers), "P17",
                     "pdf/repair.py page_labels must number pages like the "
                     "footer's counter(page)", artifact, level="warning")
    return out, footers


@rule_check("P15")
def _bookmarks(pdf: pikepdf.Pdf, artifact: str) -> list[Finding]:
    """A PDF of ten pages or more has bookmarks (P15)."""
    npages = len(pdf.pages)
    outlines = pdf.Root.get("/Outlines")
    if npages >= 10 and (outlines is None or int(outlines.get("/Count", 0)) == 0):
        return [Finding("P15", "error", f"{npages} pages but no bookmarks",
                        "headings must produce bookmarks", artifact=artifact)]
    return []
