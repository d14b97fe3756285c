"""Rules tied to the code (issue 15): every rule checked on each build is named by the code that
checks it, every rule ID the code reports is a rule, and docs/RULES.md — where each rule is
checked — is generated from both and current."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT, run_build

from editions.rules import RULES, emitters

PACKAGE = ROOT / "editions"
REPORTERS = {"Finding", "add", "group", "error", "bad", "not_run"}  # how findings are made


def test_every_automatic_rule_is_named_by_code():
    where = emitters()
    missing = [r.id for r in RULES.values() if r.status == "auto" and not where[r.id]]
    assert not missing, f"rules said to be checked on every build that no code names: {missing}"
    assert "checks/large_print_pdf.py:_margins" in where["LP16"]  # a real place, not prose


def test_every_rule_id_the_code_reports_is_a_rule():
    """A finding's rule (the first argument of Finding(…) or of a check's add(…)) is always a
    rule of ACCESSIBILITY.md or one of editions' own (C…, W…)."""
    unknown = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in REPORTERS and isinstance(first, ast.Constant) and \
                    isinstance(first.value, str) and first.value[:1].isupper() and \
                    first.value[1:3].isdigit() and len(first.value) <= 4:
                if first.value not in RULES and first.value[0] not in "CW":
                    unknown.add(f"{first.value} ({path.relative_to(ROOT)}:{node.lineno})")
    assert not unknown, sorted(unknown)


def test_the_rules_list_is_current():
    proc = run_build("rules")
    assert proc.returncode == 0, proc.stderr
    assert (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8") == proc.stdout, (
        "docs/RULES.md is out of date: python build.py rules > docs/RULES.md")


def test_the_rules_list_names_each_rule_once():
    text = Path(ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")
            and not line.startswith("| rule")]
    assert rows == list(RULES)
