"""XLIFF 2.0 export and import of a language's content catalog, for translation agencies.

Import parses untrusted files with defusedxml: a DTD, an entity declaration or an external
reference is refused with a clear error, never expanded. The file must be UTF-8; `trgLang`
must be a language tag whose catalog exists. Every unit is checked before anything is written:
a unit matching no segment, given twice, with several segments, or with inline elements
(`<pc>`, `<ph>`, `<mrk>`…, which our export never writes and a catalog cannot hold) refuses the
whole file, naming the unit and its line — no text is ever cut or dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import i18n
from .findings import Finding
from .inputs import decode, read_bytes
from .model import Loc
from .output import atomic_write
from .rules import rule_check

NS = "urn:oasis:names:tc:xliff:document:2.0"
STATE = {"untranslated": "initial", "stale": "initial", "draft": "translated",
         "reviewed": "reviewed"}


class XliffError(Exception):
    """The file is refused (nothing written); `findings` say where and why."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings


@rule_check("T10")
def _refuse(shown: str, line: int, message: str, fix: str = "") -> XliffError:
    return XliffError([Finding("T10", "error", message, fix, Loc(shown, line))])


def _line(text: str, pattern: str, default: int = 1) -> int:
    found = re.search(pattern, text)
    return text.count("\n", 0, found.start()) + 1 if found else default


def _unit_id(seg: str) -> str:
    return seg.replace("/", ":")  # XLIFF ids are NMTOKENs: no "/"


def export(root: Path, lang: str, target: Path, source: str, name: str = "content.po") -> int:
    """Write the language's catalog as XLIFF 2.0 (XliffError, ContentError when it cannot);
    `source`: the publication's language, the units' source."""
    if not i18n.valid_tag(lang):
        raise _refuse(str(target), 0, f"{lang!r} is not a language tag",
                      "give a BCP 47 tag such as pl, gd, zh-Hans or ur")
    path = i18n.content_path(root, lang, name)
    if not path.is_file():
        raise _refuse(f"translations/{lang}/{name}", 0, f"there is no catalog for {lang}",
                      "add the language to publication.yaml and run `build.py i18n update`")
    if target.is_dir():
        raise _refuse(str(target), 0, f"{target} is a folder",
                      f"give a file name, e.g. {target / (lang + '.xlf')}")
    catalog = i18n.read_catalog(path, lang)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff xmlns="{NS}" version="2.0" srcLang="{source}" trgLang="{lang}">',
             '<file id="content">']
    n = 0
    for msg in catalog:
        if not msg.id or not msg.context or not isinstance(msg.id, str):
            continue  # the header; entries no segment has (the build reports them, T10)
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
    try:
        atomic_write(target, "\n".join(lines).encode("utf-8"))
    except OSError as exc:
        raise _refuse(str(target), 0, f"{target} cannot be written: {exc.strerror or exc}",
                      "give a file name in a folder that exists and you may write to") from None
    return n


def _parse(data: bytes, shown: str, source: str):
    """The XLIFF 2.0 root element of a UTF-8 file (ContentError C06/C15, XliffError)."""
    if b"\x00" in data[:4]:
        raise _refuse(shown, 1, f"{shown} is not UTF-8 (UTF-16?)", "export it as UTF-8")
    text = decode(data, shown)
    declared = re.match(r"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)", text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise _refuse(shown, 1, f"the file declares encoding {declared.group(1)!r}",
                      "export it as UTF-8")
    try:
        doc = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise _refuse(shown, _line(text, r"<!(DOCTYPE|ENTITY)"), "refused: the file declares "
                      f"a DTD or entities ({type(exc).__name__})", "XLIFF files must not "
                      "contain <!DOCTYPE> or <!ENTITY>") from None
    except Exception as exc:  # ParseError
        line = getattr(exc, "position", (1, 0))[0]
        raise _refuse(shown, line, f"not well-formed XML: {exc}", "ask the agency for a "
                      "file that an XML validator accepts") from None
    if doc.tag != f"{{{NS}}}xliff" or doc.get("version") != "2.0":
        raise _refuse(shown, _line(text, "<xliff"), "not an XLIFF 2.0 document (expected "
                      '<xliff version="2.0"> in the XLIFF 2.0 namespace)')
    if doc.get("srcLang") != source:
        raise _refuse(shown, _line(text, "srcLang"), f"srcLang is {doc.get('srcLang')!r}, "
                      f"expected {source!r} (the publication's language)")
    return doc, text


def _unit_text(segment, name: str, uid: str) -> tuple[str | None, str]:
    """(text, problem): the whole text of the segment's <source> or <target>; a problem when
    there are several, or inline elements, whose text a catalog entry cannot hold."""
    found = segment.findall(f"{{{NS}}}{name}")
    if len(found) > 1:
        return None, f"unit {uid!r} has {len(found)} <{name}> elements in one segment"
    if not found:
        return None, ""
    inner = sorted({el.tag.rsplit("}", 1)[-1] for el in found[0].iter() if el is not found[0]})
    if inner:
        return None, (f"unit {uid!r}: its <{name}> holds inline elements "
                      f"({', '.join(f'<{t}>' for t in inner)}), which a catalog cannot hold")
    return found[0].text or "", ""


@rule_check("T10")
def import_(root: Path, source: Path, source_lang: str, shown: str | None = None,
            name: str = "content.po") -> tuple[str, int]:
    """Apply an agency's XLIFF to the language's catalog: all of it, or nothing (XliffError;
    ContentError when the file or the catalog cannot be read). `source_lang`: the
    publication's language, which the file's srcLang must be."""
    shown = shown or str(source)
    doc, text = _parse(read_bytes(source, shown), shown, source_lang)
    lang = doc.get("trgLang") or ""
    if not i18n.valid_tag(lang):
        raise _refuse(shown, _line(text, "trgLang"), f"trgLang {lang!r} is not a language tag",
                      "export a fresh file with `build.py i18n export-xliff LANG FILE`")
    path = i18n.content_path(root, lang, name)
    if not path.is_file():
        raise _refuse(shown, _line(text, "trgLang"), f"no catalog for trgLang {lang!r} "
                      f"(translations/{lang}/{name})", "add the language to "
                      "publication.yaml and run `build.py i18n update`")
    catalog = i18n.read_catalog(path, lang)
    by_seg = {m.context: m for m in catalog if m.id and m.context}
    lines = {}
    for hit in re.finditer(r"<unit\b[^>]*?\bid\s*=\s*[\"']([^\"']*)[\"']", text):
        lines.setdefault(hit.group(1), text.count("\n", 0, hit.start()) + 1)
    problems: list[Finding] = []
    updates = []
    unknown: list[str] = []
    seen: set[str] = set()
    fix = ("deliver each unit as exported: one <segment>, plain text in <source> and <target> "
           "(no <pc>, <ph>, <mrk> or other inline codes), or export a fresh file with "
           "`build.py i18n export-xliff`")
    for unit in doc.iter(f"{{{NS}}}unit"):
        uid = unit.get("id") or ""
        where = Loc(shown, lines.get(uid, 0))
        seg = uid.replace(":", "/")
        msg = by_seg.get(seg)
        segments = unit.findall(f"{{{NS}}}segment")
        if uid in seen:
            problems.append(Finding("T10", "error", f"unit {uid!r} is given twice", fix, where))
        elif msg is None:
            unknown.append(uid)
        elif len(segments) != 1 or unit.find(f"{{{NS}}}ignorable") is not None:
            problems.append(Finding("T10", "error", f"unit {uid!r} has {len(segments)} "
                                    "<segment> elements (or an <ignorable>); ours have one",
                                    fix, where))
        else:
            src, bad_src = _unit_text(segments[0], "source", uid)
            target, bad_target = _unit_text(segments[0], "target", uid)
            for bad in (bad_src, bad_target):
                if bad:
                    problems.append(Finding("T10", "error", bad, fix, where))
            if not (bad_src or bad_target):
                updates.append((unit, segments[0], msg, src or "", target or ""))
        seen.add(uid)
    if unknown:
        problems.append(Finding("T10", "error", f"{len(unknown)} unit(s) match no segment, "
                                f"e.g. {unknown[0]!r}", "export a fresh file with `build.py "
                                "i18n export-xliff`", Loc(shown, lines.get(unknown[0], 0))))
    if problems:
        raise XliffError(problems)
    for unit, segment, msg, src, target in updates:
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
    i18n.write_catalog(catalog, path)
    return lang, len(updates)
