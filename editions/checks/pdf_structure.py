"""PDF structure rules on the structure tree (pdf/tree.py): P09 tables (TH, /Headers through
the /IDTree or /Scope, no spans), P10 lists (L → LI → Lbl, LBody), P11 links (in a Link element,
/Contents in words); and which page an element is on, for the findings. Called by
checks/pdf.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Dictionary

from ..pdf.tree import is_element, kids, name_tree, number_tree


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
