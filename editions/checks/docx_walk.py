"""The DOCX the checks read (checks/docx.py, docx_format.py): the element names, and one walk
over the body, headers and footers that records every paragraph with the place a person can
find it ("heading '…'", "paragraph '…'", "table 3, row 2 '…'") and every table with its style
and look."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from ..ooxml import Styles, TableStyle

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
WP_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V_NS = "urn:schemas-microsoft-com:vml"
R_ID = qn("r:id")

P, R, T, TBL, TR, TC = (qn(f"w:{t}") for t in ("p", "r", "t", "tbl", "tr", "tc"))
TAB, PTAB, BR, CR = (qn(f"w:{t}") for t in ("tab", "ptab", "br", "cr"))
PPR, RPR, TCPR, TBLPR, PSTYLE, RSTYLE = (
    qn(f"w:{t}") for t in ("pPr", "rPr", "tcPr", "tblPr", "pStyle", "rStyle"))
SDT, SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
TXBX, VTEXTBOX = qn("w:txbxContent"), f"{{{V_NS}}}textbox"
VAL = qn("w:val")
TEXT_TAGS = (T, TAB, PTAB, BR, CR)
CONTENT = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:fldSimple"),
            qn("w:instrText"), qn("w:sym"))
VML_SHAPES = tuple(f"{{{V_NS}}}{t}" for t in (
    "shape", "rect", "roundrect", "oval", "line", "polyline", "arc", "curve", "group", "image"))

# letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana…) and East Asian ones
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
EAST_ASIAN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                        "\U00020000-\U0002ffff]")
LAYOUT_SPACE = re.compile("[ \t\u00a0\u2002\u2003\u2007\u2009]{2,}")
FALSE = ("0", "false", "off", "none")

@dataclass
class Table:
    el: object
    number: int
    style: TableStyle
    look: dict[str, bool]
    rows: int
    shd: str | None  # w:tblPr/w:shd


@dataclass
class Cell:
    table: Table
    row: int
    col: int
    cols: int
    shd: str | None  # w:tcPr/w:shd

    def parts(self) -> list[str]:
        """The table style's conditional parts for this cell, lowest priority first."""
        t, look, out = self.table, self.table.look, ["wholeTable"]
        body_row = self.row - (1 if look["firstRow"] else 0)
        if not look["noHBand"] and body_row >= 0:
            out.append("band1Horz" if body_row % 2 == 0 else "band2Horz")
        body_col = self.col - (1 if look["firstColumn"] else 0)
        if not look["noVBand"] and body_col >= 0:
            out.append("band1Vert" if body_col % 2 == 0 else "band2Vert")
        if look["firstColumn"] and self.col == 0:
            out.append("firstCol")
        if look["lastColumn"] and self.col == self.cols - 1:
            out.append("lastCol")
        if look["firstRow"] and self.row == 0:
            out.append("firstRow")
        if look["lastRow"] and self.row == t.rows - 1:
            out.append("lastRow")
        return out


@dataclass
class Para:
    el: object
    text: str
    style: str | None
    cell: Cell | None
    part: str  # "" for the body, "header", "footer"
    heading: bool = False

    def where(self) -> str:
        start = self.text.strip()[:40]
        place = (f"{self.part} " if self.part else "")
        if self.cell is not None:
            place += f"table {self.cell.table.number}, row {self.cell.row + 1}"
            return place + (f" {start!r}" if start else "")
        kind = "heading" if self.heading else "paragraph"
        return place + f"{kind} {start!r}"


def para_text(el) -> str:
    """A paragraph's text as a reader sees it: tabs and line breaks kept, text boxes left out
    (they are not in the paragraph's reading order; D08 reports them)."""
    nodes = el.iter(*TEXT_TAGS)
    if next(el.iter(TXBX, VTEXTBOX), None) is not None:
        nodes = (t for t in el.iter(*TEXT_TAGS)
                 if not any(a.tag in (TXBX, VTEXTBOX) for a in t.iterancestors()))
    out = []
    for t in nodes:
        if t.tag == T:
            out.append(t.text or "")
        elif t.tag in (BR, CR):
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}


def table_look(tbl_pr) -> dict[str, bool]:
    el = tbl_pr.find(qn("w:tblLook")) if tbl_pr is not None else None
    bits = int(el.get(VAL) or "0", 16) if el is not None and el.get(VAL) else 0
    out = {}
    for k, bit in _LOOK_BITS.items():
        v = el.get(qn(f"w:{k}")) if el is not None else None
        out[k] = on_val(v) if v is not None else bool(bits & bit)
    return out


def on_val(v: str) -> bool:
    return v.lower() not in FALSE


class Walk:
    def __init__(self, styles: Styles):
        self.styles = styles
        self.paras: list[Para] = []
        self.tables: list[Table] = []
        self.count = 0

    def container(self, el, part: str, cell: Cell | None = None) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == P:
                ppr = child.find(PPR)
                ps = ppr.find(PSTYLE) if ppr is not None else None
                sid = ps.get(VAL) if ps is not None else None
                para = Para(child, para_text(child), sid, cell, part)
                para.heading = self.styles.name(sid).lower().startswith("heading ")
                self.paras.append(para)
            elif tag == TBL:
                self.table(child, part, cell)
            elif tag in (SDT, qn("w:customXml")):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.container(content, part, cell)

    def table(self, el, part: str, outer: Cell | None) -> None:
        if outer is None:
            self.count += 1
        tbl_pr = el.find(TBLPR)
        ts = tbl_pr.find(qn("w:tblStyle")) if tbl_pr is not None else None
        shd = tbl_pr.find(qn("w:shd")) if tbl_pr is not None else None
        rows = el.findall(TR)
        t = Table(el, outer.table.number if outer else self.count,
                   self.styles.table(ts.get(VAL) if ts is not None else None), table_look(tbl_pr),
                   len(rows), self.styles.theme.shading(shd) if shd is not None else None)
        self.tables.append(t)
        for r, tr in enumerate(rows):
            cells = tr.findall(TC)
            for c, tc in enumerate(cells):
                tc_shd = tc.find(f"{TCPR}/{qn('w:shd')}")
                self.container(tc, part, Cell(
                    t, r, c, len(cells),
                    self.styles.theme.shading(tc_shd) if tc_shd is not None else None))
