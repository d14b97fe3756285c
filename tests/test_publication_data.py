"""Publications are data: a report with no action plan, no notice, no young edition, no date and
no translation yet builds with the words of its own kind and nothing about parts it lacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape

import pytest
import yaml
from conftest import PLAN, run_build

REPORT = {
    "id": "annual-report", "type": "report",
    "title": "Riverside Council Annual Report 2020–2023", "period": "2020–2023",
    "subtitle": "What our services did for families", "tagline": "Listening, then acting",
    "publisher": "Riverside Council", "lang": "en-GB", "languages": ["en-GB", "pl"],
    "contact": {"name": "Press Office", "email": "press@riverside.example"},
    "sections": ["sections/01-intro.md"],
    "editions": [{"id": "report", "title": "Riverside Council Annual Report 2020–2023",
                  "audience": "full", "languages": ["en-GB", "pl"],
                  "presentations": {"standard": ["html", "pdf", "docx"]}}],
}


@pytest.fixture()
def report(mini):
    """The fixture project turned into another council's report."""
    for rel in ("content/data", "translations/pl/content.po", "content/sections/02-more.md",
                "content/sections/03-appendix.md"):
        path = mini / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    po = mini / "translations/pl/LC_MESSAGES/messages.po"
    po.write_text(re.sub(r'msgid "Plan"\nmsgstr "[^"]*"', 'msgid "Plan"\nmsgstr ""',
                         po.read_text(encoding="utf-8")), encoding="utf-8")
    (mini / "content/publication.yaml").write_text(yaml.safe_dump(REPORT, allow_unicode=True),
                                                  encoding="utf-8")
    intro = mini / "content/sections/01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "{editor-note}`(page ref)`", "plain words"), encoding="utf-8")
    return mini


def _pages(out):
    return {p.relative_to(out).as_posix(): unescape(p.read_text(encoding="utf-8"))
            for p in (out / "site").rglob("*.html")}


def test_a_report_speaks_of_itself(report, tmp_path):
    out = tmp_path / "dist"
    proc = run_build("--no-browser", root=report, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = _pages(out)
    for path, text in pages.items():  # nothing of the plan it was copied from
        assert not re.search(r"North Lanarkshire|\bthe plan\b|action plan", text), path
    page = pages["site/en-GB/report.html"]
    assert '<p class="doc-type">Report</p>' in page
    assert "What our services did for families" in page and "Listening, then acting" in page
    assert "Published by Riverside Council</p>" in page  # no date: none printed
    assert "Every edition of the report in every language" in pages["site/en-GB/downloads.html"]
    home = pages["site/en-GB/index.html"]
    assert 'class="lead"' not in home  # no introduction given: no plan's sentence either
    # nothing translated into Polish: no Polish edition (under its publish_at), and it is said
    assert not any(p.startswith("site/pl/") for p in pages)
    assert "warning T07: nothing of report is translated into pl yet: it is not published " \
        "in pl" in proc.stdout
    assert "Polski" not in home and "hreflang=\"pl\"" not in home
    statement = pages["site/accessibility-statement.html"]
    assert "young" not in statement and "drafts" not in statement and "prepared on" not in statement
    assert "shown in English until they are translated" in statement
    assert "<lastmod>" not in (out / "site/sitemap.xml").read_text(encoding="utf-8")
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out / "site/en-GB/report.pdf"),
                            "-"], capture_output=True, text=True, check=True).stdout
    assert cover.count("2020–2023") == 1  # the title says it; no second period line
    assert "What our services did for families" in cover and "Listening, then acting" in cover
    import docx

    word = docx.Document(str(out / "site/en-GB/report.docx"))
    subtitles = [p.text for p in word.paragraphs if p.style.name == "Subtitle"]
    assert subtitles == ["What our services did for families", "Listening, then acting",
                         "Published by Riverside Council"]
    assert word.core_properties.category == "Report" and word.core_properties.created is None


def test_a_directive_needs_its_data_file(report, tmp_path):
    intro = report / "content/sections/01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n```{glossary}\n```\n",
                     encoding="utf-8")
    out = tmp_path / "dist"
    proc = run_build("--no-browser", "--format", "html", root=report, out=out)
    assert proc.returncode == 1
    assert re.search(r"content/sections/01-intro.md:\d+: error C21: \{glossary\} needs "
                     r"data/glossary.yaml beside publication.yaml, which this publication does not have",
                     proc.stdout), proc.stdout
    assert not (out / "site/en-GB/report.html").exists()  # held back, not half-built


def test_task_groups_come_from_the_action_plan(mini, tmp_path):
    plan = mini / "content/data/action-plan.yaml"
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["task_groups"] = ["voice-uncrc"]
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run_build("--no-browser", "--format", "html", root=mini,
                     out=tmp_path / "a").returncode == 0
    data["task_groups"] = ["listening"]
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = run_build("--no-browser", "--format", "html", root=mini, out=tmp_path / "b")
    assert proc.returncode == 1
    assert "unknown task group 'voice-uncrc' — use one of: listening" in proc.stdout


def test_the_plan_keeps_its_words(built):
    """The first publication says what it said before, now from its own data."""
    home = unescape((built / f"site/{PLAN}/en-GB/index.html").read_text(encoding="utf-8"))
    assert "The plan says how the council, the NHS and their partners" in home
    assert "the plan explained for children and young people." in home
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    # 3 editions × 5 languages × (HTML, PDF, DOCX, EPUB, BRF, TXT + large-print PDF and DOCX),
    # audio of the young edition and the glossary in every language
    formats = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
    assert len(manifest["artifacts"]) == 120 + 10 + sum(a["format"] == "talking-book"
                                                      for a in formats)
