"""Dates that say when content last changed: never after the day of the build."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator

from ..clock import build_date
from .base import field_error

CLOCK_SLACK = timedelta(days=1)
"""An editor east of the build machine may already write tomorrow's date."""


def _not_in_the_future(day: date | None) -> date | None:
    """A future date becomes the sitemap's `lastmod` and the page's dateModified, a change
    that has not happened: search engines stop trusting the site's dates."""
    today = build_date()
    if day is not None and day > today + CLOCK_SLACK:
        raise field_error(
            "{day} is in the future (today is {today}): give the day of the last change",
            day=day.isoformat(),
            today=today.isoformat(),
        )
    return day


Updated = Annotated[date | None, AfterValidator(_not_in_the_future)]
"""The `updated` date of a content file, the last change of what its pages show."""
