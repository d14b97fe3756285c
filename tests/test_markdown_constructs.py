"""Markdown that real documents need, with nothing lost (issue 13, item 5): `>` quotes that hold
paragraphs, lists and quotes; table cells with lines (`<br>`) and lists (`- `); table captions
(`Table: …`, error H09 without one) and row headers (`{rows}`). The fixture project is built
through the real command line and its HTML, PDF and DOCX (standard and large print) and Polish
translation are read back. The token walk proves that every token type the project's parser
can produce is either in the model or refused at its file and line."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURES, ROOT, run_build
from docx.oxml.ns import qn

from editions import model as m
from editions.markdown import MarkdownReader, _parser
from editions.pdf.tree import is_element, kids

SAID = """---
id: said
---
# What people told us

Table: Opening hours

| Day | Hours |
|---|---|
| Monday<br>Tuesday | 9am to 5pm<br><br>Closed at lunch |

> The young people said:
>
> - we want to be heard
> - we want places to meet
>
> And a second paragraph of the quote.
>
> > A quote inside the quote.

Table: Services and how to reach them {rows}

| Service | How to reach it | When |
|---|---|---|
| Social work | Phone 01698 332 000<br>Email help@example.org | Monday to Friday |
| Youth clubs | - Cumbernauld<br>- Wishaw<br>- Airdrie | Evenings |
"""
SAID_MD = "content/sections/04-said.md"
TRANSLATED = {  # English segment → Polish, filled into translations/pl/content.po
    "we want to be heard": "chcemy być wysłuchani",
    "A quote inside the quote.": "Cytat w cytacie.",
    "Wishaw": "Wishaw (miasto)",
    # a cell's two lines: the translator sees the line break as a backslash at the line's end
    "Phone 01698 332 000\\\nEmail help@example.org":
        "Telefon 01698 332 000\\\nE-mail help@example.org",
}


def project(base: Path) -> Path:
    """The fixture project with the section above and an edition `said` of just that section,
    in the standard and large-print presentations, in English and Polish."""
    root = base / "project"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    (root / SAID_MD).write_text(SAID, encoding="utf-8")
    pub = root / "content" / "publication.yaml"
    data = yaml.safe_load(pub.read_text(encoding="utf-8"))
    data["sections"].append("sections/04-said.md")
    data["editions"].append({"id": "said", "title": "What people told us", "audience": "full",
                             "sections": ["said"], "languages": ["en-GB", "pl"],
                             "publish_at": 0,  # the untranslated part stays, in English
                             "presentations": {"standard": ["html", "pdf", "docx"],
                                               "large-print": ["pdf", "docx"]}})
    pub.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """Built once: i18n update (new segments), some translated, then every artifact of
    `said` with every check the build runs (browser checks too)."""
    root = project(tmp_path_factory.mktemp("constructs"))
    proc = run_build("i18n", "update", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    po = root / "translations" / "pl" / "content.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    found = {msg.id for msg in catalog}
    assert set(TRANSLATED) <= found, sorted(found)  # each is a segment of its own
    for msg in catalog:
        msg.string = TRANSLATED.get(msg.id, msg.string)
    with po.open("wb") as f:
        write_po(f, catalog, width=100)
    out = root / "dist"
    proc = run_build("--edition", "said", "--quiet", "--no-browser", root=root, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " error " not in proc.stdout, proc.stdout
    return out


def path(dist: Path, name: str, lang: str = "en-GB") -> Path:
    return dist / "site" / lang / name


# --- HTML ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class El:
    tag: str
    attrs: dict
    kids: list = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)

    def find(self, tag: str, **attrs) -> list[El]:
        out = []
        for k in self.kids:
            if isinstance(k, El):
                if k.tag == tag and all(k.attrs.get(a) == v for a, v in attrs.items()):
                    out.append(k)
                out += k.find(tag, **attrs)
        return out

    def children(self, tag: str) -> list[El]:
        return [k for k in self.kids if isinstance(k, El) and k.tag == tag]


class _Tree(HTMLParser):
    VOID = {"br", "img", "meta", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack = [El("#root", {})]

    def handle_starttag(self, tag, attrs):
        el = El(tag, dict(attrs))
        self.stack[-1].kids.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].kids.append(data)


def html_tree(file: Path) -> El:
    tree = _Tree()
    tree.feed(file.read_text(encoding="utf-8"))
    return tree.stack[0]


def words(text: str) -> str:
    return " ".join(text.split())


def test_html_quote_holds_paragraphs_a_list_and_a_quote(dist):
    page = html_tree(path(dist, "said.html"))
    quote = [q for q in page.find("blockquote") if "The young people" in q.text()][0]
    assert quote.attrs.get("class") == "quote"
    assert [words(p.text()) for p in quote.children("p")] == [
        "The young people said:", "And a second paragraph of the quote."]
    assert [words(li.text()) for ul in quote.children("ul") for li in ul.children("li")] == [
        "we want to be heard", "we want places to meet"]
    inner = quote.children("blockquote")
    assert [words(p.text()) for p in inner[0].children("p")] == ["A quote inside the quote."]
    assert "“" not in quote.text()  # the author's words as written: no marks added


def test_html_cells_hold_lines_and_lists_with_caption_and_row_headers(dist):
    page = html_tree(path(dist, "said.html"))
    tables = page.find("table")
    assert [words(t.find("caption")[0].text()) for t in tables] == [
        "Opening hours", "Services and how to reach them"]
    hours, services = tables
    assert not hours.find("th", scope="row")  # no {rows}: the first column is data
    monday = hours.find("tbody")[0].find("td")[0]
    assert [k.tag if isinstance(k, El) else k for k in monday.kids] == ["Monday", "br", "Tuesday"]
    assert [words(p.text()) for p in hours.find("tbody")[0].find("td")[1].children("p")] == [
        "9am to 5pm", "Closed at lunch"]  # <br><br>: a new paragraph
    rows = services.find("tbody")[0].children("tr")
    assert [words(r.children("th")[0].text()) for r in rows] == ["Social work", "Youth clubs"]
    assert all(r.children("th")[0].attrs["scope"] == "row" for r in rows)
    assert [th.attrs["scope"] for th in services.find("thead")[0].find("th")] == ["col"] * 3
    social = rows[0].children("td")[0]
    assert [k.tag if isinstance(k, El) else k for k in social.kids] == [
        "Phone 01698 332 000", "br", "Email help@example.org"]
    clubs = rows[1].children("td")[0]
    assert [words(li.text()) for li in clubs.find("li")] == ["Cumbernauld", "Wishaw", "Airdrie"]


def test_translation_segments_of_quote_items_and_cells(dist):
    """Each paragraph and list item of a quote, and each line group and list item of a cell,
    is its own segment: the translated ones are shown, the others stay English (tagged)."""
    page = html_tree(path(dist, "said.html", "pl"))
    quote = [q for q in page.find("blockquote") if "young people" in q.text()][0]
    items = [li for ul in quote.children("ul") for li in ul.children("li")]
    assert words(items[0].text()) == "chcemy być wysłuchani"
    assert items[1].find("span")[0].attrs["lang"] == "en-GB"  # untranslated: English, tagged
    assert words(quote.children("blockquote")[0].text()) == "Cytat w cytacie."
    cells = page.find("table")[1].find("td")
    assert [k.tag if isinstance(k, El) else k for k in cells[0].kids] == [
        "Telefon 01698 332 000", "br", "E-mail help@example.org"]
    assert [words(li.text()) for li in cells[2].find("li")] == [
        "Cumbernauld", "Wishaw (miasto)", "Airdrie"]


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_quote_and_cells(dist):
    d = docx.Document(str(path(dist, "said.docx")))
    paras = [(p.style.name, p.text, p.paragraph_format.left_indent) for p in d.paragraphs]
    start = [t for _s, t, _i in paras].index("The young people said:")
    quote = paras[start:start + 5]
    assert [(s, t) for s, t, _i in quote] == [
        ("Quote", "The young people said:"), ("List Bullet", "we want to be heard"),
        ("List Bullet", "we want places to meet"), ("Quote", "And a second paragraph of the quote."),
        ("Quote", "A quote inside the quote.")]
    assert quote[1][2] is not None and quote[1][2] > docx.shared.Mm(8)  # inside the quote's bar
    assert quote[4][2] > docx.shared.Mm(8)  # the inner quote: one step further in
    hours, services = d.tables
    cell = hours.rows[1].cells
    assert cell[0].paragraphs[0].text == "Monday\nTuesday"  # a w:br, not two rows of text
    assert [p.text for p in cell[1].paragraphs] == ["9am to 5pm", "Closed at lunch"]
    look = services._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstColumn")) == "1" and \
        hours._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstColumn")) == "0"
    assert services._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == \
        "Services and how to reach them"
    row_head = services.rows[1].cells[0].paragraphs[0]
    assert row_head.text == "Social work" and all(r.bold for r in row_head.runs)
    assert services.rows[1].cells[1].paragraphs[0].text == "Phone 01698 332 000\nEmail help@example.org"
    clubs = services.rows[2].cells[1].paragraphs
    assert [(p.style.name, p.text) for p in clubs] == [
        ("List Bullet", "Cumbernauld"), ("List Bullet", "Wishaw"), ("List Bullet", "Airdrie")]


def test_large_print_docx_linearises_the_table_under_its_caption(dist):
    d = docx.Document(str(path(dist, "said-large-print.docx")))
    paras = [(p.style.name, p.text.replace("\xa0", " ")) for p in d.paragraphs]  # LP08 nbsp
    assert ("Quote", "A quote inside the quote.") in paras
    assert ("List Bullet", "we want places to meet") in paras
    start = paras.index(("Heading 2", "Services and how to reach them"))
    assert paras[start + 1:start + 8] == [
        ("Heading 3", "Social work"), ("Heading 4", "How to reach it"),
        ("Normal", "Phone 01698 332 000\nEmail help@example.org"), ("Heading 4", "When"),
        ("Normal", "Monday to Friday"), ("Heading 3", "Youth clubs"),
        ("Heading 4", "How to reach it")]
    assert paras[start + 8:start + 11] == [("List Bullet", "Cumbernauld"),
                                           ("List Bullet", "Wishaw"), ("List Bullet", "Airdrie")]
    assert len(d.tables) == 1  # the table in mid-section stays a table (16 pt)


# --- PDF ----------------------------------------------------------------------------------------


def _tree(el) -> tuple:
    """(tag, children) of a structure element, spans and marked content left out."""
    return (str(el.S), tuple(_tree(k) for k in kids(el)
                             if is_element(k) and k.S not in ("/Span", "/NonStruct")))


def _elements(file: Path, tag: str) -> list:
    out = []
    with pikepdf.open(file) as pdf:
        stack = list(kids(pdf.Root.StructTreeRoot))
        while stack:
            el = stack.pop(0)
            if is_element(el):
                if el.S == tag:
                    out.append((el, _tree(el)))
                stack[:0] = kids(el)
        return [(dict(_attrs(el)), tree) for el, tree in out]


def _attrs(el) -> dict:
    a = el.get("/A")
    out = {"ID": str(el.get("/ID", ""))}
    for d in (list(a) if isinstance(a, pikepdf.Array) else [a] if a is not None else []):
        if "/Headers" in d:
            out["Headers"] = [str(h) for h in d.Headers]
    return out


LI = ("/LI", (("/Lbl", ()), ("/LBody", ())))


@pytest.mark.parametrize("name", ["said.pdf", "said-large-print.pdf"])
def test_pdf_quote_structure(dist, name):
    quotes = [tree for _a, tree in _elements(path(dist, name), "/BlockQuote")]
    assert quotes[0] == ("/BlockQuote", (("/P", ()), ("/L", (LI, LI)), ("/P", ()),
                                         ("/BlockQuote", (("/P", ()),))))
    text = subprocess.run(["pdftotext", str(path(dist, name)), "-"], capture_output=True,
                          text=True, check=True).stdout
    for words_ in ("The young people said:", "we want places to meet",
                   "A quote inside the quote.", "Services and how to reach them",
                   "Email help@example.org", "Airdrie"):
        assert words_ in text, words_


def test_pdf_row_headers_and_cell_lists(dist):
    file = path(dist, "said.pdf")
    tables = [tree for _a, tree in _elements(file, "/Table")]
    assert len(tables) == 2 and all(t[1][0] == ("/Caption", ()) for t in tables)
    rows = [(a, tree) for a, tree in _elements(file, "/TR")]
    body = rows[-2:]  # the services table's two rows
    for _attrs, tree in body:
        assert [c[0] for c in tree[1]] == ["/TH", "/TD", "/TD"]
    ths = [a for a, _t in _elements(file, "/TH")]
    tds = [a for a, _t in _elements(file, "/TD")]
    row_ids = [a["ID"] for a in ths[-2:]]  # the row headers "Social work", "Youth clubs"
    assert all(row_ids) and row_ids[0] in tds[-4]["Headers"] and row_ids[1] in tds[-1]["Headers"]
    lists = [tree for _a, tree in _elements(file, "/TD") if tree[1]]
    assert ("/L", (LI, LI, LI)) in [k for t in lists for k in t[1]]


def test_large_print_pdf_has_no_wide_table_left(dist):
    tables = [tree for _a, tree in _elements(path(dist, "said-large-print.pdf"), "/Table")]
    assert len(tables) == 1  # "Opening hours", in mid-section; the last one became headings
    heads = [tree for _a, tree in _elements(path(dist, "said-large-print.pdf"), "/H3")]
    assert len(heads) == 1  # the caption heads the linearised rows (H4 each, H5 each column)


# --- errors at file:line ------------------------------------------------------------------------

BAD = """---
id: bad
---
# Bad tables

| No | Caption |
|---|---|
| 1 | 2 |

Table: Cells with things a cell cannot hold

| Head<br>- list | Second |
|---|---|
| <b>bold</b> | *a<br>b* |
| ![A box](assets/images/box.png) | <br class="x"> |

> Said:
>
> ## A heading in a quote

---
"""


def test_unsupported_cell_content_and_missing_caption_are_errors_at_their_line(mini, tmp_path):
    (mini / "content" / "sections" / "04-bad.md").write_text(BAD, encoding="utf-8")
    pub = mini / "content" / "publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace(
        "  - sections/03-appendix.md", "  - sections/03-appendix.md\n  - sections/04-bad.md"),
        encoding="utf-8")
    proc = run_build("--edition", "full", "--format", "html", "--no-browser",
                     root=mini, out=tmp_path / "dist")
    assert proc.returncode == 1, proc.stdout
    bad = "content/sections/04-bad.md"
    expected = [
        (6, "H09", "a table needs a caption: write `Table: …` on the line before it"),
        (12, "C11", "a list in a header cell"),
        (14, "C10", "raw HTML '<b>'"),
        (14, "C10", "`<br>` is a line break only between the lines of a table cell"),
        (15, "C13", "an image inside a paragraph"),
        (15, "C10", "raw HTML '<br class=\"x\">'"),
        (19, "C11", "a heading inside a `>` quote cannot be published"),
        (21, "C11", "a thematic break"),
    ]
    lines = [ln for ln in proc.stdout.splitlines() if " error " in ln]
    for line, rule, words_ in expected:
        assert any(f"{bad}:{line}: error {rule}:" in ln and words_ in ln for ln in lines), \
            (line, rule, words_, proc.stdout)
    assert "Traceback" not in proc.stdout + proc.stderr


# --- nothing lost: every token type is in the model or refused ----------------------------------

OFFSET = 10  # the snippets are read as if they started on line 11 of x.md
# every rule of the parser (chain:rule) → Markdown that makes it fire, each with None (published:
# every marker word w1, w2… is in the model) or the snippet line of the error that refuses it
CORPUS: dict[str, list[tuple[str, int | None]]] = {
    "core:normalize": [("w1\r\nw2\n", None)],
    "core:block": [("w1\n", None)],
    "core:inline": [("w1 *w2*\n", None)],
    "core:text_join": [("\\*w1\\* &amp; w2\n", None)],
    "block:table": [("Table: w1 {rows}\n\n| w2 | w3 |\n|---|---|\n| w4 | w5<br>- w6<br>w7 |\n",
                     None), ("| w1 | w2 |\n|---|---|\n| w3 | w4 |\n", 1),
                    ("Table: w1\n\n| w2 | w3 |\n|---|---|\n| <i>w4</i> | w5 |\n", 5)],
    "block:code": [("w1\n\n    w2\n", 3)],
    "block:container_audience": [("::: young\nw1\n:::\n", None), ("::: young\nw1\n", 1),
                              ("::: Old Folk\nw1\n:::\n", 1)],
    "block:fence": [("```{quote}\ntext: w1\nattribution: w2\n```\n", None),
                    ("```{figure}\nsrc: assets/images/box.png\nalt: w1 box\ncaption: w2\n```\n",
                     None), ("```{editor-note}\nw1\n```\n", None), ("```{priorities} w1\n```\n",
                                                                      None),
                    ("```\nw1\n```\n", 1), ("```{iframe}\nw1\n```\n", 1), ("```{quote}\nw1\n", 1),
                    ("```{quote} w1\ntext: w2\n```\n", 1)],
    "block:blockquote": [("> w1\n>\n> - w2\n> - w3\n>\n> > w4\n>\n> 1. w5\n", None),
                         ("> w1\n>\n> # w2\n", 3), (">\n", 1)],
    "block:hr": [("w1\n\n***\n", 3), ("w1\n\n---\n", 3)],
    "block:list": [("- w1\n- w2\n  - w3\n\n4. w4\n", None), ("- # w1\n", 1)],
    "block:reference": [("[w1][r]\n\n[r]: https://example.org/w2\n", None),
                        ("w1\n\n[w2]: w3\n", 3)],
    "block:html_block": [("<div>w1</div>\n", 1), ("<br>\n", 1)],
    "block:heading": [("# w1 *w2*\n", None)],
    "block:lheading": [("w1\n---\n", None)],
    "block:paragraph": [("w1\nw2\n", None)],
    "inline:text": [("w1 w2\n", None)],
    "inline:newline": [("w1\nw2\\\nw3  \nw4\n", None)],
    "inline:escape": [("\\<w1\\> \\[w2\\]\n", None)],
    "inline:myst_role": [("w1 {editor-note}`w2` {editor-query}`w3`\n", None),
                         ("w1 {shell}`w2`\n", 1)],
    "inline:backticks": [("`w1` ``w2``\n", None)],
    "inline:emphasis": [("*w1* **w2** _w3_ __w4__\n", None)],
    "inline:link": [("[w1 *w2*](https://example.org/w3)\n", None), ("[w1](file:///w2)\n", 1),
                    ("w1\n\n[w2](https://example.org/w3 \"w4\")\n", 3)],  # titles: unseen
    "inline:image": [("![w1 *w2* box](assets/images/box.png \"w3\")\n", None),
                     ("w1 ![w2 box](assets/images/box.png)\n", 1)],
    "inline:autolink": [("<https://example.org/w1> <w2@example.org>\n", None)],
    "inline:html_inline": [("w1 <b>w2</b>\n", 1), ("w1<br>w2\n", 1)],
    "inline:entity": [("w1 &amp; &#65; &copy;\n", None)],
    "inline2:balance_pairs": [("*w1 **w2** w3*\n", None)],
    "inline2:emphasis": [("**w1** *w2*\n", None)],
    "inline2:fragments_join": [("*w1**\n", None)],
}
# every token type those produce, and where the reader puts it
TOKENS = {
    "paragraph_open": "Paragraph (or a Figure: a picture alone)", "paragraph_close": "",
    "inline": "the inlines of its block", "text": "Text", "softbreak": "Text ' '",
    "hardbreak": "Break", "em_open": "Emph", "em_close": "", "strong_open": "Strong",
    "strong_close": "", "code_inline": "Code", "link_open": "Link (refused: bad address)",
    "link_close": "", "image": "Figure; refused inside text (C13)",
    "myst_role": "InlineNote; refused: unknown role (C12)",
    "html_inline": "`<br>` in a table cell; refused elsewhere (C10)",
    "heading_open": "Heading; refused in a list item or quote (C11)", "heading_close": "",
    "bullet_list_open": "ListBlock", "bullet_list_close": "", "ordered_list_open": "ListBlock",
    "ordered_list_close": "", "list_item_open": "ListItem", "list_item_close": "",
    "blockquote_open": "Quote.blocks; empty: refused (C11)", "blockquote_close": "",
    "table_open": "Table; no caption: refused (H09)", "table_close": "",
    "thead_open": "Table.header", "thead_close": "", "tbody_open": "Table.rows",
    "tbody_close": "", "tr_open": "a row", "tr_close": "", "th_open": "Cell", "th_close": "",
    "td_open": "Cell", "td_close": "",
    "container_audience_open": "audience of its blocks; unclosed: refused (C14)",
    "container_audience_close": "",
    "fence": "directive: Quote, Figure, EditorNote, Directive; others refused (C11, C12, C14)",
    "code_block": "refused (C11)", "html_block": "refused (C10)", "hr": "refused (C11)",
}
MARK = re.compile(r"\bw\d+\b")


def _rules(md) -> set[str]:
    return {f"{chain}:{rule}" for chain, rules in md.get_active_rules().items() for rule in rules}


def _token_types(md, text: str) -> set[str]:
    out: set[str] = set()
    stack = list(md.parse(text))
    while stack:
        tok = stack.pop()
        out.add(tok.type)
        stack += tok.children or []
    return out


def _model_text(node) -> str:
    """Every string in the model tree (text, hrefs, alt, attribution, notes, directives)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return " ".join(_model_text(n) for n in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, m.Loc):
        return " ".join(_model_text(getattr(node, f.name)) for f in dataclasses.fields(node))
    return ""


def _read(text: str, md=None) -> tuple[list[m.Block], list]:
    reader = MarkdownReader(root=FIXTURES / "mini", path="x.md", offset=OFFSET,
                            **({"md": md} if md is not None else {}))
    return reader.blocks(text), reader.findings


def _uncovered(md) -> set[str]:
    return _rules(md) - set(CORPUS)


def test_the_corpus_fires_every_rule_of_the_parser():
    md = _parser()
    assert not _uncovered(md), (
        f"rules without a snippet in CORPUS: {sorted(_uncovered(md))}; add Markdown that makes "
        "each fire, and make the reader put its tokens in the model or refuse them")
    assert not set(CORPUS) - _rules(md), "snippets for rules the parser no longer has"


def test_every_token_type_is_in_the_model_or_refused_at_its_line():
    md = _parser()
    seen: dict[str, set[str]] = {}  # token type → outcomes seen ("model" / "refused")
    for rule, snippets in CORPUS.items():
        for text, refused_at in snippets:
            blocks, findings = _read(text)
            errors = [f for f in findings if f.level == "error"]
            if refused_at is None:
                assert not errors, (rule, text, errors)
                kept = _model_text(blocks)
                lost = [w for w in MARK.findall(text) if not re.search(rf"\b{w}\b", kept)]
                assert not lost, f"{rule}: {lost} of {text!r} silently dropped: {blocks}"
            else:
                where = m.Loc("x.md", OFFSET + refused_at)
                assert any(f.loc == where for f in errors), (rule, text, where, findings)
            for t in _token_types(md, text):
                seen.setdefault(t, set()).add("refused" if refused_at else "model")
    assert set(seen) == set(TOKENS), (
        f"token types nobody declared: {sorted(set(seen) - set(TOKENS))}; "
        f"declared but never produced: {sorted(set(TOKENS) - set(seen))}")
    for t, outcome in TOKENS.items():
        if outcome.startswith("refused"):
            assert seen[t] == {"refused"}, f"{t} is declared refused but was published"
        elif outcome:
            assert "model" in seen[t], f"{t}: no snippet shows it in the model"


def test_a_new_rule_is_noticed_and_its_tokens_are_refused_not_dropped():
    """Enabling a rule (here strikethrough) makes the corpus test fail until it has a snippet;
    meanwhile the reader refuses its tokens at their line instead of dropping the text."""
    md = _parser().enable("strikethrough")
    assert _uncovered(md) == {"inline:strikethrough", "inline2:strikethrough"}
    blocks, findings = _read("w1\n\nw2 ~~w3~~\n", md)
    assert [(f.rule, f.loc) for f in findings] == [("C11", m.Loc("x.md", OFFSET + 3))]
    assert "unsupported inline element 's'" in findings[0].message
