"""Break/fix fixtures for the HTML language, link and site rules (H02 H03 H08 H21, T01 T02 T03
T04 T06 T09, CF08): a small page that breaks exactly one rule is reported with a place a person
can find; the same page fixed is not. The checks are the functions the build runs:
checks/html.py on every edition page, checks/site.py once over the site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import escape

from editions import model as m
from editions.checks import html as html_checks
from editions.checks.site import check_site
from editions.terms import _LTR_RUN

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "help@example.org"
LANGS = ("en-GB", "gd", "pl", "zh-Hans", "ur")
OWN = {"en-GB": "English", "gd": "Gàidhlig", "pl": "Polski", "zh-Hans": "中文", "ur": "اردو"}
NOTICE = {
    "en-GB": "This document can be made available in other formats.",
    "gd": "Gheibhear an sgrìobhainn seo ann an cruthan eile.",
    "pl": "Ten dokument jest dostępny w innych formatach.",
    "zh-Hans": "本文件可以其他格式提供。",
    "ur": "یہ دستاویز دوسری صورتوں میں دستیاب ہے۔",
}
UI = {lang: ("Skip to main content", "Publisher", "Contact:") for lang in LANGS} | {
    "ur": ("مرکزی مواد پر جائیں", "ناشر", "رابطہ:")}
TITLES = {"en-GB": "Rule test", "ur": "قاعدہ ٹیسٹ", "pl": "Test reguł", "zh-Hans": "规则测试"}
CSS = """body { font-family: "Noto Sans", sans-serif; }
:lang(ur) { font-family: "Noto Nastaliq Urdu", "Noto Naskh Arabic", serif; line-height: 2.2; }
em:lang(ur), i:lang(ur) { font-style: normal; font-weight: 700; }"""


def rtl(lang: str) -> bool:
    return lang == "ur"


def notice_html(page_lang: str) -> str:
    out = []
    for lang, text in NOTICE.items():
        d = ' dir="rtl"' if rtl(lang) else (' dir="ltr"' if rtl(page_lang) else "")
        out.append(f'<div class="notice" lang="{lang}"{d}><p>{text}</p>'
                   f'<p>: <a href="mailto:{EMAIL}" dir="ltr">{EMAIL}</a></p></div>')
    return "\n".join(out)


def switcher(page_lang: str) -> str:
    items = []
    for lang in LANGS:
        if lang == page_lang:
            items.append(f'<li><span lang="{lang}" aria-current="page">{OWN[lang]}</span></li>')
        else:
            items.append(f'<li><a href="../{lang}/full.html" hreflang="{lang}" lang="{lang}">'
                         f"{OWN[lang]}</a></li>")
    return f'<nav class="languages" aria-label="Languages"><ul>{"".join(items)}</ul></nav>'


def edition_page(lang: str = "en-GB", text: str = "", title: str | None = None,
                 css: str = CSS) -> str:
    title = title or TITLES[lang]
    text = text or ("<p>متن۔</p>" if rtl(lang) else "<p>Text.</p>")
    d = "rtl" if rtl(lang) else "ltr"
    part, other = ("<bdi dir=\"ltr\">Part</bdi>", "<bdi dir=\"ltr\">Other formats</bdi>") \
        if rtl(lang) else ("Part", "Other formats")
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{d}"><head><meta charset="utf-8">
<title>{title}</title><meta name="description" content="Publisher: {title}">
<style>{css}</style></head><body>
<a href="#main">{UI[lang][0]}</a><header><p>{UI[lang][1]}</p>{switcher(lang)}</header>
<main id="main"><h1>{title}</h1>
<section><h2>{part}</h2>
{text}
</section>
<section><h2>{other}</h2>
{notice_html(lang)}
</section>
</main><footer><p>{UI[lang][2]} <a href="mailto:{EMAIL}" dir="ltr">{EMAIL}</a></p></footer>
</body></html>"""


def notice_sections() -> list[m.Section]:
    groups = [m.Group(lang=lang, role="notice", dir="rtl" if rtl(lang) else "", blocks=[
        m.Paragraph(children=[m.Text(text=text)]),
        m.Paragraph(children=[m.Text(text=": "), m.Link(href=f"mailto:{EMAIL}",
                                                         children=[m.Text(text=EMAIL)])])])
              for lang, text in NOTICE.items()]
    return [m.Section(id="other", heading=m.Heading(level=1, children=[m.Text(text="Other")]),
                      blocks=groups)]


READING = {"full": "general", "young": "child-friendly"}  # as publication.yaml says of each


def edition(lang: str = "en-GB", audience: str = "full") -> SimpleNamespace:
    return SimpleNamespace(
        lang=lang, title=TITLES[lang], audience=audience, dir="rtl" if rtl(lang) else "ltr",
        reading=READING.get(audience, ""),
        spec=SimpleNamespace(languages=list(LANGS), title=TITLES["en-GB"]),
        meta=SimpleNamespace(contact_email=EMAIL), notice_email=EMAIL,
        sections=notice_sections())


def found(tmp_path: Path, html: str, ed, rule: str) -> list:
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    return [f for f in html_checks.check(page, "page.html", ed, []) if f.rule == rule]


def test_the_good_pages_pass_every_rule(tmp_path):
    """The fixtures the cases below break are themselves clean (so each case breaks one rule)."""
    for lang in ("en-GB", "ur"):
        page = tmp_path / "page.html"
        page.write_text(edition_page(lang), encoding="utf-8")
        assert html_checks.check(page, "page.html", edition(lang), []) == []


def swap(old: str, new: str):
    def brk(html: str) -> str:
        assert old in html, old
        return html.replace(old, new)
    return brk


def in_block(lang: str, old: str, new: str):
    """Change something inside the notice block of one language."""
    def brk(html: str) -> str:
        block = re.search(rf'<div class="notice" lang="{lang}".*?</div>', html, re.S)[0]
        assert old in block, old
        return html.replace(block, block.replace(old, new))
    return brk


# case: (page language, the text of section 'Part' in the good page, how to break the page,
#        where the finding must point)
CASES = {
    "H08 vague": ("en-GB", '<p>Read <a href="report.html">the annual report</a>.</p>',
                  swap("the annual report</a>", "click here</a>"), "section 'Part'"),
    "H08 vague in Polish": ("en-GB", '<p lang="pl">Zobacz <a href="r.html">raport roczny</a>.</p>',
                            swap("raport roczny", "tutaj"), "section 'Part'"),
    "H08 placeholder": ("en-GB", '<p><a href="report.html">The annual report</a></p>',
                        swap('href="report.html"', 'href="#"'), "section 'Part'"),
    "H08 file size": ("en-GB", '<p><a href="plan.pdf">The plan (PDF, 2 MB)</a></p>',
                      swap(" (PDF, 2 MB)", ""), "section 'Part'"),
    "H02 Arabic script": ("en-GB", '<p>In Urdu: <span lang="ur">اردو</span>.</p>',
                          swap('<span lang="ur">اردو</span>', "اردو"), "section 'Part'"),
    "H02 Chinese": ("ur", '<p>چینی: <span lang="zh-Hans">中文</span></p>',
                    swap('<span lang="zh-Hans">中文</span>', "中文"), "section 'Part'"),
    "H02 notice": ("en-GB", "<p>Text.</p>", swap('<div class="notice" lang="pl">',
                                                 '<div class="notice">'), "section 'Other formats'"),
    "T01 direction": ("ur", "<p>متن</p>", swap('<html lang="ur" dir="rtl">',
                                                '<html lang="ur" dir="ltr">'), "<html>"),
    "T01 tag": ("en-GB", '<p><span lang="zh-Hans">中文</span></p>',
                swap('<span lang="zh-Hans">', '<span lang="zh">'), "section 'Part'"),
    "T01 passage direction": ("ur", '<p lang="en-GB" dir="ltr">Shown in English for now.</p>',
                              swap('<p lang="en-GB" dir="ltr">', '<p lang="en-GB">'),
                              "section 'Part'"),
    "T01 title": ("ur", "<p>متن</p>", swap(f"<title>{TITLES['ur']}</title>",
                                           f"<title>{TITLES['en-GB']}</title>"), "<title>"),
    "T03 own name": ("en-GB", "<p>Text.</p>", swap(">Polski<", ">Polish<"), "language switcher"),
    "T03 lang": ("en-GB", "<p>Text.</p>", swap('hreflang="gd" lang="gd"', 'hreflang="gd"'),
                 "language switcher"),
    "T04 Latin run": ("ur", '<p>منصوبہ <bdi dir="ltr">2026</bdi> سے ہے۔</p>',
                      swap('<bdi dir="ltr">2026</bdi>', "2026"), "section 'Part'"),
    "T04 e-mail in the Urdu notice": ("en-GB", "<p>Text.</p>", in_block("ur", ' dir="ltr"', ""),
                                      "section 'Other formats'"),
    "T04 italics": ("ur", "<p>یہ <strong>اہم</strong> ہے۔</p>",
                    swap("<strong>اہم</strong>", '<span style="font-style: italic">اہم</span>'),
                    "section 'Part'"),
    "T04 cite": ("ur", "<p>یہ <strong>کتاب</strong> ہے۔</p>",
                 swap("<strong>کتاب</strong>", "<cite>کتاب</cite>"), "section 'Part'"),
    "T04 font": ("ur", "<p>متن</p>", swap('"Noto Nastaliq Urdu", "Noto Naskh Arabic", ', ""),
                 "stylesheet"),
    "T06": ("en-GB", '<p lang="gd">Tha seo glè mhath.</p>', swap("glè", "glé"), "section 'Part'"),
    "T09 language": ("en-GB", "<p>Text.</p>", lambda html: re.sub(
        r'<div class="notice" lang="pl".*?</div>', "", html, flags=re.S),
        "section 'Other formats'"),
    "T09 text": ("en-GB", "<p>Text.</p>", in_block("gd", NOTICE["gd"], ""),
                 "section 'Other formats'"),
    "T09 contact": ("en-GB", "<p>Text.</p>", in_block("zh-Hans", f'<a href="mailto:{EMAIL}" '
                                                     f'dir="ltr">{EMAIL}</a>', ""),
                    "section 'Other formats'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_page_rule(tmp_path, case):
    rule = case.split()[0]
    lang, text, brk, where = CASES[case]
    ed = edition(lang)
    good = edition_page(lang, text)
    assert not found(tmp_path, good, ed, rule), case
    hits = found(tmp_path, brk(good), ed, rule)
    assert hits, case
    assert hits[0].level == "error" and hits[0].artifact == "page.html"
    assert hits[0].where == where, (case, hits[0].where)


def test_h08_checks_the_link_text_in_the_links_language(tmp_path):
    """'więcej' ("more") is vague in Polish, an ordinary word elsewhere; 'more' is vague in English."""
    ed = edition("en-GB")
    assert found(tmp_path, edition_page(text='<p lang="pl"><a href="a.html">więcej</a></p>'), ed,
                 "H08")
    assert not found(tmp_path, edition_page(text='<p><a href="a.html">The Więcej report</a></p>'),
                     ed, "H08")


def test_t09_names_the_missing_language(tmp_path):
    html = re.sub(r'<div class="notice" lang="pl".*?</div>', "", edition_page(), flags=re.S)
    hits = found(tmp_path, html, edition(), "T09")
    assert len(hits) == 1 and "in pl" in hits[0].message


# --- CF08: sentence length in the other languages (young edition) ---------------------------


def _young(lang: str, paragraph: str) -> str:
    return edition_page(lang, f"<p>{paragraph}</p>")


def test_cf08_splits_urdu_on_its_full_stop(tmp_path):
    ed = edition("ur", "young")
    short = "یہ ایک چھوٹا جملہ ہے۔ "
    long_sentence = " ".join(["لفظ"] * 26)
    one = _young("ur", short * 3 + long_sentence + "۔")  # a sentence of 26 words
    two = _young("ur", short * 3 + " ".join(["لفظ"] * 13) + "۔ " + " ".join(["لفظ"] * 13) + "۔")
    hits = found(tmp_path, one, ed, "CF08")
    assert hits and hits[0].level == "warning" and hits[0].where == "section 'Part'"
    assert "over 25 words" in hits[0].message
    assert not found(tmp_path, two, ed, "CF08")


def test_cf08_counts_chinese_characters_by_the_house_rule(tmp_path):
    """1.5 Han characters count as one word: 36 characters (24 words) pass, 39 (26) do not."""
    ed = edition("zh-Hans", "young")
    short = "我们会听你说。" * 3
    ok = _young("zh-Hans", short + "好" * 35 + "。")
    long = _young("zh-Hans", short + "好" * 38 + "。")
    assert not found(tmp_path, ok, ed, "CF08")
    hits = found(tmp_path, long, ed, "CF08")
    assert hits and "house rule" in hits[0].message and hits[0].where == "section 'Part'"


def test_cf08_average_sentence_length(tmp_path):
    ed = edition("pl", "young")
    words = " ".join(["słowo"] * 16)
    assert found(tmp_path, _young("pl", f"{words}. {words}. {words}."), ed, "CF08")
    assert not found(tmp_path, _young("pl", "Krótkie zdanie. " * 5), ed, "CF08")


# --- the site: every page, once per build ---------------------------------------------------


def site_page(lang: str, name: str, title: str, langs=("en-GB", "pl"), alternates=True) -> str:
    alts = ""
    if alternates:
        alts = "".join(f'<link rel="alternate" hreflang="{x}" href="../{x}/{name}">' for x in langs)
        alts += f'<link rel="alternate" hreflang="x-default" href="../en-GB/{name}">'
    items = "".join(f'<li><a href="../{x}/{name}" hreflang="{x}" lang="{x}">{OWN[x]}</a></li>'
                    for x in langs)
    return f"""<!DOCTYPE html><html lang="{lang}" dir="ltr"><head><title>{title}</title>{alts}
</head><body><a href="#main">Skip</a><header><nav aria-label="Languages"><ul>{items}</ul></nav>
</header><main id="main"><h1>{title}</h1><p>Text.</p></main>
<footer><p>Contact: <a href="mailto:{EMAIL}">{EMAIL}</a></p>
<ul><li><a href="index.html">Home</a></li>
<li><a href="../accessibility-statement.html">Accessibility statement</a></li></ul></footer>
</body></html>"""


SITE_TITLES = {("en-GB", "index.html"): "Home – Plan", ("en-GB", "full.html"): "Plan",
               ("pl", "index.html"): "Strona główna – Plan", ("pl", "full.html"): "Plan (pl)"}


def make_site(out: Path) -> list[str]:
    site = out / "site"
    for (lang, name), title in SITE_TITLES.items():
        (site / lang).mkdir(parents=True, exist_ok=True)
        (site / lang / name).write_text(site_page(lang, name, title), encoding="utf-8")
    statement = site_page("en-GB", "x", "Accessibility statement – Plan", alternates=False)
    statement = statement.replace('<header><nav aria-label="Languages">',
                                  '<header><nav aria-label="Site">')
    (site / "accessibility-statement.html").write_text(
        re.sub(r'<ul><li><a href="../x.*?</ul></nav>', "<ul></ul></nav>", statement),
        encoding="utf-8")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    (site / "sitemap.xml").write_text("<urlset>" + "".join(f"<url><loc>{p}</loc></url>"
                                                           for p in pages) + "</urlset>")
    (out / "manifest.json").write_text(json.dumps({"artifacts": [
        {"path": f"site/{lang}/full.html", "lang": lang, "format": "html", "edition": "full"}
        for lang in ("en-GB", "pl")]}))
    return [f"site/{p}" for p in pages]


def site_findings(out: Path, pages: list[str], rule: str) -> list:
    return [f for f in check_site(out, pages) if f.rule == rule]


def test_the_good_site_passes(tmp_path):
    pages = make_site(tmp_path)
    assert check_site(tmp_path, pages) == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


SITE_CASES = {
    "T02 missing alternate": ("en-GB/index.html", '<link rel="alternate" hreflang="pl" '
                              'href="../pl/index.html">', "", "site/en-GB/index.html"),
    "T02 not reciprocal": ("en-GB/index.html", '<link rel="alternate" hreflang="pl" '
                           'href="../pl/index.html">', "", "site/pl/index.html"),
    "T02 x-default": ("pl/full.html", '<link rel="alternate" hreflang="x-default" '
                      'href="../en-GB/full.html">', "", "site/pl/full.html"),
    "H03 duplicate title": ("pl/index.html", "<title>Strona główna – Plan</title>",
                            "<title>Plan (pl)</title>", "site/pl/index.html"),
    "H21 contact not first": ("pl/index.html", '<footer><p>Contact: <a href="mailto:'
                              f'{EMAIL}">{EMAIL}</a></p>', "<footer>", "site/pl/index.html"),
    "H21 statement link": ("en-GB/full.html", '<li><a href="../accessibility-statement.html">'
                           "Accessibility statement</a></li>", "", "site/en-GB/full.html"),
    "T02 sitemap": ("sitemap.xml", "<url><loc>pl/index.html</loc></url>", "",
                    "site/sitemap.xml"),
    "H01 site page": ("pl/index.html", '<html lang="pl"', '<html lang="en-GB"',
                      "site/pl/index.html"),
    "T03 site page": ("pl/index.html", ">Polski<", ">Polish<", "site/pl/index.html"),
}


@pytest.mark.parametrize("case", list(SITE_CASES))
def test_site_rule(tmp_path, case):
    rule = case.split()[0]
    page, good, bad, artifact = SITE_CASES[case]
    pages = make_site(tmp_path)
    assert not site_findings(tmp_path, pages, rule)
    _edit(tmp_path / "site" / page, good, bad)
    hits = [f for f in site_findings(tmp_path, pages, rule) if f.artifact == artifact]
    assert hits, (case, check_site(tmp_path, pages))
    assert hits[0].level == "error" and hits[0].where, hits[0]


def test_site_reports_only_this_builds_pages(tmp_path):
    """A partial build: pages it did not write are context, not reported on."""
    make_site(tmp_path)
    _edit(tmp_path / "site" / "pl" / "index.html", "<title>Strona główna – Plan</title>",
          "<title>Plan (pl)</title>")
    hits = site_findings(tmp_path, ["site/pl/full.html"], "H03")
    assert [f.artifact for f in hits] == ["site/pl/full.html"]
    assert not site_findings(tmp_path, ["site/en-GB/full.html"], "H03")


# --- the layouts' bidi macros (the fixes for T04 and H02 the real build needed) ----------------


@pytest.fixture(scope="module")
def bidi():
    env = Environment(loader=FileSystemLoader(str(ROOT / "layouts")), autoescape=True)
    return env.from_string('{% import "common/bidi.html.j2" as b %}'
                           "{{ b.ltr_runs(x) if what == 'ltr' else b.script_runs(x) }}")


@pytest.mark.parametrize("text", ["نارتھ لنارکشائر 2026 تا 2029", "NLYC کے رکن",
                                  "بچوں کی کمیٹی (CPC)", "e-mail: a.b@c.org, ok", "GIRFEC. in NL a- b",
                                  "<b> & ‘x’ 23 نومبر، 2026"])
def test_ltr_runs_isolates_what_terms_isolate_ltr_does(bidi, text):
    """The Jinja macro for plain strings makes the same runs as terms.isolate_ltr (T04)."""
    want, pos = [], 0
    for run in _LTR_RUN.finditer(text):
        want += [str(escape(text[pos:run.start()])), f'<bdi dir="ltr">{escape(run[0])}</bdi>']
        pos = run.end()
    want.append(str(escape(text[pos:])))
    assert bidi.render(x=text, what="ltr") == "".join(want)


def test_script_runs_tags_quoted_urdu_and_chinese(bidi, tmp_path):
    """The statement quotes findings: the quoted Urdu and Chinese get their lang (H02)."""
    msg = "longest 30: 'اس میں بتایا، گیا' and '它关注，健康。' (English)"
    out = bidi.render(x=msg, what="script")
    assert '<span lang="ur" dir="rtl">اس میں بتایا، گیا</span>' in out
    assert '<span lang="zh-Hans">它关注，健康。</span>' in out
    ed = edition()
    assert found(tmp_path, edition_page(text=f"<p>{escape(msg)}</p>"), ed, "H02")
    assert not found(tmp_path, edition_page(text=f"<p>{out}</p>"), ed, "H02")
