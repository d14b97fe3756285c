"""The HTML rules on languages (T01 T03 T04 T06 T09, H02): lang and dir on the page and its
passages, the language switcher in each language's own name, Arabic-script and East Asian text
marked with its language, Latin isolated and no italics in Arabic script, each language's
spelling rules (langdata.py), the multilingual notice. Decided by script and data, never by a
language's code. Called by checks/html.py."""

from __future__ import annotations

import re

from ..i18n import SOURCE_LANG, own_name
from ..langdata import language_data
from ..rules import rule_check
from ..scripts import east_asian, script
from .html_doc import BLOCK, HAN, ITALIC_TAGS, STYLE_ITALIC, STYLE_SPACING, Doc, El, base, norm, rtl
from .html_spec import Out, PageSpec

_ARABIC = re.compile("[\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
                     "\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+")
_LATIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9@._:/+%&'’–\-]*[A-Za-z0-9])?")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _isolated(el: El) -> bool:
    """T04: is a Latin run in this element isolated from the right-to-left text around it?"""
    iso = el.iso_el
    if iso is None or (el.lang_el is not None and iso.depth < el.lang_el.depth):
        return False  # nothing isolates it inside the Urdu passage
    d = (iso.a.get("dir") or "").lower()
    if d == "ltr":
        return True
    return iso.tag == "bdi" and d in ("", "auto") and not _ARABIC.search(iso.text())


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


@rule_check("T04")
def _arabic_css(css: str, out: Out, lang: str) -> set[str]:
    """T04 in the stylesheet for an Arabic-script language (Urdu): a Nastaliq or Naskh font
    named for :lang(lang), line height ≥ 2 with Nastaliq, no italics or letter-spacing. Returns
    the tags set upright for it (em, i)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    named = False
    upright: set[str] = set()
    selector = f":lang({lang}"
    for sel, body in _CSS_RULE.findall(css):
        if selector not in sel:
            continue
        decl = {k.strip().lower(): v.strip() for k, _, v in
                (d.partition(":") for d in body.split(";")) if v}
        family = decl.get("font-family", "")
        if re.search(r"nastaliq|naskh", family, re.I):
            named = True
            if "nastaliq" in family.split(",")[0].lower():
                lh = re.match(r"([\d.]+)\s*$", decl.get("line-height", ""))
                if lh and float(lh[1]) < 2:
                    out.add("T04", f"Nastaliq with line-height {lh[1]} (< 2)",
                            f"set line-height: 2 or more for :lang({lang})", "stylesheet")
        if STYLE_ITALIC.search(body) or STYLE_SPACING.search(body):
            out.add("T04", f"italics or letter-spacing for {lang} in the stylesheet: "
                    f"{sel.strip()!r}", "remove it: Arabic script has no italics and must not "
                    "be letter-spaced", "stylesheet")
        if re.search(r"font-style\s*:\s*normal", body, re.I):
            for part in sel.split(","):
                tag = re.match(rf"\s*([a-z]+)\s*{re.escape(selector)}", part) or \
                    re.search(rf"{re.escape(selector)}[^)]*\)\s+([a-z]+)\s*$", part)
                if tag:
                    upright.add(tag[1])
    if not named:
        out.add("T04", f"no Nastaliq or Naskh font named for {lang} (:lang({lang}))",
                f'name "Noto Nastaliq Urdu" (or a Naskh face) under :lang({lang}) in the '
                "stylesheet", "stylesheet")
    return upright


def languages(doc: Doc, spec: PageSpec, out: Out) -> None:
    """H02, T01, T03, T04, T06 and the notice (H02/T09)."""
    page_lang = doc.lang or spec.lang
    _tags_and_direction(doc, spec, page_lang, out)
    _switcher(doc, spec, out)
    for arabic_lang in sorted(_text(doc, page_lang, out)):
        _arabic_italics(doc, page_lang, arabic_lang, out)
    _notice(doc, spec, out)


@rule_check("T01")
def _tags_and_direction(doc: Doc, spec: PageSpec, page_lang: str, out: Out) -> None:
    """T01: lang tags, direction, the title and description in the page's language."""
    if page_lang and rtl(page_lang) and doc.dir != "rtl":
        out.add("T01", f'a right-to-left page ({page_lang}) without <html dir="rtl">',
                'set dir="rtl" on <html>', "<html>")
    elif page_lang and not rtl(page_lang) and doc.dir == "rtl":
        out.add("T01", f'a left-to-right page ({page_lang}) with dir="rtl"', 'set dir="ltr"',
                "<html>")
    for el in [doc.html, *doc.lang_els] if doc.html else doc.lang_els:
        value = el.a.get("lang", "")
        if not _LANG_TAG.match(value) or (spec.known_langs and value.lower()
                                           not in spec.known_langs):
            out.group("T01", "tag", el.where(), value,
                      "lang={example!r} is not one of the publication's language tags ("
                      + ", ".join(sorted(spec.known_langs)) + ")",
                      "use the BCP 47 tag the publication uses")
    for el in doc.lang_els:
        own_rtl = rtl(el.lang)
        if (el.tag in BLOCK and "dir" not in el.a and el.parent is not None
                and own_rtl != (el.parent.dir == "rtl") and len(el.text().split()) > 1):
            want = "rtl" if own_rtl else "ltr"
            out.group("T01", "dir", el.where(), el.text()[:40],
                      f'a passage in {el.lang} inside {el.parent.dir} text has no dir="{want}": '
                      "{example!r}", f'add dir="{want}" to the element with lang="{el.lang}"')
    if spec.english_title and spec.translated_title and \
            spec.translated_title != spec.english_title and \
            base(page_lang) != base(spec.source_lang or SOURCE_LANG):
        if norm(doc.title) == norm(spec.english_title):
            out.add("T01", f"the title is in English ({spec.english_title!r}) although it has "
                    f"a translation ({spec.translated_title!r})", "use the translated title",
                    "<title>")
        if spec.english_title in doc.description:
            out.add("T01", "the meta description uses the English title",
                    "use the translated title in the metadata", '<meta name="description">')


@rule_check("T03")
def _switcher(doc: Doc, spec: PageSpec, out: Out) -> None:
    """T03: the language switcher offers every language, each by its own name."""
    if spec.languages:
        items = [i for n in doc.navs for i in n.items]
        for lang in spec.languages:
            want = own_name(lang)  # T03: each language by its own name (CLDR)
            item = next((i for i in items if i.a.get("lang", "").lower() == lang.lower()), None) \
                or next((i for i in items if i.a.get("hreflang", "").lower() == lang.lower()), None)
            if item is None:
                out.add("T03", f"the language switcher does not offer {lang}",
                        "list every language of the publication in the switcher",
                        "language switcher")
                continue
            if item.a.get("lang", "").lower() != lang.lower():
                out.add("T03", f"switcher entry {item.text()!r} has no lang={lang!r}",
                        f'add lang="{lang}" to the entry', "language switcher")
            if want and item.text() != want:
                out.add("T03", f"switcher shows {item.text()!r} for {lang}, not its own name "
                        f"{want!r}", "name each language in that language", "language switcher")


@rule_check("H02", "T04", "T06")
def _text(doc: Doc, page_lang: str, out: Out) -> set[str]:
    """H02, T04, T06 on the text itself; returns the Arabic-script languages on the page."""
    arabic: set[str] = set()  # the Arabic-script languages on the page
    for text, el in doc.runs:
        lang = el.lang or page_lang
        written = script(lang)
        if written != "Arab" and (hit := _ARABIC.search(text)):
            out.group("H02", "arabic", el.where(), hit[0],
                      f"Arabic-script text {{example!r}} is not marked with its language (it "
                      f"inherits lang={el.lang or page_lang!r})",
                      "put it in an element with its language's lang attribute")
        if not east_asian(lang) and (hit := HAN.search(text)):
            out.group("H02", "han", el.where(), hit[0],
                      f"Chinese text {{example!r}} is not marked with its language (it inherits "
                      f"lang={el.lang or page_lang!r})",
                      "put it in an element with its language's lang attribute")
        if written == "Arab":  # T04: Urdu and every Arabic-script language
            arabic.add(base(lang))
            if (hit := _LATIN.search(text)) and not _isolated(el):
                out.group("T04", "latin", el.where(), hit[0],
                          f"Latin text or number {{example!r}} in {lang} text is not isolated",
                          'wrap it in <bdi dir="ltr"> (terms.isolate_ltr does this for content)')
        for n, rule in enumerate(language_data(lang).orthography):  # T06, from its data
            if hit := rule.pattern.search(text):
                out.group("T06", f"spelling{n}", el.where(), hit[0], rule.message, rule.fix)
    return arabic


@rule_check("T04")
def _arabic_italics(doc: Doc, page_lang: str, arabic_lang: str, out: Out) -> None:
    """T04: no italics or letter-spacing in an Arabic-script language, in CSS or inline."""
    upright = _arabic_css("".join(doc.css), out, arabic_lang)
    for el in doc.italics:
        if base(el.lang or page_lang) != arabic_lang:
            continue
        style = el.a.get("style", "")
        if STYLE_ITALIC.search(style) or STYLE_SPACING.search(style):
            out.add("T04", f"italics or letter-spacing in {arabic_lang} text: "
                    f"style={style!r}",
                    "remove the inline style", el.where())
        elif el.tag in ITALIC_TAGS and el.tag not in upright:
            out.add("T04", f"<{el.tag}> shows {arabic_lang} text in italics",
                    f"set {el.tag}:lang({arabic_lang}) {{ font-style: normal }} or use "
                    "<strong>",
                    el.where())


@rule_check("H02", "T09")
def _notice(doc: Doc, spec: PageSpec, out: Out) -> None:
    """H02 and T09: the multilingual notice, each language tagged, with the contact address."""
    body = doc.body_text() if spec.notices else ""  # H02 below, T09 after
    for lang, text in spec.notices:
        probe = text[:40]
        if not probe:
            continue
        if any(base(e.a.get("lang")) == base(lang) and probe in e.text() for e in doc.lang_els):
            continue
        if probe in body:
            out.add("H02", f"the notice in {lang} is not inside an element with lang={lang!r}: "
                    f"{probe!r}", "tag the notice block with its language",
                    _where_of(doc, probe))
    notice = [e for e in doc.lang_els if "notice" in e.a.get("class", "").split()]
    for lang in spec.notice_langs:
        blocks = [e for e in doc.lang_els if base(e.a.get("lang")) == base(lang)
                  and e.tag in BLOCK]
        with_contact = [e for e in blocks if (spec.contact in [x.split("?")[0] for x in e.mailtos]
                                              if spec.contact else e.mailtos)]
        probe = next((text[:40] for x, text in spec.notices if base(x) == base(lang)), "")
        if with_contact and probe and not any(probe in e.text() for e in blocks) \
                and probe not in body:
            out.add("T09", f"the notice text in {lang} is missing: {probe!r}…",
                    "render the whole {notice} block", with_contact[0].where())
        if not with_contact:
            what = ("has no link to the contact address " + (spec.contact or "(mailto:)")
                    if blocks else "is missing (no block with lang=" + repr(lang) + ")")
            out.add("T09", f"the other-languages-and-formats notice in {lang} {what}",
                    "include the {notice} directive in the edition; every language of it is "
                    "tagged and gives the contact address",
                    (blocks or notice)[0].where() if blocks or notice else "whole page")


def _where_of(doc: Doc, probe: str) -> str:
    for text, el in doc.runs:
        if probe[:15] in text:
            return el.where()
    return ""
