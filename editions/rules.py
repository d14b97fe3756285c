"""Every rule of ACCESSIBILITY.md (and editions' own), how editions checks it and what to do when
it fails (the table: rule_table.py).

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

from .rule_table import ROWS


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its ID, level (error fails the build), status, how it is checked, what to do
    when it fails (`fix`: a sentence or two for whoever fixes it) and the functions that check
    it (`checks`: filled by rulebook.rules() from the code's @rule_check declarations; empty in
    RULES, which is the table alone)."""
    id: str
    level: str
    status: str  # auto | test | manual | pending
    how: str
    fix: str  # what to do: the general version of what the rule's findings say
    checks: tuple[Callable[..., object], ...] = ()


# the table itself is rule_table.py (data only: it imports nothing of the package)
RULES: dict[str, Rule] = {row[0]: Rule(*row) for row in ROWS}


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
