"""The website (dist/site/): a home page and an "other formats and languages" page per
language, a language chooser, the sitemap and the accessibility statement, around the HTML
editions and the downloads the build wrote there. Static files; no server code; relative links,
so it works from any plain file server (and from a folder)."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape as _escape

from babel.numbers import format_decimal

from .config import BuildConfig
from .i18n import SOURCE_LANG, babel_locale, is_rtl
from .output import atomic_write
from .pipeline import Languages
from .read import Source
from .writers.html import jinja_env


def _(text: str) -> str:
    return text  # marks interface strings for `i18n extract`; translated when rendered


FORMATS = {"html": _("web page"), "pdf": _("PDF"), "docx": _("Word document")}
PRESENTATIONS = {"standard": "", "large-print": _("large print")}


def human_size(n: int, lang: str, _) -> str:
    units = [("MB", 1024 * 1024), ("KB", 1024)]
    for unit, size in units:
        if n >= size:
            value = format_decimal(round(n / size, 1), locale=babel_locale(lang))
            return f"{value} {unit}"
    return f"{n} B"


def manifest(cfg: BuildConfig) -> list[dict]:
    """The valid entries of dist/manifest.json (none when it is missing or garbage)."""
    from .manifest import usable_artifacts

    return usable_artifacts(cfg.out / "manifest.json")


def write_site(cfg: BuildConfig, src: Source) -> list[str]:
    """Write the site pages; returns their paths relative to dist/."""
    artifacts = manifest(cfg)
    langs = [lang for lang in src.languages if any(a["lang"] == lang for a in artifacts)]
    if not langs:
        return []
    css = (cfg.layouts / "html" / "style.css").read_text(encoding="utf-8")
    meta = src.doc.meta
    default = meta.lang if meta.lang in langs else langs[0]
    specs = {e.id: e for e in src.editions}
    languages = Languages(cfg)
    written: list[str] = []

    def put(rel: str, text: str) -> None:
        atomic_write(cfg.out / "site" / rel, text.encode("utf-8"))
        written.append(f"site/{rel}")

    for lang in langs:
        gt = languages.gettext(lang)
        env = jinja_env(cfg, gt)
        env.filters["is_rtl"] = is_rtl
        _ = gt.gettext
        common = dict(lang=lang, dir="rtl" if is_rtl(lang) else "ltr", languages=langs,
                      default_lang=default, root="../", meta=meta, css=css)
        here = [a for a in artifacts if a["lang"] == lang]
        editions = [dict(id=e, title=specs[e].title, summary=specs[e].description)
                    for e in dict.fromkeys(a["edition"] for a in here if a["format"] == "html")
                    if e in specs]
        # "a draft" only where there is translated text no person has reviewed yet
        draft = lang != SOURCE_LANG and any(
            msg.string and "reviewed" not in msg.flags and not msg.fuzzy
            for msg in languages.content(lang).by_seg.values())
        put(f"{lang}/index.html", env.get_template("site/home.html.j2").render(
            **common, page="index.html", title=_(meta.title), editions=editions, draft=draft))
        groups = []
        for glang in [lang, *[x for x in langs if x != lang]]:
            items = []
            for a in sorted((a for a in artifacts if a["lang"] == glang),
                            key=lambda a: (list(specs).index(a["edition"])
                                           if a["edition"] in specs else 99,
                                           a["presentation"] != "standard",
                                           list(FORMATS).index(a["format"])
                                           if a["format"] in FORMATS else 9)):
                spec = specs.get(a["edition"])
                label = _(spec.title) if spec else a["edition"]
                if PRESENTATIONS.get(a["presentation"]):
                    label += f" – {_(PRESENTATIONS[a['presentation']])}"
                items.append(dict(href=a["path"].removeprefix("site/"), label=label,
                                  format_label=_(FORMATS.get(a["format"], a["format"].upper())),
                                  size=human_size(a["bytes"], lang, _),
                                  download=a["format"] != "html"))
            groups.append(dict(lang=glang, files=items))
        notice = [n for n in src.data.notice if n.lang.split("-")[0] == lang.split("-")[0]] or \
            [n for n in src.data.notice if n.lang == SOURCE_LANG]
        put(f"{lang}/downloads.html", env.get_template("site/downloads.html.j2").render(
            **common, page="downloads.html", title=f"{_('Other formats and languages')} – "
            f"{_(meta.title)}", groups=groups, notice=notice))
    env = jinja_env(cfg)
    put("index.html", env.get_template("site/index.html.j2").render(
        languages=langs, default_lang=default, meta=meta, css=css))
    pages = written + [a["path"] for a in artifacts if a["format"] == "html"]
    put("sitemap.xml", sitemap(pages + ["site/accessibility-statement.html"],
                               langs, default, date.fromisoformat(meta.date) if meta.date
                               else None, cfg.base_url))
    return written


def sitemap(paths: list[str], langs: list[str], default: str, when: date | None,
            base: str = "") -> str:
    """Every page, with its language alternates (hreflang). The sitemap protocol wants absolute
    addresses: under `base` (--base-url; CI passes the Pages address); without one they are
    relative to the site root, for a local preview."""
    pages = sorted({p.removeprefix("site/") for p in paths if p.endswith(".html")})

    def url(page: str) -> str:
        return _escape(base + page)

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        lastmod = f"<lastmod>{when.isoformat()}</lastmod>" if when else ""  # no date: none
        lines.append(f"<url><loc>{url(page)}</loc>{lastmod}")
        parts = page.split("/", 1)
        if len(parts) == 2 and parts[0] in langs:
            for lang in langs:
                if f"{lang}/{parts[1]}" in pages:
                    lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" '
                                 f'href="{url(lang + "/" + parts[1])}"/>')
            if f"{default}/{parts[1]}" in pages:
                lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" '
                             f'href="{url(default + "/" + parts[1])}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
