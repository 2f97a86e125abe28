"""Tools some tests need that `make test` installs only where it can (Chromium, the Nu
HTML Checker). Where one is missing its tests skip with the reason, except when
`PSEO_REQUIRE_BROWSER=1` (set by `.ci/run`): there it is a failure, so CI can never pass
by silently skipping them."""

from __future__ import annotations

import os

import pytest

REQUIRE = "PSEO_REQUIRE_BROWSER"


def require(missing: str | None) -> None:
    """Skip the test (or fail it in CI) when `missing` says why its tool is unavailable."""
    if missing is None:
        return
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{REQUIRE}=1 but {missing}", pytrace=False)
    pytest.skip(missing)
