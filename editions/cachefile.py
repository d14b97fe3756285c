"""The incremental-build cache as JSON (never pickle: a shard's cache is untrusted input).

Dataclasses are written as `{"__type__": "ClassName", field: value, …}`, tuples, frozensets,
Counters and dicts whose keys are not plain strings with a marker of their own. Reading builds
only the classes of `allowed()` (a fixed list, never a name looked up), checks every field
against the class's type hints, and anything else is a `CacheError`: the cache is then ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections import Counter

from .findings import Finding
from .i18n import Coverage
from .model import Loc, Meta, Note
from .readability import Figures
from .results import BuildResult, Outcome
from .select import Target


class CacheError(ValueError):
    """The cache cannot be read back: unknown class, wrong field, not JSON…"""


@functools.cache
def allowed() -> dict[str, type]:
    """Every class the cache may hold (what pipeline.py and render.py store), by name."""
    return {c.__name__: c for c in (Outcome, BuildResult, Finding, Loc, Target, Coverage,
                                    Figures, Note, Meta)}


_MARKS = ("__tuple__", "__frozenset__", "__counter__", "__dict__")


def _enc(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if allowed().get(type(obj).__name__) is not type(obj):
            raise CacheError(f"{type(obj).__name__} is not a cacheable class")
        return {"__type__": type(obj).__name__,
                **{f.name: _enc(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, tuple):
        return {"__tuple__": [_enc(x) for x in obj]}
    if isinstance(obj, frozenset):
        return {"__frozenset__": sorted((_enc(x) for x in obj), key=json.dumps)}
    if isinstance(obj, Counter):
        return {"__counter__": [[_enc(k), v] for k, v in obj.items()]}
    if isinstance(obj, dict):
        if all(isinstance(k, str) and not k.startswith("__") for k in obj):
            return {k: _enc(v) for k, v in obj.items()}
        return {"__dict__": [[_enc(k), _enc(v)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return [_enc(x) for x in obj]
    if obj is None or isinstance(obj, str | int | float):  # bool is an int
        return obj
    raise CacheError(f"cannot store a {type(obj).__name__} in the cache")


def dumps(obj) -> bytes:
    return json.dumps(_enc(obj), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _pairs(value) -> list:
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise CacheError("a marked dict or Counter must be a list of [key, value] pairs")
    return value


def _dec(obj):
    if isinstance(obj, list):
        return [_dec(x) for x in obj]
    if not isinstance(obj, dict):
        return obj
    if "__type__" in obj:
        cls = allowed().get(obj["__type__"]) if isinstance(obj["__type__"], str) else None
        if cls is None:
            raise CacheError(f"class {obj['__type__']!r:.80} is not allowed in the cache")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values = {k: _dec(v) for k, v in obj.items() if k != "__type__"}
        if set(values) != set(fields):
            raise CacheError(f"{cls.__name__} with fields {sorted(values)}, not {sorted(fields)}")
        hints = _hints(cls)
        for name, value in values.items():
            if not _fits(value, hints.get(name, object)):
                raise CacheError(f"{cls.__name__}.{name} cannot be {value!r:.80}")
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise CacheError(f"{cls.__name__}: {exc}") from None
    marks = [k for k in obj if k.startswith("__")]
    if not marks:
        return {k: _dec(v) for k, v in obj.items()}
    if len(obj) != 1 or marks[0] not in _MARKS:
        raise CacheError(f"unknown marker {marks[0]!r}")
    mark, value = marks[0], obj[marks[0]]
    try:
        if mark == "__tuple__" and isinstance(value, list):
            return tuple(_dec(x) for x in value)
        if mark == "__frozenset__" and isinstance(value, list):
            return frozenset(_dec(x) for x in value)
        if mark == "__counter__" and all(type(v) is int for _, v in _pairs(value)):
            return Counter({_dec(k): v for k, v in value})
        if mark == "__dict__":
            return {_dec(k): _dec(v) for k, v in _pairs(value)}
    except TypeError as exc:  # an unhashable key
        raise CacheError(str(exc)) from None
    raise CacheError(f"{mark} must hold a list (a Counter: of [key, int] pairs)")


def loads(data: bytes):
    try:
        return _dec(json.loads(data))
    except CacheError:
        raise
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested too deep
        raise CacheError(f"not a cache: {exc}") from None


@functools.cache
def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def _fits(value, hint) -> bool:
    """Whether a decoded value has the type a dataclass field declares."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is object or hint is typing.Any:
        return True
    if origin in (types.UnionType, typing.Union):
        return any(_fits(value, a) for a in args)
    if hint is None or hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is None:
        return isinstance(value, hint)
    if not isinstance(value, origin):
        return False
    if origin in (list, frozenset, set) and args:
        return all(_fits(v, args[0]) for v in value)
    if origin is tuple and args and args[-1] is not Ellipsis:
        return len(value) == len(args) and all(map(_fits, value, args))
    if origin is dict and args:
        return all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    return True
