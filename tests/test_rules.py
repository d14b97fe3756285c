"""One small fixture per automated rule: broken, the check reports exactly that rule (with a
place a person can find); fixed, it does not. The checks are the same functions the build runs
on every artifact."""

from __future__ import annotations

from types import SimpleNamespace

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from weasyprint import HTML

from editions.checks import docx as docx_checks
from editions.checks import html as html_checks
from editions.checks import pdf as pdf_checks
from editions.pdf.repair import finish_pdf
from editions.presentations import Presentation

ED = SimpleNamespace(lang="en-GB", title="Rule test", audience="full", dir="ltr", sections=[],
                     presentation="standard", reading="general", look=Presentation())

GOOD_HTML = """<!DOCTYPE html><html lang="en-GB"><head><title>Rule test</title></head><body>
<a href="#main">Skip to main content</a><header>h</header><nav>n</nav>
<main id="main"><h1>Rule test</h1><h2>Part</h2><p>Text.</p>
<img src="x.png" alt="A chart of referrals">
<table><caption>Numbers</caption><tr><th scope="col">A</th></tr><tr><td>1</td></tr></table>
</main><footer>f</footer></body></html>"""

HTML_CASES = {
    "H01": ('<html lang="en-GB">', '<html lang="pl">'),
    "H03": ("<title>Rule test</title>", "<title> </title>"),
    "H04": ("<h2>Part</h2>", "<h3>Part</h3>"),
    "H05": ("<footer>f</footer>", ""),
    "H06": ('<a href="#main">Skip to main content</a>', '<a href="#nowhere">Skip</a>'),
    "H07": ('alt="A chart of referrals"', ""),
    "H09": ("<caption>Numbers</caption>", ""),
}


@pytest.mark.parametrize("rule", list(HTML_CASES))
def test_html_rule(tmp_path, rule):
    good, bad = HTML_CASES[rule]
    page = tmp_path / "page.html"
    page.write_text(GOOD_HTML, encoding="utf-8")
    assert not [f for f in html_checks.check(page, "page.html", ED, []) if f.rule == rule]
    page.write_text(GOOD_HTML.replace(good, bad), encoding="utf-8")
    found = [f for f in html_checks.check(page, "page.html", ED, []) if f.rule == rule]
    assert found and found[0].artifact == "page.html" and found[0].level == "error"


def test_cf01_cf02_on_the_young_edition(tmp_path):
    young = SimpleNamespace(**{**vars(ED), "audience": "young", "reading": "child-friendly"})
    easy = "<p>We help you. You can ask us. We will listen to you.</p>"
    hard = ("<p>Notwithstanding considerable organisational complexity, multidisciplinary "
            "partnership arrangements systematically operationalise comprehensive preventative "
            "interventions, consequently strengthening intergenerational resilience throughout "
            "geographically heterogeneous communities.</p>")
    for text, expect in ((easy, False), (hard, True)):
        page = tmp_path / "young.html"
        page.write_text(GOOD_HTML.replace("<p>Text.</p>", text), encoding="utf-8")
        found = [f for f in html_checks.check(page, "young.html", young, [])
                 if f.rule in ("CF01", "CF02")]
        assert bool(found) == expect
        if found:
            assert found[0].where == "Part"  # the section a person can find


def test_e01_published_editor_note(tmp_path):
    from editions.model import Loc, Note

    note = Note("editor-note", "Graphics note- icons for each short film", Loc("content/x.md", 3))
    page = tmp_path / "page.html"
    page.write_text(GOOD_HTML, encoding="utf-8")
    assert not [f for f in html_checks.check(page, "p", ED, [note]) if f.rule == "E01"]
    page.write_text(GOOD_HTML.replace("<p>Text.</p>", f"<p>{note.text}</p>"), encoding="utf-8")
    found = [f for f in html_checks.check(page, "p", ED, [note]) if f.rule == "E01"]
    assert found and str(found[0].loc) == "content/x.md:3"


# --- PDF -------------------------------------------------------------------------------------

PDF_HTML = """<html lang="en-GB"><head><title>Rule test</title><style>
@page { @bottom-center { content: "Page " counter(page); font-family: "Noto Sans" } }
body { font-family: "Noto Sans" }</style></head><body><h1>Rule test</h1><h2>Part</h2>
<p>Text.</p><img alt="A box" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="></body></html>"""

PDF_CASES = {
    "P06": ('<html lang="en-GB">', '<html lang="pl">'),
    "P04": ("<title>Rule test</title>", "<title>Another title</title>"),
    "P07": ('alt="A box"', ""),
    "P08": ("<h2>Part</h2>", "<h3>Part</h3>"),
    "T08": ("<p>Text.</p>", '<p style="font-family: DejaVu Serif">Text.</p>'),
}


def _pdf(tmp_path, html: str, fix: bool = True):
    data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    if fix:
        data = finish_pdf(data, ED)
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("rule", list(PDF_CASES))
def test_pdf_rule(tmp_path, rule):
    good, bad = PDF_CASES[rule]
    path = _pdf(tmp_path, PDF_HTML)
    assert not [f for f in pdf_checks.check(path, "doc.pdf", ED, []) if f.rule == rule]
    path = _pdf(tmp_path, PDF_HTML.replace(good, bad))
    found = [f for f in pdf_checks.check(path, "doc.pdf", ED, []) if f.rule == rule]
    assert found and found[0].artifact == "doc.pdf"


def test_p14_footer_outside_the_structure(tmp_path):
    assert not [f for f in pdf_checks.check(_pdf(tmp_path, PDF_HTML), "d", ED, [])
                if f.rule == "P14"]
    found = [f for f in pdf_checks.check(_pdf(tmp_path, PDF_HTML, fix=False), "d", ED, [])
             if f.rule == "P14"]
    assert found and "pages [1]" in found[0].where


# --- DOCX ------------------------------------------------------------------------------------


def _docx(tmp_path, breakage: str = ""):
    d = docx.Document()
    d.core_properties.title = ED.title
    d.core_properties.language = ED.lang
    d.core_properties.comments = ""
    d.core_properties.author = "Test"
    from datetime import datetime

    d.core_properties.created = datetime(2026, 1, 1)
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))  # the template says en-US
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    if breakage != "D11":
        lang.set(qn("w:val"), "en-GB")
    d.add_heading("Part", level=1)
    d.add_heading("Sub", level=3 if breakage == "D03" else 2)
    t = d.add_table(rows=2, cols=2)
    if breakage != "D02":
        tr_pr = t.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        look = t._tbl.tblPr.find(qn("w:tblLook"))
        look.set(qn("w:firstRow"), "1")
    if breakage == "D04":
        t.cell(1, 0).merge(t.cell(1, 1))
    if breakage == "D10":
        d.core_properties.title = "Document"
    path = tmp_path / "doc.docx"
    d.save(path)
    return path


@pytest.mark.parametrize("rule", ["D02", "D03", "D04", "D10", "D11"])
def test_docx_rule(tmp_path, rule):
    assert not [f for f in docx_checks.check(_docx(tmp_path), "d.docx", ED, []) if f.rule == rule]
    found = [f for f in docx_checks.check(_docx(tmp_path, rule), "d.docx", ED, [])
             if f.rule == rule]
    assert found and found[0].artifact == "d.docx" and found[0].level == "error"


def test_d01_picture_without_description(tmp_path):
    import io

    from PIL import Image

    img = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(img, "PNG")
    path = _docx(tmp_path)
    d = docx.Document(str(path))
    shape = d.add_picture(io.BytesIO(img.getvalue()))
    shape._inline.docPr.set("descr", "A white square")
    d.save(path)
    assert not [f for f in docx_checks.check(path, "d", ED, []) if f.rule == "D01"]
    shape._inline.docPr.set("descr", "")
    d.save(path)
    assert [f for f in docx_checks.check(path, "d", ED, []) if f.rule == "D01"]


# --- P06: passages in another language, read back from the structure tree ----------------------


def _passage_doc():
    from editions import model as mm

    loc = mm.Loc("content/x.md", 7)
    gd = mm.Paragraph(children=[mm.Text(text="Tha an sgrìobhainn seo ri fhaighinn ann an Gàidhlig.")],
                      lang="gd", loc=loc)
    return [mm.Section(id="s", heading=mm.Heading(level=1, children=[mm.Text(text="Rule test")]),
                       blocks=[gd])]


def test_p06_passage_language(tmp_path, monkeypatch):
    import pikepdf
    from weasyprint.pdf import tags

    from editions.checks import pdf_lang
    from editions.writers.pdf_lang import install

    html = PDF_HTML.replace("<p>Text.</p>", '<p lang="gd">Tha an sgrìobhainn seo ri fhaighinn '
                            "ann an Gàidhlig.</p>")
    sections = _passage_doc()
    install()  # raises W03 if WeasyPrint changed (tests/test_toolchain.py)
    path = _pdf(tmp_path, html)
    with pikepdf.open(path) as pdf:
        assert not pdf_lang.check(pdf, sections, "en-GB", "doc.pdf")
        # the tag is on the paragraph's own structure element
        assert [str(e.Lang) for e in pdf_checks.struct_elements(pdf.Root.StructTreeRoot)
                if "/Lang" in e] == ["gd"]
    # broken: WeasyPrint's own tagger (no wrap) drops the paragraph's lang
    monkeypatch.setattr(tags, "_build_box_tree", tags._build_box_tree.__wrapped__)
    path = _pdf(tmp_path, html)
    with pikepdf.open(path) as pdf:
        found = pdf_lang.check(pdf, sections, "en-GB", "doc.pdf")
    assert [f.rule for f in found] == ["P06"] and str(found[0].loc) == "content/x.md:7"
    assert found[0].level == "error" and "gd" in found[0].message


# --- PDF document-level rules: broken with pikepdf after a good build -------------------------


def _break_p02(pdf):
    del pdf.Root["/MarkInfo"]


def _break_p05(pdf):
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def _break_p15(pdf):
    del pdf.Root["/Outlines"]


@pytest.mark.parametrize("rule, breakage", [("P02", _break_p02), ("P05", _break_p05),
                                            ("P15", _break_p15), ("P16", None)])
def test_pdf_document_rule(tmp_path, rule, breakage):
    import pikepdf

    # ten pages with headings: long enough to need bookmarks (P15)
    parts = "".join(f'<h2 style="break-before: page">Part {i}</h2><p>Text {i}.</p>'
                    for i in range(1, 11))
    good = _pdf(tmp_path, PDF_HTML.replace("<h2>Part</h2>", parts))
    assert not [f for f in pdf_checks.check(good, "doc.pdf", ED, []) if f.rule == rule]
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as pdf:
        assert len(pdf.pages) >= 10
        if breakage is None:  # P16: encrypted
            pdf.save(bad, encryption=pikepdf.Encryption(owner="secret", user=""))
        else:
            breakage(pdf)
            pdf.save(bad)
    found = [f for f in pdf_checks.check(bad, "bad.pdf", ED, []) if f.rule == rule]
    assert found and found[0].level == "error" and found[0].artifact == "bad.pdf"


# --- content rules, on a real build of the small fixture project ------------------------------


def test_h19_acronym_the_glossary_lacks(mini, tmp_path):
    from conftest import run_build

    intro = mini / "content/sections/01-intro.md"
    proc = run_build("--format", "html", "--lang", "en-GB", "--no-browser", root=mini,
                     out=tmp_path / "a")
    assert "Artifacts written: 2 of 2" in proc.stdout and " H19: " not in proc.stdout, proc.stdout
    text = intro.read_text(encoding="utf-8")
    intro.write_text(text.replace("This is the first paragraph",
                                  "The QZW team wrote this first paragraph"), encoding="utf-8")
    proc = run_build("--format", "html", "--lang", "en-GB", "--no-browser", root=mini,
                     out=tmp_path / "b")
    line = next(ln for ln in proc.stdout.splitlines() if " H19: " in ln)
    assert "content/sections/01-intro.md:6" in line and "QZW" in line and "warning" in line


def test_p01_text_outside_marked_content(tmp_path):
    import pikepdf

    good = _pdf(tmp_path, PDF_HTML)
    assert not [f for f in pdf_checks.check(good, "doc.pdf", ED, []) if f.rule == "P01"]
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(good) as pdf:
        page = pdf.pages[0]
        font = next(iter(page.obj.Resources.Font.keys()))
        # the same glyph again, drawn after every marked-content sequence has closed
        page.contents_add(pdf.make_stream(f"BT {font} 12 Tf 1 0 0 -1 100 100 Tm <0033> Tj ET"
                                          .encode()), prepend=False)
        pdf.save(bad)
    found = [f for f in pdf_checks.check(bad, "bad.pdf", ED, []) if f.rule == "P01"]
    assert found and found[0].where == "page 1" and found[0].level == "error"


def test_cf04_long_paragraph_in_the_young_edition(tmp_path):
    young = SimpleNamespace(**{**vars(ED), "audience": "young", "reading": "child-friendly"})
    four = "We help you. You can ask us. We will listen. We care."
    for text, expect in ((four, False), (four + " We are here.", True)):
        page = tmp_path / "young.html"
        page.write_text(GOOD_HTML.replace("<p>Text.</p>", f"<p>{text}</p>"), encoding="utf-8")
        found = [f for f in html_checks.check(page, "young.html", young, []) if f.rule == "CF04"]
        assert bool(found) == expect
        if found:
            assert found[0].where == "Part" and found[0].level == "warning"


def test_h20_reading_level_of_the_full_plan(tmp_path):
    easy = "We help children and families. We listen to them. We work with them every day. " * 8
    hard = ("Multidisciplinary organisational partnerships systematically operationalise "
            "comprehensive preventative interventions, consequently strengthening "
            "intergenerational resilience. ") * 12
    for text, expect in ((easy, False), (hard, True)):
        page = tmp_path / "full.html"
        page.write_text(GOOD_HTML.replace("<p>Text.</p>", f"<p>{text}</p>"), encoding="utf-8")
        found = [f for f in html_checks.check(page, "full.html", ED, []) if f.rule == "H20"]
        assert bool(found) == expect
        if found:
            assert found[0].where == "section 'Part'" and found[0].level == "warning"


def test_cf06_glossary_term_not_linked_at_first_use(tmp_path):
    young = SimpleNamespace(**{**vars(ED), "audience": "young", "reading": "child-friendly"})
    glossary = ('<h2>Words we use</h2><dl class="glossary"><dt id="term-icsg">Improving '
                "Children's Services Group (ICSG)</dt><dd>The group that leads the plan.</dd></dl>")
    linked = ('<p>The <a href="#term-icsg">Improving Children’s Services Group</a> meets. '
              "The ICSG plans.</p>")
    for text, expect in ((linked, False), (linked.replace('<a href="#term-icsg">', "")
                                           .replace("</a>", ""), True)):
        page = tmp_path / "young.html"
        page.write_text(GOOD_HTML.replace("<p>Text.</p>", text + glossary), encoding="utf-8")
        found = [f for f in html_checks.check(page, "young.html", young, []) if f.rule == "CF06"]
        assert bool(found) == expect, [f.format() for f in found]
        if found:
            assert found[0].where == "section 'Part'" and found[0].level == "error"
            assert "Improving Children’s Services Group" in found[0].message


def test_t05_chinese_in_the_simplified_chinese_face(tmp_path):
    zh = SimpleNamespace(**{**vars(ED), "lang": "zh-Hans", "title": "Rule test"})
    html = PDF_HTML.replace('<html lang="en-GB">', '<html lang="zh-Hans">').replace(
        "<p>Text.</p>", '<p style="font-family: \'Noto Sans CJK SC\'">儿童计划</p>')
    good = _pdf(tmp_path, html)
    assert not [f for f in pdf_checks.check(good, "zh.pdf", zh, []) if f.rule == "T05"]
    bad = _pdf(tmp_path, html.replace("Noto Sans CJK SC", "Noto Sans CJK JP"))
    found = [f for f in pdf_checks.check(bad, "zh.pdf", zh, []) if f.rule == "T05"]
    assert found and "not Noto Sans CJK SC" in found[0].message
    assert found[0].where == "page 1" and found[0].level == "error"


def test_e03_priority_repeated(mini, tmp_path):
    from conftest import run_build

    plan = mini / "content/data/action-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    item = text[text.index("      - number: 1"):]
    assert "E03" not in run_build("--format", "html", "--no-browser", root=mini,
                                  out=tmp_path / "a").stdout
    plan.write_text(text + item.replace("number: 1", "number: 2"), encoding="utf-8")
    proc = run_build("--format", "html", "--no-browser", root=mini, out=tmp_path / "b")
    line = next(ln for ln in proc.stdout.splitlines() if " E03: " in ln)
    assert "content/data/action-plan.yaml:" in line and "warning" in line
    assert "repeats the text of priority 1" in line
