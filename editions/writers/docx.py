"""DOCX writer: python-docx from its built-in reference document, with real Heading styles, a
generated contents list, repeating table header rows, alt text, title and language."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
import yaml
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from .. import model as m
from ..config import BuildConfig
from ..doctypes import TYPES
from ..i18n import SOURCE_LANG, is_rtl
from ..presentations import DEFAULT
from ..references import picture
from ..scripts import east_asian, region_tag
from ..select import EditionDoc
from . import docx_tables
from .html import published_date


def _lang_attrs(lang: str) -> dict[str, str]:
    """w:lang attributes for a BCP 47 tag: Latin, East Asian or complex-script slot."""
    if east_asian(lang):
        return {"w:eastAsia": region_tag(lang)}
    if is_rtl(lang):
        return {"w:bidi": region_tag(lang)}
    return {"w:val": lang}


_PPR_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                   "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                   "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                   "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _drop_theme_fonts(style) -> None:
    """The template's heading styles name theme fonts, which win over a named font."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def _set_lang(rpr, lang: str) -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    for k, v in _lang_attrs(lang).items():
        el.set(qn(k), v)


class _Writer:
    def __init__(self, ed: EditionDoc, cfg: BuildConfig, layout: dict):
        self.ed, self.cfg, self.layout = ed, cfg, layout
        self.doc = docx.Document()
        self.bookmark_id = 0
        self.bookmarks: dict[str, str] = {}
        self._style_ids: dict[str, str] = {}

    # --- styles and metadata --------------------------------------------------------------

    def setup(self) -> None:
        L = self.layout
        styles = self.doc.styles
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
        self._set_size_cs(L)  # complex-script sizes follow the Latin ones (Urdu, D12)
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Mm(L["margins_mm"]))
        # document default language (D11)
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr_default.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr_default.append(lang)
        own = self.ed.lang
        lang.set(qn("w:val"), region_tag(own) if east_asian(own) else
                 SOURCE_LANG if is_rtl(own) else own)
        # the East Asian and complex-script slots: the edition's language, else the first of
        # the publication's languages that uses the slot
        langs = [own, *getattr(self.ed.spec, "languages", ())]
        for attr, uses in (("w:eastAsia", east_asian), ("w:bidi", is_rtl)):
            first = next((x for x in langs if uses(x)), None)
            if first:
                lang.set(qn(attr), region_tag(first))

    def _set_size_cs(self, L: dict) -> None:
        """Complex-script sizes (w:szCs) follow the Latin sizes, in the defaults and styles."""
        for st in self.doc.styles:
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
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(L["size"] * 2))

    def metadata(self) -> None:
        when: datetime = self.cfg.timestamp(self.ed.meta.date).replace(tzinfo=None)
        cp = self.doc.core_properties
        cp.title = self.ed.title
        cp.subject = self.ed.meta.short_title
        cp.author = self.ed.meta.publisher
        cp.last_modified_by = self.ed.meta.publisher
        cp.language = self.ed.lang
        cp.comments = ""
        cp.keywords = ""
        cp.category = TYPES[self.ed.meta.type]["label"]
        if self.ed.meta.date or self.cfg.source_date_epoch is not None:
            cp.created = when
            cp.modified = when
            cp.last_printed = when
        else:  # no date: no dates at all (not the template's, not an invented one)
            for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
                for el in cp._element.findall(qn(tag)):
                    cp._element.remove(el)
        cp.revision = 1
        cp.identifier = self.ed.meta.id
        # template leftovers: the template's thumbnail and bibliography customXml parts
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rel_id]
        for rel_id, rel in list(self.doc.part.rels.items()):
            if rel.reltype == RT.CUSTOM_XML:
                del self.doc.part.rels[rel_id]

    def footer(self) -> None:
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        self._style(p, "Footer")
        self._run(p, self.ed._("Page") + " ")
        self._field(p, "PAGE", "1")
        self._direction(p, "")

    # --- inline content -------------------------------------------------------------------

    def _field(self, p: DocxParagraph, instr: str, placeholder: str) -> None:
        for kind in ("begin", None, "separate", "text", "end"):
            run = p.add_run()
            if kind == "text":
                run.text = placeholder
            elif kind is None:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = f" {instr} "
                run._r.append(it)
            else:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                run._r.append(fc)

    def _run(self, p: DocxParagraph, text: str, bold=False, italic=False, lang: str = ""):
        if "\t" in text or "\n" in text or "\r" in text:
            run = p.add_run(text)  # tabs and breaks become w:tab and w:br
        else:
            run = p.add_run()
            run._r.add_t(text)  # what add_run does, without its per-character loop
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        self._lang_run(run._r.get_or_add_rPr(), lang or self.ed.lang)
        return run

    def _lang_run(self, rpr, lang: str) -> None:
        """Tag a run's language (D11) unless it is the default; right-to-left runs get w:rtl
        and complex-script formatting (D12)."""
        if lang != SOURCE_LANG:
            _set_lang(rpr, lang)
        if is_rtl(lang):
            rpr.get_or_add_rtl()  # inserted in schema order, before w:lang
            rpr.get_or_add_cs()

    def inlines(self, p: DocxParagraph, nodes: list[m.Inline], bold=False, italic=False,
                lang: str = "") -> None:
        for n in nodes:
            if isinstance(n, m.Text | m.Code):
                self._run(p, n.text, bold, italic, lang)
            elif isinstance(n, m.Strong):
                self.inlines(p, n.children, True, italic, lang)
            elif isinstance(n, m.Emph):
                # emphasis by bold, never italics (clear print; Chinese has no italics)
                self.inlines(p, n.children, True, False, lang)
            elif isinstance(n, m.Break):
                p.add_run().add_break(WD_BREAK.LINE)
            elif isinstance(n, m.Abbr):
                # an Abbr marks an acronym's first use: the expansion follows in brackets
                self._run(p, f"{n.text} ({n.title})", bold, italic, lang)
            elif isinstance(n, m.Link):
                self.link(p, n, lang)
            elif isinstance(n, m.Span):
                span_lang = n.lang or (SOURCE_LANG if n.dir == "ltr" else lang)
                self.inlines(p, n.children, bold, italic, span_lang)

    def link(self, p: DocxParagraph, n: m.Link, lang: str) -> None:
        h = OxmlElement("w:hyperlink")
        if n.href.startswith("#"):
            h.set(qn("w:anchor"), self.bookmark_name(n.href[1:]))
        else:
            rid = p.part.relate_to(n.href, RT.HYPERLINK, is_external=True)
            h.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "1D70B8")
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        rpr.append(color)
        rpr.append(u)
        self._lang_run(rpr, lang or self.ed.lang)
        run.append(rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = "".join(f"{c.text} ({c.title})" if isinstance(c, m.Abbr) else m.inline_text([c])
                         for c in n.children)
        run.append(t)
        h.append(run)
        p._p.append(h)

    def bookmark_name(self, anchor: str) -> str:
        if anchor not in self.bookmarks:
            base = "_" + re.sub(r"[^A-Za-z0-9]", "_", anchor)[:30]
            name, i = base, 2
            while name in self.bookmarks.values():
                name, i = f"{base[:30]}{i}", i + 1
            self.bookmarks[anchor] = name
        return self.bookmarks[anchor]

    def bookmark(self, p: DocxParagraph, anchor: str) -> None:
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), self.bookmark_name(anchor))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)

    # --- blocks ---------------------------------------------------------------------------

    def para(self, container, style: str | None = None) -> DocxParagraph:
        p = container.add_paragraph()
        if style:
            self._style(p, style)
        return p

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _style(self, p: DocxParagraph, name: str) -> None:
        """Set a paragraph style by its id (python-docx's `p.style =` looks the style and the
        default style up in the XML on every call: 40 % of the writer's time, measured)."""
        p._p.get_or_add_pPr().style = self._style_id(name)

    def blocks(self, container, nodes: list[m.Block], depth: int = 0, lang: str = "") -> None:
        for b in nodes:
            self.block(container, b, depth, lang)

    def block(self, container, b: m.Block, depth: int, lang: str) -> None:
        outer, lang = lang, b.lang or lang
        if isinstance(b, m.Paragraph):
            p = self.para(container)
            self.inlines(p, b.children, lang=lang)
            self._direction(p, lang)
        elif isinstance(b, m.ListBlock):
            for i, item in enumerate(b.items):
                self.list_item(container, item, b.ordered, b.start + i, depth, lang)
        elif isinstance(b, m.Quote) and b.blocks:
            self.quote(container, b, depth, lang)
        elif isinstance(b, m.Quote):
            p = self.para(container, "Quote")
            self.inlines(p, [m.Text(text=self.ed._("“")), *b.children,
                             m.Text(text=self.ed._("”"))], lang=lang)
            self._direction(p, lang)
            if b.attribution:
                a = self.para(container, "Quote")
                self._run(a, b.attribution, lang=lang)
                self._direction(a, lang)
        elif isinstance(b, m.Figure):
            self.figure(container, b)
        elif isinstance(b, m.Table):
            docx_tables.table(self, container, b, outer)
        elif isinstance(b, m.DefList):
            for item in b.items:
                first = item.definition[0] if item.definition else None
                p = self.para(container)
                self.bookmark(p, item.id)
                self._direction(p, item.lang or lang)
                self.inlines(p, item.term, bold=True, lang=item.lang or lang)
                rest = item.definition
                if isinstance(first, m.Paragraph):
                    self._run(p, " – ", lang=lang)
                    self.inlines(p, first.children, lang=lang)
                    rest = item.definition[1:]
                self.blocks(container, rest, depth, lang)
        elif isinstance(b, m.Group):
            self.blocks(container, b.blocks, depth, b.lang or lang)

    def quote(self, container, b: m.Quote, depth: int, lang: str) -> None:
        """A `>` quote: its paragraphs in the Quote style, its lists and inner quotes one step
        (8 mm, the Quote style's indent) further in than they would be outside it."""
        start = len(container.paragraphs)
        self.blocks(container, b.blocks, depth, lang)
        for p in container.paragraphs[start:]:
            if p._p.style is None:
                self._style(p, "Quote")
                continue
            fmt, style = p.paragraph_format, p._p.style
            if fmt.left_indent is None and style.startswith("ListBullet"):
                level = int(style[len("ListBullet"):] or 1)  # the template's numbering
                fmt.left_indent, fmt.first_line_indent = Twips(360 * level), Twips(-360)
            fmt.left_indent = (fmt.left_indent or Mm(8)) + Mm(8)

    def _keep_together(self, text: str) -> str:
        """Large print (LP08): a date the writer adds itself never breaks across lines."""
        return text.replace(" ", "\u00a0") if self.ed.look.keep_together else text

    def _direction(self, p: DocxParagraph, lang: str) -> None:
        if is_rtl(lang or self.ed.lang):
            ppr = p._p.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:  # in schema order: before spacing, ind, jc
                ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
            if "rtl_line_spacing" in self.layout:  # large print: Urdu needs line height 2
                pf = p.paragraph_format  # (LP05) and a paragraph space of one such line (LP06)
                pf.line_spacing = self.layout["rtl_line_spacing"]
                if pf.space_after is None and p._p.style in (None, self._style_id("Quote")):
                    pf.space_after = Pt(self.layout["rtl_space_after"])

    def list_item(self, container, item: m.ListItem, ordered: bool, number: int, depth: int,
                  lang: str) -> None:
        if ordered:
            style = "List Number" if depth == 0 else f"List Number {min(depth + 1, 3)}"
        else:
            style = "List Bullet" if depth == 0 else f"List Bullet {min(depth + 1, 3)}"
        first = True
        for b in item.blocks:
            if first and isinstance(b, m.Paragraph):
                p_lang = b.lang or lang  # an untranslated item stays English (and ltr)
                p = self.para(container, "List Paragraph" if ordered else style)
                if ordered:
                    # the plan's own numbers (priority 6 is "6."), not Word's auto-numbering
                    p.paragraph_format.left_indent = Mm(8 + 6 * depth)
                    p.paragraph_format.first_line_indent = Mm(-8)
                    self._run(p, f"{number}.\t", lang=p_lang)
                    self._tab(p, Mm(8 + 6 * depth))
                self.inlines(p, b.children, lang=p_lang)
                self._direction(p, p_lang)
            elif isinstance(b, m.ListBlock):
                self.block(container, b, depth + 1, lang)
            else:
                self.block(container, b, depth, lang)
            first = False

    def _tab(self, p: DocxParagraph, pos) -> None:
        p.paragraph_format.tab_stops.add_tab_stop(pos)

    def figure(self, container, b: m.Figure) -> None:
        # the reader checked the picture; never trust twice
        data, kind = picture(self.cfg.root, b.src)
        if kind not in ("png", "jpeg", "gif"):  # Word can't show the others
            p = self.para(container)
            self._run(p, f"[{b.alt}]")
            self._direction(p, "")
            return
        p = self.para(container)
        run = p.add_run()
        shape = run.add_picture(io.BytesIO(data), width=Mm(150))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", b.alt)
        doc_pr.set("title", b.caption or b.alt[:60])
        if b.caption:
            c = self.para(container, "Caption")
            self._run(c, b.caption)
            self._direction(c, "")

    # --- the document ---------------------------------------------------------------------

    def contents(self) -> None:
        p = self.para(self.doc, "TOC Heading")
        self._run(p, self.ed._("Contents"))
        self._direction(p, "")
        for s in self.ed.sections:
            line = self.para(self.doc)
            line.paragraph_format.space_after = Pt(2)
            self.link(line, m.Link(href=f"#{s.id}", children=s.heading.children), s.heading.lang)
            self._direction(line, s.heading.lang)

    def section(self, s: m.Section) -> None:
        level = min(s.level, 9)
        p = self.doc.add_paragraph()
        self._style(p, f"Heading {level}")
        if s.level == 1 and self._started:
            p.paragraph_format.page_break_before = True
        self._started = True
        self.inlines(p, s.heading.children, lang=s.heading.lang)
        self._direction(p, s.heading.lang)
        self.bookmark(p, s.id)
        self.blocks(self.doc, s.blocks)
        for sub in s.sections:
            self.section(sub)

    def build(self) -> bytes:
        self.setup()
        self.metadata()
        self.footer()
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
            body.remove(p)
        title = self.para(self.doc, "Title")
        self._run(title, self.ed.title)
        self._direction(title, "")
        meta, when = self.ed.meta, published_date(self.ed)
        lines = [self.ed._(t) for t in (meta.subtitle, meta.tagline) if t]
        if when:
            lines.append(self.ed._("Published by %(publisher)s, %(date)s",
                                   publisher=self.ed._(meta.publisher),
                                   date=self._keep_together(when)))
        elif meta.publisher:  # no date: none printed (as on the web page)
            lines.append(self.ed._("Published by %(publisher)s",
                                   publisher=self.ed._(meta.publisher)))
        for line in lines:
            sub = self.para(self.doc, "Subtitle")
            self._run(sub, line)
            self._direction(sub, "")
        if self.ed.summary:
            note = self.para(self.doc)
            self._run(note, self.ed._("This is a summary."), bold=True)
            self._run(note, " " + self.ed._(
                "Only part of the text has been translated into this language so far: this "
                "summary leaves the rest out. The full text is in English. To ask for it in "
                "this language, contact %(name)s:", name=self.ed._(self.ed.meta.contact_name))
                + " " + self.ed.meta.contact_email)
            self._direction(note, "")
        if self.ed.draft:
            note = self.para(self.doc)
            self._run(note, self.ed._("This translation is a draft."), bold=True)
            self._run(note, " " + self.ed._("It has not yet been checked by a person. If "
                                            "something is unclear, please read the English "
                                            "version or contact us."))
            self._direction(note, "")
        self.contents()
        self._started = True
        for s in self.ed.sections:
            self.section(s)
        raw = io.BytesIO()
        self.doc.save(raw)
        replace = {"docProps/app.xml": _app_xml(self.ed)}
        return _normalise_zip(raw.getvalue(), self.cfg.timestamp(self.ed.meta.date), replace)


def _app_xml(ed: EditionDoc) -> bytes:
    """The template's app.xml says "Microsoft Macintosh Word", 1 page, 0 words: replace it."""
    from xml.sax.saxutils import escape

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


def _normalise_zip(data: bytes, when: datetime, replace: dict[str, bytes]) -> bytes:
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


class DocxWriter:
    format = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        layouts = yaml.safe_load(cfg.layout("docx/styles.yaml").read_text("utf-8"))
        layout = layouts.get(ed.presentation) or layouts[DEFAULT]
        return _Writer(ed, cfg, layout).build()
