"""`python build.py i18n …`: extract, update and compile catalogs; coverage; XLIFF 2."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo

from . import i18n, xliff
from . import model as m
from .config import BuildConfig
from .findings import ContentError, Finding
from .langdata import known_languages, language_data
from .languages import Languages
from .output import atomic_write
from .pipeline import load
from .presentations import presentations
from .publications import choose
from .segments import segments
from .select import select

LAYOUT_METHODS = [("**.j2", "jinja2.ext:babel_extract")]
CODE_METHODS = [("editions/**.py", "python")]
OPTIONS = {"**.j2": {"extensions": "jinja2.ext.i18n"}}
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the code's strings, wherever content is
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "ui": (2,)}  # flat.ui(ed, "text"): text and braille


def publications(cfg: BuildConfig) -> list[BuildConfig]:
    """One configuration per publication (ContentError when a folder is no publication)."""
    configs, found = choose(cfg)
    if found:
        raise ContentError(found[0])
    return configs


def languages(cfg: BuildConfig) -> list[str]:
    """The languages that need an interface catalog: every edition's but the layouts' own."""
    langs = set()
    for pcfg in publications(cfg):
        src, _ = load(pcfg)
        langs |= {lang for e in src.editions for lang in e.languages}
    return sorted(lang for lang in langs if lang != i18n.SOURCE_LANG)


def extract(cfg: BuildConfig) -> Catalog:
    """Interface strings from the layouts (the tool's and the project's, followed through
    symbolic links) and the code, plus every publication's own labels."""
    sources = [load(pcfg)[0] for pcfg in publications(cfg)]
    meta = sources[0].doc.meta
    pot = Catalog(project="editions", fuzzy=False, creation_date=cfg.timestamp(meta.date),
                  copyright_holder=meta.publisher, msgid_bugs_address=meta.contact_email)
    found = [(f"layouts/{name}", *rest) for folder in reversed(cfg.layout_dirs)
             for name, *rest in extract_from_dir(str(folder), LAYOUT_METHODS,
                                                 options_map=OPTIONS, keywords=KEYWORDS)]
    found += list(extract_from_dir(str(PACKAGE_ROOT), CODE_METHODS, keywords=KEYWORDS))
    for filename, lineno, message, comments, context in found:
        if filename.startswith(("layouts", "editions")) and isinstance(message, str | tuple) \
                and message:
            pot.add(message, locations=[(filename, lineno)], auto_comments=comments,
                    context=context)
    for lang in known_languages():  # a braille stand-in's transcriber's note (langdata.py)
        note = language_data(lang).braille.get("note")
        if note:
            pot.add(note, locations=[(f"translations/{lang}/language.yaml", 0)])
    for shown in presentations(cfg.layout("presentations.yaml")).values():
        if shown.label:  # a presentation's label on the downloads page
            pot.add(shown.label, locations=[("layouts/presentations.yaml", 0)])
    for pcfg, src in zip(publications(cfg), sources, strict=True):
        where = f"{pcfg.content_rel}/publication.yaml"
        for e in src.editions:
            for text in filter(None, (e.title, e.description)):
                pot.add(text, locations=[(where, e.loc.line)])
        meta = src.doc.meta
        for label in filter(None, (meta.publisher, meta.contact_name, meta.title, meta.subtitle,
                                   meta.tagline, meta.introduction)):
            pot.add(label, locations=[(where, 0)])
    i18n.write_catalog(pot, cfg.root / "translations" / "messages.pot")
    return pot


def membership(src) -> dict[str, list[str]]:
    """Which editions each segment appears in (shown to translators as a comment)."""
    out: dict[str, list[str]] = {}
    for e in src.editions:
        ed = select(src.doc, src.data, e, "und", e.presentations[0], "")  # no linking, no
        # translation; the presentation's look is not applied (its segments are the same)
        for seg in segments(m.Document(meta=src.doc.meta, sections=ed.sections)):
            out.setdefault(seg, []).append(e.id)
    return out


def update(cfg: BuildConfig) -> None:
    """The interface catalogs (one per language, for the whole project) and each publication's
    content catalog in each of its languages."""
    pot = extract(cfg)
    for lang in languages(cfg):
        path = i18n.messages_path(cfg.root, lang)
        catalog = i18n.read_catalog(path, lang)
        catalog.update(pot, no_fuzzy_matching=True)
        i18n.write_catalog(catalog, path)
        print(f"{lang}: interface {len(pot)} strings")
    for pcfg in publications(cfg):
        src, _ = load(pcfg)
        segs = segments(src.doc)
        for seg_id, editions in membership(src).items():
            if seg_id in segs:
                segs[seg_id].editions = editions
        langs = sorted({lang for e in src.editions for lang in e.languages} - {src.doc.meta.lang})
        for lang in langs:
            counts = i18n.update_content_catalog(cfg.root, lang, segs, pcfg.catalog)
            print(f"{lang}: translations/{lang}/{pcfg.catalog}: {len(segs)} segments "
                  f"({counts['added']} new, {counts['stale']} now stale, "
                  f"{counts['obsolete']} obsolete)")


def compile_(cfg: BuildConfig) -> int:
    """Compile interface catalogs to .mo (for other gettext tools; the build reads .po).
    A catalog with bad entries (T10, T11) is reported and not compiled."""
    status = 0
    for lang in languages(cfg):
        found = getattr(i18n.gettext_for(cfg.root, lang), "findings", [])
        if found:
            print("\n".join(f.format() for f in found), file=sys.stderr)
            status = 1
            continue
        catalog = i18n.read_catalog(i18n.messages_path(cfg.root, lang), lang)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        out = i18n.messages_path(cfg.root, lang).with_suffix(".mo")
        atomic_write(out, buf.getvalue())  # replaces a symbolic link, never writes through it
        print(f"{lang}: {out.relative_to(cfg.root)}")
    return status


def coverage(cfg: BuildConfig) -> dict:
    """Status counts per language and edition, as every build reports them."""
    out: dict = {}
    for pcfg in publications(cfg):
        src, _ = load(pcfg)
        langs = Languages(pcfg)
        date = pcfg.timestamp(src.doc.meta.date).isoformat()
        for e in src.editions:
            for lang in e.languages:
                if lang == src.doc.meta.lang:  # the publication's own language
                    continue
                ed, _ = langs.select(src, e, lang, e.presentations[0], date)
                out[(f"{pcfg.publication}/{e.id}".lstrip("/"), lang)] = ed.coverage
    return out


def _source_lang(pcfg: BuildConfig) -> str:
    """The publication's language: what its content, and so each segment's source, is in."""
    src, _ = load(pcfg)
    return src.doc.meta.lang


def one(cfg: BuildConfig) -> BuildConfig:
    """The one publication an XLIFF file is for (--publication in a project of several)."""
    configs = publications(cfg)
    if len(configs) != 1:
        raise ContentError(Finding("C02", "error", "this project has several publications",
                                   "say which with --publication ID (one of: "
                                   f"{', '.join(c.publication for c in configs)})"))
    return configs[0]


def main(cfg: BuildConfig, argv: list[str]) -> int:
    """Exit status: 0 done, 1 refused input (the finding is printed), 2 a usage error."""
    try:
        return _main(cfg, argv)
    except ContentError as exc:  # an unreadable catalog, XLIFF or publication.yaml
        print(exc.finding.format(), file=sys.stderr)
    except xliff.XliffError as exc:
        print("\n".join(f.format() for f in exc.findings), file=sys.stderr)
    return 1


def _main(cfg: BuildConfig, argv: list[str]) -> int:
    if not argv or argv[0] not in ("extract", "update", "compile", "coverage", "export-xliff",
                                   "import-xliff"):
        print("usage: build.py i18n extract|update|compile|coverage|"
              "export-xliff LANG FILE|import-xliff FILE", file=sys.stderr)
        return 2
    cmd = argv[0]
    if cmd == "extract":
        pot = extract(cfg)
        print(f"translations/messages.pot: {len(pot)} interface strings")
    elif cmd == "update":
        update(cfg)
    elif cmd == "compile":
        return compile_(cfg)
    elif cmd == "coverage":
        for (edition, lang), cov in coverage(cfg).items():
            print(f"{lang:8} {edition:10} " + "  ".join(
                f"{s} {cov.counts[s]} ({cov.percent(s):.0f} %)" for s in i18n.STATUSES))
    elif cmd == "export-xliff":
        if len(argv) != 3 or not i18n.valid_tag(argv[1]):
            if len(argv) == 3:
                print(f"{argv[1]!r} is not a language tag (BCP 47, such as pl, gd, zh-Hans)",
                      file=sys.stderr)
            print("usage: build.py i18n export-xliff LANG FILE", file=sys.stderr)
            return 2
        pcfg = one(cfg)
        n = xliff.export(cfg.root, argv[1], Path(argv[2]), _source_lang(pcfg), pcfg.catalog)
        print(f"{argv[2]}: {n} units")
    elif cmd == "import-xliff":
        if len(argv) != 2:
            print("usage: build.py i18n import-xliff FILE", file=sys.stderr)
            return 2
        pcfg = one(cfg)
        lang, n = xliff.import_(cfg.root, Path(argv[1]), _source_lang(pcfg), argv[1],
                                pcfg.catalog)
        print(f"translations/{lang}/{pcfg.catalog}: {n} units imported")
    return 0
