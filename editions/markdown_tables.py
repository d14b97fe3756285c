"""Pipe tables for the Markdown reader (markdown.py): the caption line `Table: …` before a table
(with `{rows}` at its end when the first column names each row), and cells that hold several
lines (`<br>`, the one raw tag content may use, and only in a table cell) and bullet lists (a
line of a cell that starts with `- `). Anything else in a cell is an error at its row's line."""

from __future__ import annotations

import re
from typing import Protocol

from markdown_it.tree import SyntaxTreeNode

from . import model as m
from .rules import rule_check


class MarkdownReader(Protocol):
    """What these helpers use of the reader that calls them (markdown.MarkdownReader)."""

    def loc(self, node: SyntaxTreeNode | None) -> m.Loc: ...

    def fail(self, rule: str, message: str, fix: str, loc: m.Loc) -> None: ...

    def inlines(self, nodes: list[SyntaxTreeNode], loc: m.Loc) -> list[m.Inline]: ...


CAPTION = "Table: "
BR = re.compile(r"<br\s*/?>", re.I)  # no attributes: `<br class=…>` is raw HTML, refused
_OPTION = re.compile(r"\s*\{([^{}`]*)\}\s*$")
OPTIONS = ("rows",)


def is_caption(block: m.Block) -> bool:
    """A paragraph that starts `Table: ` (a caption when a table follows it)."""
    kids = block.children if isinstance(block, m.Paragraph) else []
    return bool(kids) and isinstance(kids[0], m.Text) and kids[0].text.startswith(CAPTION)


def attach_caption(r: MarkdownReader, para: m.Paragraph, table: m.Table) -> None:
    """`Table: Services we run {rows}` → the caption, and row headers when `{rows}` ends it."""
    first = para.children[0]
    kids = [m.Text(text=first.text[len(CAPTION):], loc=first.loc), *para.children[1:]]
    last = kids[-1]
    option = _OPTION.search(last.text) if isinstance(last, m.Text) else None
    if option:
        kids[-1] = m.Text(text=last.text[:option.start()], loc=last.loc)
        if option[1].strip() in OPTIONS:
            table.row_headers = True
        else:
            r.fail("C11", f"unknown table option {{{option[1]}}} at the end of the `Table:` line",
                   "write {rows} there when the first column names each row, or nothing",
                   para.loc or table.loc)
    table.caption = kids


@rule_check("H09")
def check_table(r: MarkdownReader, table: m.Table) -> None:
    """H09: a caption (it names the table for everyone, and its region on the web page); lists
    only in data cells (a header cell names its column or row, and is a heading in large
    print)."""
    if not m.inline_text(table.caption).strip():
        r.fail("H09", "a table needs a caption: write `Table: …` on the line before it",
               "e.g. `Table: Services and how to reach them`, then the table on the next line",
               table.loc)
    heads = [*table.header, *(row[0] for row in table.rows if row and table.row_headers)]
    for cell in heads:
        if any(isinstance(b, m.ListBlock) for b in cell.blocks):
            r.fail("C11", "a list in a header cell", "a header cell names its column (or, with "
                   "{rows}, its row): keep it to a few words and put the list in the cells "
                   "it heads", cell.loc or table.loc)


def read_table(r: MarkdownReader, node: SyntaxTreeNode, loc: m.Loc) -> m.Table:
    header: list[m.Cell] = []
    rows: list[list[m.Cell]] = []
    for part in node.children:
        for tr in part.children:
            where = r.loc(tr)
            cells = [m.Cell(blocks=cell_blocks(r, cell.children[0].children if cell.children
                                               else [], where), loc=where)
                     for cell in tr.children]
            (header.extend(cells) if part.type == "thead" else rows.append(cells))
    return m.Table(caption=[], header=header, rows=rows, loc=loc)


def _trim(nodes: list[m.Inline]) -> list[m.Inline]:
    """A line of a cell without the spaces around its `<br>`s."""
    if nodes and isinstance(nodes[0], m.Text):
        nodes[0] = m.Text(text=nodes[0].text.lstrip(), loc=nodes[0].loc)
    if nodes and isinstance(nodes[-1], m.Text):
        nodes[-1] = m.Text(text=nodes[-1].text.rstrip(), loc=nodes[-1].loc)
    return [n for n in nodes if not (isinstance(n, m.Text) and not n.text)]


def cell_blocks(r: MarkdownReader, nodes: list[SyntaxTreeNode], loc: m.Loc) -> list[m.Block]:
    """A cell's lines (split at `<br>`): consecutive lines are one paragraph with line breaks,
    an empty line (`<br><br>`) starts a new paragraph, lines starting `- ` are a bullet list."""
    lines: list[list[SyntaxTreeNode]] = [[]]
    for n in nodes:
        if n.type == "html_inline" and BR.fullmatch(n.content.strip()):
            lines.append([])
        else:
            lines[-1].append(n)
    out: list[m.Block] = []
    para: m.Paragraph | None = None
    items: list[m.ListItem] | None = None
    for line in lines:
        kids = _trim(r.inlines(line, loc))
        first = kids[0] if kids else None
        item = _trim([m.Text(text=first.text[2:], loc=first.loc), *kids[1:]]) \
            if isinstance(first, m.Text) and first.text.startswith("- ") else []
        if item:
            kids = item
            if items is None:
                items = []
                out.append(m.ListBlock(ordered=False, items=items, loc=loc))
            items.append(m.ListItem(blocks=[m.Paragraph(children=kids, loc=loc)], loc=loc))
            para = None
        elif not kids:
            para, items = None, None
        else:
            items = None
            if para is None:
                para = m.Paragraph(children=[], loc=loc)
                out.append(para)
            else:
                para.children.append(m.Break(loc=loc))
            para.children.extend(kids)
    return out or [m.Paragraph(children=[], loc=loc)]
