"""pseo: a static-site generator for programmatic SEO of B2B export catalogs."""
