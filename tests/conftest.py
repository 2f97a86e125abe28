"""Shared fixtures: a small but complete site written to a temp folder per test, and
the helpers that build it and check how a build fails."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from PIL import Image

from generator.cli import main

from .output import BuiltSite

REPO = Path(__file__).resolve().parent.parent
CABLES = REPO / "tests/fixtures/cable-catalog"
DEMO_ORIGIN = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["base_url"].rstrip("/")
CABLE_ORIGIN = "https://cables.example.org"

SITE_YAML = """\
base_url: https://www.example-valves.com
name: Example Valves
tagline: {en: Stainless valves made to order for industrial buyers, ar: صمامات من الفولاذ المقاوم للصدأ حسب الطلب للمشترين}
languages:
  - {code: en, name: English}
  - {code: ar, name: العربية}
default_language: en
currency: USD
organization:
  name: Example Valves
  legal_name: Example Valves Manufacturing Co., Ltd.
  logo: images/logo.png
  address: {street: 1 Harbour Road, city: Ningbo, country: CN}
  phone: "+86 574 1234 5678"
  email: sales@example-valves.com
  founding_year: 2006
  employees: 120
inquiry:
  endpoint: https://forms.example-valves.com/inquiry
  consent: {en: I agree to the privacy policy., ar: أوافق على سياسة الخصوصية.}
  fields:
    - {name: name, label: {en: Your name, ar: الاسم}, required: true, autocomplete: name}
    - {name: email, label: {en: Email, ar: البريد الإلكتروني}, type: email, required: true}
navigation:
  - {label: {en: Home, ar: الرئيسية}, target: home}
  - {label: {en: Valves, ar: الصمامات}, target: "category:valves"}
seo:
  titles:
    home: {en: "{site} – stainless valves for export buyers", ar: "{site} – صمامات للتصدير والمشترين الصناعيين"}
    category: {en: "{name} from the factory | {site}", ar: "{name} من المصنع | {site}"}
    product: {en: "{name} ({sku}) | {site}", ar: "{name} ({sku}) | {site}"}
    page: {en: "{title} | {site} valve factory", ar: "{title} | {site} مصنع الصمامات"}
  descriptions:
    home: {en: "{tagline}. Factory prices, low MOQ and fast export lead times from Ningbo, China.", ar: "{tagline}. أسعار المصنع وحد أدنى منخفض للطلب وشحن سريع من نينغبو، الصين."}
    category: {en: "{name}: {summary} Factory prices and export terms from {site}.", ar: "{name}: {summary} أسعار المصنع وشروط التصدير من {site}."}
    product: {en: "{name} – {summary} MOQ {moq}.", ar: "{name} – {summary} الحد الأدنى {moq}."}
    page: {en: "{title} – everything buyers need to know about {site} and its valves.", ar: "{title} – كل ما يحتاجه المشترون لمعرفة {site} وصماماتها."}
"""

CATEGORY_YAML = """\
slug: valves
name: {en: Industrial valves, ar: صمامات صناعية}
summary: {en: Ball and gate valves in stainless steel., ar: صمامات كروية وبوابية من الفولاذ المقاوم للصدأ.}
"""

PRODUCT_YAML = """\
sku: BV-DN50
slug: ball-valve-dn50
category: valves
name:
  en: Two-piece ball valve DN50
  ar: صمام كروي من قطعتين DN50
summary:
  en: Full-bore CF8M ball valve for water and oil lines.
  ar: صمام كروي كامل التجويف لخطوط المياه والنفط.
description:
  en: |
    ## Built for process lines
    Investment-cast CF8M body, blow-out proof stem and PTFE seats.
  ar: |
    ## مصمم لخطوط المعالجة
    جسم مصبوب من CF8M وساق مقاومة للانفجار ومقاعد PTFE.
specs:
  - {name: {en: Size, ar: المقاس}, value: DN50}
images:
  - src: images/valve.jpg
    alt: {en: Two-piece ball valve DN50, ar: صمام كروي DN50}
moq: {quantity: 100, unit: C62}
price_tiers:
  - {min_qty: 100, max_qty: 499, unit_price: 18.50}
  - {min_qty: 500, max_qty: 1999, unit_price: 16.90}
  - {min_qty: 2000, unit_price: 15.20}
lead_time: {min_days: 15, max_days: 25}
faqs:
  en:
    - question: Can you add our logo?
      answer: Yes, by laser marking on the body.
updated: 2026-10-01
"""

RFQ_PRODUCT_YAML = """\
sku: GV-DN80
slug: gate-valve-dn80
category: valves
name: {en: Flanged gate valve DN80}
summary: {en: Rising-stem gate valve to DIN 3352.}
description: {en: "Rising stem, bolted bonnet, flanged ends."}
moq: {quantity: 20, unit: C62}
price_on_request: true
lead_time: {min_days: 30, max_days: 45}
related: [BV-DN50]
"""

PAGE_MD = """\
---
title: About our valve factory
description: Who we are, what we make and how we test every valve before it ships.
nav_order: 1
---
We have made stainless valves since 2006.
"""

PAGE_AR_MD = """\
---
title: عن مصنع الصمامات
description: من نحن وماذا نصنع وكيف نختبر كل صمام قبل الشحن.
slug: about-us
---
نصنع الصمامات منذ عام 2006.
"""


def _image(path: Path, size: tuple[int, int], mode: str = "RGB") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, (30, 90, 160) if mode == "RGB" else (30, 90, 160, 200)).save(path)


class SiteFolder:
    """A temp site the test can edit file by file before building."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        (self.root / relative).write_text(text.replace(old, new, 1), encoding="utf-8")


def write_site(root: Path, files: dict[str, str]) -> SiteFolder:
    """A site folder with `files` (relative path → text), the two fixture images and
    the repository's theme."""
    folder = SiteFolder(root)
    for relative, text in files.items():
        folder.write(relative, text)
    _image(folder.root / "content/images/valve.jpg", (1600, 1200))
    _image(folder.root / "content/images/logo.png", (256, 256), "RGBA")
    shutil.copytree(REPO / "themes", folder.root / "themes")
    return folder


@pytest.fixture
def no_packaged_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sites see only their own themes/ folder: nothing of the packaged theme fills in
    what a test removed from it."""
    monkeypatch.setattr("generator.theme_layers.packaged_themes", lambda: tmp_path / "no-packaged-themes")


@pytest.fixture
def site(tmp_path: Path) -> SiteFolder:
    return write_site(
        tmp_path / "site",
        {
            "site.yaml": SITE_YAML,
            "content/categories/valves.yaml": CATEGORY_YAML,
            "content/products/ball-valve-dn50.yaml": PRODUCT_YAML,
            "content/products/gate-valve-dn80.yaml": RFQ_PRODUCT_YAML,
            "content/pages/about.md": PAGE_MD,
            "content/pages/about.ar.md": PAGE_AR_MD,
        },
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Content hash of every file below `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(site: SiteFolder, out: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--site", str(site.root), "--out", str(out), "--no-check"])


def fails_with(built: tuple[SiteFolder, Path, dict[str, str]], *expected: str) -> str:
    """Build again and assert a clean failure: exit code 1, every `expected` line in the
    output, no traceback, and the previous output in `out` exactly as it was."""
    site, out, before = built
    result = build(site, out)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), f"crashed: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    for line in expected:
        assert line in result.output, f"{line!r} not in:\n{result.output}"
    assert snapshot(out) == before, "a failed build changed the previous output"
    leftovers = [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert not leftovers, "staging folder left behind"
    return result.output


def worker_view(path: str) -> tuple[str, str, str]:
    """What a worker sees: its current folder, its temp folder, and whether it can read `path`."""
    try:
        Path(path).read_bytes()
        readable = "read"
    except PermissionError:
        readable = "denied"
    return os.getcwd(), tempfile.gettempdir(), readable


def build_checked(site: Path, out: Path) -> None:
    """Build with the SEO check on, in this process: a page whose markup is wrong fails."""
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo, built once per test run with the SEO check on; tests only read it."""
    out = tmp_path_factory.mktemp("demo") / "public"
    build_checked(REPO, out)
    return BuiltSite(out, DEMO_ORIGIN)


@pytest.fixture(scope="session")
def cables(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The cable catalog (RTL, CJK, price on request), built once per test run like `demo`."""
    site = tmp_path_factory.mktemp("cables") / "site"
    shutil.copytree(CABLES, site)
    shutil.copytree(REPO / "themes", site / "themes")
    build_checked(site, site.parent / "public")
    return BuiltSite(site.parent / "public", CABLE_ORIGIN)


def copy_catalog(catalog: str, site: Path) -> Path:
    """A writable copy of the demo ("demo") or of the cable catalog ("cables") at `site`."""
    if catalog == "demo":
        shutil.copytree(REPO / "content", site / "content")
        shutil.copy(REPO / "site.yaml", site / "site.yaml")
        shutil.copytree(REPO / "themes", site / "themes")
    else:
        shutil.copytree(CABLES, site)
    return site
