"""An edition as publication.yaml describes it (`EditionSpec`): which audience's blocks, in which
languages, presentations and formats, with which reading-level rules; read and checked with
the file and line of every mistake. Editions are data: nothing in the code names one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import model as m
from .findings import error
from .inputs import valid_tag
from .model import Loc
from .yamlio import ID, LineDict, check_keys, identifier, loc_of, str_list
from .yamlio import text as text_

READING = ("", "general", "child-friendly")


@dataclass(slots=True)
class EditionSpec:
    """An edition is data: which audience's blocks, in which languages, presentations, formats."""

    id: str
    title: str
    audience: str
    languages: list[str]
    presentations: list[str]
    formats: list[str]
    loc: Loc
    unmarked: bool = True  # include blocks not marked for any audience (the full text)
    sections: list[str] = field(default_factory=list)  # top-level section ids; empty: all
    glossary: str = "all"  # "all" terms, or only the terms "used" in the edition's text
    by_presentation: dict[str, list[str]] = field(default_factory=dict)  # presentation → formats
    description: str = ""  # what the edition is, for the site's home page
    # a translation is published as this edition from this share (%) of its text translated;
    # below it, the translated part is published as a summary (select.summarise)
    publish_at: int = 95
    # the reading-level rules its text is checked against: "child-friendly" (CF01–CF08, the
    # plain-language limits for children), "general" (CF02 and H20 as warnings), "" none
    reading: str = ""



def lang_tag(data: LineDict, key: str, path: str, value: str | None = None) -> str:
    tag = text_(data, key, path, required=True) if value is None else value
    if not valid_tag(tag):
        raise error("C02", f"{tag!r} is not a language tag", "write a BCP 47 tag such as en-GB, "
                    "gd, pl, zh-Hans or ur", loc_of(data, path, 0, key))
    return tag


def read_edition(e: Any, path: str, meta: m.Meta, presentation: str) -> EditionSpec:
    check_keys(e, path, {"id", "title", "audience", "languages", "presentations", "formats",
                         "unmarked", "sections", "glossary", "description", "publish_at",
                         "reading"},
               {"id", "title", "audience"}, "edition")
    if e.get("glossary", "all") not in ("all", "used"):
        raise error("C02", "glossary must be `all` or `used`", "fix the edition entry",
                    loc_of(e, path, 0, "glossary"))
    publish_at = e.get("publish_at", 95)
    if type(publish_at) is not int or not 0 <= publish_at <= 100:
        raise error("C02", f"publish_at must be a whole percentage from 0 to 100, not "
                    f"{str(publish_at)[:20]!r}", "write e.g. `publish_at: 95` (0: publish every "
                    "translation whole)", loc_of(e, path, 0, "publish_at"))
    if e.get("reading", "") not in READING:
        raise error("C02", f"reading must be one of {', '.join(r for r in READING if r)}, not "
                    f"{str(e.get('reading'))[:30]!r}", "child-friendly: the plain-language rules "
                    "(CF01–CF08); general: sentence length and reading level (CF02, H20); "
                    "leave it out for neither", loc_of(e, path, 0, "reading"))
    if not isinstance(e.get("unmarked", True), bool):
        raise error("C02", "unmarked must be true or false", "write `unmarked: false`",
                    loc_of(e, path, 0, "unmarked"))
    formats = str_list(e, "formats", path)
    pres = e.get("presentations") or [presentation]  # none listed: the default one
    if isinstance(pres, list):  # every presentation in every format
        by_pres = {p: formats for p in (str_list(e, "presentations", path) or pres)}
    elif isinstance(pres, dict):  # presentation: [formats]
        by_pres = {p: str_list(pres, p, path) for p in pres}
    else:
        raise error("C02", "presentations must be a list or a mapping to formats",
                    "write e.g. `presentations: {standard: [html, pdf], large-print: [pdf]}`",
                    loc_of(e, path, 0, "presentations"))
    for name in by_pres:  # a presentation names files: nothing but a plain identifier
        if not isinstance(name, str) or not ID.fullmatch(name):
            raise error("C04", f"presentation {name!r} is not lowercase-with-hyphens",
                        "use letters a–z, digits and hyphens, e.g. `large-print`",
                        loc_of(e, path, 0, "presentations"))
    return EditionSpec(
        id=identifier(e, "id", path, "edition id"), title=text_(e, "title", path, required=True),
        audience=identifier(e, "audience", path, "audience"),
        languages=[lang_tag(e, "languages", path, v) for v in str_list(e, "languages", path)]
        or [meta.lang],
        presentations=list(by_pres), formats=sorted({f for fs in by_pres.values() for f in fs}),
        loc=loc_of(e, path), unmarked=e.get("unmarked", True),
        sections=str_list(e, "sections", path), glossary=e.get("glossary", "all"),
        by_presentation=by_pres, description=" ".join(text_(e, "description", path).split()),
        publish_at=publish_at, reading=e.get("reading", ""),
    )
