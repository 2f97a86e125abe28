"""The fixture site, made awkward on purpose, passes the Nu HTML Checker and declares
honest image sizes: a wide logo, a photo stored sideways with an EXIF rotation, redirect
stubs in both languages, a contact page and right-to-left Arabic.
(The demo gets the same checks in test_demo.py, on its module build.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from generator.build import build_site

from .conftest import SiteFolder
from .output import BuiltSite
from .valid_html import check_html, dimension_problems

ORIGIN = "https://www.example-valves.com"
EXIF_ORIENTATION = 0x0112
ROTATE_90_CLOCKWISE = 6

CONTACT_MD = """\
---
title: Contact our export sales team
description: Reach our export sales engineers by phone, email or the inquiry form; we reply within a day.
layout: contact
---
Tell us the valve type, size, pressure class and quantity.
"""


@pytest.fixture
def awkward(site: SiteFolder, tmp_path: Path) -> BuiltSite:
    Image.new("RGBA", (600, 200), (30, 90, 160, 200)).save(site.root / "content/images/logo.png")
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE
    Image.new("RGB", (300, 600), (160, 90, 30)).save(site.root / "content/images/side.jpg", exif=exif)
    site.replace(
        "content/products/gate-valve-dn80.yaml",
        "related: [BV-DN50]",
        "related: [BV-DN50]\n"
        "images:\n  - {src: images/side.jpg, alt: {en: Gate valve seen from the side}}\n"
        "aliases: [/products/old-gate-valve/]",
    )
    site.replace(
        "content/pages/about.ar.md", "slug: about-us\n", "slug: about-us\naliases: [/ar/old-about/]\n"
    )
    site.write("content/pages/contact.md", CONTACT_MD)
    build_site(site.root, tmp_path / "out", check=False, jobs=1)
    return BuiltSite(tmp_path / "out", ORIGIN)


def test_every_page_kind_is_valid_html(awkward: BuiltSite):
    report = check_html(awkward.root)
    pages = {path.relative_to(awkward.root).as_posix() for path in awkward.root.rglob("*.html")}
    assert report.checked == pages
    assert {
        "404.html",
        "contact/index.html",
        "products/old-gate-valve/index.html",
        "ar/old-about/index.html",
    } <= pages
    assert not report.problems, f"{len(report.problems)} vnu messages:\n" + "\n".join(report.problems)


def test_declared_image_sizes_match_the_files(awkward: BuiltSite):
    home = awkward.page(f"{ORIGIN}/")
    (logo,) = home.xpath("//a[@class='brand']/img")
    assert (logo.get("width"), logo.get("height")) == ("600", "200")
    (photo,) = awkward.page(f"{ORIGIN}/products/gate-valve-dn80/").xpath("//section[@class='gallery']//img")
    assert (photo.get("width"), photo.get("height")) == ("600", "300"), "EXIF rotation is applied"
    measured, problems = dimension_problems(awkward)
    assert not problems, "\n".join(problems)
    assert measured >= 10
