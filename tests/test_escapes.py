"""One test per escape found by the security review: nothing from the content, the translations
or the configuration reaches a page as markup, and nothing outside its folder is published."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from conftest import active_markup, run_build

PUB = "content/publication.yaml"
SCRIPT = "<script>alert(1)</script>"
ATTR = 'x" onmouseover="alert(1)'


def edit_yaml(root: Path, rel: str, fn) -> None:
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    fn(data)
    (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def scan(out: Path) -> list[str]:
    """Published files with a script, an event-handler attribute or a javascript: address."""
    bad = []
    for f in (out / "site").rglob("*"):
        if f.suffix in (".html", ".xml"):
            found = active_markup(f.read_text(encoding="utf-8"))
            if found:
                bad.append(f"{f.relative_to(out).as_posix()}: {found}")
    return bad


def test_metadata_and_translations_are_escaped_on_every_page(mini, tmp_path):
    """Titles, publisher, edition titles, the contact name and a messages.po msgstr holding
    markup are published as text (Jinja's new-style gettext used to mark them safe)."""
    def hostile(d):
        d["title"] = f"Plan {SCRIPT}"
        d["short_title"] = f"Plan {SCRIPT}"
        d["publisher"] = ATTR
        d["contact"]["name"] = f"{SCRIPT} {ATTR}"
        d["editions"][1]["title"] = f"Summary {ATTR}"
    edit_yaml(mini, PUB, hostile)
    po = mini / "translations/pl/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'(msgid "Skip to main content"\nmsgstr )"[^"]*"',
                         r'\1"<script>alert(2)</script>"', text)
                  .replace('msgid "Languages"\nmsgstr "', 'msgid "Languages"\nmsgstr "x\\" '
                           'onmouseover=\\"alert(3)'), encoding="utf-8")
    out = tmp_path / "dist"
    proc = run_build("--format", "html", "--no-browser", root=mini, out=out)
    assert "Traceback" not in proc.stdout + proc.stderr
    pages = list((out / "site").rglob("*.html"))
    assert len(pages) >= 5, proc.stdout
    assert scan(out) == []
    home = (out / "site/en-GB/index.html").read_text(encoding="utf-8")
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt;" in home  # shown as the text it is
    pl = (out / "site/pl/full.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in pl
    assert 'aria-label="x&#34; onmouseover=&#34;alert(3)' in pl


def test_edition_id_or_presentation_cannot_write_outside_out(mini, tmp_path):
    setters = {"edition id": lambda d: d["editions"][1].__setitem__("id", "../../../escape"),
               "presentation": lambda d: d["editions"][1].__setitem__(
                   "presentations", ["../../../escape"])}
    for name, setter in setters.items():
        root = tmp_path / name.replace(" ", "-")
        shutil.copytree(mini, root)
        edit_yaml(root, PUB, setter)
        proc = run_build("--no-browser", "--format", "html", root=root, out=root / "dist")
        assert proc.returncode == 1
        assert re.search(r"content/publication\.yaml:\d+: error C04: .*lowercase-with-hyphens",
                         proc.stdout + proc.stderr), name
        assert not list(tmp_path.rglob("escape*"))
        assert not (root / "dist/manifest.json").exists()


def test_figure_only_from_assets_and_only_pictures(mini, tmp_path):
    (mini / ".git").mkdir()
    (mini / ".git/config").write_text("[core]\n\trepositoryformatversion = 0\n")
    (mini / "assets/images/config.png").write_text("[core]\n\tbare = false\n")
    intro = mini / "content/sections/01-intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n```{figure}\nsrc: .git/config\n"
                     "alt: The sea at night\n```\n\n![The sea at dawn](assets/images/config.png)"
                     "\n", encoding="utf-8")
    out = tmp_path / "dist"
    proc = run_build("--no-browser", "--edition", "summary", root=mini, out=out)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert re.search(r"01-intro.md:\d+: error C20: image '.git/config' is not in the assets/ "
                     "folder", text), text
    assert re.search(r"01-intro.md:\d+: error C20: assets/images/config.png is not a PNG, JPEG",
                     text), text
    for f in out.rglob("*"):
        if f.is_file():
            assert b"repositoryformatversion" not in f.read_bytes()
            assert b"W2NvcmVd" not in f.read_bytes()  # "[core]" in base64


def test_section_paths_and_symlinks_cannot_publish_outside_the_content(mini, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.md").write_text("---\nid: secret\n---\n# Secret\n\nTOP-SECRET-TEXT\n")
    cases = {
        "path": lambda root: edit_yaml(root, PUB, lambda d: d["sections"].append(
            "../../secret/s.md")),
        "symlinked section": lambda root: (
            (root / "content/sections/01-intro.md").unlink(),
            (root / "content/sections/01-intro.md").symlink_to(secret / "s.md")),
        "symlinked data": lambda root: (
            shutil.move(root / "content/data", secret / "data"),
            (root / "content/data").symlink_to(secret / "data")),
    }
    for name, mutate in cases.items():
        root = tmp_path / name.replace(" ", "-")
        shutil.copytree(mini, root)
        mutate(root)
        out = root / "dist"
        proc = run_build("--no-browser", "--format", "html", root=root, out=out)
        text = proc.stdout + proc.stderr
        assert proc.returncode == 1, (name, text)
        assert re.search(r"content/\S+:\d+: error C20: .*(leaves|symbolic link)", text), text
        for f in out.rglob("*"):
            assert not f.is_file() or b"TOP-SECRET-TEXT" not in f.read_bytes(), (name, f)
