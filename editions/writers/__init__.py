"""Writers: one module per format, one line per format in the registry below.

A writer turns an EditionDoc into the bytes of one artifact; it never touches dist/ itself
(the build writes atomically). To add a format: write `editions/writers/<name>.py` with a class
that has `format`, `extension`, `media_type` and `write(ed, cfg) -> bytes`, then add a line here.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from ..config import BuildConfig
from ..select import EditionDoc


class Writer(Protocol):
    format: str
    extension: str
    media_type: str

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes: ...


REGISTRY: dict[str, str] = {
    "html": "editions.writers.html:HtmlWriter",
    "pdf": "editions.writers.pdf:PdfWriter",
    "docx": "editions.writers.docx:DocxWriter",
    "txt": "editions.writers.text:TextWriter",
    "brf": "editions.writers.brf:BrfWriter",
    "epub": "editions.writers.epub:EpubWriter",
    "mp3": "editions.writers.mp3:Mp3Writer",
    "talking-book": "editions.writers.talking_book:TalkingBookWriter",
}


def get_writer(fmt: str) -> Writer:
    module, _, cls = REGISTRY[fmt].partition(":")
    return getattr(importlib.import_module(module), cls)()
