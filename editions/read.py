"""Read stage: content/ (YAML + Markdown) → one Document. Errors name file, line and a fix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .data import Data, data_files, read_data, read_publication
from .edition_spec import EditionSpec
from .findings import ContentError, Finding, error
from .inputs import inside, read_text
from .markdown import AUDIENCE, MarkdownReader
from .model import Loc
from .rules import rule_check
from .yamlio import check_keys, load_yaml
from .yamlio import text as scalar

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)


@dataclass
class Source:
    """What the read stage hands on: the document, its data, and everything it found."""

    doc: m.Document
    data: Data
    editions: list[EditionSpec]
    languages: list[str]
    findings: list[Finding] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # content paths/data kinds with errors
    files: list[str] = field(default_factory=list)  # every content file read (for dependencies)


def split_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    match = _FRONT.match(text)
    if not match:
        raise error("C03", "the file does not start with YAML front matter",
                    "begin the file with a line `---`, then `id: …`, then a line `---`",
                    Loc(path, 1))
    data = load_yaml(match.group(1) or "", path, first_line=2)
    offset = text[: match.end()].count("\n")
    return data, text[match.end():], offset


@rule_check("H04")
def read_section_file(root: Path, path: str) -> tuple[list[m.Section], int, list[Finding]]:
    """One Markdown file → its sections (first heading `#`, nested by `##`, `###`)."""
    text = read_text(root / path, path)
    front, body, offset = split_front_matter(text, path)
    # `<audience>_title`: the section's heading in that audience's editions (young_title)
    titled = {k for k in front if isinstance(k, str) and k.endswith("_title")
              and AUDIENCE.fullmatch(k[:-len("_title")])}
    check_keys(front, path, {"id", "level", "audience", *titled}, {"id"}, "front matter", 1)
    sid = str(front["id"])
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
        raise error("C04", f"section id {sid!r} is not lowercase-with-hyphens",
                    "use letters, digits and hyphens, e.g. `id: red-arch`",
                    Loc(path, 1 + front.key_lines.get("id", 1)))
    level = front.get("level", 1)
    if type(level) is not int or level not in (1, 2):
        raise error("C04", f"level {level!r} is not 1 or 2", "use `level: 1` or `level: 2`",
                    Loc(path, 1 + front.key_lines.get("level", 1)))
    audience = front.get("audience")
    if audience is not None and not (isinstance(audience, str) or (
            isinstance(audience, list) and audience and all(isinstance(a, str) for a in audience))):
        raise error("C02", "audience must be an audience name or a list of them",
                    "write e.g. `audience: young` or `audience: [full, young]`",
                    Loc(path, 1 + front.key_lines.get("audience", 1)))
    aud = frozenset([audience] if isinstance(audience, str) else audience) if audience else None

    reader = MarkdownReader(root=root, path=path, offset=offset)
    blocks = reader.blocks(body)
    findings = reader.findings
    if not blocks or not isinstance(blocks[0], m.Heading) or blocks[0].level != 1:
        findings.append(Finding("H04", "error", "the file must start with one `#` heading",
                                "put the section title on the first line as `# Title`",
                                blocks[0].loc if blocks else Loc(path, offset + 1)))
        return [], level, findings

    shift = level - 1
    top: m.Section | None = None
    stack: list[m.Section] = []
    previous = 0
    for b in blocks:
        if isinstance(b, m.Heading):
            if b.level == 1 and top is not None:
                findings.append(Finding("H04", "error", "a second `#` heading in one file",
                                        "use `##` for a sub-heading, or start a new file", b.loc))
                continue
            if b.level > previous + 1:
                findings.append(Finding(
                    "H04", "error", f"heading skips a level (from {'#' * previous} to {'#' * b.level})",
                    f"use {'#' * (previous + 1)} here, or add the missing heading above", b.loc))
            previous = b.level
            b.level += shift
            section = m.Section(id=sid if top is None else "", heading=b, loc=b.loc,
                                audience=aud if top is None else b.audience)
            for key in sorted(titled) if top is None else ():
                section.titles[key[:-len("_title")]] = [
                    m.Text(text=scalar(front, key, path, 1), loc=b.loc)]
            while stack and stack[-1].level >= b.level:
                stack.pop()
            if stack:
                stack[-1].sections.append(section)
            else:
                top = section
            stack.append(section)
        else:
            # a section opened by a heading inside a `::: young` container ends with it
            while len(stack) > 1 and stack[-1].heading.container and \
                    stack[-1].heading.container != b.container:
                stack.pop()
            stack[-1].blocks.append(b)
    return ([top] if top else []), level, findings


def read(root: Path, base: str, presentation: str) -> Source:
    """Read one publication: `base` is its folder ("content", or "content/<id>" in a project
    of several); `presentation`: the default one (presentations.default), for editions that
    list none. Never raises for bad content: it records findings."""
    PUBLICATION = f"{base}/publication.yaml"  # noqa: N806 (a constant per publication)
    findings: list[Finding] = []
    notes: list[m.Note] = []
    broken: set[str] = set()
    pub = inside(root, PUBLICATION, "the project", Loc(PUBLICATION, 1))
    if not pub.is_file():
        raise ContentError(Finding("C21", "error", f"{PUBLICATION} is missing",
                                   "create it (see docs/CONTENT.md)", Loc(PUBLICATION, 1)))
    text = read_text(pub, PUBLICATION)
    meta, section_paths, editions, languages = read_publication(root, text, PUBLICATION,
                                                                presentation)
    folder = base.rpartition("/")[2]
    if base != "content" and meta.id != folder:  # the folder names its web address and files
        line = next((i for i, t in enumerate(text.splitlines(), 1) if t.startswith("id:")), 1)
        raise error("C04", f"the publication's id {meta.id!r} is not the name of its folder "
                    f"{folder!r}", f"write `id: {folder}`, or rename the folder",
                    Loc(PUBLICATION, line))
    audiences = {e.audience for e in editions}

    data = read_data(root, notes, findings, base)
    broken |= data.broken
    sections: list[m.Section] = []
    seen_ids: dict[str, Loc] = {}
    files = [PUBLICATION, *data_files(base)]
    for rel in section_paths:
        path = f"{base}/{rel}"
        files.append(path)
        before = len(findings)
        try:
            file = inside(root / base, rel, f"{base}/", Loc(PUBLICATION, 1), "section file")
            if not file.is_file():
                raise error("C21", f"section file {path} is listed but does not exist",
                            f"create it, or remove `- {rel}` from sections:",
                            Loc(PUBLICATION, 1))
            found, level, file_findings = read_section_file(root, path)
            findings.extend(file_findings)
            for s in found:
                findings.extend(unknown_audiences(s, audiences))
                if s.id in seen_ids:
                    findings.append(Finding("C05", "error", f"duplicate section id {s.id!r} "
                                            f"(also used in {seen_ids[s.id]})",
                                            "give each section its own id", s.loc))
                seen_ids[s.id] = s.loc  # type: ignore[assignment]
                if level == 1:
                    sections.append(s)
                elif sections:
                    sections[-1].sections.append(s)
                else:
                    findings.append(Finding("C04", "error", "a `level: 2` file comes first",
                                            "put a `level: 1` file before it", s.loc))
        except ContentError as exc:
            findings.append(exc.finding)
        if any(f.level == "error" for f in findings[before:]):
            broken.add(path)

    doc = m.Document(meta=meta, sections=sections, notes=notes)
    return Source(doc=doc, data=data, editions=editions, languages=languages, findings=findings,
                  broken=broken, files=files)


def unknown_audiences(top: m.Section, audiences: set[str]) -> list[Finding]:
    """An audience no edition has (a typo) would drop the section from every edition."""
    out = []
    for s in top.walk():
        for node in [s, *m.walk_blocks(s.blocks)]:
            unknown = (getattr(node, "audience", None) or frozenset()) - audiences
            for a in sorted(unknown):
                out.append(Finding("C02", "error", f"audience {a!r} is not the audience of any "
                                   "edition, so this text would be in none of them",
                                   f"use one of: {', '.join(sorted(audiences))}", node.loc))
            if unknown:  # which edition was meant is unknown: every edition is held back
                node.audience = None
    for a in sorted(set(top.titles) - audiences):  # `<audience>_title` with no such audience
        out.append(Finding("C02", "error", f"{a}_title names an audience no edition has",
                           f"use one of: {', '.join(f'{x}_title' for x in sorted(audiences))}",
                           top.loc))
        del top.titles[a]
    return out

