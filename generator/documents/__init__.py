"""Stage 5b, documents: catalog and datasheet PDFs made from the same data as the pages.

Planning resolves each PDF's content to plain strings in the main process (with the
pages' own context functions); drawing is a pure function of that content, the image
renditions' bytes and the fonts, mapped over the engine. A PDF's key hashes everything
it shows, so a rebuild draws only the PDFs whose product or language data changed and
copies the others from the cache.
"""
