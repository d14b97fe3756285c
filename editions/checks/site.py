"""Site-level checks, once per build after the site pages are written (pipeline, after
`write_site`): the rules no single page can decide, over every HTML page of dist/site/
(the editions and the site's own pages), and the per-page HTML checks for the site pages
(home, other formats, language chooser, accessibility statement).

T02 hreflang alternates for every language version plus x-default, reciprocal; H03 titles unique
across the site (per language); H21 the contact link in the same place (first link of the footer)
on every page, with the accessibility statement beside it; the sitemap (which carries the
hreflang alternates to search engines, reported as T02) lists every page."""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..findings import Finding
from ..i18n import SOURCE_LANG
from ..languages import Languages
from ..rules import rule_check
from ..site import CANONICAL, FORMATS
from .html import page_findings
from .html_doc import Doc, base, norm, parse
from .html_spec import PageSpec

STATEMENT = "accessibility-statement.html"


def parse_outline(path: Path) -> Doc:
    """Head and footer only: all the cross-page checks need of an edition page (its body is
    parsed by checks/html.py when the edition is written)."""
    text = path.read_text(encoding="utf-8")
    body, foot = text.find("<body"), text.rfind("<footer")
    doc = Doc()
    if body < 0 or foot < 0:
        doc.feed(text)
    else:
        doc.feed(text[:body] + "<body>" + text[foot:])
    doc.close()
    return doc


def _site_langs(out: Path, pages: set[str], src=None, prefix: str = "site/") -> list[str]:
    """The languages the site pages offer: as write_site, the publication's languages that
    have artifacts in the manifest (without `src`: every language in the manifest)."""
    manifest = out / "manifest.json"
    if manifest.is_file():
        arts = json.loads(manifest.read_text(encoding="utf-8")).get("artifacts", [])
        langs = list(dict.fromkeys(a["lang"] for a in arts if a["path"].startswith(prefix)))
        if src is not None:
            langs = [lang for lang in src.languages if lang in langs]
        if langs:
            return langs
    return sorted({p.split("/")[0] for p in pages if "/" in p})


def _resolve(page: str, href: str) -> str:
    """A relative href on `page` (site-relative path) as a site-relative path."""
    href = href.split("#")[0].split("?")[0]
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("/"):
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def _page_lang(rel: str, langs: list[str], default: str) -> str:
    first = rel.split("/")[0]
    if first in langs and "/" in rel:
        return first
    return SOURCE_LANG if rel == STATEMENT else default


def check_site(out: Path, pages: list[str], src=None, cfg=None, skip: tuple[str, ...] = (),
               root_lang: str = "") -> list[Finding]:
    """`pages`: the HTML pages this build wrote, dist-relative ("site/en-GB/full.html", and
    the site pages write_site returned). Cross-page rules look at every page on disk (a partial
    build keeps the others) but report only on this build's pages. `src` and `cfg` (the build's
    Source and BuildConfig) give the contact address, the notice and the interface translations;
    without them those expectations are taken from the pages themselves. `skip`: folders left
    out (the site home of several publications is checked without theirs); `root_lang`: the
    language its root pages are written in (the first publication's)."""
    prefix = f"{cfg.site_rel}/" if cfg is not None else "site/"  # site/<id>/: one of several
    site = out / prefix
    if not site.is_dir():
        return []
    rels = sorted(r for r in (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
                  if r.split("/")[0] not in skip)  # skip: the publications' own folders
    if not rels:
        return []
    ours = {p.removeprefix(prefix) for p in pages if p.endswith(".html")}
    langs = _site_langs(out, set(rels), src, prefix)
    meta = src.doc.meta if src is not None else None
    # the root pages (language chooser, statement) are written in the publication's language
    default = meta.lang if meta is not None else root_lang or (langs or [SOURCE_LANG])[0]
    editions = _edition_pages(out, prefix)
    docs: dict[str, Doc] = {}
    findings: list[Finding] = []
    for rel in rels:
        path = site / rel
        if rel in editions or rel not in ours:
            docs[rel] = parse_outline(path)
        else:  # a site page: every check html.py can apply
            docs[rel] = parse(path)
    contact = meta.contact_email if meta is not None else _common_contact(docs)
    for rel in rels:
        if rel in ours and rel not in editions:
            spec = _site_page_spec(rel, docs, langs, default, contact, src, cfg)
            findings.extend(page_findings(docs[rel], f"{prefix}{rel}", spec))
    findings.extend(_hreflang(docs, langs, ours, prefix))
    findings.extend(_titles(docs, ours, prefix))
    findings.extend(_footer(docs, contact, ours, prefix))
    findings.extend(_sitemap(site, rels, ours, prefix))
    return findings


def _edition_pages(out: Path, prefix: str = "site/") -> set[str]:
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return set()
    arts = json.loads(manifest.read_text(encoding="utf-8")).get("artifacts", [])
    return {a["path"].removeprefix(prefix) for a in arts
            if a.get("format") == "html" and a["path"].startswith(prefix)}


def _common_contact(docs: dict[str, Doc]) -> str:
    found = Counter(m for d in docs.values() for f in d.footers for m in f.mailtos)
    return found.most_common(1)[0][0] if found else ""


def _site_page_spec(rel: str, docs: dict[str, Doc], langs: list[str], default: str,
                    contact: str, src, cfg) -> PageSpec:
    lang = _page_lang(rel, langs, default)
    name = rel.split("/", 1)[1] if "/" in rel else rel
    in_folder = "/" in rel
    notices: list[tuple[str, str]] = []
    source = src.doc.meta.lang if src is not None else SOURCE_LANG  # the publication's
    known = {SOURCE_LANG.lower(), source.lower(), *(x.lower() for x in langs)}
    english_title = translated = ""
    type_names: dict[str, str] = {}
    if src is not None:
        entries = src.data.notice
        known |= {e.lang.lower() for e in entries}
        if name == "downloads.html":  # site.py shows the notice in the page's language
            mine = [e for e in entries if base(e.lang) == base(lang)] or \
                [e for e in entries if e.lang == source]
            notices = [(e.lang, norm(e.text)) for e in mine]
    if cfg is not None and src is not None and in_folder:
        gettext = Languages(cfg).gettext(lang).gettext
        english = docs.get(f"{source}/{name}")  # the page in the publication's language
        if lang != source and english is not None:
            english_title = norm(english.title)
            translated = gettext(src.doc.meta.title)
            if translated == src.doc.meta.title:
                translated = ""  # no translation of the title: English is all there is
        type_names = {gettext(label): CANONICAL.get(fmt, label) for fmt, label in FORMATS.items()}
    # the language chooser (root) and each language folder's pages offer every language
    offers = tuple(langs) if len(langs) > 1 and (in_folder or rel == "index.html") else ()
    return PageSpec(lang=lang, languages=offers, known_langs=frozenset(known),
                    notices=tuple(notices), contact=contact, source_lang=source,
                    english_title=english_title,
                    translated_title=translated, type_names=type_names)


@rule_check("T02")
def _hreflang(docs: dict[str, Doc], langs: list[str], ours: set[str], prefix: str = "site/"
              ) -> list[Finding]:
    """T02: a page that exists in more than one language lists every version (hreflang, with
    itself) and x-default; every alternate exists and lists this page back."""
    out: list[Finding] = []
    resolved = {rel: [(h, _resolve(rel, href)) for h, href in d.alternates]
                for rel, d in docs.items()}
    folders = list(dict.fromkeys([*langs, *(r.split("/")[0] for r in docs if "/" in r)]))
    for rel, alts in resolved.items():
        if rel not in ours:
            continue
        art = f"{prefix}{rel}"

        def add(msg: str, fix: str, art=art) -> None:
            out.append(Finding("T02", "error", msg, fix, artifact=art, where="<head>"))

        versions = {}
        if "/" in rel:
            name = rel.split("/", 1)[1]
            versions = {lang: f"{lang}/{name}" for lang in folders if f"{lang}/{name}" in docs}
        if len(versions) < 2 and not alts:
            continue  # one language only (the statement): nothing to list
        listed = {h.lower(): target for h, target in alts}
        for lang, target in versions.items():
            if listed.get(lang.lower()) != target:
                add(f"no hreflang={lang!r} alternate for {target}",
                    "list every language version in <link rel=\"alternate\" hreflang>")
        if "x-default" not in listed:
            add("no hreflang=\"x-default\" alternate", "add the x-default alternate")
        for h, target in alts:
            if target not in docs:
                if not target or target.split("/")[0] in langs:  # else: a language not built
                    add(f"hreflang={h!r} points to a page that does not exist: {target or '?'}",
                        "fix the alternate's href")
                continue
            if target != rel and not any(t == rel for _, t in resolved.get(target, ())):
                add(f"hreflang={h!r} alternate {target} does not list this page back",
                    "alternates must be reciprocal: list the same set on every version")
    return out


@rule_check("H03")
def _titles(docs: dict[str, Doc], ours: set[str], prefix: str = "site/") -> list[Finding]:
    """H03: no two pages in the same language share a title."""
    out: list[Finding] = []
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel, d in docs.items():
        if d.title.strip():
            groups[((d.lang or "").lower(), norm(d.title))].append(rel)
    for (_, title), rels in groups.items():
        if len(rels) < 2:
            continue
        for rel in rels:
            if rel in ours:
                others = ", ".join(r for r in rels if r != rel)
                out.append(Finding("H03", "error", f"the title {title!r} is also the title of "
                                   f"{others}", "give every page its own title (what the page is, "
                                   "then the publication)", artifact=f"{prefix}{rel}",
                                   where="<title>"))
    return out


@rule_check("H21")
def _footer(docs: dict[str, Doc], contact: str, ours: set[str], prefix: str = "site/"
            ) -> list[Finding]:
    """H21: every page has one footer whose first link is the contact address, and a link to
    the accessibility statement in it (help), as every other page."""
    out: list[Finding] = []
    for rel, d in docs.items():
        if rel not in ours:
            continue
        art = f"{prefix}{rel}"
        if len(d.footers) != 1:
            out.append(Finding("H21", "error", f"{len(d.footers)} <footer> elements: the contact "
                               "link lives in the one footer of every page", "use the site's "
                               "footer in this layout", artifact=art, where="footer"))
            continue
        links = [e for e in d.links if e.region == "footer"]
        first = links[0].a.get("href", "") if links else ""
        want = f"mailto:{contact}" if contact else "mailto:"
        if not first.startswith(want) or (contact and first != want):
            out.append(Finding("H21", "error", f"the footer's first link is {first or 'missing'!r}"
                               f", not the contact address ({want})", "put the contact link first "
                               "in the footer, as on every other page", artifact=art,
                               where="footer"))
        if rel != STATEMENT and not any(_resolve(rel, e.a.get("href", "")) == STATEMENT
                                        for e in links):
            out.append(Finding("H21", "error", "the footer does not link the accessibility "
                               "statement", "add the statement link to the footer", artifact=art,
                               where="footer"))
    return out


@rule_check("T02")
def _sitemap(site: Path, rels: list[str], ours: set[str], prefix: str = "site/"
             ) -> list[Finding]:
    path = site / "sitemap.xml"
    if not path.is_file():
        return [Finding("T02", "error", "no sitemap.xml", "write_site writes it",
                        artifact=f"{prefix}sitemap.xml", where="sitemap.xml")]
    locs = set(re.findall(r"<loc>([^<]+)</loc>", path.read_text(encoding="utf-8")))
    missing = [r for r in rels if r not in locs and (r in ours or not ours)]
    if not missing:
        return []
    return [Finding("T02", "error", f"the sitemap does not list {len(missing)} page(s): "
                    f"{', '.join(missing[:5])}", "list every page in sitemap.xml",
                    artifact=f"{prefix}sitemap.xml", where=f"missing {missing[0]}")]
