"""`contacts:` in site.yaml: the click-to-contact links in every page header."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, model_validator

from .base import StrictModel, field_error

PhoneNumber = Annotated[str, Field(pattern=r"^\+[0-9 ()-]{6,20}$", description="International format")]


class Contacts(StrictModel):
    """Ways a buyer reaches sales in one tap: WhatsApp (wa.me with a message naming the
    page), a phone call (tel:) and an email (mailto: with the page as subject)."""

    whatsapp: PhoneNumber | None = Field(default=None, description="WhatsApp number, e.g. +86 138 0000 0000")
    phone: PhoneNumber | None = Field(default=None, description="Number for click-to-call")
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None

    @model_validator(mode="after")
    def has_a_contact(self) -> Contacts:
        if not (self.whatsapp or self.phone or self.email):
            raise field_error("give at least one of whatsapp, phone or email")
        return self

    @property
    def whatsapp_digits(self) -> str | None:
        """The number as wa.me wants it: digits only, country code first."""
        return re.sub(r"\D", "", self.whatsapp) if self.whatsapp else None

    @property
    def phone_uri(self) -> str | None:
        return "tel:+" + re.sub(r"\D", "", self.phone) if self.phone else None
