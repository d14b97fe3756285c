"""PDF writer: WeasyPrint PDF/UA-1 from the print layout, then a pikepdf pass that closes the
gaps WeasyPrint leaves (see pdf/repair.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..config import BuildConfig
from ..pdf.reader import PdfFile
from ..pdf.repair import finish_pdf, repair
from ..select import EditionDoc
from .html import render_page
from .pdf_lang import install as tag_languages


class ProjectOnlyFetcher(URLFetcher):
    """WeasyPrint fetches nothing from the network and nothing outside the project."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self.root = root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes())
        raise FatalURLFetchingError(f"refused to fetch {url!r}: only files inside the project")


class PdfWriter:
    format = "pdf"
    extension = "pdf"
    media_type = "application/pdf"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        return finish_pdf(self.weasyprint(ed, cfg), ed)

    def write_open(self, ed: EditionDoc, cfg: BuildConfig, layout: bool
                   ) -> tuple[bytes, PdfFile]:
        """The PDF and the reader the repair pass read it with, for its checks (the caller
        closes it): each PDF is parsed once per build. `layout`: read with geometry."""
        return repair(self.weasyprint(ed, cfg), ed, layout)

    def weasyprint(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        """WeasyPrint's own PDF, before the repair pass (bench/pdf_checks.py times the two)."""
        html = render_page(ed, cfg, "pdf/document.html.j2", [f"pdf/{ed.presentation}.css"],
                           wrap_sections=False)
        tag_languages()  # P06: /Lang on passages in another language (pdf_lang.py)
        doc = HTML(string=html, base_url=str(cfg.root.resolve()) + "/",
                   url_fetcher=ProjectOnlyFetcher(cfg.root))
        return doc.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True,
                             pdf_identifier=ed.meta.id.encode())
