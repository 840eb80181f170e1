"""spaCy for the frozen app: its compiled modules and registry-based imports, English only.

spaCy registers architectures, layers and readers by importing its modules (and those of the
packages named in its entry points), so every submodule must be collected; but the other
languages (more than 70 of them), and the tests are never used by
the app and would double the bundle.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

KEPT_LANGUAGES = ("en", "xx")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    if parts[:2] == ["spacy", "lang"] and len(parts) > 2 and _other_language(parts[2]):
        return False
    return parts[:2] != ["spacy", "tests"]


def _other_language(name: str) -> bool:
    # Language packages are named by their ISO 639 code ("de", "grc"); the shared modules
    # beside them (lex_attrs, punctuation, char_classes, ...) have longer names.
    return len(name) <= 3 and name not in KEPT_LANGUAGES


def _wanted_file(dest: str) -> bool:
    return _wanted(dest.replace("\\", "/").replace("/", "."))


hiddenimports = collect_submodules("spacy", filter=_wanted)
# Packages spaCy finds through entry points (catalogue registries) when a config names them.
for package in ("spacy_legacy", "spacy_loggers"):
    hiddenimports += collect_submodules(package)
datas = [(src, dest) for src, dest in collect_data_files("spacy") if _wanted_file(dest)]
datas += copy_metadata("spacy", recursive=True)
