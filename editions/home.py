"""The site home of a project of several publications (project.py), around their own sites:

- dist/site/index.html: choose your language;
- dist/site/<lang>/index.html: the publications, in that language where they have it (else
  in their own language, said so and marked with hreflang);
- dist/site/accessibility-statement.html: the statement for the whole site;
- dist/site/sitemap.xml: every page of every publication, with its language alternates.

The publisher and contact of the home pages are the first publication's (folders in name order).
Each page is checked like the publications' own site pages (checks/site.py, the browser)."""

from __future__ import annotations

import dataclasses

from .checks.browser import check_pages
from .checks.site import check_site
from .config import BuildConfig
from .findings import ContentError, Finding
from .i18n import is_rtl
from .interface import _
from .languages import Languages
from .manifest import usable_artifacts
from .output import atomic_write
from .publications import publications
from .read import read
from .site import sitemap
from .statement import write_statement
from .writers.html import jinja_env

HOME_TITLE = _("Publications")


def _metas(cfg: BuildConfig, result) -> dict:
    """Every publication's metadata: from this build, else read (a --publication build)."""
    built = {p.publication: part.meta for p, part in result.parts if part.meta}
    ids, _found = publications(cfg.root)
    out = {}
    for pid in ids:
        if pid in built:
            out[pid] = built[pid]
            continue
        try:
            out[pid] = read(cfg.root, f"content/{pid}", cfg.default_presentation).doc.meta
        except ContentError:
            continue  # its own build reports it
    return out


def write_home(cfg: BuildConfig, result) -> None:
    """Write the home pages, the site statement and the sitemap, and check the pages."""
    metas = _metas(cfg, result)
    arts = usable_artifacts(cfg.out / "manifest.json")
    have = {pid: list(dict.fromkeys(a["lang"] for a in arts
                                    if a["path"].startswith(f"site/{pid}/")))
            for pid in metas}
    metas = {pid: meta for pid, meta in metas.items() if have[pid]}
    if not metas:
        return
    langs = list(dict.fromkeys(lang for pid in metas for lang in have[pid]))
    first = next(iter(metas.values()))
    default = first.lang if first.lang in langs else langs[0]
    css = cfg.layout("html/style.css").read_text(encoding="utf-8")
    site = dataclasses.replace(first, title=first.publisher or HOME_TITLE, introduction="")
    written: list[str] = []

    def put(rel: str, text: str) -> None:
        atomic_write(cfg.out / "site" / rel, text.encode("utf-8"))
        written.append(f"site/{rel}")

    languages = Languages(cfg)
    for lang in langs:
        gt = languages.gettext(lang)
        env = jinja_env(cfg, gt)
        env.filters["is_rtl"] = is_rtl
        items = []
        for pid, meta in metas.items():
            shown = lang if lang in have[pid] else (meta.lang if meta.lang in have[pid]
                                                    else have[pid][0])
            title = gt.gettext(meta.title)
            intro = gt.gettext(meta.introduction) if meta.introduction else meta.introduction

            def own(text: str, source: str, meta=meta, lang=lang) -> str:
                """The language of a text left untranslated (fallback), "" when the page's."""
                return meta.lang if text == source and lang != meta.lang else ""

            items.append(dict(href=f"../{pid}/{shown}/index.html", lang=shown, title=title,
                              title_lang=own(title, meta.title), intro=intro,
                              intro_lang=own(intro, meta.introduction or "")))
        put(f"{lang}/index.html", env.get_template("site/project.html.j2").render(
            lang=lang, dir="rtl" if is_rtl(lang) else "ltr", languages=langs,
            default_lang=default, root="../", meta=site, css=css, page="index.html",
            title=f"{gt.gettext(HOME_TITLE)} – {gt.gettext(site.title)}", publications=items))
    put("index.html", jinja_env(cfg).get_template("site/index.html.j2").render(
        languages=langs, default_lang=default, meta=site, css=css))
    write_statement(cfg, result, site, project=True)
    written.append("site/accessibility-statement.html")
    # every page of every publication (its statement too: the command line writes it after)
    pages = [*written, *(f"site/{pid}/accessibility-statement.html" for pid in metas),
             *(p.relative_to(cfg.out).as_posix() for pid in metas
               for p in (cfg.out / "site" / pid).rglob("*.html"))]
    put("sitemap.xml", sitemap([p.removeprefix("site/") for p in pages], langs, default, None,
                               cfg.base_url))
    result.site += written
    check_home(cfg, result, written, list(metas), first.lang)


def check_home(cfg: BuildConfig, result, written: list[str], pubs: list[str],
               root_lang: str) -> None:
    """The home pages, as a publication's site pages; the language chooser is written in the
    first publication's language, whichever languages this build made."""
    try:
        result.findings.extend(check_site(cfg.out, written, skip=tuple(pubs),
                                          root_lang=root_lang))
    except Exception as exc:  # a checker bug is an error, never a silent pass
        result.findings.append(Finding("W02", "error", f"site checks failed: {exc!r}",
                                       "report this as a bug in editions"))
    if cfg.browser:
        found, _info = check_pages(cfg.root, cfg.out, [cfg.out / p for p in written
                                                        if p.endswith(".html")])
        result.findings.extend(found)

