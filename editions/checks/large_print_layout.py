"""What a large-print PDF draws, as the large print rules read it (large_print_pdf.py): every
run of text that draws ink with the block structure element it belongs to (P, LBody, TD…, its
kind, table, language, whether it is a link), the painted boxes and the horizontal rules of each
page, and a block's runs grouped into its lines in reading order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import pikepdf

from ..i18n import is_rtl
from ..pdf.fonts import Font
from ..pdf.reader import PdfFile


@dataclass(slots=True)
class Run:
    """A run of text that draws ink (pdf/content.Run), with the block it belongs to."""

    page: int
    order: int
    x0: float
    x1: float
    base: float
    size: float
    font: Font
    text: str
    glyphs: list[str]
    sheared: bool
    block: int | None  # the block structure element (P, LBody, TD…); None for artifacts
    artifact: bool
    spaces: int
    stretch: float


@dataclass(slots=True)
class Elem:
    key: int
    kind: str  # P, H2, LBody, Lbl, TD, Caption…
    top: bool  # a direct child of Document/Part/Sect/Art/Div
    table: int | None
    header_cell: bool
    link: bool
    lang: str | None  # the nearest /Lang on the block or above it


@lru_cache(maxsize=64)
def rtl_lang(lang: str) -> bool:
    return bool(lang) and is_rtl(lang)


_BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LBody", "Lbl", "LI", "TD", "TH",
           "Caption", "BlockQuote", "TOCI", "Note", "Figure", "Formula", "Title", "Index"}
_TOP = {"Document", "Part", "Sect", "Art", "Div", "NonStruct"}


class _Chain(NamedTuple):
    """What an element and its ancestors say: its block (the nearest P, LBody, TD… at or
    above it) with the block's kind, place, header-ness and nearest /Lang; whether a Link is
    among them; the nearest Table; the nearest /Lang."""

    block: pikepdf.Dictionary | None = None
    kind: str = ""
    top: bool = True
    header: bool = False
    block_lang: str | None = None
    link: bool = False
    table: int | None = None
    lang: str | None = None


_NONE = _Chain()
_DEPTH = 40  # a structure deeper than this (or a /P loop) is read no further up


class Elements:
    """The block each structure element belongs to (its nearest block ancestor: P, LBody,
    TD…), with its kind, table, language and whether it is a link, once per element (each
    ancestor's part worked out once too: `_chain`)."""

    def __init__(self):
        self.elems: dict[tuple, Elem] = {}
        self.elem_info: dict[int, Elem] = {}
        self._chains: dict[tuple, _Chain] = {}

    def elem(self, el) -> Elem | None:
        if not isinstance(el, pikepdf.Dictionary):
            return None
        key = el.objgen if el.is_indirect else None
        info = self.elems.get(key) if key else None
        if info is not None:
            return info
        c = self._chain(el)  # without a block: top and not a header, as _NONE says
        block, btype, lang = c.block, c.kind, c.block_lang
        if block is None:
            block, btype = el, str(el.get("/S", "/Span"))[1:]
            lang = str(el.Lang) if "/Lang" in el else None
        info = Elem(block.objgen[0] if block.is_indirect else id(block), btype, c.top, c.table,
                    c.header, c.link, lang)
        if key:
            self.elems[key] = info
        self.elem_info[info.key] = info
        return info

    def _chain(self, el: pikepdf.Dictionary) -> _Chain:
        path, node, base = [], el, _NONE
        while isinstance(node, pikepdf.Dictionary) and "/S" in node and len(path) < _DEPTH:
            if node.is_indirect and node.objgen in self._chains:
                base = self._chains[node.objgen]
                break
            path.append(node)
            node = node.get("/P")
        for node in reversed(path):
            base = _below(node, base)
            if node.is_indirect:
                self._chains[node.objgen] = base
        return base


def _below(node: pikepdf.Dictionary, above: _Chain) -> _Chain:
    """An element's chain from its parent's."""
    kind = str(node.get("/S"))[1:]
    lang = str(node.Lang) if "/Lang" in node else above.lang
    link = above.link or kind == "Link"
    table = node.objgen[0] if kind == "Table" else above.table
    if kind in _BLOCKS:
        parent = node.get("/P")
        top = not (isinstance(parent, pikepdf.Dictionary) and "/S" in parent) \
            or str(parent.get("/S"))[1:] in _TOP
        return _Chain(node, kind, top, kind == "TH", lang, link, table, lang)
    return above._replace(link=link, table=table, lang=lang)


def read_layout(doc: PdfFile) -> tuple[list[Run], Elements, dict, dict]:
    """Every inked run with its block; the painted boxes and the horizontal rules of each page
    (rules: x0, x1, y, drawn inside a link)."""
    found = Elements()
    runs: list[Run] = []
    marks: dict[int, list] = {}
    strokes: dict[int, list] = {}
    for index, page in enumerate(doc.pages(geometry=True)):
        pno, mapping = index + 1, doc.mapping(index)

        def owner(mcid: int | None, artifact: bool, mapping=mapping) -> Elem | None:
            if artifact or mcid is None or mapping is None or mcid >= len(mapping):
                return None
            return found.elem(mapping[mcid])

        for r in page.runs:
            if r.inked:
                el = owner(r.mcid, r.artifact)
                runs.append(Run(pno, r.order, r.x0, r.x1, r.base, r.size, r.font, r.text,
                                 r.glyphs, r.sheared, None if el is None else el.key,
                                 r.artifact, r.spaces, r.stretch))
        if page.marks:
            marks[pno] = page.marks
        if page.strokes:
            strokes[pno] = [(x0, x1, y, bool((el := owner(mcid, art)) and el.link))
                            for x0, x1, y, mcid, art in page.strokes]
    return runs, found, marks, strokes


@dataclass
class Line:
    page: int
    base: float
    x0: float
    x1: float
    size: float
    runs: list[Run] = field(default_factory=list)

    @property
    def font(self) -> Font:
        """The font of most of the line's glyphs."""
        count: Counter = Counter()
        for r in self.runs:
            count[id(r.font)] += len(r.text)
        top = count.most_common(1)[0][0]
        return next(r.font for r in self.runs if id(r.font) == top)

    @property
    def glyphs(self) -> list[str]:
        """The line's glyphs left to right, a space between runs drawn apart."""
        out: list[str] = []
        prev = None
        for r in sorted(self.runs, key=lambda r: r.x0):
            if prev is not None and out and not out[-1][-1:].isspace() \
                    and not r.text[:1].isspace() and r.x0 - prev.x1 > 0.2 * r.size:
                out.append(" ")
            out += r.glyphs
            prev = r
        return out

    @property
    def visual(self) -> str:
        return "".join(self.glyphs)


def lines_of(runs: list[Run]) -> list[Line]:
    """A block's runs grouped into lines, in reading order (page, then top to bottom)."""
    lines: list[Line] = []
    for r in sorted(runs, key=lambda r: (r.page, -r.base, r.x0)):
        last = lines[-1] if lines else None
        if last is not None and last.page == r.page and abs(last.base - r.base) < 0.3 * r.size:
            last.runs.append(r)
            last.x0, last.x1 = min(last.x0, r.x0), max(last.x1, r.x1)
            last.size = max(last.size, r.size)
        else:
            lines.append(Line(r.page, r.base, r.x0, r.x1, r.size, [r]))
    return lines


def main_size(runs: list[Run]) -> float:
    sizes = Counter()
    for r in runs:
        sizes[round(r.size, 1)] += len(r.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0
