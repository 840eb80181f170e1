"""Article import: readers for each file format, cleaning and metadata heuristics."""
