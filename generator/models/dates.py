"""Dates that say when content last changed: never after the day of the build, nor
before the web had pages to change (a typo such as `0026-10-05`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator

from ..clock import build_date
from .base import field_error

CLOCK_SLACK = timedelta(days=1)
"""An editor east of the build machine may already write tomorrow's date."""
EARLIEST = date(1995, 1, 1)
"""Before it, a lastmod is a typo: search engines ignore it."""


def _a_day_that_has_been(day: date | None) -> date | None:
    """A future date becomes the sitemap's `lastmod` and the page's dateModified, a change
    that has not happened: search engines stop trusting the site's dates. One before
    1995 is a slip of the keyboard."""
    if day is not None and day < EARLIEST:
        raise field_error("{day} is before 1995: give the day of the last change", day=day.isoformat())
    today = build_date()
    if day is not None and day > today + CLOCK_SLACK:
        raise field_error(
            "{day} is in the future (today is {today}): give the day of the last change",
            day=day.isoformat(),
            today=today.isoformat(),
        )
    return day


Updated = Annotated[date | None, AfterValidator(_a_day_that_has_been)]
"""The `updated` date of a content file, the last change of what its pages show."""
