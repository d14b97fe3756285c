"""The DOCX we wrote, opened back with python-docx and read as XML."""

from __future__ import annotations

import zipfile

import docx
import pytest
from conftest import artifact, run_build
from docx.oxml.ns import qn

TITLE = "North Lanarkshire Children’s Services Plan 2026–2029"


@pytest.fixture(scope="module")
def document(built, manifest):
    return docx.Document(str(artifact(built, manifest, "docx")))


def test_real_heading_styles_without_skips(document):
    levels = [int(p.style.name.split()[1]) for p in document.paragraphs
              if p.style.name.startswith("Heading ")]
    assert levels.count(1) >= 10  # each top-level section
    assert {1, 2, 3} <= set(levels)
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [TITLE]


def test_contents_list_links_to_every_section(document):
    body = document.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    headings1 = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(anchors) >= len(headings1)
    assert set(anchors) <= bookmarks  # every contents entry goes somewhere


def test_table_header_rows_repeat(document):
    assert len(document.tables) >= 6
    for table in document.tables:
        first = table._tbl.tr_lst[0]
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None


def test_title_language_and_no_template_leftovers(built, manifest, document):
    cp = document.core_properties
    assert cp.title == TITLE
    assert cp.language == "en-GB"
    assert "python-docx" not in (cp.comments or "") and cp.author != "python-docx"
    assert cp.created.year == 2026
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")) \
        .find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    names = zipfile.ZipFile(artifact(built, manifest, "docx")).namelist()
    assert not any("thumbnail" in n or n.startswith("customXml") for n in names)
    with zipfile.ZipFile(artifact(built, manifest, "docx")) as z:
        app = z.read("docProps/app.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert "Macintosh" not in app and TITLE in app
    assert "proofState" not in settings  # the template claimed "spelling checked"


def test_no_italics(document):
    for p in document.paragraphs:
        for run in p.runs:
            assert not run.italic, p.text


def test_picture_alt_text(mini, tmp_path):
    out = tmp_path / "dist"
    assert run_build("--format", "docx", "--no-browser", root=mini, out=out).returncode == 0
    d = docx.Document(str(out / "site" / "en-GB" / "full.docx"))
    pics = list(d.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert [p.get("descr") for p in pics] == ["A navy outlined box, standing for the partnership"]
    # the Urdu notice: right-to-left paragraph, rtl run, complex-script language
    xml = d.element.body.xml
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml and 'w:bidi="ur-PK"' in xml
