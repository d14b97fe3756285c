"""Large print (LP01–LP16): one small PDF and one small DOCX per rule, broken, then fixed. The
PDFs are WeasyPrint output from our real large-print stylesheet (the fixed state) plus one
rule that breaks it; the DOCX files are python-docx documents set up like our large-print
DOCX. The checks are the ones the build runs on every large-print artifact."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from weasyprint import HTML

from editions.checks import check_artifact
from editions.checks.large_print import check_docx, check_pdf
from editions.pdf.repair import finish_pdf
from editions.presentations import look
from editions.writers.pdf_lang import install as tag_languages

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = (ROOT / "layouts" / "pdf" / "large-print.css").read_text(encoding="utf-8")
LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
LARGE_PRINT = look(LAYOUTS / "presentations.yaml", "large-print")  # as the build reads it
ED = SimpleNamespace(lang="en-GB", title="Rule test", audience="full", dir="ltr",
                     presentation="large-print", sections=[], look=LARGE_PRINT)
UR = SimpleNamespace(lang="ur", title="Rule test", audience="full", dir="rtl",
                     presentation="large-print", sections=[], look=LARGE_PRINT)

BODY = """<h1>Rule test</h1><h2>Part one</h2>
<p>We help children, young people and families across North Lanarkshire. This paragraph is
long enough to wrap over several lines of large print, so that the space between its lines
can be measured from the page.</p>
<p>Read <a href="https://example.org/plan">the whole plan</a> on our website. This second
paragraph follows the first with one line of space between them, as <em>clear print</em>
asks, and it is <span class="mark">important</span> to us.</p>
<p class="narrow">Please write to us by 30&#160;June&#160;2027 or call us.</p>
<p class="narrow">Internationalisation responsibilities notwithstanding extraordinarily
comprehensive implementation.</p>"""
NARROW = ".narrow { width: 95mm }"

UR_BODY = """<h1>جانچ</h1><p>یہ ترجمہ ابھی مسودہ ہے۔ ابھی تک کسی شخص نے اس کی جانچ نہیں کی۔ اگر
کوئی بات واضح نہ ہو تو براہ کرم انگریزی ورژن پڑھیں یا ہم سے رابطہ کریں۔ ہم آپ کی مدد کے لیے
حاضر ہیں۔</p><p>یہ دوسرا پیراگراف ہے۔ ہم بچوں اور خاندانوں کی مدد کرتے ہیں۔ ہم آپ کی بات سنتے
ہیں اور آپ کے ساتھ مل کر کام کرتے ہیں۔</p>"""


def _html(body: str = BODY, css: str = "", lang: str = "en-GB", direction: str = "ltr") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><title>Rule test'
            f"</title><style>{LAYOUT}{NARROW}{css}</style></head><body>{body}</body></html>")


def _pdf(tmp_path, html: str, name: str = "doc.pdf") -> Path:
    """Written as the build writes a PDF: passages keep their /Lang, footers are artifacts."""
    tag_languages()
    path = tmp_path / name
    path.write_bytes(finish_pdf(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), ED))
    return path


def _found(findings, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> Path:
    return _pdf(tmp_path_factory.mktemp("lp"), _html())


def test_the_large_print_layout_passes(good_pdf):
    """The fixed state of every PDF case below: our layout, no LP finding at all."""
    assert check_pdf(good_pdf, "doc.pdf", ED) == []


# rule → (CSS that breaks it, or a change to the body), what the finding says
PDF_CASES = {
    "LP01-small": ("LP01", ".mark { font-size: 12pt }", "under 16"),
    "LP01-body": ("LP01", "p { font-size: 17pt }", "body text at 17.0 pt"),
    "LP03": ("LP03", "p { font-family: 'DejaVu Serif' !important }", "DejaVu"),
    "LP04-italic": ("LP04", "em { font-style: italic !important; font-weight: 400 }", "italic"),
    "LP04-underline": ("LP04", ".mark { text-decoration: underline }", "not a link"),
    "LP04-capitals": ("LP04", "p:first-of-type { text-transform: uppercase }", "capitals"),
    "LP05": ("LP05", "p { line-height: 1.15 }", "line height 1.15"),
    "LP06": ("LP06", "p { margin-bottom: 4pt }", "less than one line"),
    "LP07-justified": ("LP07", "p { text-align: justify }", "justified"),
    "LP07-centred": ("LP07", "p { text-align: center }", "centred"),
    "LP08-hyphenation": ("LP08", "p { hyphens: auto }", "hyphenated"),
    "LP08-date": ("LP08", ("30&#160;June&#160;2027", "30 June 2027"), "2027' is split across lines"),
    "LP10": ("LP10", "body { columns: 2; column-gap: 10mm }", "side by side"),
    "LP11": ("LP11", "@page { size: A4 landscape }", "landscape"),
    "LP16": ("LP16", "@page { margin: 12mm }", "margin under 20 mm"),
}


@pytest.mark.parametrize("case", list(PDF_CASES))
def test_pdf_rule(tmp_path, good_pdf, case):
    rule, breakage, says = PDF_CASES[case]
    assert not _found(check_pdf(good_pdf, "doc.pdf", ED), rule)
    if isinstance(breakage, tuple):
        html = _html(BODY.replace(*breakage))
    else:
        html = _html(css=breakage)
    found = _found(check_pdf(_pdf(tmp_path, html), "doc.pdf", ED), rule)
    assert found, f"{case}: no {rule} finding"
    assert found[0].where == "page 1" and found[0].level == "error"
    assert found[0].artifact == "doc.pdf" and found[0].fix
    assert any(says in f.message for f in found), [f.message for f in found]


TABLE = """<h1>Rule test</h1><table><caption>Referrals by month</caption><thead><tr>
<th scope="col">Month</th><th scope="col">Referrals</th></tr></thead><tbody>{rows}</tbody>
</table>""".format(rows="".join(f"<tr><td>Month {i}</td><td>{i * 7}</td></tr>"
                                for i in range(40)))


@pytest.mark.parametrize("breakage, says", [
    ("thead { display: table-row-group }", "without their header row"),  # not repeated
    ("table { font-size: 12pt }", "table text at 12.0 pt"),
])
def test_lp15_table_kept_in_large_print(tmp_path, breakage, says):
    """A table that is not linearised: 16 pt and its header row on every page it runs to."""
    fixed = check_pdf(_pdf(tmp_path, _html(TABLE)), "doc.pdf", ED)
    assert not _found(fixed, "LP15")
    found = _found(check_pdf(_pdf(tmp_path, _html(TABLE, breakage)), "doc.pdf", ED), "LP15")
    assert found and any(says in f.message for f in found)
    where = [f.where for f in found]
    assert where[0] == ("page 2" if "header" in says else "page 1")


@pytest.mark.parametrize("breakage, rule, says", [
    (":lang(ur) { line-height: 1.5 }", "LP05", "want 2 or more"),  # Urdu needs 2
    ("p { text-align: left }", "LP07", "right edge"),  # Urdu is aligned right
])
def test_urdu_pdf(tmp_path, breakage, rule, says):
    fixed = check_pdf(_pdf(tmp_path, _html(UR_BODY, "", "ur", "rtl")), "doc.pdf", UR)
    assert not _found(fixed, rule)
    broken = check_pdf(_pdf(tmp_path, _html(UR_BODY, breakage, "ur", "rtl")), "doc.pdf", UR)
    found = _found(broken, rule)
    assert found and found[0].where == "page 1" and says in found[0].message


def test_english_passage_in_the_urdu_edition_keeps_its_own_line_height(tmp_path):
    """LP05 follows each passage's language (/Lang): English at 2.0 is too loose."""
    body = UR_BODY + ('<p lang="en-GB" dir="ltr">During the last plan, when we asked young '
                      "people how we make the plan more relevant to them, they told us what "
                      "they wanted to see in it.</p>")
    assert not _found(check_pdf(_pdf(tmp_path, _html(body, "", "ur", "rtl")), "d", UR), "LP05")
    loose = _html(body, '[dir="rtl"] [dir="ltr"] { line-height: 2 }', "ur", "rtl")
    found = _found(check_pdf(_pdf(tmp_path, loose), "d", UR), "LP05")
    assert found and "want 1.3–1.5" in found[0].message and "During" in found[0].message


def test_check_artifact_runs_large_print_checks_only_on_large_print(tmp_path):
    path = _pdf(tmp_path, _html(css="@page { margin: 12mm }"))
    large = check_artifact("pdf", path, tmp_path, ED, [])
    assert _found(large, "LP16")
    standard = SimpleNamespace(**{**vars(ED), "presentation": "standard",
                                  "look": look(LAYOUTS / "presentations.yaml", "standard")})
    assert not [f for f in check_artifact("pdf", path, tmp_path, standard, [])
                if f.rule.startswith("LP")]


# --- DOCX ------------------------------------------------------------------------------------

URDU = "یہ ترجمہ ابھی مسودہ ہے۔ براہ کرم انگریزی ورژن پڑھیں یا ہم سے رابطہ کریں۔"


def _link(p, text: str, url: str) -> None:
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), p.part.relate_to(url, RT.HYPERLINK, is_external=True))
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    u = OxmlElement("w:u")
    u.set(qn("w:val"), "single")
    rpr.append(u)
    t = OxmlElement("w:t")
    t.text = text
    r.append(rpr)
    r.append(t)
    h.append(r)
    p._p.append(h)


def _docx(tmp_path, breakage: str = "") -> Path:
    """A DOCX set up like our large-print one, with one breakage."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(18)
    normal.paragraph_format.line_spacing = 1.15 if breakage == "LP05" else 1.4
    normal.paragraph_format.space_after = Pt(6 if breakage == "LP06" else 26)
    size_cs = OxmlElement("w:szCs")  # complex-script size (Urdu) as the writer sets it
    size_cs.set(qn("w:val"), "36")
    normal.element.rPr.append(size_cs)
    heading = d.styles["Heading 1"]
    heading.font.name = "Arial"
    heading.font.size = Pt(26)
    fonts = heading.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    sect = d.sections[0]
    sect.page_width, sect.page_height = Mm(210), Mm(297)
    if breakage == "LP11":
        sect.orientation = WD_ORIENT.LANDSCAPE
        sect.page_width, sect.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sect, side, Mm(12.7 if breakage == "LP16" else 22))
    if breakage == "LP10":
        cols = sect._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            sect._sectPr.append(cols)
        cols.set(qn("w:num"), "2")
    if breakage == "LP08-auto":
        auto = OxmlElement("w:autoHyphenation")
        d.settings.element.append(auto)
    d.add_heading("Part one", level=1)
    p = d.add_paragraph("We help children, young people and families. ")
    run = p.add_run("This matters")
    run.italic = breakage == "LP04-italic"
    run.underline = breakage == "LP04-underline"
    run.font.all_caps = breakage == "LP04-caps"
    if breakage == "LP01":
        run.font.size = Pt(14)
    if breakage == "LP03":
        run.font.name = "Times New Roman"
    if breakage == "LP07":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.add_run(" to us.")
    p = d.add_paragraph("Read ")
    _link(p, "the whole plan", "https://example.org/plan")  # underlined: a link
    p.add_run(" on our website.")
    shout = "PLEASE READ THIS CAREFULLY" if breakage == "LP04-capitals" else "Please read this"
    d.add_paragraph(f"{shout}. Write to us by 30{' ' if breakage == 'LP08' else chr(160)}"
                    "June\u00a02027.")
    u = d.add_paragraph(URDU)
    if breakage != "LP07-urdu":
        u.paragraph_format.element.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))
    u.paragraph_format.line_spacing = 1.4 if breakage == "LP05-urdu" else 2.0
    u.paragraph_format.space_after = Pt(36)
    for r in u.runs:
        r.font.rtl = True
        r.font.complex_script = True
        r.font.name = "Arial"
        r._r.rPr.rFonts.set(qn("w:cs"), "Noto Naskh Arabic")
    d.add_paragraph("The last paragraph.")
    t = d.add_table(rows=2, cols=2)
    for row, texts in zip(t.rows, (("Month", "Referrals"), ("June", "12"))):
        for cell, text in zip(row.cells, texts):
            cell.paragraphs[0].add_run(text).font.size = Pt(12 if breakage == "LP15-size"
                                                            else 16)
    if breakage != "LP15":
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    path = tmp_path / "doc.docx"
    d.save(path)
    return path


DOCX_CASES = {  # breakage: (rule, where the finding points, what it says)
    "LP01": ("LP01", "paragraph 'We help children", "14 pt"),
    "LP03": ("LP03", "paragraph 'We help children", "Times New Roman"),
    "LP04-italic": ("LP04", "paragraph 'We help children", "italic"),
    "LP04-underline": ("LP04", "paragraph 'We help children", "not a link"),
    "LP04-caps": ("LP04", "paragraph 'We help children", "capitals"),
    "LP04-capitals": ("LP04", "paragraph 'PLEASE READ", "block of capitals"),
    "LP05": ("LP05", "heading 'Part one'", "line height 1.15"),  # Normal's, inherited
    "LP05-urdu": ("LP05", "paragraph 'یہ ترجمہ", "want 2 or more"),
    "LP06": ("LP06", "paragraph 'We help children", "less than one line"),
    "LP07": ("LP07", "paragraph 'We help children", "'both'"),
    "LP07-urdu": ("LP07", "paragraph 'یہ ترجمہ", "no w:bidi"),
    "LP08": ("LP08", "paragraph 'Please read this", "'30 June'"),
    "LP08-auto": ("LP08", "document settings", "hyphenation"),
    "LP10": ("LP10", "page setup", "2 columns"),
    "LP11": ("LP11", "page setup", "landscape"),
    "LP15": ("LP15", "table 1", "header row"),
    "LP15-size": ("LP15", "table 1", "12 pt"),
    "LP16": ("LP16", "page setup", "12.7 mm"),
}


def test_the_large_print_docx_setup_passes(tmp_path):
    assert check_docx(_docx(tmp_path), "doc.docx", ED) == []


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_docx_rule(tmp_path, case):
    rule, where, says = DOCX_CASES[case]
    assert not _found(check_docx(_docx(tmp_path), "doc.docx", ED), rule)
    found = _found(check_docx(_docx(tmp_path, case), "doc.docx", ED), rule)
    assert found, f"{case}: no {rule} finding"
    assert found[0].where.startswith(where), found[0].where
    assert any(says in f.message for f in found), [f.message for f in found]
    assert found[0].level == "error" and found[0].artifact == "doc.docx"


def test_docx_theme_font_is_resolved(tmp_path):
    """LP03 reads the face Word will use: a style naming a theme font gets the theme's
    typeface (the template's minor font is Cambria, a serif)."""
    path = _docx(tmp_path)
    d = docx.Document(str(path))
    p = d.add_paragraph("Set in the theme's minor font.")
    fonts = p.add_run(" More.")._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    d.save(path)
    found = _found(check_docx(path, "doc.docx", ED), "LP03")
    assert found and "Cambria" in found[0].message
