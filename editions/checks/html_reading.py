"""Plain language, read back from the HTML: CF01 CF02 CF04 on a child-friendly edition in
English (textstat's formulas, readability.py), CF02 and H20 on a general one, CF08 sentence
lengths in the other languages (split on each script's full stops). Which rules an edition gets
is its `reading` in publication.yaml. Called by checks/html.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..findings import Finding
from ..readability import (
    AVG_SENTENCE_MAX,
    SENTENCE_MAX_FULL,
    SENTENCE_MAX_YOUNG,
    formula_applies,
    measure,
    sentences,
    textstat,
)
from ..rules import rule_check
from ..scripts import EAST_ASIAN, east_asian, script
from ..select import EditionDoc
from .html_doc import HAN

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
    return [measure(title, paras) for title, paras in section_texts(path, lang)]


# CF08: sentence ends per language (ACCESSIBILITY.md); a paragraph or list item ends one too
_ENDS = {"Arab": re.compile(r"(?<=[۔؟!])\s*"),  # by script: Urdu's full stop is ۔
         **{s: re.compile(r"(?<=[。！？])\s*") for s in EAST_ASIAN}}
_ENDS_OTHER = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
_WORDISH = re.compile(r"[A-Za-z0-9]+(?:[.'’\-][A-Za-z0-9]+)*")
HAN_CHARS_PER_WORD = 1.5  # house rule: a Chinese "word" for sentence length is 1.5 characters


def sentence_words(sentence: str, lang: str) -> float:
    """Words in a sentence; Chinese counts Han characters ÷ 1.5 (plus Latin words and numbers)."""
    if east_asian(lang):
        han = sum(len(x) for x in HAN.findall(sentence))
        return han / HAN_CHARS_PER_WORD + len(_WORDISH.findall(HAN.sub(" ", sentence)))
    return len(sentence.split())


def split_sentences(paragraph: str, lang: str) -> list[str]:
    splitter = _ENDS.get(script(lang), _ENDS_OTHER)
    return [s for s in (x.strip() for x in splitter.split(paragraph)) if s]


@rule_check("CF08")
def other_language_sentences(path: Path, artifact: str, ed: EditionDoc) -> list[Finding]:
    """CF08: the sentence-length targets of CF02 in the other languages (warnings)."""
    out: list[Finding] = []
    if formula_applies(ed.lang) or not getattr(ed, "reading", ""):
        return out
    unit = (" (Chinese: Han characters ÷ 1.5 count as words, a house rule)"
            if east_asian(ed.lang) else "")
    for title, paras in section_texts(path, ed.lang):
        sents = [s for p in paras for s in split_sentences(p, ed.lang)]
        if not sents:
            continue
        lengths = [sentence_words(s, ed.lang) for s in sents]
        where = f"section '{title}'"
        if ed.reading == "child-friendly":
            avg = sum(lengths) / len(lengths)
            long = [(n, s) for n, s in zip(lengths, sents) if n > SENTENCE_MAX_YOUNG]
            misses = []
            if avg > AVG_SENTENCE_MAX:
                misses.append(f"average sentence {avg:.1f} words > {AVG_SENTENCE_MAX:g}")
            if long:
                n, s = max(long)
                misses.append(f"{len(long)} sentence(s) over {SENTENCE_MAX_YOUNG} words, longest "
                              f"{n:.0f}: {s[:60]!r}…")
            if misses:
                out.append(Finding("CF08", "warning", "; ".join(misses) + unit,
                                   "ask the translator to split long sentences", artifact=artifact,
                                   where=where))
        else:
            long = [(n, s) for n, s in zip(lengths, sents) if n > SENTENCE_MAX_FULL]
            if long:
                n, s = max(long)
                out.append(Finding("CF08", "warning", f"{len(long)} sentence(s) over "
                                   f"{SENTENCE_MAX_FULL} words, longest {n:.0f}: {s[:60]!r}…{unit}",
                                   "consider splitting them", artifact=artifact, where=where))
    return out


@rule_check("CF01", "CF02", "CF04")
def plain_language(path: Path, artifact: str, ed: EditionDoc) -> list[Finding]:
    """CF01, CF02, CF04 on a child-friendly edition (English); CF02 sentence length and H20 on
    a general one (`reading` in publication.yaml)."""
    out: list[Finding] = []
    if not formula_applies(ed.lang):
        return other_language_sentences(path, artifact, ed)
    reading = getattr(ed, "reading", "")
    if reading == "child-friendly":
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
    elif reading == "general":
        grades = []
        for title, paras in section_texts(path, ed.lang):
            long = [s for p in paras for s in sentences(p) if len(s.split()) > SENTENCE_MAX_FULL]
            if long:
                out.append(Finding("CF02", "warning", f"{len(long)} sentence(s) over "
                                   f"{SENTENCE_MAX_FULL} words, e.g. {long[0][:70]!r}…",
                                   "consider splitting them", artifact=artifact, where=title))
            text = " ".join(paras)
            if len(text.split()) >= 100:  # the formula means little on a few lines
                grades.append((textstat.flesch_kincaid_grade(text), title))
        out.extend(reading_level(path, artifact, grades))
    return out


FK_GRADE_FULL = 9  # H20: the full plan's reading level (a warning: it is the authors' text)


@rule_check("H20")
def reading_level(path: Path, artifact: str, grades: list[tuple[float, str]]) -> list[Finding]:
    """H20: one finding for the whole plan, naming the hardest sections."""
    hard = sorted((g for g in grades if g[0] > FK_GRADE_FULL), reverse=True)
    if not hard:
        return []
    names = ", ".join(f"{title!r} ({grade:.0f})" for grade, title in hard[:3])
    return [Finding("H20", "warning", f"Flesch–Kincaid grade over {FK_GRADE_FULL} in "
                    f"{len(hard)} of {len(grades)} sections; hardest: {names}",
                    "shorter sentences and everyday words (a plain-language edition can "
                    "carry the simplest text)", artifact=artifact,
                    where=f"section {hard[0][1]!r}")]
