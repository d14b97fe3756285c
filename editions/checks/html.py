"""HTML checks a parser can decide (H01, H03, H04, H05, H06, H07, H09) and E01."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .. import model as m
from ..findings import Finding
from ..select import EditionDoc
from . import published_notes


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.title = ""
        self.in_title = False
        self.headings: list[tuple[int, int]] = []  # (level, line)
        self.ids: set[str] = set()
        self.landmarks: dict[str, int] = {}
        self.first_focusable: tuple[str, dict] | None = None
        self.images: list[tuple[dict, int]] = []
        self.tables: list[dict] = []
        self.text: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag == "body":
            self.in_body = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append((int(tag[1]), line))
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks[tag] = self.landmarks.get(tag, 0) + 1
        if self.first_focusable is None and (tag in ("a", "button", "input", "select", "textarea")
                                             and (tag != "a" or "href" in a)):
            self.first_focusable = (tag, a)
        if tag == "img":
            self.images.append((a, line))
        if tag == "table":
            self.tables.append({"line": line, "caption": False, "th": 0, "th_noscope": 0,
                                "th_empty": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            if a.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                self.tables[-1]["th_noscope"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif self.in_body:
            self.text.append(data)


_BLOCKS = ("p", "li", "dt", "dd", "figcaption", "caption", "th", "td")
_SKIP_CLASSES = ("glossary", "notice", "contents")


class _SectionText(HTMLParser):
    """Paragraph-level text of each top-level section (h2) inside <main>, for CF rules.
    The glossary, the multilingual notice and the contents list are not the edition's prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, list[str]]] = []
        self.in_h2 = False
        self.skip_depth: list[str] = []
        self.buf: list[str] = []
        self.in_main = False

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text and self.sections and not self.skip_depth:
            self.sections[-1][1].append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "main":
            self.in_main = True
        if any(c in a.get("class", "").split() for c in _SKIP_CLASSES) or a.get("lang", "") \
                not in ("", self.lang):
            self.skip_depth.append(tag)
        elif self.skip_depth and tag == self.skip_depth[-1]:
            self.skip_depth.append(tag)
        if tag == "h2" and self.in_main and not self.skip_depth:
            self._flush()
            self.in_h2 = True
            self.sections.append(("", []))
        elif tag in _BLOCKS or tag in ("ul", "ol", "h3", "h4", "h5", "h6"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._flush()
            self.in_main = False
        if tag == "h2" and self.in_h2:
            self.in_h2 = False
            title = " ".join("".join(self.buf).split())
            self.buf = []
            self.sections[-1] = (title, [])
            return
        if tag in _BLOCKS or tag in ("h3", "h4", "h5", "h6"):
            self._flush()
        if self.skip_depth and tag == self.skip_depth[-1]:
            self.skip_depth.pop()

    def handle_data(self, data: str) -> None:
        if self.in_main:
            self.buf.append(data)


def section_texts(path: Path, lang: str) -> list[tuple[str, list[str]]]:
    parser = _SectionText()
    parser.lang = lang
    parser.feed(path.read_text(encoding="utf-8"))
    return [(title, paras) for title, paras in parser.sections if paras]


def readability(path: Path, lang: str):
    from ..readability import measure

    return [measure(title, paras) for title, paras in section_texts(path, lang)]


def plain_language(path: Path, artifact: str, ed: EditionDoc) -> list[Finding]:
    """CF01, CF02, CF04 on the young edition (English); CF02 sentence length on the full plan."""
    from ..readability import SENTENCE_MAX_FULL, sentences

    out: list[Finding] = []
    if not ed.lang.startswith("en"):
        return out
    if ed.audience == "young":
        for f in readability(path, ed.lang):
            misses = f.misses()
            figures = (f"FK grade {f.fk_grade:.1f}, Reading Ease {f.reading_ease:.1f}, "
                       f"average sentence {f.avg_sentence:.1f} words, longest {f.longest}")
            if any(x.startswith(("Flesch", "Reading")) for x in misses):
                out.append(Finding("CF01", "error", f"{'; '.join(misses)} ({figures})",
                                   "use shorter words and sentences in the `::: young` text",
                                   artifact=artifact, where=f.section))
            elif misses:
                out.append(Finding("CF02", "error", f"{'; '.join(misses)} ({figures}); longest: "
                                   f"{f.longest_sentence[:80]!r}", "split long sentences",
                                   artifact=artifact, where=f.section))
            for para in f.long_paragraphs:
                out.append(Finding("CF04", "warning", f"paragraph of more than 4 sentences: "
                                   f"{para[:60]!r}…", "split the paragraph", artifact=artifact,
                                   where=f.section))
    elif ed.audience == "full":
        for title, paras in section_texts(path, ed.lang):
            long = [s for p in paras for s in sentences(p) if len(s.split()) > SENTENCE_MAX_FULL]
            if long:
                out.append(Finding("CF02", "warning", f"{len(long)} sentence(s) over "
                                   f"{SENTENCE_MAX_FULL} words, e.g. {long[0][:70]!r}…",
                                   "consider splitting them", artifact=artifact, where=title))
    return out


def check(path: Path, artifact: str, ed: EditionDoc, notes: list[m.Note]) -> list[Finding]:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    out: list[Finding] = []

    def add(rule: str, msg: str, fix: str, where: str = "") -> None:
        out.append(Finding(rule, "error", msg, fix, artifact=artifact, where=where))

    if page.html_lang != ed.lang:
        add("H01", f"<html lang> is {page.html_lang!r}, expected {ed.lang!r}",
            "set the edition language in the layout")
    if not page.title.strip():
        add("H03", "the page has no <title>", "give the edition a title")
    levels = [lvl for lvl, _ in page.headings]
    if levels.count(1) != 1 or (levels and levels[0] != 1):
        add("H04", f"expected exactly one h1, first; found {levels.count(1)}",
            "the layout must give the edition title as the only h1")
    for (prev, _), (lvl, line) in zip(page.headings, page.headings[1:]):
        if lvl > prev + 1:
            add("H04", f"heading skips from h{prev} to h{lvl}", "fix the heading levels",
                f"line {line}")
    if page.landmarks.get("main") != 1:
        add("H05", "the page must have exactly one <main>", "fix the layout")
    for lm in ("header", "footer", "nav"):
        if not page.landmarks.get(lm):
            add("H05", f"no <{lm}> landmark", "fix the layout")
    ff = page.first_focusable
    if not ff or not ff[1].get("href", "").startswith("#") or ff[1]["href"][1:] not in page.ids:
        add("H06", "the first focusable element is not a skip link to an existing target",
            "put <a href=\"#main\"> first in <body>")
    for a, line in page.images:
        if "alt" not in a:
            add("H07", "image without alt", "add alt text in the content", f"line {line}")
    for t in page.tables:
        if not t["caption"]:
            add("H09", "data table without <caption>", "give the table a caption", f"line {t['line']}")
        if t["th"] == 0 or t["th_noscope"]:
            add("H09", "table header cells need th with scope", "fix the table layout",
                f"line {t['line']}")
    out.extend(published_notes(" ".join(page.text), notes, artifact))
    out.extend(plain_language(path, artifact, ed))
    return out
