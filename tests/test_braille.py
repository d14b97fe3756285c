"""Braille (editions/braille.py, writers/brf.py, checks/brf.py): BRF files of the small fixture's
editions are written, read back and measured — characters, 40 × 25 pages, form feeds, page
numbers, the contents' page numbers against the pages the headings are on, back-translation
with liblouis, the transcriber's note, headings kept with the next line — and the checker is
shown to find each kind of damage. Expected braille is made here with liblouis directly, not
through the writer's own functions."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

louis = pytest.importorskip(
    "louis", reason="liblouis is not importable: Debian's liblouis-data and python3-louis and "
    "the venv's .pth (scripts/setup.sh) are needed; CI has them")

from conftest import mini_edition  # noqa: E402

from editions import braille  # noqa: E402
from editions import model as m  # noqa: E402
from editions.checks import brf as brf_check  # noqa: E402
from editions.config import BuildConfig  # noqa: E402
from editions.select import EditionDoc  # noqa: E402
from editions.writers.brf import BrfWriter, Chunk, Pages, wrap  # noqa: E402

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
BRF_ALLOWED = re.compile(rb"^[\x20-\x5f\n\f]*$")
ENTRY = re.compile(r'^(\S.*?) "{2,} (#[A-J]+)$')
TABLE_DIRS = [Path("/usr/share/liblouis/tables"), Path("/usr/local/share/liblouis/tables")]


def edition(lang: str = "en-GB", name: str = "full") -> tuple[EditionDoc, BuildConfig, list]:
    return mini_edition(name, lang)


def write(tmp_path: Path, ed: EditionDoc, cfg: BuildConfig, name: str = "ed.brf") -> Path:
    path = tmp_path / name
    path.write_bytes(BrfWriter().write(ed, cfg))
    return path


def brl(text: str, tables: list[str]) -> str:
    """BRF of a text, straight from liblouis and the display table (not the writer's code)."""
    out = louis.translateString(tables, text, mode=louis.ucBrl | louis.dotsIO)
    return braille.to_brf(out).replace("\u2800", " ")


def book(path: Path) -> list[list[str]]:
    """The file's pages as lists of BRF lines."""
    return [page.split("\n")[:-1] for page in path.read_bytes().decode("ascii").split("\f")]


def page_number(n: int) -> str:
    return "#" + "".join("JABCDEFGHI"[int(d)] for d in str(n))


def flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def contents(pages: list[list[str]], title: str, tables: list[str]) -> dict[str, int]:
    """Contents entries (their text, blanks removed) and the page numbers they give."""
    head = brl(title, tables)
    start = next(i for i, p in enumerate(pages) if p[1].strip() == head)
    entries, text = {}, ""
    for page in pages[start:]:
        for line in page[1:]:
            if line.strip() == head:
                continue
            hit = ENTRY.match(line)
            if hit:
                entries[flat(text + hit[1])] = int("".join(
                    str("JABCDEFGHI".index(c)) for c in hit[2][1:]))
                text = ""
            elif line:
                text += line
        if entries and not text and not any(ENTRY.match(x) for x in page[-1:]):
            break
    return entries


def test_brf_table_is_liblouis_north_american_braille():
    dis = next((d / "en-us-brf.dis" for d in TABLE_DIRS if (d / "en-us-brf.dis").is_file()),
               None)
    if dis is None:
        pytest.skip("liblouis-data's en-us-brf.dis not found")
    table = {}
    for line in dis.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "display":
            char = " " if parts[1] == "\\s" else parts[1].replace("\\\\", "\\")
            dots = sum(1 << (int(d) - 1) for d in parts[2] if d != "0")
            table[dots] = char
    assert "".join(table[i] for i in range(64)) == braille.BRF


def test_pages_characters_and_page_numbers(tmp_path):
    ed, cfg, notes = edition()
    path = write(tmp_path, ed, cfg)
    raw = path.read_bytes()
    assert BRF_ALLOWED.match(raw)
    pages = book(path)
    assert len(pages) >= 5 and raw.count(b"\f") == len(pages) - 1
    for n, page in enumerate(pages, 1):
        assert 2 <= len(page) <= 25
        assert all(len(line) <= 40 for line in page)
        assert page[0] == " " * (40 - len(page_number(n))) + page_number(n)
    # the title page: title, publisher, who transcribed it and when
    title = " ".join(line.strip() for line in pages[0][1:])
    assert brl("Mini Plan 2026–2029", ["en-ueb-g2.ctb"]) in title
    assert brl("2026-01-15", ["en-ueb-g2.ctb"]) in title
    assert brf_check.check(path, "ed.brf", ed, notes) == []


@pytest.mark.parametrize("lang, tables", [("en-GB", ["en-ueb-g2.ctb"]), ("pl", ["pl.tbl"])])
def test_contents_give_the_pages_the_headings_are_on(tmp_path, lang, tables):
    ed, cfg, _notes = edition(lang)
    pages = book(write(tmp_path, ed, cfg))
    entries = contents(pages, ed._("Contents"), tables)
    assert len(entries) == len(ed.sections)
    for s in ed.sections:
        heading = brl(m.inline_text(s.heading.children), tables if not s.heading.lang
                      else ["en-ueb-g2.ctb"])
        page = pages[entries[flat(heading)] - 1]
        at = next(i for i, line in enumerate(page) if line.strip() == heading)
        left = len(page[at]) - len(page[at].lstrip())
        assert abs(2 * left + len(heading) - 40) <= 1  # centred
        assert at == 1  # a top-level section starts its page


def _paragraph_words(ed: EditionDoc) -> Counter:
    """Words of the edition's own paragraphs, from the model: outside tables, and in the
    tables' body cells (a row-headed table's first column heading is not repeated in braille,
    as in large print: each row is headed by its own first cell)."""
    words: Counter = Counter()

    def visit(blocks: list[m.Block]) -> None:
        for b in blocks:
            if isinstance(b, m.Paragraph) and not b.lang:
                words.update(re.findall(r"[^\W_]+", m.inline_text(b.children).lower()))
            elif isinstance(b, m.Table):
                visit([x for row in b.rows for cell in row for x in cell.blocks])
            elif not (isinstance(b, m.Group) and b.lang):
                visit(m.child_blocks(b))

    for top in ed.sections:
        for s in top.walk():
            visit(s.blocks)
    return words


@pytest.mark.parametrize("lang, tables", [("en-GB", ["en-ueb-g2.ctb"]), ("pl", ["pl.tbl"])])
def test_back_translation_finds_the_words(tmp_path, lang, tables):
    ed, cfg, notes = edition(lang)
    path = write(tmp_path, ed, cfg)
    pages = book(path)
    first = min(contents(pages, ed._("Contents"), tables).values()) - 1
    back = ""
    for page in pages[first:]:
        cells = braille.from_brf(" ".join(line.strip() for line in page[1:]))
        back += " " + louis.backTranslateString(
            tables, "".join(chr(0x8000 | (ord(c) - 0x2800)) for c in cells), mode=louis.dotsIO)
    got = Counter(re.findall(r"[^\W_]+", back.lower()))
    want = _paragraph_words(ed)
    assert sum(want.values()) > 15
    share = sum(min(n, got[w]) for w, n in want.items()) / sum(want.values())
    assert share >= 0.95, (share, want - got)
    assert brf_check.back_translation(brf_check.pages(path.read_text("ascii")), first, ed)[0] \
        >= 0.95


def _note_text(pages: list[list[str]], tables: list[str], heading: str = "Transcriber’s note",
               heading_tables: tuple[str, ...] = ("en-ueb-g2.ctb",)) -> str:
    head = brl(heading, list(heading_tables))
    at = next(i for i, p in enumerate(pages) if p[1].strip() == head)
    cells = braille.from_brf(" ".join(line.strip() for line in pages[at][2:]))
    return louis.backTranslateString(tables, "".join(chr(0x8000 | (ord(c) - 0x2800))
                                                    for c in cells), mode=louis.dotsIO)


def test_transcriber_note_names_code_table_and_date(tmp_path):
    ed, cfg, _notes = edition()
    note = _note_text(book(write(tmp_path, ed, cfg)), ["en-ueb-g2.ctb"])
    for words in ("Unified English Braille, grade 2", "en-ueb-g2.ctb", "2026-01-15",
                  f"liblouis {louis.version()}", "Tables are set out row by row",
                  "Pictures are described", "Passages in ur: Urdu braille"):
        assert words in note


def test_polish_edition_uses_the_polish_table(tmp_path):
    ed, cfg, notes = edition("pl")
    path = write(tmp_path, ed, cfg)
    # the note in Polish (the tool's catalog translates it), in the Polish table
    note = _note_text(book(path), ["pl.tbl"], ed._("Transcriber’s note"), ("pl.tbl",))
    assert "Kod brajlowski" in note and "tablica liblouis pl" in note
    text = flat(path.read_text("ascii"))
    sentence = "To jest pierwszy akapit małego planu używanego w testach."
    assert flat(brl(sentence, ["pl.tbl"])) in text
    assert flat(brl(sentence, ["en-ueb-g2.ctb"])) not in text
    assert brf_check.check(path, "ed.brf", ed, notes) == []


@pytest.mark.parametrize("lang", ["eu", "gd"])
def test_language_without_a_table_falls_back_and_warns(tmp_path, lang):
    ed, cfg, notes = edition()
    ed.lang = lang  # English text said to be Basque (no table) or Gaelic (a stand-in)
    path = write(tmp_path, ed, cfg)
    pages = book(path)
    assert len(pages) >= 5 and BRF_ALLOWED.match(path.read_bytes())
    assert "en-ueb-g1.ctb" in _note_text(pages, ["en-ueb-g1.ctb"])
    found = brf_check.check(path, "ed.brf", ed, notes)
    b06 = [f for f in found if f.rule == "B06"]
    assert len(b06) == 1 and b06[0].level == "warning"
    assert repr(lang) in b06[0].message and "en-ueb-g1.ctb" in b06[0].message
    assert not [f for f in found if f.level == "error"]


def test_a_heading_is_never_the_last_line_of_a_page(tmp_path):
    heading = brl("Part one", ["en-ueb-g2.ctb"])
    moved = 0
    for n in range(0, 24):
        ed, cfg, notes = edition()
        fillers = [m.Paragraph(children=[m.Text(text=f"Line {i}.")]) for i in range(n)]
        ed.sections[0].blocks[1:1] = fillers
        path = write(tmp_path, ed, cfg, f"ed{n}.brf")
        for page in book(path):
            text = [line.strip() for line in page[1:]]
            if heading in text:
                at = text.index(heading)
                assert any(text[at + 1:]), f"{n} fillers: the heading ends its page"
                moved += at == 0
        assert not [f for f in brf_check.check(path, "ed.brf", ed, notes) if f.rule == "B05"]
    assert moved  # for some fillers the heading went over to the next page


def test_pages_keep_a_heading_with_its_next_line():
    pages = Pages(6)  # 5 text lines
    pages.run([Chunk(["a", "b", "c", "d"]), Chunk(["H"], before=1, keep=True),
               Chunk(["x", "y"])])
    assert pages.pages == [["a", "b", "c", "d"], ["H", "x", "y"]]
    pages = Pages(6)
    pages.run([Chunk(["a", "b"]), Chunk(["H"], before=1, keep=True), Chunk(["x", "y", "z"])])
    assert pages.pages == [["a", "b", "", "H", "x"], ["y", "z"]]


def test_wrap_measures_cells_and_divides_only_overlong_words():
    b = braille.BLANK
    text = b.join(["⠁" * 10] * 9)
    lines = wrap(text, 40, 2, 0)
    assert all(len(line) <= 40 for line in lines)
    assert lines[0] == b * 2 + b.join(["⠁" * 10] * 3) and len(lines) == 3
    assert [len(line) for line in wrap("⠃" * 90, 40, 0, 2)] == [40, 40, 14]


@pytest.mark.skipif(not braille.segmenter(), reason="jieba (Debian python3-jieba) not importable")
def test_chinese_is_divided_into_words(tmp_path):
    sentence = "我们的计划从我们的愿景出发，并包含我们在儿童、青少年和家庭的帮助下确定的共同优先事项。"
    assert len(braille.segment_zh(sentence).split()) >= 8
    cells = braille.translate(sentence, "zh-Hans")
    assert cells.count(braille.BLANK) >= 7
    ed, cfg, notes = edition()
    ed.lang = "zh-Hans"
    ed.sections[0].blocks.insert(0, m.Paragraph(children=[m.Text(text=sentence * 3)]))
    path = write(tmp_path, ed, cfg)
    assert flat(braille.to_brf(cells).replace(braille.BLANK, " ")) in flat(
        path.read_text("ascii"))
    assert not [f for f in brf_check.check(path, "ed.brf", ed, notes) if f.level == "error"]


def test_urdu_table_has_cells_for_latin_letters():
    assert not [c for c in "اس دستاویز comms@example.org 2026" if braille.undefined(c, "ur")]
    assert braille.undefined("ą", "en-GB") and not braille.undefined("ą", "pl")


@pytest.mark.parametrize("damage, rule", [
    ("lower case", "B02"), ("form feed", "B01"), ("long line", "B01"), ("contents", "B03"),
    ("number", "B03"), ("note", "B03"), ("heading last", "B05"), ("words", "B04")])
def test_checker_finds_damage(tmp_path, damage, rule):
    ed, cfg, notes = edition()
    path = write(tmp_path, ed, cfg)
    pages = book(path)
    entries = contents(pages, "Contents", ["en-ueb-g2.ctb"])
    first = min(entries.values()) - 1
    line = next(i for i, x in enumerate(pages[first]) if i > 1 and x.strip())
    if damage == "lower case":
        pages[first][line] = pages[first][line].lower()
    elif damage == "form feed":
        pages[:] = [sum(pages, [])]
    elif damage == "long line":
        pages[first][line] += " ABC" * 10
    elif damage == "contents":
        at = pages[first - 1].index(next(x for x in pages[first - 1] if ENTRY.match(x)))
        pages[first - 1][at] = pages[first - 1][at][:-1] + "I"  # another page number
    elif damage == "number":
        pages[first][0] = pages[first][0][2:] + "  "
    elif damage == "note":
        pages[1][2:] = []
    elif damage == "heading last":
        heading = brl("Part one", ["en-ueb-g2.ctb"])
        page = next(p for p in pages[first:] if heading in [x.strip() for x in p])
        del page[[x.strip() for x in page].index(heading) + 1:]
    elif damage == "words":
        for page in pages[first:]:
            page[1:] = [",LOREM IPSUM" if line.strip() else line for line in page[1:]]
    path.write_bytes("\f".join("".join(x + "\n" for x in p) for p in pages).encode("ascii"))
    found = brf_check.check(path, "ed.brf", ed, notes)
    assert rule in {f.rule for f in found}, found
