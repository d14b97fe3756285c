"""The repair pass: close the gaps WeasyPrint's PDF/UA mode leaves, with pikepdf (TOOLCHAIN.md).
It reads the document through the same reader as the checks (pdf/tree.py, pdf/content.py):

- Running footers (`@page` margin boxes) are `/Span` content whose elements are never linked
  into the tree. Every marked-content sequence whose element is not reachable from the
  StructTreeRoot becomes a pagination `/Artifact`, its ParentTree entry cleared (P01/P14).
- Lists (P10): a `<dl>` entry wrapper (`<div>` inside `<dl>`) becomes an `LI` holding the term
  as `Lbl` and the definition as `LBody`; block children of a list item (`<li><p>`) go into its
  `LBody`; the empty `LI` WeasyPrint leaves after a nested list goes.
- Tables (P09): one `/Table` per table, not per page (pdf/tables.py); `/IDTree` for TD `/Headers`.
- Links (P11): WeasyPrint's `/Contents` is the raw target (a fragment id or URL); it becomes the
  link's text, read from its Link structure element's marked content (glyphs decoded through
  the fonts' ToUnicode maps, right-to-left runs put back in reading order). An element inside a
  link that got its own annotation (`<a><abbr>`) hands the annotation to the Link.
- Output is deterministic: fixed /ID derived from the content, no fresh timestamps.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..select import EditionDoc
from .reader import PdfFile
from .tables import TextOf, join_tables
from .tree import (
    dest_page,
    elements,
    is_element,
    kids,
    labels,
    number_tree,
    parent_tree,
    reachable,
    set_number,
)


def orphans(doc: PdfFile):
    """Marked-content sequences whose structure element is not in the tree, page by page, from
    what the reader read on each page (`Page.mcids`, where each was opened): yields (page
    index, [(operator index, mcid, ParentTree array)])."""
    tree = doc.tree
    if tree is None:
        return
    reached = reachable(tree)
    parents = parent_tree(tree)  # read afresh: the repair pass changes the tree
    for index, page in enumerate(doc.pdf.pages):
        key = page.obj.get("/StructParents")
        mapping = parents.get(int(key)) if key is not None else None
        read = doc.page(index)
        found = []
        for mcid, at in zip(read.mcids, read.opened_at):
            if at < 0:  # inside a form: the page's own content is what gets marked
                continue
            element = mapping[mcid] if mapping is not None and mcid < len(mapping) else None
            if not isinstance(element, Dictionary) or element.objgen not in reached:
                found.append((at, mcid, mapping))
        if found:
            yield index, found


def artifact_orphans(doc: PdfFile) -> int:
    """Turn marked content that is outside the structure tree into artifacts. Returns count."""
    fixed = 0
    for index, found in list(orphans(doc)):
        ops = doc.content.ops(index)
        for at, mcid, mapping in found:
            ops[at] = pikepdf.ContentStreamInstruction(
                [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
            if mapping is not None and mcid < len(mapping):
                mapping[mcid] = pikepdf.Object.parse(b"null")
            fixed += 1
        doc.content.replace(index, ops)
        doc.artifacted(index, {at for at, _mcid, _mapping in found})
    return fixed


def page_labels(pdf: pikepdf.Pdf) -> None:
    """P17: viewers show the numbers printed in the footer (counter(page) counts from the
    cover, which prints none)."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))


def _join(parts: list[tuple[object, str]]) -> str:
    """Join text pieces, with a space where the next one starts another line."""
    out = ""
    previous = None
    for line, text in parts:
        if previous is not None and line != previous and not out.endswith(" "):
            out += " "
        out += text
        previous = line
    out = re.sub(r"(\s*[.·…]){3,}\s*", " ", out)  # contents leaders
    return " ".join(out.replace("\ufffd", "").split())


def _new_element(pdf: pikepdf.Pdf, tag: Name, parent: pikepdf.Dictionary,
                 children: list) -> pikepdf.Dictionary:
    el = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=tag, P=parent, K=Array(children)))
    if "/Pg" in parent:
        el.Pg = parent.Pg
    for child in children:
        if is_element(child):
            child.P = el
    return el


def fix_lists(pdf: pikepdf.Pdf) -> int:
    """P10: L → LI → (Lbl, LBody) where WeasyPrint writes something else. Returns count."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return 0
    fixed = 0
    lists = []
    for el in elements(tree):
        tag = el.get("/S")
        if tag == "/L":
            lists.append(el)
            items, entries = [], 0
            for kid in kids(el):
                if is_element(kid) and kid.S == "/Div" and kids(kid) and all(
                        is_element(k) and k.S == "/LI" for k in kids(kid)):
                    items.extend(_glossary_entry(kid, el))
                    entries += 1
                else:
                    items.append(kid)
            if entries:
                el.K = Array(items)
                fixed += entries
        elif tag == "/LI":
            fixed += _list_body(pdf, el)
    for el in lists:  # the fixes above make no list and take none out of the tree
        if any(_empty_item(k) for k in kids(el)):
            el.K = Array([k for k in kids(el) if not _empty_item(k)])
            fixed += 1
    return fixed


def _empty_item(node) -> bool:
    """An LI with nothing in it (WeasyPrint leaves one where a nested list ends an item)."""
    return is_element(node) and node.S == "/LI" and not kids(node)


def _glossary_entry(div: pikepdf.Dictionary, parent: pikepdf.Dictionary) -> list:
    """A `<div>` grouping `<dt>` and `<dd>` (each an LI with one LBody) becomes one LI: the
    term as Lbl, the definition as LBody. Any other shape: its LIs join the list."""
    items = kids(div)
    bodies = [kids(li) for li in items]
    if len(items) == 2 and all(len(b) == 1 and is_element(b[0]) and b[0].S == "/LBody"
                               for b in bodies):
        term, definition = bodies[0][0], bodies[1][0]
        term.S = Name.Lbl
        div.S = Name.LI
        div.K = Array([term, definition])
        term.P = definition.P = div
        div.P = parent
        return [div]
    for li in items:
        li.P = parent
    return items


def _list_body(pdf: pikepdf.Pdf, li: pikepdf.Dictionary) -> int:
    """Block children of a list item (`<li><p>`) go into its LBody."""
    items = kids(li)
    strays = [k for k in items if not (is_element(k) and str(k.S) in ("/Lbl", "/LBody"))]
    if not strays or not all(is_element(k) for k in strays):
        return 0  # content directly in the LI is left for the check to report
    bodies = [k for k in items if is_element(k) and k.S == "/LBody"]
    if len(bodies) > 1:
        return 0
    if bodies:
        body = bodies[0]
        at = items.index(body)
        before = [k for k in items[:at] if k in strays]
        after = [k for k in items[at:] if k in strays]
        body.K = Array(before + kids(body) + after)
        for k in strays:
            k.P = body
    else:
        body = _new_element(pdf, Name.LBody, li, strays)
    li.K = Array([k for k in items if is_element(k) and k.S == "/Lbl"] + [body])
    return 1


def id_tree(pdf: pikepdf.Pdf) -> int:
    """P09: the /IDTree through which TD /Headers find their TH (PDF 1.7, 14.7.2: required
    when any structure element has an /ID). Returns the number of IDs."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/IDTree" in tree:
        return 0
    ids = {bytes(el.ID): el for el in elements(tree) if "/ID" in el and el.is_indirect}
    if not ids:
        return 0
    names = Array()
    for key in sorted(ids):
        names.append(pikepdf.String(key))
        names.append(ids[key])
    tree.IDTree = pdf.make_indirect(Dictionary(Names=names))
    return len(ids)


def link_text(pdf: pikepdf.Pdf, link: pikepdf.Dictionary, page_of: dict, text_of) -> str:
    """The text of a Link structure element (and of the Link elements it sits in or holds);
    an element inside it with /ActualText or /Alt (an image) counts as that text."""
    while is_element(link.get("/P")) and link.P.S == "/Link":
        link = link.P
    parts: list[tuple[object, str]] = []

    def walk(el, pg):
        pg = el.get("/Pg", pg)
        for kid in kids(el):
            if isinstance(kid, int):
                if pg is not None and pg.objgen in page_of:
                    index = page_of[pg.objgen]
                    parts.extend(((index, line), t) for line, t in text_of(index).get(kid, []))
            elif is_element(kid):
                alt = str(kid.get("/ActualText", kid.get("/Alt", ""))).strip()
                if alt:
                    parts.append((("alt", len(parts)), alt))
                else:
                    walk(kid, pg)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                mpg = kid.get("/Pg", pg)
                if mpg is not None and mpg.objgen in page_of:
                    index = page_of[mpg.objgen]
                    parts.extend(((index, line), t)
                                 for line, t in text_of(index).get(int(kid.MCID), []))

    walk(link, None)
    return _join(parts)


def link_parents(pdf: pikepdf.Pdf) -> int:
    """P11: a link annotation belongs to a Link element. WeasyPrint gives an element inside a
    link its own annotation (`<a><abbr>UNCRC</abbr></a>`: a NonStruct in the Link): its
    object reference moves up to the Link. Returns the number moved."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return 0
    parents = number_tree(tree.ParentTree)
    moved = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if (not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link"
                    or "/StructParent" not in annot):
                continue
            key = int(annot.StructParent)
            el = parents.get(key)
            if not is_element(el) or el.S == "/Link":
                continue
            link = el.get("/P")
            while is_element(link) and link.S != "/Link":
                link = link.get("/P")
            if not is_element(link):
                el.S = Name.Link  # the element holds the link's content: it is the link
                moved += 1
                continue
            mine = [isinstance(k, Dictionary) and k.get("/Type") == "/OBJR"
                    and isinstance(k.get("/Obj"), Dictionary) and k.Obj.objgen == annot.objgen
                    for k in kids(el)]
            refs = [k for k, hit in zip(kids(el), mine) if hit]
            el.K = Array([k for k, hit in zip(kids(el), mine) if not hit])
            link.K = Array(kids(link) + (refs or [pdf.make_indirect(Dictionary(
                Type=Name.OBJR, Obj=annot, Pg=page.obj))]))
            set_number(tree.ParentTree, key, link)
            moved += 1
    return moved


def link_contents(pdf: pikepdf.Pdf, ed: EditionDoc, text_of: TextOf | None = None) -> int:
    """P11: every link annotation's /Contents is the link's text (PDF/UA 7.18.5); a link with
    no text says where it goes ("Go to page 4", the URL). Returns the number of links."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return 0
    parents = parent_tree(tree)
    page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    text_of = text_of or PdfFile.over(pdf).marked_text
    shown = labels(pdf)
    _ = getattr(ed, "_", None) or (lambda text, **kw: text % kw)  # interface string

    count = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            link = parents.get(int(annot.StructParent)) if "/StructParent" in annot else None
            text = link_text(pdf, link, page_of, text_of) if is_element(link) else ""
            if not text:
                action = annot.get("/A", Dictionary())
                if action.get("/S") == "/URI":
                    text = str(action.URI)
                else:
                    target = dest_page(pdf, annot.get("/Dest", action.get("/D")))
                    if target is not None:
                        text = _("Go to page %(page)s", page=shown[target])
            if text:
                annot.Contents = pikepdf.String(text)
                count += 1
    return count


def repair(data: bytes, ed: EditionDoc, layout: bool = False) -> tuple[bytes, PdfFile]:
    """The repaired PDF, and the reader the repair read it with, left open for the checks: the
    pages it read (with geometry when `layout`: a large-print PDF's rules want it) are the
    repaired document's (`PdfFile.artifacted`), so each PDF is parsed and read once per build.
    The caller closes it."""
    doc = PdfFile(None, layout=layout, pdf=pikepdf.open(io.BytesIO(data)))
    try:
        join_tables(doc.pdf, doc.marked_text, ed)  # first: the header rows it takes out
        artifact_orphans(doc)  # become artifacts here
        pdf = doc.pdf
        page_labels(pdf)
        fix_lists(pdf)
        id_tree(pdf)
        link_parents(pdf)
        link_contents(pdf, ed, doc.marked_text)
        doc.restructured()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue(), doc
    except BaseException:
        doc.close()
        raise


def finish_pdf(data: bytes, ed: EditionDoc) -> bytes:
    """The repaired PDF alone."""
    out, doc = repair(data, ed)
    doc.close()
    return out


__all__ = ["artifact_orphans", "finish_pdf", "fix_lists", "id_tree", "link_contents",
           "link_parents", "link_text", "orphans", "page_labels", "repair"]
