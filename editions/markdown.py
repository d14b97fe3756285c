"""Markdown (markdown-it-py) to the document model. No raw HTML passes through."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from . import markdown_tables as tables
from . import model as m
from .findings import Finding, error
from .model import Loc
from .references import href_problem, picture_problem
from .rules import rule_check
from .yamlio import check_keys, load_yaml

NOTE_KINDS = ("editor-note", "editor-query")
DATA_DIRECTIVES = ("priorities", "action-plan", "glossary", "notice")
DIRECTIVES = ("quote", "figure", *NOTE_KINDS, *DATA_DIRECTIVES)
AUDIENCE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")  # `::: young`: blocks for one audience
MAX_DEPTH = 8  # lists in lists in quotes…: real documents need three
_FENCE_NAME = re.compile(r"^\{([a-z-]+)\}\s*(.*)$")


def _parser() -> MarkdownIt:
    # html=True only so that raw HTML arrives as html_* tokens we can refuse with a message.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 100}).use(myst_role_plugin)
    md.enable("table")  # maxNesting: deeper than MAX_DEPTH is refused below, never cut off
    # `::: <audience>` … `:::`: blocks for the editions of one audience (any name an edition
    # gives as its audience; read.unknown_audiences refuses the others)
    md.use(container_plugin, "audience",
           validate=lambda params, *_: bool(AUDIENCE.fullmatch(params.strip())))
    # Accept every link at parse time so that check_href can refuse the bad ones with a
    # message (markdown-it would silently print `[text](file:...)` as text instead).
    md.validateLink = lambda url: True
    return md


@dataclass
class MarkdownReader:
    """Turns one Markdown text into blocks; collects errors (with file and line) as it goes."""

    root: Path
    path: str  # project-relative
    offset: int = 0  # lines before the Markdown text in its file
    findings: list[Finding] = field(default_factory=list)
    md: MarkdownIt = field(default_factory=_parser)
    containers: int = 0
    depth: int = 0  # lists and quotes around the blocks being read
    lines: list[str] = field(default_factory=list)  # the text being read

    def loc(self, node: SyntaxTreeNode | None) -> Loc:
        line = node.map[0] if node is not None and node.map else 0
        return Loc(self.path, self.offset + line + 1)

    def fail(self, rule: str, message: str, fix: str, loc: Loc) -> None:
        self.findings.append(Finding(rule=rule, level="error", message=message, fix=fix, loc=loc))

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, text: str) -> list[m.Block]:
        self.lines = text.splitlines()
        env: dict = {}
        tokens = self.md.parse(text, env)
        self._definitions(tokens, env)
        return self._blocks(SyntaxTreeNode(tokens).children)

    def _definitions(self, tokens, env: dict) -> None:
        """A `[label]: address` line is a link target, never shown: one that no link uses (or
        a second one for a label) would lose its line without a word."""
        used = {str(t.attrs.get("href")) for tok in tokens for t in tok.children or ()
                if t.type in ("link_open", "image")}
        refs = [ref for ref in env.get("references", {}).values()
                if ref["href"] not in used] + env.get("duplicate_refs", [])
        for ref in refs:
            line = ref["map"][0]
            shown = self.lines[line].strip()[:60] if line < len(self.lines) else "[…]: …"
            self.fail("C11", f"`{shown}` is read as a link target that "
                      "no link uses (or a second one for that name), so it would not be "
                      "published", "link to it with [text][name], or write the line as text "
                      "(e.g. without the colon)", Loc(self.path, self.offset + line + 1))

    def _blocks(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH and nodes:
                self.fail("C16", f"lists or quotes nested more than {MAX_DEPTH} levels deep",
                          "flatten the structure: readers lose their way in deep nesting",
                          self.loc(nodes[0]))
                return []
            return self._blocks_at_depth(nodes)
        finally:
            self.depth -= 1

    def _blocks_at_depth(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        out: list[m.Block] = []
        pending_caption: m.Paragraph | None = None
        for node in nodes:
            if node.type.startswith("container_") and not node.nester_tokens.closing.markup:
                self.fail("C14", f"the `::: {node.info.strip()}` container is "
                          "never closed, so it would take in the rest of the file",
                          "end it with a line `:::`", self.loc(node))
                continue
            if node.type.startswith("container_"):
                audience = frozenset([node.info.strip()])
                inner = self._blocks(node.children)
                self.containers += 1
                for b in inner:
                    b.audience = audience
                    b.container = self.containers
                out.extend(inner)
                pending_caption = None
                continue
            block = self._block(node)
            if block is None:
                continue
            if isinstance(block, m.Table):
                if pending_caption is not None:
                    tables.attach_caption(self, pending_caption, block)
                    out.pop()
                tables.check_table(self, block)
            pending_caption = block if tables.is_caption(block) else None
            out.append(block)
        return out

    def _block(self, node: SyntaxTreeNode) -> m.Block | None:
        loc = self.loc(node)
        t = node.type
        if t == "paragraph":
            inline = node.children[0] if node.children else None
            kids = inline.children if inline is not None else []
            if inline is not None and inline.content.startswith(":::"):
                name = inline.content[3:].split("\n")[0].strip()
                self.fail("C14", f"`::: {name}` is not a container editions knows" if name
                          else "a `:::` line with no container open",
                          "a container is `::: <audience>` … `:::`, the audience a name in "
                          "lowercase-with-hyphens; remove the line if it is left over", loc)
                return None
            if len(kids) == 1 and kids[0].type == "image":
                return self._image(kids[0], loc)
            return m.Paragraph(children=self.inlines(kids, loc), loc=loc)
        if t == "heading":
            inline = node.children[0]
            return m.Heading(
                level=int(node.tag[1]), children=self.inlines(inline.children, loc), loc=loc
            )
        if t in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if t == "ordered_list" else 1
            items = [
                m.ListItem(blocks=self._inside(self._blocks(item.children), "a list item",
                                               (m.Heading, m.Directive)), loc=self.loc(item))
                for item in node.children
            ]
            return m.ListBlock(ordered=t == "ordered_list", items=items, start=start, loc=loc)
        if t == "blockquote":  # paragraphs, lists and quotes; the rest is refused, never lost
            inner = self._inside(self._blocks(node.children), "a `>` quote",
                                 (m.Heading, m.Directive, m.Table, m.Figure))
            if not inner and node.children:
                return None  # what it held was refused above
            if not inner:
                self.fail("C11", "an empty `>` quote", "write the quotation after the `>`, "
                          "or remove the line", loc)
                return None
            return m.Quote(children=[], blocks=inner, loc=loc)
        if t == "table":
            return tables.read_table(self, node, loc)
        if t == "fence":
            return self._fence(node, loc)
        if t in ("html_block",):
            self.fail(
                "C10",
                "raw HTML is not allowed in content and was not published",
                "write it in Markdown (lists, emphasis, links) or ask for a new directive",
                loc,
            )
            return None
        if t == "code_block":
            self.fail(
                "C11",
                "indented text is read as a code block",
                "remove the leading spaces (four or more) from these lines",
                loc,
            )
            return None
        if t == "hr":
            self.fail("C11", "a line of `---`, `***` or `___` (a thematic break) would not be "
                      "published", "start a new part with a `##` heading, or remove the line",
                      loc)
            return None
        self.fail("C11", f"unsupported Markdown element {t!r}", "use paragraphs, lists", loc)
        return None

    def _fence(self, node: SyntaxTreeNode, loc: Loc) -> m.Block | None:
        match = _FENCE_NAME.match(node.info.strip())
        if not match:
            self.fail(
                "C11",
                "a fenced code block is not a directive",
                "start the fence with a directive name, e.g. ```{quote}; "
                f"known: {', '.join(DIRECTIVES)}",
                loc,
            )
            return None
        name, arg = match.group(1), match.group(2).strip()
        body = node.content
        if not self._closed(node):
            self.fail("C14", f"the ```{{{name}}} block is never closed, so it would take in "
                      "the rest of the file", f"end it with a line {node.markup}", loc)
            return None
        if arg and name != "priorities":  # nothing after the name would be shown
            self.fail("C12", f"```{{{name}}} takes nothing after its name, so {arg!r} would "
                      "not be published", "remove it, or put it in the block's body", loc)
            return None
        if name in NOTE_KINDS:
            return m.EditorNote(kind=name, text=body.strip(), loc=loc)
        if name in DATA_DIRECTIVES:
            return m.Directive(name=name, arg=arg, loc=loc)
        if name not in ("quote", "figure"):
            self.fail(
                "C12",
                f"unknown directive {{{name}}}",
                f"use one of: {', '.join(DIRECTIVES)}",
                loc,
            )
            return None
        try:
            data = load_yaml(body, self.path, loc.line + 1)
            if name == "quote":
                check_keys(data, self.path, {"text", "attribution", "audience"}, {"text"},
                           "{quote}", loc.line)
                text = str(data["text"]).strip()
                audience = data.get("audience")
                if isinstance(audience, str):
                    audience = [audience]
                return m.Quote(
                    children=self.inline_text(text, loc),
                    attribution=str(data.get("attribution") or "").strip(),
                    audience=frozenset(audience) if audience else None,
                    loc=loc,
                )
            check_keys(data, self.path, {"src", "alt", "caption"}, set(), "{figure}", loc.line)
            return self._figure(str(data.get("src") or ""), str(data.get("alt") or ""),
                                str(data.get("caption") or ""), loc)
        except Exception as exc:  # ContentError
            finding = getattr(exc, "finding", None)
            if finding is None:
                raise
            self.findings.append(finding)
            return None

    def _image(self, node: SyntaxTreeNode, loc: Loc) -> m.Block | None:
        alt = m.inline_text(self.inlines(node.children, loc))  # *emphasis* in it too
        return self._figure(str(node.attrs.get("src", "")), alt, str(node.attrs.get("title") or ""), loc)

    @rule_check("H07")
    def _figure(self, src: str, alt: str, caption: str, loc: Loc) -> m.Figure | None:
        ok = True
        if not alt.strip():
            self.fail(
                "H07",
                f"image {src or '(no src)'} has no alt text",
                "add `alt:` saying what the picture tells a reader who cannot see it",
                loc,
            )
            ok = False
        elif re.search(r"\.(png|jpe?g|svg|gif|webp)$", alt.strip(), re.I) or re.match(
            r"^(image|picture|photo) of\b", alt.strip(), re.I
        ):
            self.fail("H07", f"alt text {alt!r} is a file name or says 'image of'",
                      "describe what the picture shows or means", loc)
            ok = False
        if not self.check(picture_problem(self.root, src, loc)):
            ok = False
        return m.Figure(src=src, alt=alt.strip(), caption=caption, loc=loc) if ok else None

    def _closed(self, node: SyntaxTreeNode) -> bool:
        """markdown-it runs an unclosed fence to the end of the text: its last line then is
        not a closing fence."""
        start, end = node.map or (0, 0)
        last = self.lines[end - 1].lstrip(" >") if 0 < end <= len(self.lines) else ""
        return end - start >= 2 and last.rstrip().startswith(node.markup) and \
            set(last.strip()) == {node.markup[0]}

    def _inside(self, blocks: list[m.Block], where: str, refused: tuple[type, ...]
                ) -> list[m.Block]:
        """The blocks a list item or quote can show; the others are errors at their line."""
        for b in blocks:
            if isinstance(b, refused):
                what = f"a {{{b.name}}} block" if isinstance(b, m.Directive) else \
                    f"a {type(b).__name__.lower()}"
                self.fail("C11", f"{what} inside {where} cannot be published",
                          "a quote holds paragraphs, lists and quotes: put it after the quote"
                          if "quote" in where else "put it after the list", b.loc)
        return [b for b in blocks if not isinstance(b, refused)]

    def check(self, problem: Finding | None) -> bool:
        """Record a reference's problem (references.py); True when there is none."""
        if problem is not None:
            self.findings.append(problem)
        return problem is None

    # --- inlines --------------------------------------------------------------------------

    def inline_text(self, text: str, loc: Loc) -> list[m.Inline]:
        tokens = self.md.parseInline(text)
        tree = SyntaxTreeNode(tokens)
        inline = tree.children[0] if tree.children else None
        kids = inline.children if inline is not None and inline.children else []
        if inline is not None and not kids and tree.children[0].type == "inline":
            kids = []
        return self.inlines(kids, loc)

    def inlines(self, nodes: list[SyntaxTreeNode], loc: Loc) -> list[m.Inline]:
        out: list[m.Inline] = []
        for n in nodes:
            t = n.type
            if t == "text":
                out.append(m.Text(text=n.content, loc=loc))
            elif t == "softbreak":
                out.append(m.Text(text=" ", loc=loc))
            elif t == "hardbreak":
                out.append(m.Break(loc=loc))
            elif t == "em":
                out.append(m.Emph(children=self.inlines(n.children, loc), loc=loc))
            elif t == "strong":
                out.append(m.Strong(children=self.inlines(n.children, loc), loc=loc))
            elif t == "code_inline":
                out.append(m.Code(text=n.content, loc=loc))
            elif t == "link":
                href = str(n.attrs.get("href", ""))
                kids = self.inlines(n.children, loc)
                if n.attrs.get("title"):
                    self.fail("C11", f"the link title {n.attrs['title']!r} would not be shown "
                              "to most readers", "put those words in the link text or the "
                              "sentence, and remove the quoted title after the address", loc)
                if self.check(href_problem(self.root, href, loc)):
                    out.append(m.Link(href=href, children=kids, loc=loc))
                else:
                    out.extend(kids)
            elif t == "myst_role":
                name = n.meta.get("name", "")
                if name in NOTE_KINDS:
                    out.append(m.InlineNote(kind=name, text=n.content, loc=loc))
                else:
                    self.fail("C12", f"unknown role {{{name}}}",
                              f"use one of: {', '.join(NOTE_KINDS)}", loc)
            elif t == "html_inline" and tables.BR.fullmatch(n.content.strip()):
                self.fail("C10", "`<br>` is a line break only between the lines of a table "
                          "cell (not inside *emphasis*, **strong** or a link)",
                          "in a paragraph, end the line with a backslash `\\`; in a cell, close "
                          "the emphasis before the `<br>`", loc)
            elif t == "html_inline":
                self.fail(
                    "C10",
                    f"raw HTML {n.content!r} is not allowed in content and was not published",
                    "use Markdown instead (*emphasis*, **strong**, [link](address))",
                    loc,
                )
            elif t == "image":
                self.fail("C13", "an image inside a paragraph",
                          "put the image on a line of its own, or use a {figure} block", loc)
            else:
                self.fail("C11", f"unsupported inline element {t!r}", "use plain text", loc)
        return out


def parse_markdown(root: Path, path: str, text: str, offset: int = 0) -> tuple[list[m.Block], list[Finding]]:
    reader = MarkdownReader(root=root, path=path, offset=offset)
    blocks = reader.blocks(text)
    return blocks, reader.findings


__all__ = ["MarkdownReader", "parse_markdown", "error"]
