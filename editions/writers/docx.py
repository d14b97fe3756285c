"""DOCX writer: python-docx from its built-in reference document, with real Heading styles, a
generated contents list, repeating table header rows, alt text, title and language."""

from __future__ import annotations

import io
import re

import docx
import yaml
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from .. import model as m
from ..config import BuildConfig
from ..i18n import SOURCE_LANG, is_rtl
from ..references import picture
from ..scripts import east_asian, region_tag
from ..select import EditionDoc
from . import docx_tables
from .docx_setup import app_xml, metadata, normalise_zip, setup
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
        setup(self)
        metadata(self)
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
            msgid, language = self.ed.notice("summary")
            self._run(note, " " + self.ed._(msgid, name=self.ed._(self.ed.meta.contact_name),
                                            language=language)
                      + " " + self.ed.meta.contact_email)
            self._direction(note, "")
        if self.ed.draft:
            note = self.para(self.doc)
            self._run(note, self.ed._("This translation is a draft."), bold=True)
            msgid, language = self.ed.notice("draft")
            self._run(note, " " + self.ed._(msgid, language=language))
            self._direction(note, "")
        self.contents()
        self._started = True
        for s in self.ed.sections:
            self.section(s)
        raw = io.BytesIO()
        self.doc.save(raw)
        replace = {"docProps/app.xml": app_xml(self.ed)}
        return normalise_zip(raw.getvalue(), self.cfg.timestamp(self.ed.meta.date), replace)


class DocxWriter:
    format = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        layouts = yaml.safe_load(cfg.layout("docx/styles.yaml").read_text("utf-8"))
        layout = layouts.get(ed.presentation) or layouts[cfg.default_presentation]
        return _Writer(ed, cfg, layout).build()
