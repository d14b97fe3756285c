"""A project of several publications (content/<id>/), built into one site, and `build.py new`.

The second publication is another council's report (tests/fixtures/report): no action plan, no
notice, no young edition, tables with lists in cells, a quote holding a list and a quote, and a
Polish translation at 0 %. The project holds nothing but content/ and the plan's content
catalogs: layouts and interface translations come from the tool."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html import unescape

import pytest
from conftest import FIXTURES, ROOT, run_build

PLAN, REPORT = "nl-csp-2026-2029", "riverside-report-2023"
NAMES = {PLAN: ["North Lanarkshire", "Children’s Services", "Lanarkshire", PLAN],
         REPORT: ["Riverside", "Family Hub", "Family Services", REPORT]}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content" / PLAN, root / "content" / PLAN)
    shutil.copytree(FIXTURES / "report" / "content" / REPORT, root / "content" / REPORT)
    for po in (ROOT / "translations").glob(f"*/{PLAN}.po"):  # the plan's translations only
        (root / "translations" / po.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(po, root / "translations" / po.parent.name / po.name)
    out = root / "dist"
    first = run_build("--publication", REPORT, "--no-browser", root=root, out=out)
    assert first.returncode == 0, first.stdout + first.stderr
    second = run_build("--publication", PLAN, "--edition", "young", "--lang", "en-GB,ur",
                       root=root, out=out)
    assert second.returncode == 0, second.stdout + second.stderr
    return root, out, first.stdout + second.stdout


def _text(path) -> str:
    """What a reader gets from a file: HTML and XML as text, a PDF through pdftotext, a DOCX's
    document, header and footer parts and its properties."""
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        import pikepdf

        with pikepdf.open(path) as pdf:
            text += " ".join(str(v) for v in pdf.docinfo.values())
        return text
    if path.suffix in (".docx", ".epub"):
        with zipfile.ZipFile(path) as z:
            return unescape(" ".join(z.read(n).decode("utf-8") for n in z.namelist()
                                     if n.endswith((".xml", ".xhtml", ".opf", ".css"))))
    if path.suffix == ".mp3":  # what a player shows: the tags, chapter titles included
        from mutagen.id3 import ID3

        return " ".join(str(frame) for frame in ID3(path).values()) + " ".join(
            str(sub) for chap in ID3(path).getall("CHAP") for sub in chap.sub_frames.values())
    if path.suffix == ".brf":  # read back into print with liblouis (English: the braille
        from editions import braille  # of names is the same in every table used here)

        cells = braille.from_brf(path.read_text(encoding="ascii"))
        return " ".join(braille.back_translate(line, "en-GB") for line in cells.splitlines())
    return unescape(path.read_text(encoding="utf-8"))


def test_each_publication_speaks_only_of_itself(site):
    _, out, _ = site
    for pub, other in ((PLAN, REPORT), (REPORT, PLAN)):
        files = [p for p in (out / "site" / pub).rglob("*") if p.is_file()]
        kinds = {p.suffix for p in files}
        assert {".html", ".pdf", ".docx", ".xml", ".epub", ".brf", ".txt"} <= kinds, (pub, kinds)
        for path in files:
            text = _text(path)
            for name in NAMES[other]:
                assert name not in text, f"{path.relative_to(out)} names {name!r}"


def test_the_site_home_lists_both_publications_in_every_language(site):
    _, out, _ = site
    home = unescape((out / "site/en-GB/index.html").read_text(encoding="utf-8"))
    assert f'href="../{PLAN}/en-GB/index.html"' in home
    assert f'href="../{REPORT}/en-GB/index.html"' in home
    assert "Riverside Council Family Services Report 2020–2023" in home
    assert "North Lanarkshire Children’s Services Plan 2026–2029" in home
    urdu = unescape((out / "site/ur/index.html").read_text(encoding="utf-8"))
    assert 'lang="ur" dir="rtl"' in urdu
    assert f'href="../{PLAN}/ur/index.html"' in urdu  # the plan is in Urdu
    # the report is not: its link opens the English, said so and marked as English
    assert re.search(rf'<a href="\.\./{REPORT}/en-GB/index\.html" hreflang="en-GB" '
                     r'lang="en-GB" dir="ltr">(<bdi dir="ltr">)?Riverside', urdu)
    for lang in ("en-GB", "ur"):  # each language's home lists the other (hreflang), x-default
        page = (out / f"site/{lang}/index.html").read_text(encoding="utf-8")
        assert '<link rel="alternate" hreflang="en-GB" href="../en-GB/index.html">' in page
        assert '<link rel="alternate" hreflang="ur" href="../ur/index.html">' in page
        assert 'hreflang="x-default" href="../en-GB/index.html"' in page
    chooser = (out / "site/index.html").read_text(encoding="utf-8")
    assert 'href="en-GB/index.html"' in chooser and 'href="ur/index.html"' in chooser
    # each publication's own pages lead back to the site home
    report_home = (out / f"site/{REPORT}/en-GB/index.html").read_text(encoding="utf-8")
    assert 'href="../../en-GB/index.html">All publications</a>' in report_home
    assert (out / f"site/{REPORT}/accessibility-statement.html").is_file()
    assert (out / "site/accessibility-statement.html").is_file()


def test_one_sitemap_covers_every_publication(site):
    _, out, _ = site
    sitemap = (out / "site/sitemap.xml").read_text(encoding="utf-8")
    for page in ("en-GB/index.html", "ur/index.html", f"{PLAN}/en-GB/young.html",
                 f"{PLAN}/ur/young.html", f"{REPORT}/en-GB/report.html",
                 f"{REPORT}/en-GB/downloads.html"):
        assert f"<loc>{page}</loc>" in sitemap, page
    young = sitemap.split(f"<loc>{PLAN}/en-GB/young.html</loc>")[1].split("</url>")[0]
    assert f'hreflang="ur" href="{PLAN}/ur/young.html"' in young


def test_the_report_keeps_its_tables_lists_and_quotes(site):
    _, out, _ = site
    page = (out / f"site/{REPORT}/en-GB/report.html").read_text(encoding="utf-8")
    # the first column heads its row; the glossary term is linked at its first use
    assert '<th scope="row"><a href="#term-family-hub">Family Hub</a></th>' in page
    cell = page.split("Family Hub</a></th>")[1].split("</tr>")[0]
    assert "<li>Advice on money</li>" in cell and "<li>Parenting groups</li>" in cell
    quote = page.split("<blockquote", 1)[1]  # the quote, with its list and its inner quote
    assert "<li>they want one person to call;</li>" in quote.split("<blockquote")[0]
    assert re.match(r'[^>]*>\s*<p>We should not have to tell our story five times.</p>\s*'
                    r'</blockquote>\s*</blockquote>', quote.split("<blockquote")[1])
    pdf = _text(out / f"site/{REPORT}/en-GB/report.pdf")
    assert "Advice on money" in pdf and "tell our story five times" in pdf


def test_a_language_with_nothing_translated_is_not_published_and_said(site):
    _, out, stdout = site
    assert not (out / f"site/{REPORT}/pl").exists()
    assert "warning T07: nothing of report is translated into pl yet" in stdout


def test_one_publication_rebuilds_alone_and_the_home_still_lists_both(site):
    root, out, _ = site
    before = (out / f"site/{PLAN}/en-GB/young.pdf").stat().st_mtime_ns
    proc = run_build("--publication", REPORT, "--format", "html", "--no-browser", root=root,
                     out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / f"site/{PLAN}/en-GB/young.pdf").stat().st_mtime_ns == before
    home = (out / "site/en-GB/index.html").read_text(encoding="utf-8")
    assert f"../{PLAN}/en-GB/index.html" in home and f"../{REPORT}/en-GB/index.html" in home
    wrong = run_build("--publication", "no-such-report", root=root, out=out)
    assert wrong.returncode == 1
    assert "no publication 'no-such-report' in content/" in wrong.stdout
    assert f"use one of: {PLAN}, {REPORT}" in wrong.stdout and "Traceback" not in wrong.stderr


def test_a_publication_folder_must_carry_its_own_id(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "report" / "content" / REPORT, root / "content" / "other-name")
    proc = run_build("--no-browser", root=root, out=tmp_path / "dist")
    assert proc.returncode == 1
    assert re.search(r"content/other-name/publication.yaml:\d+: error C04: the publication's "
                     rf"id '{REPORT}' is not the name of its folder 'other-name'", proc.stdout)


def test_new_makes_a_publication_that_builds_with_no_errors(tmp_path):
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    made = run_build("new", "annual-report-2025", "Annual Report 2025", root=root)
    assert made.returncode == 0, made.stdout + made.stderr
    pub = root / "content/annual-report-2025/publication.yaml"
    text = pub.read_text(encoding="utf-8")
    for key in ("type", "subtitle", "tagline", "period", "introduction", "date", "languages",
                "description", "publish_at", "sections", "glossary"):  # every key, commented
        assert re.search(rf"^\s*#?\s*{key}:", text, re.M), key
    proc = run_build("--no-browser", root=root, out=tmp_path / "dist")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Findings: 0 errors" in proc.stdout
    page = (tmp_path / "dist/site/annual-report-2025/en-GB/full.html").read_text("utf-8")
    assert "<h1>Annual Report 2025</h1>" in page or "Annual Report 2025</h1>" in page
    assert 'href="#' in page.split("such as")[1][:300]  # the glossary term is linked
    for name in ("annual-report-2025", "nl-csp"):  # a second `new` beside it; an id clash
        again = run_build("new", name, root=root)
        assert again.returncode == (1 if name == "annual-report-2025" else 0)
    assert "already exists" in run_build("new", "annual-report-2025", root=root).stderr


def test_new_in_a_project_of_one_says_how_to_move_it(mini):
    proc = run_build("new", "second", root=mini)
    assert proc.returncode == 1
    assert "move it into a folder of its own first" in proc.stderr
    assert not (mini / "content/second").exists()


def test_interface_strings_are_found_through_a_symlinked_layouts_folder(tmp_path):
    """i18n extract reads the tool's layouts and the project's own, a symbolic link included
    (it found 20 of 34 strings through a linked layouts/ before)."""
    from babel.messages.pofile import read_po

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "report" / "content", root / "content")
    (root / "layouts").symlink_to(ROOT / "layouts", target_is_directory=True)
    proc = run_build("i18n", "extract", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(root / "translations/messages.pot", "rb") as f:
        found = {m.id for m in read_po(f) if m.id}
    with open(ROOT / "translations/messages.pot", "rb") as f:
        tool = {m.id for m in read_po(f) if m.id and not any(
            loc.startswith("content/") for loc, _ in m.locations)}
    assert tool <= found, sorted(tool - found)[:5]
    assert "Riverside Council Family Services Report 2020–2023" in found  # its own labels


def test_without_any_layouts_the_error_says_what_to_do(tmp_path, monkeypatch):
    from editions.config import BuildConfig

    cfg = BuildConfig(root=tmp_path, out=tmp_path / "dist")
    monkeypatch.setattr("editions.config.TOOL", tmp_path / "nowhere")
    from editions.pipeline import build_publication

    result = build_publication(cfg)
    (finding,) = result.findings
    assert finding.rule == "C21" and "the layouts are missing" in finding.message
    assert "--root" not in finding.format()


def test_a_build_of_one_translation_keeps_the_chooser_in_the_source_language(tmp_path):
    """`--lang pl` alone into an empty folder: the site home's language chooser is still
    written in the publication's own language (its text is English), and checked as such —
    H01 once expected the only language built, so such a build failed its own checks."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content" / PLAN, root / "content" / PLAN)
    (root / "translations" / "pl").mkdir(parents=True)
    shutil.copy(ROOT / "translations" / "pl" / f"{PLAN}.po", root / "translations" / "pl")
    out = root / "dist"
    proc = run_build("--lang", "pl", "--edition", "glossary", "--format", "html", "--no-browser",
                     root=root, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    chooser = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in chooser and 'hreflang="pl"' in chooser
    assert (out / "site" / "pl" / "index.html").is_file()
