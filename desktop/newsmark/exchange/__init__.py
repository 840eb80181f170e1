"""Exporters and importers of labelled data, one module per format."""
