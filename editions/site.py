"""The website (dist/site/): a home page and an "other formats and languages" page per
language, a language chooser, the sitemap and the accessibility statement, around the HTML
editions and the downloads the build wrote there. Static files; no server code; relative links,
so it works from any plain file server (and from a folder)."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape as _escape

from babel.numbers import format_decimal

from .config import BuildConfig
from .i18n import babel_locale, is_rtl
from .interface import _
from .languages import Languages
from .manifest import usable_artifacts
from .notices import notice as source_notice
from .output import atomic_write
from .presentations import look
from .read import Source
from .writers.html import jinja_env

FORMATS = {"html": _("web page"), "pdf": _("PDF"), "docx": _("Word document"),
           "epub": _("EPUB e-book"), "brf": _("BRF braille"), "txt": _("plain text"),
           "mp3": _("MP3 audio"), "talking-book": _("talking book EPUB")}
# what each label stands for in a file link's "(type, size)" (checks/links.py, H08)
CANONICAL = {"pdf": "PDF", "docx": "Word", "epub": "EPUB", "brf": "BRF", "txt": "TXT",
             "mp3": "MP3", "talking-book": "EPUB"}


def human_size(n: int, lang: str, _) -> str:
    units = [("MB", 1024 * 1024), ("KB", 1024)]
    for unit, size in units:
        if n >= size:
            value = format_decimal(round(n / size, 1), locale=babel_locale(lang))
            return f"{value} {unit}"
    return f"{n} B"


def braille_pages(path) -> int:
    """Pages of a BRF file: they are separated by form feeds."""
    try:
        return path.read_bytes().rstrip(b"\f\n").count(b"\f") + 1
    except OSError:
        return 0


def audio_length(path) -> tuple[int, int]:
    """Minutes (rounded) and chapters of an MP3, read back with mutagen."""
    try:
        from mutagen.mp3 import MP3

        audio = MP3(path)
        chapters = len(audio.tags.getall("CHAP")) if audio.tags else 0
        return round(audio.info.length / 60), chapters
    except Exception:  # the file is listed either way; its length is a courtesy
        return 0, 0


def manifest(cfg: BuildConfig) -> list[dict]:
    """The valid entries of dist/manifest.json under this publication's site folder (none when
    it is missing or garbage)."""
    prefix = f"{cfg.site_rel}/"
    return [a for a in usable_artifacts(cfg.out / "manifest.json")
            if a["path"].startswith(prefix)]


def write_site(cfg: BuildConfig, src: Source) -> list[str]:
    """Write the site pages; returns their paths relative to dist/."""
    artifacts = manifest(cfg)
    langs = [lang for lang in src.languages if any(a["lang"] == lang for a in artifacts)]
    if not langs:
        return []
    css = cfg.layout("html/style.css").read_text(encoding="utf-8")
    meta = src.doc.meta
    default = meta.lang if meta.lang in langs else langs[0]
    plain = cfg.default_presentation  # its files: no suffix
    specs = {e.id: e for e in src.editions}
    languages = Languages(cfg)
    written: list[str] = []

    def put(rel: str, text: str) -> None:
        atomic_write(cfg.out / cfg.site_rel / rel, text.encode("utf-8"))
        written.append(f"{cfg.site_rel}/{rel}")

    for lang in langs:
        gt = languages.gettext(lang)
        env = jinja_env(cfg, gt)
        env.filters["is_rtl"] = is_rtl
        _ = gt.gettext
        common = dict(site_home=f"../../{lang}/index.html" if cfg.publication else "",
                      lang=lang, dir="rtl" if is_rtl(lang) else "ltr", languages=langs,
                      default_lang=default, root="../", meta=meta, css=css)
        here = [a for a in artifacts if a["lang"] == lang]

        def title(a: dict, spec, _=_) -> str:
            """An edition's title; a translation under its publish_at is a summary."""
            if a.get("summary"):
                return _("%(title)s – summary") % {"title": _(spec.title)}
            return _(spec.title)

        pages = {a["edition"]: a for a in here if a["format"] == "html" and a["edition"] in specs}
        summary, summary_in = source_notice("site-summary", meta.lang, lang, _)
        summary = _(summary) % {"language": summary_in} if summary_in else _(summary)
        editions = [dict(id=e, title=title(a, specs[e]), summary=summary if a.get("summary")
                         else specs[e].description) for e, a in pages.items()]
        # "a draft" only where there is translated text no person has reviewed yet
        draft = lang != meta.lang and any(
            msg.string and "reviewed" not in msg.flags and not msg.fuzzy
            for msg in languages.content(lang).by_seg.values())
        draft_notice = source_notice("draft", meta.lang, lang, _)
        put(f"{lang}/index.html", env.get_template("site/home.html.j2").render(
            **common, page="index.html", title=_(meta.title), editions=editions, draft=draft,
            draft_notice=draft_notice))
        groups = []
        for glang in [lang, *[x for x in langs if x != lang]]:
            items = []
            for a in sorted((a for a in artifacts if a["lang"] == glang),
                            key=lambda a: (list(specs).index(a["edition"])
                                           if a["edition"] in specs else 99,
                                           a["presentation"] != plain,
                                           list(FORMATS).index(a["format"])
                                           if a["format"] in FORMATS else 9)):
                spec = specs.get(a["edition"])
                label = title(a, spec) if spec else a["edition"]
                items.append(dict(href=a["path"].removeprefix(f"{cfg.site_rel}/"),
                                  label=label + _extent(cfg, a, gt),
                                  format_label=_(FORMATS.get(a["format"], a["format"].upper())),
                                  size=human_size(a["bytes"], lang, _),
                                  download=a["format"] != "html"))
            groups.append(dict(lang=glang, files=items))
        notice = [n for n in src.data.notice if n.lang.split("-")[0] == lang.split("-")[0]] or \
            [n for n in src.data.notice if n.lang == meta.lang]
        put(f"{lang}/downloads.html", env.get_template("site/downloads.html.j2").render(
            **common, page="downloads.html", title=f"{_('Other formats and languages')} – "
            f"{_(meta.title)}", groups=groups, notice=notice))
    env = jinja_env(cfg)
    put("index.html", env.get_template("site/index.html.j2").render(
        languages=langs, default_lang=default, meta=meta, css=css))
    pages = written + [a["path"] for a in artifacts if a["format"] == "html"]
    put("sitemap.xml", sitemap([p.removeprefix(f"{cfg.site_rel}/") for p in
                                [*pages, f"{cfg.site_rel}/accessibility-statement.html"]],
                               langs, default, date.fromisoformat(meta.date) if meta.date
                               else None, base_url(cfg)))
    return written


def _extent(cfg: BuildConfig, a: dict, gt) -> str:
    """What a download's label adds to its edition's title: its presentation, and how long it
    is in the reader's own unit (braille pages; minutes and chapters of audio)."""
    out = ""
    shown = look(cfg.layout("presentations.yaml"), a["presentation"]).label
    if shown:
        out += f" – {gt.gettext(shown)}"
    if a["format"] == "brf":
        pages = braille_pages(cfg.out / a["path"])
        out += " – " + gt.ngettext("%(num)d braille page", "%(num)d braille pages",
                                   pages) % {"num": pages}
    if a["format"] == "mp3":
        minutes, chapters = audio_length(cfg.out / a["path"])
        out += " – " + gt.ngettext("%(num)d minute", "%(num)d minutes", minutes) % {
            "num": minutes} + ", " + gt.ngettext("%(num)d chapter", "%(num)d chapters",
                                                 chapters) % {"num": chapters}
    return out


def base_url(cfg: BuildConfig) -> str:
    """The public address of this publication's site folder ("" when unknown)."""
    if not cfg.base_url:
        return ""
    return cfg.base_url + cfg.site_rel.removeprefix("site").removeprefix("/") + \
        ("/" if cfg.publication else "")


def sitemap(paths: list[str], langs: list[str], default: str, when: date | None,
            base: str = "") -> str:
    """Every page, with its language alternates (hreflang). The sitemap protocol wants absolute
    addresses: under `base` (--base-url; CI passes the Pages address); without one they are
    relative to the site root, for a local preview."""
    pages = sorted({p for p in paths if p.endswith(".html")})

    def url(page: str) -> str:
        return _escape(base + page)

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        lastmod = f"<lastmod>{when.isoformat()}</lastmod>" if when else ""  # no date: none
        lines.append(f"<url><loc>{url(page)}</loc>{lastmod}")
        parts = page.split("/")
        # the language folder: site/<lang>/… or, in a project of several, site/<id>/<lang>/…
        at = next((i for i, p in enumerate(parts[:-1][:2]) if p in langs), None)
        if at is not None:
            def version(lang: str, parts=parts, at=at) -> str:
                return "/".join([*parts[:at], lang, *parts[at + 1:]])

            for lang in langs:
                if version(lang) in pages:
                    lines.append(f'<xhtml:link rel="alternate" hreflang="{lang}" '
                                 f'href="{url(version(lang))}"/>')
            if version(default) in pages:
                lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" '
                             f'href="{url(version(default))}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
