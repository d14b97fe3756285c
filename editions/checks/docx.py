"""DOCX checks on the XML parts: D01 D02 D03 D04 D10 D11, E01."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from .. import model as m
from ..findings import Finding
from ..select import EditionDoc
from . import published_notes

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    out: list[Finding] = []

    def add(rule: str, msg: str, fix: str, where: str = "", level: str = "error") -> None:
        out.append(Finding(rule, level, msg, fix, artifact=artifact, where=where))

    d = docx.Document(str(path))
    body = d.element.body
    for pr in body.iter(WP_DOCPR):
        descr = (pr.get("descr") or "").strip()
        if not descr or descr.lower().endswith((".png", ".jpg", ".jpeg", ".svg")):
            add("D01", f"picture {pr.get('name')!r} has no alt text (descr)", "add alt text")
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
    for p in d.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            level = int(name.split()[1])
            if level > previous + 1:
                add("D03", f"heading skips from level {previous} to {level}",
                    "fix heading levels", f"heading {p.text[:40]!r}")
            previous = level
        elif name == "Normal" and p.text.strip() and len(p.text) < 60 and p.runs and all(
                r.bold for r in p.runs if r.text.strip()):
            add("D03", "short bold paragraph used as a heading", "use a Heading style",
                f"paragraph {p.text[:40]!r}", level="warning")
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
    base = ed.lang.split("-")[0]
    want = (("w:eastAsia", "zh-CN") if base == "zh" else ("w:bidi", "ur-PK") if base == "ur"
            else ("w:val", ed.lang))
    if lang is None or lang.get(qn(want[0])) != want[1]:
        have = None if lang is None else lang.get(qn(want[0]))
        add("D11", f"default {want[0]} in styles is {have!r}, expected {want[1]!r}",
            "set w:docDefaults/w:rPrDefault/w:rPr/w:lang for the edition's language")
    text = "\n".join(p.text for p in d.paragraphs)
    text += "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    out.extend(published_notes(text, notes, artifact))
    return out
