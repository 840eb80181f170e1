"""Data shipped with Newsmark (sample corpus, icons, default schema), read via importlib.resources."""
