"""Editions (issue 3): the young edition, the glossary edition, large print of each."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import docx
import pytest
from conftest import artifact
from docx.oxml.ns import qn
from docx.shared import Pt

EDITIONS = ("full", "young", "glossary")


def test_manifest_lists_every_edition_and_presentation(manifest):
    have = {(a["edition"], a["presentation"], a["format"]) for a in manifest}
    for edition in EDITIONS:
        for fmt in ("html", "pdf", "docx"):
            assert (edition, "standard", fmt) in have
        for fmt in ("pdf", "docx"):
            assert (edition, "large-print", fmt) in have


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.abbrs = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if tag == "abbr":
            self.abbrs.append(a.get("title", ""))


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_glossary_link_target_exists_html(built, manifest, edition):
    page = Links()
    page.feed(artifact(built, manifest, "html", edition).read_text(encoding="utf-8"))
    terms = [h for h in page.hrefs if h.startswith("term-")]
    assert set(page.hrefs) <= page.ids
    if edition != "glossary":
        assert terms, "first uses of glossary terms link to their definitions"
        assert page.abbrs and all(page.abbrs)  # acronyms carry their expansion


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("presentation", ("standard", "large-print"))
def test_every_glossary_link_target_exists_docx(built, manifest, edition, presentation):
    body = docx.Document(str(artifact(built, manifest, "docx", edition,
                                      presentation=presentation))).element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))} - {None}
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert anchors and anchors <= bookmarks


def test_docx_spells_out_acronyms_at_first_use(built, manifest):
    text = "\n".join(p.text for p in docx.Document(str(artifact(built, manifest, "docx"))).paragraphs)
    assert "ICSG (Improving Children's Services Group)" in text or \
        "ICSG (Improving Children’s Services Group)" in text


def test_glossary_edition_is_alphabetical_with_expansions(built, manifest):
    html = artifact(built, manifest, "html", "glossary").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="term-[^"]+">(.*?)</dt>', html)
    assert len(terms) >= 30
    keys = [re.sub(r"[^a-z0-9 ]", "", re.sub(r" \(.*\)$", "", t).lower()) for t in terms]
    assert keys == sorted(keys)
    assert "Child Protection Committee (CPC)" in terms
    assert "GIRFEC (Getting It Right For Every Child)" in terms
    # comment debris from the draft is an editor note, never a definition
    assert "| Word]" not in html and "CSP Glossa" not in html


def test_young_edition_meets_readability_targets(built, manifest):
    """CF01/CF02 measured on the young edition's own HTML text, per section."""
    from editions.checks.html_reading import readability

    figures = readability(artifact(built, manifest, "html", "young"), "en-GB")
    assert len(figures) >= 8  # plan, vision, rights, being heard, task groups, SHANARRI, help…
    for f in figures:
        print(f"{f.section[:40]:<40} grade {f.fk_grade:4.1f} ease {f.reading_ease:5.1f} "
              f"avg {f.avg_sentence:4.1f} max {f.longest}")
    assert all(not f.misses() for f in figures), [(f.section, f.misses()) for f in figures]


def test_young_edition_is_its_own_text(built, manifest):
    young = artifact(built, manifest, "html", "young").read_text(encoding="utf-8")
    full = artifact(built, manifest, "html", "full").read_text(encoding="utf-8")
    assert len(young) < len(full) / 2
    # the full plan's prose is not in the young edition…
    assert "Working together in a partnership joins things up" not in young
    # …but the young people's own words are
    assert "All children need to grow up safe, supported and heard." in young


def _chars(path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    for page in extract_pages(str(path)):
        for element in page:
            if isinstance(element, LTTextContainer):
                for line in element:
                    for ch in getattr(line, "_objs", []):
                        if isinstance(ch, LTChar) and ch.get_text().strip():
                            yield ch


@pytest.mark.parametrize("edition", EDITIONS)
def test_large_print_pdf_font_sizes(built, manifest, edition):
    """LP01: nothing under 16 pt (page numbers included), body text 18 pt or more."""
    sizes = [round(ch.size, 1) for ch in _chars(artifact(built, manifest, "pdf", edition,
                                                         presentation="large-print"))]
    assert sizes and min(sizes) >= 16
    body = max(set(sizes), key=sizes.count)  # the most common size is the body text
    assert body >= 18


def test_large_print_pdf_has_no_italic_fonts(built, manifest):
    import pikepdf

    with pikepdf.open(artifact(built, manifest, "pdf", presentation="large-print")) as pdf:
        for page in pdf.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                assert "Italic" not in str(font.get("/BaseFont", "")), str(font.BaseFont)


def _effective_size(paragraph, run) -> float:
    if run.font.size is not None:
        return run.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return Pt(0).pt


@pytest.mark.parametrize("edition", EDITIONS)
def test_large_print_docx_sizes_no_italic_no_justify(built, manifest, edition):
    path = artifact(built, manifest, "docx", edition, presentation="large-print")
    d = docx.Document(str(path))
    xml = d.element.body.xml + d.styles.element.xml
    sizes = [int(v) for v in re.findall(r'<w:sz(?:Cs)? w:val="(\d+)"', xml)]
    assert sizes and min(sizes) >= 32  # half-points: 16 pt
    assert not re.search(r"<w:i/>|<w:iCs/>|<w:i w:val=\"(1|true|on)\"", xml)
    assert 'w:val="both"' not in xml and 'w:val="distribute"' not in xml
    assert not d.tables  # wide tables are linearised into headed parts
    for p in d.paragraphs:
        for run in p.runs:
            if run.text.strip():
                assert _effective_size(p, run) >= 16, p.text
    body = [_effective_size(p, r) for p in d.paragraphs if p.style.name == "Normal"
            for r in p.runs if r.text.strip()]
    assert min(body) >= 18


def test_large_print_keeps_dates_together(built, manifest):
    """LP08: a date never splits across lines (non-breaking spaces)."""
    d = docx.Document(str(artifact(built, manifest, "docx", presentation="large-print")))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "June\u00a02027" in text and "June 2027" not in text
