"""A publication written in another language than English (any council's document: a
Gaelic-medium one, say). The publication's `lang` is the language of its content: its own
edition is not a translation, the others are translated from it, and what is not translated yet
is shown in it, marked as such. The mini fixture, said to be written in Gaelic (`lang: gd`),
with an English edition translated from it: one segment translated by the catalog that
`i18n update` makes for English."""

from __future__ import annotations

import pytest
from conftest import linked_mini, run_build, translate_catalog

FIRST = "This is the first paragraph of the small plan used by the tests."
ENGLISH = "The first paragraph, translated into English."


@pytest.fixture(scope="module")
def gaelic(tmp_path_factory):
    root = linked_mini(tmp_path_factory.mktemp("gd"))
    pub = root / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    assert "\nlang: en-GB\n" in text and "languages: [en-GB, pl]" in text
    pub.write_text(text.replace("\nlang: en-GB\n", "\nlang: gd\n")
                   .replace("languages: [en-GB, pl]", "languages: [gd, en-GB]"), encoding="utf-8")
    assert translate_catalog(root, "en-GB", {FIRST: ENGLISH}) == 1
    out = root / "dist"
    proc = run_build("--format", "html,docx", "--no-browser", root=root, out=out)
    return root, out, proc


def test_the_source_language_is_the_publications(gaelic):
    root, _out, proc = gaelic
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the catalogs are for the languages it is translated into, not for its own
    assert (root / "translations" / "en-GB" / "content.po").is_file()
    assert not (root / "translations" / "gd" / "content.po").exists()
    t07 = [line for line in proc.stdout.splitlines() if "T07" in line]
    assert t07 and all("(en-GB)" in line for line in t07), t07
    assert "shown in Scottish Gaelic" in t07[0] and "English" not in t07[0]
    coverage = proc.stdout.split("Translation coverage")[1].splitlines()[1:]
    assert any(line.split()[:1] == ["en-GB"] for line in coverage)
    assert not any(line.split()[:1] == ["gd"] for line in coverage)


def test_its_own_edition_is_not_a_translation(gaelic):
    _root, out, _proc = gaelic
    page = (out / "site" / "gd" / "full.html").read_text(encoding="utf-8")
    assert '<html lang="gd"' in page
    assert "translation-note" not in page.split("<main")[1]
    assert FIRST in page and ENGLISH not in page


def test_the_translation_shows_what_is_untranslated_in_the_source_language(gaelic):
    _root, out, _proc = gaelic
    page = (out / "site" / "en-GB" / "full.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in page
    assert ENGLISH in page and FIRST not in page  # the translated segment
    assert "are shown in Scottish Gaelic" in page  # the note on each untranslated section
    assert '<p lang="gd"' in page  # an untranslated paragraph is marked as Gaelic


def test_xliff_names_the_publications_language_as_source(gaelic, tmp_path):
    root, _out, _proc = gaelic
    xlf = tmp_path / "en.xlf"
    proc = run_build("i18n", "export-xliff", "en-GB", str(xlf), root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'srcLang="gd" trgLang="en-GB"' in xlf.read_text(encoding="utf-8")
    proc = run_build("i18n", "import-xliff", str(xlf), root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_draft_notice_names_the_language_it_was_translated_from(gaelic, tmp_path):
    """"If something is unclear, please read the Scottish Gaelic version": the notice every
    format puts on a draft translation names the publication's language, not English (the
    layouts' own wording, which an English-written publication keeps)."""
    from docx import Document

    root, out, _proc = gaelic
    site = out / "site"
    want = "please read the Scottish Gaelic version"
    page = (site / "en-GB" / "full.html").read_text(encoding="utf-8")
    home = (site / "en-GB" / "index.html").read_text(encoding="utf-8")
    asked = tmp_path / "asked"  # plain text (the flat formats: text, braille) on request
    proc = run_build("request", "--edition", "full", "--lang", "en-GB", "--format", "txt",
                     root=root, out=asked)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = "\n".join(p.read_text(encoding="utf-8") for p in asked.rglob("*.txt"))
    docx = "\n".join(p.text for p in Document(str(site / "en-GB" / "full.docx")).paragraphs)
    for name, got in (("html", page), ("home", home), ("txt", text), ("docx", docx)):
        assert want in got, name
        assert "please read the English version" not in got, name
