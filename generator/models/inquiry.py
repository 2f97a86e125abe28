"""`site.yaml` → `inquiry`: the quote request form every product and landing page carries."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .base import Localized, StrictModel, field_error
from .origins import FormEndpoint, Origin, endpoint_origin


class FormField(StrictModel):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Localized
    type: Literal["text", "email", "tel", "number", "textarea", "select", "url"] = "text"
    required: bool = False
    autocomplete: str | None = Field(default=None, description="HTML autocomplete token")
    options: list[Localized] = Field(default_factory=list, description="Choices of a select field")

    @model_validator(mode="after")
    def select_has_options(self) -> FormField:
        if (self.type == "select") != bool(self.options):
            raise field_error("options are required for select fields and only for them", "options")
        return self


RESERVED_FORM_FIELDS = frozenset(
    {"sku", "product", "page_url", "language", "matrix", "keyword", "company_website", "consent"}
    | {"request_kind", "logo", "packaging", "custom_quantity", "attachment", "item_sku", "item_quantity"}
)
"""Filled in by the generator, or by the sample/OEM variants and the inquiry list."""


class Inquiry(StrictModel):
    endpoint: FormEndpoint
    fields: list[FormField] = Field(min_length=1)
    consent: Localized = Field(description="Text of the required consent checkbox")
    multipart: bool = Field(
        default=False,
        description="The endpoint accepts multipart/form-data: forms offer a drawing/spec upload",
    )
    redirect_field: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$")] = Field(
        default="_next",
        description="Hidden field that tells the form service where to send the buyer after "
        "a submission (the thank-you page); `_next` for Formspree, FormSubmit and most others",
    )

    @field_validator("fields")
    @classmethod
    def field_names_are_free(cls, fields: list[FormField]) -> list[FormField]:
        seen: set[str] = set()
        for index, field in enumerate(fields):
            if field.name in RESERVED_FORM_FIELDS:
                raise field_error(
                    "'{name}' is filled in by the generator; pick another name",
                    index,
                    "name",
                    name=field.name,
                )
            if field.name in seen:
                raise field_error("duplicate field name '{name}'", index, "name", name=field.name)
            seen.add(field.name)
        return fields

    @property
    def origin(self) -> Origin | None:
        """Where the form posts to, for the policy's form-action; None for the site itself."""
        return endpoint_origin(self.endpoint)
