"""Check stage: every artifact the build writes is read back and checked against the rules in
ACCESSIBILITY.md (rule IDs in every finding). One module per format; one registry line each."""

from __future__ import annotations

import importlib
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..pdf.reader import PdfFile
from ..rules import rule_check
from ..select import EditionDoc

REGISTRY: dict[str, str] = {
    "html": "editions.checks.html:check",
    "pdf": "editions.checks.pdf:check",
    "docx": "editions.checks.docx:check",
    "txt": "editions.checks.text:check",
    "brf": "editions.checks.brf:check",
    # EPUBCheck and Ace run once per build over every EPUB (checks/epub_build.py)
    "epub": "editions.checks.epub:check_package",
    "mp3": "editions.checks.audio:check",
    # the EPUB's package checks and the Media Overlays (EP05); the tools as for "epub"
    "talking-book": "editions.checks.talking_book:check",
}
# rule sets a presentation adds to its formats' checks (its `checks` in presentations.yaml:
# every large-print PDF and DOCX)
PRESENTATIONS: dict[str, str] = {
    "large-print": "editions.checks.large_print:check",
}


def reads_layout(ed: EditionDoc) -> bool:
    """Whether the presentation's rules read where things are drawn (a large-print PDF's): the
    PDF writer then reads its pages with geometry while it repairs them."""
    return _presentation_checks(ed) is not None


def _presentation_checks(ed: EditionDoc) -> str | None:
    return PRESENTATIONS.get(getattr(getattr(ed, "look", None), "checks", ""))


def check_artifact(fmt: str, path: Path, out: Path, ed: EditionDoc,
                   notes: list[m.Note], opened: PdfFile | None = None) -> list[Finding]:
    """The format's checks, then the presentation's. A PDF is read once for both
    (pdf/reader.PdfFile: its structure, content and fonts read once for every rule): `opened`
    is the reader its writer repaired it with (pdf/repair.repair), which this closes; without
    it the file at `path` is opened."""
    extra = _presentation_checks(ed)
    specs = [REGISTRY.get(fmt), extra]  # the format's, then the presentation's
    artifact = path.relative_to(out).as_posix()
    found: list[Finding] = []
    source: Path | PdfFile = path
    if opened is not None:
        opened.path = path  # the file written from it (pdftotext reads the file)
        source = opened
    elif path.suffix.lower() == ".pdf":
        source = PdfFile(path, layout=extra is not None)
    try:
        for spec in filter(None, specs):
            module, _, fn = spec.partition(":")
            found += getattr(importlib.import_module(module), fn)(source, artifact, ed, notes)
    finally:
        if isinstance(source, PdfFile):
            source.close()
    return found


@rule_check("E01")
def published_notes(text: str, notes: list[m.Note], artifact: str) -> list[Finding]:
    """E01: an editor note's text must never appear in a published artifact."""
    flat = " ".join(text.split())
    out = []
    for n in notes:
        probe = " ".join(n.text.split())
        # short marks ("]", "(page ref)") can occur innocently; check the distinctive ones
        if n.kind == "editor-note" and len(probe) >= 12 and probe in flat:
            out.append(Finding("E01", "error", f"editor note published: {probe[:60]!r}",
                               "mark it as {editor-note} in the content", n.loc, artifact))
    return out
