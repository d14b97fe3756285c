"""Rules as code (issue 15): every rule has the functions that check it, declared with
@rule_check; each declaration is exactly the rule IDs its function's code names (so neither can
drift from the other), every rule ID the code reports is a rule, and docs/RULES.md — the rules
with their checks — is generated from them and current."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from conftest import ROOT, run_build
from markupsafe import escape

from editions.cli import write_reports
from editions.config import BuildConfig
from editions.model import Meta
from editions.results import BuildResult
from editions.rulebook import markdown, named_in_code, rules, where
from editions.rules import RULES, rule_check

PACKAGE = ROOT / "editions"
REPORTERS = {"Finding", "add", "group", "error", "bad", "not_run"}  # how findings are made


def test_every_automatic_rule_has_its_check_functions():
    book = rules()
    missing = [r.id for r in book.values() if r.status == "auto" and not r.checks]
    assert not missing, f"rules said to be checked on every build with no @rule_check: {missing}"
    margins = [where(fn) for fn in book["LP16"].checks]
    assert "checks/large_print_pdf.py:_margins" in margins  # a real function, not prose
    assert all(callable(fn) for r in book.values() for fn in r.checks)


def test_each_declaration_is_what_its_code_checks():
    """Both ways: a function whose code names a rule ID (a finding it reports, a table of the
    browser's rules) declares it, and a declaration names no rule its code does not."""
    declared = {where(fn): set(fn.__rules__) for r in rules().values() for fn in r.checks}
    named = named_in_code()
    assert "checks/pdf.py:_catalog" in declared
    wrong = {k: (sorted(named.get(k, ())), sorted(declared.get(k, ())))
             for k in set(named) | set(declared) if named.get(k) != declared.get(k)}
    assert not wrong, f"function: (IDs its code names, IDs it declares): {wrong}"


def test_a_declaration_of_no_rule_fails_at_import():
    with pytest.raises(ValueError, match="Z99"):
        rule_check("P07", "Z99")
    with pytest.raises(ValueError):
        rule_check()


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
    text = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert text == proc.stdout == markdown(), (
        "docs/RULES.md is out of date: python build.py rules > docs/RULES.md")
    assert "| how | what to do | checked by |" in text
    cells = [r.fix.replace("|", "\\|") for r in RULES.values()]  # a | of the text escaped
    assert all(f" | {cell} | " in text for cell in cells)


def test_every_rule_says_what_to_do():
    """Each rule carries what to do when it fails, for whoever fixes it: a sentence or two,
    beginning with a capital letter (or a backtick: a file or a command) and ending with a full
    stop."""
    bad = {r.id: r.fix for r in RULES.values()
           if not isinstance(r.fix, str) or not r.fix.strip() or r.fix != r.fix.strip()
           or not (r.fix[0].isupper() or r.fix[0] == "`") or not r.fix.endswith(".")}
    assert not bad, bad
    assert all(r.fix for r in rules().values())  # rulebook.rules() keeps it beside the checks


def test_the_report_says_what_to_do_for_each_rule(tmp_path):
    """The accessibility report (reports/accessibility.json and .html) lists each rule with its
    what to do."""
    meta = Meta("p", "A title", "A title", "", "A publisher", "2026-01-01", "en-GB", "Comms",
                "comms@example.org")
    write_reports(BuildResult(meta=meta), BuildConfig(root=ROOT, out=tmp_path, browser=False))
    data = json.loads((tmp_path / "reports" / "accessibility.json").read_text(encoding="utf-8"))
    assert {r["id"]: r["fix"] for r in data["rules"]} == {r.id: r.fix for r in RULES.values()}
    page = (tmp_path / "reports" / "accessibility.html").read_text(encoding="utf-8")
    assert '<th scope="col">What to do</th>' in page
    assert all(f"<td>{escape(r.fix)}</td>" in page for r in RULES.values())


def test_the_rules_list_names_each_rule_once():
    text = Path(ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")
            and not line.startswith("| rule")]
    assert rows == list(RULES)
