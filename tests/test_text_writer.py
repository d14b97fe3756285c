"""Plain text (writers/text.py, checks/text.py): the .txt of the small fixture's editions is
written, read back and measured: title block, underlined headings, widths in columns (Chinese
counted double), lists, quotes, tables as headed parts, figures, links, the glossary, Urdu
direction marks; and the checker finds what is wrong in a broken file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import mini_edition

from editions import model as m
from editions.checks.text import check
from editions.config import BuildConfig
from editions.select import EditionDoc
from editions.writers.text import TextWriter, width, wrap

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def edition(edition: str = "full", lang: str = "en-GB") -> tuple[EditionDoc, BuildConfig, list]:
    """A fresh copy of a selected edition of the fixture (tests may change its sections)."""
    return mini_edition(edition, lang)


def write(tmp_path: Path, ed: EditionDoc, cfg: BuildConfig, name: str = "ed.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(TextWriter().write(ed, cfg))
    return path


def columns(line: str) -> int:
    """Display columns, counted here independently of the writer's own function."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)


def test_full_edition_layout(tmp_path):
    ed, cfg, notes = edition()
    lines = write(tmp_path, ed, cfg).read_bytes().decode("utf-8").split("\n")
    assert lines[:4] == ["=" * 19, "Mini Plan 2026–2029", "=" * 19, ""]
    assert "Published by Test Partnership, 15 January 2026" in lines
    # headings underlined by level: = for top-level sections, - for level 2
    for title, rule in (("Introduction", "="), ("Part one", "-"), ("Appendix", "=")):
        at = lines.index(title)
        assert lines[at + 1] == rule * len(title) and lines[at + 2] == ""
    assert lines[lines.index("Introduction") - 2:lines.index("Introduction")] == ["", ""]
    # lists, quote, figure, table as headed parts, glossary term and definition
    assert ["- one", "- two"] == lines[lines.index("- one"):lines.index("- one") + 2]
    assert "1. Make sure everyone knows about rights." in lines
    assert "    “We want to be heard.”" in lines and "    – Youth group member" in lines
    assert "[Figure: A navy outlined box, standing for the partnership]" in lines
    at = lines.index("Numbers we report – 1")
    assert lines[at:at + 4] == ["Numbers we report – 1", "", "Measure: Referrals", "Value: 200"]
    at = lines.index("Test Partnership (TP)")
    assert lines[at + 1] == "    The partners who wrote this plan."
    # a column heading that ends in a question mark takes no colon
    assert "What will we do? Run a campaign." in lines
    assert all(columns(line) <= 72 for line in lines)
    text = "\n".join(lines)
    assert "Graphics note" not in text and "(page ref)" not in text
    assert check(tmp_path / "ed.txt", "ed.txt", ed, notes) == []


def test_every_heading_and_translation_in_polish(tmp_path):
    ed, cfg, notes = edition(lang="pl")
    # a quote in Polish takes Polish marks; one left in English keeps English marks
    ed.sections[0].blocks += [m.Quote(children=[m.Text(text="Chcemy być wysłuchani.")]),
                              m.Quote(children=[m.Text(text="We want to be heard.")],
                                      lang="en-GB")]
    path = write(tmp_path, ed, cfg)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[lines.index("Wprowadzenie") + 1] == "=" * len("Wprowadzenie")
    assert "To jest pierwszy akapit małego planu używanego w testach." in lines
    assert "    „Chcemy być wysłuchani.”" in lines
    assert "    “We want to be heard.”" in lines
    assert check(path, "ed.txt", ed, notes) == []


def test_urdu_lines_run_right_to_left_with_latin_isolated(tmp_path):
    ed, cfg, _notes = edition()
    lines = write(tmp_path, ed, cfg).read_text(encoding="utf-8").split("\n")
    urdu = [line for line in lines if any("\u0600" <= c <= "\u06ff" for c in line)]
    assert len(urdu) == 2 and all(line.startswith("\u200f") for line in urdu)
    assert "\u2066comms@example.org\u2069" in urdu[1]


def _paragraph(ed: EditionDoc, *children: m.Inline) -> None:
    ed.sections[0].blocks.insert(0, m.Paragraph(children=list(children)))


def test_long_text_wraps_at_72_and_never_breaks_an_address(tmp_path):
    ed, cfg, notes = edition()
    url = "https://example.org/a/very/long/address/that/goes/on/and/on/for/ever/and/ever.html"
    words = " ".join(f"word{i}" for i in range(60))
    _paragraph(ed, m.Text(text=words + " see "), m.Link(href=url, children=[m.Text(
        text="the report")]), m.Text(text=" or "), m.Link(href="mailto:a@example.org",
                                                         children=[m.Text(text="a@example.org")]))
    ed.sections[0].blocks.insert(1, m.ListBlock(ordered=False, items=[m.ListItem(blocks=[
        m.Paragraph(children=[m.Text(text="outer item " + words)]),
        m.ListBlock(ordered=True, start=9, items=[m.ListItem(blocks=[
            m.Paragraph(children=[m.Text(text="inner item " + words)])])])])]))
    path = write(tmp_path, ed, cfg)
    lines = path.read_text(encoding="utf-8").split("\n")
    text = " ".join(lines)
    assert "word58 word59 see the report (" in text
    assert f"({url})" in lines  # never broken: alone on its line, whole
    assert "a@example.org (" not in text  # an address shown as its own text is not repeated
    outer = next(i for i, line in enumerate(lines) if line.startswith("- outer item"))
    assert lines[outer + 1].startswith("  word")  # hanging indent under the marker
    inner = next(i for i, line in enumerate(lines) if "inner item" in line)
    assert lines[inner].startswith("    9. inner item") and lines[inner + 1].startswith(" " * 7)
    over = [line for line in lines if columns(line) > 72]
    assert over == [f"({url})"]
    found = check(path, "ed.txt", ed, notes)
    assert [(f.rule, f.level) for f in found] == [("H12", "warning")]


def test_chinese_wraps_by_columns_and_keeps_punctuation(tmp_path):
    ed, cfg, notes = edition()
    ed.lang = "zh-Hans"
    sentence = "我们的计划从我们的愿景出发，并包含我们在儿童、青少年和家庭的帮助下确定的共同优先事项。"
    _paragraph(ed, m.Text(text=sentence * 4 + "联系（CS Partnership）：comms@example.org。"))
    path = write(tmp_path, ed, cfg)
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("我们的计划"))
    para = lines[start:lines.index("", start)]
    assert len(para) >= 5
    assert all(columns(line) <= 72 for line in para)
    assert max(columns(line) for line in para) >= 70  # filled, not wrapped by characters
    assert not any(line[0] in "，。、）：" for line in para)
    assert "".join("".join(para).split()) == "".join(
        (sentence * 4 + "联系（CS Partnership）：comms@example.org。").split())
    assert check(path, "ed.txt", ed, notes) == []


def test_wrap_measures_columns():
    assert width("中文ab") == 6 and width("\u200fa\u0301") == 1
    lines = wrap("汉" * 50, 0, 2)
    assert [columns(line) for line in lines] == [72, 30]
    assert wrap("a " * 40, 4, 0)[0].startswith("    a a")


@pytest.mark.parametrize("damage, rule", [
    ("heading", "H04"), ("underline", "H04"), ("width", "H12"), ("utf8", "T08"),
    ("control", "T08"), ("note", "E01"), ("figure", "H07")])
def test_checker_finds_damage(tmp_path, damage, rule):
    ed, cfg, notes = edition()
    path = write(tmp_path, ed, cfg)
    text = path.read_text(encoding="utf-8")
    if damage == "heading":
        text = text.replace("Part one\n--------\n", "")
    elif damage == "underline":
        text = text.replace("Part one\n--------\n", "Part one\n")
    elif damage == "width":
        text = text.replace("This is the first", "This is " + "very " * 14 + "the first")
    elif damage == "control":
        text = text.replace("first paragraph", "first\x07paragraph")
    elif damage == "note":
        text = text.replace("- two", "- two Graphics note- put the box picture here")
    elif damage == "figure":
        text = text.replace("[Figure: A navy outlined box", "[Figure: A box")
    raw = text.encode("utf-8")
    if damage == "utf8":
        raw += b"\xc3"  # the first byte of a two-byte sequence, cut off
    path.write_bytes(raw)
    found = check(path, "ed.txt", ed, notes)
    assert rule in {f.rule for f in found}, found
    assert all(f.artifact == "ed.txt" for f in found)
