"""Large print rules on a PDF (LP01 LP03 LP04 LP05 LP06 LP07 LP08 LP10 LP11 LP15 LP16),
measured on what the pages draw: the runs of text, with their size, face, position and the
structure element they belong to (pdf/content.py, read once per PDF by pdf/reader.py with
geometry), grouped into the tagged blocks' lines (paragraphs, list items, table cells)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..pdf.bidi import logical
from ..pdf.reader import PdfFile
from ..rules import rule_check
from ..select import EditionDoc
from .large_print_common import (
    A4_PT,
    ALLOWED,
    BODY_PT,
    LINE_HEIGHT,
    LINE_HEIGHT_ARABIC,
    MARGIN_MM,
    MIN_PT,
    PT_PER_MM,
    Report,
    capitals,
    font_family,
    snippet,
    split_items,
)
from .large_print_layout import Elem, Line, Run, lines_of, main_size, read_layout, rtl_lang


@dataclass
class _Layout:
    """What the rules read: the runs, their blocks, each block's lines, the pages."""

    runs: list[Run]
    elems: dict[int, Elem]
    marks: dict[int, list]  # page → painted boxes (not artifacts)
    strokes: dict[int, list]  # page → horizontal rules (x0, x1, y, inside a link)
    boxes: list[tuple[list[float], float, float]]  # each page's box, width, height
    links: dict[int, list]  # page → link annotation rectangles
    lang: str
    doc_lang: str
    by_page: dict[int, list[Run]] = field(default_factory=dict)
    info: dict[int, tuple[list[Line], float, bool]] = field(default_factory=dict)


def _reading(ln: Line, rtl: bool) -> str:
    """A line's text in reading order."""
    return logical(ln.glyphs) if rtl else ln.visual


def check_pdf(source: Path | PdfFile, artifact: str, ed: EditionDoc) -> list[Finding]:
    """Every large print rule on a PDF (`source`: its path, or the build's PdfFile)."""
    rep = Report(artifact)
    doc = PdfFile.of(source)
    try:
        lay = _layout(doc, getattr(ed, "lang", ""), rep)
    finally:
        if doc is not source:
            doc.close()
    for rule in (_fonts, _underlines, _blocks, _line_starts, _paragraph_space, _columns,
                 _tables, _margins):
        rule(lay, rep)
    return rep.findings()


@rule_check("LP11")
def _layout(doc: PdfFile, lang: str, rep: Report) -> _Layout:
    """Read the PDF once; LP11 (A4 portrait) on the way."""
    runs, found, marks, strokes = read_layout(doc)
    pdf = doc.pdf
    boxes = []
    for pno, page in enumerate(pdf.pages, 1):  # LP11: A4 portrait
        box = [float(v) for v in page.obj.get("/CropBox", page.MediaBox)]
        w, h = abs(box[2] - box[0]), abs(box[3] - box[1])
        if int(page.obj.get("/Rotate", 0)) % 180:
            w, h = h, w
        boxes.append((box, w, h))
        if abs(w - A4_PT[0]) > 2 or abs(h - A4_PT[1]) > 2:
            shape = "landscape" if w > h else "portrait"
            rep.add("LP11", f"page {pno}", f"page is {w / PT_PER_MM:.0f} × "
                    f"{h / PT_PER_MM:.0f} mm ({shape}), not A4 portrait")
    links = defaultdict(list)
    for pno, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and "/Rect" in annot:
                r = [float(v) for v in annot.Rect]
                links[pno].append((min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]),
                                   max(r[1], r[3])))
    lay = _Layout(runs, found.elem_info, marks, strokes, boxes, links, lang,
                  str(pdf.Root.get("/Lang", "")) or lang)
    lay.by_page = defaultdict(list)
    for r in runs:
        lay.by_page[r.page].append(r)
    return lay


@rule_check("LP01", "LP03", "LP04")
def _fonts(lay: _Layout, rep: Report) -> None:
    """LP01 sizes, LP03 faces, LP04 italic and slanted text: every run, page furniture included."""
    runs, elems = lay.runs, lay.elems
    # LP01, LP03, LP04 (fonts): every run, page furniture included
    for r in runs:
        where = f"page {r.page}"
        if r.size < MIN_PT - 0.05:
            rep.add("LP01", where, f"text at {r.size:.1f} pt (under {MIN_PT:g}): "
                    f"{snippet(r.text)!r}")
        el = elems.get(r.block) if r.block is not None else None
        if el is not None and el.kind in ("P", "LBody", "LI") and r.size < BODY_PT - 0.05:
            rep.add("LP01", where, f"body text at {r.size:.1f} pt (under {BODY_PT:g}): "
                    f"{snippet(r.text)!r}")
        if font_family(r.font.name) not in ALLOWED:
            rep.add("LP03", where, f"text set in {r.font.name.split('+')[-1]}, not an "
                    f"allowed sans-serif face: {snippet(r.text)!r}")
        if r.font.italic or r.sheared:
            kind = "italic font " + r.font.name.split("+")[-1] if r.font.italic \
                else "slanted (synthetic oblique) text"
            rep.add("LP04", where, f"{kind}: {snippet(r.text)!r}")


@rule_check("LP04")
def _underlines(lay: _Layout, rep: Report) -> None:
    """LP04: underlines that are not links."""
    by_page, links = lay.by_page, lay.links
    # LP04: underlines that are not links
    for pno, segs in lay.strokes.items():
        for x0, x1, y, in_link in segs:
            if in_link:
                continue
            mid = (x0 + x1) / 2
            under = [r for r in by_page[pno] if r.base - 0.35 * r.size <= y < r.base
                     and min(x1, r.x1) - max(x0, r.x0) > 0.5 * (x1 - x0)]
            if not under:
                continue
            if any(a <= mid <= c and b - 2 <= y <= d + 2 for a, b, c, d in links[pno]):
                continue
            rep.add("LP04", f"page {pno}", f"underlined text that is not a link: "
                    f"{snippet(' '.join(r.text for r in under))!r}")


@rule_check("LP04", "LP05", "LP07", "LP08")
def _blocks(lay: _Layout, rep: Report) -> None:
    """Each block's lines: LP04 capitals, LP05 line height, LP08 hyphenation and items split
    across lines, LP07 alignment and justification."""
    runs, elems, info, doc_lang, lang = lay.runs, lay.elems, lay.info, lay.doc_lang, lay.lang
    # blocks: lines, line height, alignment, hyphenation, items split, capitals
    blocks: dict[int, list[Run]] = defaultdict(list)
    for r in runs:
        if r.block is not None and not r.artifact:
            blocks[r.block].append(r)
    for key, brs in blocks.items():
        el = elems[key]
        lines = lines_of(brs)
        size = main_size(brs)
        # the block's direction and script from its language (/Lang, else the document's):
        # an English passage in the Urdu edition is left to right, Urdu is right to left
        rtl = rtl_lang(el.lang or doc_lang)
        info[key] = (lines, size, rtl)
        if el.kind == "Lbl" or not size:
            continue
        first_where = f"page {lines[0].page}"
        texts = [_reading(ln, rtl) for ln in lines]
        caps = capitals(" ".join(texts))
        if caps and el.kind not in ("TD", "TH"):
            rep.add("LP04", first_where, f"a block of capitals: {snippet(caps)!r}")
        lo, hi = (LINE_HEIGHT_ARABIC, math.inf) if rtl else LINE_HEIGHT
        for a, b, ta, tb in zip(lines, lines[1:], texts, texts[1:]):
            where = f"page {b.page}"
            if a.page == b.page:
                ratio = (a.base - b.base) / size
                if not lo - 0.02 <= ratio <= hi + 0.02 and abs(a.size - b.size) < 0.5:
                    want = f"{lo:g} or more" if hi == math.inf else f"{lo:g}–{hi:g}"
                    rep.add("LP05", where, f"line height {ratio:.2f} (want {want}) in "
                            f"{snippet(ta)!r}")
            end = ta.rstrip()
            if end.endswith(("\u2010", "\u00ad")) and tb.lstrip()[:1].isalpha():
                rep.add("LP08", f"page {a.page}", f"word hyphenated across lines: "
                        f"{snippet(end[-20:] + tb.lstrip()[:20])!r}")
            for item in split_items(ta, tb, lang):
                rep.add("LP08", f"page {a.page}", f"{item!r} is split across lines")
        # LP07: start aligned, never justified
        by_page_lines: dict[int, list[Line]] = defaultdict(list)
        for ln in lines:
            by_page_lines[ln.page].append(ln)
        for pno, pls in by_page_lines.items():
            if len(pls) >= 2 and el.kind not in ("TD", "TH"):
                edges = [ln.x1 for ln in pls] if rtl else [ln.x0 for ln in pls]
                if max(edges) - min(edges) > 1.0:
                    side = "right" if rtl else "left"
                    rep.add("LP07", f"page {pno}", f"lines do not share a {side} edge (centred "
                            f"or end aligned?): {snippet(texts[lines.index(pls[0])])!r}")
            for ln in pls[:-1]:
                spaces = sum(r.spaces for r in ln.runs)
                stretch = sum(r.stretch for r in ln.runs)
                if spaces and stretch / spaces > 0.08 * ln.size:
                    rep.add("LP07", f"page {pno}", "justified: word spaces stretched by "
                            f"{stretch / spaces:.1f} pt in {snippet(ln.visual)!r}")
                    break


@rule_check("LP07")
def _line_starts(lay: _Layout, rep: Report) -> None:
    """LP07 for single lines: top-level paragraphs and headings start at the text's edge."""
    info, elems = lay.info, lay.elems
    # LP07 for single lines: top-level paragraphs and headings start at the text block's edge
    starts: dict[bool, Counter] = {False: Counter(), True: Counter()}
    for key, (lines, _size, rtl) in info.items():
        if elems[key].top and elems[key].kind == "P":
            for ln in lines:
                starts[rtl][round(ln.x1 if rtl else ln.x0)] += 1
    for key, (lines, _size, rtl) in info.items():
        el = elems[key]
        if not (el.top and (el.kind == "P" or el.kind[:1] == "H")) or not starts[rtl]:
            continue
        edge = starts[rtl].most_common(1)[0][0]
        ln = lines[0]
        off = (edge - ln.x1) if rtl else (ln.x0 - edge)
        if len(lines) == 1 and off > 2.0:
            rep.add("LP07", f"page {ln.page}", f"starts {off / PT_PER_MM:.0f} mm from the "
                    f"text's {'right' if rtl else 'left'} edge (centred?): "
                    f"{snippet(_reading(ln, rtl))!r}")


@rule_check("LP06")
def _paragraph_space(lay: _Layout, rep: Report) -> None:
    """LP06: at least one line of space between consecutive paragraphs on a page."""
    info, elems, runs = lay.info, lay.elems, lay.runs
    # LP06: space between consecutive paragraphs on a page ≥ one line. A line box is the
    # line height around the font's ascent and descent (CSS half-leading), so the space is
    # measured between the boxes of the last line of one paragraph and the first of the next.
    ratios: dict[bool, list[float]] = {False: [], True: []}
    for key, (lines, size, rtl) in info.items():
        if elems[key].kind == "P":
            ratios[rtl] += [(a.base - b.base) / size for a, b in zip(lines, lines[1:])
                            if a.page == b.page]
    usual = {k: sorted(v)[len(v) // 2] if v else (LINE_HEIGHT_ARABIC if k else 1.4)
             for k, v in ratios.items()}

    sequence: dict[int, list[int]] = defaultdict(list)
    for r in sorted((r for r in runs if r.block is not None and not r.artifact),
                    key=lambda r: r.order):
        seq = sequence[r.page]
        if not seq or seq[-1] != r.block:
            seq.append(r.block)
    for pno, seq in sequence.items():
        for ka, kb in zip(seq, seq[1:]):
            if ka == kb or elems[ka].kind != "P" or elems[kb].kind != "P":
                continue
            la = [ln for ln in info[ka][0] if ln.page == pno]
            lb = [ln for ln in info[kb][0] if ln.page == pno]
            if not la or not lb:
                continue
            a, b = la[-1], lb[0]
            if b.base >= a.base or min(a.x1, b.x1) <= max(a.x0, b.x0):
                continue  # not one below the other (a new column is LP10's business)
            ra, rb = usual[info[ka][2]], usual[info[kb][2]]  # the document's usual line
            fa, fb = a.font, b.font
            bottom = a.base - a.size * (ra + fa.descent - fa.ascent) / 2
            top = b.base + b.size * (rb + fb.ascent - fb.descent) / 2
            space, line = bottom - top, ra * a.size
            if space < line - 0.5:
                rtl = info[kb][2]
                rep.add("LP06", f"page {pno}", f"{space:.1f} pt between paragraphs, less than "
                        f"one line ({line:.1f} pt), before {snippet(_reading(b, rtl))!r}")


@rule_check("LP10")
def _columns(lay: _Layout, rep: Report) -> None:
    """LP10: one column, no two lines of different blocks side by side."""
    info, elems, by_page = lay.info, lay.elems, lay.by_page
    # LP10: one column — no two lines of different blocks side by side
    for pno in sorted(by_page):
        page_lines = [(ln, key) for key, (lines, _s, _r) in info.items()
                      if elems[key].kind not in ("Lbl", "TD", "TH") for ln in lines
                      if ln.page == pno]
        page_lines.sort(key=lambda t: -t[0].base)
        done = False
        for i, (a, ka) in enumerate(page_lines):
            for b, kb in page_lines[i + 1:]:
                if a.base - b.base > 0.8 * max(a.size, b.size):
                    break
                if ka != kb and (b.x0 - a.x1 > a.size or a.x0 - b.x1 > a.size):
                    rep.add("LP10", f"page {pno}", f"text side by side (columns?): "
                            f"{snippet(a.visual)!r} and {snippet(b.visual)!r}")
                    done = True
                    break
            if done:
                break


@rule_check("LP15")
def _tables(lay: _Layout, rep: Report) -> None:
    """LP15: table text 16 pt or more, the header row above the rows on every page."""
    runs, elems = lay.runs, lay.elems
    # LP15: tables — text ≥ 16 pt, and on every page with table rows the header row above
    # them: its TH, or on the following pages (pdf/tables.py joins the Table that
    # WeasyPrint writes per page) an artifact drawing the header's text again
    tables: dict[int, dict[str, dict[int, list[Run]]]] = defaultdict(
        lambda: {"head": defaultdict(list), "body": defaultdict(list)})
    repeats: dict[int, list[Run]] = defaultdict(list)
    for r in runs:
        if r.artifact:
            repeats[r.page].append(r)
        el = elems.get(r.block) if r.block is not None else None
        if el is not None and el.table is not None:
            if el.kind in ("TH", "TD"):
                tables[el.table]["head" if el.header_cell else "body"][r.page].append(r)
            if r.size < MIN_PT - 0.05:
                rep.add("LP15", f"page {r.page}", f"table text at {r.size:.1f} pt: "
                        f"{snippet(r.text)!r}")
    for parts in tables.values():
        head, body = parts["head"], parts["body"]
        names = {r.text.strip() for rs in head.values() for r in rs if r.text.strip()}
        for pno, brs in sorted(body.items()):
            top = max(r.base for r in brs)
            above = head.get(pno, []) + [r for r in repeats[pno] if r.text.strip() in names]
            if not [r for r in above if r.base >= top - 0.5]:
                rep.add("LP15", f"page {pno}", "table rows without their header row above "
                        f"them: {snippet(' '.join(r.text for r in brs[:4]))!r}")


@rule_check("LP16")
def _margins(lay: _Layout, rep: Report) -> None:
    """LP16: margins of 20 mm or more, measured on everything printed but artifacts."""
    marks, boxes = lay.marks, lay.boxes
    # LP16: margins, measured on everything printed except page furniture (artifacts)
    need = MARGIN_MM * PT_PER_MM - 0.5
    for pno, painted in sorted(marks.items()):
        box, _w, _h = boxes[pno - 1]
        x_lo, y_lo, x_hi, y_hi = min(box[0], box[2]), min(box[1], box[3]), \
            max(box[0], box[2]), max(box[1], box[3])
        sides = {"left": min(b[0] for b in painted) - x_lo,
                 "bottom": min(b[1] for b in painted) - y_lo,
                 "right": x_hi - max(b[2] for b in painted),
                 "top": y_hi - max(b[3] for b in painted)}
        narrow = {s: v for s, v in sides.items() if v < need}
        if narrow:
            text = ", ".join(f"{s} {v / PT_PER_MM:.1f} mm" for s, v in narrow.items())
            rep.add("LP16", f"page {pno}", f"margin under {MARGIN_MM:g} mm: {text}")
