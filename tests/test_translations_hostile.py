"""Translation files are untrusted input: every bad PO file, PO entry or XLIFF file is a finding
naming the file and line (T10 malformed, T11 placeholders, C06 not UTF-8, C15 control
characters, C20 symbolic links), the build exits 1, nothing is published from the bad text and
no text is cut or silently dropped. Through the real command line on the `mini` fixture."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_build

from editions import i18n
from editions.config import TOOL, BuildConfig
from editions.languages import Languages
from editions.pipeline import load

CONTENT = "translations/pl/content.po"
MESSAGES = "translations/pl/LC_MESSAGES/messages.po"
HTML = "site/pl/full.html"


# --- helpers ---------------------------------------------------------------------------------


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line from `start` on that begins with `needle`."""
    for n, line in enumerate(text.split("\n"), 1):
        if n >= start and line.startswith(needle):
            return n
    raise AssertionError(f"{needle!r} not in the file")


def set_line(text: str, n: int, new: str) -> str:
    lines = text.split("\n")
    lines[n - 1] = new
    return "\n".join(lines)


def msgstr_line(text: str, key: str) -> int:
    """The msgstr line of the entry whose msgctxt (content) or msgid (messages) is `key`."""
    kw = "msgid" if key.startswith("msgid ") else "msgctxt"
    head = key if kw == "msgid" else f'msgctxt "{key}"'
    return line_of(text, "msgstr", line_of(text, head))


def with_msgstr(text: str, key: str, value: str) -> tuple[str, int]:
    """Give an entry a new msgstr (`value` as written in the file, quotes and all)."""
    n = msgstr_line(text, key)
    return set_line(text, n, f"msgstr {value}"), n


def build(root: Path, tmp_path: Path):
    out = tmp_path / "dist"
    proc = run_build("--no-browser", "--format", "html", "--lang", "pl", "--jobs", "1",
                     root=root, out=out)
    return proc, out


def assert_finding(proc, path: str, line: int | None, rules: str) -> None:
    """Exit status 1, no traceback, and `path:line: error RULE` (line None: any line)."""
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text, text
    assert proc.returncode == 1, text
    where = rf"{re.escape(path)}:{line if line is not None else r'[0-9]+'}"
    assert re.search(rf"(^|\s){where}: error ({rules})\b", text, re.M), text


def assert_nothing_bad_published(out: Path) -> None:
    page = out / HTML
    if page.is_file():  # a build with errors may publish nothing: then there is nothing to see
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "javascript:" not in html
        assert "{&#39;" not in html and "{'" not in html and "%s" not in html


# --- PO files: encoding, syntax, header ---------------------------------------------------------


def _first_high_byte_line(data: bytes) -> int:
    return data[: next(i for i, b in enumerate(data) if b >= 0x80)].count(b"\n") + 1


# Each case: (the catalog's text, the key of an entry: its msgctxt, or `msgid "…"`) → (the bad
# file, the line the finding must name, the rules it may have).


def latin1(t, key):
    data = t.encode("latin-1", "replace")
    return data, _first_high_byte_line(data), "C06"


def utf16_bom(t, key):
    return t.encode("utf-16"), 1, "C06"


def utf16_no_bom(t, key):
    return t.encode("utf-16-le"), 1, "C06"


def random_bytes(t, key):
    data = random.Random(4).randbytes(3000)
    try:
        bad = data.index(b"\x00")
        data[:bad].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    return data, data[:bad].count(b"\n") + 1, "C06|C15"


def charset(name):
    def edit(t, key):
        return t.replace("charset=utf-8", f"charset={name}"), line_of(t, '"Content-Type'), "T10"
    edit.__name__ = f"charset_{name}"
    return edit


def _entry_line(t, key):
    return line_of(t, key if key.startswith("msgid") else f'msgctxt "{key}"')


def _msgid_line(t, key):
    return line_of(t, "msgid", _entry_line(t, key))


def unclosed_msgstr(t, key):
    text, n = with_msgstr(t, key, '"Zepsute')
    return text, n, "T10"


def unclosed_msgid(t, key):
    n = _msgid_line(t, key)
    return set_line(t, n, t.split("\n")[n - 1].rstrip('"')), n, "T10"


def unquoted_msgstr(t, key):
    text, n = with_msgstr(t, key, "Zepsute")
    return text, n, "T10"


def text_after_string(t, key):
    text, n = with_msgstr(t, key, '"Zepsute" i coś')
    return text, n, "T10"


def unknown_keyword(t, key):
    n = msgstr_line(t, key)
    return set_line(t, n, 'msgstring "Zepsute"'), n, "T10"


def unknown_escape(t, key):
    text, n = with_msgstr(t, key, r'"Zep\qsute"')
    return text, n, "T10"


def string_after_comment(t, key):
    n = msgstr_line(t, key)
    return set_line(t, n, 'msgstr "Zepsute"\n# a comment\n"more"'), n + 2, "T10"


def msgstr_without_msgid(t, key):
    n = _msgid_line(t, key)
    return set_line(t, n, "# the msgid was deleted"), n + 1, "T10"


def missing_msgstr(t, key):
    n = msgstr_line(t, key)
    return set_line(t, n, ""), n - 1, "T10"


def duplicate_entry(t, key):
    text = t + '\nmsgctxt "intro"\nmsgid "Introduction"\nmsgstr "Wstęp"\n'
    return text, line_of(text, 'msgid "Introduction"', _msgid_line(t, key) + 1), "T10"


def two_msgstrs(t, key):
    n = msgstr_line(t, key)
    return set_line(t, n, 'msgstr "Zepsute"\nmsgstr "Wstęp"'), n + 1, "T10"


def conflict_marker(t, key):
    n = _entry_line(t, key)
    return set_line(t, n, "#-#-#-#-#  pl.po  #-#-#-#-#\n" + t.split("\n")[n - 1]), n, "T10"


def git_conflict(t, key):
    n = msgstr_line(t, key)
    return (set_line(t, n, '<<<<<<< HEAD\nmsgstr "Zepsute"\n=======\nmsgstr "Wstęp"\n'
                     ">>>>>>> theirs"), n, "T10")


def control_character(t, key):
    text, n = with_msgstr(t, key, '"Zep\x0csute"')
    return text, n, "C15"


def bad_language_header(t, key):
    return t.replace('"Language: pl\\n"', '"Language: ../x\\n"'), line_of(t, '"Language:'), "T10"


def huge_nplurals(t, key):
    return t.replace("nplurals=3", "nplurals=999999999"), line_of(t, '"Plural-Forms'), "T10"


def bad_nplurals(t, key):
    return t.replace("nplurals=3", "nplurals=x"), line_of(t, '"Plural-Forms'), "T10"


def bad_date(t, key):
    return (re.sub(r'"POT-Creation-Date: [^"]*"', '"POT-Creation-Date: yesterday\\\\n"', t),
            line_of(t, '"POT-Creation-Date'), "T10")


def plural_entry(t, key):
    text = t + ('\nmsgctxt "intro/9"\nmsgid "one box"\nmsgid_plural "boxes"\n'
                'msgstr[0] "pudełko"\nmsgstr[1] "pudełka"\nmsgstr[2] "pudełek"\n')
    return text, line_of(text, "msgstr[0]"), "T10"


def no_msgctxt(t, key):
    text = t + '\nmsgid "Introduction to it"\nmsgstr "Wprowadzenie do tego"\n'
    return text, line_of(text, 'msgstr "Wprowadzenie do tego"'), "T10"


PO_FILE_CASES = [latin1, utf16_bom, utf16_no_bom, random_bytes, charset("latin-1"),
                 charset("iso-8859-2"), charset("no-such-charset"), charset("utf-16"),
                 unclosed_msgstr, unclosed_msgid, unquoted_msgstr, text_after_string,
                 unknown_keyword, unknown_escape, string_after_comment, msgstr_without_msgid,
                 missing_msgstr, duplicate_entry, two_msgstrs, conflict_marker, git_conflict,
                 control_character, bad_language_header, huge_nplurals, bad_nplurals, bad_date,
                 plural_entry, no_msgctxt]
CONTENT_ONLY = (plural_entry, no_msgctxt, duplicate_entry)
KEYS = {CONTENT: "intro", MESSAGES: 'msgid "Skip to main content"'}


@pytest.mark.parametrize("catalog", [CONTENT, MESSAGES], ids=["content", "messages"])
@pytest.mark.parametrize("case", PO_FILE_CASES, ids=lambda f: f.__name__)
def test_a_bad_po_file_is_a_finding_at_its_line(mini, tmp_path, catalog, case):
    if catalog == MESSAGES and case in CONTENT_ONLY:
        pytest.skip("a content catalog rule")
    po = mini / catalog
    data, line, rules = case(po.read_text(encoding="utf-8"), KEYS[catalog])
    po.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    proc, out = build(mini, tmp_path)
    assert_finding(proc, catalog, line, rules)
    assert_nothing_bad_published(out)


def test_unclosed_string_no_longer_loses_its_last_character(mini):
    """The review's case: Babel alone read `msgstr "Wprowadzenie` as `Wprowadzeni`."""
    po = mini / CONTENT
    text, n = with_msgstr(po.read_text(encoding="utf-8"), "intro", '"Wprowadzenie')
    po.write_text(text, encoding="utf-8")
    catalog = i18n.ContentCatalog.load(mini, "pl")
    assert not catalog.by_seg  # nothing of the file is used …
    assert [str(f.loc) for f in catalog.findings] == [f"{CONTENT}:{n}"]  # … and it says where


# --- content entries: Markdown and placeholders ---------------------------------------------------

CONTENT_ENTRY_CASES = [
    ("raw-html", '"Partnerzy <script>alert(1)</script> ten plan."', "T10"),
    ("raw-html-inline", '"To jest <b>pierwszy</b> akapit."', "T10"),
    ("javascript-link", '"To jest [pierwszy](javascript:alert(1)) akapit."', "T10"),
    ("data-link", '"To jest [pierwszy](data:text/html,x) akapit."', "T10"),
    ("file-link", '"To jest [pierwszy](file:///etc/passwd) akapit."', "T10"),
    ("empty-link", '"To jest [pierwszy](#) akapit."', "T10"),
    ("unknown-role", '"To jest {abbr}`NLC` akapit."', "T10"),
    ("image", '"To jest ![x](box.png) akapit."', "T10"),
    ("percent-s", '"To jest %s akapit."', "T11"),
    ("named-placeholder", '"To jest %(email)s akapit."', "T11"),
    ("new-link", '"To jest [akapit](https://evil.example/pl)."', "T11"),
    ("new-code", '"To jest `rm -rf` akapit."', "T11"),
    ("editor-note", '"To jest akapit. {editor-note}`sprawdzić`"', "T11"),
]


@pytest.mark.parametrize("value,rule", [c[1:] for c in CONTENT_ENTRY_CASES],
                         ids=[c[0] for c in CONTENT_ENTRY_CASES])
def test_a_bad_content_translation_names_its_po_line(mini, tmp_path, value, rule):
    po = mini / CONTENT
    text, n = with_msgstr(po.read_text(encoding="utf-8"), "intro/1", value)
    po.write_text(text, encoding="utf-8")
    proc, out = build(mini, tmp_path)
    assert_finding(proc, CONTENT, n, rule)
    assert "content/sections/01-intro.md:6: error" not in proc.stdout  # not the English file
    assert "the English is shown instead" in proc.stdout
    assert_nothing_bad_published(out)


def _select(root: Path, tmp_path: Path):
    cfg = BuildConfig(root=root, out=tmp_path / "dist", browser=False, jobs=1)
    src, _ = load(cfg)
    spec = next(e for e in src.editions if e.id == "full")
    translator, reader = Languages(cfg).translator("pl", "en-GB")
    from editions.select import select

    ed = select(src.doc, src.data, spec, "pl", "standard", "2026-01-15", translator=translator,
                gettext=Languages(cfg).gettext("pl"))
    return ed, reader.findings


def _paragraph(ed, seg: str):
    from editions import model as m

    for top in ed.sections:
        for s in top.walk():
            for b in m.walk_blocks(s.blocks):
                if getattr(b, "seg", None) == seg:
                    return b
    raise AssertionError(seg)


@pytest.mark.parametrize("value", ['"To jest <b>pierwszy</b> akapit."', '"To jest %s akapit."',
                                   '"To jest [x](javascript:alert(1))."'])
def test_the_bad_segment_is_english_and_the_rest_still_translated(mini, tmp_path, value):
    from editions import model as m

    po = mini / CONTENT
    text, n = with_msgstr(po.read_text(encoding="utf-8"), "intro/1", value)
    po.write_text(text, encoding="utf-8")
    ed, findings = _select(mini, tmp_path)
    para = _paragraph(ed, "intro/1")
    assert para.lang == "en-GB"
    assert m.inline_text(para.children) == ("This is the first paragraph of the small plan used "
                                            "by the tests.")
    assert m.inline_text(ed.sections[0].heading.children) == "Wprowadzenie"  # still Polish
    assert any(str(f.loc) == f"{CONTENT}:{n}" and f.level == "error" for f in findings)
    assert ed.coverage.counts["untranslated"] >= 1


# --- interface strings: placeholders -----------------------------------------------------------

PUBLISHED = 'msgid "Published by %(publisher)s, %(date)s"'
SKIP = 'msgid "Skip to main content"'
INTERFACE_CASES = [
    ("positional-for-named", PUBLISHED, '"Wydał: %s"'),
    ("unknown-name", PUBLISHED, '"Wydał: %(wydawca)s, %(date)s"'),
    ("missing-name", PUBLISHED, '"Wydał: %(publisher)s"'),
    ("wrong-conversion", PUBLISHED, '"Wydał: %(publisher)d, %(date)s"'),
    ("percent-d", PUBLISHED, '"Wydał: %d %(publisher)s, %(date)s"'),
    ("lone-percent-named", PUBLISHED, '"Wydał: %(publisher)s, %(date)s w 100%"'),
    ("percent-s-no-vars", SKIP, '"Przejdź %s"'),
    ("lone-percent-no-vars", SKIP, '"Przejdź do treści w 100%"'),
    ("named-no-vars", SKIP, '"Przejdź do %(main)s"'),
    ("incomplete-format", SKIP, '"Przejdź do treści %("'),
    ("label-lone-percent", 'msgid "Mini Plan 2026–2029"', '"Mini plan na 100%"'),
    ("label-percent-s", 'msgid "Mini Plan 2026–2029"', '"Mini plan %s"'),
]


@pytest.mark.parametrize("msgid,value", [c[1:] for c in INTERFACE_CASES],
                         ids=[c[0] for c in INTERFACE_CASES])
def test_an_interface_placeholder_mistake_is_t11_and_shows_english(mini, tmp_path, msgid, value):
    po = mini / MESSAGES
    text, n = with_msgstr(po.read_text(encoding="utf-8"), msgid, value)
    po.write_text(text, encoding="utf-8")
    proc, out = build(mini, tmp_path)
    assert_finding(proc, MESSAGES, n, "T11")
    assert "W01" not in proc.stdout  # no writer crash
    assert "the English (or the tool's own translation) is shown instead" in proc.stdout
    assert_nothing_bad_published(out)
    english = msgid.removeprefix('msgid "').removesuffix('"')
    # the project's bad entry is dropped: the tool's own Polish shows (or the English)
    shown = i18n.gettext_for(mini, "pl").gettext(english)
    assert shown == i18n.gettext_for(TOOL, "pl").gettext(english)
    assert shown != value.strip('"')


def test_good_interface_placeholders_pass(mini):
    """Reordered named placeholders and %% are fine."""
    po = mini / MESSAGES
    text, _ = with_msgstr(po.read_text(encoding="utf-8"), PUBLISHED,
                          '"%(date)s (100%%): wydał %(publisher)s"')
    po.write_text(text, encoding="utf-8")
    found = i18n.gettext_for(mini, "pl").findings
    assert [f for f in found if f.rule != "T07"] == []  # T07: the fixture's empty entries


def test_untranslated_interface_strings_are_counted(mini):
    """English inside the Polish pages is a finding that says how much (T07)."""
    found = [f for f in i18n.gettext_for(mini, "pl").findings if f.rule == "T07"]
    assert len(found) == 1 and found[0].level == "warning"
    assert re.match(r"\d+ of \d+ interface strings are not translated into pl",
                    found[0].message)
    assert found[0].loc.path == "translations/pl/LC_MESSAGES/messages.po"


def test_the_real_catalogs_are_clean():
    for lang in ("gd", "pl", "zh-Hans", "ur"):
        assert i18n.ContentCatalog.load(ROOT, lang).findings == []
        assert i18n.gettext_for(ROOT, lang).findings == []


# --- catalogs outside translations/ ---------------------------------------------------------------


@pytest.mark.parametrize("catalog", [CONTENT, MESSAGES])
def test_a_symlinked_catalog_is_refused(mini, tmp_path, catalog):
    outside = tmp_path / "elsewhere.po"
    outside.write_bytes((mini / catalog).read_bytes())
    (mini / catalog).unlink()
    (mini / catalog).symlink_to(outside)
    proc, out = build(mini, tmp_path)
    assert_finding(proc, catalog, 0, "C20")


def test_a_symlinked_language_folder_is_refused(mini, tmp_path):
    real = tmp_path / "pl-real"
    (mini / "translations/pl").rename(real)
    (mini / "translations/pl").symlink_to(real, target_is_directory=True)
    proc, _ = build(mini, tmp_path)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in text
    assert re.search(r"translations/pl/\S+\.po:0: error C20: catalog .* symbolic link", text)


# --- language tags ----------------------------------------------------------------------------

BAD_TAGS = ["../x", "pl/../pl", "pl/x", "", " pl", "pl ", "p", "pl-", "a b", "..", "pl_PL",
            "toolongtag", "pl-toolongsubtag", "x\x00"]


@pytest.mark.parametrize("tag", BAD_TAGS)
def test_valid_tag_refuses_what_could_build_a_path(tag):
    assert not i18n.valid_tag(tag)


@pytest.mark.parametrize("tag", ["en-GB", "pl", "gd", "zh-Hans", "ur", "sr-Latn-RS", "yue"])
def test_valid_tag_accepts_bcp47(tag):
    assert i18n.valid_tag(tag)


@pytest.mark.parametrize("tag", ["../x", "pl/x", "", "a b", ".."])
def test_export_with_a_bad_tag_is_a_usage_error(mini, tmp_path, tag):
    proc = run_build("i18n", "export-xliff", tag, str(tmp_path / "x.xlf"), root=mini)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "not a language tag" in proc.stderr
    assert not (tmp_path / "x.xlf").exists()


@pytest.mark.parametrize("tag", ["../x", "pl/x", "a b"])
def test_a_bad_tag_in_publication_yaml_is_a_finding(mini, tmp_path, tag):
    pub = mini / "content/publication.yaml"
    pub.write_text(pub.read_text(encoding="utf-8").replace("languages: [en-GB, pl]",
                                                           f'languages: [en-GB, "{tag}"]'),
                   encoding="utf-8")
    for proc in (build(mini, tmp_path)[0], run_build("i18n", "update", root=mini)):
        text = proc.stdout + proc.stderr
        assert proc.returncode == 1 and "Traceback" not in text, text
        assert re.search(r"content/publication.yaml:\d+: error C02", text), text


# --- XLIFF ------------------------------------------------------------------------------------


@pytest.fixture()
def xlf(mini, tmp_path) -> Path:
    path = tmp_path / "pl.xlf"
    assert run_build("i18n", "export-xliff", "pl", str(path), root=mini).returncode == 0
    return path


def _unit(text: str, uid: str) -> str:
    return re.search(rf'<unit id="{re.escape(uid)}">.*?</unit>', text, re.S).group(0)


def _with_target(text: str, uid: str, target: str) -> str:
    unit = _unit(text, uid)
    return text.replace(unit, re.sub(r"<target>.*?</target>", target, unit, flags=re.S))


XLIFF_CASES = [
    ("pc", lambda t: _with_target(t, "intro", '<target>Wpro<pc id="1">wadz</pc>enie</target>'),
     "intro"),
    ("ph", lambda t: _with_target(t, "intro", '<target>Wprowadzenie<ph id="1"/> i tak</target>'),
     "intro"),
    ("mrk", lambda t: _with_target(t, "intro:1", '<target>To <mrk id="m1" translate="no">jest'
                                   "</mrk> akapit.</target>"), "intro:1"),
    ("sc-ec", lambda t: _with_target(t, "intro", '<target>Wpro<sc id="1"/>wa<ec startRef="1"/>'
                                     "dzenie</target>"), "intro"),
    ("source-pc", lambda t: t.replace("<source>Introduction</source>",
                                      '<source>Intro<pc id="1">duction</pc></source>'), "intro"),
    ("two-targets", lambda t: _with_target(t, "intro", "<target>A</target><target>B</target>"),
     "intro"),
    ("two-segments", lambda t: t.replace(
        _unit(t, "intro"), _unit(t, "intro").replace(
            "</segment>", "</segment><segment><source>x</source><target>y</target></segment>")),
     "intro"),
    ("duplicate-unit", lambda t: t.replace("</file>", _unit(t, "intro") + "\n</file>"), "intro"),
    ("unknown-unit", lambda t: t.replace(_unit(t, "intro"), _unit(t, "intro").replace(
        'id="intro"', 'id="nowhere"')), "nowhere"),
]


def _line_of_unit(text: str, uid: str) -> int:
    return text[: text.index(f'<unit id="{uid}"')].count("\n") + 1


@pytest.mark.parametrize("edit,uid", [c[1:] for c in XLIFF_CASES],
                         ids=[c[0] for c in XLIFF_CASES])
def test_a_bad_xliff_unit_is_refused_and_nothing_is_cut(mini, xlf, edit, uid):
    po = mini / CONTENT
    before = po.read_bytes()
    text = edit(xlf.read_text(encoding="utf-8"))
    xlf.write_text(text, encoding="utf-8")
    proc = run_build("i18n", "import-xliff", str(xlf), root=mini)
    assert_finding(proc, str(xlf), _line_of_unit(text, uid), "T10")
    assert repr(uid) in proc.stderr
    assert po.read_bytes() == before  # nothing written: no text lost or cut


def _root_attr(old: str, new: str):
    return lambda t: t.replace(old, new, 1)


XLIFF_FILE_CASES = [
    ("trglang-parent", _root_attr('trgLang="pl"', 'trgLang="../../x"'), "T10", 2),
    ("trglang-slash", _root_attr('trgLang="pl"', 'trgLang="pl/x"'), "T10", 2),
    ("trglang-empty", _root_attr('trgLang="pl"', 'trgLang=""'), "T10", 2),
    ("trglang-missing", _root_attr(' trgLang="pl"', ""), "T10", None),
    ("trglang-no-catalog", _root_attr('trgLang="pl"', 'trgLang="de"'), "T10", 2),
    ("srclang", _root_attr('srcLang="en-GB"', 'srcLang="en-US"'), "T10", 2),
    ("declared-latin1", _root_attr('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "T10", 1),
    ("not-xliff", _root_attr('version="2.0"', 'version="1.2"'), "T10", 2),
    ("not-well-formed", _root_attr("</file>", "</fil>"), "T10", None),
    ("latin1-bytes", lambda t: t.replace("Wprowadzenie", "Wprowadzenie ó").encode("latin-1",
                                                                                 "replace"),
     "C06", None),
    ("utf16", lambda t: t.encode("utf-16"), "C06|T10", 1),
    ("control-char", lambda t: t.replace("Wprowadzenie", "Wprowa\x01dzenie"), "C15|T10", None),
]


@pytest.mark.parametrize("edit,rules,line", [c[1:] for c in XLIFF_FILE_CASES],
                         ids=[c[0] for c in XLIFF_FILE_CASES])
def test_a_bad_xliff_file_is_refused(mini, tmp_path, xlf, edit, rules, line):
    po = mini / CONTENT
    before = po.read_bytes()
    data = edit(xlf.read_text(encoding="utf-8"))
    xlf.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    proc = run_build("i18n", "import-xliff", str(xlf), root=mini)
    assert_finding(proc, str(xlf), line, rules)
    assert po.read_bytes() == before
    assert not (tmp_path / "x").exists() and not (mini.parent / "x").exists()


@pytest.mark.parametrize("what", ["missing", "folder", "empty"])
def test_import_of_no_file_is_a_clear_error(mini, tmp_path, what):
    path = tmp_path / "in.xlf"
    if what == "folder":
        path.mkdir()
    elif what == "empty":
        path.write_bytes(b"")
    proc = run_build("i18n", "import-xliff", str(path), root=mini)
    assert_finding(proc, str(path), None, "C06|T10")


def test_export_to_a_folder_is_a_clear_error(mini, tmp_path):
    proc = run_build("i18n", "export-xliff", "pl", str(tmp_path), root=mini)
    assert_finding(proc, str(tmp_path), 0, "T10")
    assert "is a folder" in proc.stderr


def test_export_of_a_language_without_catalog_is_a_clear_error(mini, tmp_path):
    proc = run_build("i18n", "export-xliff", "de", str(tmp_path / "de.xlf"), root=mini)
    assert_finding(proc, "translations/de/content.po", 0, "T10")
    assert not (tmp_path / "de.xlf").exists()


def test_export_of_a_broken_catalog_is_refused(mini, tmp_path):
    po = mini / CONTENT
    text, n = with_msgstr(po.read_text(encoding="utf-8"), "intro", '"Wprowadzenie')
    po.write_text(text, encoding="utf-8")
    proc = run_build("i18n", "export-xliff", "pl", str(tmp_path / "pl.xlf"), root=mini)
    assert_finding(proc, CONTENT, n, "T10")
    assert not (tmp_path / "pl.xlf").exists()


def test_update_refuses_a_broken_catalog_and_keeps_it(mini):
    po = mini / CONTENT
    text, n = with_msgstr(po.read_text(encoding="utf-8"), "intro", '"Wprowadzenie')
    po.write_text(text, encoding="utf-8")
    proc = run_build("i18n", "update", root=mini)
    assert_finding(proc, CONTENT, n, "T10")
    assert po.read_text(encoding="utf-8") == text  # not rewritten from a half-read catalog


def test_a_plain_agency_target_is_imported_whole(mini, xlf):
    text = _with_target(xlf.read_text(encoding="utf-8"), "intro:1",
                        "<target>Cały tekst &amp; nic &lt;mniej&gt;, aż do końca.</target>")
    xlf.write_text(text, encoding="utf-8")
    assert run_build("i18n", "import-xliff", str(xlf), root=mini).returncode == 0
    catalog = i18n.read_catalog(i18n.content_path(mini, "pl"), "pl")
    msg = next(m for m in catalog if m.context == "intro/1")
    assert msg.string == "Cały tekst & nic <mniej>, aż do końca."
