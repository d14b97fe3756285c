"""Link text rules shared by the HTML (H08) and DOCX (D06) checks: the vague link texts of each
language (its `vague_links` in translations/<lang>/language.yaml, editions/langdata.py), one test for file links that must say their type and size, one test for
links that go nowhere."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from ..i18n import SOURCE_LANG
from ..langdata import known_languages, language_data

# File types a link must name, with the words that name them ("(PDF, 2 MB)", "(Word, 40 KB)").
FILE_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": ("PDF",),
    ".doc": ("Word", "DOC"),
    ".docx": ("Word", "DOCX"),
    ".odt": ("ODT", "OpenDocument"),
    ".rtf": ("RTF",),
    ".txt": ("TXT", "text"),
    ".epub": ("EPUB",),
    ".xls": ("Excel", "XLS"),
    ".xlsx": ("Excel", "XLSX"),
    ".ods": ("ODS", "OpenDocument"),
    ".csv": ("CSV",),
    ".ppt": ("PowerPoint", "PPT"),
    ".pptx": ("PowerPoint", "PPTX"),
    ".odp": ("ODP", "OpenDocument"),
    ".zip": ("ZIP",),
    ".mp3": ("MP3",),
    ".brf": ("BRF",),
    ".wav": ("WAV",),
    ".m4a": ("M4A",),
    ".mp4": ("MP4",),
    ".mov": ("MOV",),
    ".webm": ("WebM",),
}

# "(PDF, 2 MB)", "(PDF, 1.5 MB)", "(PDF, 1,5 MB)", "（PDF，2 MB）", "(PDF، ۲ MB)", "(TXT, 239 B)"
_SIZE = re.compile(r"[(（]\s*(?P<type>[^,，،()（）]+?)\s*[,，،]\s*\d+(?:[.,٫]\d+)?\s*"
                   r"(?:bytes?|[KMGT]?i?B|kB|[KMGT]?o|ko)\s*[)）]", re.IGNORECASE)
# surrounding characters that do not change what a link says: punctuation, spaces, symbols
# (arrows, »), invisible format characters (bidi isolates, RLM/LRM, zero-width spaces)
_EDGE = ("P", "Z", "S", "C")


def _base(lang: str | None) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


def normalise(text: str) -> str:
    """Case-folded, NFKC, inner whitespace collapsed, surrounding punctuation/space/symbols and
    invisible format characters dropped: "  Click here! " and "CLICK HERE…" are "click here"."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")  # bidi marks, ZWSP
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in _EDGE:
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in _EDGE:
        end -= 1
    return " ".join(text[start:end].split()).casefold()


def vague(text: str, lang: str | None = None) -> bool:
    """True when the whole link text, normalised, is a vague phrase of `lang` (a BCP 47 tag) or
    of English (untranslated text stays English in every edition); with no `lang`, of any
    language. A link with no text at all is vague too (it says nothing)."""
    probe = normalise(text)
    if not probe:
        return True
    langs = (lang, SOURCE_LANG) if lang else known_languages()
    return any(probe in language_data(x).vague_links for x in langs)


def placeholder_href(href: str | None) -> bool:
    """True for a link that goes nowhere: no target, "#" alone, or javascript:."""
    h = (href or "").strip()
    return h in ("", "#") or h.lower().startswith("javascript:")


def file_type(href: str) -> str | None:
    """The extension (".pdf") when the link's path names a downloadable file, else None."""
    try:
        path = unquote(urlsplit((href or "").strip()).path)
    except ValueError:
        return None
    dot = path.rfind(".")
    if dot < 0 or "/" in path[dot:]:
        return None
    ext = path[dot:].lower()
    return ext if ext in FILE_TYPES else None


def file_link_needs_size(href: str, text: str) -> bool:
    """True when the link points to a file (.pdf .docx .mp3 …) and its text does not say the
    type and size, as in "Annual report (PDF, 2 MB)"."""
    ext = file_type(href)
    if ext is None:
        return False
    names = {n.casefold() for n in FILE_TYPES[ext]}
    for match in _SIZE.finditer(unicodedata.normalize("NFKC", text or "")):
        if match["type"].strip().casefold() in names:
            return False
    return True
