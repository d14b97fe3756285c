"""One PDF, opened once for all of its checks: `PdfFile` holds the pikepdf document, its structure
(elements in reading order, the ParentTree), each page's parsed content and fonts, and reads
each page's runs once (text only, or with geometry for the large-print rules) for every rule
that asks. `checks/__init__.check_artifact` opens one for a PDF and hands it to the format's
checks and the presentation's (a large-print PDF: checks/pdf.py and checks/large_print_pdf.py).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .bidi import logical
from .content import Content, Page, read_page
from .tree import elements, parent_tree


class PdfFile:
    """`layout`: read every page with geometry (a large-print PDF, whose layout rules want
    it; the text-only rules then read the same runs)."""

    def __init__(self, path: Path | None, layout: bool = False,
                 pdf: pikepdf.Pdf | None = None, content: Content | None = None):
        self.path = path
        self.layout = layout
        self.pdf = pdf if pdf is not None else pikepdf.open(path)
        self.content = content or Content(self.pdf)
        self.fonts: dict = {}
        self._pages: dict[tuple[int, bool], Page] = {}
        self._marked: dict[int, dict[int, list[tuple[tuple, str]]]] = {}
        self._elements: list | None = None
        self._parents: dict | None = None

    @classmethod
    def of(cls, source: Path | PdfFile) -> PdfFile:
        """The file a check was given, or a new one for a path (a test's, or a check run
        alone); who opens it closes it."""
        return source if isinstance(source, PdfFile) else cls(Path(source))

    @classmethod
    def over(cls, pdf: pikepdf.Pdf, content: Content | None = None) -> PdfFile:
        """A reader over a document already open (the repair pass's, with its parsed content):
        the text of a page read once however often it is asked for. The caller changes the
        structure or content at its own risk: what was read stays read."""
        return cls(None, pdf=pdf, content=content)

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def tree(self) -> pikepdf.Dictionary | None:
        return self.pdf.Root.get("/StructTreeRoot")

    @property
    def elements(self) -> list[pikepdf.Dictionary]:
        """Every structure element reachable from the tree, in reading order."""
        if self._elements is None:
            self._elements = elements(self.tree) if self.tree is not None else []
        return self._elements

    @property
    def parents(self) -> dict:
        """The ParentTree: StructParents key → the page's MCID array (or an annotation's
        element)."""
        if self._parents is None:
            self._parents = parent_tree(self.tree) if self.tree is not None else {}
        return self._parents

    def mapping(self, index: int):
        """The ParentTree array of page `index` (MCID → element), or None."""
        key = self.pdf.pages[index].obj.get("/StructParents")
        return self.parents.get(int(key)) if key is not None else None

    def page(self, index: int, geometry: bool = False) -> Page:
        """What page `index` draws, read once (with geometry: also where)."""
        geometry = geometry or self.layout
        if (index, True) in self._pages:
            return self._pages[(index, True)]
        if (index, geometry) not in self._pages:
            self._pages[(index, geometry)] = read_page(self.pdf, index, self.content,
                                                       self.fonts, geometry)
        return self._pages[(index, geometry)]

    def pages(self, geometry: bool = False) -> list[Page]:
        return [self.page(i, geometry) for i in range(len(self.pdf.pages))]

    def artifacted(self, index: int, ats: set[int]) -> None:
        """The repair pass made the marked content opened by operators `ats` of page `index`
        artifacts (pdf/repair.artifact_orphans): the pages read so far say so too, and the
        page's text by MCID is worked out again from them when asked for (2 ms for the full
        plan's 58 pages)."""
        for geometry in (False, True):
            if (index, geometry) in self._pages:
                self._pages[(index, geometry)].artifact(ats)
        self._marked.pop(index, None)

    def restructured(self) -> None:
        """The structure tree changed (the repair pass): elements and ParentTree are read
        again when asked for."""
        self._elements = self._parents = None

    def marked_text(self, index: int) -> dict[int, list[tuple[tuple, str]]]:
        """The text of each marked-content sequence on page `index`: mcid → [(line key,
        text in reading order)], read once: the repair pass asks for a page's text once for each
        link and table cell on it."""
        if index not in self._marked:
            self._marked[index] = by_mcid(self.page(index))
        return self._marked[index]


def by_mcid(page: Page) -> dict[int, list[tuple[tuple, str]]]:
    """A page's text by marked-content sequence: mcid → [(line key, text in reading order)]
    (an artifact inside one is not its text)."""
    out: dict[int, list[tuple[tuple, str]]] = {}
    for run in page.runs:
        if run.mcid is not None and not run.artifact:
            out.setdefault(run.mcid, []).append((run.line, logical(run.glyphs)))
    return out


__all__ = ["PdfFile", "by_mcid"]
