"""EPUB checks, on the file read back as a reading system opens it (container.xml → package
document → spine):

- EP03: the schema.org accessibility metadata and the conformance claim, from the OPF;
- EP04: a nav with contents (every heading of the edition, each link reaching its file and id)
  and landmarks; the spine holds the edition's sections in the edition's order;
- H01 / T01 on every content document: well-formed XHTML, `lang` and `xml:lang` equal to the
  edition's language, `dir="rtl"` and a right-to-left spine for Urdu;
- E01: no editor note's text in the book;
- EP01 EPUBCheck and EP02 Ace by DAISY (checks/epub_tools.py).

`check` is the per-artifact entry of checks/REGISTRY and runs everything. A build that wants
to start EPUBCheck's JVM once for all of its EPUBs calls `check_package` per EPUB and
`epub_tools.tool_findings` once with the list.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from .. import model as m
from ..epub_package import CONFORMS_TO, Package, read_package
from ..findings import Finding
from ..rules import rule_check
from ..select import EditionDoc
from . import published_notes
from .epub_tools import tool_findings

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
REQUIRED = ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo",
            "dcterms:modified")
FIX_WRITER = "fix the EPUB writer (writers/epub.py, epub_package.py)"


def _f(rule: str, message: str, artifact: str, where: str = "", fix: str = FIX_WRITER) -> Finding:
    return Finding(rule, "error", message, fix, artifact=artifact, where=where)


@rule_check("EP03")
def metadata(pkg: Package, ed: EditionDoc, has_images: bool, artifact: str) -> list[Finding]:
    """EP03 (and the Dublin Core a reading system shows: title, language, identifier)."""
    out = [_f("EP03", f"package metadata has no {p}", artifact, pkg.opf_path)
           for p in REQUIRED if not any(pkg.meta(p))]
    for name in ("identifier", "title", "language"):
        if not any(pkg.dc(name)):
            out.append(_f("EP03", f"package metadata has no dc:{name}", artifact, pkg.opf_path))
    if pkg.dc("language")[:1] not in ([], [ed.lang]):
        out.append(_f("EP03", f"dc:language is {pkg.dc('language')[0]!r}, the edition is "
                      f"{ed.lang!r}", artifact, pkg.opf_path))
    if any(pkg.meta("dcterms:conformsTo")) and CONFORMS_TO not in pkg.meta("dcterms:conformsTo"):
        out.append(_f("EP03", f"dcterms:conformsTo does not claim {CONFORMS_TO!r}", artifact,
                      pkg.opf_path))
    if has_images:
        if "visual" not in pkg.meta("schema:accessMode"):
            out.append(_f("EP03", "the book has pictures but accessMode lacks 'visual'",
                          artifact, pkg.opf_path))
        if "alternativeText" not in pkg.meta("schema:accessibilityFeature"):
            out.append(_f("EP03", "the book has pictures but accessibilityFeature lacks "
                          "'alternativeText'", artifact, pkg.opf_path))
    return out


def _navs(nav: etree._Element, kind: str) -> list[etree._Element]:
    return [n for n in nav.iter(f"{{{XHTML_NS}}}nav") if kind in n.get(EPUB_TYPE, "").split()]


def _resolve(href: str, base: str, trees: dict[str, etree._Element]) -> bool:
    """Does a link from the document `base` reach an existing document (and id)?"""
    path, _, frag = href.partition("#")
    folder = base.rpartition("/")[0]
    target = base if not path else (f"{folder}/{path}" if folder else path)
    tree = trees.get(target)
    return tree is not None and (not frag or any(e.get("id") == frag for e in tree.iter()))


@rule_check("EP04")
def navigation(pkg: Package, ed: EditionDoc, trees: dict[str, etree._Element],
               artifact: str) -> list[Finding]:
    """EP04: contents with every heading, landmarks, links that resolve, reading order."""
    nav_path = pkg.nav_path()
    nav = trees.get(nav_path or "")
    if nav is None:
        return [_f("EP04", "no navigation document (manifest item with properties='nav')",
                   artifact, pkg.opf_path)]
    out: list[Finding] = []
    toc, marks = _navs(nav, "toc"), _navs(nav, "landmarks")
    if not toc:
        out.append(_f("EP04", "the navigation document has no contents (epub:type='toc')",
                      artifact, nav_path))
    if not marks:
        out.append(_f("EP04", "the navigation document has no landmarks", artifact, nav_path))
    links = [a for n in toc + marks for a in n.iter(f"{{{XHTML_NS}}}a")]
    for a in links:
        if not _resolve(a.get("href", ""), nav_path, trees):
            out.append(_f("EP04", f"navigation link {a.get('href')!r} leads nowhere", artifact,
                          nav_path))
    listed = {a.get("href", "").partition("#")[2] for n in toc for a in n.iter(f"{{{XHTML_NS}}}a")}
    for top in ed.sections:
        for s in top.walk():
            if s.id not in listed:
                out.append(_f("EP04", f"the contents lack the heading "
                              f"{m.inline_text(s.heading.children)!r}", artifact, nav_path))
    kinds = {t for n in marks for a in n.iter(f"{{{XHTML_NS}}}a")
             for t in a.get(EPUB_TYPE, "").split()}
    out += [_f("EP04", f"the landmarks lack {k!r}", artifact, nav_path)
            for k in ("toc", "bodymatter") if k not in kinds]
    out += reading_order(pkg, ed, trees, artifact)
    return out


@rule_check("EP04")
def reading_order(pkg: Package, ed: EditionDoc, trees: dict[str, etree._Element],
                  artifact: str) -> list[Finding]:
    """The spine's section documents hold the edition's top-level sections, in its order."""
    want = [s.id for s in ed.sections]
    ids = set(want)
    got = [el.get("id") for path in pkg.spine if path in trees
           for el in trees[path].iter(f"{{{XHTML_NS}}}section") if el.get("id") in ids]
    if got != want:
        return [_f("EP04", f"reading order is {got}, the edition's is {want}", artifact,
                   pkg.opf_path)]
    return []


@rule_check("EP01", "H01", "H02", "T01")
def documents(pkg: Package, ed: EditionDoc, artifact: str
              ) -> tuple[dict[str, etree._Element], list[Finding]]:
    """Every XHTML document of the manifest parsed; H01 / T01 on each one of the spine."""
    trees, out = {}, []
    for path, media, _props in pkg.manifest.values():
        if media != "application/xhtml+xml":
            continue
        try:
            trees[path] = etree.fromstring(pkg.read(path), _PARSER)
        except (KeyError, etree.XMLSyntaxError) as exc:
            out.append(_f("EP01", f"not well-formed XHTML: {exc}", artifact, path))
    for path in pkg.spine:
        root = trees.get(path)
        if root is None:
            continue
        if root.get("lang") != ed.lang or root.get(XML_LANG) != ed.lang:
            out.append(_f("H01", f"<html> lang={root.get('lang')!r} xml:lang="
                          f"{root.get(XML_LANG)!r}, the edition is {ed.lang!r}", artifact, path))
        if ed.dir == "rtl" and root.get("dir") != "rtl":
            out.append(_f("T01", "a right-to-left edition's document lacks dir='rtl'", artifact,
                          path))
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("lang") != el.get(XML_LANG):
                out.append(_f("H02", f"<{etree.QName(el).localname}> lang={el.get('lang')!r} "
                              f"but xml:lang={el.get(XML_LANG)!r}", artifact, path))
    return trees, out


@rule_check("EP04", "T01")
def check_package(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]
                  ) -> list[Finding]:
    """Everything but the external tools: EP03, EP04, H01, H02, T01, E01."""
    try:
        pkg = read_package(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        return [_f("EP04", f"not a readable EPUB ({exc})", artifact)]
    with pkg.zip:
        trees, out = documents(pkg, ed, artifact)
        has_images = any(media.startswith("image/") for _p, media, _x in pkg.manifest.values())
        out += metadata(pkg, ed, has_images, artifact)
        out += navigation(pkg, ed, trees, artifact)
        spine = pkg.spine
        direction = pkg.opf.find(".//{http://www.idpf.org/2007/opf}spine")
        if ed.dir == "rtl" and (direction is None or
                                direction.get("page-progression-direction") != "rtl"):
            out.append(_f("T01", "a right-to-left edition's spine lacks "
                          "page-progression-direction='rtl'", artifact, pkg.opf_path))
        text = " ".join(" ".join(trees[p].itertext()) for p in spine if p in trees)
    return out + published_notes(text, notes, artifact)


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    """The checks/REGISTRY entry: the package checks and both tools on this one EPUB."""
    return [*check_package(path, artifact, ed, notes), *tool_findings([(path, artifact)])]


__all__ = ["check", "check_package"]
