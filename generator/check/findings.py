"""What a check run produces: findings plus per-page statistics for the reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.models.checks import CheckSettings

from .registry import Severity

SEVERITY_RANK: dict[str, int] = {"warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect: which rule, how bad, where (page URL or file path), what and how to fix it."""

    rule_id: str
    severity: Severity
    url_or_path: str
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class PageStat:
    """Per-page numbers the HTML report charts (language, type, title/description lengths)."""

    url: str
    lang: str
    page_type: str
    title_length: int
    description_length: int


@dataclass(slots=True)
class CheckReport:
    """Result of `check_site`: the findings, sorted by rule and location."""

    findings: list[Finding]
    pages_checked: int
    base_url: str = ""
    pages: list[PageStat] = field(default_factory=list)
    settings: CheckSettings = field(default_factory=CheckSettings)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failed(self, fail_level: str = "error") -> bool:
        """True when any finding is at least as severe as `fail_level` (error or warning)."""
        if fail_level not in SEVERITY_RANK:
            raise ValueError(f"fail_level must be 'error' or 'warning', not '{fail_level}'")
        threshold = SEVERITY_RANK[fail_level]
        return any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings)

    def counts_by_rule(self) -> Counter[str]:
        return Counter(f.rule_id for f in self.findings)
