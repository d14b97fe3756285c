"""DOCX tables (the DOCX writer, docx.py, calls `table`): a caption paragraph and the table's
own caption (w:tblCaption), a header row repeated on every page (w:tblHeader), the first column
marked as row headers when the table has them (w:tblLook firstColumn, bold), the cells' blocks
(paragraphs with line breaks, lists) at the layout's table size."""

from __future__ import annotations

from typing import Any, Protocol

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from .. import model as m
from ..i18n import is_rtl
from ..select import EditionDoc


class _Writer(Protocol):
    """What `table` uses of the DOCX writer that calls it (docx._Writer)."""

    ed: EditionDoc
    layout: dict
    doc: Any  # python-docx's Document

    def para(self, container, style: str | None = None) -> DocxParagraph: ...

    def inlines(self, p: DocxParagraph, nodes: list[m.Inline], bold=False, italic=False,
                lang: str = "") -> None: ...

    def _direction(self, p: DocxParagraph, lang: str) -> None: ...

    def blocks(self, container, nodes: list[m.Block], depth: int = 0, lang: str = "") -> None: ...



def table(w: _Writer, container, b: m.Table, lang: str) -> None:
    cols = max(len(b.header), *(len(r) for r in b.rows)) if b.rows else len(b.header)
    cap = w.para(container, "Caption")
    w.inlines(cap, b.caption, lang=b.lang or lang)
    w._direction(cap, b.lang or lang)
    cap.paragraph_format.keep_with_next = True
    if w.layout.get("caption_line_spacing"):  # the template's Caption is single-spaced (LP05)
        cap.paragraph_format.line_spacing = w.layout["line_spacing"]
    table = container.add_table(rows=1 + len(b.rows), cols=cols)
    table.style = w.doc.styles["Table Grid"]
    tbl_pr = table._tbl.tblPr
    caption_el = OxmlElement("w:tblCaption")
    caption_el.set(qn("w:val"), m.inline_text(b.caption)[:250])
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for k, v in {"w:firstRow": "1", "w:firstColumn": "1" if b.row_headers else "0",
                 "w:lastRow": "0", "w:lastColumn": "0", "w:noHBand": "1",
                 "w:noVBand": "1", "w:val": "04A0" if b.row_headers else "0420"}.items():
        look.set(qn(k), v)
    look.addprevious(caption_el)
    if is_rtl(lang or w.ed.lang):
        table.table_direction = 1
    size = Pt(w.layout["table_size"])
    for r, row in enumerate([b.header, *b.rows]):
        trow = table.rows[r]
        if r == 0:
            tr_pr = trow._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            tr_pr.append(header)
        for c, cell in enumerate(row):
            tcell = trow.cells[c]
            tcell.paragraphs[0]._p.getparent().remove(tcell.paragraphs[0]._p)
            w.blocks(tcell, cell.blocks, 0, lang)
            if not tcell.paragraphs:
                tcell.add_paragraph()
            for p in tcell.paragraphs:
                p.paragraph_format.space_after = Pt(4)
                for run in p.runs:
                    run.font.size = size
                    run._r.get_or_add_rPr()
                    cs = OxmlElement("w:szCs")
                    cs.set(qn("w:val"), str(int(size.pt * 2)))
                    run._r.rPr.append(cs)
                    if r == 0 or (c == 0 and b.row_headers):
                        run.bold = True
