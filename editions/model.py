"""The document model: one small tree that every reader produces and every writer consumes.

Every node knows where it came from (`loc`: content file and line), so a check or an error can
send an editor to the exact place. Inline nodes live inside blocks; blocks live inside sections.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in the content source: path relative to the project root, 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


# --- inline nodes -------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Node:
    loc: Loc | None = None


@dataclass(slots=True, kw_only=True)
class Text(Node):
    text: str


@dataclass(slots=True, kw_only=True)
class Emph(Node):
    children: list[Inline]


@dataclass(slots=True, kw_only=True)
class Strong(Node):
    children: list[Inline]


@dataclass(slots=True, kw_only=True)
class Code(Node):
    text: str


@dataclass(slots=True, kw_only=True)
class Break(Node):
    pass


@dataclass(slots=True, kw_only=True)
class Link(Node):
    href: str
    children: list[Inline]


@dataclass(slots=True, kw_only=True)
class Abbr(Node):
    text: str
    title: str


@dataclass(slots=True, kw_only=True)
class Span(Node):
    """A run in another language or direction, e.g. Latin text isolated inside Urdu (<bdi>)."""

    children: list[Inline]
    lang: str = ""
    dir: str = ""


@dataclass(slots=True, kw_only=True)
class InlineNote(Node):
    """An editor note inside a paragraph. Removed by transforms before any writer runs."""

    kind: str  # "editor-note" (verbatim draft mark) or "editor-query" (our observation)
    text: str


Inline = Text | Emph | Strong | Code | Break | Link | Abbr | Span | InlineNote


# --- block nodes --------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Block(Node):
    audience: frozenset[str] | None = None  # None: every edition
    container: int = 0  # which `::: audience` container it came from (0: none)
    seg: str = ""  # translation segment id (stable), set by transforms.assign_segments
    lang: str = ""  # set when the block's language differs from the edition's (fallback)


@dataclass(slots=True, kw_only=True)
class Heading(Block):
    level: int  # 1 = a top-level section of the publication
    children: list[Inline]
    id: str = ""


@dataclass(slots=True, kw_only=True)
class Paragraph(Block):
    children: list[Inline]


@dataclass(slots=True, kw_only=True)
class ListItem(Block):
    blocks: list[Block]


@dataclass(slots=True, kw_only=True)
class ListBlock(Block):
    ordered: bool
    items: list[ListItem]
    start: int = 1


@dataclass(slots=True, kw_only=True)
class Cell(Node):
    blocks: list[Block]


@dataclass(slots=True, kw_only=True)
class Table(Block):
    caption: list[Inline]
    header: list[Cell]
    rows: list[list[Cell]]
    row_headers: bool = False  # first cell of each row is a header (th scope=row)


@dataclass(slots=True, kw_only=True)
class Quote(Block):
    children: list[Inline]  # a `{quote}` directive: its text (the layout adds the marks)
    attribution: str = ""
    blocks: list[Block] = field(default_factory=list)  # a `>` quote: paragraphs, lists, quotes


@dataclass(slots=True, kw_only=True)
class Figure(Block):
    src: str  # project-relative path, checked by the reader
    alt: str
    caption: str = ""


@dataclass(slots=True, kw_only=True)
class DefItem(Node):
    term: list[Inline]
    definition: list[Block]
    id: str = ""
    seg: str = ""
    lang: str = ""


@dataclass(slots=True, kw_only=True)
class DefList(Block):
    items: list[DefItem]
    role: str = ""  # "glossary" for the publication's glossary


@dataclass(slots=True, kw_only=True)
class Group(Block):
    """A passage with its own language (and direction), e.g. one language of the notice."""

    blocks: list[Block]
    lang: str = ""
    dir: str = ""
    role: str = ""


@dataclass(slots=True, kw_only=True)
class Directive(Block):
    """A generated block (`{priorities}`, `{action-plan}`, ...) before transforms expand it."""

    name: str
    arg: str = ""


@dataclass(slots=True, kw_only=True)
class EditorNote(Block):
    """An editor note block. Removed by transforms before any writer runs."""

    kind: str
    text: str


@dataclass(slots=True, kw_only=True)
class Section(Node):
    id: str
    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    audience: frozenset[str] | None = None
    titles: dict[str, list[Inline]] = field(default_factory=dict)  # audience -> own heading

    @property
    def level(self) -> int:
        return self.heading.level

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.walk()


@dataclass(slots=True)
class Note:
    """An editor note collected from the source: listed by the build, never published."""

    kind: str
    text: str
    loc: Loc


@dataclass(slots=True)
class Meta:
    id: str
    title: str
    short_title: str
    period: str
    publisher: str
    date: str  # ISO date of this version; fixes every timestamp in the outputs
    lang: str
    contact_name: str
    contact_email: str
    type: str = "document"  # plan, report, strategy…: doctypes.py has its interface words
    subtitle: str = ""
    tagline: str = ""
    introduction: str = ""  # what the publication is, for the site's home page


@dataclass(slots=True)
class Document:
    meta: Meta
    sections: list[Section]
    notes: list[Note] = field(default_factory=list)

    def walk_sections(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()


def slug(text: str) -> str:
    """An id made of a text: ASCII letters and digits, words joined by hyphens."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "section"


def inline_text(nodes: list[Inline]) -> str:
    """Plain text of inline nodes (notes excluded)."""
    out: list[str] = []
    for n in nodes:
        if isinstance(n, Text | Code):
            out.append(n.text)
        elif isinstance(n, Abbr):
            out.append(n.text)
        elif isinstance(n, Break):
            out.append(" ")
        elif isinstance(n, Emph | Strong | Link | Span):
            out.append(inline_text(n.children))
    return "".join(out)


def child_blocks(block: Block) -> list[Block]:
    """The blocks directly inside a block (for walking the tree)."""
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, ListItem | Group | Quote):
        return block.blocks
    if isinstance(block, Table):
        return [b for row in [block.header, *block.rows] for c in row for b in c.blocks]
    if isinstance(block, DefList):
        return [b for item in block.items for b in item.definition]
    return []


def walk_blocks(blocks: list[Block], translatable: bool = False) -> Iterator[Block]:
    """Every block, depth first. `translatable`: skip passages already in a language of their
    own (the multilingual notice)."""
    for b in blocks:
        if translatable and isinstance(b, Group) and b.lang:
            continue
        yield b
        yield from walk_blocks(child_blocks(b), translatable)
