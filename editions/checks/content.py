"""Checks on the content itself, once per build (not per artifact): draft marks left in text
that would be published (E02 placeholders, E04 comment debris). The marks the editors keep on
purpose are `{editor-note}`/`{editor-query}` and are removed before any writer runs, so what is
found here is text a reader would see."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import model as m
from ..findings import Finding
from ..rules import rule_check

PLACEHOLDERS = re.compile(r"\(\s*page ref\s*\)|\bPAGE REF\b|\[\s*image:\s*\]|\bTBC\b|\bXX+\b",
                          re.I)
DEBRIS = re.compile(r"\[[^\[\]]{0,80}\|\s*Word\s*\]")  # "[CSP Glossa…| Word]"


def _texts(sections: list[m.Section]) -> Iterator[tuple[str, m.Loc | None]]:
    for top in sections:
        for s in top.walk():
            yield m.inline_text(s.heading.children), s.heading.loc
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Paragraph | m.Heading | m.Quote):
                    yield m.inline_text(b.children), b.loc
                elif isinstance(b, m.Table):
                    yield m.inline_text(b.caption), b.loc
                elif isinstance(b, m.Figure):
                    yield f"{b.alt} {b.caption}", b.loc
                elif isinstance(b, m.DefList):
                    for item in b.items:
                        yield m.inline_text(item.term), item.loc


@rule_check("E02", "E04")
def draft_marks(sections: list[m.Section]) -> list[Finding]:
    out = []
    for text, loc in _texts(sections):
        for hit in PLACEHOLDERS.finditer(text):
            out.append(Finding("E02", "error", f"placeholder {hit.group(0)!r} would be published",
                               "give the real reference, or keep the mark as "
                               "{editor-note}`…` until it is known", loc))
        for hit in DEBRIS.finditer(text):
            out.append(Finding("E04", "error", f"comment debris {hit.group(0)!r} would be "
                               "published", "delete it, or keep it as {editor-note}`…`", loc))
    return out
