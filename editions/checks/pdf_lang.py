"""P06 for passages, read back from the PDF: every passage the edition has in another language
(the multilingual notice, English shown where a translation is missing, a phrase marked with a
language) must be text of structure elements whose `/Lang` (own or inherited) is that language.

The text of a structure element is its marked content decoded with the fonts' /ToUnicode maps
(pdf/content.py reads content streams for the repair pass and the checks alike).
"""

from __future__ import annotations

from collections import Counter

import pikepdf
from pikepdf import Dictionary

from .. import model as m
from ..findings import Finding
from ..i18n import is_rtl
from ..pdf.reader import PdfFile
from ..pdf.tree import is_element, kids
from ..rules import rule_check


def marked_text(pdf: pikepdf.Pdf, pages: set[int]) -> dict[tuple[int, int], str]:
    """(page index, MCID) → its text in reading order, for the given page indexes (the PDF
    check passes the text it has already read from every page instead)."""
    text_of = PdfFile.over(pdf).marked_text
    out: dict[tuple[int, int], str] = {}
    for index in sorted(pages):
        for mcid, parts in text_of(index).items():
            out[(index, mcid)] = "".join(text for _line, text in parts)
    return out


def lang_elements(pdf: pikepdf.Pdf, catalog_lang: str):
    """Reading-order list of (language, [(page index, mcid)]) for every structure element,
    language inherited from the nearest ancestor with /Lang (else the catalog's)."""
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    out: list[tuple[str, list[tuple[int, int]]]] = []
    root = pdf.Root.get("/StructTreeRoot")

    def page_of(node, page: int | None) -> int | None:
        pg = node.get("/Pg")
        return page if pg is None else pages.get(pg.objgen, page)

    def walk(el, lang: str, page: int | None) -> list[tuple[int, int]]:
        page = page_of(el, page)
        own = str(el.get("/Lang", "")) or lang
        slot = len(out)
        out.append((own, []))
        found: list[tuple[int, int]] = []
        for kid in kids(el):
            if is_element(kid):
                found += walk(kid, own, page)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                mcr_page = page_of(kid, page)
                if mcr_page is not None:
                    found.append((mcr_page, int(kid.MCID)))
            elif isinstance(kid, int) and page is not None:  # an MCID on the element's page
                found.append((page, kid))
        out[slot] = (own, found)
        return found

    for kid in kids(root) if root is not None else []:
        if is_element(kid):
            walk(kid, catalog_lang, None)
    return out


def expected_passages(sections: list[m.Section], lang: str) -> list[tuple[str, str, m.Loc]]:
    """(language, text, source) of every passage of the edition not in its language."""
    out: list[tuple[str, str, m.Loc]] = []

    def inlines(nodes, inherited: str, loc) -> None:
        for n in nodes:
            if isinstance(n, m.Span) and n.lang and n.lang != inherited:
                out.append((n.lang, m.inline_text(n.children), loc))
            elif isinstance(n, m.Emph | m.Strong | m.Link | m.Span):
                inlines(n.children, inherited, loc)

    def blocks(bs, inherited: str) -> None:
        for b in bs:
            own = b.lang or inherited
            if isinstance(b, m.Paragraph | m.Heading | m.Quote):
                if own != lang:
                    out.append((own, m.inline_text(b.children), b.loc))
                else:
                    inlines(b.children, own, b.loc)
            elif isinstance(b, m.Table) and own != lang:
                out.append((own, m.inline_text(b.caption), b.loc))
            if isinstance(b, m.DefList):
                for item in b.items:
                    term = item.lang or own
                    if term != lang:
                        out.append((term, m.inline_text(item.term), item.loc))
                    blocks(item.definition, own)
            else:  # a table's own language is its caption's (as the layout writes it)
                blocks(m.child_blocks(b), inherited if isinstance(b, m.Table) else own)

    for top in sections:
        for s in top.walk():
            if s.heading.lang and s.heading.lang != lang:
                out.append((s.heading.lang, m.inline_text(s.heading.children), s.heading.loc))
            blocks(s.blocks, lang)
    return [(lg, " ".join(t.split()), loc) for lg, t, loc in out if t.strip()]


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


@rule_check("P06")
def check(pdf: pikepdf.Pdf, sections: list[m.Section], lang: str, artifact: str,
          text: dict[tuple[int, int], str] | None = None) -> list[Finding]:
    """P06: each passage in another language is text of elements tagged with its language."""
    expected = expected_passages(sections, lang)
    if not expected:
        return []
    elements = lang_elements(pdf, lang)
    tagged = [(lg, keys) for lg, keys in elements if lg != lang]
    # a passage's text is read back from elements tagged with its language only
    if text is None:
        text = marked_text(pdf, {p for _lg, keys in tagged for p, _ in keys})
    by_lang: dict[str, str] = {}
    seen: set[tuple[int, int]] = set()
    for lg, keys in tagged:
        for k in keys:
            if k not in seen:
                seen.add(k)
                by_lang[lg] = by_lang.get(lg, "") + text.get(k, "")
    out = []
    have_text = {lg: _squash(text) for lg, text in by_lang.items()}
    have_chars = {lg: Counter(text) for lg, text in have_text.items()}
    for lg, passage, loc in expected:
        have = have_text.get(lg, "")
        want = _squash(passage)
        if is_rtl(lg) or is_rtl(lang):
            # right-to-left runs (and neutral characters between them) are stored in visual
            # order: compare the characters
            missing = Counter(want) - have_chars.get(lg, Counter())
            ok = sum(missing.values()) <= len(want) * 0.02
        else:
            ok = want in have
        if not ok:
            out.append(Finding(
                "P06", "error", f"passage in {lg} is not tagged /Lang {lg}: {passage[:60]!r}",
                "editions/writers/pdf_lang.py copies each HTML lang into the structure tree: "
                "check that the layout gives this passage its lang, and that WeasyPrint's "
                "tagger is still the one it wraps", loc=loc, artifact=artifact))
    return out
