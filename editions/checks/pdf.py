"""PDF checks with pikepdf and poppler: P02 P04 P05 P06 P07 P08 P13(text) P14 P15 P16, E01."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf

from .. import model as m
from ..findings import Finding
from ..select import EditionDoc
from ..writers.pdf_fix import orphans
from . import pdf_lang, published_notes


def struct_elements(root: pikepdf.Dictionary):
    """Every structure element reachable from the tree, in reading order."""
    stack = [root.get("/K")]
    out = []
    while stack:
        node = stack.pop(0)
        if isinstance(node, pikepdf.Array):
            stack[:0] = list(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            out.append(node)
            kids = node.get("/K")
            if kids is not None:
                stack.insert(0, kids)
    return out


def orphan_marked_content(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page, mcid) of marked content whose structure element is not in the tree (P01/P14)."""
    return [(pno, mcid) for pno, _page, _ops, found in orphans(pdf) for _i, mcid, _m in found]


ALLOWED_FONTS = ("Noto",)  # the faces our layouts name; anything else is a fallback


def _fonts(pdf: pikepdf.Pdf, artifact: str) -> list[Finding]:
    """P12: every font embedded; T08: no text left to a fallback font the layout never named."""
    out: list[Finding] = []
    seen: set[str] = set()
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
    return out


def pdftotext(path: Path) -> str | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    out: list[Finding] = []

    def add(rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> None:
        out.append(Finding(rule, level, msg, fix, artifact=artifact, where=where))

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if pdf.is_encrypted:
            add("P16", "the PDF is encrypted", "write it without encryption")
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)) or "/StructTreeRoot" not in root:
            add("P02", "not a tagged PDF (MarkInfo/StructTreeRoot missing)", "use pdf/ua-1")
            return out
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
        out.extend(pdf_lang.check(pdf, ed.sections, ed.lang, artifact))  # P06 passages
        elems = struct_elements(root.StructTreeRoot)
        previous = 0
        for el in elems:
            tag = str(el.S)[1:]
            if tag == "Figure" and not str(el.get("/Alt", "")).strip():
                add("P07", "Figure without /Alt", "give the image alt text in the content")
            if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
                level = int(tag[1])
                if level > previous + 1:
                    add("P08", f"heading skips from H{previous} to H{level}",
                        "fix the heading levels")
                previous = level
        orphans = orphan_marked_content(pdf)
        if orphans:
            pages = sorted({p for p, _ in orphans})
            add("P14", f"{len(orphans)} marked-content sequences are outside the structure tree "
                "(running footer not an Artifact?)", "mark them as /Artifact",
                where=f"pages {pages[:5]}")
        out.extend(_fonts(pdf, artifact))
        npages = len(pdf.pages)
        outlines = root.get("/Outlines")
        if npages >= 10 and (outlines is None or int(outlines.get("/Count", 0)) == 0):
            add("P15", f"{npages} pages but no bookmarks", "headings must produce bookmarks")
    text = pdftotext(path)
    if text is not None:
        out.extend(published_notes(text, notes, artifact))
    return out
