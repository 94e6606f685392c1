"""The site: pages rendered from the Handbook, the macros for hand-written pages, and the MkDocs glue."""
