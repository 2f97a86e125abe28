"""`site.yaml` → `seo.checks`: thresholds and overrides of the SEO validation pass (`pseo check`).

Defaults follow the rule book's sources (Screaming Frog's length defaults, its 90 % MinHash
near-duplicate threshold); every field has one so an empty `checks:` block is valid.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .base import StrictModel

RuleSeverity = Literal["error", "warning", "off"]
RULE_IDS = "rule_ids"
"""Key of the validation context holding the ids of the check's rules."""


class LengthRange(StrictModel):
    """Inclusive range of characters; text outside it gets a length warning."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(gt=0)]

    @model_validator(mode="after")
    def min_below_max(self) -> LengthRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


class CheckSettings(StrictModel):
    """Configuration of `pseo check`, the SEO validation pass over the built site."""

    title_length: LengthRange = Field(
        default_factory=lambda: LengthRange(min=30, max=60),
        description="Title length in characters (not checked on ja/zh/ko pages)",
    )
    description_length: LengthRange = Field(
        default_factory=lambda: LengthRange(min=70, max=155),
        description="Meta description length in characters (not checked on ja/zh/ko pages)",
    )
    min_words: Annotated[int, Field(ge=0)] = Field(
        default=150, description="Words inside <main> below which a page counts as thin"
    )
    near_duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.9, description="Estimated Jaccard similarity of main text that flags a near duplicate"
    )
    severity: dict[str, RuleSeverity] = Field(
        default_factory=dict, description="Per-rule severity override: rule id → error|warning|off"
    )
    ignore: list[str] = Field(default_factory=list, description="URL path globs left out of every check")
    fail_level: Literal["error", "warning"] = Field(
        default="error", description="Lowest severity that makes `pseo check` exit with status 1"
    )

    @field_validator("severity")
    @classmethod
    def rule_ids_exist(cls, value: dict[str, RuleSeverity], info: ValidationInfo) -> dict[str, RuleSeverity]:
        """Reject unknown rule ids: a typo would silently leave the override without effect.
        The ids are the check's (`RULE_IDS` of the validation context, given by whoever
        reads site.yaml), so that the models never import the check."""
        known: Collection[str] | None = (info.context or {}).get(RULE_IDS)
        if known is None:
            return value
        for rule_id in value:
            if rule_id not in known:
                close = difflib.get_close_matches(rule_id, sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ValueError(f"unknown rule id '{rule_id}'{hint}")
        return value
