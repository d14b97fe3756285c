"""DOCX rules D05–D09, D12, D13 (and the shared link-text table): for each, a small Word file
that breaks exactly that rule, written with python-docx, is reported by the same check the build
runs, with a place a person can find; the same file fixed is not. Then the real writer's
output (the small fixture project, in every script we publish) passes them all."""

from __future__ import annotations

import io
from types import SimpleNamespace

import docx
import pytest
from conftest import run_build
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from PIL import Image

from editions.checks import docx as docx_checks
from editions.checks.links import file_link_needs_size, placeholder_href, vague
from editions.langdata import known_languages, language_data

URDU = "یہ منصوبہ بچوں کے لیے ہے۔"
CHINESE = "这是儿童服务计划。"


def ed(lang: str = "en-GB") -> SimpleNamespace:
    return SimpleNamespace(lang=lang, title="Rule test", audience="full", dir="ltr")


def new_doc() -> docx.Document:
    d = docx.Document()
    body = d.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    return d


def found(tmp_path, d, rule: str, lang: str = "en-GB") -> list:
    path = tmp_path / "doc.docx"
    d.save(path)
    return [f for f in docx_checks.check(path, "doc.docx", ed(lang), []) if f.rule == rule]


def wheres(findings) -> list[str]:
    return [f.where for f in findings]


# --- the shared link-text rules (H08 and D06) -------------------------------------------------


@pytest.mark.parametrize("lang,text", [(lang, t) for lang in known_languages()
                                       for t in sorted(language_data(lang).vague_links)])
def test_every_listed_phrase_is_vague_in_its_language(lang, text):
    assert vague(text, lang)
    assert vague(f"  {text.upper()}!… ", lang)  # case, surrounding punctuation and space
    assert vague(f"\u2067{text}\u2069", lang)  # bidi isolates round it (Urdu editions)
    assert not vague(f"{text} about our plan for children", lang)  # the whole text only


def test_vague_is_per_language_with_english_everywhere():
    assert vague("Tutaj", "pl") and not vague("tutaj", "en-GB")
    assert vague("click here", "zh-Hans")  # untranslated English stays English
    assert vague("更多", "zh-Hans") and not vague("更多", "pl")
    assert vague("", "en-GB") and vague(" → ", "en-GB")  # a link that says nothing
    assert not vague("Read the action plan", "en-GB")


def test_file_links_say_type_and_size():
    assert file_link_needs_size("https://example.org/files/plan.pdf", "Our plan")
    assert file_link_needs_size("plan.PDF?download=1", "Our plan (Word, 2 MB)")  # wrong type
    assert not file_link_needs_size("https://example.org/plan.pdf", "Our plan (PDF, 2 MB)")
    assert not file_link_needs_size("plan.docx", "Plan (Word, 1.5 MB)")
    assert not file_link_needs_size("plan.pdf", "计划（PDF，2 MB）")
    assert not file_link_needs_size("plan.txt", "Plan (TXT, 239 B)")  # a file under 1 KB
    assert file_link_needs_size("plan.txt", "Plan (TXT, 239)")  # a number is not a size
    assert file_link_needs_size("song.mp3", "Our song")
    assert not file_link_needs_size("https://example.org/plan", "Our plan")  # a page
    assert placeholder_href("#") and placeholder_href("") and not placeholder_href("#main")


# --- D05 empty rows or columns ----------------------------------------------------------------


def _table(d, rows: list[list[str]]):
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).paragraphs[0].add_run(text)
    return t


def test_d05_empty_row_and_column(tmp_path):
    d = new_doc()
    d.add_paragraph("Numbers")
    _table(d, [["Year", "Referrals"], ["2025", "120"], ["2026", "140"]])
    assert not found(tmp_path, d, "D05")
    d = new_doc()
    d.add_paragraph("Numbers")
    _table(d, [["Year", "", "Referrals"], ["", "", ""], ["2026", "", "140"]])
    f = found(tmp_path, d, "D05")
    assert wheres(f) == ["table 1, row 2", "table 1, column 2"]
    assert {x.level for x in f} == {"warning"}


# --- D06 link text ----------------------------------------------------------------------------


def _link(d, before: str, text: str, href: str | None = None, anchor: str | None = None):
    p = d.add_paragraph(before)
    h = OxmlElement("w:hyperlink")
    if href is not None:
        h.set(qn("r:id"), p.part.relate_to(href, RT.HYPERLINK, is_external=True))
    if anchor is not None:
        h.set(qn("w:anchor"), anchor)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    h.append(r)
    p._p.append(h)
    return p


def _bookmark(p, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "1")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "1")
    p._p.insert(0, start)
    p._p.append(end)


@pytest.mark.parametrize("lang,text", [("en-GB", "Click here"), ("pl", "kliknij tutaj"),
                                       ("zh-Hans", "点击这里"), ("ur", "یہاں کلک کریں"),
                                       ("gd", "An seo")])
def test_d06_vague_link_text(tmp_path, lang, text):
    d = new_doc()
    _link(d, "Plan: ", "Children’s Services Plan 2026–2029", "https://example.org/plan")
    assert not found(tmp_path, d, "D06", lang)
    d = new_doc()
    _link(d, "Plan: ", text, "https://example.org/plan")
    f = found(tmp_path, d, "D06", lang)
    assert wheres(f) == [f"paragraph {'Plan: ' + text!r}"] and f[0].level == "error"


@pytest.mark.parametrize("case", ["file without size", "placeholder", "missing bookmark"])
def test_d06_link_targets(tmp_path, case):
    good = {"file without size": ("Annual report (PDF, 2 MB)", "https://example.org/report.pdf",
                                  None),
            "placeholder": ("Annual report", "https://example.org/report", None),
            "missing bookmark": ("Our vision", None, "_vision")}[case]
    bad = {"file without size": ("Annual report", "https://example.org/report.pdf", None),
           "placeholder": ("Annual report", "#", None),
           "missing bookmark": ("Our vision", None, "_nowhere")}[case]
    for (text, href, anchor), expect in ((good, False), (bad, True)):
        d = new_doc()
        _bookmark(d.add_heading("Our vision", 1), "_vision")
        _link(d, "See: ", text, href, anchor)
        f = found(tmp_path, d, "D06")
        assert bool(f) == expect, (case, text, f)
        if f:
            assert wheres(f) == [f"paragraph {'See: ' + text!r}"]


# --- D07 spaces, tabs and empty paragraphs for layout --------------------------------------------


def test_d07_layout_spaces_and_empty_paragraphs(tmp_path):
    d = new_doc()
    d.add_paragraph("Name: Ann")
    d.add_paragraph().add_run("Team:").add_tab()
    d.add_paragraph("After one tab, as a list number has.")
    _table(d, [["Year", ""], ["2026", "140"]])  # an empty cell keeps its one paragraph
    d.add_paragraph()  # Word's paragraph after a table at the end of the document
    assert not found(tmp_path, d, "D07")
    d = new_doc()
    d.add_paragraph("Name:    Ann")
    run = d.add_paragraph().add_run("Team:")
    run.add_tab()
    run.add_tab()
    run.add_text("Blue")
    d.add_paragraph("Before the gap")
    d.add_paragraph()
    d.add_paragraph("  ")
    d.add_paragraph("After the gap")
    f = found(tmp_path, d, "D07")
    assert wheres(f) == ["paragraph 'Name:    Ann'", "paragraph 'Team:\\t\\tBlue'",
                         "2 empty paragraphs after paragraph 'Before the gap'"]
    assert {x.level for x in f} == {"warning"}


# --- D08 floating objects and text boxes --------------------------------------------------------


def _picture(d, before: str):
    img = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(img, "PNG")
    p = d.add_paragraph(before)
    shape = p.add_run().add_picture(io.BytesIO(img.getvalue()))
    shape._inline.docPr.set("descr", "A white square")
    return shape._inline


def _float(inline) -> None:
    """Turn an inline picture into a floating one (wp:anchor), as Word's "Square" wrap does."""
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV></wp:anchor>')
    for child in list(inline):
        if child.tag == qn("wp:docPr"):
            anchor.append(parse_xml(f'<wp:wrapSquare {nsdecls("wp")} wrapText="bothSides"/>'))
        anchor.append(child)
    inline.getparent().replace(inline, anchor)


TEXT_BOX = (f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="position:absolute;'
            'margin-left:0;margin-top:0;width:100pt;height:40pt"><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
            '</w:pict></w:r>')


def test_d08_floating_picture(tmp_path):
    d = new_doc()
    _picture(d, "Our logo")
    assert not found(tmp_path, d, "D08")
    d = new_doc()
    _float(_picture(d, "Our logo"))
    f = found(tmp_path, d, "D08")
    assert wheres(f) == ["paragraph 'Our logo'"] and "wp:anchor" in f[0].message


def test_d08_text_box(tmp_path):
    d = new_doc()
    d.add_paragraph("Boxed text")
    assert not found(tmp_path, d, "D08")
    d = new_doc()
    p = d.add_paragraph("Before the box")
    p._p.append(parse_xml(TEXT_BOX))
    f = found(tmp_path, d, "D08")
    assert {x.message for x in f} == {"text box", "floating VML shape (position:absolute)"}
    assert set(wheres(f)) == {"paragraph 'Before the box'"}


# --- D09 contrast -----------------------------------------------------------------------------


def _shade(el_pr, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    el_pr.append(shd)


def _d09_run_colour(d, bad):
    run = d.add_paragraph().add_run("Grey words")
    run.font.color.rgb = RGBColor.from_string("AAAAAA" if bad else "595959")  # 2.3 / 7.0:1
    return "paragraph 'Grey words'"


def _d09_style_chain(d, bad):
    quiet = d.styles.add_style("Quiet", 1)
    quiet.base_style = d.styles["Normal"]
    quiet.font.color.rgb = RGBColor.from_string("999999" if bad else "333333")
    quieter = d.styles.add_style("Quieter", 1)
    quieter.base_style = quiet  # no colour of its own: inherits Quiet's
    d.add_paragraph("Inherited grey", style="Quieter")
    return "paragraph 'Inherited grey'"


def _d09_theme_colour(d, bad):
    run = d.add_paragraph().add_run("Theme blue")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")  # what a reader ignoring the theme would see
    color.set(qn("w:themeColor"), "accent1" if bad else "text1")  # 4F81BD: 4.0:1
    run._r.get_or_add_rPr().append(color)
    return "paragraph 'Theme blue'"


def _d09_cell_shading(d, bad):
    t = _table(d, [["Dark cell"]])
    _shade(t.cell(0, 0)._tc.get_or_add_tcPr(), "1D4F91" if bad else "F3F2F1")
    t.cell(0, 0).paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("0B0C0C")
    return "table 1, row 1 'Dark cell'"


def _d09_paragraph_shading(d, bad):
    p = d.add_paragraph()
    p.add_run("Shaded words").font.color.rgb = RGBColor.from_string("0B0C0C")
    _shade(p._p.get_or_add_pPr(), "000080" if bad else "FFFFFF")
    return "paragraph 'Shaded words'"


def _d09_page_colour(d, bad):
    d.element.insert(0, parse_xml(f'<w:background {nsdecls("w")} '
                                  f'w:color="{"333333" if bad else "FFFFFF"}"/>'))
    d.add_paragraph().add_run("On the page").font.color.rgb = RGBColor.from_string("0B0C0C")
    return "paragraph 'On the page'"


def _d09_large_text(d, bad):
    run = d.add_paragraph().add_run("Big grey")  # 888888: 3.5:1, enough for large text only
    run.font.color.rgb = RGBColor.from_string("888888")
    run.font.size = Pt(12 if bad else 18)
    return "paragraph 'Big grey'"


def _d09_bold_large_text(d, bad):
    run = d.add_paragraph().add_run("Bold grey")
    run.font.color.rgb = RGBColor.from_string("888888")
    run.font.size = Pt(14)
    run.font.bold = not bad  # 14 pt bold is large text (3:1)
    return "paragraph 'Bold grey'"


def _d09_highlight(d, bad):
    run = d.add_paragraph().add_run("Highlighted")
    run.font.color.rgb = RGBColor.from_string("0B0C0C")
    hl = OxmlElement("w:highlight")
    hl.set(qn("w:val"), "darkBlue" if bad else "yellow")
    run._r.get_or_add_rPr().append(hl)
    return "paragraph 'Highlighted'"


D09_CASES = {f.__name__[5:]: f for f in (
    _d09_run_colour, _d09_style_chain, _d09_theme_colour, _d09_cell_shading,
    _d09_paragraph_shading, _d09_page_colour, _d09_large_text, _d09_bold_large_text,
    _d09_highlight)}


@pytest.mark.parametrize("case", list(D09_CASES))
def test_d09_contrast(tmp_path, case):
    d = new_doc()
    D09_CASES[case](d, bad=False)
    assert not found(tmp_path, d, "D09")
    d = new_doc()
    where = D09_CASES[case](d, bad=True)
    f = found(tmp_path, d, "D09")
    assert wheres(f) == [where] and f[0].level == "error"


# --- D12 Urdu ---------------------------------------------------------------------------------


def _urdu_doc(breakage: str = "") -> docx.Document:
    d = new_doc()
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")) \
        .find(qn("w:rPr"))
    for el in defaults.findall(qn("w:szCs")):  # the template has one: this test sets its own
        defaults.remove(el)
    if breakage != "szCs":
        sz = OxmlElement("w:szCs")
        sz.set(qn("w:val"), "24")
        defaults.append(sz)
    normal = d.styles["Normal"]
    normal.font.name = "Arial"
    if breakage != "cs font":
        normal.element.rPr.find(qn("w:rFonts")).set(qn("w:cs"), "Noto Naskh Arabic")
    style = None
    if breakage == "cs theme font":  # a style naming the theme's (empty) complex-script font
        style = d.styles.add_style("Lead", 1)
        style.base_style = normal
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:cstheme"), "majorBidi")

    def urdu(container, text: str):
        p = container.add_paragraph(style=style)
        run = p.add_run(text)
        if breakage != "rtl":
            run._r.get_or_add_rPr().get_or_add_rtl()
        if breakage != "bidi":
            p._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        return p

    urdu(d, URDU)
    d.add_paragraph("English text that was not translated stays left to right.")
    d.add_paragraph("2026")  # only digits: no direction of its own
    t = d.add_table(rows=1, cols=1)
    cell = t.cell(0, 0)
    cell._tc.remove(cell.paragraphs[0]._p)
    urdu(cell, "بچے")
    if breakage != "table":
        t._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    return d


@pytest.mark.parametrize("breakage,where", [
    ("bidi", f"paragraph {URDU!r}"), ("rtl", f"paragraph {URDU!r}"),
    ("cs font", f"paragraph {URDU!r}"), ("cs theme font", f"paragraph {URDU!r}"),
    ("szCs", f"paragraph {URDU!r}"), ("table", "table 1")])
def test_d12_urdu(tmp_path, breakage, where):
    assert not found(tmp_path, _urdu_doc(), "D12", "ur")
    f = found(tmp_path, _urdu_doc(breakage), "D12", "ur")
    assert f and f[0].where == where and f[0].level == "error", [x.format() for x in f]
    if breakage != "table":
        assert "table 1, row 1 'بچے'" in wheres(f)  # the cell paragraph too
    assert not found(tmp_path, _urdu_doc(breakage), "D12", "en-GB")  # Urdu editions only


# --- D13 Chinese ------------------------------------------------------------------------------


def _chinese_doc(breakage: str = "") -> docx.Document:
    d = new_doc()
    normal = d.styles["Normal"]
    normal.font.name = "Arial"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    if breakage != "font":
        fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    p = d.add_paragraph("English words and ")
    run = p.add_run(CHINESE)
    if breakage == "italic":
        run.italic = True
    if breakage == "theme font":  # the template's Subtitle did this: theme East Asian font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsiaTheme"), "majorEastAsia")
    p.add_run(" more English").italic = True  # italics on Latin text are not D13's business
    return d


@pytest.mark.parametrize("breakage", ["font", "theme font", "italic"])
def test_d13_chinese(tmp_path, breakage):
    assert not found(tmp_path, _chinese_doc(), "D13", "zh-Hans")
    f = found(tmp_path, _chinese_doc(breakage), "D13", "zh-Hans")
    assert wheres(f) == [f"paragraph {('English words and ' + CHINESE + ' more English')[:40]!r}"]
    assert ("italics" in f[0].message) == (breakage == "italic")


# --- the real writer ----------------------------------------------------------------------------


def test_writer_output_passes_d05_to_d13(mini, tmp_path):
    """The fixture project written in every script we publish (Latin, Urdu right to left,
    Chinese): no finding of the new rules; contents links say their heading's text."""
    pub = mini / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    assert "languages: [en-GB, pl]" in text
    pub.write_text(text.replace("languages: [en-GB, pl]", "languages: [en-GB, ur, zh-Hans]"),
                   encoding="utf-8")
    out = tmp_path / "dist"
    proc = run_build("--format", "docx", "--no-browser", root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for lang in ("en-GB", "ur", "zh-Hans"):
        path = out / "site" / lang / "full.docx"
        findings = docx_checks.check(path, "full.docx", ed(lang), [])
        assert not [f.format() for f in findings
                    if f.rule in ("D05", "D06", "D07", "D08", "D09", "D12", "D13")]
        d = docx.Document(str(path))
        body = d.element.body
        links = list(body.iter(qn("w:hyperlink")))
        assert len(links) >= 3
        heading_of = {}
        for p in d.paragraphs:
            if p.style.name.startswith("Heading"):
                for b in p._p.iter(qn("w:bookmarkStart")):
                    heading_of[b.get(qn("w:name"))] = p.text
        contents = [h for h in links if h.get(qn("w:anchor")) in heading_of]
        assert len(contents) >= 3
        for h in contents:
            assert "".join(h.xpath(".//w:t/text()")) == heading_of[h.get(qn("w:anchor"))]
        if lang == "ur":
            assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in d.tables)
