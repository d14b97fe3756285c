"""The website (issue 6): downloads page, hreflang, sitemap, incremental builds, shards, serve."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from conftest import PLAN, ROOT, run_build

LANGS = {"en-GB", "gd", "pl", "zh-Hans", "ur"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[dict, str]] = []
        self.alternates: dict[str, str] = {}
        self._a: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a":
            self._a, self._text = a, []

    def handle_data(self, data):
        if self._a is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._a is not None:
            self.links.append((self._a, "".join(self._text)))
            self._a = None


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def site_pages(built: Path) -> list[Path]:
    return sorted((built / "site").rglob("*.html"))


def test_downloads_page_links_every_artifact_with_its_size(built, manifest):
    page = parse(built / "site" / PLAN / "en-GB" / "downloads.html")
    links = {(built / "site" / PLAN / "en-GB" / a["href"]).resolve(): text
             for a, text in page.links
             if "href" in a and not a["href"].startswith(("mailto:", "#", "http"))}
    for entry in manifest:
        target = (built / entry["path"]).resolve()
        assert target in links, entry["path"]
        text = links[target]
        fmt = {"html": "web page", "pdf": "PDF", "docx": "Word document", "epub": "EPUB e-book",
               "brf": "BRF braille", "txt": "plain text", "mp3": "MP3 audio",
               "talking-book": "talking book EPUB"}[entry["format"]]
        m = re.search(r"\((.+), ([\d.,]+) (KB|MB)\)$", text)
        assert m and m.group(1) == fmt, text
        shown = float(m.group(2).replace(",", "")) * (1024 if m.group(3) == "KB" else 1024 ** 2)
        assert abs(shown - entry["bytes"]) <= 0.05 * (1024 if m.group(3) == "KB" else 1024 ** 2) \
            + 1, (text, entry["bytes"])


def test_hreflang_is_reciprocal_with_x_default(built):
    pages = {p.relative_to(built / "site").as_posix(): parse(p) for p in site_pages(built)}
    for name, page in pages.items():
        if Path(name).parent.name not in LANGS:
            continue  # the choosers and the statements stand outside the language folders
        assert "x-default" in page.alternates, name
        for href in page.alternates.values():
            other = (Path(name).parent / href).as_posix()
            other = os.path.normpath(other)
            assert other in pages, (name, href)
            back = pages[other].alternates
            assert any(os.path.normpath((Path(other).parent / h).as_posix()) == name
                       for h in back.values()), (name, other)


def test_sitemap_lists_every_page(built):
    xml = (built / "site" / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    pages = {p.relative_to(built / "site").as_posix() for p in site_pages(built)}
    assert pages <= locs, sorted(pages - locs)[:5]


def test_every_page_links_help_and_statement(built):
    for p in site_pages(built):
        page = parse(p)
        hrefs = [a.get("href", "") for a, _ in page.links]
        assert any(h.startswith("mailto:") for h in hrefs), p  # H21: contact on every page
        if p.name != "accessibility-statement.html":
            assert any(h.endswith("accessibility-statement.html") for h in hrefs), p


def test_second_build_rewrites_nothing(mini, tmp_path):
    out = tmp_path / "dist"
    assert run_build("--no-browser", root=mini, out=out).returncode == 0
    files = [p for p in (out / "site").rglob("*") if p.is_file()]
    before = {p: p.stat().st_mtime_ns for p in files}
    time.sleep(0.05)
    proc = run_build("--no-browser", root=mini, out=out)
    assert proc.returncode == 0 and "(7 unchanged" in proc.stdout
    assert {p: p.stat().st_mtime_ns for p in files} == before


def test_no_op_builds_short_circuit_per_set_of_options(mini, tmp_path):
    """serve alternates web pages only / all formats: each set of options remembers its own
    last build, so an unchanged project is confirmed without selecting or rendering anything
    (the build then records no stage timings)."""
    out = tmp_path / "dist"

    def timings(*args):
        assert run_build(*args, "--no-browser", root=mini, out=out).returncode == 0
        return json.loads((out / "reports" / "build.json").read_text("utf-8"))["timings"]

    assert "write pdf" in timings()
    assert "write html" not in timings("--format", "html")  # HTML cached, but selected again
    assert timings() == {}
    assert timings("--format", "html") == {}


def test_an_edit_rebuilds_only_what_depends_on_it(mini, tmp_path):
    """With the browser (the tests' other mini builds leave it out): an edit renders again
    only the artifacts it changes, and the browser checks again only the pages whose bytes
    changed; the others keep their findings (verify.py's cache by page digest)."""
    out = tmp_path / "dist"
    assert run_build(root=mini, out=out).returncode == 0
    first = json.loads((out / "reports" / "build.json").read_text("utf-8"))["browser"]
    assert first["ran"] and first["rechecked"] == first["pages"]
    summary = out / "site" / "en-GB" / "summary.html"
    stamp = summary.stat().st_mtime_ns
    more = mini / "content" / "sections" / "02-more.md"  # a section only the full edition has
    more.write_text(more.read_text(encoding="utf-8").replace("Only the full edition",
                                                             "Only the full plan"), "utf-8")
    proc = run_build(root=mini, out=out)
    assert proc.returncode == 0 and "(1 unchanged" in proc.stdout  # summary.html kept
    assert summary.stat().st_mtime_ns == stamp
    assert "Only the full plan" in (out / "site" / "en-GB" / "full.html").read_text("utf-8")
    again = json.loads((out / "reports" / "build.json").read_text("utf-8"))["browser"]
    assert again["pages"] == first["pages"] and 0 < again["rechecked"] < again["pages"]
    assert "Browser checks: axe-core" in proc.stdout


def test_shards_cover_every_artifact_once_and_merge(mini, tmp_path):
    full = tmp_path / "all"
    assert run_build("--no-browser", root=mini, out=full).returncode == 0
    every = {a["path"] for a in json.loads((full / "manifest.json").read_text())["artifacts"]}
    seen: list[str] = []
    for i in (1, 2, 3):
        out = tmp_path / f"shard{i}"
        assert run_build("--no-browser", "--shard", f"{i}/3", root=mini, out=out).returncode == 0
        seen += [a["path"] for a in json.loads((out / "manifest.json").read_text())["artifacts"]]
    assert sorted(seen) == sorted(every)  # each artifact exactly once
    merged = tmp_path / "merged"
    proc = run_build("merge", *(str(tmp_path / f"shard{i}") for i in (1, 2, 3)), root=mini,
                     out=merged)
    assert proc.returncode == 0
    assert {a["path"] for a in json.loads((merged / "manifest.json").read_text())["artifacts"]} \
        == every


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - localhost only
        return r.read().decode("utf-8")


def test_serve_rebuilds_after_a_file_change(mini, tmp_path):
    port = _free_port()
    out = tmp_path / "dist"
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(mini), "--out",
                             str(out), "-j", "1", "serve", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output = ""
    deadline = time.time() + 120

    def wait_for(pattern: str, after: str = "") -> None:
        """Read the server's terminal until `pattern` appears (after `after`, if given)."""
        nonlocal output
        def since() -> str:
            return output if not after else output.partition(after)[2]

        while not re.search(pattern, since()):
            assert time.time() < deadline and proc.poll() is None, output
            if select.select([proc.stdout], [], [], 1)[0]:
                output += proc.stdout.readline()

    try:
        url = f"http://127.0.0.1:{port}/en-GB/full.html"
        wait_for("serving .* at http://127.0.0.1")  # after the web pages: the preview is up
        assert "first paragraph of the small plan" in _get(url)
        wait_for("all formats rebuilt")
        intro = mini / "content" / "sections" / "01-intro.md"
        intro.write_text(intro.read_text(encoding="utf-8").replace(
            "first paragraph of the small plan", "first paragraph, saved while serving"), "utf-8")
        marker = "changed: content/sections/01-intro.md"
        # the web pages first (the preview), then the PDF and DOCX files
        wait_for(r"web pages rebuilt in [\d.]+ s: [1-9]\d* changed", marker)
        assert "saved while serving" in _get(url)
        wait_for(r"all formats rebuilt in [\d.]+ s: [1-9]\d* changed", marker)
    finally:
        proc.send_signal(signal.SIGINT)
        try:  # a loaded machine (the whole suite on 2 cores) can take a while to wind down
            output += proc.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output += proc.communicate()[0] + "\n(killed: no exit 60 s after Ctrl+C)"
    assert output.rstrip().endswith("stopped"), output  # Ctrl+C stops it cleanly
    assert "Traceback" not in output, output


def test_sitemap_uses_the_public_address(mini, tmp_path):
    from conftest import run_build

    out = tmp_path / "dist"
    proc = run_build("--format", "html", "--no-browser", "--base-url",
                     "https://example.org/plan", root=mini, out=out)
    assert "Artifacts written" in proc.stdout, proc.stdout + proc.stderr
    xml = (out / "site" / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r'<loc>([^<]+)</loc>|href="([^"]+)"', xml)
    urls = [a or b for a, b in urls]
    assert urls and all(u.startswith("https://example.org/plan/") for u in urls), urls[:3]
    assert "https://example.org/plan/en-GB/full.html" in urls
    bad = run_build("--base-url", "javascript:alert(1)", root=mini, out=out)
    assert bad.returncode != 0 and "--base-url must be an http(s) address" in bad.stderr


def test_urdu_site_pages_isolate_latin_names(mini, tmp_path):
    """T04 on the site pages: an Urdu page whose publisher and contact names are not translated
    (the mini project has no Urdu catalog) shows them in <bdi dir="ltr">, in the header, the
    downloads page and the footer, and the build passes its own checks; the publication lists
    no `languages:`, so the Urdu edition alone puts Urdu on the site."""
    pub = mini / "content" / "publication.yaml"
    text = pub.read_text(encoding="utf-8")
    assert "languages: [en-GB, pl]" in text and "\nlanguages:" not in text
    pub.write_text(text.replace("languages: [en-GB, pl]", "languages: [en-GB, ur]"),
                   encoding="utf-8")
    out = tmp_path / "dist"
    proc = run_build("--format", "html", "--no-browser", root=mini, out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    index = (out / "site" / "ur" / "index.html").read_text(encoding="utf-8")
    downloads = (out / "site" / "ur" / "downloads.html").read_text(encoding="utf-8")
    header = index.split("</header>")[0]
    footer = index.split("<footer")[1]
    assert '<a class="home-link" href="index.html"><bdi dir="ltr">Test Partnership</bdi></a>' \
        in header
    assert '<bdi dir="ltr">Communications</bdi>' in footer
    assert "© <bdi dir=\"ltr\">Test Partnership</bdi>" in footer
    assert downloads.count('<bdi dir="ltr">Communications</bdi>') == 2  # the ask, the footer
    english = (out / "site" / "en-GB" / "index.html").read_text(encoding="utf-8")
    assert "<bdi" not in english.split("</header>")[0]
