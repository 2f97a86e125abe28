"""What each page shows: the one declaration page keys and lastmod dates derive from.

`dependencies(route, inputs)` (`graph`) names, per page, the fields of the entities its
render reads (a product's `lowest_price` on a listing, not its whole file), the site
settings, the URLs it links to, its images and the pages of its matrix it links. The
cache key of a page digests the *values* of those items (`values.value_of`), so an
edit re-renders exactly the pages that show what changed; its sitemap `lastmod` is the
newest date of the entities it shows (`lastmod.Lastmod`), navigation shared by every
page never counting. A test records what rendering reads and checks it against this
declaration.

- `items`: the kinds of dependency (a field, a setting, a URL, ...)
- `declaration`: what many page kinds show (header and footer, cards, trails)
- `kinds`: one function per page kind, in `DECLARATIONS`: a new kind adds one
- `graph`: the declarations of a whole routing table, shared parts declared once
- `values`, `lastmod`: what a dependency is worth, and when it last changed
"""
