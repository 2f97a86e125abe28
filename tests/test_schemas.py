"""The committed JSON Schemas must match the models, and describe real content."""

from __future__ import annotations

import json

from generator.schemas import expected_schemas

from .conftest import REPO


def test_committed_schemas_are_up_to_date():
    for name, text in expected_schemas().items():
        path = REPO / "schemas" / name
        assert path.exists(), f"schemas/{name} is missing: run `pseo schemas`"
        assert path.read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run `pseo schemas`"


def test_product_schema_forbids_unknown_keys_and_knows_tiers():
    schema = json.loads(expected_schemas()["product.schema.json"])
    assert schema["additionalProperties"] is False
    assert "price_tiers" in schema["properties"]
    tier = schema["$defs"]["PriceTier"]
    assert set(tier["required"]) == {"min_qty", "unit_price"}


def test_content_files_point_editors_at_the_schemas():
    folders = (("products", "product"), ("categories", "category"), ("certificates", "certificate"))
    folders += (("factory", "factory"), ("cases", "case"), ("testimonials", "testimonial"))
    for folder, name in folders:
        for path in sorted((REPO / "content" / folder).glob("*.yaml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../../schemas/{name}.schema.json", path
    assert (
        (REPO / "site.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schemas/site.schema.json")
    )
