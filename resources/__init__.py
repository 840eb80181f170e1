"""Data shipped with Newsmark (sample corpus, icons, schema), read via importlib.resources."""
