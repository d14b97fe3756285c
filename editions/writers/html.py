"""HTML writer: one self-contained page per edition (GOV.UK HTML-publication style)."""

from __future__ import annotations

import base64
from datetime import date

from babel.dates import format_date
from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import escape

from ..config import BuildConfig
from ..doctypes import TYPES
from ..i18n import babel_locale, own_name
from ..references import picture
from ..select import EditionDoc


class IdCounter:
    """Per-page counter for generated ids (table captions)."""

    def __init__(self, wrap_sections: bool):
        self.wrap_sections = wrap_sections
        self.n = 0

    def next_id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


def _lone_paragraph(nodes: list) -> object | None:
    """The paragraph a table cell or list item holds when it holds just one (rendered without
    its <p>), else None."""
    return nodes[0] if len(nodes) == 1 and type(nodes[0]).__name__ == "Paragraph" else None


def jinja_env(cfg: BuildConfig, gettext=None) -> Environment:
    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader([str(d) for d in cfg.layout_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["kind"] = lambda node: type(node).__name__.lower()
    env.filters["lone_paragraph"] = _lone_paragraph
    env.filters["own_name"] = own_name
    env.filters["css_string"] = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')
    install_escaping_gettext(env, gettext or NullTranslations())
    root = cfg.root.resolve()

    def asset_uri(src: str) -> str:
        # the reader checked the picture; never trust twice
        data, kind = picture(root, src)
        if kind is None:
            raise ValueError(f"not a picture: {src}")
        mime = "image/svg+xml" if kind == "svg" else f"image/{kind}"
        return f"data:{mime};base64,{base64.b64encode(data).decode()}"

    env.filters["asset_uri"] = asset_uri
    env.globals["doc_types"] = TYPES
    return env


def install_escaping_gettext(env: Environment, translations) -> None:
    """Jinja's new-style gettext marks every translation as safe markup, so a `<script>` in a
    msgstr, or in a title the templates pass through `_()`, would be published as it is. Every
    interface text is plain text: escape it before Jinja marks it (its `%(name)s` values are
    escaped by Jinja too)."""
    env.install_gettext_callables(
        lambda s: escape(translations.gettext(s)),
        lambda s, p, n: escape(translations.ngettext(s, p, n)),
        newstyle=True,
        pgettext=lambda c, s: escape(translations.pgettext(c, s)),
        npgettext=lambda c, s, p, n: escape(translations.npgettext(c, s, p, n)))


# Compiling the templates costs about 0.1 s per page; a worker process keeps one environment
# per layouts folder and interface catalog (the loader still reloads a template whose file
# changed, so `serve` sees layout edits).
_ENVS: dict[tuple, tuple[object, Environment]] = {}


def cached_env(cfg: BuildConfig, gettext) -> Environment:
    key = (cfg.layout_dirs, cfg.root.resolve(), id(gettext))
    hit = _ENVS.get(key)
    if hit is None or hit[0] is not gettext:  # an id can be reused by a new catalog
        if len(_ENVS) > 32:  # `serve` reloads catalogs: keep the cache small
            _ENVS.clear()
        hit = _ENVS[key] = (gettext, jinja_env(cfg, gettext))
    return hit[1]


def published_date(ed: EditionDoc) -> str:
    if not ed.meta.date:  # a publication without a date prints none
        return ""
    return format_date(date.fromisoformat(ed.meta.date), format="long",
                       locale=babel_locale(ed.lang))


def render_page(ed: EditionDoc, cfg: BuildConfig, template: str, css_files: list[str],
                wrap_sections: bool) -> str:
    """Render a page. An edition may add its own stylesheet: `<kind>/edition-<id>.css`
    (a presentation whose `edition_overlay` is false, large print, keeps its own rules)."""
    env = cached_env(cfg, ed.gettext)
    kind = template.split("/")[0]
    overlay = f"{kind}/edition-{ed.spec.id}.css"
    if ed.look.edition_overlay and cfg.layout(overlay).is_file():
        css_files = [*css_files, overlay]
    css = "\n".join(cfg.layout(f).read_text(encoding="utf-8") for f in css_files)
    return env.get_template(template).render(
        ed=ed, css=css, ctx=IdCounter(wrap_sections), published=published_date(ed))


class HtmlWriter:
    format = "html"
    extension = "html"
    media_type = "text/html"

    def write(self, ed: EditionDoc, cfg: BuildConfig) -> bytes:
        html = render_page(ed, cfg, "html/page.html.j2", ["html/style.css"], wrap_sections=True)
        return html.encode("utf-8")


__all__ = ["HtmlWriter", "jinja_env", "render_page"]
