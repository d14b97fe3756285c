"""DOCX checks on the XML parts: D01–D13, E01.

One walk over the body (and the headers and footers) collects every paragraph with the place
a person can find it ("heading '…'", "paragraph '…'", "table 3, row 2 '…'"); the rules run on
those records. Run formatting is resolved as Word does, by the one OOXML resolver
(editions/ooxml.py, shared with the large print rules): document defaults, table style (with
its first-row/first-column/banding parts), paragraph style, character style (each through
`basedOn`), then the run's own properties. Bold and italic are taken as the last level that
sets them (Word toggles them between style levels; the styles this project writes never
rely on that)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .. import model as m
from ..findings import Finding
from ..i18n import is_rtl
from ..ooxml import (
    PARSER,
    Styles,
    TableStyle,
    Theme,
    hex_colour,
    merge_para,
    merge_run,
    on,
)
from ..scripts import east_asian, region_tag
from ..select import EditionDoc
from . import published_notes
from .links import file_link_needs_size, placeholder_href, vague

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
_TEXT_TAGS = (T, TAB, PTAB, BR, CR)
_CONTENT = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldChar"), qn("w:fldSimple"),
            qn("w:instrText"), qn("w:sym"))
_VML_SHAPES = tuple(f"{{{V_NS}}}{t}" for t in (
    "shape", "rect", "roundrect", "oval", "line", "polyline", "arc", "curve", "group", "image"))

# letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana…) and East Asian ones
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
EAST_ASIAN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                        "\U00020000-\U0002ffff]")
LAYOUT_SPACE = re.compile("[ \t\u00a0\u2002\u2003\u2007\u2009]{2,}")
FALSE = ("0", "false", "off", "none")

# --- colours ---------------------------------------------------------------------------------


def _luminance(hex_: str) -> float:
    """WCAG 2 relative luminance of an RRGGBB colour."""
    out = 0.0
    for weight, i in ((0.2126, 0), (0.7152, 2), (0.0722, 4)):
        c = int(hex_[i:i + 2], 16) / 255
        out += weight * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# --- formatting properties, resolved through the style hierarchy --------------------------------


# --- the walk: every paragraph with its place ---------------------------------------------------


@dataclass
class _Table:
    el: object
    number: int
    style: TableStyle
    look: dict[str, bool]
    rows: int
    shd: str | None  # w:tblPr/w:shd


@dataclass
class _Cell:
    table: _Table
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
class _Para:
    el: object
    text: str
    style: str | None
    cell: _Cell | None
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


def _text(el) -> str:
    """A paragraph's text as a reader sees it: tabs and line breaks kept, text boxes left out
    (they are not in the paragraph's reading order; D08 reports them)."""
    nodes = el.iter(*_TEXT_TAGS)
    if next(el.iter(TXBX, VTEXTBOX), None) is not None:
        nodes = (t for t in el.iter(*_TEXT_TAGS)
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


def _look(tbl_pr) -> dict[str, bool]:
    el = tbl_pr.find(qn("w:tblLook")) if tbl_pr is not None else None
    bits = int(el.get(VAL) or "0", 16) if el is not None and el.get(VAL) else 0
    out = {}
    for k, bit in _LOOK_BITS.items():
        v = el.get(qn(f"w:{k}")) if el is not None else None
        out[k] = _on_val(v) if v is not None else bool(bits & bit)
    return out


def _on_val(v: str) -> bool:
    return v.lower() not in FALSE


class _Walk:
    def __init__(self, styles: Styles):
        self.styles = styles
        self.paras: list[_Para] = []
        self.tables: list[_Table] = []
        self.count = 0

    def container(self, el, part: str, cell: _Cell | None = None) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == P:
                ppr = child.find(PPR)
                ps = ppr.find(PSTYLE) if ppr is not None else None
                sid = ps.get(VAL) if ps is not None else None
                para = _Para(child, _text(child), sid, cell, part)
                para.heading = self.styles.name(sid).lower().startswith("heading ")
                self.paras.append(para)
            elif tag == TBL:
                self.table(child, part, cell)
            elif tag in (SDT, qn("w:customXml")):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.container(content, part, cell)

    def table(self, el, part: str, outer: _Cell | None) -> None:
        if outer is None:
            self.count += 1
        tbl_pr = el.find(TBLPR)
        ts = tbl_pr.find(qn("w:tblStyle")) if tbl_pr is not None else None
        shd = tbl_pr.find(qn("w:shd")) if tbl_pr is not None else None
        rows = el.findall(TR)
        t = _Table(el, outer.table.number if outer else self.count,
                   self.styles.table(ts.get(VAL) if ts is not None else None), _look(tbl_pr),
                   len(rows), self.styles.theme.shading(shd) if shd is not None else None)
        self.tables.append(t)
        for r, tr in enumerate(rows):
            cells = tr.findall(TC)
            for c, tc in enumerate(cells):
                tc_shd = tc.find(f"{TCPR}/{qn('w:shd')}")
                self.container(tc, part, _Cell(
                    t, r, c, len(cells),
                    self.styles.theme.shading(tc_shd) if tc_shd is not None else None))


# --- the check -------------------------------------------------------------------------------


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    out: list[Finding] = []

    def add(rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> None:
        out.append(Finding(rule, level, msg, fix, artifact=artifact, where=where))

    d = docx.Document(str(path))
    body = d.element.body
    try:
        theme_root = etree.fromstring(d.part.part_related_by(RT.THEME).blob, PARSER)
    except KeyError:
        theme_root = None
    styles = Styles(d.styles.element, Theme(theme_root, named_only=True))
    walk = _Walk(styles)
    walk.container(body, "")
    body_paras = len(walk.paras)
    for rel in d.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            walk.container(rel.target_part.element, rel.reltype.rsplit("/", 1)[1])
    paras = walk.paras
    where_of = {id(p.el): p for p in paras}  # the records keep their elements alive

    def para_of(el) -> _Para | None:
        outer = None
        for anc in el.iterancestors(P):
            outer = anc  # the outermost paragraph (a text box's paragraphs sit inside one)
        return where_of.get(id(outer)) if outer is not None else None

    def where(el) -> str:
        p = para_of(el)
        return p.where() if p is not None else "document body"

    for pr in body.iter(WP_DOCPR):
        descr = (pr.get("descr") or "").strip()
        if not descr or descr.lower().endswith((".png", ".jpg", ".jpeg", ".svg")):
            add("D01", f"picture {pr.get('name')!r} has no alt text (descr)", "add alt text",
                where(pr))
    for i, t in enumerate(d.tables, 1):
        first = t._tbl.tr_lst[0] if t._tbl.tr_lst else None
        trpr = first.trPr if first is not None else None
        if trpr is None or trpr.find(qn("w:tblHeader")) is None:
            add("D02", "table header row does not repeat (w:tblHeader)", "mark the first row",
                f"table {i}")
        look = t._tbl.tblPr.find(qn("w:tblLook"))
        if look is None or look.get(qn("w:firstRow")) != "1":
            add("D02", "tblLook firstRow is not 1", "set firstRow", f"table {i}")
        if t._tbl.xpath(".//w:gridSpan | .//w:vMerge | .//w:tbl//w:tbl"):
            add("D04", "merged cells or nested tables", "split the table", f"table {i}")
    previous = 0
    for p in paras[:body_paras]:
        if p.cell is not None:
            continue
        name = styles.name(p.style).lower()
        if p.heading and name[8:].isdigit():  # "heading 1" (Word's built-in name)
            level = int(name[8:])
            if level > previous + 1:
                add("D03", f"heading skips from level {previous} to {level}",
                    "fix heading levels", p.where())
            previous = level
        elif name == "normal" and p.text.strip() and len(p.text) < 60 and _all_bold(p.el):
            add("D03", "short bold paragraph used as a heading", "use a Heading style",
                p.where(), level="warning")

    _d05_spacing_tables(walk, add)
    _d06_links(d, body, ed, add, where)
    _d07_layout_spaces(paras[:body_paras], add)
    _d08_floating(d, body, add, where, paras)
    _d09_contrast(d, paras, styles, add)
    if is_rtl(ed.lang):
        _d12_right_to_left(paras, walk.tables, styles, add)
    if east_asian(ed.lang):
        _d13_east_asian(paras, styles, add)

    cp = d.core_properties
    if cp.title != ed.title:
        add("D10", f"title is {cp.title!r}, expected {ed.title!r}", "set core properties")
    if cp.language != ed.lang:
        add("D10", f"language is {cp.language!r}", "set core properties language")
    if "python-docx" in (cp.comments or "") + (cp.author or "") or (cp.created and cp.created.year < 2020):
        add("D10", "template leftovers in core properties", "overwrite description/author/dates")
    defaults = d.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")) \
        if defaults is not None else None
    want = (("w:eastAsia", region_tag(ed.lang)) if east_asian(ed.lang) else
            ("w:bidi", region_tag(ed.lang)) if is_rtl(ed.lang) else ("w:val", ed.lang))
    if lang is None or lang.get(qn(want[0])) != want[1]:
        have = None if lang is None else lang.get(qn(want[0]))
        add("D11", f"default {want[0]} in styles is {have!r}, expected {want[1]!r}",
            "set w:docDefaults/w:rPrDefault/w:rPr/w:lang for the edition's language")
    text = "\n".join(p.text for p in paras[:body_paras])
    out.extend(published_notes(text, notes, artifact))
    return out


def _all_bold(p) -> bool:
    """Every run of the paragraph itself (not its links) that has text is bold (w:b)."""
    runs = [r for r in p.iterchildren(R) if "".join(r.xpath("w:t/text()")).strip()]
    return bool(runs) and all(
        (b := r.find(f"{RPR}/{qn('w:b')}")) is not None and on(b) for r in runs)


def _empty(el) -> bool:
    """No visible text and nothing else that shows (picture, field, symbol)."""
    if any((t.text or "").strip() for t in el.iter(T)):
        return False
    return next(el.iter(*_CONTENT), None) is None


def _d05_spacing_tables(walk: _Walk, add) -> None:
    for t in walk.tables:
        rows = [tr.findall(TC) for tr in t.el.findall(TR)]
        empty = [[_empty(tc) for tc in row] for row in rows]
        for r, row in enumerate(empty):
            if row and all(row):
                add("D05", f"row {r + 1} of table {t.number} is empty (spacing)",
                    "delete the empty row; use cell margins or paragraph spacing",
                    f"table {t.number}, row {r + 1}", level="warning")
        if len(rows) < 2:
            continue
        for c in range(max(len(row) for row in rows)):
            column = [row[c] for row in empty if c < len(row)]
            if len(column) == len(rows) and all(column):
                add("D05", f"column {c + 1} of table {t.number} is empty (spacing)",
                    "delete the empty column; use cell margins or column widths",
                    f"table {t.number}, column {c + 1}", level="warning")


def _d06_links(d, body, ed: EditionDoc, add, where) -> None:
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    rels = d.part.rels
    fix = "say where the link goes in its own text (H08); give files their type and size"
    for h in body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in h.iter(T))
        anchor, rid = h.get(qn("w:anchor")), h.get(R_ID)
        target = None
        if rid is not None:
            rel = rels.get(rid)
            target = rel.target_ref if rel is not None and rel.is_external else None
            if rel is not None and not rel.is_external:
                target = rel.target_part.partname
        place = where(h)
        if vague(text, ed.lang):
            add("D06", f"vague link text {text.strip()!r}" if text.strip() else "link with no text",
                fix, place)
        if anchor is not None and rid is None:
            if placeholder_href("#" + anchor if anchor else "") or (anchor not in bookmarks and anchor != "_top"):
                add("D06", f"link {text.strip()[:40]!r} goes to a missing bookmark {anchor!r}",
                    "point the link at an existing heading bookmark", place)
        elif placeholder_href(target):
            add("D06", f"link {text.strip()[:40]!r} has no target", "give the link a real "
                "address or remove it", place)
        elif file_link_needs_size(target or "", text):
            add("D06", f"link {text.strip()[:40]!r} to a file does not say its type and size",
                'add the type and size to the link text, e.g. "(PDF, 2 MB)"', place)


def _d07_layout_spaces(paras: list[_Para], add) -> None:
    blank: list[_Para] = []
    last_text: _Para | None = None

    def flush() -> None:
        if not blank:
            return
        n = len(blank)
        after = f"after {last_text.where()}" if last_text else "at the start"
        add("D07", f"{n} empty paragraph{'s' if n > 1 else ''} used for spacing",
            "delete them; use paragraph spacing (space before/after) instead",
            f"{'empty paragraph' if n == 1 else f'{n} empty paragraphs'} {after}",
            level="warning")
        blank.clear()

    for p in paras:
        if p.text.strip() or not _empty(p.el):
            flush()
            last_text = p if p.text.strip() else last_text
            if LAYOUT_SPACE.search(p.text.strip("\n")):
                add("D07", "runs of spaces or tabs used for layout",
                    "use one space; indents, tab stops or a table for alignment", p.where(),
                    level="warning")
            continue
        if _keeps_empty(p):
            flush()
            continue
        blank.append(p)
    flush()


def _keeps_empty(p: _Para) -> bool:
    """Empty paragraphs Word needs: a cell's only paragraph, the paragraph after a table at the
    end of a cell or of the document, a section break, a page break."""
    el = p.el
    if next(el.iter(BR), None) is not None or el.find(f"{PPR}/{qn('w:sectPr')}") is not None:
        return True
    siblings = [c for c in el.getparent() if c.tag in (P, TBL)]
    if p.cell is not None and len(siblings) == 1:
        return True
    prev = el.getprevious()
    is_last = siblings and siblings[-1] is el
    return prev is not None and prev.tag == TBL and bool(is_last)


def _d08_floating(d, body, add, where, paras) -> None:
    roots = [("", body)] + [
        (rel.reltype.rsplit("/", 1)[1], rel.target_part.element) for rel in d.part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]
    seen = set()
    kinds = ((WP_ANCHOR, "floating picture or shape (wp:anchor)",
              "make it inline with text (wp:inline)"),
             (TXBX, "text box", "move the text into the body"),
             (VTEXTBOX, "text box", "move the text into the body"))
    for part, root in roots:
        for tag, what, fix in kinds:
            for el in root.iter(tag):
                place = where(el) if part == "" else f"{part}"
                if (what, place) not in seen:
                    seen.add((what, place))
                    add("D08", f"{what}", fix, place)
        for el in root.iter(*_VML_SHAPES):
            style = (el.get("style") or "").replace(" ", "").lower()
            if "position:absolute" in style:
                place = where(el) if part == "" else f"{part}"
                if ("vml", place) not in seen:
                    seen.add(("vml", place))
                    add("D08", "floating VML shape (position:absolute)",
                        "make it an inline picture with alt text", place)
    for p in paras:
        frame = p.el.find(f"{PPR}/{qn('w:framePr')}")
        if frame is not None:
            add("D08", "paragraph in a frame (w:framePr) floats outside the text",
                "remove the frame", p.where())


def _run_props(r, p: _Para, styles: Styles, cache: dict) -> tuple[dict, dict]:
    """(run properties, paragraph properties) for a run, resolved through the hierarchy."""
    rpr = r.find(RPR)
    rs = rpr.find(RSTYLE) if rpr is not None else None
    rsid = rs.get(VAL) if rs is not None else None
    cell = p.cell
    parts = tuple(cell.parts()) if cell is not None else ()
    key = (p.style, rsid, id(cell.table.style) if cell is not None else 0, parts)
    base = cache.get(key)
    if base is None:
        props = dict(styles.doc_rpr)
        if cell is not None:
            ts = cell.table.style
            props.update(ts.rpr)
            for part in parts:
                props.update(ts.parts.get(part, ({}, None))[0])
        pr, pp = styles.style(p.style, "paragraph")
        props.update(pr)
        if rsid:
            props.update(styles.style(rsid, "character")[0])
        base = cache[key] = (props, {**styles.doc_ppr, **pp})
    own = merge_run({}, rpr, styles.theme)
    ppr = p.el.find(PPR)
    own_p = merge_para({}, ppr, styles.theme) if ppr is not None else {}
    return ({**base[0], **own} if own else base[0]), ({**base[1], **own_p} if own_p else base[1])


def _runs(p: _Para):
    """The runs of a paragraph with visible text (not inside a text box's own paragraphs)."""
    for r in p.el.iter(R):
        text = "".join(t.text or "" for t in r.iter(T))
        if text.strip():
            yield r, text


def _background(props: dict, pprops: dict, cell: _Cell | None, page: str) -> str:
    for v in (props.get("highlight"), props.get("shd"), pprops.get("shd")):
        if v:
            return v
    if cell is not None:
        if cell.shd:
            return cell.shd
        for part in reversed(cell.parts()):
            shd = cell.table.style.parts.get(part, ({}, None))[1]
            if shd:
                return shd
        if cell.table.style.shd:
            return cell.table.style.shd
        if cell.table.shd:
            return cell.table.shd
    return page


def _d09_contrast(d, paras: list[_Para], styles: Styles, add) -> None:
    bg_el = d.element.find(qn("w:background"))
    page = (styles.theme.colour(bg_el) or hex_colour(bg_el.get(qn("w:color")))
            if bg_el is not None else None) or "FFFFFF"
    cache: dict = {}
    failures: dict[tuple, list] = {}
    for p in paras:
        for r, _ in _runs(p):
            props, pprops = _run_props(r, p, styles, cache)
            if props.get("vanish"):
                continue
            bg = _background(props, pprops, p.cell, page)
            fg = props.get("color", "auto")
            if fg == "auto":  # Word shows automatic text black, or white on dark shading
                fg = "000000" if contrast("000000", bg) >= contrast("FFFFFF", bg) else "FFFFFF"
            complex_ = props.get("rtl") or props.get("cs")
            size = (props.get("szCs") if complex_ else props.get("sz")) or 10.0  # points
            bold = props.get("bCs") if complex_ else props.get("b")
            large = size >= 18 or (bold and size >= 14)
            need = 3.0 if large else 4.5
            ratio = contrast(fg, bg)
            if ratio < need:
                failures.setdefault((fg, bg, need, round(ratio, 2), p.style), []).append(p)
    for (fg, bg, need, ratio, sid), where in failures.items():
        n = len(where)
        add("D09", f"text #{fg} on #{bg} has contrast {ratio}:1, needs {need}:1 "
            f"({n} run{'s' if n > 1 else ''} in style {styles.name(sid)!r})",
            "darken the text colour (or lighten the shading) in the style or run; colours "
            "come from layouts/docx/styles.yaml", where[0].where())


def _d12_right_to_left(paras: list[_Para], tables: list[_Table], styles: Styles, add) -> None:
    cache: dict = {}
    for p in paras:
        text = p.text
        if not text.strip():
            continue
        missing: dict[str, int] = {}
        # a paragraph without right-to-left letters is in another language (English fallback, the
        # multilingual notice) or only numbers, and may keep left-to-right direction
        if RTL_LETTERS.search(text):
            pprops = _run_props_p(p, styles, cache)
            if not pprops.get("bidi"):
                missing["w:bidi on the paragraph"] = 1
        for r, rtext in _runs(p):
            if not RTL_LETTERS.search(rtext):
                continue
            props, _ = _run_props(r, p, styles, cache)
            for ok, what in ((props.get("rtl"), "w:rtl"),
                             (props.get("fonts", {}).get("cs"), "a complex-script font (w:rFonts w:cs)"),
                             (props.get("szCs"), "a complex-script size (w:szCs)")):
                if not ok:
                    missing[what] = missing.get(what, 0) + 1
        if missing:
            parts = [w if w.endswith("paragraph") else f"{w} on {n} right-to-left run{'s' if n > 1 else ''}"
                     for w, n in missing.items()]
            add("D12", "right-to-left text without " + ", ".join(parts),
                "mark right-to-left paragraphs w:bidi and their runs w:rtl, with w:cs font and w:szCs "
                "(directly or in the style)", p.where())
    for t in tables:
        bv = t.el.find(f"{TBLPR}/{qn('w:bidiVisual')}")
        if not (on(bv) if bv is not None else t.style.bidi_visual):
            add("D12", "table is not laid out right to left (w:bidiVisual)",
                "set w:bidiVisual in the table properties", f"table {t.number}")


def _run_props_p(p: _Para, styles: Styles, cache: dict) -> dict:
    key = ("p", p.style)
    if key not in cache:
        cache[key] = {**styles.doc_ppr, **styles.style(p.style, "paragraph")[1]}
    ppr = p.el.find(PPR)
    return {**cache[key], **merge_para({}, ppr, styles.theme)} if ppr is not None \
        else cache[key]


def _d13_east_asian(paras: list[_Para], styles: Styles, add) -> None:
    cache: dict = {}
    for p in paras:
        no_font = italic = 0
        for r, rtext in _runs(p):
            if not EAST_ASIAN.search(rtext):
                continue
            props, _ = _run_props(r, p, styles, cache)
            no_font += not props.get("fonts", {}).get("eastAsia")
            italic += bool(props.get("i"))
        if no_font:
            add("D13", f"{no_font} East Asian run{'s' if no_font > 1 else ''} without an East "
                "Asian font (w:rFonts w:eastAsia)", "set w:eastAsia in the style (or the run)",
                p.where())
        if italic:
            add("D13", f"{italic} East Asian run{'s' if italic > 1 else ''} in italics (w:i)",
                "remove italics; emphasise East Asian text with bold", p.where())
