"""P09, one table one structure element: a table that runs over several pages is one `/Table`
with one header row in the structure, not one `/Table` per page (WeasyPrint 70 writes one per
page; `pdf/tables.py` joins them). Called by `checks/pdf.py`."""

from __future__ import annotations

import pikepdf

from .. import model as m
from ..findings import Finding
from ..pdf.reader import PdfFile
from ..pdf.tables import cell_text, edition_tables, header_rows, table_parts
from ..pdf.tree import is_element, kids
from ..rules import rule_check

FIX = ("a table split over pages must be one Table with its header row once (the repeats on "
       "later pages are artifacts): pdf/tables.py join_tables")


def _column_headers_missing(table: pikepdf.Dictionary) -> int:
    """TDs whose /Headers (when they have any) leave out the TH of their column in the
    table's one header row (WeasyPrint's rows on a page where it did not repeat the header)."""
    heads = header_rows(table)
    if len(heads) != 1:
        return 0
    ids = [bytes(c.ID) if "/ID" in c else None for c in kids(heads[0]) if is_element(c)]
    missing = 0
    for body in (k for k in kids(table) if is_element(k) and k.S == "/TBody"):
        for row in (r for r in kids(body) if is_element(r)):
            cells = [c for c in kids(row) if is_element(c)]
            if len(cells) != len(ids):
                continue
            for name, cell in zip(ids, cells):
                attrs = cell.get("/A")
                for a in (list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]):
                    headers = a.get("/Headers") if isinstance(a, pikepdf.Dictionary) else None
                    if (cell.S == "/TD" and name and isinstance(headers, pikepdf.Array)
                            and len(headers) and name not in [bytes(h) for h in headers]):
                        missing += 1
    return missing


def _body_rows(group) -> int:
    return sum(1 for p in group for b in kids(p.table) if is_element(b) and b.S == "/TBody"
               for r in kids(b) if is_element(r))


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


@rule_check("P09")
def check(doc: PdfFile, ed, artifact: str) -> list[Finding]:
    """Each group of `/Table` parts (a table and its continuations on the following pages) is
    a table split in the structure; the number of tables, once joined, must be the edition's
    (when the edition's sections are known); every `/Table` has at most one header row."""
    pdf, text_of = doc.pdf, doc.marked_text
    groups = table_parts(pdf, text_of)
    model = edition_tables(ed)
    page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}

    def caption(table: pikepdf.Dictionary, n: int) -> str:
        found = [cell_text(k, page_of, text_of) for k in kids(table)
                 if is_element(k) and k.S == "/Caption"]
        if found and found[0]:
            return f"“{found[0][:80]}”"
        if len(model) == len(groups):
            return f"“{m.inline_text(model[n].caption)[:80]}”"
        return f"table {n + 1} (no caption)"

    out = []
    for n, group in enumerate(groups):
        first = min(group[0].pages) + 1
        last = max(p for part in group for p in part.pages) + 1
        loc = model[n].loc if len(model) == len(groups) else None
        if len(group) > 1:
            out.append(Finding(
                "P09", "error", f"table {caption(group[0].table, n)} is split into {len(group)} "
                f"Table structure elements, one per page ({_pages(first, last)}): a screen "
                "reader announces a new table, with its header row, on every page", FIX,
                loc=loc, artifact=artifact, where=f"page {first}"))
        rows = _body_rows(group)
        if loc is not None and rows != len(model[n].rows):
            out.append(Finding(
                "P09", "warning", f"table {caption(group[0].table, n)} has {rows} rows in the "
                f"structure for {len(model[n].rows)} in the content ({_pages(first, last)}): "
                "a row split over a page break is read as two", "keep rows shorter than a "
                "page, or see pdf/tables.py _merge_rows", loc=loc, artifact=artifact,
                where=f"page {first}"))
        for part in group:
            missing = _column_headers_missing(part.table)
            if missing:
                out.append(Finding(
                    "P09", "error", f"table {caption(group[0].table, n)}: {missing} TD "
                    "/Headers leave out the TH of their column", "name the column's TH in "
                    "each TD's /Headers: pdf/tables.py _column_headers", loc=loc,
                    artifact=artifact, where=f"page {part.pages[0] + 1}"))
            rows = len(header_rows(part.table))
            if rows > 1:
                out.append(Finding(
                    "P09", "error", f"table {caption(group[0].table, n)} has {rows} header rows "
                    f"in the structure ({_pages(part.pages[0] + 1, part.pages[-1] + 1)}): a "
                    "header row repeated on each page is read again each time", FIX, loc=loc,
                    artifact=artifact, where=f"page {part.pages[0] + 1}"))
    if getattr(ed, "sections", None) and len(groups) != len(model):
        count = sum(len(g) for g in groups)
        alone = sorted({g[0].pages[0] + 1 for g in groups if not g[0].caption})
        where = (f" (Table elements without a caption on page {', '.join(map(str, alone[:8]))})"
                 if alone else "")
        out.append(Finding(
            "P09", "error", f"the PDF has {count} Table structure elements for the edition's "
            f"{len(model)} tables{where}", FIX, artifact=artifact,
            where=f"page {alone[0]}" if alone else ""))
    return out
