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
    Theme,
    on,
)
from ..rules import rule_check
from ..scripts import east_asian, region_tag
from ..select import EditionDoc
from . import published_notes
from .docx_format import _d09_contrast, _d12_right_to_left, _d13_east_asian
from .docx_walk import (
    BR,
    CONTENT,
    LAYOUT_SPACE,
    PPR,
    R_ID,
    RPR,
    TBL,
    TC,
    TR,
    TXBX,
    VML_SHAPES,
    VTEXTBOX,
    WP_ANCHOR,
    WP_DOCPR,
    P,
    Para,
    R,
    T,
    Walk,
)
from .links import file_link_needs_size, placeholder_href, vague

# --- the check -------------------------------------------------------------------------------


@rule_check("D01")
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
    walk = Walk(styles)
    walk.container(body, "")
    body_paras = len(walk.paras)
    for rel in d.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            walk.container(rel.target_part.element, rel.reltype.rsplit("/", 1)[1])
    paras = walk.paras
    where_of = {id(p.el): p for p in paras}  # the records keep their elements alive

    def para_of(el) -> Para | None:
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
    _d02_d04_tables(d, add)
    _d03_headings(paras[:body_paras], styles, add)
    _d05_spacing_tables(walk, add)
    _d06_links(d, body, ed, add, where)
    _d07_layout_spaces(paras[:body_paras], add)
    _d08_floating(d, body, add, where, paras)
    _d09_contrast(d, paras, styles, add)
    if is_rtl(ed.lang):
        _d12_right_to_left(paras, walk.tables, styles, add)
    if east_asian(ed.lang):
        _d13_east_asian(paras, styles, add)
    _d10_d11_properties(d, ed, add)
    text = "\n".join(p.text for p in paras[:body_paras])
    out.extend(published_notes(text, notes, artifact))
    return out


@rule_check("D02", "D04")
def _d02_d04_tables(d, add) -> None:
    """D02: the header row repeats and tblLook says so; D04: no merged cells, no nesting."""
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


@rule_check("D03")
def _d03_headings(body: list[Para], styles: Styles, add) -> None:
    """D03: heading styles in order, no short bold paragraph standing in for a heading."""
    previous = 0
    for p in body:
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


@rule_check("D10", "D11")
def _d10_d11_properties(d, ed: EditionDoc, add) -> None:
    """D10: title, language and no template leftovers in the core properties; D11: the
    default language of the styles is the edition's (in its script's slot)."""
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


def _all_bold(p) -> bool:
    """Every run of the paragraph itself (not its links) that has text is bold (w:b)."""
    runs = [r for r in p.iterchildren(R) if "".join(r.xpath("w:t/text()")).strip()]
    return bool(runs) and all(
        (b := r.find(f"{RPR}/{qn('w:b')}")) is not None and on(b) for r in runs)


def _empty(el) -> bool:
    """No visible text and nothing else that shows (picture, field, symbol)."""
    if any((t.text or "").strip() for t in el.iter(T)):
        return False
    return next(el.iter(*CONTENT), None) is None


@rule_check("D05")
def _d05_spacing_tables(walk: Walk, add) -> None:
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


@rule_check("D06")
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


@rule_check("D07")
def _d07_layout_spaces(paras: list[Para], add) -> None:
    blank: list[Para] = []
    last_text: Para | None = None

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


def _keeps_empty(p: Para) -> bool:
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


@rule_check("D08")
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
        for el in root.iter(*VML_SHAPES):
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


