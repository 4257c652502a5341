"""The logs the policies name (DESIGN.md §11): mail and media, terminated calls, hate and
inequality incidents; each on screen a page at a time and as a streamed CSV."""
