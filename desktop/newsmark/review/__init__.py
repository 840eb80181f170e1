"""Merging annotators' work, adjudication and agreement measures."""
