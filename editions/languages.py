"""Per-language catalogs, loaded once per build, and the one way to select an edition in a
language (translated, with its interface strings)."""

from __future__ import annotations

from .config import BuildConfig
from .i18n import ContentCatalog, Translator, gettext_for
from .markdown import MarkdownReader
from .presentations import look
from .read import Source
from .select import select, summarise


class Languages:
    """Per-language catalogs, loaded once per build."""

    def __init__(self, cfg: BuildConfig):
        self.cfg = cfg
        self._content: dict[str, ContentCatalog] = {}
        self._gettext: dict[str, object] = {}

    def gettext(self, lang: str):
        if lang not in self._gettext:
            self._gettext[lang] = gettext_for(self.cfg.root, lang)
        return self._gettext[lang]

    def select(self, src: Source, spec, lang: str, presentation: str, date: str):
        """The one way to select an edition in a language: translated, with its interface
        strings. Returns the EditionDoc and the reader that parsed the translations (findings)."""
        translator, reader = self.translator(lang, src.doc.meta.lang)
        ed = select(src.doc, src.data, spec, lang, presentation, date, translator=translator,
                    gettext=self.gettext(lang), interface=self.gettext,
                    look=look(self.cfg.layout("presentations.yaml"), presentation))
        if ed.coverage is not None and ed.coverage.translated < spec.publish_at:
            summarise(ed)  # too little translated to publish as the edition
        return ed, reader

    def translator(self, lang: str, source: str
                   ) -> tuple[Translator | None, MarkdownReader | None]:
        """The translator into `lang` of a publication written in `source` (None: the same)."""
        if lang == source:
            return None, None
        reader = MarkdownReader(root=self.cfg.root,
                                path=f"translations/{lang}/{self.cfg.catalog}")
        return Translator(self.content(lang), reader.inline_text, reader.findings,
                          source), reader

    def content(self, lang: str) -> ContentCatalog:
        """The language's content catalog, read once per build."""
        if lang not in self._content:
            self._content[lang] = ContentCatalog.load(self.cfg.root, lang, self.cfg.catalog)
        return self._content[lang]
