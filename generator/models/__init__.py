"""Pydantic models of the site's content: the single source of truth for validation."""

from .base import NEUTRAL, UNIT_CODES, Localized, canonical_language_tag
from .category import Category
from .checks import CheckSettings
from .page import PageFrontMatter, PageTranslationFrontMatter
from .product import Availability, Faq, Image, PriceTier, Product, Quantity
from .site import Language, Site

__all__ = [
    "NEUTRAL",
    "UNIT_CODES",
    "Availability",
    "Category",
    "CheckSettings",
    "Faq",
    "Image",
    "Language",
    "Localized",
    "PageFrontMatter",
    "PageTranslationFrontMatter",
    "PriceTier",
    "Product",
    "Quantity",
    "Site",
    "canonical_language_tag",
]
