"""Glossary terms and acronyms in the running text.

- `link_terms`: in each top-level section, the first use of each glossary term links to its
  definition (`#term-…`); an acronym becomes an `Abbr` with its expansion. Writers decide how an
  Abbr looks: `<abbr title>` in HTML and PDF, "CPC (Child Protection Committee)" in DOCX.
- `used_terms`: the terms an edition's text uses (the young edition's glossary shows only those).
- `acronyms`: every acronym in the text, for the check that lists the undefined ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import model as m
from .data import Term

_WORD = re.compile(r"(?<![\w&])[A-Z][A-Za-z&]*[A-Z][A-Za-z]*(?![\w&])")


def _acronym(word: str) -> str | None:
    """"CAMHS", "SoSH", "MH&W", "LOIPs" (plural of LOIP) are acronyms; "LearnNL" is a name."""
    if word.endswith("s") and sum(c.isupper() for c in word[:-1]) >= 2 and \
            sum(c.islower() for c in word[:-1]) == 0:
        word = word[:-1]
    upper = sum(c.isupper() for c in word)
    lower = sum(c.islower() for c in word)
    return word if upper >= 2 and lower <= 1 and len(word) <= 8 else None


@dataclass(frozen=True, slots=True)
class _Form:
    text: str
    term: Term
    acronym: bool


def _forms(terms: list[Term]) -> list[_Form]:
    forms: list[_Form] = []
    for t in terms:
        if t.expansion:  # headword is the acronym: "GIRFEC (Getting It Right For Every Child)"
            forms.append(_Form(t.term, t, True))
            forms.append(_Form(t.expansion, t, False))
        else:
            forms.append(_Form(t.term, t, False))
            if t.abbr:
                forms.append(_Form(t.abbr, t, True))
    # longest first, so "Children’s Services Partnership Board" wins over "… Partnership"
    return sorted(forms, key=lambda f: -len(f.text))


def _pattern(forms: list[_Form]) -> re.Pattern[str]:
    parts = []
    for f in forms:
        body = re.sub(r"\\?['’]", "['’]", re.escape(f.text))  # either apostrophe
        parts.append(f"(?P<f{len(parts)}>{body})" if f.acronym else f"(?P<f{len(parts)}>(?i:{body}))")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _term_text(form: _Form, text: str) -> m.Inline:
    term = form.term
    if form.acronym:
        return m.Abbr(text=text, title=term.expansion or term.term)
    return m.Text(text=text)


def _link_inlines(nodes: list[m.Inline], pattern, forms, done: set[str]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for n in nodes:
        if isinstance(n, m.Text):
            text, pos = n.text, 0
            for match in pattern.finditer(text):
                form = forms[int(match.lastgroup[1:])]
                if form.term.id in done:
                    continue
                done.add(form.term.id)
                out.append(m.Text(text=text[pos:match.start()], loc=n.loc))
                out.append(m.Link(href=f"#{form.term.id}", children=[_term_text(form, match[0])],
                                  loc=n.loc))
                pos = match.end()
            out.append(m.Text(text=text[pos:], loc=n.loc))
        elif isinstance(n, m.Emph | m.Strong):
            n.children = _link_inlines(n.children, pattern, forms, done)
            out.append(n)
        else:
            out.append(n)  # links stay as they are
    return [n for n in out if not (isinstance(n, m.Text) and n.text == "")]


def _link_blocks(blocks: list[m.Block], pattern, forms, done: set[str]) -> None:
    for b in blocks:
        if isinstance(b, m.Paragraph | m.Quote):
            b.children = _link_inlines(b.children, pattern, forms, done)
        elif isinstance(b, m.DefList) and b.role == "glossary":
            continue  # the glossary does not link to itself
        else:
            _link_blocks(m.child_blocks(b), pattern, forms, done)


def link_terms(sections: list[m.Section], terms: list[Term]) -> None:
    if not terms:
        return
    forms = _forms(terms)
    pattern = _pattern(forms)
    for top in sections:
        done: set[str] = set()
        for s in top.walk():
            _link_blocks(s.blocks, pattern, forms, done)


def section_text(sections: list[m.Section]) -> Iterator[tuple[m.Section, str, m.Loc | None]]:
    """(top-level section, text of one block, its source) for every textual block."""
    for top in sections:
        for s in top.walk():
            yield top, m.inline_text(s.heading.children), s.heading.loc
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Paragraph | m.Quote):
                    yield top, m.inline_text(b.children), b.loc


def used_terms(sections: list[m.Section], terms: list[Term]) -> set[str]:
    if not terms:  # no glossary (or a broken one: its editions are not written)
        return set()
    forms = _forms(terms)
    pattern = _pattern(forms)
    used: set[str] = set()
    for _, text, _ in section_text(sections):
        for match in pattern.finditer(text):
            used.add(forms[int(match.lastgroup[1:])].term.id)
    return used


def acronyms(sections: list[m.Section]) -> dict[str, m.Loc | None]:
    """Every acronym in the text with the place it is first used."""
    found: dict[str, m.Loc | None] = {}
    for _, text, loc in section_text(sections):
        for match in _WORD.finditer(text):
            word = _acronym(match[0])
            if word:
                found.setdefault(word, loc)
    return found


_LTR_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9@._:/+%&'’–\-]*[A-Za-z0-9])?"
# a run of Latin words and numbers; it starts and ends on a letter or digit, so neighbouring
# punctuation and brackets stay in the right-to-left text (and are mirrored there)
_LTR_RUN = re.compile(rf"{_LTR_WORD}(?:[ \u00a0]+{_LTR_WORD})*")


def _isolate(nodes: list[m.Inline]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for n in nodes:
        if isinstance(n, m.Text):
            pos = 0
            for match in _LTR_RUN.finditer(n.text):
                out.append(m.Text(text=n.text[pos:match.start()], loc=n.loc))
                out.append(m.Span(children=[m.Text(text=match[0], loc=n.loc)], dir="ltr",
                                  loc=n.loc))
                pos = match.end()
            out.append(m.Text(text=n.text[pos:], loc=n.loc))
        elif isinstance(n, m.Emph | m.Strong):
            n.children = _isolate(n.children)
            out.append(n)
        elif isinstance(n, m.Link):
            out.append(m.Span(children=[n], dir="ltr", loc=n.loc) if _LTR_RUN.fullmatch(
                m.inline_text(n.children)) else n)
        else:
            out.append(n)
    return [n for n in out if not (isinstance(n, m.Text) and n.text == "")]


def isolate_ltr(sections: list[m.Section]) -> None:
    """Right-to-left editions (T04): Latin text, numbers, e-mail addresses and URLs are
    isolated (`<bdi dir="ltr">`) so the bidi algorithm cannot reorder them. Blocks shown in
    English (untranslated fallback) are left alone: they are left-to-right as a whole."""
    for top in sections:
        for s in top.walk():
            if not s.heading.lang:
                s.heading.children = _isolate(s.heading.children)
            for b in m.walk_blocks(s.blocks):
                if isinstance(b, m.Paragraph | m.Quote) and not b.lang:
                    b.children = _isolate(b.children)
