"""Break/fix fixtures for the PDF rules checked on every build: P09 tables, P10 lists, P11
links, P12 glyph coverage, P13 text round trip, P17 page labels, and the page every finding
names. Each fixture is a small PDF written by WeasyPrint like the build's (then, where HTML
cannot produce the fault, edited with pikepdf); the check is the one the build runs."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from weasyprint import HTML

from editions import model as m
from editions.checks import pdf as pdf_checks
from editions.checks import pdf_text
from editions.pdf.repair import finish_pdf
from editions.pdf.tree import elements, kids

ED = SimpleNamespace(lang="en-GB", title="Rule test", audience="full", dir="ltr", sections=[])

STYLE = """<style>@page { @bottom-center { content: "Page " counter(page);
font-family: "Noto Sans" } } body { font-family: "Noto Sans" }
:lang(ur) { font-family: "Noto Naskh Arabic" } :lang(zh-Hans) { font-family: "Noto Sans CJK SC" }
</style>"""


def page(body: str, lang: str = "en-GB", title: str = "Rule test") -> str:
    rtl = ' dir="rtl"' if lang == "ur" else ""
    return (f'<html lang="{lang}"{rtl}><head><title>{title}</title>{STYLE}</head><body>'
            f"<h1>{title}</h1>{body}</body></html>")


def write(tmp_path, html: str, fix: bool = True, ed=ED, name: str = "doc.pdf"):
    data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    if fix:
        data = finish_pdf(data, ed)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def found(path, rule: str, ed=ED) -> list:
    return [f for f in pdf_checks.check(path, "doc.pdf", ed, []) if f.rule == rule]


def edit(path, change) -> None:
    """Break a PDF where HTML cannot: change(pdf) edits it in place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)


def tagged(pdf, tag: str) -> list:
    return [e for e in elements(pdf.Root.StructTreeRoot) if e.S == tag]


# --- P09 tables -------------------------------------------------------------------------------

TABLE = """<h2>Part</h2><table><caption>Numbers</caption>
<thead><tr><th scope="col">Area</th><th scope="col">Count</th></tr></thead>
<tbody><tr><th scope="row">North</th><td>1</td></tr><tr><th scope="row">South</th><td>2</td></tr>
</tbody></table>"""


def test_p09_table_headers(tmp_path):
    path = write(tmp_path, page(TABLE))
    assert not found(path, "P09")
    with pikepdf.open(path) as pdf:  # the fix: TD /Headers resolve through the /IDTree
        assert "/IDTree" in pdf.Root.StructTreeRoot

    raw = write(tmp_path, page(TABLE), fix=False, name="raw.pdf")
    problems = found(raw, "P09")  # WeasyPrint writes /Headers but no /IDTree
    assert problems and "IDTree" in problems[0].message and problems[0].where == "page 1"

    def drop_headers(pdf):
        for td in tagged(pdf, "/TD"):
            del td.A["/Headers"]

    edit(path, drop_headers)
    problems = found(path, "P09")
    assert problems and "no /Headers" in problems[0].message and problems[0].where == "page 1"

    def scope_every_th(pdf):  # TH /Scope alone also associates the cells
        for th in tagged(pdf, "/TH"):
            th.A.Scope = Name.Column

    edit(path, scope_every_th)
    assert not found(path, "P09")


def test_p09_spans_and_tables_without_headers(tmp_path):
    spanned = TABLE.replace("<td>1</td></tr>", '<td rowspan="2">1</td></tr>').replace(
        "<td>2</td>", "")
    problem = found(write(tmp_path, page(spanned)), "P09")
    assert problem and "spans" in problem[0].message and problem[0].where == "page 1"
    plain = "<table><tr><td>1</td><td>2</td></tr></table>"
    problem = found(write(tmp_path, page(plain)), "P09")
    assert problem and "no header cells" in problem[0].message


# --- P10 lists --------------------------------------------------------------------------------

LISTS = """<h2>Part</h2><ul><li>One</li><li><p>Two, a paragraph</p><p>and another</p></li></ul>
<ol><li>First<ul><li>Nested</li></ul></li></ol>
<dl class="glossary"><div class="glossary-entry"><dt>CYP</dt><dd>Children and young people</dd></div>
<div class="glossary-entry"><dt>LOIP</dt><dd>Local Outcome Improvement Plan</dd></div></dl>"""


def test_p10_list_structure(tmp_path):
    path = write(tmp_path, page(LISTS))
    assert not found(path, "P10")
    with pikepdf.open(path) as pdf:  # the fix: a glossary entry is LI(Lbl term, LBody text)
        entries = [li for li in tagged(pdf, "/LI") if [str(k.S) for k in kids(li)] == [
            "/Lbl", "/LBody"]]
        assert len(entries) >= 2

    raw = write(tmp_path, page(LISTS), fix=False, name="raw.pdf")
    messages = " ".join(f.message for f in found(raw, "P10"))
    assert "holds something other than LI: Div" in messages  # <dl><div> as WeasyPrint tags it
    assert "other than Lbl and LBody: P" in messages  # <li><p>

    def paragraph_in_list(pdf):
        tagged(pdf, "/LI")[0].S = Name.P

    edit(path, paragraph_in_list)
    problem = found(path, "P10")
    assert problem and problem[0].where == "page 1" and problem[0].level == "error"


# --- P11 links --------------------------------------------------------------------------------

IMG = ('<img alt="{alt}" style="width:4mm;height:4mm" src="data:image/png;base64,iVBORw0KGgoAAAAN'
       'SUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">')
LINKS = """<h2 id="part">Part</h2><p>Read <a href="#part">the part on <strong>links</strong></a>
and <a href="https://example.org/plan">our plan online</a>, or the
<a href="#part"><abbr title="Children and young people">CYP</abbr></a> entry.</p>
<p><a href="#part">{img}</a> <a href="https://example.org/map">{img_alt}</a></p>""".format(
    img=IMG.format(alt=""), img_alt=IMG.format(alt="Map of the area"))


def contents(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.get("/Contents", "")) for p in pdf.pages for a in p.obj.get("/Annots", [])
                if a.get("/Subtype") == "/Link"]


def test_p11_link_contents_fix_and_check(tmp_path):
    raw = write(tmp_path, page(LINKS), fix=False, name="raw.pdf")
    assert "part" in contents(raw)  # WeasyPrint 70: /Contents is the target, not words
    messages = [f.message for f in found(raw, "P11")]
    assert any("destination id" in msg for msg in messages)
    assert any("not in a Link structure element" in msg for msg in messages)  # the <abbr>

    path = write(tmp_path, page(LINKS))
    assert not found(path, "P11")
    texts = contents(path)
    assert "the part on links" in texts and "our plan online" in texts and "CYP" in texts
    assert "Map of the area" in texts  # an image link: its alt text
    assert "Go to page 1" in texts  # a link with no text says where it goes

    def no_contents(pdf):
        for a in pdf.pages[0].Annots:
            del a["/Contents"]

    edit(path, no_contents)
    problem = found(path, "P11")
    assert problem and "no /Contents" in problem[0].message and problem[0].where == "page 1"


def test_p11_link_outside_a_link_element(tmp_path):
    path = write(tmp_path, page(LINKS))

    def untag(pdf):
        for link in tagged(pdf, "/Link"):
            link.S = Name.Span

    edit(path, untag)
    problem = found(path, "P11")
    assert problem and "not in a Link structure element" in problem[0].message
    assert problem[0].where == "page 1"


def test_p11_right_to_left_link_text_in_reading_order(tmp_path):
    ur = SimpleNamespace(**{**vars(ED), "lang": "ur", "dir": "rtl"})
    html = page('<h2 id="v">ہمارا وژن</h2><p>دیکھیں <a href="#v">ہمارا وژن 2026</a></p>', "ur")
    path = write(tmp_path, html, ed=ur)
    assert "ہمارا وژن 2026" in contents(path)


# --- P12 glyph coverage -----------------------------------------------------------------------


def test_p12_notdef_glyph(tmp_path):
    assert not found(write(tmp_path, page("<p>Plain text.</p>")), "P12")
    # a private-use character no installed font has: WeasyPrint draws .notdef
    problem = found(write(tmp_path, page("<p>Plain \ue000 text.</p>")), "P12")
    assert problem and ".notdef" in problem[0].message and "U+E000" in problem[0].message
    assert problem[0].where == "page 1"


def test_p12_code_without_unicode_mapping(tmp_path):
    path = write(tmp_path, page("<p>Plain text.</p>"))

    def drop_mapping(pdf):  # the glyph drawn for "x" loses its ToUnicode entry
        for font in pdf.pages[0].Resources.Font.values():
            cmap = font.ToUnicode.read_bytes()
            cmap = re.sub(rb"<[0-9a-f]{4}> <0078>\n", b"", cmap)
            font.ToUnicode.write(cmap)

    edit(path, drop_mapping)
    problem = found(path, "P12")
    assert problem and "no Unicode mapping" in problem[0].message
    assert problem[0].where == "page 1"


# --- P13 text round trip ----------------------------------------------------------------------


def edition(lang: str, title: str, *paragraphs: str):
    section = m.Section(id="part", heading=m.Heading(level=1, children=[m.Text(text=title)]),
                        blocks=[m.Paragraph(children=[m.Text(text=p)]) for p in paragraphs])
    return SimpleNamespace(lang=lang, title="Rule test", audience="full",
                           dir="rtl" if lang == "ur" else "ltr", sections=[section])


TEXTS = {
    "en-GB": ("Our vision", "We want every child to be safe. Families get help early, when they "
              "need it.", "Partners share what they know and plan together."),
    "ur": ("ہمارا وژن", "ہم چاہتے ہیں کہ ہر بچہ محفوظ رہے۔ خاندانوں کو جلد مدد ملے، جب انہیں "
           "اس کی ضرورت ہو۔", "شراکت دار NHS اور اسکولوں کے ساتھ 2026 تک مل کر منصوبہ بناتے ہیں۔"),
    "zh-Hans": ("我们的愿景", "我们希望每个儿童都安全。家庭在需要时及早得到帮助。",
                "合作伙伴分享信息（CYP）并在 2026 年前共同规划。"),
}


@pytest.mark.parametrize("lang", list(TEXTS))
def test_p13_text_round_trip(tmp_path, lang):
    title, *paragraphs = TEXTS[lang]
    ed = edition(lang, title, *paragraphs)
    body = f"<h2>{title}</h2>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    path = write(tmp_path, page(body, lang), ed=ed)
    assert not found(path, "P13", ed), f"{lang}: the text layer gives the text back"

    # a sentence the model has but the PDF does not show
    path = write(tmp_path, page(f"<h2>{title}</h2><p>{paragraphs[0]}</p>", lang), ed=ed)
    problem = found(path, "P13", ed)
    assert problem and problem[0].level == "error"
    assert problem[0].where == f"page 1, section '{title}'"
    assert paragraphs[1][:10] in problem[0].message


def test_p13_text_that_cannot_be_extracted(tmp_path):
    """Urdu in Noto Nastaliq Urdu looks right but its ToUnicode map loses letters
    (TOOLCHAIN.md): the round trip finds the words it garbles."""
    title, *paragraphs = TEXTS["ur"]
    ed = edition("ur", title, *paragraphs)
    body = f"<h2>{title}</h2>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    html = page(body, "ur").replace('"Noto Naskh Arabic"', '"Noto Nastaliq Urdu"')
    problem = found(write(tmp_path, html, ed=ed), "P13", ed)
    assert problem and problem[0].level == "error"


def test_p13_looks_on_the_pages_of_the_section(tmp_path):
    """A sentence two sections share must be found on each section's own pages."""
    shared = "We will listen to you and act on what you say."
    first = m.Section(id="a", heading=m.Heading(level=1, children=[m.Text(text="Listening")]),
                      blocks=[m.Paragraph(children=[m.Text(text=shared)])])
    second = m.Section(id="b", heading=m.Heading(level=1, children=[m.Text(text="Acting")]),
                       blocks=[m.Paragraph(children=[m.Text(text="Our promise.")]),
                               m.Paragraph(children=[m.Text(text=shared)])])
    ed = SimpleNamespace(**{**vars(ED), "sections": [first, second]})
    both = (f"<h2>Listening</h2><p>{shared}</p>"
            f'<h2 style="break-before: page">Acting</h2><p>Our promise.</p><p>{shared}</p>')
    assert not found(write(tmp_path, page(both), ed=ed), "P13", ed)
    only_first = both[:both.rindex(f"<p>{shared}</p>")]  # the second section drops it
    problem = found(write(tmp_path, page(only_first), ed=ed), "P13", ed)
    assert [f.where for f in problem] == ["page 2, section 'Acting'"]


def test_p13_sentences_across_a_page_break(tmp_path):
    """poppler prints the footer ("Page 1") inside a sentence that runs onto the next page;
    the check takes the footer out (it knows it from the page's artifacts)."""
    sentences = [f"Sentence {n} is about the services that support children and families in "
                 "every town and village of the area, all year round." for n in range(60)]
    ed = edition("en-GB", "Long part", " ".join(sentences))
    path = write(tmp_path, page("<h2>Long part</h2><p>" + " ".join(sentences) + "</p>"), ed=ed)
    raw = pdf_text.normalise(pdf_text.pdftotext(path))
    assert [s for s in sentences if pdf_text.normalise(s) not in raw]  # split by "Page 1"
    assert not found(path, "P13", ed)


def test_p13_a_few_missing_sentences_are_a_warning(tmp_path):
    sentences = [f"Sentence number {n} of the long section is here." for n in range(150)]
    ed = edition("en-GB", "Long part", *sentences)
    body = "<h2>Long part</h2>" + "".join(f"<p>{s}</p>" for s in sentences[1:])
    problem = found(write(tmp_path, page(body), ed=ed), "P13", ed)
    assert problem and problem[0].level == "warning"  # 149 of 150: above P13_MIN_FOUND
    assert "Sentence number 0 of" in problem[0].message


# --- P17 page labels --------------------------------------------------------------------------

TWO_PAGES = '<h2>Part</h2><p>One.</p><h2 style="break-before: page">More</h2><p>Two.</p>'


def test_p17_page_labels_match_printed_numbers(tmp_path):
    path = write(tmp_path, page(TWO_PAGES))
    assert not found(path, "P17")

    def roman(pdf):
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r)]))

    edit(path, roman)
    problem = found(path, "P17")
    assert problem and problem[0].level == "warning" and problem[0].where == "page 1"
    assert "'i'" in problem[0].message and "2 times" in problem[0].message

    def offset(pdf):  # the numbering starts at 3 on the second page
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D), 1,
                                                     Dictionary(S=Name.D, St=3)]))

    edit(path, offset)
    problem = found(path, "P17")
    assert problem and problem[0].where == "page 2" and "'3'" in problem[0].message


# --- pages in structure findings --------------------------------------------------------------


def test_p07_p08_name_the_page(tmp_path):
    html = page('<h2>Part</h2><p>One.</p><h4 style="break-before: page">Deep</h4>'
                + IMG.format(alt=""))
    path = write(tmp_path, html)
    assert [f.where for f in found(path, "P08")] == ["page 2"]
    assert [f.where for f in found(path, "P07")] == ["page 2"]


# --- the one reader ---------------------------------------------------------------------------


def test_the_reader_reads_each_page_text_once(tmp_path, monkeypatch):
    """The repair pass asks for a page's marked text once for every link and table cell on it
    (hundreds of times a page in the plan): the reader works it out once per page. When it did
    not, the repair of the full plan took 4 s instead of 0.7 s (bench/pdf_checks.py)."""
    from editions.pdf import reader

    links = "".join(f'<p><a href="https://example.org/{i}">Link {i}</a></p>' for i in range(5))
    path = write(tmp_path, page(links), fix=False)
    calls = []
    real = reader.by_mcid
    monkeypatch.setattr(reader, "by_mcid", lambda p: calls.append(p) or real(p))
    with reader.PdfFile(path) as doc:
        first = doc.marked_text(0)
        assert [doc.marked_text(0) for _ in range(5)] == [first] * 5
        assert any("Link 3" in text for runs in first.values() for _key, text in runs)
    assert len(calls) == 1


def _drawn(page) -> list:
    """What a page reading holds, for comparing two readings."""
    return ([(r.order, r.mcid, r.artifact, r.text, r.line, round(r.x0, 3), round(r.x1, 3),
              round(r.base, 3)) for r in page.runs], page.mcids,
            [tuple(round(v, 3) for v in box) for box in page.marks],
            [(*(round(v, 3) for v in s[:3]), *s[3:]) for s in page.strokes])


@pytest.mark.parametrize("layout", [False, True])
def test_the_repairs_reading_is_the_repaired_files(tmp_path, layout):
    """Each PDF is read once per build: the checks get the pages the repair pass read, told
    which marked content it made artifacts (`PdfFile.artifacted`). What they get must be what
    reading the saved file afresh gives: running footers (orphans made artifacts), a table over
    two pages (joined, its repeated header an artifact), links and a rule."""
    from editions.pdf.reader import PdfFile
    from editions.pdf.repair import repair

    rows = "".join(f"<tr><td>Row {i}</td><td>Value {i}</td></tr>" for i in range(70))
    body = ('<p><a href="https://example.org">A link</a></p><hr>'
            f"<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>{rows}"
            "</tbody></table>")
    raw = HTML(string=page(body)).write_pdf(pdf_variant="pdf/ua-1")
    data, doc = repair(raw, ED, layout)
    with doc:
        before = [(_drawn(doc.page(i)), doc.marked_text(i)) for i in range(len(doc.pdf.pages))]
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    with PdfFile(path, layout=layout) as fresh:
        after = [(_drawn(fresh.page(i)), fresh.marked_text(i))
                 for i in range(len(fresh.pdf.pages))]
    assert len(after) >= 2 and before == after
    assert any(r[2] and "Page" in r[3] for (runs, *_), _text in after for r in runs)  # footers


def test_an_artifact_made_inside_marked_content_hands_its_text_to_the_outer_mcid():
    """Marked content nested in marked content: when the repair makes the inner sequence an
    artifact, its text belongs to the outer MCID and is an artifact (as a fresh reading)."""
    from editions.pdf.content import Content, read_page

    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    stream = (b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (outer) Tj "
              b"/Span <</MCID 1>> BDC (inner) Tj EMC ET EMC")
    pdf.add_blank_page()
    pdf.pages[0].obj.Resources = Dictionary(Font=Dictionary(F1=font))
    pdf.pages[0].obj.Contents = pdf.make_stream(stream)
    page = read_page(pdf, 0, Content(pdf), {})
    at = page.opened_at[page.mcids.index(1)]
    page.artifact({at})
    ops = pikepdf.parse_content_stream(pdf.pages[0])
    ops[at] = pikepdf.ContentStreamInstruction(
        [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
    Content(pdf).replace(0, ops)
    fresh = read_page(pdf, 0, Content(pdf), {})
    assert [(r.text, r.mcid, r.artifact) for r in page.runs] == \
        [(r.text, r.mcid, r.artifact) for r in fresh.runs] == [("outer", 0, False),
                                                                ("inner", 0, True)]
    assert page.mcids == fresh.mcids == [0]


def test_every_right_to_left_character_is_in_the_ranges_bidi_looks_for():
    """pdf/bidi.logical leaves text with no character in RIGHT_TO_LEFT as drawn: every
    character Unicode gives bidi class R or AL must be in it."""
    import sys
    import unicodedata

    from editions.pdf.bidi import RIGHT_TO_LEFT

    missing = [f"U+{cp:04X}" for cp in range(sys.maxunicode + 1)
               if unicodedata.bidirectional(chr(cp)) in ("R", "AL")
               and not RIGHT_TO_LEFT.match(chr(cp))]
    assert missing == []


def _placed_glyph_by_glyph(font, size, tc, tw, th, items):
    """What PDF's text rules say a TJ array does (ISO 32000-1, 9.4.4), as prefix sums: each
    glyph starts where the advances before it end, an advance being (width + Tc + Tw on code
    32) × Th and a number moving back by n/1000 × size × Th; → (first ink start, last ink end,
    advance, word-space stretch, blank glyphs)."""
    glyphs, moves = [], []  # (code, text, width in points); the move before each glyph
    pending = 0.0
    for item in items:
        if isinstance(item, bytes):
            for code, ch, w in zip(*font.decode(item)):
                glyphs.append((code, ch, w / 1000 * size))
                moves.append(pending)
                pending = 0.0
        else:
            pending -= item / 1000 * size * th
    advances = [(w + tc + (tw if code == 32 else 0)) * th for code, _ch, w in glyphs]
    starts = [sum(advances[:k]) + sum(moves[:k + 1]) for k in range(len(glyphs))]
    inked = [k for k, (_c, ch, _w) in enumerate(glyphs) if ch.strip()]
    blank = [k for k in range(len(glyphs)) if k not in inked]
    # spacing a blank adds, and kerning right after a blank, widen word spaces
    stretch = sum(advances[k] - glyphs[k][2] * th for k in blank) + sum(
        moves[k] for k in range(1, len(glyphs)) if k - 1 in blank) + (
        pending if blank and blank[-1] == len(glyphs) - 1 else 0.0)
    end = sum(advances) + sum(moves) + pending
    return (starts[inked[0]], starts[inked[-1]] + glyphs[inked[-1]][2] * th, end, stretch,
            len(blank))


@pytest.mark.parametrize("tc,tw,th", [(0, 0, 1), (0.5, 2.0, 0.9), (-0.3, 1.5, 1.2)])
def test_a_run_is_placed_as_its_glyphs_one_by_one_would_place_it(tc, tw, th):
    """`content.place` (the geometry the large-print rules measure): a run's ink edges,
    spaces, stretch and the advance of the text matrix, read from a real content stream with
    character and word spacing (Tc, Tw), horizontal scaling (Tz), TJ kerning, an empty string
    and blanks at either end of a string, are those of adding each glyph's advance in turn."""
    from editions.pdf.content import Content, read_page

    widths = [250 + 37 * (c % 11) for c in range(32, 127)]
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica, FirstChar=32, LastChar=126,
                                        Widths=Array(widths)))
    items = [b"  Hello, ", -120, b"wide", 300, b" world ", b"", -50, b"  ", b"end."]
    tj = b" ".join(b"(" + i + b")" if isinstance(i, bytes) else str(i).encode() for i in items)
    stream = (b"BT /F1 12 Tf %g Tc %g Tw %g Tz 1 0 0 1 72 700 Tm [%s] TJ (next) Tj ET"
              % (tc, tw, th * 100, tj))
    pdf.add_blank_page()
    pdf.pages[0].obj.Resources = Dictionary(Font=Dictionary(F1=font))
    pdf.pages[0].obj.Contents = pdf.make_stream(stream)
    run, after = read_page(pdf, 0, Content(pdf), {}, geometry=True).runs
    ink0, ink1, adv, stretch, blanks = _placed_glyph_by_glyph(run.font, 12, tc, tw, th, items)
    assert run.text == "  Hello, wide world   end." and ink1 > ink0 > 0
    assert (run.x0, run.x1) == (pytest.approx(72 + ink0), pytest.approx(72 + ink1))
    assert run.stretch == pytest.approx(stretch) and run.spaces == blanks == 7
    assert after.x0 == pytest.approx(72 + adv)  # the text matrix moved on by the advance
