"""`pseo new`: scaffolds that are valid, documented drafts, and build with the SEO check on."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.build import build_site
from generator.cli import main

from .conftest import SiteFolder
from .output import SITEMAP, BuiltSite

ORIGIN = "https://www.example-valves.com"


def new(site: SiteFolder, *args: str):
    return CliRunner().invoke(main, ["new", *args, "--site", str(site.root)])


def test_scaffolds_build_cleanly(site: SiteFolder, tmp_path: Path):
    for kind, name in (("product", "check-valve-dn25"), ("page", "quality-control"), ("matrix", "uses")):
        result = new(site, kind, name)
        assert result.exit_code == 0, result.output
    product = site.read("content/products/check-valve-dn25.yaml")
    assert product.startswith("# yaml-language-server: $schema=../../schemas/product.schema.json\n")
    assert "sku: CHECK-VALVE-DN25" in product and "category: valves" in product
    assert site.read("content/pages/quality-control.md").startswith("---\n")
    assert site.read("content/pseo/uses.yaml").startswith(
        "# yaml-language-server: $schema=../../schemas/matrix.schema.json\n"
    )

    build_site(site.root, tmp_path / "draft", jobs=1)
    drafts = BuiltSite(tmp_path / "draft", ORIGIN)
    assert drafts.file_for(f"{ORIGIN}/products/check-valve-dn25/") is None, "a scaffold is a draft"
    assert drafts.file_for(f"{ORIGIN}/quality-control/") is None
    assert not list((tmp_path / "draft").glob("uses"))
    assert "check-valve-dn25" not in "".join(e.findtext(f"{SITEMAP}loc") for e in drafts.sitemap_entries())

    build_site(site.root, tmp_path / "preview", jobs=1, check=False, drafts=True)
    preview = BuiltSite(tmp_path / "preview", ORIGIN)
    banner = preview.page(f"{ORIGIN}/products/check-valve-dn25/").xpath('//p[@class="draft-banner"]')
    assert [b.text for b in banner] == ["Draft – not published. Remove draft: true to publish this page."]

    for path in (
        "content/products/check-valve-dn25.yaml",
        "content/pages/quality-control.md",
        "content/pseo/uses.yaml",
    ):
        (site.root / path).write_text(
            "".join(
                line for line in site.read(path).splitlines(keepends=True) if not line.startswith("draft:")
            )
        )
    build_site(site.root, tmp_path / "out", jobs=1)  # check=True: the SEO check passes too
    built = BuiltSite(tmp_path / "out", ORIGIN)
    product = built.page(f"{ORIGIN}/products/check-valve-dn25/")
    assert product.findtext(".//h1") == "Check valve dn25"
    assert not product.xpath('//*[@class="draft-banner"]')
    assert built.file_for(f"{ORIGIN}/quality-control/") is not None
    assert built.file_for(f"{ORIGIN}/uses/example-application/check-valve-dn25/") is not None


def test_texts_use_the_default_language(site: SiteFolder):
    site.replace("site.yaml", "default_language: en", "default_language: ar")
    assert new(site, "product", "globe-valve").exit_code == 0
    assert "name: {ar: " in site.read("content/products/globe-valve.yaml")


def test_existing_file_is_never_overwritten(site: SiteFolder):
    before = site.read("content/products/ball-valve-dn50.yaml")
    result = new(site, "product", "ball-valve-dn50")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert site.read("content/products/ball-valve-dn50.yaml") == before


def test_name_must_be_a_slug(site: SiteFolder):
    result = new(site, "page", "About Us")
    assert result.exit_code == 2
    assert "not a slug" in result.output
    assert not (site.root / "content/pages/About Us.md").exists()


def test_trust_scaffolds_are_drafts_that_build_once_published(site: SiteFolder, tmp_path: Path):
    kinds = {
        "certificate": "iso-9001",
        "factory": "main-plant",
        "case": "pump-retrofit",
        "testimonial": "buyer",
    }
    for kind, name in kinds.items():
        result = new(site, kind, name)
        assert result.exit_code == 0, result.output
    paths = {
        "certificate": "content/certificates/iso-9001.yaml",
        "factory": "content/factory/main-plant.yaml",
        "case": "content/cases/pump-retrofit.yaml",
        "testimonial": "content/testimonials/buyer.yaml",
    }
    for kind, path in paths.items():
        assert site.read(path).startswith(
            f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
        )

    build_site(site.root, tmp_path / "draft", jobs=1, check=False)
    assert not (tmp_path / "draft/certificates").exists() and not (tmp_path / "draft/cases").exists()

    (site.root / "content/images/iso-9001.png").write_bytes(
        (site.root / "content/images/logo.png").read_bytes()
    )
    for path in paths.values():
        lines = site.read(path).splitlines(keepends=True)
        (site.root / path).write_text("".join(line for line in lines if not line.startswith("draft:")))
    build_site(site.root, tmp_path / "out", jobs=1, check=False)
    built = BuiltSite(tmp_path / "out", ORIGIN)
    certificates = built.page(f"{ORIGIN}/certificates/")
    assert certificates.xpath('//li[@class="certificate"]/@id') == ["iso-9001"]
    assert built.page(f"{ORIGIN}/factory/").findtext(".//h2") == "Main plant"
    assert built.page(f"{ORIGIN}/cases/pump-retrofit/").findtext(".//h1") == "Pump retrofit"
    quote = built.page(f"{ORIGIN}/").xpath('//ul[@class="testimonials"]//blockquote/p/text()')
    assert quote == ["The buyer's words, with their permission."]
