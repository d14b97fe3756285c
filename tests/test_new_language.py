"""A sixth language and a third audience by data alone (issue 15).

The mini fixture with Ukrainian added — one line in publication.yaml (and two more formats for
its edition), a catalog made by `i18n update` with a few segments translated (drafts) — and an
"easy read" edition for a third audience (the fixture has `full` and `summary`): an edition
entry, a `::: easy-read` block and an `easy-read_title` in a section. It builds every format of
both editions with no code change; each artifact is in Ukrainian as its reader's software needs
it (the HTML's lang and the switcher's own name for the language, from Babel; the PDF's /Lang,
the DOCX's w:lang, the EPUB's dc:language), and the easy-read edition holds its own block and
title and none of the full text."""

from __future__ import annotations

import json
import re
import zipfile

import pikepdf
import pytest
from conftest import linked_mini, run_build, translate_catalog

LANG = "uk"
DRAFTS = {  # a few segments, as a translator's first pass would leave them (draft)
    "Introduction": "Вступ",
    "This is the first paragraph of the small plan used by the tests.":
        "Це перший абзац малого плану, який використовують тести.",
    "About this plan": "Про цей план",  # the easy-read edition, whole
    "This plan is for you. We will help you and your family.":
        "Цей план для тебе. Ми допоможемо тобі та твоїй родині.",
}


EASY_EDITION = """\
  - id: easy
    title: Mini Plan in easy read
    audience: easy-read
    reading: child-friendly
    unmarked: false
    languages: [en-GB, uk]
    formats: [html, pdf, docx, txt, epub]
"""
EASY_BLOCK = """
::: easy-read
This plan is for you. We will help you and your family.
:::
"""


@pytest.fixture(scope="module")
def ukrainian(tmp_path_factory):
    root = linked_mini(tmp_path_factory.mktemp("uk"))
    pub = root / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    text = text.replace("languages: [en-GB, pl]", f"languages: [en-GB, pl, {LANG}]")
    text = text.replace("formats: [html, pdf, docx]", "formats: [html, pdf, docx, txt, epub]")
    pub.write_text(text + EASY_EDITION, encoding="utf-8")
    intro = root / "content" / "sections" / "01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "id: intro\n", "id: intro\neasy-read_title: About this plan\n", 1) + EASY_BLOCK,
        encoding="utf-8")
    assert translate_catalog(root, LANG, DRAFTS)
    out = root / "dist"
    proc = run_build("--quiet", "--format", "html,pdf,docx,txt,epub", root=root, out=out)
    return root, out, proc


def test_the_build_has_no_errors(ukrainian):
    _root, out, proc = ukrainian
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((out / "reports" / "build.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["level"] == "error"]
    for edition in ("full", "easy"):
        made = {a["format"] for a in report["artifacts"]
                if a["lang"] == LANG and a["edition"] == edition}
        assert made == {"html", "pdf", "docx", "txt", "epub"}, edition


def test_the_third_audience_has_its_own_text(ukrainian):
    _root, out, _proc = ukrainian
    text = (out / "site" / "en-GB" / "easy.txt").read_text(encoding="utf-8")
    assert "About this plan" in text and "We will help you and your family." in text
    assert "first paragraph of the small plan" not in text  # the full text is not in it
    full = (out / "site" / "en-GB" / "full.txt").read_text(encoding="utf-8")
    assert "We will help you and your family." not in full and "Introduction" in full


def test_html_is_ukrainian_and_named_in_ukrainian(ukrainian):
    _root, out, _proc = ukrainian
    page = (out / "site" / LANG / "full.html").read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]* lang="{LANG}"', page) and 'dir="ltr"' in page
    assert "Вступ" in page and "Це перший абзац" in page
    switcher = re.search(rf'<(?:a|span) [^>]*lang="{LANG}"[^>]*>([^<]+)</(?:a|span)>', page)
    assert switcher and switcher.group(1).strip() == "Українська"


def test_pdf_docx_epub_say_ukrainian(ukrainian):
    _root, out, _proc = ukrainian
    with pikepdf.open(out / "site" / LANG / "full.pdf") as pdf:
        assert str(pdf.Root.Lang) == LANG
    with zipfile.ZipFile(out / "site" / LANG / "full.docx") as z:
        styles = z.read("word/styles.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert f'w:val="{LANG}"' in styles and f"<dc:language>{LANG}</dc:language>" in core
    with zipfile.ZipFile(out / "site" / LANG / "full.epub") as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert f"<dc:language>{LANG}</dc:language>" in opf


def test_the_translation_is_marked_draft(ukrainian):
    _root, out, _proc = ukrainian
    page = (out / "site" / LANG / "full.html").read_text(encoding="utf-8").lower()
    assert "draft" in page or "чернетк" in page


def test_the_site_offers_every_language_an_edition_is_in(ukrainian):
    """The fixture lists no `languages:` of its own: the site is then in every language an
    edition is published in, so the Ukrainian files are on the downloads page and Ukrainian
    has its own home page (they were written but linked from no page)."""
    _root, out, _proc = ukrainian
    downloads = (out / "site" / "en-GB" / "downloads.html").read_text(encoding="utf-8")
    assert "uk/full.pdf" in downloads and "uk/easy.txt" in downloads
    assert (out / "site" / LANG / "index.html").is_file()
    assert f'hreflang="{LANG}"' in (out / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_the_default_presentation_is_data(mini, tmp_path):
    """The presentation an edition that lists none is made in, whose files have no suffix, is
    the first one layouts/presentations.yaml defines: renamed there (with its stylesheet and
    its Word block), the editions are made in it under the same file names."""
    layouts = mini / "layouts"
    for rel in ("presentations.yaml", "docx/styles.yaml"):
        text = (layouts / rel).read_text(encoding="utf-8")
        assert text.count("\nstandard:") == 1
        (layouts / rel).write_text(text.replace("\nstandard:", "\nregular:"), encoding="utf-8")
    (layouts / "pdf" / "standard.css").rename(layouts / "pdf" / "regular.css")
    out = tmp_path / "dist"
    proc = run_build("--format", "html,pdf,docx", "--lang", "en-GB", "--no-browser", root=mini,
                     out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
    full = {a["path"]: a["presentation"] for a in made if a["edition"] == "full"}
    assert full == {f"site/en-GB/full.{fmt}": "regular" for fmt in ("html", "pdf", "docx")}
    assert not any("standard" in a["path"] or a["presentation"] == "standard" for a in made)


def test_direction_comes_from_babel_for_any_language():
    """No list of language codes in the package: every locale Babel's CLDR data writes right
    to left is right to left, a region Babel does not know keeps its language's direction,
    and a language Babel does not know at all is left to right."""
    from babel import Locale, localedata

    from editions.i18n import is_rtl

    rtl = [t for t in localedata.locale_identifiers()
           if Locale.parse(t).character_order == "right-to-left"]
    assert {"ur", "ar", "fa", "he", "ps", "yi"} <= set(rtl)
    assert all(is_rtl(t.replace("_", "-")) for t in rtl)
    assert is_rtl("ur-XY") and is_rtl("ps-XY") and is_rtl("ar-001") and is_rtl("sd-Arab")
    assert not is_rtl("uk") and not is_rtl("zh-Hans") and not is_rtl("xx")
