"""An edition as a flat sequence of text blocks, for the formats that are a stream of lines:
plain text (`text.py`) and braille (`brf.py`). Both lay out the same blocks, so they make the
same choices as the HTML and DOCX writers in one place:

- inlines are plain text: emphasis unmarked, an acronym at first use followed by its expansion
  in brackets (as in the DOCX), a link as "text (address)" when the address says something the
  text does not (never for links inside the edition), passages in another language (`Span`,
  `Group`, a block left in English) kept as runs with their language;
- tables become headed parts as in large print (`transforms.linearise_tables`): the caption as
  a heading when the rows are headed by their first cells and it does not just repeat the
  section's heading, one heading per row (its first cell, or "caption – n"), then one
  "Header: value" line per cell;
- a figure is "[Figure: alt]" and its caption; a glossary term is followed by its definition,
  indented; `>` quotes and `{quote}`s are indented, with their attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model as m
from ..i18n import SOURCE_LANG
from ..select import EditionDoc


@dataclass(slots=True)
class Run:
    text: str
    lang: str = ""  # "" = the block's language
    ltr: bool = False  # a left-to-right run isolated in right-to-left text (<bdi dir=ltr>)


@dataclass(slots=True)
class Item:
    """One block of text: kinds heading, para, item (list item), field ("Header: value"),
    term (glossary), figure, title (the title page's lines), attribution."""

    kind: str
    runs: list[Run]
    lang: str  # the block's language
    level: int = 0  # heading: 1 = a top-level section
    depth: int = 0  # list, definition and table-field nesting
    quote: int = 0  # quote nesting
    number: int | None = None  # an ordered list item's number (None: a bullet)
    tight: bool = False  # continues the block before it (no blank line between, in text)
    section: str = ""  # a section heading's id ("" for table parts)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


_FIELD = re.compile(r"%\((\w+)\)s")


def ui(ed: EditionDoc, msgid: str, **kw: str | Run) -> list[Run]:
    """An interface string as runs. One the catalog does not translate is English: its runs
    say so, so braille uses the English table for them (punctuation alone keeps the block's).
    The values put into it keep their own language: a string value is in the edition's (a
    publisher's translated name), a Run says its own."""
    translated = ed.gettext.gettext(msgid)
    english = translated == msgid and ed.lang != SOURCE_LANG and \
        any(c.isalpha() for c in _FIELD.sub("", msgid))
    lang = SOURCE_LANG if english else ""
    out: list[Run] = []
    for i, part in enumerate(_FIELD.split(translated)):
        if i % 2 == 0:
            out.append(Run(part.replace("%%", "%"), lang))
        else:
            value = kw[part]
            out.append(value if isinstance(value, Run) else Run(str(value)))
    return [r for r in out if r.text]


def _href_text(href: str) -> str:
    return href.removeprefix("mailto:")


def runs(nodes: list[m.Inline], lang: str = "", ltr: bool = False) -> list[Run]:
    out: list[Run] = []
    for n in nodes:
        if isinstance(n, m.Text | m.Code):
            out.append(Run(n.text, lang, ltr))
        elif isinstance(n, m.Abbr):
            out.append(Run(f"{n.text} ({n.title})", lang, ltr))
        elif isinstance(n, m.Break):
            out.append(Run(" ", lang, ltr))
        elif isinstance(n, m.Emph | m.Strong):
            out += runs(n.children, lang, ltr)
        elif isinstance(n, m.Span):
            out += runs(n.children, n.lang or lang, ltr or n.dir == "ltr")
        elif isinstance(n, m.Link):
            inner = runs(n.children, lang, ltr)
            out += inner
            target = _href_text(n.href)
            shown = "".join(r.text for r in inner).strip()
            if not n.href.startswith("#") and target and target != shown:
                out.append(Run(" (", lang, ltr))
                out.append(Run(target, lang, True))
                out.append(Run(")", lang, ltr))
    return [r for r in out if r.text]


def _cell_runs(cell: m.Cell) -> list[Run] | None:
    """A cell holding only paragraphs as one run of text; None for lists and the like."""
    if not all(isinstance(b, m.Paragraph) for b in cell.blocks):
        return None
    out: list[Run] = []
    for b in cell.blocks:
        if out:
            out.append(Run(" "))
        out += runs(b.children, b.lang)
    return out


def _colon(name: str) -> str:
    """What joins a column heading to its value: "Value: 200", but "What will we do? …"."""
    return "" if name.rstrip()[-1:] in ("?", ":", "？", "：", "!", "؟") else ":"


@dataclass(slots=True)
class _Ctx:
    ed: EditionDoc
    items: list[Item] = field(default_factory=list)

    def add(self, kind: str, rs: list[Run], lang: str, **kw) -> None:
        if rs and "".join(r.text for r in rs).strip():
            self.items.append(Item(kind, rs, lang, **kw))


def _table(c: _Ctx, t: m.Table, heading: str, level: int, lang: str, depth: int,
           quote: int) -> None:
    """Headed parts as in large print. The table's own language (a table left in English) is
    its caption's; each cell has its paragraphs' (as in the HTML)."""
    heads = [_cell_runs(h) or [] for h in t.header]
    caption = runs(t.caption, t.lang)
    named = t.row_headers and heading.strip() not in m.inline_text(t.caption)
    if named:
        c.add("heading", caption, t.lang or lang, level=level + 1, quote=quote)
        level += 1
    for n, row in enumerate(t.rows, 1):
        if t.row_headers:
            title, cells, names = _cell_runs(row[0]) or [], row[1:], heads[1:]
        else:
            title, cells, names = [*caption, Run(f" – {n}")], row, heads
        c.add("heading", title, lang, level=level + 1, quote=quote)
        for i, (name, cell) in enumerate(zip(names, cells)):
            value = _cell_runs(cell)
            label = [*name, Run(_colon("".join(r.text for r in name)))]
            if value is not None:
                c.add("field", [*label, Run(" "), *value], lang, depth=depth, quote=quote,
                      tight=i > 0)
            else:
                c.add("field", label, lang, depth=depth, quote=quote, tight=i > 0)
                _blocks(c, cell.blocks, heading, level, lang, depth + 1, quote, tight=True)


def _list(c: _Ctx, b: m.ListBlock, heading: str, level: int, lang: str, depth: int,
          quote: int, tight: bool) -> None:
    for i, item in enumerate(b.items):
        first = True
        for inner in item.blocks:
            if first and isinstance(inner, m.Paragraph):
                c.add("item", runs(inner.children), inner.lang or lang, depth=depth,
                      quote=quote, number=b.start + i if b.ordered else None,
                      tight=tight or i > 0)
            else:
                _blocks(c, [inner], heading, level, lang, depth + 1, quote, tight=True)
            first = False


def _quote(c: _Ctx, b: m.Quote, heading: str, level: int, lang: str, depth: int,
           quote: int) -> None:
    if b.blocks:
        _blocks(c, b.blocks, heading, level, lang, depth, quote + 1)
        return
    # the marks of the quote's language: the edition's, or English for a quote left in English
    marks = [Run("“"), Run("”")] if lang == SOURCE_LANG else [*ui(c.ed, "“"), *ui(c.ed, "”")]
    c.add("para", [marks[0], *runs(b.children), marks[1]], lang, depth=depth, quote=quote + 1)
    if b.attribution:
        c.add("attribution", [Run(b.attribution)], lang, depth=depth, quote=quote + 1,
              tight=True)


def _block(c: _Ctx, b: m.Block, heading: str, level: int, lang: str, depth: int, quote: int,
           tight: bool) -> None:
    if isinstance(b, m.Table):  # its own language is its caption's (`_table`)
        _table(c, b, heading, level, lang, depth, quote)
        return
    lang = b.lang or lang
    if isinstance(b, m.Paragraph):
        c.add("para", runs(b.children), lang, depth=depth, quote=quote, tight=tight)
    elif isinstance(b, m.ListBlock):
        _list(c, b, heading, level, lang, depth, quote, tight)
    elif isinstance(b, m.Quote):
        _quote(c, b, heading, level, lang, depth, quote)
    elif isinstance(b, m.Figure):
        c.add("figure", [Run("["), *ui(c.ed, "Figure"), Run(": " + b.alt + "]")], lang,
              depth=depth, quote=quote)
        c.add("para", [Run(b.caption)], lang, depth=depth, quote=quote, tight=True)
    elif isinstance(b, m.DefList):
        for item in b.items:
            item_lang = item.lang or lang
            c.add("term", runs(item.term), item_lang, depth=depth, quote=quote)
            _blocks(c, item.definition, heading, level, item_lang, depth + 1, quote,
                    tight=True)
    elif isinstance(b, m.Group):
        _blocks(c, b.blocks, heading, level, b.lang or lang, depth, quote)


def _blocks(c: _Ctx, blocks: list[m.Block], heading: str, level: int, lang: str, depth: int,
            quote: int, tight: bool = False) -> None:
    for i, b in enumerate(blocks):
        _block(c, b, heading, level, lang, depth, quote, tight and i == 0)


def _section(c: _Ctx, s: m.Section) -> None:
    c.add("heading", runs(s.heading.children), s.heading.lang or c.ed.lang, level=s.level,
          section=s.id)
    _blocks(c, s.blocks, m.inline_text(s.heading.children), s.level, c.ed.lang, 0, 0)
    for sub in s.sections:
        _section(c, sub)


def body(ed: EditionDoc) -> list[Item]:
    """The edition's sections as items, in reading order."""
    c = _Ctx(ed)
    for s in ed.sections:
        _section(c, s)
    return c.items


def front(ed: EditionDoc, published: str) -> list[Item]:
    """The title block: title, subtitle and tagline, the period when the title lacks it, the
    publisher (and date), and the draft notice of an unreviewed translation."""
    meta, lang = ed.meta, ed.lang
    out = [Item("title", [Run(ed.title)], lang)]
    for line in (meta.subtitle, meta.tagline):
        if line:
            out.append(Item("title", ui(ed, line), lang))
    if meta.period and meta.period not in ed.title:
        out.append(Item("title", [Run(meta.period)], lang))
    if published:
        out.append(Item("title", ui(ed, "Published by %(publisher)s, %(date)s",
                                    publisher=ed._(meta.publisher), date=published), lang))
    elif meta.publisher:
        out.append(Item("title", ui(ed, "Published by %(publisher)s",
                                    publisher=ed._(meta.publisher)), lang))
    (summary, summary_in), (draft, draft_in) = ed.notice("summary"), ed.notice("draft")
    if ed.summary:  # only the translated part (publish_at): say the rest can be asked for
        first = ui(ed, "This is a summary.")
        out.append(Item("para", [*first, Run("" if first[-1].text[-1:] in "。！？" else " "),
                                 *ui(ed, summary, name=ed._(meta.contact_name),
                                     language=summary_in),
                                 Run(" " + meta.contact_email)], lang))
    if ed.draft:
        first = ui(ed, "This translation is a draft.")
        out.append(Item("para", [*first, Run("" if first[-1].text[-1:] in "。！？" else " "),
                                 *ui(ed, draft, language=draft_in)], lang))
    return out


def headings(ed: EditionDoc) -> list[Item]:
    """Every section heading of the edition (what the checkers look for)."""
    return [i for i in body(ed) if i.kind == "heading" and i.section]


__all__ = ["Item", "Run", "body", "front", "headings", "runs", "ui"]
