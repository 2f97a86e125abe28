"""`pseo new KIND NAME`: start a content file that already builds.

KIND is product, page, article, matrix, or one of the trust files: certificate, factory,
case, testimonial.

Every required field is filled with a placeholder in the site's default language
and every file explains itself in comments, so that an editor can start from a
working file instead of from the schema, and `pseo serve` shows the new page at once.
Every scaffold is a draft (`draft: true`), so its placeholders never go live: a
production build leaves it out until the editor deletes that line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import yaml

from .options import site_option


@dataclass(frozen=True)
class SiteFacts:
    """What a scaffold needs to know about the site, read from the raw files so that
    scaffolding works while other content is still broken."""

    default_language: str
    category: str | None
    author: str | None
    """The first key of `authors:` in site.yaml, for an article."""


def read_site_facts(site_dir: Path) -> SiteFacts:
    try:
        site = yaml.safe_load((site_dir / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise click.ClickException(f"cannot read {site_dir / 'site.yaml'}: {exc}") from None
    language = site.get("default_language") if isinstance(site, dict) else None
    if not isinstance(language, str):
        raise click.ClickException(f"{site_dir / 'site.yaml'} has no default_language")
    category = None
    for path in sorted((site_dir / "content" / "categories").rglob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            category = data["slug"]
            break
    authors = site.get("authors")
    author = next((str(key) for key in authors), None) if isinstance(authors, dict) else None
    return SiteFacts(language, category, author)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _title(name: str) -> str:
    return name.replace("-", " ").capitalize()


def product_file(name: str, facts: SiteFacts) -> str:
    if facts.category is None:
        raise click.ClickException("no category in content/categories/ yet: a product needs one")
    lang, title = facts.default_language, _title(name)
    return f"""\
# yaml-language-server: $schema=../../schemas/product.schema.json
# A new product. Replace every placeholder; texts are maps of language → text, and
# the languages of `name` are the languages the product is published in.
sku: {name.upper()[:40]}  # stock keeping unit: uppercase, unique in the catalog
slug: {name}  # part of the URL; add `slugs: {{de: …}}` for other languages
category: {facts.category}  # slug of a file in content/categories/
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
name: {{{lang}: {_q(title)}}}
summary: {{{lang}: {_q(f"{title}: one or two sentences for listings and the meta description.")}}}
description:
  {lang}: |
    Describe {title} for industrial buyers in Markdown: what it is, what it is made
    of, which standards it meets and where it is used.
specs:  # shown as a table and in the Product JSON-LD
  - {{name: {{{lang}: Material}}, value: {_q("replace me")}}}
# images: photos below content/, each with alt text per language, for example
#   - {{src: images/{name}.jpg, alt: {{{lang}: {_q(title)}}}}}
moq: {{quantity: 100, unit: C62}}  # minimum order quantity; C62 = piece (UN/CEFACT code)
price_tiers:  # ascending; only the last tier may leave max_qty open; or `price_on_request: true`
  - {{min_qty: 100, max_qty: 499, unit_price: 10.00}}
  - {{min_qty: 500, unit_price: 9.00}}
lead_time: {{min_days: 15, max_days: 30}}
incoterms: [FOB]
"""


def page_file(name: str, facts: SiteFacts) -> str:
    title = _title(name)
    return f"""\
---
# Front matter of the page "{name}" in the default language ({facts.default_language}).
# Translations are separate files: {name}.de.md, {name}.ar.md … with their own front matter.
title: {_q(f"{title}: page title")}
description: {_q(f"{title}: replace this with one or two sentences that search results show.")}
nav_order: 90  # position among the footer links; remove to leave the page out of the footer
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
---
Write the page in Markdown. This paragraph is a placeholder for {title}.
"""


def article_file(name: str, facts: SiteFacts) -> str:
    if facts.author is None:
        raise click.ClickException("no author under `authors:` in site.yaml yet: an article names one")
    title = _title(name)
    return f"""\
---
# Front matter of the article "{name}" in the default language ({facts.default_language}).
# Translations are separate files: {name}.de.md, {name}.ar.md … with their own title,
# description and slug; everything else is shared and stays here.
title: {_q(f"{title}: headline of the article")}
description: {_q(f"{title}: replace this with one or two sentences that search results and feeds show.")}
kind: technical  # news, technical, guide or application-note
date: {date.today().isoformat()}  # publication date; add `updated:` after a substantial revision
authors: [{facts.author}]  # keys of `authors:` in site.yaml
tags: []  # keys of `article_tags:` in site.yaml
products: []  # SKUs the article is about: their product pages link back to it
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
---
Write the article in Markdown. This paragraph is a placeholder for {title}.
"""


def matrix_file(name: str, facts: SiteFacts) -> str:
    lang = facts.default_language
    where = f"\n    where: {{category: [{facts.category}]}}" if facts.category else ""
    return f"""\
# yaml-language-server: $schema=../../schemas/matrix.schema.json
# A keyword matrix: one landing page per product × application, plus hub pages per
# application under /{name}/. Give every value its own text: pages that would say
# nothing new are held back by the quality guardrails (see `pseo matrix {name}`).
id: {name}
languages: [{lang}]  # publish in these site languages; every pattern needs a text in each
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
hub:
  dimension: application
  name: {{{lang}: {_q(_title(name))}}}
  slug: {{{lang}: {name}}}
  title: {{{lang}: "{{name}} | {{site}}"}}
  description: {{{lang}: "{{name}}: which of our products suit it, with specifications and prices."}}
  intro: {{{lang}: {_q("Introduce this section: who it is for and how to choose.")}}}
dimensions:
  - name: product
    source: products  # or categories; `where` filters by model fields{where}
  - name: application
    values:
      - key: example-application
        name: {{{lang}: example application}}
        text: {{{lang}: {_q("What buyers in this application need, in a paragraph of its own.")}}}
patterns:  # {{product}} and {{application}} are names; in `path` they are slugs
  path: {{{lang}: "{name}/{{application}}/{{product}}"}}
  title: {{{lang}: "{{product}} for {{application}} | {{site}}"}}
  description: {{{lang}: "{{product}} for {{application}}: specifications, prices and lead times."}}
  h1: {{{lang}: "{{product}} for {{application}}"}}
  keyword: {{{lang}: "{{product}} {{application}}"}}
"""


def certificate_file(name: str, facts: SiteFacts) -> str:
    lang, until = facts.default_language, date.today().replace(year=date.today().year + 3).isoformat()
    return f"""\
# yaml-language-server: $schema=../../schemas/certificate.schema.json
# A certificate, shown with its scan on the certificates page. Copy the facts exactly as
# printed. When `valid_until` has passed, the build fails until you add the renewed
# certificate or delete this file: a buyer never sees an expired certificate as valid.
slug: {name}  # the certificate's anchor: /certificates/#{name}
standard: {_q(name.upper().replace("-", " "))}  # as products name it in `certifications`; they link here
also_named: []  # other names products use for it, e.g. [ISO 9001] for ISO 9001:2015
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
title: {{{lang}: {_q("What is certified, e.g. Quality management system")}}}
number: {_q("replace with the certificate number")}
issuer: {_q("replace with the certification body")}
scope: {{{lang}: {_q("The scope, as stated on the certificate.")}}}
issued: {date.today().isoformat()}
valid_until: {until}  # omit only if the certificate never expires
scan:  # a scan or photo of the certificate below content/
  src: images/{name}.png
  alt: {{{lang}: {_q(f"{_title(name)} certificate")}}}
# document: https://…/certificate.pdf  # the full certificate as a PDF, where it is hosted
# verify_url: https://…  # the issuer's public register entry
"""


def factory_file(name: str, facts: SiteFacts) -> str:
    lang = facts.default_language
    return f"""\
# yaml-language-server: $schema=../../schemas/factory.schema.json
# A production site, shown on the factory page with the figures an audit asks for first.
slug: {name}
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
name: {{{lang}: {_q(_title(name))}}}
summary: {{{lang}: {_q("One or two sentences on what this site makes.")}}}
description:
  {lang}: |
    Processes, testing and what a visitor sees, in Markdown.
location: {_q("City, Country")}
area_m2: 10000  # floor area in square metres
production_lines: 3
staff: 100
monthly_capacity:
  - {{product: {{{lang}: {_q("What is made")}}}, quantity: 1000, unit: C62}}
equipment:
  - {{name: {{{lang}: CNC turning centres}}, count: 10}}
# photos: below content/, each with alt text per language, for example
#   - {{src: images/{name}.jpg, alt: {{{lang}: {_q(_title(name))}}}}}
"""


def case_file(name: str, facts: SiteFacts) -> str:
    lang = facts.default_language
    return f"""\
# yaml-language-server: $schema=../../schemas/case.schema.json
# A customer case: one page per language of `name`, linked from the cases list and home.
slug: {name}  # part of the URL: /cases/{name}/
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
name: {{{lang}: {_q(_title(name))}}}
summary: {{{lang}: {_q("One sentence with the result, for lists and search results.")}}}
country: DE  # the customer's country (ISO 3166-1 alpha-2)
industry: {{{lang}: {_q("Industry")}}}
# customer: Name of the customer, only with their written consent
year: {date.today().year}
problem:
  {lang}: |
    What the customer needed, in Markdown.
result:
  {lang}: |
    What was supplied, how it was tested, how it was delivered and the measured result.
outcome: {{{lang}: {_q("The measured result in one or two sentences, for the cases list.")}}}
products: []  # SKUs used: their cards are shown and linked
# photos: below content/, each with alt text per language
"""


def testimonial_file(name: str, facts: SiteFacts) -> str:
    lang = facts.default_language
    return f"""\
# yaml-language-server: $schema=../../schemas/testimonial.schema.json
# A buyer's own words, shown as plain text in the languages given (never translated by
# you, never marked up as a review or rating).
slug: {name}
draft: true  # left out of production builds until you delete this line; `pseo serve` shows it
quote: {{{lang}: {_q("The buyer's words, with their permission.")}}}
author: {_q("Full name")}
role: {{{lang}: {_q("Job title")}}}
company: {_q("Company")}
country: DE
# case: slug of the case in content/cases/ it belongs to
"""


SCAFFOLDS: dict[str, tuple[str, Callable[[str, SiteFacts], str]]] = {
    "product": ("content/products/{name}.yaml", product_file),
    "page": ("content/pages/{name}.md", page_file),
    "article": ("content/articles/{name}.md", article_file),
    "matrix": ("content/pseo/{name}.yaml", matrix_file),
    "certificate": ("content/certificates/{name}.yaml", certificate_file),
    "factory": ("content/factory/{name}.yaml", factory_file),
    "case": ("content/cases/{name}.yaml", case_file),
    "testimonial": ("content/testimonials/{name}.yaml", testimonial_file),
}


def scaffold(site_dir: Path, kind: str, name: str) -> Path:
    """Write the scaffold of `kind` named `name`; never overwrite an existing file."""
    from pydantic import TypeAdapter, ValidationError  # the content models load only to write a file

    from .models.base import Slug

    try:
        TypeAdapter(Slug).validate_python(name)
    except ValidationError:
        raise click.BadParameter(
            f"'{name}' is not a slug (lowercase ASCII words separated by hyphens)", param_hint="NAME"
        ) from None
    pattern, render = SCAFFOLDS[kind]
    path = site_dir / pattern.format(name=name)
    text = render(name, read_site_facts(site_dir))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} already exists; not overwriting it") from None
    return path


@click.command("new")
@click.argument("kind", type=click.Choice(list(SCAFFOLDS)))
@click.argument("name")
@site_option
def new_command(kind: str, name: str, site_dir: Path) -> None:
    """Create a commented content file for a new product, page, article, keyword matrix,
    certificate, factory, customer case or testimonial."""
    path = scaffold(site_dir, kind, name)
    click.echo(f"Created {path}")
