"""The notices a translated edition carries about the language it was translated from: it is a
summary (the full text is in that language), a draft (read that language's version), parts
shown untranslated. The layouts' wording names English, the language their strings are written
in; a publication written in another language (its `lang`, say Gaelic) gets the same notice
with the language named through Babel, in the language the sentence is shown in. One place for
the wording: the HTML, PDF and EPUB templates, the DOCX writer, the flat formats (text,
braille) and the site all ask here."""

from __future__ import annotations

from collections.abc import Callable

from .i18n import SOURCE_LANG, language_name
from .interface import _

# kind → (the layouts' wording, naming English; the wording for any other source language)
NOTICES: dict[str, tuple[str, str]] = {
    "summary": (
        _("Only part of the text has been translated into this language so far: this summary "
          "leaves the rest out. The full text is in English. To ask for it in this language, "
          "contact %(name)s:"),
        _("Only part of the text has been translated into this language so far: this summary "
          "leaves the rest out. The full text is in %(language)s. To ask for it in this "
          "language, contact %(name)s:")),
    "draft": (
        _("It has not yet been checked by a person. If something is unclear, please read the "
          "English version or contact us."),
        _("It has not yet been checked by a person. If something is unclear, please read the "
          "%(language)s version or contact us.")),
    "untranslated": (
        _("Parts of this section are not yet translated and are shown in English. To ask for a "
          "translation, write to %(email)s."),
        _("Parts of this section are not yet translated and are shown in %(language)s. To ask "
          "for a translation, write to %(email)s.")),
    "site-summary": (
        _("Only part of it is translated so far; the full text is in English, or ask us for it "
          "in this language."),
        _("Only part of it is translated so far; the full text is in %(language)s, or ask us "
          "for it in this language.")),
}


def notice(kind: str, source: str, lang: str, gettext: Callable[[str], str]
           ) -> tuple[str, str]:
    """(msgid, language) for a notice in an edition in `lang` translated from `source`:
    translate the msgid and fill in `language` (unused by the English wording). The language
    is named in the language the sentence is shown in: the edition's when its catalog
    translates the sentence, else the layouts' English."""
    english, other = NOTICES[kind]
    if source.split("-")[0] == SOURCE_LANG.split("-")[0]:
        return english, ""
    said_in = lang if gettext(other) != other else SOURCE_LANG
    return other, language_name(source, said_in)


__all__ = ["NOTICES", "notice"]
