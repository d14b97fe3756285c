"""The HTML we wrote, parsed back: one h1, heading order, lang, landmarks, tables."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from conftest import artifact, run_build


class Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(path) -> Tree:
    t = Tree()
    t.feed(path.read_text(encoding="utf-8"))
    return t


@pytest.fixture(scope="module")
def page(built, manifest):
    return parse(artifact(built, manifest, "html"))


def test_lang_title_and_one_h1(page, built, manifest):
    html = dict(page.tags)["html"]
    assert html["lang"] == "en-GB" and html["dir"] == "ltr"
    headings = [int(t[1]) for t, _ in page.tags if len(t) == 2 and t[0] == "h" and t[1].isdigit()]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b <= a + 1 for a, b in zip(headings, headings[1:]))
    text = artifact(built, manifest, "html").read_text(encoding="utf-8")
    assert "<title>North Lanarkshire Children’s Services Plan 2026–2029</title>" in text


def test_skip_link_and_landmarks(page):
    links = [a for t, a in page.tags if t == "a" and "href" in a]
    ids = {a["id"] for _, a in page.tags if "id" in a}
    assert links[0]["href"] == "#main" and "main" in ids
    names = [t for t, _ in page.tags]
    assert names.count("main") == 1 and "header" in names and "footer" in names and "nav" in names


def test_tables_have_captions_and_scoped_headers(page):
    names = [t for t, _ in page.tags]
    assert names.count("table") >= 6 and names.count("caption") == names.count("table")
    ths = [a for t, a in page.tags if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)


def test_contents_links_resolve(page):
    ids = {a["id"] for _, a in page.tags if "id" in a}
    internal = [a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")]
    assert len(internal) > 10 and set(internal) <= ids


def test_no_javascript(page):
    assert not any(t == "script" for t, _ in page.tags)
    assert not any(k.startswith("on") for _, a in page.tags for k in a)


def test_editor_notes_never_published(built, manifest):
    from test_fidelity import docx_text, html_text, pdf_text

    for fmt, reader in (("html", html_text), ("pdf", pdf_text), ("docx", docx_text)):
        text = reader(artifact(built, manifest, fmt))
        for mark in ("Graphics note", "Note for changes", "[image:", "(page ref)", "PAGE REF",
                     "| Word]", "colour of groups"):
            assert mark not in text, (fmt, mark)


def test_audience_selects_sections(mini, tmp_path):
    out = tmp_path / "dist"
    assert run_build("--no-browser", root=mini, out=out).returncode == 0
    full = (out / "site" / "en-GB" / "full.html").read_text(encoding="utf-8")
    summary = (out / "site" / "en-GB" / "summary.html").read_text(encoding="utf-8")
    assert "Only the full edition has this section." in full
    assert "Only the full edition has this section." not in summary
    assert "first paragraph of the small plan" in summary
    # the {priorities} directive renders from the action plan data, with its own number
    assert '<ol>\n<li>Make sure everyone knows about rights.</li>' in full
    # the multilingual notice: each passage carries its language
    assert 'lang="ur" dir="rtl"' in full
