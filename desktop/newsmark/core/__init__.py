"""Pure-Python core: documents, annotations, the project store. Never imports Qt."""
