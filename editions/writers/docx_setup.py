"""The DOCX around the text: styles, page layout and default language from the layout block
(layouts/docx/styles.yaml), core and app metadata, and a deterministic package (fixed dates,
no template leftovers). Called by writers/docx.py."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..doctypes import TYPES
from ..i18n import SOURCE_LANG, is_rtl
from ..scripts import east_asian, region_tag
from ..select import EditionDoc


def _drop_theme_fonts(style) -> None:
    """The template's heading styles name theme fonts, which win over a named font."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)



def setup(w) -> None:
    """Styles, page layout and the document's default language from the layout block (`w`:
    the writer, writers/docx._Writer: its document, edition and layout)."""
    L = w.layout
    styles = w.doc.styles
    normal = styles["Normal"]
    normal.font.name = L["font"]
    normal.font.size = Pt(L["size"])
    normal.font.color.rgb = RGBColor.from_string(L["text_color"])
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), L["east_asian_font"])
    fonts.set(qn("w:cs"), L["complex_script_font"])
    pf = normal.paragraph_format
    pf.space_after = Pt(L["space_after"])
    pf.line_spacing = L["line_spacing"]
    for level, size in L["heading_sizes"].items():
        st = styles[f"Heading {level}"]
        st.font.name = L["font"]
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.italic = False
        st.font.color.rgb = RGBColor.from_string(L["heading_color"])
        st.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
        _drop_theme_fonts(st)
    title = styles["Title"]
    title.font.name = L["font"]
    title.font.size = Pt(L["title_size"])
    title.font.color.rgb = RGBColor.from_string(L["heading_color"])
    _drop_theme_fonts(title)
    if "title_line_spacing" in L:  # large print: the template's Title is single-spaced
        title.paragraph_format.line_spacing = L["title_line_spacing"]
    for name in ("Quote", "Intense Quote", "Subtitle", "Emphasis"):
        styles[name].font.italic = False  # no italics anywhere (RNIB clear print)
    for name in ("Subtitle", "Caption"):
        # the template's accent blue (4F81BD) is 4.0:1 on white (D09); its theme fonts
        # would override the East Asian and complex-script fonts of Normal (D12, D13)
        styles[name].font.color.rgb = RGBColor.from_string(L["text_color"])
        _drop_theme_fonts(styles[name])
    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Mm(8)
    quote.font.color.rgb = RGBColor.from_string(L["text_color"])
    root = styles.element
    for el in [*root.iter(qn("w:i")), *root.iter(qn("w:iCs"))]:
        el.getparent().remove(el)  # no italics in any style (clear print; Chinese)
    if "min_size" in L:  # large print: no style, however small its purpose, under the floor
        floor = str(L["min_size"] * 2)
        for el in [*root.iter(qn("w:sz")), *root.iter(qn("w:szCs"))]:
            if int(el.get(qn("w:val"))) < int(floor):
                el.set(qn("w:val"), floor)
        for name in ("Caption", "Footer", "Quote", "Subtitle", "TOC Heading", "List Paragraph",
                     "List Bullet", "List Bullet 2", "List Bullet 3", "List Number"):
            if styles[name].font.size is None or styles[name].font.size < Pt(L["size"]):
                styles[name].font.size = Pt(L["size"])
    set_size_cs(w, L)  # complex-script sizes follow the Latin ones (Urdu, D12)
    for section in w.doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(L["margins_mm"]))
    # document default language (D11)
    defaults = w.doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    own = w.ed.lang
    lang.set(qn("w:val"), region_tag(own) if east_asian(own) else
             SOURCE_LANG if is_rtl(own) else own)
    # the East Asian and complex-script slots: the edition's language, else the first of
    # the publication's languages that uses the slot
    langs = [own, *getattr(w.ed.spec, "languages", ())]
    for attr, uses in (("w:eastAsia", east_asian), ("w:bidi", is_rtl)):
        first = next((x for x in langs if uses(x)), None)
        if first:
            lang.set(qn(attr), region_tag(first))


def set_size_cs(w, L: dict) -> None:
    """Complex-script sizes (w:szCs) follow the Latin sizes, in the defaults and styles."""
    for st in w.doc.styles:
        rpr = st.element.rPr
        if rpr is None:
            continue
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            cs = rpr.find(qn("w:szCs"))
            if cs is None:
                cs = OxmlElement("w:szCs")
                sz.addnext(cs)
            cs.set(qn("w:val"), sz.get(qn("w:val")))
    defaults = w.doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(L["size"] * 2))


def metadata(w) -> None:
    """Core properties from the edition; no thumbnail, no custom XML of the template."""
    when: datetime = w.cfg.timestamp(w.ed.meta.date).replace(tzinfo=None)
    cp = w.doc.core_properties
    cp.title = w.ed.title
    cp.subject = w.ed.meta.short_title
    cp.author = w.ed.meta.publisher
    cp.last_modified_by = w.ed.meta.publisher
    cp.language = w.ed.lang
    cp.comments = ""
    cp.keywords = ""
    cp.category = TYPES[w.ed.meta.type]["label"]
    if w.ed.meta.date or w.cfg.source_date_epoch is not None:
        cp.created = when
        cp.modified = when
        cp.last_printed = when
    else:  # no date: no dates at all (not the template's, not an invented one)
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for el in cp._element.findall(qn(tag)):
                cp._element.remove(el)
    cp.revision = 1
    cp.identifier = w.ed.meta.id
    # template leftovers: the template's thumbnail and bibliography customXml parts
    package = w.doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for rel_id, rel in list(w.doc.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del w.doc.part.rels[rel_id]


def app_xml(ed: EditionDoc) -> bytes:
    """The template's app.xml says "Microsoft Macintosh Word", 1 page, 0 words: replace it."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>editions</Application><DocSecurity>0</DocSecurity>'
        '<TitlesOfParts><vt:vector size="1" baseType="lpstr">'
        f"<vt:lpstr>{escape(ed.title)}</vt:lpstr></vt:vector></TitlesOfParts>"
        f"<Company>{escape(ed.meta.publisher)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>"
    ).encode()


_SETTINGS_LEFTOVERS = re.compile(
    rb"<w:proofState [^>]*/>|<w:savePreviewPicture/>|<w:rsids>.*?</w:rsids>", re.S)


def normalise_zip(data: bytes, when: datetime, replace: dict[str, bytes]) -> bytes:
    """Same content, same bytes: fixed entry order and timestamps in the ZIP container; the
    template's leftovers (app properties, "spelling checked" state, revision ids) removed."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            body = replace.get(info.filename) or src.read(info.filename)
            if info.filename == "word/settings.xml":
                body = _SETTINGS_LEFTOVERS.sub(b"", body)
            dst.writestr(zi, body)
    return out.getvalue()
