"""Translated editions (issue 4): language and direction tags, draft status, stale segments,
the English fallback, XLIFF round trip and refusal of malicious XLIFF, text round trips."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import docx
import pikepdf
import pytest
from babel.messages.pofile import read_po
from conftest import PLAN, ROOT, artifact, run_build
from docx.oxml.ns import qn

from editions import i18n

LANGS = ("gd", "pl", "zh-Hans", "ur")
EDITIONS = ("full", "young", "glossary")


def test_manifest_lists_every_language(manifest):
    have = {(a["edition"], a["lang"], a["presentation"], a["format"]) for a in manifest}
    for lang in LANGS:
        for edition in EDITIONS:
            for fmt in ("html", "pdf", "docx"):
                assert (edition, lang, "standard", fmt) in have
            for fmt in ("pdf", "docx"):
                assert (edition, lang, "large-print", fmt) in have


class Root(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html = {}
        self.alternates = []
        self.switcher = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html = a
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append(a["hreflang"])
        if tag in ("a", "span") and a.get("lang") and (a.get("hreflang") or a.get("aria-current")):
            self.switcher.append(a["lang"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_html_lang_dir_and_alternates(built, manifest, lang, edition):
    page = Root()
    page.feed(artifact(built, manifest, "html", edition, lang).read_text(encoding="utf-8"))
    assert page.html["lang"] == lang
    assert page.html["dir"] == ("rtl" if lang == "ur" else "ltr")
    assert set(page.alternates) == {"en-GB", *LANGS, "x-default"}
    assert set(page.switcher) == {"en-GB", *LANGS}  # every language named in its own language


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_lang(built, manifest, lang):
    for edition in EDITIONS:
        with pikepdf.open(artifact(built, manifest, "pdf", edition, lang)) as pdf:
            assert str(pdf.Root.Lang) == lang


@pytest.mark.parametrize("lang", LANGS)
def test_docx_language(built, manifest, lang):
    d = docx.Document(str(artifact(built, manifest, "docx", "young", lang)))
    assert d.core_properties.language == lang
    default = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")) \
        .find(qn("w:rPr")).find(qn("w:lang"))
    body = d.element.body.xml
    if lang == "ur":
        assert default.get(qn("w:bidi")) == "ur-PK"
        assert "<w:bidi/>" in body and "<w:rtl/>" in body and 'w:bidi="ur-PK"' in body
        assert any(t.get(qn("w:val")) == "1" for t in d.element.body.iter(qn("w:bidiVisual"))) \
            or not d.tables
    elif lang == "zh-Hans":
        assert default.get(qn("w:eastAsia")) == "zh-CN"
        fonts = d.styles["Normal"].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    else:
        assert f'w:val="{lang}"' in body


@pytest.mark.parametrize("lang", LANGS)
def test_translated_editions_say_they_are_drafts(built, manifest, lang):
    """Draft text is never presented as reviewed: the edition says so, in its own language."""
    gettext = i18n.gettext_for(ROOT, lang)
    note = gettext.gettext("This translation is a draft.")
    assert note != "This translation is a draft."  # the interface string is translated
    html = artifact(built, manifest, "html", "young", lang).read_text(encoding="utf-8")
    assert note in unescape(html)  # interface text is escaped like all text (' is &#39;)
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8",
                            str(artifact(built, manifest, "pdf", "young", lang)), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert " ".join(note.split())[:12] in " ".join(cover.split()) or lang == "ur"


@pytest.mark.parametrize("lang", LANGS)
def test_young_and_glossary_are_fully_translated(lang):
    from editions.config import BuildConfig
    from editions.i18n_commands import coverage

    cov = coverage(BuildConfig(root=ROOT, out=ROOT / "dist", langs=(lang,)))
    for edition in ("young", "glossary"):
        c = cov[(f"{PLAN}/{edition}", lang)]
        assert c.counts["untranslated"] == 0 and c.counts["stale"] == 0, (edition, c.counts)
        assert c.counts["draft"] > 0 and c.counts["reviewed"] == 0


def _norm(text: str) -> str:
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)  # bidi controls
    return " ".join(text.split())


def _pieces(text: str) -> list[str]:
    """A segment's text as the runs poppler keeps in order: split at punctuation, digits and
    Latin runs (pdftotext reorders right-to-left runs around neutral characters)."""
    text = re.sub(r"\\(.)", r"\1", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
    text = text.replace("**", "").replace("*", "")
    parts = re.split(r"[\s]*[،۔؟:;,.!?()\[\]“”\"'‘’«»…\-–—/0-9A-Za-z@&%+]+[\s]*", text)
    return [p.strip() for p in parts if len(p.strip()) >= 2]


@pytest.mark.parametrize("lang", ("ur", "zh-Hans"))
def test_pdftotext_round_trip(built, manifest, lang):
    """P13: the PDF text layer gives back the translated source, Urdu (Naskh) and Chinese."""
    catalog = read_po(open(i18n.content_path(ROOT, lang, f"{PLAN}.po"), "rb"), locale=i18n.babel_locale(lang))
    young = [m for m in catalog if m.string and m.context and "young" in " ".join(
        m.auto_comments)]
    assert len(young) > 100
    path = artifact(built, manifest, "pdf", "young", lang)
    text = _norm(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                capture_output=True, text=True, check=True).stdout)
    if lang == "zh-Hans":
        text = text.replace(" ", "")
    found = 0
    missing = []
    for msg in young:
        pieces = _pieces(msg.string)
        if lang == "zh-Hans":
            pieces = [p.replace(" ", "") for p in pieces]
        if all(p in text for p in pieces):
            found += 1
        else:
            missing.append((msg.context, [p for p in pieces if p not in text][:2]))
    rate = 100 * found / len(young)
    print(f"{lang}: {rate:.2f} % of {len(young)} segments round-trip; missing {missing[:10]}")
    assert rate >= 99.0


# --- the workflow, on the small fixture project ----------------------------------------------


@pytest.fixture()
def mini_pl(mini) -> Path:
    return mini


def test_changed_english_turns_translation_stale_and_shows_english(mini_pl, tmp_path):
    out = tmp_path / "dist"
    assert run_build("--lang", "pl", "--format", "html", "--no-browser", root=mini_pl, out=out).returncode == 0
    html = (out / "site" / "pl" / "full.html").read_text(encoding="utf-8")
    assert "To jest pierwszy akapit małego planu" in html  # draft translation shown

    intro = mini_pl / "content" / "sections" / "01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "This is the first paragraph of the small plan used by the tests.",
        "This is the first paragraph of the small plan, changed by an editor."), encoding="utf-8")
    proc = run_build("--lang", "pl", "--format", "html", "--no-browser", root=mini_pl, out=out)
    assert proc.returncode == 0
    assert "T07" in proc.stdout and "1 stale segment(s)" in proc.stdout
    html = (out / "site" / "pl" / "full.html").read_text(encoding="utf-8")
    assert "To jest pierwszy akapit" not in html  # never shown as current
    assert re.search(r'<p lang="en-GB" dir="ltr">This is the first paragraph of the small plan, '
                     r"changed by an editor.</p>", html)
    assert "Części tej sekcji nie zostały jeszcze przetłumaczone" in html  # the note, in Polish

    # the update command records it in the catalog: fuzzy, with the previous English
    assert run_build("i18n", "update", root=mini_pl).returncode == 0
    po = (mini_pl / "translations" / "pl" / "content.po").read_text(encoding="utf-8")
    entry = po[po.index('msgctxt "intro/1"') - 200: po.index('msgctxt "intro/1"') + 300]
    assert "#, fuzzy" in entry and "#| msgid" in entry

    # strict: untranslated or stale text fails the build instead
    proc = run_build("--lang", "pl", "--format", "html", "--strict-translations", "--no-browser",
                     root=mini_pl, out=out)
    assert proc.returncode == 1 and "error T07" in proc.stdout


def test_xliff_round_trip_is_lossless(mini_pl, tmp_path):
    po = mini_pl / "translations" / "pl" / "content.po"
    before = po.read_bytes()
    xlf = tmp_path / "pl.xlf"
    assert run_build("i18n", "export-xliff", "pl", str(xlf), root=mini_pl).returncode == 0
    text = xlf.read_text(encoding="utf-8")
    assert 'srcLang="en-GB" trgLang="pl"' in text and 'state="translated"' in text
    assert run_build("i18n", "import-xliff", str(xlf), root=mini_pl).returncode == 0
    # byte for byte, but for the line naming the Babel release that wrote the file
    assert _without_generator(po.read_bytes()) == _without_generator(before)


def _without_generator(po: bytes) -> bytes:
    out, n = re.subn(rb'"Generated-By: Babel [^"\\]*\\n"\n', b"", po)
    assert n == 1, "a catalog header names its generator once"
    return out


def test_xliff_import_applies_an_agency_translation(mini_pl, tmp_path):
    xlf = tmp_path / "pl.xlf"
    run_build("i18n", "export-xliff", "pl", str(xlf), root=mini_pl)
    text = xlf.read_text(encoding="utf-8").replace(
        '<unit id="more:1"><notes><note category="editions-status">untranslated</note>',
        '<unit id="more:1"><notes><note category="editions-status">reviewed</note>')
    text = re.sub(r'(<unit id="more:1">.*?<segment state=")initial(">.*?</source>)',
                  r'\1reviewed\2<target>Tylko pełne wydanie ma tę sekcję.</target>', text,
                  flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    assert run_build("i18n", "import-xliff", str(xlf), root=mini_pl).returncode == 0
    catalog = read_po(open(mini_pl / "translations/pl/content.po", "rb"), locale="pl")
    msg = next(m for m in catalog if m.context == "more/1")
    assert msg.string == "Tylko pełne wydanie ma tę sekcję." and "reviewed" in msg.flags


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-GB" trgLang="pl">
<file id="f"><unit id="intro"><segment><source>Introduction</source><target>&lol3;</target>
</segment></unit></file></xliff>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-GB" trgLang="pl">
<file id="f"><unit id="intro"><segment><source>Introduction</source><target>&secret;</target>
</segment></unit></file></xliff>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_malicious_xliff_is_refused(mini_pl, tmp_path, payload):
    po = mini_pl / "translations" / "pl" / "content.po"
    before = po.read_bytes()
    bad = tmp_path / "bad.xlf"
    bad.write_text(payload, encoding="utf-8")
    proc = run_build("i18n", "import-xliff", str(bad), root=mini_pl)
    assert proc.returncode == 1
    assert "refused" in proc.stderr and "DTD or entities" in proc.stderr
    assert po.read_bytes() == before  # nothing written


def test_translation_with_raw_html_is_refused(mini_pl, tmp_path):
    """An error in a translation holds its edition back: the published page stays as it was."""
    page = tmp_path / "d" / "site" / "pl" / "full.html"
    assert run_build("--lang", "pl", "--format", "html", "--no-browser", root=mini_pl,
                     out=tmp_path / "d").returncode == 0
    before = page.read_bytes()
    po = mini_pl / "translations" / "pl" / "content.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Partnerzy, którzy napisali ten plan."',
        'msgstr "Partnerzy <script>alert(1)</script> ten plan."'), encoding="utf-8")
    proc = run_build("--lang", "pl", "--format", "html", "--no-browser", root=mini_pl,
                     out=tmp_path / "d")
    assert proc.returncode == 1 and "translations/pl/content.po" in proc.stdout
    assert "Not written: site/pl/full.html" in proc.stdout
    assert page.read_bytes() == before and b"<script>" not in before


def test_fixture_catalog_is_current():
    """The fixture's catalog was made by `i18n update` (guards the fixture itself)."""
    assert (ROOT / "tests/fixtures/mini/translations/pl/content.po").is_file()
    shutil.which("pdftotext")
