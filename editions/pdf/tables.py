"""One HTML table, one `/Table` structure element (P09).

WeasyPrint 70 builds the structure tree page by page, so a table that runs over several pages
becomes one `/Table` per page, each in its own copy of the table's wrapper (`<div
class="table-wrap">` → `/Div`), and the header row that `thead { display: table-header-group }`
repeats on every page is tagged again (`/THead` → `/TR` → `/TH`) in every part, with TD
`/Headers` naming that part's copy of the TH. A screen reader then meets one table per page,
each with its header row.

`join_tables` (called by `repair.finish_pdf` before the orphaned marked content becomes
artifacts) puts the parts back together. Parts belong together (`parts`) when, in the
structure's reading order, the later part's first marked content comes right after the
earlier part's last (nothing in between), on the next page; the later part has no `/Caption`
(our layout gives every table one, and WeasyPrint draws it once, above the first part); and
both header rows have the same cells with the same text, or neither part has one. The later
parts' body rows move, in order, into the first part's `/TBody`; their repeated header row
leaves the structure (`artifact_orphans` then marks its content as a pagination `/Artifact`
and clears its ParentTree entries, so every marked-content sequence still belongs to exactly
one element); their TD `/Headers` are pointed at the first part's TH, and every TD's at the
TH of its column (WeasyPrint names none on a page where it drew no header row: a row too
tall to fit below one); the wrappers left empty are removed. A row taller than what is left
of a page is split by WeasyPrint into a TR on each page: when the edition's table says how
many rows there are, the continuation becomes part of its row again (`_merge_rows`). A part
holding anything else (a `/TFoot`, an annotation in its repeated header) is left alone: the
check (`checks/pdf_tables.py`) then reports the split. The drawing does not change: the
repeated header row stays on every page, as an artifact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary

from .. import model as m
from .reader import PdfFile
from .tree import elements, is_element, kids

TextOf = Callable[[int], dict]  # page index → {mcid: [(line key, text)]}


@dataclass
class Part:
    """One `/Table` element as WeasyPrint wrote it, with where its content lies in the
    structure's reading order: (index of its first and last marked content, their pages)."""

    table: pikepdf.Dictionary
    first: int
    last: int
    first_page: int
    last_page: int
    caption: bool = False
    pages: list[int] = field(default_factory=list)



def _marks(tree: pikepdf.Dictionary, page_of: dict
           ) -> tuple[dict[tuple, list[tuple[int, int]]], list[pikepdf.Dictionary]]:
    """Where each `/Table`'s marked content lies among all the marked-content references of
    the structure, in reading order (depth first): {objgen: [(position, page index)…]}; and
    the `/Table` elements in reading order (one walk for both)."""
    inside: dict = {}
    order: list[pikepdf.Dictionary] = []
    position = 0
    stack: list[tuple[object, object, tuple]] = [(k, None, ()) for k in
                                                 reversed(kids(tree))]
    seen: set = set()
    while stack:
        node, pg, tables = stack.pop()
        if isinstance(node, int) or (isinstance(node, Dictionary)
                                     and node.get("/Type") == "/MCR"):
            mpg = node.get("/Pg", pg) if isinstance(node, Dictionary) else pg
            index = page_of.get(mpg.objgen) if isinstance(mpg, Dictionary) else None
            if index is None:
                continue
            for t in tables:
                inside.setdefault(t, []).append((position, index))
            position += 1
        elif is_element(node):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if node.get("/S") == "/Table" and node.is_indirect:
                tables = (*tables, node.objgen)
                order.append(node)
            pg = node.get("/Pg", pg)
            stack.extend((k, pg, tables) for k in reversed(kids(node)))
    return inside, order


def table_parts(pdf: pikepdf.Pdf, text_of: TextOf) -> list[list[Part]]:
    """The `/Table` elements in reading order, grouped: each group is one table as WeasyPrint
    wrote it, its later parts the continuations on the following pages (see the module's
    docstring for what makes a part a continuation). A table on one page is a group of one.
    `text_of`: a page's text by marked content (`PdfFile.marked_text`)."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return []
    page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    inside, order = _marks(tree, page_of)
    groups: list[list[Part]] = []
    for el in order:
        if el.objgen not in inside:
            continue
        marks = inside[el.objgen]
        part = Part(el, marks[0][0], marks[-1][0], marks[0][1], marks[-1][1],
                    any(is_element(k) and k.S == "/Caption" for k in kids(el)),
                    sorted({p for _i, p in marks}))
        if groups and continues(groups[-1], part, page_of, text_of):
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def _section(table: pikepdf.Dictionary, tag: str) -> list[pikepdf.Dictionary]:
    return [k for k in kids(table) if is_element(k) and k.S == tag]


def header_rows(table: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """The table's header rows: the TRs of its THead, and any other TR made of TH only."""
    rows = [r for head in _section(table, "/THead") for r in kids(head)
            if is_element(r) and r.S == "/TR"]
    for body in _section(table, "/TBody") + _section(table, "/TFoot") + [table]:
        for r in kids(body):
            if is_element(r) and r.S == "/TR":
                cells = [c for c in kids(r) if is_element(c)]
                if cells and all(c.S == "/TH" for c in cells):
                    rows.append(r)
    return rows


def _cells(row: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    return [c for c in kids(row) if is_element(c) and str(c.S) in ("/TH", "/TD")]


def cell_text(el: pikepdf.Dictionary, page_of: dict, text_of, pg=None) -> str:
    """The text of an element's marked content (in reading order, words joined by spaces)."""
    pg = el.get("/Pg", pg)
    parts: list[str] = []
    for k in kids(el):
        if isinstance(k, int) and isinstance(pg, Dictionary) and pg.objgen in page_of:
            parts.extend(t for _line, t in text_of(page_of[pg.objgen]).get(k, []))
        elif isinstance(k, Dictionary) and k.get("/Type") == "/MCR":
            mpg = k.get("/Pg", pg)
            if isinstance(mpg, Dictionary) and mpg.objgen in page_of:
                parts.extend(t for _line, t in text_of(page_of[mpg.objgen]).get(int(k.MCID), []))
        elif is_element(k):
            parts.append(cell_text(k, page_of, text_of, pg))
    return " ".join(" ".join(parts).split())


def _head_text(table: pikepdf.Dictionary, page_of: dict, text_of) -> list[list[str]]:
    return [[cell_text(c, page_of, text_of) for c in _cells(r)]
            for head in _section(table, "/THead") for r in kids(head) if is_element(r)]


def continues(group: list[Part], part: Part, page_of: dict, text_of) -> bool:
    """`part` continues the table whose parts so far are `group`: it has no caption, its
    content follows the group's in reading order, starting on the next page, and its header
    row repeats the table's (the first part may be the caption alone, without one)."""
    before = group[-1]
    if part.caption or part.first != before.last + 1 or part.first_page != before.last_page + 1:
        return False
    repeat = _head_text(part.table, page_of, text_of)
    head = next((h for h in (_head_text(p.table, page_of, text_of) for p in group) if h), [])
    return not head or not repeat or head == repeat


# --- the join ---------------------------------------------------------------------------------


def _joinable(part: pikepdf.Dictionary) -> bool:
    """A continuation holds a repeated header row and body rows, nothing else (no TFoot, no
    annotation in its header row)."""
    for kid in kids(part):
        if not is_element(kid) or str(kid.S) not in ("/THead", "/TBody"):
            return False
    for head in _section(part, "/THead"):
        stack = [head]
        while stack:
            node = stack.pop()
            for k in kids(node):
                if is_element(k):
                    stack.append(k)
                elif isinstance(k, Dictionary) and k.get("/Type") == "/OBJR":
                    return False
    return True


def _ids(table: pikepdf.Dictionary) -> list[list[bytes | None]]:
    return [[bytes(c.ID) if "/ID" in c else None for c in _cells(r)]
            for head in _section(table, "/THead") for r in kids(head) if is_element(r)]


def _point_headers(rows: list, names: dict[bytes, bytes]) -> None:
    """TD /Headers naming a repeated TH name the first part's TH instead."""
    stack = list(rows)
    while stack:
        node = stack.pop()
        stack.extend(k for k in kids(node) if is_element(k))
        attrs = node.get("/A")
        for a in (list(attrs) if isinstance(attrs, Array) else [attrs]):
            if isinstance(a, Dictionary) and isinstance(a.get("/Headers"), Array):
                a.Headers = Array([pikepdf.String(names.get(bytes(h), bytes(h)))
                                   for h in a.Headers])


def _detach(el: pikepdf.Dictionary) -> None:
    """Take an element out of its parent; a parent left empty goes too (the wrapper `/Div`
    WeasyPrint repeats on each page)."""
    while True:
        parent = el.get("/P")
        if not is_element(parent):
            return
        rest = [k for k in kids(parent)
                if not (isinstance(k, Dictionary) and k.is_indirect and k.objgen == el.objgen)]
        parent.K = Array(rest)
        if rest or parent.S == "/Document":
            return
        el = parent


def _join(first: pikepdf.Dictionary, part: pikepdf.Dictionary) -> tuple | None:
    """Move a continuation's body rows into the first part; returns the objgen of its first
    body row (where a row split over the page break would continue)."""
    names = {}
    heads, repeats = _ids(first), _ids(part)
    for row, again in zip(heads, repeats):
        names.update({b: a for a, b in zip(row, again) if a is not None and b is not None})
    if not heads:  # the first part is its caption alone: the header row is the second part's
        for head in _section(part, "/THead"):
            here = kids(first)
            at = next((i for i, k in enumerate(here) if is_element(k) and k.S == "/TBody"),
                      len(here))
            first.K = Array(here[:at] + [head] + here[at:])
            head.P = first
    rows = [r for body in _section(part, "/TBody") for r in kids(body)]
    _point_headers([r for r in rows if is_element(r)], names)
    bodies = _section(first, "/TBody")
    if bodies:
        bodies[-1].K = Array(kids(bodies[-1]) + rows)
        for r in rows:
            if is_element(r):
                r.P = bodies[-1]
    else:
        for body in _section(part, "/TBody"):
            first.K = Array(kids(first) + [body])
            body.P = first
    part.K = Array()  # what stays (the repeated header row) leaves the structure with it
    _detach(part)
    return next((r.objgen for r in rows if is_element(r) and r.is_indirect), None)


def _attrs(cell: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    """The cell's /Table attribute dictionary (/A is one dictionary or an array of them)."""
    attrs = cell.get("/A")
    for a in (list(attrs) if isinstance(attrs, Array) else [attrs]):
        if isinstance(a, Dictionary) and a.get("/O") == "/Table":
            return a
    return None


def _column_headers(table: pikepdf.Dictionary) -> None:
    """Every TD's /Headers name the TH of its column in the one header row. WeasyPrint gives
    the rows of a page where it did not repeat the header row (a row too tall to fit with it)
    no column header at all."""
    heads = [r for head in _section(table, "/THead") for r in kids(head)
             if is_element(r)]
    if len(heads) != 1:
        return
    ids = [bytes(c.ID) if "/ID" in c else None for c in _cells(heads[0])]
    rows = [r for body in _section(table, "/TBody") for r in kids(body) if is_element(r)]
    cells = [c for r in [heads[0], *rows] for c in _cells(r)]
    if any(int((_attrs(c) or {}).get("/ColSpan", 1)) != 1
           or int((_attrs(c) or {}).get("/RowSpan", 1)) != 1 for c in cells):
        return
    for row in rows:
        here = _cells(row)
        if len(here) != len(ids):
            continue
        for name, cell in zip(ids, here):
            a = _attrs(cell)
            if cell.S != "/TD" or name is None or a is None:
                continue
            known = [bytes(h) for h in a.get("/Headers", Array())]
            if name not in known:
                a.Headers = Array([pikepdf.String(h) for h in [*known, name]])


def _drawn(el: pikepdf.Dictionary) -> bool:
    """The element (or one inside it) owns marked content or an annotation."""
    stack = [el]
    while stack:
        for k in kids(stack.pop()):
            if is_element(k):
                stack.append(k)
            elif isinstance(k, int | Dictionary):
                return True
    return False


def _merge_rows(table: pikepdf.Dictionary, starts: list[tuple], expected: int) -> int:
    """A row too tall for what is left of a page is split by WeasyPrint into a TR on each page
    (the cells already complete are empty in the second). With more TRs than the content has
    rows, and exactly as many continuation rows (first on their page, a cell empty) as extra
    TRs, each such TR goes into the row before it: cell by cell, its content appended."""
    rows = [r for body in _section(table, "/TBody") for r in kids(body) if is_element(r)]
    at = {r.objgen: i for i, r in enumerate(rows)}
    merge = [at[s] for s in starts if at.get(s, 0) > 0
             and any(not _drawn(c) for c in _cells(rows[at[s]]))]
    if len(rows) - expected <= 0 or len(merge) != len(rows) - expected:
        return 0
    for i in merge:  # the shape is checked for all of them before any is changed
        before, after = _cells(rows[i - 1]), _cells(rows[i])
        if len(before) != len(after) or len(after) != len(kids(rows[i])) or any(
                not is_element(k) for c in after for k in kids(c)):
            return 0
    for i in reversed(merge):
        for cell, more in zip(_cells(rows[i - 1]), _cells(rows[i])):
            moved = kids(more)
            cell.K = Array(kids(cell) + moved)
            for k in moved:
                k.P = cell
        rows[i].K = Array()
        _detach(rows[i])
    return len(merge)


def edition_tables(ed) -> list:
    """The tables of an edition (`EditionDoc`), in reading order, after large print
    linearised some: one `<table>` each in the PDF."""
    return [b for top in getattr(ed, "sections", None) or [] for s in top.walk()
            for b in m.walk_blocks(s.blocks) if isinstance(b, m.Table)]


def join_tables(pdf: pikepdf.Pdf, text_of: TextOf | None = None, ed=None) -> list[list[Part]]:
    """Join each table WeasyPrint split over pages into one `/Table`; call before
    `repair.artifact_orphans`, which makes the repeated header rows artifacts. `text_of`: the
    pages' text by marked content (`PdfFile.marked_text`), shared; `ed`: the edition, whose tables say how
    many rows each has (a row split over a page break becomes one again). Returns the groups
    joined (each: its parts, the first one the table that remains)."""
    joined = []
    starts: dict[tuple, list[tuple]] = {}
    for group in table_parts(pdf, text_of or PdfFile.over(pdf).marked_text):
        if len(group) < 2 or not all(_joinable(p.table) for p in group[1:]):
            continue
        first = group[0].table
        starts[first.objgen] = [s for p in group[1:] if (s := _join(first, p.table))]
        _column_headers(first)
        joined.append(group)
    model = edition_tables(ed)
    tables = [e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Table"] \
        if starts and model else []
    if len(tables) == len(model):
        for el, table in zip(tables, model):
            if el.objgen in starts:
                _merge_rows(el, starts[el.objgen], len(table.rows))
    return joined
