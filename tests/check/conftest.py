"""Shared helpers: build a fixture site, plant a defect, run the check in-process."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sites import BASE, clean_site, write_site

from generator.check import CheckReport, check_site
from generator.models.checks import CheckSettings

Files = dict[str, str]
Runner = Callable[..., CheckReport]


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """`run(files, settings=None)` writes `files` (default: the clean site) and checks them."""

    def _run(files: Files | None = None, settings: CheckSettings | None = None) -> CheckReport:
        root = write_site(tmp_path / "public", clean_site() if files is None else files)
        return check_site(root, BASE, settings, jobs=1)

    return _run


@pytest.fixture
def site() -> Files:
    return clean_site()


def hits(report: CheckReport, rule_id: str) -> set[str]:
    """Where `rule_id` was reported."""
    return {f.url_or_path for f in report.findings if f.rule_id == rule_id}
