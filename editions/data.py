"""Structured content: publication metadata and editions, action plan, glossary, notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as m
from .doctypes import TYPES
from .edition_spec import EditionSpec, lang_tag, read_edition
from .findings import ContentError, Finding, error
from .inputs import inside, read_text, valid_tag
from .markdown import MarkdownReader
from .model import Loc
from .rules import rule_check
from .yamlio import ID, LineDict, check_keys, identifier, items, load_yaml, loc_of, str_list
from .yamlio import text as text_

MAX_TERMS = 2000  # a real glossary has about a hundred


@dataclass(slots=True)
class Priority:
    number: int
    task_group: str
    text: list[m.Inline]
    action_plan_text: list[m.Inline]
    actions: list[m.Block]
    measures: list[m.Block]
    loc: Loc


@dataclass(slots=True)
class Foundation:
    id: str
    title: str
    outcome: list[m.Block]
    columns: list[str]
    priorities: list[Priority]
    loc: Loc


@dataclass(slots=True)
class Term:
    term: str
    abbr: str
    expansion: str
    definition: list[m.Block]
    loc: Loc
    id: str = ""  # "term-<acronym>", or "term-<term>" when two terms share an acronym


@dataclass(slots=True)
class NoticeEntry:
    lang: str
    status: str
    text: str
    request: str
    loc: Loc


@dataclass(slots=True)
class Exception_:
    """A reviewed exception: findings of `rule` on artifacts matching `artifact` are accepted."""

    rule: str
    artifact: str  # glob on the artifact path ("site/*/full.html"); "" for every artifact
    reason: str
    loc: Loc


def read_exceptions(root: Path, findings: list[Finding], base: str = "content"
                    ) -> list[Exception_]:
    """exceptions.yaml beside publication.yaml (optional). An exception without a reason is
    itself an error."""
    path = f"{base}/exceptions.yaml"
    out = []
    try:
        file = inside(root / base, "exceptions.yaml", f"{base}/", Loc(path, 1))
        if not file.is_file():
            return []
        data = load_yaml(read_text(file, path), path)
        check_keys(data, path, {"exceptions"}, {"exceptions"}, "exceptions file")
        for e in items(data, "exceptions", path):
            check_keys(e, path, {"rule", "artifact", "reason"}, {"rule"}, "exception")
            if not str(e.get("reason") or "").strip():
                findings.append(Finding("C30", "error", f"exception for {e['rule']} has no reason",
                                        "say why the finding is acceptable in `reason:`, or "
                                        "remove the exception", loc_of(e, path)))
                continue
            out.append(Exception_(str(e["rule"]), str(e.get("artifact") or ""),
                                  str(e["reason"]).strip(), loc_of(e, path)))
    except ContentError as exc:
        findings.append(exc.finding)
    return out


@dataclass(slots=True)
class Data:
    foundations: list[Foundation] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    notice: list[NoticeEntry] = field(default_factory=list)
    notice_email: str = ""
    not_acronyms: list[str] = field(default_factory=list)  # words in capitals, not acronyms
    exceptions: list[Exception_] = field(default_factory=list)  # reviewed, with reasons
    # data kinds that could not be read; editions using them are not written
    broken: set[str] = field(default_factory=set)
    present: set[str] = field(default_factory=set)  # data kinds whose file exists


class DataReader:
    """Reads one YAML data file; Markdown fields go through the same Markdown reader."""

    def __init__(self, root: Path, path: str, notes: list[m.Note], findings: list[Finding]):
        self.root, self.path, self.notes, self.findings = root, path, notes, findings

    def markdown(self, data: LineDict, key: str) -> list[m.Block]:
        text = data.get(key) or ""
        if not isinstance(text, str):
            raise error("C02", f"{key!r} must be text", f"write `{key}: |` and the text below",
                        loc_of(data, self.path, 0, key))
        # a `|` block scalar starts on the line after its key
        line = data.key_lines.get(key, data.line)
        reader = MarkdownReader(root=self.root, path=self.path, offset=line)
        blocks = reader.blocks(text)
        self.findings.extend(reader.findings)
        return blocks

    def inline(self, data: LineDict, key: str) -> list[m.Inline]:
        blocks = self.markdown(data, key)
        out: list[m.Inline] = []
        for b in blocks:
            if isinstance(b, m.Paragraph):
                out.extend(b.children)
        return out

    def notes_of(self, data: LineDict) -> None:
        for kind, key in (("editor-note", "editor_notes"), ("editor-query", "editor_queries")):
            for text in str_list(data, key, self.path):
                self.notes.append(m.Note(kind, text, loc_of(data, self.path, 0, key)))


def read_publication(root: Path, text: str, path: str, presentation: str
                     ) -> tuple[m.Meta, list[str], list[EditionSpec], list[str]]:
    """`presentation`: the default one (presentations.default), for editions that list none."""
    data = load_yaml(text, path)
    keys = {"id", "title", "short_title", "period", "publisher", "date", "lang", "contact",
            "sections", "editions", "languages", "type", "subtitle", "tagline", "introduction"}
    check_keys(data, path, keys, {"id", "title", "lang", "contact", "sections", "editions"},
               "publication")
    contact = data["contact"]
    check_keys(contact, path, {"name", "email"}, {"name", "email"}, "contact")
    title = text_(data, "title", path, required=True)
    meta = m.Meta(
        id=identifier(data, "id", path, "publication id"), title=title,
        short_title=text_(data, "short_title", path) or title,
        period=text_(data, "period", path), publisher=text_(data, "publisher", path),
        date=text_(data, "date", path), lang=lang_tag(data, "lang", path),
        contact_name=text_(contact, "name", path, required=True),
        contact_email=text_(contact, "email", path, required=True),
        type=text_(data, "type", path) or "document", subtitle=text_(data, "subtitle", path),
        tagline=text_(data, "tagline", path),
        introduction=" ".join(text_(data, "introduction", path).split()),
    )
    if meta.type not in TYPES:
        raise error("C02", f"unknown publication type {meta.type!r}",
                    f"use one of: {', '.join(TYPES)}", loc_of(data, path, 0, "type"))
    try:
        from datetime import date

        if meta.date:  # optional: a document without a date prints none
            date.fromisoformat(meta.date)
    except ValueError:
        raise error("C02", f"date {meta.date!r} is not an ISO date",
                    "write it as YYYY-MM-DD", loc_of(data, path, 0, "date")) from None
    sections = str_list(data, "sections", path)
    editions: list[EditionSpec] = []
    seen: dict[str, Loc] = {}
    for e in items(data, "editions", path):
        editions.append(read_edition(e, path, meta, presentation))
        if editions[-1].id in seen:
            raise error("C05", f"two editions have the id {editions[-1].id!r} (also at "
                        f"{seen[editions[-1].id]})", "give each edition its own id: their "
                        "files would overwrite each other", loc_of(e, path, 0, "id"))
        seen[editions[-1].id] = loc_of(e, path)
    if not editions:
        raise error("C02", "no editions are listed", "add at least one entry under `editions:`",
                    loc_of(data, path, 0, "editions"))
    languages = [lang_tag(data, "languages", path, v) for v in str_list(data, "languages", path)]
    # without a list of its own, the site is in every language an edition is published in
    # (else a translated edition would be written but linked from no page)
    return meta, sections, editions, languages or list(dict.fromkeys(
        [meta.lang, *(lang for e in editions for lang in e.languages)]))


@rule_check("E03")
def read_action_plan(r: DataReader, data: Any) -> list[Foundation]:
    check_keys(data, r.path, {"foundations", "task_groups"}, {"foundations"}, "action plan")
    # the groups a priority may belong to: the action plan's own list (any id when it has none)
    groups = str_list(data, "task_groups", r.path)
    for g in groups:
        if not ID.fullmatch(g):
            raise error("C04", f"task group {g!r} is not lowercase-with-hyphens",
                        "use letters a–z, digits and hyphens", loc_of(data, r.path, 0,
                                                                       "task_groups"))
    out: list[Foundation] = []
    seen: dict[int, Loc] = {}
    texts: dict[str, int] = {}
    for f in items(data, "foundations", r.path):
        check_keys(f, r.path, {"id", "title", "outcome", "columns", "priorities", "editor_notes",
                               "editor_queries"}, {"id", "title", "priorities"}, "foundation")
        r.notes_of(f)
        cols = str_list(f, "columns", r.path) or ["What is our priority?", "What will we do?",
                                                  "How will we know?"]
        if len(cols) != 3:
            raise error("C02", "columns must name exactly three column heads",
                        "list the priority, action and measure column heads",
                        loc_of(f, r.path, 0, "columns"))
        prios: list[Priority] = []
        for p in items(f, "priorities", r.path):
            check_keys(p, r.path, {"number", "task_group", "text", "action_plan_text", "actions",
                                   "measures", "editor_notes", "editor_queries"},
                       {"number", "task_group", "text"}, "priority")
            loc = loc_of(p, r.path)
            if type(p["number"]) is not int:
                raise error("C02", "priority number must be a whole number", "write e.g. `number: 7`",
                            loc_of(p, r.path, 0, "number"))
            group = text_(p, "task_group", r.path)
            if (groups and group not in groups) or not ID.fullmatch(group):
                raise error("C02", f"unknown task group {group!r}",
                            f"use one of: {', '.join(groups)}" if groups else
                            "use lowercase-with-hyphens, or list the groups under `task_groups:`",
                            loc_of(p, r.path, 0, "task_group"))
            if p["number"] in seen:
                r.findings.append(Finding("E03", "warning", f"priority {p['number']} is numbered twice "
                                          f"(also at {seen[p['number']]})",
                                          "renumber one of them", loc))
            seen[p["number"]] = loc
            key = " ".join(str(p["text"]).replace(":", " ").split()).lower()
            if key in texts:
                r.findings.append(Finding("E03", "warning", f"priority {p['number']} repeats the "
                                          f"text of priority {texts[key]}",
                                          "remove the duplicate or reword one of them", loc))
            texts[key] = p["number"]
            r.notes_of(p)
            text = r.inline(p, "text")
            prios.append(Priority(
                number=p["number"], task_group=p["task_group"], text=text,
                action_plan_text=r.inline(p, "action_plan_text") if p.get("action_plan_text") else text,
                actions=r.markdown(p, "actions"), measures=r.markdown(p, "measures"), loc=loc,
            ))
        out.append(Foundation(id=text_(f, "id", r.path), title=text_(f, "title", r.path),
                              outcome=r.markdown(f, "outcome"),
                              columns=cols, priorities=prios, loc=loc_of(f, r.path)))
    return out


def read_glossary(r: DataReader, data: Any) -> list[Term]:
    check_keys(data, r.path, {"terms", "not_acronyms"}, {"terms"}, "glossary")
    if len(items(data, "terms", r.path)) > MAX_TERMS:  # every term is looked for in every text
        raise error("C08", f"the glossary has {len(data['terms'])} terms, more than the "
                    f"{MAX_TERMS} editions can link in the text",
                    "keep the terms a reader needs (or split the glossary into its own "
                    "publication)", loc_of(data, r.path, 0, "terms"))
    out: list[Term] = []
    for t in items(data, "terms", r.path):
        check_keys(t, r.path, {"term", "abbr", "expansion", "definition", "editor_notes",
                               "editor_queries"}, {"term", "definition"}, "glossary term")
        r.notes_of(t)
        out.append(Term(term=text_(t, "term", r.path).strip(),
                        abbr=text_(t, "abbr", r.path).strip(),
                        expansion=text_(t, "expansion", r.path).strip(),
                        definition=r.markdown(t, "definition"), loc=loc_of(t, r.path)))
    short = [m.slug(t.abbr or t.term) for t in out]
    for t, key in zip(out, short, strict=True):
        t.id = "term-" + (key if short.count(key) == 1 else m.slug(t.term))
    return out


def read_notice(r: DataReader, data: Any) -> tuple[str, list[NoticeEntry]]:
    check_keys(data, r.path, {"contact_email", "languages"}, {"contact_email", "languages"}, "notice")
    out = []
    for e in items(data, "languages", r.path):
        check_keys(e, r.path, {"lang", "status", "text", "request"},
                   {"lang", "status", "text", "request"}, "notice language")
        if not valid_tag(e["lang"]):
            raise error("C02", f"{e['lang']!r} is not a language tag",
                        "write a BCP 47 tag such as en-GB, gd, pl, zh-Hans or ur",
                        loc_of(e, r.path, 0, "lang"))
        if e["status"] not in ("untranslated", "stale", "draft", "reviewed"):
            raise error("C02", f"unknown status {e['status']!r}",
                        "use untranslated, stale, draft or reviewed", loc_of(e, r.path, 0, "status"))
        out.append(NoticeEntry(lang=e["lang"], status=e["status"],
                               text=text_(e, "text", r.path).strip(),
                               request=text_(e, "request", r.path).strip(), loc=loc_of(e, r.path)))
    return text_(data, "contact_email", r.path, required=True), out


DATA_KINDS = ("action-plan", "glossary", "notice")  # each in data/<kind>.yaml, optional


def data_files(base: str = "content") -> dict[str, str]:
    """The publication's data files (path from the project root) and their kinds."""
    return {f"{base}/data/{kind}.yaml": kind for kind in DATA_KINDS}


def read_data(root: Path, notes: list[m.Note], findings: list[Finding],
              base: str = "content") -> Data:
    out = Data()
    for path, kind in data_files(base).items():
        r = DataReader(root, path, notes, findings)
        before = len(findings)
        try:
            file = inside(root / base, path.removeprefix(f"{base}/"), f"{base}/",
                          Loc(path, 1), "data file")
            if not file.exists():
                continue  # every part is optional: a directive that needs it says so
            out.present.add(kind)
            data = load_yaml(read_text(file, path), path)
            if kind == "action-plan":
                out.foundations = read_action_plan(r, data)
            elif kind == "glossary":
                out.terms = read_glossary(r, data)
                out.not_acronyms = str_list(data, "not_acronyms", path)
            else:
                out.notice_email, out.notice = read_notice(r, data)
        except ContentError as exc:
            findings.append(exc.finding)
        if any(f.level == "error" for f in findings[before:]):
            out.broken.add(kind)
    out.exceptions = read_exceptions(root, findings, base)
    return out
