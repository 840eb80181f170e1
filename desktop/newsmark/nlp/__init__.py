"""Suggestions from spaCy pipelines, the actor gazetteer and cue rules (imported lazily)."""
