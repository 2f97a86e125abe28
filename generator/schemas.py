"""JSON Schemas of the content files, generated from the Pydantic models.

Editors get autocompletion and validation in VS Code (YAML extension) from the same
rules the build enforces, because both come from one definition.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import Category, PageFrontMatter, Product, Site
from .models.matrix import Matrix
from .models.trust import Case, Certificate, Factory, Testimonial

SCHEMAS: dict[str, type[BaseModel]] = {
    "site": Site,
    "product": Product,
    "category": Category,
    "page": PageFrontMatter,
    "matrix": Matrix,
    "certificate": Certificate,
    "factory": Factory,
    "case": Case,
    "testimonial": Testimonial,
}


def render_schema(name: str, model: type[BaseModel]) -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **model.model_json_schema(mode="validation"),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def expected_schemas() -> dict[str, str]:
    """File name → content of every schema the models define."""
    return {f"{name}.schema.json": render_schema(name, model) for name, model in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[str]:
    """Write the schemas into `folder`; return the names of files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in expected_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed
