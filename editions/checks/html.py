"""HTML checks a parser can decide. `check` runs on every edition page; `page_findings` is the
part that also applies to the site's own pages (home, downloads, language chooser, statement:
called by checks/site.py).

Structure: H01, H03 (present), H04, H05, H06, H07, H09. Links: H08. Languages: H02, T01, T03,
T04 (Urdu), T06 (Gaelic), T09 (the multilingual notice). Plain language: CF01/CF02/CF04
(English young edition), CF02 (English full plan), CF08 (other languages). E01 editor notes."""

from __future__ import annotations

import re
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..readability import (
    formula_applies,
)
from ..rules import rule_check
from ..select import EditionDoc
from . import published_notes
from .html_doc import (
    Doc,
    El,
    norm,
    parse,
)
from .html_languages import languages
from .html_reading import plain_language
from .html_spec import Out, PageSpec, edition_spec
from .links import file_link_needs_size, vague


@rule_check("H01", "H03", "H04", "H05", "H06", "H07", "H09")
def _structure(doc: Doc, spec: PageSpec, out: Out) -> None:
    """H01, H03, H04, H05, H06, H07, H09."""
    if doc.lang != spec.lang:
        out.add("H01", f"<html lang> is {doc.lang!r}, expected {spec.lang!r}",
                "set the page language in the layout", "<html>")
    if not doc.title.strip():
        out.add("H03", "the page has no <title>", "give the page a title", "<title>")
    levels = [lvl for lvl, _ in doc.headings]
    if levels.count(1) != 1 or (levels and levels[0] != 1):
        out.add("H04", f"expected exactly one h1, first; found {levels.count(1)}",
                "the layout must give the page title as the only h1",
                f"line {doc.headings[0][1]}" if doc.headings else "page headings")
    for (prev, _), (lvl, line) in zip(doc.headings, doc.headings[1:]):
        if lvl > prev + 1:
            out.add("H04", f"heading skips from h{prev} to h{lvl}", "fix the heading levels",
                    f"line {line}")
    if doc.landmarks.get("main") != 1:
        out.add("H05", "the page must have exactly one <main>", "fix the layout", "landmarks")
    for lm in ("header", "footer", "nav"):
        if not doc.landmarks.get(lm):
            out.add("H05", f"no <{lm}> landmark", "fix the layout", "landmarks")
    ff = doc.first_focusable
    if not ff or not ff[1].get("href", "").startswith("#") or ff[1]["href"][1:] not in doc.ids:
        out.add("H06", "the first focusable element is not a skip link to an existing target",
                "put <a href=\"#main\"> first in <body>", "start of <body>")
    for a, line in doc.images:
        if "alt" not in a:
            out.add("H07", "image without alt", "add alt text in the content", f"line {line}")
    for t in doc.tables:
        if not t["caption"]:
            out.add("H09", "data table without <caption>", "give the table a caption",
                    f"line {t['line']}")
        if t["th"] == 0 or t["th_noscope"]:
            out.add("H09", "table header cells need th with scope", "fix the table layout",
                    f"line {t['line']}")


@rule_check("H08")
def _links(doc: Doc, spec: PageSpec, out: Out) -> None:
    """H08: vague link text (in the link's language), placeholder links, file links without
    type and size."""
    for el in doc.links:
        href = el.a.get("href", "").strip()
        text = el.a.get("aria-label") or el.text()
        where = el.where()
        if href in ("", "#") or href.lower().startswith("javascript:"):
            out.add("H08", f"link {text[:40]!r} goes nowhere (href={href!r})",
                    "link to the real page or file, or remove the link", where)
            continue
        if vague(text, el.lang or spec.lang):
            out.add("H08", f"vague link text {text!r}" if text else "link without text",
                    "say where the link goes (the title of the page or file)", where)
        named = text
        for label, canonical in spec.type_names.items():
            named = named.replace(label, canonical)
        if file_link_needs_size(href, named):
            out.add("H08", f"link to a file does not say its type and size: {text[:60]!r}",
                    'end the link text with the type and size, e.g. "(PDF, 2 MB)"', where)


def page_findings(doc: Doc, artifact: str, spec: PageSpec) -> list[Finding]:
    """The checks that apply to any page of the site (edition pages and site pages)."""
    out = Out(artifact)
    _structure(doc, spec, out)
    _links(doc, spec, out)
    languages(doc, spec, out)
    return out.findings()


def _ancestors(el: El | None):
    while el is not None:
        yield el
        el = el.parent


@rule_check("CF06")
def glossary_links(doc: Doc, artifact: str) -> list[Finding]:
    """CF06 on the young edition, read from the page: every term of its own glossary (`<dt
    id="term-…">Name (ABBR)</dt>`) is, at its first use in each top-level section, inside a
    link to its definition or an `<abbr title>`."""
    names: dict[str, list[str]] = {}
    for text, el in doc.runs:
        dt = next((e for e in _ancestors(el) if e.tag == "dt" and
                   e.a.get("id", "").startswith("term-")), None)
        if dt is not None:
            names.setdefault(dt.a["id"], []).append(text)
    forms: list[tuple[str, str, bool]] = []  # (form, term id, acronym)
    for tid, parts in names.items():
        head = norm("".join(parts)).replace("’", "'")
        inner = re.findall(r"\(([^()]+)\)", head)
        outer = norm(re.sub(r"\([^()]*\)", "", head))
        forms += [(form, tid, form.isupper()) for form in [outer, *inner] if form]
    if not forms:
        return []
    forms.sort(key=lambda f: -len(f[0]))
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        f"({re.escape(f)})" if acronym else f"((?i:{re.escape(f)}))"
        for f, _t, acronym in forms) + r")(?![\w-])")
    sections: dict[int, tuple[list[str], list[tuple[int, El]]]] = {}
    for text, el in doc.runs:
        chain = list(_ancestors(el))
        # the sections' running text: not headings, the glossary itself, navigation, or the
        # title block before the first section (publisher, date)
        if el.region != "main" or not el.sec[0] or any(
                e.tag in ("h1", "h2", "h3", "h4", "dl", "nav") for e in chain):
            continue
        buf, spans = sections.setdefault(id(el.sec), ([], []))
        spans.append((sum(len(t) for t in buf), el))
        buf.append(text)
    out: list[Finding] = []
    for buf, spans in sections.values():
        text, seen = "".join(buf), set()
        for match in pattern.finditer(text.replace("’", "'")):  # same length: same offsets
            _form, tid, _acronym = forms[match.lastindex - 1]
            if tid in seen:
                continue
            el = next(e for start, e in reversed(spans) if start <= match.start())
            chain = list(_ancestors(el))
            if any(e.tag == "figcaption" for e in chain):  # a quote's attribution: not the
                if f"{tid}-by" not in seen:  # running text, which links the next use
                    seen.add(f"{tid}-by")
                    out.append(Finding("CF06", "warning", f"{text[match.start():match.end()]!r} in a quote's "
                                       "attribution comes before the text explains it",
                                       "spell it out in the attribution", artifact=artifact,
                                       where=el.where()))
                continue
            seen.add(tid)
            if any((e.tag == "a" and e.a.get("href") == f"#{tid}") or
                   (e.tag == "abbr" and e.a.get("title")) for e in chain):
                continue
            out.append(Finding("CF06", "error", f"first use of {text[match.start():match.end()]!r} "
                               "in this section "
                               "is neither linked to the glossary nor explained",
                               "terms.link_terms links it: is the term written differently "
                               "in data/glossary.yaml?", artifact=artifact,
                               where=el.where()))
    return out


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    doc = parse(path)
    out = page_findings(doc, artifact, edition_spec(ed))
    if getattr(ed, "reading", "") == "child-friendly" and formula_applies(ed.lang):
        out.extend(glossary_links(doc, artifact))
    out.extend(published_notes(" ".join(t for t, _ in doc.runs), notes, artifact))
    out.extend(plain_language(path, artifact, ed))
    return out
