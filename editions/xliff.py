"""XLIFF 2.0 export and import of a language's content catalog, for translation agencies.

Import parses untrusted files with defusedxml: a DTD, an entity declaration or an external
reference is refused with a clear error, never expanded.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import i18n
from .output import atomic_write

NS = "urn:oasis:names:tc:xliff:document:2.0"
STATE = {"untranslated": "initial", "stale": "initial", "draft": "translated",
         "reviewed": "reviewed"}


class XliffError(Exception):
    pass


def _unit_id(seg: str) -> str:
    return seg.replace("/", ":")  # XLIFF ids are NMTOKENs: no "/"


def export(root: Path, lang: str, target: Path) -> int:
    catalog = i18n.read_catalog(i18n.content_path(root, lang), lang)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff xmlns="{NS}" version="2.0" srcLang="{i18n.SOURCE_LANG}" trgLang="{lang}">',
             '<file id="content">']
    n = 0
    for msg in catalog:
        if not msg.id or not msg.context:
            continue
        status = i18n.status_of(msg, msg.id)
        notes = [f'<note category="editions-status">{status}</note>']
        for loc in msg.auto_comments:
            notes.append(f'<note category="location">{escape(loc)}</note>')
        if msg.previous_id:
            notes.append(f'<note category="editions-previous-source">'
                         f'{escape(msg.previous_id[0])}</note>')
        target_el = f"<target>{escape(msg.string)}</target>" if msg.string else ""
        lines.append(f'<unit id={quoteattr(_unit_id(msg.context))}><notes>{"".join(notes)}'
                     f'</notes><segment state="{STATE[status]}"><source>{escape(msg.id)}'
                     f"</source>{target_el}</segment></unit>")
        n += 1
    lines += ["</file>", "</xliff>", ""]
    atomic_write(target, "\n".join(lines).encode("utf-8"))
    return n


def import_(root: Path, source: Path) -> tuple[str, int]:
    data = source.read_bytes()
    try:
        doc = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise XliffError(f"refused: the file declares a DTD or entities ({type(exc).__name__}); "
                         "XLIFF files must not contain <!DOCTYPE> or <!ENTITY>") from None
    except Exception as exc:  # ParseError
        raise XliffError(f"not well-formed XML: {exc}") from None
    if doc.tag != f"{{{NS}}}xliff" or doc.get("version") != "2.0":
        raise XliffError("not an XLIFF 2.0 document (expected <xliff version=\"2.0\"> in the "
                         "XLIFF 2.0 namespace)")
    if doc.get("srcLang") != i18n.SOURCE_LANG:
        raise XliffError(f"srcLang is {doc.get('srcLang')!r}, expected {i18n.SOURCE_LANG!r}")
    lang = doc.get("trgLang") or ""
    path = i18n.content_path(root, lang)
    if not path.is_file():
        raise XliffError(f"no catalog for trgLang {lang!r} (translations/{lang}/content.po)")
    catalog = i18n.read_catalog(path, lang)
    by_seg = {m.context: m for m in catalog if m.id and m.context}
    n = 0
    unknown = []
    for unit in doc.iter(f"{{{NS}}}unit"):
        seg = (unit.get("id") or "").replace(":", "/")
        msg = by_seg.get(seg)
        if msg is None:
            unknown.append(seg)
            continue
        segment = unit.find(f"{{{NS}}}segment")
        if segment is None:
            continue
        src = segment.findtext(f"{{{NS}}}source") or ""
        target = segment.findtext(f"{{{NS}}}target") or ""
        notes = {note.get("category"): note.text or ""
                 for note in unit.iter(f"{{{NS}}}note")}
        state = segment.get("state", "initial")
        status = notes.get("editions-status") or {"initial": "untranslated",
                                                   "translated": "draft", "reviewed": "reviewed",
                                                   "final": "reviewed"}.get(state, "draft")
        msg.string = target
        msg.flags.discard("fuzzy")
        msg.flags.discard("reviewed")
        if src != msg.id or status == "stale":
            msg.flags.add("fuzzy")  # translated from another English text: stale
        elif status == "reviewed" and target:
            msg.flags.add("reviewed")
        n += 1
    if unknown:
        raise XliffError(f"{len(unknown)} unit(s) match no segment, e.g. {unknown[0]!r}: "
                         "export a fresh file with `build.py i18n export-xliff`")
    i18n.write_catalog(catalog, path)
    return lang, n
