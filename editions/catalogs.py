"""Translation catalogs are untrusted input: read strictly, their entries checked. A PO file
comes from a translator or an agency; whatever is wrong with it becomes a finding naming the file
and line (T10: the file or an entry is malformed; T11: placeholders, link addresses or code
differ from the English), never a traceback and never text silently lost:

- the file must stay inside `translations/` (no symbolic link), be UTF-8 and declare
  `charset=UTF-8`, and be PO syntax throughout: every string closed, known keywords and escapes
  only (Babel's strict mode on top of a line-by-line check, because Babel quietly drops the
  last character of an unclosed string), no entry twice;
- an interface string (`messages.po`) must keep its English placeholders: templates format every
  string (`%(name)s`, `%%`), so a stray `%s` publishes a Python dict and a stray `%(x)s` crashes
  the writer. A bad entry falls back to English;
- a content segment is never formatted: its "placeholders" are what a translation must keep
  as it is (`%s`-like tokens, link addresses, `code`)."""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, unescape

from . import model as m
from .findings import ContentError, Finding, error
from .inputs import decode, inside, read_bytes, valid_tag
from .model import Loc
from .rules import rule_check

SAVE_UTF8 = "save the file as UTF-8 (in most editors: Save as… → Encoding: UTF-8)"
FIX_SYNTAX = ("correct the line (every string in double quotes, closed on the same line; keywords "
              "msgctxt, msgid, msgid_plural, msgstr) or ask the translator for a corrected file")
MAX_PLURALS = 10  # CLDR languages have at most 6 plural forms


def catalog_path(root: Path, lang: str, name: str) -> Path:
    """`translations/<lang>/<name>`, refused (C02) for a tag that is not BCP 47 shaped and
    (C20) when a symbolic link is on the way or the path leaves the project."""
    if not valid_tag(lang):
        raise error("C02", f"{lang!r} is not a language tag", "write a BCP 47 tag such as "
                    "en-GB, gd, pl, zh-Hans or ur", Loc("translations", 0))
    rel = Path("translations", lang, name)
    return inside(root, rel, "the project", Loc(rel.as_posix(), 0), what="catalog")


# --- reading a PO file -----------------------------------------------------------------------

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d{1,2}\])?)(?:\s+(.*))?")
_ESCAPES = re.compile(r"\\(.)")
_CHARSET = re.compile(r"charset\s*=\s*([^\s;\\\"]+)", re.I)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)", re.I)


@dataclass
class _Entry:
    obsolete: bool
    ctx: list[str] | None = None
    ids: list[str] = field(default_factory=list)
    strs: list[str] = field(default_factory=list)
    str_at: list[int] = field(default_factory=list)  # the line of each part of the msgstr
    id_line: int = 0
    str_line: int = 0
    keywords: set[str] = field(default_factory=set)


@rule_check("T10")
def _fail(message: str, fix: str, shown: str, line: int) -> ContentError:
    return error("T10", message, fix, Loc(shown, line))


def _check_string(s: str, shown: str, line: int) -> None:
    if not _STRING.fullmatch(s):
        if s.startswith('"') and not _STRING.match(s):
            what = "a string is not closed: the \" at its end is missing"
        else:
            what = f"text after a closed string: {s[:40]!r}"
        raise _fail(what, FIX_SYNTAX, shown, line)
    for esc in _ESCAPES.finditer(s[1:-1]):
        if esc.group(1) not in '\\"abfnrtv':
            raise _fail(f"unknown escape \\{esc.group(1)} in a string",
                        "write \\\\ for a backslash, \\\" for a double quote, \\n for a new line",
                        shown, line)


def _scan(text: str, shown: str) -> tuple[list[_Entry], list[str]]:
    """Check PO syntax line by line (T10 at the first bad line); the entries as written, and
    the lines to give Babel (the previous-source lines of obsolete entries, `#~|`, blanked:
    Babel cannot read them and they are not needed)."""
    entries: list[_Entry] = []
    lines = text.split("\n")
    cur: _Entry | None = None
    target: list[str] | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith(("|", "#")):
                lines[n - 1] = ""
                continue
        elif line.startswith("#") or not line:
            target = None if line else target  # after a comment, a string belongs to nothing
            continue
        if line.startswith('"'):
            _check_string(line, shown, n)
            if target is None:
                raise _fail("a string outside any msgctxt, msgid or msgstr", FIX_SYNTAX,
                            shown, n)
            target.append(line)
            if cur is not None and target is cur.strs:
                cur.str_at.append(n)
            continue
        kw = _KEYWORD.fullmatch(line)
        if not kw:
            raise _fail(f"not PO syntax: {line[:40]!r}", FIX_SYNTAX, shown, n)
        keyword, arg = kw.group(1), kw.group(2) or ""
        _check_string(arg, shown, n)
        if cur is not None and keyword in cur.keywords and (
                keyword not in ("msgctxt", "msgid") or (keyword == "msgctxt"
                                                        and not cur.id_line)):
            raise _fail(f"a second {keyword} in one entry", "an entry has one msgctxt, one "
                        "msgid and one msgstr (msgstr[0], msgstr[1]… for plurals)", shown, n)
        if keyword == "msgctxt" or (keyword == "msgid" and (
                cur is None or cur.id_line or cur.obsolete != obsolete)):
            cur = _Entry(obsolete)
            entries.append(cur)
        if cur is None or (keyword != "msgctxt" and keyword != "msgid" and not cur.id_line):
            raise _fail(f"{keyword} without a msgid before it", FIX_SYNTAX, shown, n)
        cur.keywords.add(keyword)
        if keyword == "msgctxt":
            cur.ctx = target = [arg]
        elif keyword == "msgid":
            cur.id_line, target = n, cur.ids
            target.append(arg)
        elif keyword == "msgid_plural":
            target = []
        else:
            cur.str_line = cur.str_line or n
            target = cur.strs if keyword in ("msgstr", "msgstr[0]") else []
            target.append(arg)
            cur.str_at.append(n)
    return entries, lines


def _join(parts: list[str]) -> str:
    return "".join(unescape(p) for p in parts)


def _line_with(text: str, pattern: re.Pattern, default: int) -> int:
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else default


@dataclass
class Po:
    """A catalog read strictly, with the line of every entry's msgstr."""

    catalog: Catalog
    shown: str  # project-relative path, for findings
    msgstr_lines: dict[int, int] = field(default_factory=dict)  # msgid line → msgstr line
    plural_line: int = 1  # the header's Plural-Forms line

    def loc(self, msg: Message) -> Loc:
        line = msg.lineno or 0
        return Loc(self.shown, self.msgstr_lines.get(line, line))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read(path: Path, shown: str, lang: str) -> Po:
    """A PO file, or ContentError: C06 (unreadable, too large, not UTF-8), C15 (control
    characters), T10 (charset, syntax, a duplicate entry, an invalid header)."""
    data = read_bytes(path, shown)
    nul = data.find(b"\x00")
    if nul >= 0 and _is_utf8(data[:nul]):  # else decode() names the earlier bad byte
        line = data[:nul].count(b"\n") + 1
        raise error("C06", f"{shown} is not UTF-8 text (NUL bytes: UTF-16?)", SAVE_UTF8,
                    Loc(shown, line))
    text = decode(data, shown)
    entries, lines = _scan(text, shown)
    seen: dict[tuple, int] = {}
    header: _Entry | None = None
    for e in entries:
        ctx = _join(e.ctx) if e.ctx is not None else None
        key = (e.obsolete, ctx, _join(e.ids))
        if key == (False, None, "") and header is None:
            header = e
        elif key in seen and not e.obsolete:
            raise _fail(f"a second entry for the same text{f' (msgctxt {ctx})' if ctx else ''}"
                        f": the first is at line {seen[key]}, and only one can be used",
                        "delete one of the two entries", shown, e.id_line)
        seen.setdefault(key, e.id_line)
    if header is not None:
        head = _join(header.strs)
        charset = _CHARSET.search(head)
        if charset and charset.group(1).lower() != "charset":
            try:
                ok = codecs.lookup(charset.group(1)).name == "utf-8"
            except LookupError:
                ok = False
            if not ok:
                raise _fail(f"the header declares charset={charset.group(1)}; translation "
                            "files must be UTF-8", "save the file as UTF-8 and write "
                            "`charset=UTF-8` in its Content-Type line", shown,
                            _line_with(text, re.compile("charset", re.I), header.str_line))
        plurals = _NPLURALS.search(head)
        if plurals and not 1 <= int(plurals.group(1)) <= MAX_PLURALS:
            raise _fail(f"the header declares nplurals={plurals.group(1)}",
                        "copy the Plural-Forms line from a catalog made by "
                        "`build.py i18n update`", shown,
                        _line_with(text, _NPLURALS, header.str_line))
    for part, n in zip(header.strs, header.str_at) if header else ():
        try:  # each header line alone, to name the one Babel cannot read
            read_po(io.StringIO(f'msgid ""\nmsgstr {part}\n'), abort_invalid=True)
        except Exception as exc:
            raise _fail(f"the header line {unescape(part).strip()!r} is not valid ({exc})",
                        "correct it, or copy the header from a catalog made by `build.py "
                        "i18n update`", shown, n) from None
    try:
        catalog = read_po(io.StringIO("\n".join(lines)), locale=lang.replace("-", "_"),
                          abort_invalid=True)
    except PoFileError as exc:
        message = str(exc.args[0]).rsplit(" on ", 1)[0]
        raise _fail(f"not valid PO: {message}", FIX_SYNTAX, shown, exc.lineno + 1) from None
    except Exception as exc:  # Babel reading the header: Language, Plural-Forms, dates
        raise _fail(f"the header entry is not valid: {exc}", "correct the header (Language, "
                    "Plural-Forms, dates) or copy it from a catalog made by `build.py i18n "
                    "update`", shown, header.id_line if header else 1) from None
    return Po(catalog, shown, {e.id_line: e.str_line for e in entries if e.str_line},
              _line_with(text, re.compile("Plural-Forms", re.I), header.id_line if header else 1))


def read_file(path: Path, lang: str) -> Po | None:
    """`read`, naming the file from `translations/` on; None when there is no file."""
    if not path.exists() and not path.is_symlink():
        return None
    parts = path.parts
    cut = len(parts) - 1 - parts[::-1].index("translations") if "translations" in parts else -2
    return read(path, Path(*parts[cut:]).as_posix(), lang)


@rule_check("T10")
def unusable(msg: Message, po: Po, findings: list[Finding]) -> bool:
    """A content catalog entry that is no segment's: the header, or one without msgctxt or
    with plural forms (T10 when it holds a translation that would otherwise be ignored)."""
    if msg.id and msg.context and isinstance(msg.id, str):
        return False
    if msg.id and msg.string:
        findings.append(Finding("T10", "error", "an entry without msgctxt (the segment id) or "
                                "with plural forms: its translation is not used", "translate "
                                "the entries that `build.py i18n update` wrote; add none",
                                po.loc(msg)))
    return True


# --- interface strings -----------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%(?:\(([^)]*)\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
                          r"([diouxXeEfFgGcrsa%])")


def placeholders(text: str) -> Counter:
    """Python format placeholders (`%s`, `%(name)s`), without `%%`."""
    return Counter(p.group(0) for p in _PLACEHOLDER.finditer(text) if p.group(2) != "%")


def _names(text: str) -> set[str]:
    return {p.group(1) for p in _PLACEHOLDER.finditer(text) if p.group(1) is not None}


def _formats(text: str, names: set[str]) -> str | None:
    """None when `text % {names}` works, else why not."""
    try:
        text % {n: "" for n in names}
    except (KeyError, ValueError, TypeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _differ(english: str, translated: str, what: str = "placeholder") -> str | None:
    want, got = placeholders(english), placeholders(translated)
    if want == got:
        return None
    extra, missing = sorted((got - want).elements()), sorted((want - got).elements())
    return "; ".join(
        [f"has {what}(s) {', '.join(extra)} that the English does not have"] * bool(extra)
        + [f"lacks {what}(s) {', '.join(missing)} that the English has"] * bool(missing))


def interface_problem(msg: Message) -> str | None:
    """Why an interface string's translation would publish garbage or crash a writer."""
    ids = list(msg.id) if isinstance(msg.id, list | tuple) else [msg.id]
    forms = list(msg.string) if isinstance(msg.string, list | tuple) else [msg.string]
    names = set().union(*(_names(i) for i in ids))
    # templates format every string (the publication's labels too); the code only those it
    # passes values to
    templated = not all(str(f).endswith(".py") for f, _ in msg.locations or [("?", 0)])
    formatted = (templated or bool(names)) and _formats(ids[0], names) is None
    english = sum((placeholders(i) for i in ids), Counter())
    for form in forms:
        if not form:
            continue
        if len(ids) == 1:
            problem = _differ(ids[0], form)
        else:  # a plural form may leave the number out, but adds nothing
            extra = sorted(set(placeholders(form)) - set(english))
            problem = extra and f"has placeholder(s) {', '.join(extra)} that the English " \
                "does not have"
        if problem is None and formatted:
            bad = _formats(form, names)
            problem = bad and f"cannot be filled in ({bad}); a percent sign is written %%"
        if problem:
            return problem
    return None


@rule_check("T11")
def check_interface(po: Po) -> list[Finding]:
    """T11 for every interface string whose translation would publish garbage: the entry is
    emptied, so the English (or, for a project's catalog, the tool's translation) is shown."""
    out = []
    for msg in po.catalog:
        if not msg.id or not msg.string or msg.fuzzy:
            continue
        problem = interface_problem(msg)
        if problem is None:
            problem = "; ".join(str(e) for e in msg.check(po.catalog)) or None
        if problem:
            english = msg.id if isinstance(msg.id, str) else msg.id[0]
            out.append(Finding("T11", "error", f"the translation of {english[:60]!r} {problem}"
                               "; the English (or the tool's own translation) is shown "
                               "instead", "write the English's "
                               "placeholders exactly as they are, e.g. %(name)s, and %% for a "
                               "percent sign", po.loc(msg)))
            msg.string = ("",) * len(msg.string) if isinstance(msg.string, tuple) else ""
    return out


def compile_mo(po: Po) -> bytes:
    """The compiled catalog (T10 when its header cannot be compiled or read back)."""
    from babel.support import Translations

    buf = io.BytesIO()
    try:
        write_mo(buf, po.catalog, use_fuzzy=False)
        Translations(io.BytesIO(buf.getvalue()))  # gettext parses the Plural-Forms here
    except Exception as exc:
        raise _fail(f"the catalog cannot be compiled: {exc}", "correct the header "
                    "(Plural-Forms) or copy it from a catalog made by `build.py i18n update`",
                    po.shown, po.plural_line) from None
    return buf.getvalue()


# --- content segments ------------------------------------------------------------------------


def _kept(nodes: list[m.Inline]) -> Counter:
    """Link addresses and code: what a translation carries over from the English as is."""
    out: Counter = Counter()
    for n in nodes:
        if isinstance(n, m.Link):
            out[f"link to {n.href}"] += 1
        elif isinstance(n, m.Code):
            out[f"`{n.text}`"] += 1
        elif isinstance(n, m.InlineNote):  # would be dropped unseen: notes are the English's
            out[f"an {{{n.kind}}} note"] += 1
        out += _kept(getattr(n, "children", None) or [])
    return out


def content_problem(english: str, translated: str, english_nodes: list[m.Inline] | None = None,
                    nodes: list[m.Inline] | None = None) -> str | None:
    """Why a content translation must not be shown: placeholders it adds or drops (content is
    never formatted, so they would be published as typed), link addresses or code that differ
    from the English, an editor note (never published, so its text would be lost)."""
    problem = _differ(english, translated)
    if problem is None and english_nodes is not None and nodes is not None:
        want, got = _kept(english_nodes), _kept(nodes)
        if want != got:
            extra, missing = sorted((got - want).elements()), sorted((want - got).elements())
            problem = "; ".join(
                [f"has {', '.join(extra)} that the English does not have"] * bool(extra)
                + [f"lacks {', '.join(missing)} that the English has"] * bool(missing))
    return problem


__all__ = ["Po", "catalog_path", "check_interface", "compile_mo", "content_problem",
           "interface_problem", "placeholders", "read"]
