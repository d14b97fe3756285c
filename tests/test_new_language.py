"""A sixth language by data alone (issue 15): the mini fixture with Ukrainian added — one line in
publication.yaml (and two more formats for its edition), a catalog made by `i18n update` with a few segments translated (drafts) —
builds every format of its edition with no code change, and each artifact is in Ukrainian as
its reader's software needs it: the HTML's lang and the switcher's own name for the language
(Babel's), the PDF's /Lang, the DOCX's w:lang, the EPUB's dc:language."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po
from conftest import FIXTURES, ROOT, run_build

LANG = "uk"
DRAFTS = {  # a few segments, as a translator's first pass would leave them (draft)
    "Introduction": "Вступ",
    "This is the first paragraph of the small plan used by the tests.":
        "Це перший абзац малого плану, який використовують тести.",
}


@pytest.fixture(scope="module")
def ukrainian(tmp_path_factory):
    root = tmp_path_factory.mktemp("uk") / "project"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "layouts").symlink_to(ROOT / "layouts", target_is_directory=True)
    pub = root / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    text = text.replace("languages: [en-GB, pl]", f"languages: [en-GB, pl, {LANG}]")
    pub.write_text(text.replace("formats: [html, pdf, docx]", "formats: [html, pdf, docx, txt, "
                                "epub]"), encoding="utf-8")
    proc = run_build("i18n", "update", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    catalog = root / "translations" / LANG / "content.po"
    with catalog.open("rb") as f:
        po = read_po(f)
    for msg in po:
        if msg.id in DRAFTS:
            msg.string = DRAFTS[msg.id]
    with catalog.open("wb") as f:
        write_po(f, po)
    out = root / "dist"
    proc = run_build("--quiet", "--lang", LANG, "--format", "html,pdf,docx,txt,epub", root=root,
                     out=out)
    return root, out, proc


def test_the_build_has_no_errors(ukrainian):
    _root, out, proc = ukrainian
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((out / "reports" / "build.json").read_text(encoding="utf-8"))
    assert not [f for f in report["findings"] if f["level"] == "error"]
    made = {a["format"] for a in report["artifacts"] if a["lang"] == LANG}
    assert made == {"html", "pdf", "docx", "txt", "epub"}


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
