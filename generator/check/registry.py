"""The rule catalogue: every check has a stable id, a default severity, a fix hint and a source.

Rule ids are public (they appear in reports and in `seo.checks.severity` overrides), so they
never change meaning. `doc` says why the rule exists and cites the rule book section
(`R2.4` …) and the primary source it is based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """One check the validator can report."""

    id: str
    severity: Severity
    summary: str
    hint: str
    doc: str


def catalogue(*rules: Rule) -> dict[str, Rule]:
    """Index rules by id, refusing duplicates (two rules with one id would merge in reports)."""
    table: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in table:
            raise ValueError(f"rule id '{rule.id}' defined twice")
        table[rule.id] = rule
    return table
