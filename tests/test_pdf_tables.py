"""One HTML table, one `/Table` in the tagged PDF (P09, issue 13 item 6). WeasyPrint 70 writes a
table that runs over pages as one `/Table` per page, each with the header row again;
pdf/tables.py joins them and checks/pdf_tables.py reports a split. The PDFs come from
the real writer on the small fixture project with a 60-row table (5 pages; 13 in large print)
whose row 30 is taller than a page: WeasyPrint splits that row over two pages and, on the
page it fills, draws no header row. Read back with pikepdf and pdftotext."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from conftest import FIXTURES, ROOT, run_build
from pikepdf import Array, Dictionary
from weasyprint import HTML

from editions import model as m
from editions import pipeline
from editions.checks import pdf as pdf_checks
from editions.checks import pdf_tables as table_checks
from editions.checks import pdf_text
from editions.config import BuildConfig
from editions.languages import Languages
from editions.pdf import repair
from editions.pdf.content import read_page
from editions.pdf.reader import PdfFile
from editions.pdf.tables import cell_text, edition_tables, header_rows, table_parts
from editions.pdf.tree import elements, is_element, kids, name_tree, number_tree
from editions.select import copy_sections
from editions.writers.pdf import PdfWriter

CAPTION = "Referrals by area"
TALL = 30  # this row's second cell is taller than a page
ROWS = [(f"Area\u00a0{i:02d}", " ".join(f"word{w}" for w in range(900)) if i == TALL
         else f"{i * 7} referrals in the year") for i in range(1, 61)]  # (no break in "Area 01")
TABLE = (f"Table: {CAPTION}\n\n| Area | Referrals |\n|---|---|\n"
         + "".join(f"| {a} | {b} |\n" for a, b in ROWS)
         + "\nA paragraph after the table keeps it a table in large print.\n")
PRESENTATIONS = ("standard", "large-print")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The mini fixture project with a long table in mid-section, in both presentations."""
    root = tmp_path_factory.mktemp("tables") / "project"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    more = root / "content" / "sections" / "02-more.md"
    text = more.read_text(encoding="utf-8")
    anchor = "Only the full edition has this section.\n"
    more.write_text(text.replace(anchor, anchor + "\n" + TABLE), encoding="utf-8")
    pub = root / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    old = "    languages: [en-GB, pl]\n    formats: [html, pdf, docx]\n"
    assert old in text
    pub.write_text(text.replace(old, "    languages: [en-GB, pl]\n    presentations:\n"
                                "      standard: [html, pdf, docx]\n"
                                "      large-print: [pdf, docx]\n"), encoding="utf-8")
    return root


def edition(root: Path, presentation: str):
    cfg = BuildConfig(root=root, out=root / "unused")
    src, _used = pipeline.load(cfg)
    spec = next(e for e in src.editions if e.id == "full")
    ed, _reader = Languages(cfg).select(src, spec, "en-GB", presentation,
                                                 cfg.timestamp(src.doc.meta.date).isoformat())
    return cfg, ed


def write(root: Path, presentation: str, path: Path):
    """The real PDF writer (WeasyPrint and the repair pass), as the build calls it."""
    cfg, ed = edition(root, presentation)
    path.write_bytes(PdfWriter().write(dataclasses.replace(
        ed, sections=copy_sections(ed.sections)), cfg))  # the writer gets its own copy
    return path, ed


@pytest.fixture(scope="module")
def written(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdfs")
    return {p: write(project, p, out / f"{p}.pdf") for p in PRESENTATIONS}


def source_tables(ed) -> list[m.Table]:
    return edition_tables(ed)


def flat(text: str) -> str:
    return pdf_text.normalise(text).replace(" ", "")


def cells_text(row, page_of, text_of) -> list[str]:
    return [flat(cell_text(c, page_of, text_of)) for c in kids(row) if is_element(c)]


def model_cells(row: list[m.Cell]) -> list[str]:
    return [flat(" ".join(m.inline_text(b.children) for b in c.blocks
                          if isinstance(b, m.Paragraph))) for c in row]


class Reader(PdfFile):
    """Text of structure elements, through the repair pass's own decoding."""

    def __init__(self, pdf):
        super().__init__(None, pdf=pdf)
        self.page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}

    def __call__(self, index: int) -> dict:
        return self.marked_text(index)

    def cells(self, row) -> list[str]:
        return cells_text(row, self.page_of, self)


def rows_of(table, tag: str) -> list:
    return [r for part in kids(table) if is_element(part) and part.S == tag
            for r in kids(part) if is_element(r) and r.S == "/TR"]


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_one_table_per_source_table_with_one_header_row_and_every_row(written, presentation):
    path, ed = written[presentation]
    tables = source_tables(ed)
    assert any(m.inline_text(t.caption) == CAPTION for t in tables)
    with pikepdf.open(path) as pdf:
        read = Reader(pdf)
        found = [e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Table"]
        assert len(found) == len(tables)
        pages = set()
        for el, table in zip(found, tables):
            caption = [k for k in kids(el) if is_element(k) and k.S == "/Caption"]
            assert len(caption) == 1
            assert flat(cell_text(caption[0], read.page_of, read)) == flat(
                m.inline_text(table.caption))
            assert len(header_rows(el)) == 1
            assert [read.cells(r) for r in rows_of(el, "/THead")] == [model_cells(table.header)]
            body = rows_of(el, "/TBody")
            assert len(body) == len(table.rows)
            if m.inline_text(table.caption) == CAPTION:  # every row's text, in order
                assert [read.cells(r) for r in body] == [[flat(a), flat(b)] for a, b in ROWS]
                assert [model_cells(r) for r in table.rows] == [[flat(a), flat(b)]
                                                                for a, b in ROWS]
                pages = {read.page_of[r.Pg.objgen] for r in body}
        assert len(pages) >= 5  # the long table does run over pages


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_a_row_split_over_a_page_break_is_one_row(written, presentation):
    """The tall row is one TR whose cell holds the text of both pages."""
    path, _ed = written[presentation]
    with pikepdf.open(path) as pdf:
        read = Reader(pdf)
        table = next(e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Table"
                     and flat(CAPTION) in flat(cell_text(e, read.page_of, read)))
        tall = rows_of(table, "/TBody")[TALL - 1]
        cell = [c for c in kids(tall) if is_element(c)][1]
        assert len({read.page_of[k.Pg.objgen] for k in kids(cell)}) >= 2
        assert read.cells(tall) == [flat(x) for x in ROWS[TALL - 1]]


def test_the_long_table_really_was_split(project, tmp_path, monkeypatch):
    """Without the join (the repair pass with tables left alone) WeasyPrint's PDF has one
    Table per page, each with the header row (but the page the tall row fills), and the tall
    row twice: the check reports the split, naming the caption, the pages and the table's
    line in the content, and the extra row."""
    monkeypatch.setattr(repair, "join_tables", lambda pdf, content=None, ed=None: [])
    path, ed = write(project, "standard", tmp_path / "split.pdf")
    with pikepdf.open(path) as pdf:
        groups = table_parts(pdf, PdfFile.over(pdf).marked_text)
        split = [g for g in groups if len(g) > 1]
        assert len(split) == 1 and len(split[0]) >= 5
        heads = [len(header_rows(p.table)) for p in split[0]]
        assert heads.count(1) == len(heads) - 1 and heads.count(0) == 1  # header row again
        first, last = split[0][0].pages[0] + 1, split[0][-1].pages[-1] + 1
    findings = [f for f in pdf_checks.check(path, "split.pdf", ed, []) if f.rule == "P09"]
    split_found = [f for f in findings if "split into" in f.message]
    assert len(split_found) == 1, [f.message for f in findings]
    f = split_found[0]
    assert f.level == "error" and f.where == f"page {first}"
    assert f"“{CAPTION}”" in f.message and f"pages {first}–{last}" in f.message
    assert f"split into {len(split[0])} Table structure elements" in f.message
    assert f.loc is not None and f.loc.path.endswith("02-more.md")
    rows = [f for f in findings if "rows in the structure" in f.message]
    assert len(rows) == 1 and rows[0].level == "warning"
    assert f"“{CAPTION}” has {len(ROWS) + 1} rows in the structure for {len(ROWS)}" in \
        rows[0].message


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_the_checks_pass_on_the_joined_table(written, presentation):
    """P01 (all content tagged or artifact), P09, P13 and P14 (no marked content outside the
    tree) still pass once the parts are joined and the repeated header rows are artifacts."""
    path, ed = written[presentation]
    findings = pdf_checks.check(path, f"{presentation}.pdf", ed, [])
    assert not [f for f in findings if f.level == "error"], [f.format() for f in findings]


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_every_marked_content_sequence_has_one_owner_or_is_an_artifact(written, presentation):
    path, _ed = written[presentation]
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.StructTreeRoot
        parents = number_tree(tree.ParentTree)
        reachable = {e.objgen: e for e in elements(tree)}
        owners: dict[tuple[int, int], list] = {}
        for el in reachable.values():
            for k in kids(el):
                if isinstance(k, int):
                    owners.setdefault((el.Pg.objgen, k), []).append(el.objgen)
                elif isinstance(k, Dictionary) and k.get("/Type") == "/MCR":
                    owners.setdefault((k.get("/Pg", el.get("/Pg")).objgen, int(k.MCID)),
                                      []).append(el.objgen)
        drawn = set()
        repeated_heads = 0
        read = Reader(pdf)
        for index, page in enumerate(pdf.pages):
            mapping = parents[int(page.obj.StructParents)]
            for run in read_page(pdf, index, read.content, read.fonts).runs:
                if run.artifact and flat("".join(run.font.text(run.codes))) == "area":
                    repeated_heads += 1
            for operands, op in read.content.ops(index):
                if str(op) != "BDC" or len(operands) != 2:
                    continue
                props = operands[1]
                if isinstance(props, Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    drawn.add((page.obj.objgen, mcid))
                    owner = mapping[mcid]
                    assert is_element(owner) and owner.objgen in reachable
                    assert owners.get((page.obj.objgen, mcid)) == [owner.objgen]
        assert set(owners) <= drawn  # every element's content is drawn, none is an artifact
        assert repeated_heads >= 2  # the header row drawn again on the following pages


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_cell_headers_resolve_to_the_one_header_row(written, presentation):
    path, ed = written[presentation]
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.StructTreeRoot
        ids = name_tree(tree.IDTree)
        for table in (e for e in elements(tree) if e.S == "/Table"):
            head = [c for c in kids(header_rows(table)[0]) if is_element(c)]
            for row in rows_of(table, "/TBody"):
                cells = [c for c in kids(row) if is_element(c)]
                for col, td in enumerate(cells):
                    if td.S == "/TH":  # a row header (the action plans' first column)
                        continue
                    found = [ids[bytes(h)].objgen for h in td.A.Headers]
                    assert head[col].objgen in found  # its column's header, the one row
                    assert set(found) <= {c.objgen for c in [*head, *cells] if c.S == "/TH"}


@pytest.mark.parametrize("presentation", PRESENTATIONS)
def test_pdftotext_still_gives_every_row_in_order(written, presentation):
    path, _ed = written[presentation]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    at = 0
    for area, referrals in ROWS:
        if area == ROWS[TALL - 1][0]:
            referrals = r"word0 word1 [^\f]*\f[\s\S]*word899"  # over a page break
        found = re.compile(rf"{area}\s+{referrals}".replace("\u00a0", r"\s")).search(text, at)
        assert found, f"{area} not found after offset {at}"
        at = found.end()
    pages = text.split("\f")
    assert sum(1 for p in pages if re.search(r"Area\s+Referrals", p)) >= 3  # still repeated


def test_the_build_publishes_the_joined_table(project, tmp_path):
    """The real command line: the standard PDF passes its checks and is published joined."""
    out = tmp_path / "dist"
    proc = run_build("--no-browser", "--format", "pdf", "--presentation", "standard",
                     "--lang", "en-GB", root=project, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with pikepdf.open(out / "site" / "en-GB" / "full.pdf") as pdf:
        groups = table_parts(pdf, PdfFile.over(pdf).marked_text)
        assert all(len(g) == 1 for g in groups) and len(groups) == 3


def test_a_naive_join_keeping_the_repeated_header_rows_is_reported(project, tmp_path,
                                                                    monkeypatch):
    """One Table, but the header row of every page still in it (as rows): P09 says how many
    header rows the table has."""
    monkeypatch.setattr(repair, "join_tables", lambda pdf, content=None, ed=None: [])
    path, ed = write(project, "standard", tmp_path / "naive.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        group = next(g for g in table_parts(pdf, PdfFile.over(pdf).marked_text) if len(g) > 1)
        heads = sum(len(header_rows(p.table)) for p in group)
        first = group[0].table
        body = next(k for k in kids(first) if is_element(k) and k.S == "/TBody")
        for part in group[1:]:
            rows = rows_of(part.table, "/THead") + rows_of(part.table, "/TBody")
            body.K = Array(kids(body) + rows)
            for r in rows:
                r.P = body
            wrapper = part.table.P
            wrapper.K = Array([k for k in kids(wrapper) if k.objgen != part.table.objgen])
        pdf.save(path)
    findings = [f for f in pdf_checks.check(path, "naive.pdf", ed, []) if f.rule == "P09"
                and "header rows" in f.message]
    assert len(findings) == 1
    assert f"“{CAPTION}” has {heads} header rows in the structure" in findings[0].message


def test_a_table_element_the_edition_does_not_have_is_counted(written):
    """With one table fewer in the edition than Table elements in the PDF, the count differs."""
    path, ed = written["standard"]
    tables = source_tables(ed)
    fewer = dataclasses.replace(ed, sections=[_without(s, tables[0]) for s in ed.sections])
    with PdfFile(path) as doc:
        findings = table_checks.check(doc, fewer, "doc.pdf")
    assert [f.message for f in findings] == [
        f"the PDF has {len(tables)} Table structure elements for the edition's "
        f"{len(tables) - 1} tables"]


def _without(section: m.Section, table: m.Table) -> m.Section:
    return dataclasses.replace(
        section, blocks=[b for b in section.blocks if b is not table],
        sections=[_without(s, table) for s in section.sections])


def test_a_td_without_its_column_header_is_reported(written, tmp_path):
    path, ed = written["standard"]
    broken = tmp_path / "no-column.pdf"
    with pikepdf.open(path) as pdf:
        table = next(e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/Table"
                     and len(rows_of(e, "/TBody")) == len(ROWS))
        head = [bytes(c.ID) for c in kids(header_rows(table)[0]) if is_element(c)]
        td = [c for c in kids(rows_of(table, "/TBody")[40]) if is_element(c)][1]
        td.A.Headers = Array([h for h in td.A.Headers if bytes(h) != head[1]] or
                             [pikepdf.String(head[0])])
        pdf.save(broken)
    findings = [f for f in pdf_checks.check(broken, "doc.pdf", ed, []) if f.rule == "P09"]
    assert [f.message for f in findings] == [
        f"table “{CAPTION}”: 1 TD /Headers leave out the TH of their column"]


CAPTIONED = """<table><caption>{caption}</caption><thead><tr><th scope="col">{a}</th>
<th scope="col">{b}</th></tr></thead><tbody>{rows}</tbody></table>"""


def test_only_continuations_are_joined(tmp_path):
    """A table that starts on the next page is not a continuation when it has a caption of its
    own, or a different header row."""
    rows = [f"<tr><td>Row {i}</td><td>{i}</td></tr>" for i in range(45)]
    long = CAPTIONED.format(caption="Long", a="Area", b="Count", rows="".join(rows))
    other = CAPTIONED.format(caption="Other", a="Area", b="Count", rows="".join(rows[:2]))
    plain = CAPTIONED.format(caption="", a="Place", b="Total", rows="".join(rows[:2])).replace(
        "<caption></caption>", "")
    html = (f'<html lang="en-GB"><head><title>T</title><style>table {{ break-before: page }}'
            f'</style></head><body><h1>T</h1>{long}{other}{plain}</body></html>')
    raw = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    path = tmp_path / "tables.pdf"
    path.write_bytes(repair.finish_pdf(raw, SimpleNamespace(lang="en-GB", title="T")))
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert [len(g) for g in table_parts(pdf, PdfFile.over(pdf).marked_text)] == [2, 1, 1]  # "Long" runs over two pages
    with pikepdf.open(path) as pdf:
        groups = table_parts(pdf, PdfFile.over(pdf).marked_text)
        assert [len(g) for g in groups] == [1, 1, 1]
        assert [len(rows_of(g[0].table, "/TBody")) for g in groups] == [45, 2, 2]
