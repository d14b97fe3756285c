"""Golden tests (issue 15): the mini fixture's outputs, dumped as text a reviewer can read and
committed under tests/golden/, so any change to what the writers produce shows as a diff.

- HTML: the page as written;
- DOCX: word/document.xml and word/styles.xml, pretty-printed;
- PDF: the structure tree (tags, /Lang, /Alt, /ActualText, nesting), each page's marked text
  through the PDF reader (pdf/reader.py), the fonts, the page labels and the metadata — the
  structure a reader's software sees, not the bytes.

After an intended change: `pytest tests/test_golden.py --regenerate`, then read the diff of
tests/golden/ before committing it."""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import linked_mini, run_build
from lxml import etree

from editions.pdf.reader import PdfFile
from editions.pdf.tree import is_element, kids, labels

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
ARTIFACTS = [f"{lang}/full.{fmt}" for lang in ("en-GB", "pl") for fmt in ("html", "docx", "pdf")]


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    root = linked_mini(tmp_path_factory.mktemp("golden"))
    out = root / "dist"
    proc = run_build("--quiet", "--no-browser", "--edition", "full", root=root, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "site"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_dump(path: Path) -> str:
    """The document part, and of the styles part the defaults and the styles it uses (with
    those they are based on): the template's hundreds of unused styles are left out."""
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
    used = {el.get(W + "val") for tag in ("pStyle", "rStyle", "tblStyle")
            for el in document.iter(W + tag)}
    todo, keep = list(used), set()
    while todo:
        sid = todo.pop()
        if sid in by_id and sid not in keep:
            keep.add(sid)
            based = by_id[sid].find(W + "basedOn")
            todo += [based.get(W + "val")] if based is not None else []
    kept = [styles.find(W + "docDefaults")] + [by_id[s] for s in sorted(keep)]
    text = [etree.tostring(e, pretty_print=True, encoding="unicode") for e in kept
            if e is not None]
    return ("=== word/document.xml\n" + etree.tostring(document, pretty_print=True,
                                                        encoding="unicode")
            + "=== word/styles.xml (defaults and the styles used)\n" + "".join(text))


def _tree(el, depth: int, out: list[str]) -> None:
    attrs = [f"{k}={str(el.get(k))!r}" for k in ("/Lang", "/Alt", "/ActualText", "/ID")
             if k in el]
    out.append("  " * depth + str(el.S)[1:] + (" " + " ".join(attrs) if attrs else ""))
    for kid in kids(el):
        if is_element(kid):
            _tree(kid, depth + 1, out)


def pdf_dump(path: Path) -> str:
    out: list[str] = []
    with PdfFile(path) as doc:
        pdf = doc.pdf
        with pdf.open_metadata() as xmp:
            out.append(f"title: {xmp.get('{http://purl.org/dc/elements/1.1/}title')}")
        out.append(f"lang: {pdf.Root.get('/Lang')}  pages: {len(pdf.pages)}  "
                   f"labels: {labels(pdf)}")
        fonts = sorted({r.font.name for i in range(len(pdf.pages)) for r in doc.page(i).runs})
        out.append(f"fonts: {fonts}")
        out.append("=== structure")
        for kid in kids(doc.tree):
            if is_element(kid):
                _tree(kid, 0, out)
        for index in range(len(pdf.pages)):
            out.append(f"=== page {index + 1}")
            for mcid, parts in sorted(doc.marked_text(index).items()):
                out.append(f"{mcid}: " + "".join(text for _line, text in parts))
            artifacts = "".join(r.text for r in doc.page(index).runs if r.artifact)
            out.append(f"artifacts: {' '.join(artifacts.split())}")
    return "\n".join(out) + "\n"


def dump(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_dump(path)
    if path.suffix == ".pdf":
        return pdf_dump(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("artifact", ARTIFACTS)
def test_output_matches_its_golden_dump(mini_site, artifact, request):
    have = dump(mini_site / artifact)
    golden = GOLDEN / (artifact + ".txt")
    if request.config.getoption("--regenerate"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(have, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden dump for {artifact}: run pytest {__file__} --regenerate"
    want = golden.read_text(encoding="utf-8")
    if have != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), have.splitlines(True),
                                                 f"golden/{artifact}", f"now/{artifact}"))[:80])
        pytest.fail(f"{artifact} changed (if intended: pytest tests/test_golden.py "
                    f"--regenerate, then review tests/golden/):\n{diff}")


def test_the_dump_sees_a_change(mini_site, tmp_path):
    """The PDF dump is not blind: dropping a structure element's /Lang shows in it."""
    src = mini_site / "pl" / "full.pdf"
    before = pdf_dump(src)
    changed = tmp_path / "changed.pdf"
    with pikepdf.open(src) as pdf:
        del pdf.Root.Lang
        pdf.save(changed)
    assert pdf_dump(changed) != before
