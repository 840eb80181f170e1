"""Babel with English locale data only. Newsmark reaches Babel through trafilatura's URL
filters (courlan), which ask it about a language only when told to filter by one; the data of
the other 800 locales would be a tenth of the bundle."""

from pathlib import PurePath

from PyInstaller.utils.hooks import collect_data_files, copy_metadata


def _wanted(dest: str, src: str) -> bool:
    name = PurePath(src).name
    if PurePath(dest).name != "locale-data":
        return True
    return name in ("root.dat", "en.dat") or name.startswith("en_")


datas = copy_metadata("babel") + [
    (src, dest) for src, dest in collect_data_files("babel") if _wanted(dest, src)
]
