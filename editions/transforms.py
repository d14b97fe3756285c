"""Transforms: run over the Document after reading, before selection (docutils-style).

1. `collect_notes` takes every editor note out of the tree into `doc.notes` (never published).
2. `expand_directives` turns `{priorities}`, `{action-plan}`, `{glossary}`, `{notice}` into
   ordinary blocks and sections from the data files.
3. `assign_ids` gives every heading a unique, stable id.
"""

from __future__ import annotations

import functools
import re

from . import model as m
from .data import Data
from .findings import Finding
from .i18n import SOURCE_LANG, is_rtl

# --- 1. editor notes --------------------------------------------------------------------


def _strip_inlines(nodes: list[m.Inline], notes: list[m.Note]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for n in nodes:
        if isinstance(n, m.InlineNote):
            notes.append(m.Note(n.kind, n.text, n.loc or m.Loc("?", 0)))
            # the space before the note goes with it
            if out and isinstance(out[-1], m.Text):
                out[-1] = m.Text(text=out[-1].text.rstrip(" "), loc=out[-1].loc)
            continue
        if isinstance(n, m.Emph | m.Strong | m.Link):
            n.children = _strip_inlines(n.children, notes)
        if isinstance(n, m.Text) and out and isinstance(out[-1], m.Text):
            prev = out[-1]
            joined = prev.text + n.text
            if prev.text == "" or (prev.text.endswith(" ") and n.text.startswith(" ")):
                joined = prev.text.rstrip(" ") + " " + n.text.lstrip(" ")
            out[-1] = m.Text(text=joined, loc=prev.loc)
            continue
        out.append(n)
    # a note at the very start leaves no leading space; one before punctuation leaves none either
    cleaned: list[m.Inline] = []
    for i, n in enumerate(out):
        if isinstance(n, m.Text):
            text = n.text
            if i == 0:
                text = text.lstrip(" ")
            text = re.sub(r" +([.,;:])", r"\1", text) if "  " in text or " ." in text else text
            text = re.sub(r"  +", " ", text)
            n = m.Text(text=text, loc=n.loc)
        cleaned.append(n)
    return cleaned


def _strip_blocks(blocks: list[m.Block], notes: list[m.Note]) -> list[m.Block]:
    out: list[m.Block] = []
    for b in blocks:
        if isinstance(b, m.EditorNote):
            notes.append(m.Note(b.kind, b.text, b.loc or m.Loc("?", 0)))
            continue
        if isinstance(b, m.Paragraph | m.Heading | m.Quote):
            b.children = _strip_inlines(b.children, notes)
            if isinstance(b, m.Paragraph) and not m.inline_text(b.children).strip():
                continue  # a paragraph that held only notes
            if isinstance(b, m.Quote) and b.blocks:
                b.blocks = _strip_blocks(b.blocks, notes)
                if not b.blocks:
                    continue  # a `>` quote that held only notes
        elif isinstance(b, m.ListItem | m.Group):
            b.blocks = _strip_blocks(b.blocks, notes)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                item.blocks = _strip_blocks(item.blocks, notes)
        elif isinstance(b, m.Table):
            b.caption = _strip_inlines(b.caption, notes)
            for row in [b.header, *b.rows]:
                for cell in row:
                    cell.blocks = _strip_blocks(cell.blocks, notes)
        elif isinstance(b, m.DefList):
            for item in b.items:
                item.term = _strip_inlines(item.term, notes)
                item.definition = _strip_blocks(item.definition, notes)
        out.append(b)
    return out


def collect_notes(doc: m.Document, data: Data) -> None:
    for section in doc.walk_sections():
        section.heading.children = _strip_inlines(section.heading.children, doc.notes)
        section.blocks = _strip_blocks(section.blocks, doc.notes)
    for f in data.foundations:
        f.outcome = _strip_blocks(f.outcome, doc.notes)
        for p in f.priorities:
            p.text = _strip_inlines(p.text, doc.notes)
            p.action_plan_text = _strip_inlines(p.action_plan_text, doc.notes)
            p.actions = _strip_blocks(p.actions, doc.notes)
            p.measures = _strip_blocks(p.measures, doc.notes)
    for t in data.terms:
        t.definition = _strip_blocks(t.definition, doc.notes)
    doc.notes.sort(key=lambda n: (n.loc.path, n.loc.line))


# --- 2. directives ----------------------------------------------------------------------


def _priority_list(data: Data, group: str, loc: m.Loc | None) -> list[m.Block]:
    by_foundation = [(f, [p for p in f.priorities if p.task_group == group])
                     for f in data.foundations]
    by_foundation = [(f, ps) for f, ps in by_foundation if ps]
    out: list[m.Block] = []
    for f, ps in by_foundation:
        if len(by_foundation) > 1:
            out.append(m.Paragraph(children=[m.Text(text=f"Foundation: {f.title}")], loc=loc,
                                   seg=f"foundation-{f.id}/label"))
        for p in sorted(ps, key=lambda p: p.number):
            out.append(m.ListBlock(ordered=True, start=p.number, loc=p.loc, items=[
                m.ListItem(blocks=[m.Paragraph(children=list(p.text), loc=p.loc,
                                               seg=f"priority-{p.number}")], loc=p.loc)]))
    return _merge_lists(out)


def _merge_lists(blocks: list[m.Block]) -> list[m.Block]:
    """Consecutive numbered lists whose numbers follow on become one list."""
    out: list[m.Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (isinstance(b, m.ListBlock) and isinstance(prev, m.ListBlock) and b.ordered
                and prev.ordered and b.start == prev.start + len(prev.items)):
            prev.items.extend(b.items)
        else:
            out.append(b)
    return out


def _cell(blocks: list[m.Block]) -> m.Cell:
    return m.Cell(blocks=blocks)


def _segs(blocks: list[m.Block], prefix: str) -> list[m.Block]:
    for n, b in enumerate(m.walk_blocks(blocks), 1):
        b.seg = b.seg or f"{prefix}/{n}"
    return blocks


def action_plan_sections(data: Data, level: int) -> list[m.Section]:
    out = []
    for f in data.foundations:
        fseg = f"foundation-{f.id}"
        heading = m.Heading(level=level, children=[m.Text(text=f.title)], loc=f.loc, seg=fseg)
        rows = []
        for p in f.priorities:
            seg = f"priority-{p.number}" + ("" if p.action_plan_text == p.text else "/plan")
            head = [m.Paragraph(children=[m.Text(text=f"{p.number}. "), *p.action_plan_text],
                                loc=p.loc, seg=seg)]
            rows.append([_cell(head), _cell(_segs(p.actions, f"priority-{p.number}/actions")),
                         _cell(_segs(p.measures, f"priority-{p.number}/measures"))])
        table = m.Table(
            caption=[m.Text(text=f"Action plan: {f.title}")],
            header=[_cell([m.Paragraph(children=[m.Text(text=c)], seg=f"{fseg}/column-{k}")])
                    for k, c in enumerate(f.columns, 1)],
            rows=rows, row_headers=True, loc=f.loc, seg=f"{fseg}/caption",
        )
        _segs(f.outcome, f"{fseg}/outcome")
        out.append(m.Section(id="", heading=heading, blocks=[*f.outcome, table], loc=f.loc))
    return out


def glossary_block(data: Data, loc: m.Loc | None) -> m.DefList:
    items = []
    # alphabetical, whatever order the data file keeps (case and punctuation ignored)
    for t in sorted(data.terms, key=lambda t: re.sub(r"[^a-z0-9 ]", "", t.term.lower())):
        extra = t.abbr or t.expansion
        label = f"{t.term} ({extra})" if extra else t.term
        items.append(m.DefItem(term=[m.Text(text=label)], id=t.id, loc=t.loc, seg=t.id,
                               definition=_segs(t.definition, t.id)))
    return m.DefList(items=items, loc=loc, role="glossary")


def notice_blocks(data: Data, loc: m.Loc | None) -> list[m.Block]:
    out: list[m.Block] = []
    for e in data.notice:
        email = m.Link(href=f"mailto:{data.notice_email}", children=[m.Text(text=data.notice_email)])
        out.append(m.Group(
            lang=e.lang, dir="rtl" if is_rtl(e.lang) else "", role="notice",
            loc=e.loc, blocks=[m.Paragraph(children=[m.Text(text=e.text)], loc=e.loc),
                               m.Paragraph(children=[m.Text(text=e.request + " "), email], loc=e.loc)]))
    return out


NEEDS = {"priorities": "action-plan", "action-plan": "action-plan", "glossary": "glossary",
         "notice": "notice"}  # directive → the data file it is made from


def expand_directives(doc: m.Document, data: Data, findings: list[Finding]) -> None:
    for section in list(doc.walk_sections()):
        blocks: list[m.Block] = []
        for b in section.blocks:
            if not isinstance(b, m.Directive):
                blocks.append(b)
            elif NEEDS[b.name] not in data.present:
                findings.append(Finding(
                    "C21", "error", f"{{{b.name}}} needs data/{NEEDS[b.name]}.yaml beside "
                    "publication.yaml, which this publication does not have", "add the file (docs/CONTENT.md "
                    "shows its shape), or remove the directive", b.loc))
            elif b.name == "priorities":
                found = _priority_list(data, b.arg, b.loc)
                if not found and "action-plan" not in data.broken:
                    findings.append(Finding("C12", "error", f"no priorities for task group {b.arg!r}",
                                            "check the task_group of the priorities in "
                                            "data/action-plan.yaml", b.loc))
                blocks.extend(found)
            elif b.name == "action-plan":
                section.sections.extend(action_plan_sections(data, section.level + 1))
            elif b.name == "glossary":
                blocks.append(glossary_block(data, b.loc))
            elif b.name == "notice":
                blocks.extend(notice_blocks(data, b.loc))
        section.blocks = blocks


# --- 3. ids -----------------------------------------------------------------------------


def assign_ids(doc: m.Document) -> None:
    assign_edition_ids(doc.sections)


def assign_segments(doc: m.Document) -> None:
    """Stable translation segment ids: a section's heading takes the section id; its blocks
    `<top-level section id>/<n>` in reading order (data blocks already carry theirs)."""
    for top in doc.sections:
        n = 0
        for s in top.walk():
            s.heading.seg = s.heading.seg or s.id
            for b in m.walk_blocks(s.blocks, translatable=True):
                # a `>` quote is no segment: its paragraphs and list items are
                if isinstance(b, m.Paragraph | m.Quote | m.Figure | m.Table) and not b.seg \
                        and not (isinstance(b, m.Quote) and b.blocks):
                    n += 1
                    b.seg = f"{top.id}/{n}"


def used_directives(doc: m.Document) -> set[str]:
    return {b.name for s in doc.walk_sections() for b in s.blocks if isinstance(b, m.Directive)}


def run(doc: m.Document, data: Data, findings: list[Finding]) -> set[str]:
    """Run every transform in order; returns the data kinds the document uses."""
    used = used_directives(doc)
    collect_notes(doc, data)
    expand_directives(doc, data, findings)
    assign_ids(doc)
    assign_segments(doc)
    return used


# --- per presentation -------------------------------------------------------------------


def _cell_inlines(cell: m.Cell) -> list[m.Inline]:
    out: list[m.Inline] = []
    for b in cell.blocks:
        if isinstance(b, m.Paragraph):
            if out:
                out.append(m.Text(text=" "))
            out.extend(b.children)
    return out


def linearise_tables(section: m.Section) -> None:
    """Large print: a wide table becomes headed parts (UKAAF): one heading per row, one
    sub-heading per column, the cell's blocks below. Works on an edition's own copy."""
    for sub in section.sections:
        linearise_tables(sub)
    while section.blocks and isinstance(section.blocks[-1], m.Table):
        table = section.blocks.pop()
        heads = [m.inline_text(_cell_inlines(c)) for c in table.header]
        rows: list[m.Section] = []
        # rows headed by their first cells do not name the table: its caption heads them,
        # unless it only repeats the section's heading (the action plan's tables)
        named = table.row_headers and m.inline_text(section.heading.children).strip() \
            not in m.inline_text(table.caption)
        level = section.level + (1 if named else 0)
        for n, row in enumerate(table.rows, 1):
            title = _cell_inlines(row[0]) if table.row_headers else [
                m.Text(text=f"{m.inline_text(table.caption)} – {n}")]
            cells = row[1:] if table.row_headers else row
            names = heads[1:] if table.row_headers else heads
            parts = [m.Section(id="", loc=c.loc or table.loc,
                               heading=m.Heading(level=level + 2, loc=table.loc,
                                                 children=[m.Text(text=name)]),
                               blocks=c.blocks) for name, c in zip(names, cells)]
            rows.append(m.Section(id="", loc=table.loc, sections=parts, heading=m.Heading(
                level=level + 1, children=title, loc=table.loc)))
        if named:
            rows = [m.Section(id="", loc=table.loc, sections=rows, heading=m.Heading(
                level=level, children=table.caption, lang=table.lang, loc=table.loc))]
        section.sections[:0] = rows
    # a table in mid-section stays a table: 16 pt text and header rows repeated (LP15)


def assign_edition_ids(sections: list[m.Section]) -> None:
    """Ids for sections made by per-edition transforms (unique within the edition)."""
    used = {s.id for top in sections for s in top.walk() if s.id}

    def visit(section: m.Section, prefix: str) -> None:
        if not section.id:
            base = f"{prefix}-{m.slug(m.inline_text(section.heading.children))}"[:60].strip("-")
            candidate, n = base, 2
            while candidate in used:
                candidate, n = f"{base}-{n}", n + 1
            section.id = candidate
            used.add(candidate)
        section.heading.id = section.id
        for sub in section.sections:
            visit(sub, section.id)

    for s in sections:
        visit(s, s.id)


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_PHONE = r"(?:\+\d{1,3} ?(?:\(0\) ?)?\d{2,5}|0\d{2,5})(?: \d{2,4}){1,3}"


@functools.cache
def _keep_together_re(lang: str) -> re.Pattern:
    """Dates (English and the edition language's month names, from Babel) and phone numbers
    (0800 1111, 01698 403 200, +44 …)."""
    from babel.dates import get_month_names

    names = set(_MONTHS.split("|"))
    try:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for name in get_month_names(width, context, locale=lang.replace("-", "_")).values():
                    last = name.split()[-1].split("-")[-1].strip(".")  # "An t-Ògmhios" → "Ògmhios"
                    if len(last) >= 3 and not last[0].isdigit():
                        names.add(last)
    except Exception:  # no locale data: English months only
        pass
    months = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:\d{{1,2}}\.? (?:{months})(?: \d{{2,4}})?|(?:{months}) \d{{1,4}}"
                      rf"|{_PHONE})(?!\w)")


def _nbsp_inlines(nodes: list[m.Inline], pattern: re.Pattern) -> None:
    for n in nodes:
        if isinstance(n, m.Text):
            n.text = pattern.sub(lambda x: x[0].replace(" ", "\u00a0"), n.text)
        elif isinstance(n, m.Emph | m.Strong | m.Link | m.Span):
            _nbsp_inlines(n.children, pattern)


def keep_together(section: m.Section, lang: str = SOURCE_LANG) -> None:
    """Large print (LP08): dates and phone numbers never split across lines."""
    pattern = _keep_together_re(lang)
    for s in section.walk():
        _nbsp_inlines(s.heading.children, pattern)
        for b in m.walk_blocks(s.blocks):
            if isinstance(b, m.Paragraph | m.Quote):
                _nbsp_inlines(b.children, pattern)
