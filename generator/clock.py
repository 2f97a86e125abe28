"""The build's date, from one place.

Offers state how long their prices hold, and a validity date that has passed is an error,
so output depends on the day of the build. `SOURCE_DATE_EPOCH` (the reproducible-builds
convention) pins that day, so two builds of the same input on different days can still
be byte for byte equal. A leaf module (standard library only), so that the models, the
build and the no-change check before any import of the pipeline all read the same day.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def build_date() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()
