"""Large print (LP01–LP16), measured on the written file, never on our CSS or styles: the PDF
rules in large_print_pdf.py (what the pages draw, read once by pdf/reader.py), the DOCX rules in
large_print_docx.py (the XML, formatting resolved through the style chains). What both share is
in large_print_common.py.

Sizes are in points; a "line" is the font size times the line height (CSS's meaning: the
distance from one baseline to the next in a paragraph)."""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..pdf.reader import PdfFile
from ..select import EditionDoc
from .large_print_docx import check_docx
from .large_print_pdf import check_pdf


def check(source: Path | PdfFile, artifact: str, ed: EditionDoc,
          notes: list[m.Note]) -> list[Finding]:
    """The build's entry point for a large-print artifact (checks/__init__.check_artifact)."""
    suffix = source.path.suffix.lower() if isinstance(source, PdfFile) else source.suffix.lower()
    if suffix == ".pdf":
        return check_pdf(source, artifact, ed)
    if suffix == ".docx":
        return check_docx(Path(source), artifact, ed)
    return []


__all__ = ["check", "check_docx", "check_pdf"]
