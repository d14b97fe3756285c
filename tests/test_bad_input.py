"""Bad input: one clear message naming file, line and what to do; the other artifacts are still
built; exit status non-zero; nothing already in dist/ is lost or half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_build

INTRO = "content/sections/01-intro.md"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    # name: (file, old, new, expected message parts: file:line, words, fix)
    "malformed front matter": (INTRO, "id: intro", "id: [intro", (f"{INTRO}:2", "malformed YAML",
                                                                   "fix the YAML syntax")),
    "malformed data YAML": ("content/data/glossary.yaml", "  - term: Test Partnership",
                            "  - term: Test Partnership\n   bad: [", (
                                "content/data/glossary.yaml:", "malformed YAML", "fix the YAML")),
    "unknown key": (INTRO, "id: intro", "id: intro\ncolour: blue",
                    (f"{INTRO}:3", "unknown key 'colour'", "use one of")),
    "unknown key in data": ("content/data/action-plan.yaml", "        task_group: voice-uncrc",
                            "        task_group: voice-uncrc\n        owner: me",
                            ("content/data/action-plan.yaml:9", "unknown key 'owner'", "use one of")),
    "missing referenced file": (INTRO, "assets/images/box.png", "assets/images/nothere.png",
                                (f"{INTRO}:12", "does not exist", "add the file")),
    "image without alt": (INTRO, "![A navy outlined box, standing for the partnership]", "![]",
                          (f"{INTRO}:12", "H07", "no alt text", "add `alt:`")),
    "heading skips a level": (INTRO, "## Part one", "### Part one",
                              (f"{INTRO}:14", "H04", "skips a level", "use ## here")),
    "duplicated section id": ("content/sections/03-appendix.md", "id: appendix", "id: intro",
                              ("content/sections/03-appendix.md:4", "duplicate section id 'intro'",
                               f"also used in {INTRO}:4", "give each section its own id")),
    "raw HTML": (INTRO, "This is the first paragraph", "<script>alert(1)</script> This is the first "
                 "paragraph", (f"{INTRO}:6", "raw HTML", "not allowed")),
    "raw HTML block": (INTRO, "## Part one", "<div onclick=x>hi</div>\n\n## Part one",
                       (f"{INTRO}:14", "raw HTML", "was not published")),
    "image path leaves the project": (INTRO, "assets/images/box.png", "../../etc/passwd",
                                      (f"{INTRO}:12", "leaves the project", "relative path")),
    "absolute image path": (INTRO, "assets/images/box.png", "/etc/passwd",
                            (f"{INTRO}:12", "leaves the project",)),
    "file URL": (INTRO, "- one", "- [one](file:///etc/passwd)",
                 (f"{INTRO}:23", "scheme that is not allowed", "https:")),
    "javascript link": (INTRO, "- one", "- [one](javascript:alert(1))",
                        (f"{INTRO}:23", "scheme that is not allowed")),
    "link to #": (INTRO, "- two", "- [two](#)", (f"{INTRO}:24", "E02", "goes nowhere")),
    "placeholder": (INTRO, "- two", "- two (page ref)", (f"{INTRO}:24", "E02",
                                                         "placeholder '(page ref)'", "{editor-note}")),
    "comment debris": (INTRO, "- two", "- two [CSP Glossa… | Word]",
                       (f"{INTRO}:24", "E04", "comment debris", "{editor-note}")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_with_file_line_and_fix(mini, tmp_path, name):
    rel, old, new, expected = CASES[name]
    edit(mini, rel, old, new)
    out = tmp_path / "dist"
    proc = run_build("--no-browser", root=mini, out=out)
    assert proc.returncode == 1, proc.stdout
    lines = [ln for ln in proc.stdout.splitlines() if " error " in ln]
    assert any(all(part in ln for part in expected) for ln in lines), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_other_artifacts_are_still_built(mini, tmp_path):
    """An error in a section only the full edition has: the summary edition is still written."""
    edit(mini, "content/sections/02-more.md", "# More for the full edition",
         "# More for the full edition\n\n### Too deep")
    out = tmp_path / "dist"
    proc = run_build("--no-browser", root=mini, out=out)
    assert proc.returncode == 1
    assert (out / "site" / "en-GB" / "summary.html").is_file()
    assert not (out / "site" / "en-GB" / "full.html").exists()
    assert "Not written: site/en-GB/full.html" in proc.stdout
    manifest = json.loads((out / "manifest.json").read_text())["artifacts"]
    assert [a["path"] for a in manifest] == ["site/en-GB/summary.html"]


def test_published_files_survive_a_broken_build(mini, tmp_path):
    out = tmp_path / "dist"
    assert run_build("--no-browser", root=mini, out=out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*")
              if p.is_file() and "reports" not in p.parts and ".cache" not in p.parts}
    edit(mini, INTRO, "id: intro", "id: [intro")
    assert run_build("--no-browser", root=mini, out=out).returncode == 1
    after = {p: p.read_bytes() for p in out.rglob("*")
             if p.is_file() and "reports" not in p.parts and ".cache" not in p.parts}
    assert after == before  # nothing lost, nothing half-written, manifest unchanged
    assert not list(out.rglob("*.tmp"))


def test_unreadable_publication_file(mini, tmp_path):
    (mini / "content" / "publication.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    proc = run_build("--no-browser", root=mini, out=tmp_path / "dist")
    assert proc.returncode == 1
    assert "content/publication.yaml:" in proc.stdout and "malformed YAML" in proc.stdout


def test_reviewed_exceptions_need_a_reason(mini, tmp_path):
    out = tmp_path / "dist"
    # the Polish edition is partly untranslated: T07 warnings, so --strict fails …
    assert run_build("--strict", "--no-browser", root=mini, out=out).returncode == 1
    exceptions = mini / "content" / "exceptions.yaml"
    exceptions.write_text("exceptions:\n  - rule: T07\n", encoding="utf-8")
    proc = run_build("--no-browser", root=mini, out=out)
    assert proc.returncode == 1
    assert "content/exceptions.yaml:2: error C30: exception for T07 has no reason" in proc.stdout
    # … and a reviewed exception with its reason keeps the finding listed, as excepted
    exceptions.write_text("exceptions:\n  - rule: T07\n    reason: Polish review is booked "
                          "for March.\n", encoding="utf-8")
    proc = run_build("--strict", "--no-browser", root=mini, out=out)
    assert proc.returncode == 0, proc.stdout
    assert "excepted T07" in proc.stdout and "Polish review is booked for March." in proc.stdout
