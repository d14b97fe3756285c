"""YAML with line numbers, and small schema helpers that name file and line in every error."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .findings import error
from .model import Loc


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


MAX_ALIASES = 100  # real content uses a few, if any; a "billion laughs" file uses thousands
MAX_DEPTH = 40  # the deepest real structure (action plan → priority → actions) is 6


class _LimitError(yaml.YAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with limits: aliases and nesting are capped, so a hostile file can neither
    expand into gigabytes nor exhaust the stack."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitError(f"more than {MAX_ALIASES} aliases (*name)",
                                  self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(f"nested more than {MAX_DEPTH} levels deep",
                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: the content decides its own format.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse YAML; a syntax error becomes a ContentError naming file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except _LimitError as exc:
        raise error("C08", f"the YAML is {exc.problem}",
                    "write the values out: content files need no deep nesting or many "
                    "repeated aliases", Loc(path, first_line + exc.problem_mark.line)) from None
    except yaml.YAMLError as exc:
        # the context ("while parsing a flow sequence started here") is where the editor must
        # look; the problem mark can be the end of the text
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        if getattr(exc, "context", None):
            problem = f"{problem} ({exc.context})"
        raise error(
            "C01",
            f"malformed YAML: {problem}",
            "fix the YAML syntax at this line (indentation, a missing colon, or quote the value)",
            Loc(path, line),
        ) from None


def loc_of(data: Any, path: str, offset: int = 0, key: str | None = None) -> Loc:
    line = getattr(data, "line", 0)
    if key is not None and isinstance(data, LineDict):
        line = data.key_lines.get(key, line)
    return Loc(path, line + offset)


def check_keys(
    data: Any,
    path: str,
    allowed: set[str],
    required: set[str] = frozenset(),
    what: str = "entry",
    offset: int = 0,
) -> None:
    """Unknown and missing keys are content errors with file and line."""
    if not isinstance(data, dict):
        raise error(
            "C02",
            f"{what} must be a mapping of keys to values",
            "write it as `key: value` lines",
            loc_of(data, path, offset),
        )
    for key in data:
        if key not in allowed:
            raise error(
                "C02",
                f"unknown key {key!r} in {what}",
                f"use one of: {', '.join(sorted(allowed))}",
                loc_of(data, path, offset, key),
            )
    for key in sorted(required):
        if key not in data or data[key] in (None, ""):
            raise error(
                "C02",
                f"missing required key {key!r} in {what}",
                f"add `{key}:` with a value",
                loc_of(data, path, offset),
            )


def text(data: Any, key: str, path: str, offset: int = 0, required: bool = False) -> str:
    """A scalar value as text ("" when absent); a list or mapping is C02 at its line."""
    value = data.get(key) if isinstance(data, dict) else None
    if value is None or value == "":
        if required:
            raise error("C02", f"missing required key {key!r}", f"add `{key}:` with a value",
                        loc_of(data, path, offset))
        return ""
    if isinstance(value, dict | list):
        kind = "list" if isinstance(value, list) else "mapping"
        raise error("C02", f"{key!r} must be text, not a {kind}",
                    f"write `{key}: text` on one line", loc_of(data, path, offset, key))
    return str(value)


def items(data: Any, key: str, path: str, offset: int = 0) -> list:
    """A list value ([] when absent); anything else is C02 at its line."""
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise error("C02", f"{key!r} must be a list", f"write `{key}:` followed by `- …` lines",
                    loc_of(data, path, offset, key))
    return value


def identifier(data: Any, key: str, path: str, what: str, offset: int = 0) -> str:
    """An id that becomes part of a file name: lowercase letters, digits and hyphens only (so
    it can never name a folder such as `..`)."""
    value = text(data, key, path, offset, required=True)
    if not ID.fullmatch(value):
        raise error("C04", f"{what} {value!r} is not lowercase-with-hyphens",
                    "use letters a–z, digits and hyphens, e.g. `large-print`",
                    loc_of(data, path, offset, key))
    return value


ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def str_list(data: Any, key: str, path: str, offset: int = 0) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise error(
            "C02",
            f"{key!r} must be a list of strings",
            f"write `{key}:` followed by `- text` lines",
            loc_of(data, path, offset, key),
        )
    return value
