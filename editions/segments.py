"""What a translator translates: each segment of the source (a heading, paragraph, list item,
cell… with the segment id `transforms.assign_segments` gave it) as inline Markdown, the text a
translator sees in the catalogs (`i18n update`, XLIFF)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import model as m

# --- inline Markdown: the text a translator sees ---------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]{}<>])")


def inlines_to_md(nodes: list[m.Inline]) -> str:
    out: list[str] = []
    for n in nodes:
        if isinstance(n, m.Text):
            out.append(_ESCAPE.sub(r"\\\1", n.text))
        elif isinstance(n, m.Emph):
            out.append(f"*{inlines_to_md(n.children)}*")
        elif isinstance(n, m.Strong):
            out.append(f"**{inlines_to_md(n.children)}**")
        elif isinstance(n, m.Code):
            out.append(f"`{n.text}`")
        elif isinstance(n, m.Break):
            out.append("\\\n")
        elif isinstance(n, m.Link):
            out.append(f"[{inlines_to_md(n.children)}]({n.href})")
        elif isinstance(n, m.Abbr | m.Span):
            out.append(inlines_to_md([m.Text(text=m.inline_text([n]))]))
    return "".join(out).strip()


# --- segments of the source -------------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    id: str
    source: str  # inline Markdown
    loc: m.Loc | None
    editions: list[str] = field(default_factory=list)


def _block_segments(blocks: list[m.Block], out: dict[str, Segment]) -> None:
    for b in m.walk_blocks(blocks, translatable=True):
        if isinstance(b, m.DefList):  # the terms; their definitions are walked as blocks
            for item in b.items:
                out.setdefault(item.seg, Segment(item.seg, inlines_to_md(item.term), item.loc))
            continue
        if not b.seg:
            continue
        if isinstance(b, m.Paragraph):
            kids = b.children
            if kids and isinstance(kids[0], m.Text) and re.fullmatch(r"\d+\. ", kids[0].text):
                kids = kids[1:]  # an action-plan row keeps its number
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(kids), b.loc))
        elif isinstance(b, m.Quote):
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(b.children), b.loc))
            if b.attribution:
                out.setdefault(f"{b.seg}/by", Segment(f"{b.seg}/by", b.attribution, b.loc))
        elif isinstance(b, m.Figure):
            out.setdefault(f"{b.seg}/alt", Segment(f"{b.seg}/alt", b.alt, b.loc))
            if b.caption:
                out.setdefault(f"{b.seg}/caption", Segment(f"{b.seg}/caption", b.caption, b.loc))
        elif isinstance(b, m.Table):
            out.setdefault(b.seg, Segment(b.seg, inlines_to_md(b.caption), b.loc))


def segments(doc: m.Document) -> dict[str, Segment]:
    """Every translatable segment of the publication, in reading order."""
    out: dict[str, Segment] = {}
    for top in doc.sections:
        for s in top.walk():
            for audience, title in s.titles.items():
                sid = f"{s.id}/{audience}-title"
                out[sid] = Segment(sid, inlines_to_md(title), s.heading.loc)
            h = s.heading
            out.setdefault(h.seg, Segment(h.seg, inlines_to_md(h.children), h.loc))
            _block_segments(s.blocks, out)
    return out
